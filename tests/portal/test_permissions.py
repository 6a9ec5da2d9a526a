"""Who may open which staff page: one table, looped over; plus every staff URL logged out."""

import pytest
from django.urls import reverse
from django.utils import timezone

from saarlouis_portal.stammdaten.models import Gebiet, GebietArt, Organisation, OrganisationArt
from sprechstunden.models import Beratungsthema, Hausbesuch, HausbesuchStatus

ALL = ["planer", "koordination", "ortsleitung", "beratung", "berichtswesen"]
ORG_EDITORS = ["planer", "koordination", "ortsleitung"]


def expect(allowed, everyone=ALL):
    """200 for the allowed roles, 403 for the other roles and the outsider."""
    return {role: (200 if role in allowed else 403) for role in [*everyone, "outsider"]}


# (URL name, needs an object, expected status per role)
MATRIX = [
    ("cockpit", None, {**expect(ALL), "outsider": 200}),
    ("konten:kalender", None, expect(ALL)),
    ("stammdaten:gebiet_list", None, expect(ALL)),
    ("stammdaten:gebiet_detail", "gebiet", expect(ALL)),
    ("stammdaten:gebiet_create", None, expect(["planer"])),
    ("stammdaten:gebiet_update", "gebiet", expect(["planer"])),
    ("stammdaten:organisation_list", None, expect(ALL)),
    ("stammdaten:organisation_detail", "organisation", expect(ALL)),
    ("stammdaten:organisation_create", None, expect(ORG_EDITORS)),
    ("stammdaten:organisation_update", "organisation", expect(ORG_EDITORS)),
    ("stammdaten:ansprechperson_create", "organisation", expect(ORG_EDITORS)),
    ("sprechstunden:hausbesuch_list", None, expect(["planer", "beratung"])),
    ("sprechstunden:hausbesuch_create", None, expect(["planer", "beratung"])),
    # The visit is assigned to the counsellor: they see it and record steps, but only
    # Sozialplanung triages.
    ("sprechstunden:hausbesuch_detail", "hausbesuch", expect(["planer", "beratung"])),
    ("sprechstunden:hausbesuch_zuteilen", "hausbesuch", expect(["planer"])),
    ("sprechstunden:hausbesuch_abschliessen", "hausbesuch", expect(["planer", "beratung"])),
    # Staff side of the Sprechstunden (pages with objects: tests/sprechstunden/
    # test_staff_permissions.py)
    ("sprechstunden:verwaltung", None, expect(["planer", "beratung"])),
    ("sprechstunden:tagesliste", None, expect(["planer", "beratung"])),
    ("sprechstunden:woche", None, expect(["planer", "beratung"])),
    ("sprechstunden:kontakt_neu", None, expect(["planer", "beratung"])),
    ("sprechstunden:staff_anlaufstelle_neu", None, expect(["planer"])),
    ("sprechstunden:staff_sprechstunde_neu", None, expect(["planer"])),
    ("sprechstunden:staff_schliesszeiten", None, expect(["planer", "beratung"])),
    # Hand-offs of the places (pages with a place or a request: tests/begegnung/
    # test_permissions_orte.py): the lead proposes, the Sozialplanung decides.
    ("begegnung:ort_vorschlagen", None, expect(["ortsleitung"])),
    ("begegnung:antrag_list", None, expect(["planer"])),
    # The template of the pilot report (issue 17): whoever writes reports.
    ("berichte:projektbericht_create", None, expect(["planer", "berichtswesen"])),
]


@pytest.fixture
def objects(db, beratung):
    gebiet = Gebiet.objects.create(name="Pliezhausen", art=GebietArt.GEMEINDE)
    return {
        "gebiet": gebiet,
        "organisation": Organisation.objects.create(
            name="Jugendamt Reutlingen", art=OrganisationArt.BEHOERDE
        ),
        "hausbesuch": Hausbesuch.objects.create(
            name="Frau Beispiel",
            telefon="07127 1234",
            gebiet=gebiet,
            anliegen=Beratungsthema.objects.first(),
            status=HausbesuchStatus.GEPLANT,
            zugewiesen=beratung,
            einwilligung_version="test",
            einwilligung_am=timezone.now(),
        ),
    }


def url_for(name, obj_key, objects):
    return reverse(name, kwargs={"pk": objects[obj_key].pk}) if obj_key else reverse(name)


@pytest.mark.parametrize(("name", "obj_key", "expected"), MATRIX, ids=[m[0] for m in MATRIX])
def test_permission_matrix(client, users_by_role, objects, name, obj_key, expected):
    url = url_for(name, obj_key, objects)
    for role, status in expected.items():
        client.force_login(users_by_role[role])
        assert client.get(url).status_code == status, f"{role} {url}"


@pytest.mark.parametrize(("name", "obj_key", "expected"), MATRIX, ids=[m[0] for m in MATRIX])
def test_every_staff_url_sends_anonymous_visitors_to_the_login(
    client, objects, name, obj_key, expected
):
    url = url_for(name, obj_key, objects)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={url}"


@pytest.mark.parametrize(
    "name",
    [
        "stammdaten:gebiet_detail",
        "stammdaten:gebiet_update",
        "stammdaten:organisation_detail",
        "stammdaten:organisation_update",
        "sprechstunden:hausbesuch_detail",
        "sprechstunden:hausbesuch_zuteilen",
    ],
)
def test_unknown_objects_are_a_404(client, planer, name):
    client.force_login(planer)
    assert client.get(reverse(name, kwargs={"pk": 999999})).status_code == 404


def test_read_only_roles_cannot_post_to_write_views(client, beratung, objects):
    client.force_login(beratung)
    gebiet = objects["gebiet"]
    url = reverse("stammdaten:gebiet_update", kwargs={"pk": gebiet.pk})
    response = client.post(url, {"name": "Umbenannt", "art": GebietArt.GEMEINDE})
    assert response.status_code == 403
    gebiet.refresh_from_db()
    assert gebiet.name == "Pliezhausen"


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/netzwerke/",
        "/orte/",
        "/sorgekreise/",
        "/sprechstunden/",
        "/berichte/",
        "/impressum/",
        "/datenschutz/",
        "/barrierefreiheit/",
        "/accounts/login/",
    ],
)
def test_public_pages_are_open_to_everybody(client, db, path):
    assert client.get(path).status_code == 200
