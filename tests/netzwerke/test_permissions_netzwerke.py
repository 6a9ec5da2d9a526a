"""Permission matrix of the network pages (networks, members, meetings, talks).

Out of scope is a 404 (others' internal networks and what hangs on them), visible but not
changeable is a 403, logged out is the login page. Contact data of members is staff-only."""

from datetime import date

import pytest
from django.urls import reverse

from netzwerke.models import Gespraech, Mitgliedschaft, Netzwerk, Treffen

pytestmark = pytest.mark.django_db


@pytest.fixture
def welt(netzwerk, fremdes_netzwerk, stadt, caritas, treffen, planer, traeger):
    """The coordinator's public network, another coordinator's public network, an internal one
    of somebody else; a member and a meeting in each."""
    sichtbar = Netzwerk.objects.create(name="Faire Stadt Saarlouis", gebiet=stadt, art="buendnis")
    mitglieder, treffen_je = {}, {}
    for key, netz in (("eigen", netzwerk), ("sichtbar", sichtbar), ("intern", fremdes_netzwerk)):
        org = caritas if key == "eigen" else traeger
        mitglieder[key] = Mitgliedschaft.objects.create(netzwerk=netz, organisation=org)
        treffen_je[key] = (
            treffen
            if key == "eigen"
            else Treffen.objects.create(
                netzwerk=netz, titel="T", beginn=treffen.beginn, ende=treffen.ende
            )
        )
    mitglieder["eigen"].ansprechpersonen.set(caritas.ansprechpersonen.all())
    netze = {"eigen": netzwerk, "sichtbar": sichtbar, "intern": fremdes_netzwerk}
    gespraech = Gespraech.objects.create(
        organisation=traeger, datum=date(2026, 1, 1), gebiet=stadt, gefuehrt_von=planer
    )
    return {"netz": netze, "mitglied": mitglieder, "treffen": treffen_je, "gespraech": gespraech}


def _url(welt, name, which):
    kind = {
        "netzwerk_detail": "netz",
        "netzwerk_update": "netz",
        "mitglied_create": "netz",
        "treffen_create": "netz",
        "mitglied_update": "mitglied",
        "treffen_detail": "treffen",
        "treffen_update": "treffen",
    }[name]
    return reverse(f"netzwerke:{name}", args=[welt[kind][which].pk])


# (role, URL name, which network, expected GET status)
MATRIX = [
    ("koordination", "netzwerk_detail", "eigen", 200),
    ("koordination", "netzwerk_update", "eigen", 200),
    ("koordination", "mitglied_create", "eigen", 200),
    ("koordination", "mitglied_update", "eigen", 200),
    ("koordination", "treffen_create", "eigen", 200),
    ("koordination", "treffen_detail", "eigen", 200),
    ("koordination", "treffen_update", "eigen", 200),
    ("koordination", "netzwerk_detail", "sichtbar", 200),
    ("koordination", "netzwerk_update", "sichtbar", 403),
    ("koordination", "mitglied_create", "sichtbar", 403),
    ("koordination", "mitglied_update", "sichtbar", 403),
    ("koordination", "treffen_create", "sichtbar", 403),
    ("koordination", "treffen_detail", "sichtbar", 200),
    ("koordination", "treffen_update", "sichtbar", 403),
    ("koordination", "netzwerk_detail", "intern", 404),
    ("koordination", "netzwerk_update", "intern", 404),
    ("koordination", "mitglied_create", "intern", 404),
    ("koordination", "mitglied_update", "intern", 404),
    ("koordination", "treffen_create", "intern", 404),
    ("koordination", "treffen_detail", "intern", 404),
    ("koordination", "treffen_update", "intern", 404),
    ("planer", "netzwerk_update", "intern", 200),
    ("planer", "mitglied_update", "intern", 200),
    ("planer", "treffen_update", "intern", 200),
    ("beratung", "netzwerk_detail", "sichtbar", 200),
    ("beratung", "netzwerk_update", "sichtbar", 403),
    ("beratung", "treffen_update", "sichtbar", 403),
    ("beratung", "netzwerk_detail", "intern", 404),
    ("outsider", "netzwerk_detail", "sichtbar", 403),
    ("outsider", "treffen_detail", "sichtbar", 403),
]


@pytest.mark.parametrize(("rolle", "name", "which", "status"), MATRIX)
def test_matrix(client, users_by_role, welt, rolle, name, which, status):
    client.force_login(users_by_role[rolle])
    assert client.get(_url(welt, name, which)).status_code == status


@pytest.mark.parametrize(
    ("rolle", "name", "status"),
    [
        ("planer", "netzwerk_create", 200),
        ("koordination", "netzwerk_create", 200),
        ("beratung", "netzwerk_create", 403),
        ("outsider", "netzwerk_list", 403),
        ("beratung", "netzwerk_list", 200),
        ("beratung", "netzwerk_export", 200),
        ("beratung", "gespraech_list", 403),
        ("beratung", "gespraech_create", 403),
        ("ortsleitung", "gespraech_uebersicht", 403),
        ("koordination", "gespraech_uebersicht", 200),
        ("berichtswesen", "gespraech_list", 403),
    ],
)
def test_pages_without_object(client, users_by_role, rolle, name, status):
    client.force_login(users_by_role[rolle])
    assert client.get(reverse(f"netzwerke:{name}")).status_code == status


@pytest.mark.parametrize(
    ("name", "which"),
    [("mitglied_delete", "mitglied"), ("treffen_einladen", "treffen")],
)
@pytest.mark.parametrize(("which_net", "status"), [("sichtbar", 403), ("intern", 404)])
def test_post_views_of_other_networks(client, koordination, welt, name, which, which_net, status):
    client.force_login(koordination)
    url = reverse(f"netzwerke:{name}", args=[welt[which][which_net].pk])
    assert client.post(url).status_code == status
    assert Mitgliedschaft.objects.count() == 3


def test_a_coordinator_cannot_change_a_network_by_posting(client, koordination, welt, stadt):
    client.force_login(koordination)
    netz = welt["netz"]["sichtbar"]
    response = client.post(
        reverse("netzwerke:netzwerk_update", args=[netz.pk]),
        {"name": "Gekapert", "art": "netzwerk", "gebiet": stadt.pk, "status": "aktiv"},
    )
    assert response.status_code == 403
    netz.refresh_from_db()
    assert netz.name == "Faire Stadt Saarlouis"


def test_others_talks_are_a_404(client, koordination, welt):
    client.force_login(koordination)
    url = reverse("netzwerke:gespraech_update", args=[welt["gespraech"].pk])
    assert client.get(url).status_code == 404


STAFF_URLS = [
    ("netzwerk_list", None),
    ("netzwerk_create", None),
    ("netzwerk_export", None),
    ("gespraech_list", None),
    ("gespraech_create", None),
    ("gespraech_uebersicht", None),
    ("netzwerk_detail", "netz"),
    ("netzwerk_update", "netz"),
    ("mitglied_create", "netz"),
    ("treffen_create", "netz"),
    ("mitglied_update", "mitglied"),
    ("treffen_detail", "treffen"),
    ("treffen_update", "treffen"),
]


@pytest.mark.parametrize(("name", "kind"), STAFF_URLS)
def test_logged_out_goes_to_login(client, welt, name, kind):
    args = [welt[kind]["eigen"].pk] if kind else []
    response = client.get(reverse(f"netzwerke:{name}", args=args))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_logged_out_cannot_post_invitations_or_removals(client, welt):
    for name, kind in (("treffen_einladen", "treffen"), ("mitglied_delete", "mitglied")):
        response = client.post(reverse(f"netzwerke:{name}", args=[welt[kind]["eigen"].pk]))
        assert response.status_code == 302


def test_contact_data_is_staff_only(client, beratung, welt):
    public = reverse("netzwerke:netzwerk", args=[welt["netz"]["eigen"].pk])
    staff = reverse("netzwerke:netzwerk_detail", args=[welt["netz"]["eigen"].pk])
    assert "clara@caritas.example" not in client.get(public).content.decode()
    assert "clara@caritas.example" not in client.get(reverse("netzwerke:karte")).content.decode()
    client.force_login(beratung)
    assert "clara@caritas.example" in client.get(staff).content.decode()


def test_public_pages_are_open(client, welt):
    netz = welt["netz"]["eigen"]
    treffen = welt["treffen"]["eigen"]
    for url in (
        reverse("netzwerke:index"),
        reverse("netzwerke:netzwerk", args=[netz.pk]),
        reverse("netzwerke:netzwerk_feed", args=[netz.pk]),
        reverse("netzwerke:treffen", args=[treffen.pk]),
        reverse("netzwerke:treffen_ics", args=[treffen.pk]),
        reverse("netzwerke:karte"),
    ):
        assert client.get(url).status_code == 200, url


def test_unknown_ids_are_a_404(client, planer):
    client.force_login(planer)
    for name in (
        "netzwerk_detail",
        "netzwerk_update",
        "mitglied_create",
        "mitglied_update",
        "treffen_detail",
        "treffen_update",
        "gespraech_update",
        "netzwerk",
        "netzwerk_feed",
        "treffen",
        "treffen_ics",
    ):
        assert client.get(reverse(f"netzwerke:{name}", args=[999999])).status_code == 404, name
