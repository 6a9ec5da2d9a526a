"""Choices among rows that grow with the data are searches, not selects (issue 15): the
employer of a staff post, a partner institution, and the place of a network meeting once there
are many places. Without JavaScript: type, save, and choose among a bounded list if needed."""

import pytest

from begegnung import treffpunkte as orte_treffpunkte
from begegnung.forms.staff_suche import MAX_TREFFER, SuchAuswahlField
from begegnung.models import Partnerschaft, Stelle
from netzwerke import treffpunkte
from saarlouis_portal.stammdaten.models import Organisation, OrganisationArt


def _stelle(client, ort, arbeitgeber, **extra):
    daten = {"fachbereich": "kinder_jugend", "arbeitgeber": arbeitgeber, "anteil": "0,5"}
    return client.post(f"/orte/verwaltung/{ort.pk}/stellen/neu/", daten | extra)


@pytest.fixture
def caritas_und_co(db):
    return [
        Organisation.objects.create(name=name, art=OrganisationArt.TRAEGER)
        for name in ("Caritas Saarlouis", "Caritas Dillingen", "Diakonie Saar")
    ]


def test_the_form_has_a_text_input_instead_of_a_select(
    client, planer, quartiersbuero, caritas_und_co
):
    client.force_login(planer)
    html = client.get(f"/orte/verwaltung/{quartiersbuero.pk}/stellen/neu/").content.decode()
    assert 'type="text" name="arbeitgeber"' in html
    assert "Caritas Dillingen" not in html  # no option list at all


def test_a_unique_name_or_part_is_taken(client, planer, quartiersbuero, caritas_und_co):
    client.force_login(planer)
    assert _stelle(client, quartiersbuero, "diakonie").status_code == 302
    assert _stelle(client, quartiersbuero, "Caritas Saarlouis").status_code == 302
    assert [s.arbeitgeber.name for s in Stelle.objects.order_by("pk")] == [
        "Diakonie Saar",
        "Caritas Saarlouis",
    ]


def test_several_matches_are_offered_to_choose_from(client, planer, quartiersbuero, caritas_und_co):
    client.force_login(planer)
    response = _stelle(client, quartiersbuero, "Caritas")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Mehrere Einträge passen zu „Caritas“" in html
    assert 'type="radio" name="arbeitgeber__wahl"' in html
    assert "Caritas Dillingen" in html
    assert "Diakonie Saar" not in html
    dillingen = caritas_und_co[1]
    response = _stelle(client, quartiersbuero, "Caritas", arbeitgeber__wahl=dillingen.pk)
    assert response.status_code == 302
    assert Stelle.objects.get().arbeitgeber == dillingen


def test_the_offered_list_is_bounded(client, planer, quartiersbuero):
    Organisation.objects.bulk_create(
        Organisation(name=f"Verein {i:03d}", art=OrganisationArt.VEREIN) for i in range(60)
    )
    client.force_login(planer)
    html = _stelle(client, quartiersbuero, "Verein").content.decode()
    assert html.count('name="arbeitgeber__wahl"') == MAX_TREFFER


def test_no_match_and_inactive_organisations_are_errors(
    client, planer, quartiersbuero, caritas_und_co
):
    Organisation.objects.create(name="Alter Verein", art=OrganisationArt.VEREIN, aktiv=False)
    client.force_login(planer)
    for text in ("Unbekannt", "Alter Verein"):
        response = _stelle(client, quartiersbuero, text)
        assert response.status_code == 200
        assert f"Kein Eintrag passt zu „{text}“" in response.content.decode()
    assert not Stelle.objects.exists()


def test_a_partner_is_found_by_short_name(client, planer, quartiersbuero):
    dw = Organisation.objects.create(
        name="Diakonisches Werk an der Saar", kurzname="DWSaar", art=OrganisationArt.TRAEGER
    )
    client.force_login(planer)
    url = f"/orte/verwaltung/{quartiersbuero.pk}/partner/neu/"
    assert client.post(url, {"organisation": "dwsaar", "rolle": "partner"}).status_code == 302
    assert Partnerschaft.objects.get().organisation == dw


def test_the_edit_form_shows_the_current_name(client, planer, quartiersbuero, caritas_und_co):
    stelle = Stelle.objects.create(
        ort=quartiersbuero, fachbereich="kinder_jugend", arbeitgeber=caritas_und_co[2], anteil=1
    )
    client.force_login(planer)
    html = client.get(f"/orte/verwaltung/stellen/{stelle.pk}/bearbeiten/").content.decode()
    assert 'name="arbeitgeber" value="Diakonie Saar"' in html


def test_the_page_costs_the_same_queries_for_many_organisations(
    client, planer, quartiersbuero, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(planer)
    url = f"/orte/verwaltung/{quartiersbuero.pk}/stellen/neu/"
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    Organisation.objects.bulk_create(
        Organisation(name=f"Verein {i:03d}", art=OrganisationArt.VEREIN) for i in range(200)
    )
    with django_assert_max_num_queries(len(few)):
        html = client.get(url).content.decode()
    assert "Verein 001" not in html


# --- The place of a network meeting ------------------------------------------------------------


def test_few_places_are_a_select_many_a_search(quartiersbuero, anderer_ort, monkeypatch):
    feld = treffpunkte.registriert().formfield()
    assert not isinstance(feld, SuchAuswahlField)
    monkeypatch.setattr(orte_treffpunkte, "AUSWAHL_MAX", 1)
    feld = treffpunkte.registriert().formfield()
    assert isinstance(feld, SuchAuswahlField)
    assert feld.clean("Holzmühler") == quartiersbuero
    assert feld.clean("sonnenschein") == anderer_ort
    assert feld.clean("") is None
