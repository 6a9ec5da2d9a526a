"""Who may see and change measures: permissions as data.

Coordinators change the measures of their own networks; measures of public networks of others
are visible but not changeable (403 on write pages); measures of others' internal networks do
not exist for them (404). Sozialplanung changes all. Other roles have no measure pages."""

import pytest
from django.urls import reverse

from netzwerke.models import Massnahme, MassnahmeStatus, Meilenstein, Ratsbeschluss
from tests.netzwerke.conftest import fill_pruefung

EIGENE, SICHTBARE, FREMDE = "eigene", "sichtbare", "fremde"


@pytest.fixture
def massnahmen(massnahme, sichtbare_massnahme, fremde_massnahme):
    result = {}
    for key, m in (
        (EIGENE, massnahme),
        (SICHTBARE, sichtbare_massnahme),
        (FREMDE, fremde_massnahme),
    ):
        fill_pruefung(m)
        stein = Meilenstein.objects.create(massnahme=m, titel="Start", faellig_am="2026-04-01")
        beschluss = Ratsbeschluss.objects.create(
            massnahme=m, gremium="stadtrat", datum="2023-02-09", ergebnis="vertagt"
        )
        result[key] = (m, stein, beschluss)
    return result


BESCHLUSS = "beschluss"

# (URL name, uses the milestone pk (True) or the council decision's (BESCHLUSS), method)
SEITEN = [
    ("netzwerke:massnahme_detail", False, "get"),
    ("netzwerke:massnahme_update", False, "get"),
    ("netzwerke:massnahme_status", False, "post"),
    ("netzwerke:meilenstein_create", False, "get"),
    ("netzwerke:meilenstein_update", True, "get"),
    ("netzwerke:meilenstein_erreicht", True, "post"),
    ("netzwerke:meilenstein_delete", True, "post"),
    ("netzwerke:pruefung", False, "get"),
    ("netzwerke:pruefung_vorlegen", False, "post"),
    ("netzwerke:pruefung_abschliessen", False, "post"),
    ("netzwerke:pruefung_druck", False, "get"),
    ("netzwerke:pruefung_pdf", False, "get"),
    ("netzwerke:beschluss_create", False, "get"),
    ("netzwerke:beschluss_update", BESCHLUSS, "get"),
    ("netzwerke:beschluss_delete", BESCHLUSS, "get"),
]
LESEND = {"netzwerke:massnahme_detail", "netzwerke:pruefung_druck", "netzwerke:pruefung_pdf"}


def _url(massnahmen, key, name, stein):
    massnahme, meilenstein, beschluss = massnahmen[key]
    if stein == BESCHLUSS:
        return reverse(name, args=[beschluss.pk])
    return reverse(name, args=[meilenstein.pk if stein else massnahme.pk])


def _erwartet(rolle, key, name):
    if rolle == "planer":
        return {200, 302}
    if key == FREMDE:
        return {404}
    if key == SICHTBARE and name not in LESEND:
        return {403}
    return {200, 302}


@pytest.mark.parametrize("rolle", ["planer", "koordination"])
@pytest.mark.parametrize("key", [EIGENE, SICHTBARE, FREMDE])
@pytest.mark.parametrize(("name", "stein", "methode"), SEITEN)
def test_permission_matrix(client, users_by_role, massnahmen, rolle, key, name, stein, methode):
    client.force_login(users_by_role[rolle])
    url = _url(massnahmen, key, name, stein)
    response = getattr(client, methode)(url)
    assert response.status_code in _erwartet(rolle, key, name), (rolle, key, name)


@pytest.mark.parametrize("rolle", ["ortsleitung", "beratung", "berichtswesen", "outsider"])
def test_other_roles_have_no_measure_pages(client, users_by_role, massnahmen, rolle):
    client.force_login(users_by_role[rolle])
    massnahme = massnahmen[EIGENE][0]
    for name in (
        "netzwerke:massnahme_list",
        "netzwerke:massnahme_create",
        "netzwerke:massnahme_export",
    ):
        assert client.get(reverse(name)).status_code == 403
    assert client.get(reverse("netzwerke:massnahme_detail", args=[massnahme.pk])).status_code == 403
    assert client.get(reverse("netzwerke:beschluss_create", args=[massnahme.pk])).status_code == 403
    beschluss = massnahmen[EIGENE][2]
    assert client.get(reverse("netzwerke:beschluss_update", args=[beschluss.pk])).status_code == 403


def test_logged_out_goes_to_login(client, massnahmen):
    urls = [
        reverse(n)
        for n in (
            "netzwerke:massnahme_list",
            "netzwerke:massnahme_create",
            "netzwerke:massnahme_export",
        )
    ]
    urls += [_url(massnahmen, EIGENE, name, stein) for name, stein, _ in SEITEN]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.url.startswith(reverse("account_login")), url


def test_writes_of_others_change_nothing(client, koordination, massnahmen):
    client.force_login(koordination)
    for key in (SICHTBARE, FREMDE):
        massnahme, stein, beschluss = massnahmen[key]
        client.post(
            reverse("netzwerke:massnahme_status", args=[massnahme.pk]), {"nach": "abgelehnt"}
        )
        client.post(reverse("netzwerke:meilenstein_delete", args=[stein.pk]))
        client.post(reverse("netzwerke:pruefung_vorlegen", args=[massnahme.pk]))
        client.post(reverse("netzwerke:pruefung_abschliessen", args=[massnahme.pk]))
        beschluss_daten = {"gremium": "stadtrat", "datum": "2023-02-09", "ergebnis": "einstimmig"}
        client.post(reverse("netzwerke:beschluss_create", args=[massnahme.pk]), beschluss_daten)
        client.post(reverse("netzwerke:beschluss_update", args=[beschluss.pk]), beschluss_daten)
        client.post(reverse("netzwerke:beschluss_delete", args=[beschluss.pk]))
        massnahme.refresh_from_db()
        assert massnahme.status == MassnahmeStatus.IDEE
        assert Meilenstein.objects.filter(pk=stein.pk).exists()
        massnahme.pruefung.refresh_from_db()
        assert not massnahme.pruefung.ist_abgeschlossen
        assert massnahme.pruefung.eingereicht_am is None
        assert list(massnahme.beschluesse.values_list("pk", "ergebnis")) == [
            (beschluss.pk, "vertagt")
        ]


def test_the_staff_list_and_export_hide_others_internal_measures(client, koordination, massnahmen):
    client.force_login(koordination)
    page = client.get(reverse("netzwerke:massnahme_list")).context["page"]
    assert {m.titel for m in page.object_list} == {"Sprachcafé im Quartier", "Familienfest"}
    csv = client.get(reverse("netzwerke:massnahme_export"), {"format": "csv"}).content.decode()
    assert "Interne Maßnahme Roden" not in csv
    assert "Familienfest" in csv


def test_public_pages_show_only_decided_measures_of_public_networks(client, massnahmen):
    eigene, sichtbare, fremde = (massnahmen[k][0] for k in (EIGENE, SICHTBARE, FREMDE))
    Massnahme.objects.filter(pk__in=[sichtbare.pk, fremde.pk]).update(
        status=MassnahmeStatus.LAUFEND
    )
    assert client.get(reverse("netzwerke:massnahme", args=[eigene.pk])).status_code == 404
    assert client.get(reverse("netzwerke:massnahme", args=[sichtbare.pk])).status_code == 200
    assert client.get(reverse("netzwerke:massnahme", args=[fremde.pk])).status_code == 404
    page = client.get(reverse("netzwerke:massnahmen")).context["page"]
    assert list(page.object_list) == [sichtbare]
    # Internal networks are not offered as a filter either.
    response = client.get(reverse("netzwerke:massnahmen"), {"netzwerk": fremde.netzwerk_id})
    assert "netzwerk" in response.context["filter"].form.errors
    assert "Interne Maßnahme Roden" not in response.content.decode()


def test_for_user_gives_non_staff_only_the_public_measures(outsider, massnahmen, planer):
    eigene, sichtbare = massnahmen[EIGENE][0], massnahmen[SICHTBARE][0]
    Massnahme.objects.filter(pk=sichtbare.pk).update(status=MassnahmeStatus.LAUFEND)
    assert list(Massnahme.objects.for_user(outsider)) == [sichtbare]
    assert eigene in Massnahme.objects.for_user(planer)
