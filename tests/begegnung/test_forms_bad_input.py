"""Bad input on every form of the places: a clear message at the field, nothing saved, never
a 500."""

from datetime import date, time

import pytest

from begegnung.models import (
    Angebot,
    Ausnahme,
    KriteriumArt,
    Oeffnungszeit,
    Ort,
    Partnerschaft,
    Stelle,
    Stufe,
    Stufenkriterium,
    Wiederholung,
)
from tests.begegnung.test_orte_staff import angebot_daten, ort_daten, zeiten

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert(1)</script>"
MARKUP = "ohne HTML-Auszeichnungen"


def _fehler(response, *texte):
    assert response.status_code == 200
    html = response.content.decode()
    assert "Bitte prüfen Sie Ihre Eingaben" in html
    for text in texte:
        assert text in html, text
    assert "<script>alert(1)" not in html
    return html


@pytest.mark.parametrize(
    ("extra", "meldung"),
    [
        ({"name": ""}, "Dieses Feld ist zwingend erforderlich."),
        ({"name": "x" * 161}, "höchstens 160 Zeichen"),
        ({"name": SCRIPT}, MARKUP),
        ({"strasse": SCRIPT}, MARKUP),
        ({"interne_notiz": SCRIPT}, MARKUP),
        ({"breitengrad": "91"}, "zwischen -90 und 90"),
        ({"breitengrad": "-90,5"}, "zwischen -90 und 90"),
        ({"laengengrad": "181"}, "zwischen -180 und 180"),
        ({"laengengrad": "999999"}, "Längengrad"),
        ({"breitengrad": "Nord"}, "Zahl in Dezimalgrad"),
        ({"laengengrad": ""}, "Breiten- und Längengrad gemeinsam"),
        ({"gebiet": "999999"}, "gültige Auswahl"),
        ({"gebiet": "abc"}, "gültige Auswahl"),
        ({"art": "burg"}, "gültige Auswahl"),
        ({"sprachen": ["999999"]}, "gültige Auswahl"),
        # Ids beyond 64 bits: a message, not a server error, on SQLite too.
        ({"netzwerke": ["9" * 30]}, "gültige Auswahl"),
        ({"leitung": [str(2**63)]}, "gültige Auswahl"),
        ({"gebiet": "9" * 30}, "gültige Auswahl"),
        ({"plz": "1234x"}, "Postleitzahl"),
        ({"email": "keine-adresse"}, "gültige E-Mail-Adresse"),
        ({"stufe_erreicht_am": "31.02.2026"}, "gültiges Datum"),
    ],
)
def test_place_form(client, planer, roden_sozialraum, extra, meldung):
    client.force_login(planer)
    _fehler(client.post("/orte/verwaltung/neu/", ort_daten(roden_sozialraum, **extra)), meldung)
    assert not Ort.objects.exists()


@pytest.mark.parametrize(
    ("rows", "meldung"),
    [
        ((("0", "09:00", "12:00"), ("0", "11:00", "13:00")), "überschneiden sich"),
        ((("0", "09:00", "12:00"), ("0", "08:00", "17:00")), "überschneiden sich"),
        ((("2", "12:00", "09:00"),), "Das Ende muss nach dem Beginn liegen."),
        ((("2", "12:00", "12:00"),), "Das Ende muss nach dem Beginn liegen."),
        ((("2", "09:00", ""),), "Dieses Feld ist zwingend erforderlich."),
        ((("", "09:00", "10:00"),), "Dieses Feld ist zwingend erforderlich."),
        ((("9", "09:00", "10:00"),), "gültige Auswahl"),
        ((("1", "25:00", "26:00"),), "gültige Uhrzeit"),
        ((("1", SCRIPT, "10:00"),), "gültige Uhrzeit"),
    ],
)
def test_opening_hours(client, ortsleitung, quartiersbuero, rows, meldung):
    Oeffnungszeit.objects.create(ort=quartiersbuero, wochentag=4, beginn=time(8), ende=time(9))
    client.force_login(ortsleitung)
    response = client.post(f"/orte/verwaltung/{quartiersbuero.pk}/oeffnungszeiten/", zeiten(*rows))
    _fehler(response, meldung)
    # Nothing replaced: the old hours stay.
    assert [(z.wochentag, str(z.beginn)) for z in Oeffnungszeit.objects.all()] == [(4, "08:00:00")]


def test_opening_hours_broken_management_form(client, ortsleitung, quartiersbuero):
    client.force_login(ortsleitung)
    response = client.post(f"/orte/verwaltung/{quartiersbuero.pk}/oeffnungszeiten/", {})
    assert response.status_code == 200
    response = client.post(
        f"/orte/verwaltung/{quartiersbuero.pk}/oeffnungszeiten/",
        zeiten(*[("0", f"{h:02d}:00", f"{h:02d}:30") for h in range(50)]),
    )
    assert response.status_code == 200
    assert not Oeffnungszeit.objects.exists()


@pytest.mark.parametrize(
    ("data", "meldung"),
    [
        ({"datum": ""}, "Dieses Feld ist zwingend erforderlich."),
        ({"datum": "gestern"}, "gültiges Datum"),
        ({"datum": "2026-12-24"}, "ab wann geöffnet"),
        ({"datum": "2026-12-24", "beginn": "18:00", "ende": "17:00"}, "nach dem Beginn"),
        ({"datum": "2026-12-24", "geschlossen": "on", "grund": SCRIPT}, MARKUP),
        ({"datum": "2026-12-24", "geschlossen": "on", "grund": "x" * 201}, "höchstens 200"),
    ],
)
def test_exception(client, ortsleitung, quartiersbuero, data, meldung):
    client.force_login(ortsleitung)
    _fehler(client.post(f"/orte/verwaltung/{quartiersbuero.pk}/ausnahmen/neu/", data), meldung)
    assert not Ausnahme.objects.exists()


@pytest.mark.parametrize(
    ("data", "meldung"),
    [
        ({"anteil": "0"}, "größer als 0 und höchstens 1"),
        ({"anteil": "1,5"}, "größer als 0 und höchstens 1"),
        ({"anteil": "-0.5"}, "größer als 0 und höchstens 1"),
        ({"anteil": "halb"}, "als Zahl"),
        ({"anteil": ""}, "zwingend erforderlich"),
        ({"fachbereich": "zauberei"}, "gültige Auswahl"),
        ({"arbeitgeber": "999999"}, "gültige Auswahl"),
        ({"bezeichnung": SCRIPT}, MARKUP),
        ({"bezeichnung": "x" * 121}, "höchstens 120"),
    ],
)
def test_staff_post(client, ortsleitung, quartiersbuero, arbeitgeber, data, meldung):
    client.force_login(ortsleitung)
    daten = {"fachbereich": "kinder_jugend", "arbeitgeber": arbeitgeber.pk, "anteil": "0,5"}
    daten.update(data)
    _fehler(client.post(f"/orte/verwaltung/{quartiersbuero.pk}/stellen/neu/", daten), meldung)
    assert not Stelle.objects.exists()


@pytest.mark.parametrize(
    ("data", "meldung"),
    [
        ({"organisation": "999999", "rolle": "traeger"}, "gültige Auswahl"),
        ({"organisation": "", "rolle": "traeger"}, "zwingend erforderlich"),
        ({"rolle": "chef"}, "gültige Auswahl"),
    ],
)
def test_partner(client, ortsleitung, quartiersbuero, arbeitgeber, data, meldung):
    client.force_login(ortsleitung)
    daten = {"organisation": arbeitgeber.pk, "rolle": "traeger"} | data
    _fehler(client.post(f"/orte/verwaltung/{quartiersbuero.pk}/partner/neu/", daten), meldung)
    assert not Partnerschaft.objects.exists()


@pytest.mark.parametrize(
    ("extra", "meldung"),
    [
        ({"titel": ""}, "zwingend erforderlich"),
        ({"titel": SCRIPT}, MARKUP),
        ({"titel": "x" * 201}, "höchstens 200"),
        ({"beschreibung": SCRIPT}, MARKUP),
        ({"wochentag": ""}, "Bitte wählen Sie den Wochentag."),
        ({"beginn": ""}, "wann das Angebot beginnt"),
        ({"wiederholung": Wiederholung.MONATLICH}, "welcher Woche des Monats"),
        ({"wiederholung": "taeglich"}, "gültige Auswahl"),
        ({"woche_im_monat": "7", "wiederholung": Wiederholung.MONATLICH}, "gültige Auswahl"),
        ({"woche_im_monat": "0", "wiederholung": Wiederholung.MONATLICH}, "gültige Auswahl"),
        ({"ende": "14:00"}, "Das Ende muss nach dem Beginn liegen."),
        ({"gueltig_ab": "2027-01-01", "gueltig_bis": "2026-01-01"}, "nicht vor dem Startdatum"),
        ({"anmeldung_noetig": "on"}, "wie man sich anmeldet"),
        ({"kostenlos": ""}, "Bitte nennen Sie die Kosten."),
        ({"themen": ["999999"]}, "gültige Auswahl"),
        ({"kontakt_email": "nein"}, "gültige E-Mail-Adresse"),
        ({"kontakt_telefon": SCRIPT}, "Telefon"),
        (
            {
                "termine-0-datum": "2027-06-05",
                "termine-0-beginn": "20:00",
                "termine-0-ende": "14:00",
            },
            "Das Ende muss nach dem Beginn liegen.",
        ),
        ({"termine-0-datum": "2027-06-05"}, "zwingend erforderlich"),
    ],
)
def test_offer(client, ortsleitung, quartiersbuero, extra, meldung):
    client.force_login(ortsleitung)
    response = client.post(
        f"/orte/verwaltung/{quartiersbuero.pk}/angebote/neu/", angebot_daten(**extra)
    )
    _fehler(response, meldung)
    assert not Angebot.objects.exists()


def test_offer_of_another_place_cannot_be_moved_by_id(
    client, ortsleitung, quartiersbuero, anderer_ort
):
    """The place comes from the URL, never from the form: a posted ``ort`` is ignored."""
    client.force_login(ortsleitung)
    response = client.post(
        f"/orte/verwaltung/{quartiersbuero.pk}/angebote/neu/",
        angebot_daten(ort=anderer_ort.pk),
    )
    assert response.status_code == 302
    assert Angebot.objects.get().ort == quartiersbuero


def _kriterium_daten(**row):
    return {
        "kriterien-TOTAL_FORMS": "1",
        "kriterien-INITIAL_FORMS": "0",
        "kriterien-0-stufe": row.get("stufe", Stufe.ANLAUFSTELLE),
        "kriterien-0-art": row.get("art", KriteriumArt.MIN_ANGEBOTE),
        "kriterien-0-schwellwert": row.get("schwellwert", "3"),
        "kriterien-0-erlaeuterung": row.get("erlaeuterung", ""),
        "kriterien-0-aktiv": "on",
    }


@pytest.mark.parametrize(
    ("row", "meldung"),
    [
        ({"schwellwert": "-1"}, "größer oder gleich 0"),
        ({"schwellwert": "viel"}, "Zahl"),
        ({"art": "min_glueck"}, "gültige Auswahl"),
        ({"stufe": Stufe.SATELLIT}, "gültige Auswahl"),
        ({"erlaeuterung": SCRIPT}, MARKUP),
        ({"art": KriteriumArt.MIN_TRAEGER}, "existiert bereits"),
    ],
)
def test_checklist_settings(client, planer, row, meldung):
    client.force_login(planer)
    vorher = Stufenkriterium.objects.count()
    _fehler(client.post("/orte/verwaltung/kriterien/", _kriterium_daten(**row)), meldung)
    assert Stufenkriterium.objects.count() == vorher


@pytest.mark.parametrize(
    ("data", "meldung"),
    [
        ({"datum": ""}, "Dieses Feld ist zwingend erforderlich."),
        ({"datum": "2026-02-30"}, "gültiges Datum"),
        ({"datum": "2026-12-24", "beginn": "25:00", "ende": "26:00"}, "gültige Uhrzeit"),
        ({"datum": "2026-12-24", "beginn": "18:00", "ende": "17:00"}, "nach dem Beginn"),
        ({"datum": "2026-12-24", "geschlossen": "on", "grund": SCRIPT}, MARKUP),
        ({"datum": "2026-12-24", "geschlossen": "on", "grund": "x" * 201}, "höchstens 200"),
    ],
)
def test_changing_an_exception(client, ortsleitung, quartiersbuero, data, meldung):
    ausnahme = Ausnahme.objects.create(ort=quartiersbuero, datum=date(2026, 12, 31), grund="Alt")
    client.force_login(ortsleitung)
    _fehler(client.post(f"/orte/verwaltung/ausnahmen/{ausnahme.pk}/bearbeiten/", data), meldung)
    ausnahme.refresh_from_db()
    assert (ausnahme.datum, ausnahme.geschlossen, ausnahme.grund) == (
        date(2026, 12, 31),
        True,
        "Alt",
    )


def test_an_exception_of_another_place_cannot_be_changed(
    client, ortsleitung, quartiersbuero, anderer_ort
):
    fremd = Ausnahme.objects.create(ort=anderer_ort, datum=date(2026, 12, 31), grund="Alt")
    client.force_login(ortsleitung)
    response = client.post(
        f"/orte/verwaltung/ausnahmen/{fremd.pk}/bearbeiten/",
        {"datum": "2026-12-24", "geschlossen": "on", "grund": "Gekapert"},
    )
    assert response.status_code == 403
    assert client.post("/orte/verwaltung/ausnahmen/999999/bearbeiten/", {}).status_code == 404
    fremd.refresh_from_db()
    assert fremd.grund == "Alt"
