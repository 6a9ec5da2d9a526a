"""Who may open which staff page: one table, looped over; plus every staff URL logged out."""

import pytest
from django.urls import reverse

from saarlouis_portal.stammdaten.models import Gebiet, GebietArt, Organisation, OrganisationArt

ALL = ["planer", "koordination", "ortsleitung", "beratung", "berichtswesen"]
ORG_EDITORS = ["planer", "koordination", "ortsleitung"]


def expect(allowed, everyone=ALL):
    """200 for the allowed roles, 403 for the other roles and the outsider."""
    return {role: (200 if role in allowed else 403) for role in [*everyone, "outsider"]}


# (URL name, needs an object, expected status per role)
MATRIX = [
    ("cockpit", None, {**expect(ALL), "outsider": 200}),
    ("stammdaten:gebiet_list", None, expect(ALL)),
    ("stammdaten:gebiet_detail", "gebiet", expect(ALL)),
    ("stammdaten:gebiet_create", None, expect(["planer"])),
    ("stammdaten:gebiet_update", "gebiet", expect(["planer"])),
    ("stammdaten:organisation_list", None, expect(ALL)),
    ("stammdaten:organisation_detail", "organisation", expect(ALL)),
    ("stammdaten:organisation_create", None, expect(ORG_EDITORS)),
    ("stammdaten:organisation_update", "organisation", expect(ORG_EDITORS)),
    ("stammdaten:ansprechperson_create", "organisation", expect(ORG_EDITORS)),
]


@pytest.fixture
def objects(db):
    return {
        "gebiet": Gebiet.objects.create(name="Pliezhausen", art=GebietArt.GEMEINDE),
        "organisation": Organisation.objects.create(
            name="Jugendamt Reutlingen", art=OrganisationArt.BEHOERDE
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
