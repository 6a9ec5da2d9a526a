"""The staff action "Projektbericht Sozialraumorientierung anlegen" (``berichte:projektbericht_
create``): who may use it, what it creates, bad input, and the comparison table on the pages of
the draft and of the published chapter."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from berichte.models import Bericht, Workflow
from saarlouis_portal.stammdaten.models import Gebiet, GebietArt
from tests.berichte.conftest import veroeffentlichen
from tests.berichte.test_projektbericht_service import texte_schreiben
from tests.sprechstunden import pilotdaten as pd

URL = reverse("berichte:projektbericht_create")


@pytest.fixture
def d(db):
    return pd.pilotdaten()


@pytest.mark.parametrize(("rolle", "status"), [("planer", 200), ("berichtswesen", 200)])
def test_the_editors_open_the_form(client, users_by_role, d, rolle, status):
    client.force_login(users_by_role[rolle])
    response = client.get(URL)
    assert response.status_code == status
    inhalt = response.content.decode()
    assert "Projektbericht Sozialraumorientierung anlegen" in inhalt
    assert "Die Standorte im Vergleich" in inhalt  # the chapters it will create
    assert "Landkreis Reutlingen" in inhalt


@pytest.mark.parametrize("rolle", ["koordination", "ortsleitung", "beratung", "outsider"])
def test_other_roles_may_not(client, users_by_role, d, rolle):
    client.force_login(users_by_role[rolle])
    assert client.get(URL).status_code == 403
    response = client.post(URL, {"gebiet": d.reutlingen.pk, "jahr": "2026"})
    assert response.status_code == 403
    assert not Bericht.objects.exists()


def test_logged_out_visitors_go_to_the_login(client, d):
    response = client.post(URL, {"gebiet": d.reutlingen.pk, "jahr": "2026"})
    assert response.status_code == 302
    assert "/login/" in response["Location"]
    assert not Bericht.objects.exists()


def test_the_button_is_offered_to_editors_only(client, planer, beratung, d):
    client.force_login(planer)
    assert URL in client.get(reverse("berichte:verwaltung")).content.decode()
    client.force_login(beratung)
    assert URL not in client.get(reverse("berichte:verwaltung")).content.decode()


def test_it_creates_the_draft_and_leads_to_it(client, berichtswesen, d):
    client.force_login(berichtswesen)
    response = client.post(URL, {"gebiet": d.reutlingen.pk, "jahr": "2026", "titel": ""})
    bericht = Bericht.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("berichte:bericht_detail", args=[bericht.pk])
    assert bericht.titel == "Projektbericht Sozialraumorientierung 2026"
    assert bericht.kapitel.count() == 8
    seite = client.get(response["Location"]).content.decode()
    assert "wurde als Entwurf angelegt" in seite


def test_a_title_is_tidied(client, planer, d):
    client.force_login(planer)
    client.post(URL, {"gebiet": d.pliezhausen.pk, "jahr": "2026", "titel": "  Bericht   an  GR "})
    assert Bericht.objects.get().titel == "Bericht an GR"


@pytest.mark.parametrize(
    ("daten", "feld", "fehler"),
    [
        ({"gebiet": ""}, "gebiet", "Bitte wählen Sie einen Landkreis oder eine Gemeinde."),
        ({"gebiet": "999999"}, "gebiet", "einen Landkreis oder eine Gemeinde der Liste"),
        ({"gebiet": "abc"}, "gebiet", "einen Landkreis oder eine Gemeinde der Liste"),
        ({"gebiet": "<script>"}, "gebiet", "einen Landkreis oder eine Gemeinde der Liste"),
        ({"jahr": ""}, "jahr", "Bitte geben Sie das Berichtsjahr an."),
        ({"jahr": "zwanzig"}, "jahr", "als Zahl an"),
        ({"jahr": "2026.5"}, "jahr", "als Zahl an"),
        ({"jahr": "3000"}, "jahr", "kleiner oder gleich 2200"),
        ({"jahr": "1800"}, "jahr", "größer oder gleich 1900"),
        ({"titel": "x" * 201}, "titel", "höchstens 200 Zeichen"),
        ({"titel": "<script>alert(1)</script>"}, "titel", "ohne HTML-Auszeichnungen"),
    ],
)
def test_bad_input_is_refused_at_the_field(client, planer, d, daten, feld, fehler):
    client.force_login(planer)
    basis = {"gebiet": d.reutlingen.pk, "jahr": "2026", "titel": ""}
    response = client.post(URL, {**basis, **daten})
    assert response.status_code == 200
    form = response.context["form"]
    assert any(fehler in e for e in form.errors[feld]), form.errors
    assert "<script>alert(1)</script>" not in response.content.decode()
    assert not Bericht.objects.exists()


@pytest.mark.parametrize("art", [GebietArt.STADTTEIL, GebietArt.SOZIALRAUM])
def test_an_area_below_a_gemeinde_is_no_choice(client, planer, d, art):
    gebiet = Gebiet.objects.create(name="Unterteil", art=art, eltern=d.lichtenstein)
    client.force_login(planer)
    response = client.post(URL, {"gebiet": gebiet.pk, "jahr": "2026"})
    assert "gebiet" in response.context["form"].errors
    assert not Bericht.objects.exists()


def test_the_comparison_shows_on_the_draft_chapter_page(client, planer, d):
    client.force_login(planer)
    client.post(URL, {"gebiet": d.reutlingen.pk, "jahr": "2026"})
    kapitel = Bericht.objects.get().kapitel.get(titel="Die Standorte im Vergleich")
    inhalt = client.get(reverse("berichte:kapitel_detail", args=[kapitel.pk])).content.decode()
    assert "Projektbericht: Standorte im Vergleich: Landkreis Reutlingen 2026" in inhalt
    assert '<th class="kern-table__header kern-table__header--numeric" scope="col">' in inhalt
    assert ">Gemeinde Pliezhausen</th>" in inhalt
    assert ">Insgesamt</th>" in inhalt
    assert '<th class="kern-table__header" scope="row">Beratungskontakte</th>' in inhalt
    assert "65,0&nbsp;%" in inhalt  # staff shares in Pliezhausen
    assert "37.200,50&nbsp;€" in inhalt  # costs in Pliezhausen
    assert "[Bitte ergänzen]" in inhalt


def test_the_published_chapter_shows_the_frozen_table_to_everybody(client, planer, d):
    client.force_login(planer)
    client.post(URL, {"gebiet": d.reutlingen.pk, "jahr": "2026"})
    kapitel = Bericht.objects.get().kapitel.get(titel="Personal und Finanzierung")
    texte_schreiben(kapitel)
    assert veroeffentlichen(kapitel, planer).status == Workflow.VEROEFFENTLICHT
    client.logout()
    inhalt = client.get(reverse("berichte:kapitel", args=[kapitel.pk])).content.decode()
    assert "Stellenanteile nach Anstellungsträger" in inhalt
    assert '<th class="kern-table__header" scope="row">Kreisjugendamt Reutlingen</th>' in inhalt
    assert "62,5&nbsp;%" in inhalt
    assert "65.200,50&nbsp;€" in inhalt
    assert "Beratung, getragen von Landratsamt Reutlingen" in inhalt


def _seite(client, kapitel) -> int:
    with CaptureQueriesContext(connection) as abfragen:
        assert client.get(reverse("berichte:kapitel_detail", args=[kapitel.pk])).status_code == 200
    return len(abfragen)


def test_the_draft_page_costs_the_same_queries_with_more_sites(client, planer, d):
    client.force_login(planer)
    client.post(URL, {"gebiet": d.reutlingen.pk, "jahr": "2026"})
    kapitel = Bericht.objects.get().kapitel.get(titel="Die Standorte im Vergleich")
    zwei = _seite(client, kapitel)
    for n in range(5):
        gemeinde = Gebiet.objects.create(
            name=f"Gemeinde {n}", art=GebietArt.GEMEINDE, eltern=d.reutlingen
        )
        pd.sprechstunde(pd.anlaufstelle(f"Anlaufstelle {n}", gemeinde))
    assert _seite(client, kapitel) == zwei
