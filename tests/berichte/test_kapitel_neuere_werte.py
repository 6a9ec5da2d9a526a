"""The staff page of a published chapter says when newer values exist and offers a new edition
of the report (issue 16): the chapter stays as published, the new edition is a draft copy whose
chapters take the current values when they are published."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from berichte import services
from berichte.models import Bericht, Kapitel, Messwert, Workflow
from berichte.views import redaktion


def veroeffentlichen(kapitel, einreicher, freigeber):
    kapitel = services.change_status(kapitel, Workflow.PRUEFUNG, einreicher)
    return services.change_status(kapitel, Workflow.VEROEFFENTLICHT, freigeber)


@pytest.fixture
def veroeffentlicht(armut_kapitel, planer, berichtswesen):
    return veroeffentlichen(armut_kapitel, planer, berichtswesen)


def seite(client, kapitel) -> str:
    response = client.get(reverse("berichte:kapitel_detail", args=[kapitel.pk]))
    assert response.status_code == 200
    return response.content.decode()


def neuer_wert(gebiet_name: str, jahr: int, wert: str):
    Messwert.objects.filter(gebiet__name=gebiet_name, jahr=jahr).update(wert=Decimal(wert))


def test_right_after_publishing_the_page_says_nothing_of_newer_values(
    client, berichtswesen, veroeffentlicht
):
    client.force_login(berichtswesen)
    assert "Es gibt neuere Werte" not in seite(client, veroeffentlicht)


def test_a_draft_never_says_it(client, berichtswesen, armut_kapitel):
    neuer_wert("Nord", 2026, "19.9")
    client.force_login(berichtswesen)
    assert "Es gibt neuere Werte" not in seite(client, armut_kapitel)


def test_the_page_names_the_newer_values_and_offers_a_new_edition(
    client, berichtswesen, veroeffentlicht
):
    neuer_wert("Nord", 2026, "19.9")
    neuer_wert("Süd", 2021, "17.7")
    client.force_login(berichtswesen)
    html = seite(client, veroeffentlicht)
    assert "Es gibt neuere Werte" in html
    assert "Seit der Veröffentlichung haben sich 2 Werte geändert" in html
    assert "Das veröffentlichte Kapitel bleibt unverändert." in html
    assert (
        '<td class="kern-table__cell">Nord</td>\n'
        '        <td class="kern-table__cell kern-table__cell--numeric">2026</td>\n'
        '        <td class="kern-table__cell kern-table__cell--numeric">12,5</td>\n'
        '        <td class="kern-table__cell kern-table__cell--numeric">19,9</td>'
    ) in html
    ausgabe = reverse("berichte:bericht_neue_ausgabe", args=[veroeffentlicht.bericht_id])
    assert f'action="{ausgabe}"' in html
    assert "Neue Ausgabe des Berichts anlegen" in html
    assert 'value="2027"' in html  # the next year, as on the report's page


def test_readers_see_the_note_without_the_button(client, beratung, veroeffentlicht):
    neuer_wert("Nord", 2026, "19.9")
    client.force_login(beratung)
    html = seite(client, veroeffentlicht)
    assert "Es gibt neuere Werte" in html
    assert "Neue Ausgabe des Berichts anlegen" not in html


def test_a_long_list_is_cut_and_counted(client, planer, veroeffentlicht, monkeypatch):
    monkeypatch.setattr(redaktion, "NEUERE_WERTE_ANZEIGE", 5)
    Messwert.objects.update(wert=Decimal("1"))
    client.force_login(planer)
    html = seite(client, veroeffentlicht)
    assert "Seit der Veröffentlichung haben sich 15 Werte geändert" in html
    assert "Geänderte Werte (die ersten 5)" in html
    assert html.count('<td class="kern-table__cell">SGB-II-Quote</td>') == 5


def test_the_new_edition_is_a_draft_that_takes_the_new_values(
    client, berichtswesen, veroeffentlicht
):
    neuer_wert("Nord", 2026, "19.9")
    client.force_login(berichtswesen)
    response = client.post(
        reverse("berichte:bericht_neue_ausgabe", args=[veroeffentlicht.bericht_id]),
        {"jahr": "2026"},  # the same year: corrected figures
    )
    neu = Bericht.objects.exclude(pk=veroeffentlicht.bericht_id).get()
    assert response["Location"] == reverse("berichte:bericht_detail", args=[neu.pk])
    assert (neu.status, neu.vorgaenger_id, neu.jahr) == (
        Workflow.ENTWURF,
        veroeffentlicht.bericht_id,
        2026,
    )
    kopie = neu.kapitel.get()
    assert (kopie.status, kopie.snapshot, kopie.titel) == (Workflow.ENTWURF, None, "Armut")
    assert "19,9" in seite(client, kopie)
    # The published chapter is left as it was, and its page now points to the new edition.
    html = seite(client, veroeffentlicht)
    assert "19,9" in html  # in the list of newer values …
    vorschau = html.split('id="vorschau"')[1]
    assert "12,5" in vorschau  # … while the chapter itself still shows the published figure
    assert "19,9" not in vorschau
    assert "Eine neuere Ausgabe gibt es bereits:" in html
    assert reverse("berichte:bericht_detail", args=[neu.pk]) in html
    veroeffentlicht.refresh_from_db()
    assert veroeffentlicht.status == Workflow.VEROEFFENTLICHT


@pytest.mark.parametrize("jahr", ["", "abc", "<script>alert(1)</script>", "1800", "99999", "20.5"])
def test_a_bad_year_creates_nothing(client, berichtswesen, veroeffentlicht, jahr):
    neuer_wert("Nord", 2026, "19.9")
    client.force_login(berichtswesen)
    response = client.post(
        reverse("berichte:bericht_neue_ausgabe", args=[veroeffentlicht.bericht_id]),
        {"jahr": jahr},
        follow=True,
    )
    assert response.status_code == 200
    assert (
        "Bitte geben Sie ein gültiges Berichtsjahr an (1900 bis 2200)." in response.content.decode()
    )
    assert Bericht.objects.count() == 1
    assert Kapitel.objects.count() == 1


def test_readers_and_unknown_reports_create_nothing(
    client, beratung, berichtswesen, veroeffentlicht
):
    client.force_login(beratung)
    url = reverse("berichte:bericht_neue_ausgabe", args=[veroeffentlicht.bericht_id])
    assert client.post(url, {"jahr": "2027"}).status_code == 403
    client.force_login(berichtswesen)
    fremd = reverse("berichte:bericht_neue_ausgabe", args=[999999])
    assert client.post(fremd, {"jahr": "2027"}).status_code == 404
    assert Bericht.objects.count() == 1


def test_the_page_query_count_does_not_grow_with_the_newer_values(
    client, berichtswesen, veroeffentlicht
):
    neuer_wert("Nord", 2026, "19.9")
    client.force_login(berichtswesen)
    seite(client, veroeffentlicht)
    with CaptureQueriesContext(connection) as einer:
        seite(client, veroeffentlicht)
    Messwert.objects.update(wert=Decimal("1"))
    with CaptureQueriesContext(connection) as alle:
        assert "15 Werte geändert" in seite(client, veroeffentlicht)
    assert len(alle) == len(einer)
