"""Choices among rows that grow with the data are searches, not selects (issue 15): the
employer of a staff post, a partner institution, and the place of a network meeting once there
are many places. Without JavaScript: type, save, and choose among a bounded list if needed
(``saarlouis_portal.forms.SuchAuswahlField``, the same search as on the other staff pages)."""

import re

import pytest

from begegnung import treffpunkte as orte_treffpunkte
from begegnung.models import Partnerschaft, Stelle
from netzwerke import treffpunkte
from saarlouis_portal.forms import SuchAuswahlField
from saarlouis_portal.stammdaten.models import Organisation, OrganisationArt

MAX_TREFFER = 20  # SuchAuswahlField's default limit


def _stelle(client, ort, arbeitgeber, **extra):
    # arbeitgeber: the radio button chosen, or a name sent in its place; None: nothing chosen.
    daten = {"fachbereich": "kinder_jugend", "anteil": "0,5"}
    if arbeitgeber is not None:
        daten["arbeitgeber"] = arbeitgeber
    return client.post(f"/orte/verwaltung/{ort.pk}/stellen/neu/", daten | extra)


@pytest.fixture
def caritas_und_co(db):
    return [
        Organisation.objects.create(name=name, art=OrganisationArt.TRAEGER)
        for name in ("Caritas Saarlouis", "Caritas Dillingen", "Diakonie Saar")
    ]


def test_the_form_has_a_search_box_instead_of_a_long_select(
    client, planer, quartiersbuero, caritas_und_co
):
    # While every organisation fits into the bounded list, it is a plain select.
    client.force_login(planer)
    url = f"/orte/verwaltung/{quartiersbuero.pk}/stellen/neu/"
    html = client.get(url).content.decode()
    assert '<select name="arbeitgeber"' in html
    assert 'name="arbeitgeber_suche"' not in html
    Organisation.objects.bulk_create(
        Organisation(name=f"Verein {i:03d}", art=OrganisationArt.VEREIN) for i in range(60)
    )
    html = client.get(url).content.decode()
    assert 'type="search" name="arbeitgeber_suche"' in html
    assert '<select name="arbeitgeber"' not in html
    assert html.count('type="radio" name="arbeitgeber"') == MAX_TREFFER


def test_a_unique_name_or_part_is_taken(client, planer, quartiersbuero, caritas_und_co):
    client.force_login(planer)
    assert _stelle(client, quartiersbuero, "diakonie").status_code == 302
    assert _stelle(client, quartiersbuero, "Caritas Saarlouis").status_code == 302
    # Typed into the search box and saved without pressing "Suchen".
    response = _stelle(client, quartiersbuero, None, arbeitgeber_suche="caritas dill")
    assert response.status_code == 302
    assert [s.arbeitgeber.name for s in Stelle.objects.order_by("pk")] == [
        "Diakonie Saar",
        "Caritas Saarlouis",
        "Caritas Dillingen",
    ]


def test_several_matches_are_offered_to_choose_from(client, planer, quartiersbuero, caritas_und_co):
    client.force_login(planer)
    response = _stelle(client, quartiersbuero, None, arbeitgeber_suche="Caritas")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Mehrere Einträge passen zu „Caritas“" in html
    assert html.count('type="radio" name="arbeitgeber"') == 2
    assert "Caritas Dillingen" in html
    assert "Diakonie Saar" not in html
    dillingen = caritas_und_co[1]
    response = _stelle(client, quartiersbuero, dillingen.pk, arbeitgeber_suche="Caritas")
    assert response.status_code == 302
    assert Stelle.objects.get().arbeitgeber == dillingen


def test_the_offered_list_is_bounded(client, planer, quartiersbuero):
    Organisation.objects.bulk_create(
        Organisation(name=f"Verein {i:03d}", art=OrganisationArt.VEREIN) for i in range(60)
    )
    client.force_login(planer)
    html = _stelle(client, quartiersbuero, None, arbeitgeber_suche="Verein").content.decode()
    assert "Mehrere Einträge passen zu „Verein“" in html
    assert html.count('type="radio" name="arbeitgeber"') == MAX_TREFFER


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
    diakonie = caritas_und_co[2]
    assert f'<option value="{diakonie.pk}" selected>Diakonie Saar</option>' in html
    Organisation.objects.bulk_create(
        Organisation(name=f"Verein {i:03d}", art=OrganisationArt.VEREIN) for i in range(60)
    )
    # Among the bounded list of a search, the current one stays, chosen.
    html = client.get(f"/orte/verwaltung/stellen/{stelle.pk}/bearbeiten/").content.decode()
    assert re.search(rf'name="arbeitgeber" value="{diakonie.pk}"[^>]* checked', html)
    assert "Diakonie Saar" in html


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
    assert html.count('type="radio" name="arbeitgeber"') == MAX_TREFFER
    assert "Verein 199" not in html


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


def test_the_meeting_form_searches_among_many_places(
    client, koordination, stadt, quartiersbuero, anderer_ort, monkeypatch
):
    from django.urls import reverse

    from netzwerke.models import Netzwerk, Treffen

    netzwerk = Netzwerk.objects.create(name="Netzwerk Sprachförderung", gebiet=stadt)
    netzwerk.koordination.add(koordination)
    monkeypatch.setattr(orte_treffpunkte, "AUSWAHL_MAX", 1)
    client.force_login(koordination)
    url = reverse("netzwerke:treffen_create", args=[netzwerk.pk])
    daten = {"titel": "Auftakt", "beginn": "2026-12-10T18:00", "ende": "2026-12-10T20:00"}
    # The search button shows the hits and saves nothing.
    response = client.post(url, daten | {"treffpunkt_suche": "sonnen", "suchen": "treffpunkt"})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'type="search" name="treffpunkt_suche"' in html
    assert "Kita Sonnenschein" in html
    assert "Quartiersbüro Roden" not in html
    assert not Treffen.objects.exists()
    response = client.post(url, daten | {"treffpunkt_suche": "Unbekannt"})
    assert "Kein Eintrag passt zu „Unbekannt“" in response.content.decode()
    response = client.post(url, daten | {"treffpunkt_suche": "holzmühler"})
    assert response.status_code == 302
    assert Treffen.objects.get().treffpunkt.ort == quartiersbuero
