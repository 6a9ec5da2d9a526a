"""Measure aggregates in netzwerke/stats.py for the social report."""

from decimal import Decimal

from netzwerke import stats
from netzwerke.models import MassnahmeStatus
from tests.netzwerke.conftest import beschliessen, fill_pruefung

S = MassnahmeStatus


def _szenario(massnahme, sichtbare_massnahme, fremde_massnahme, planer, feld_bildung):
    # massnahme: decided, 1000 €, Bildung; sichtbare: check in progress; fremde: no check.
    massnahme.budget = Decimal("1000.00")
    massnahme.save()
    massnahme.handlungsfelder.add(feld_bildung)
    fremde_massnahme.handlungsfelder.add(feld_bildung)
    beschliessen(massnahme, planer, ergebnis="mit_auflagen")
    fill_pruefung(sichtbare_massnahme)


def test_measures_per_status_and_check_result(
    massnahme, sichtbare_massnahme, fremde_massnahme, planer, feld_bildung
):
    _szenario(massnahme, sichtbare_massnahme, fremde_massnahme, planer, feld_bildung)
    je_status = {r["status"]: r["massnahmen"] for r in stats.massnahmen_je_status()}
    assert je_status == {
        "idee": 2,
        "geprueft": 0,
        "beschlossen": 1,
        "laufend": 0,
        "abgeschlossen": 0,
        "abgelehnt": 0,
    }
    je_ergebnis = {r["ergebnis"]: r["massnahmen"] for r in stats.massnahmen_je_pruefergebnis()}
    assert je_ergebnis == {
        "empfohlen": 0,
        "mit_auflagen": 1,
        "nicht_empfohlen": 0,
        "offen": 1,
        "ohne": 1,
    }


def test_measures_per_gebiet_and_handlungsfeld(
    massnahme, sichtbare_massnahme, fremde_massnahme, planer, feld_bildung, stadt, roden_stadtteil
):
    _szenario(massnahme, sichtbare_massnahme, fremde_massnahme, planer, feld_bildung)
    rows = stats.massnahmen_je_gebiet()
    assert [(r["gebiet"], r["massnahmen"], r["beschlossen"], r["budget"]) for r in rows] == [
        ("Kreisstadt Saarlouis", 2, 1, Decimal("1000.00")),
        ("Roden", 1, 0, Decimal("0")),
    ]
    # Narrowed to Roden, only its measure counts.
    assert [r["gebiet"] for r in stats.massnahmen_je_gebiet(roden_stadtteil)] == ["Roden"]
    assert sum(r["massnahmen"] for r in stats.massnahmen_je_status(roden_stadtteil)) == 1
    felder = {r["handlungsfeld"]: r for r in stats.massnahmen_je_handlungsfeld()}
    assert felder["Bildung und Erziehung"]["massnahmen"] == 2
    assert felder["Bildung und Erziehung"]["beschlossen"] == 1
    assert all(r["massnahmen"] == 0 for n, r in felder.items() if n != "Bildung und Erziehung")


def test_figures_for_the_report(
    massnahme, sichtbare_massnahme, fremde_massnahme, planer, feld_bildung
):
    from berichte import portalzahlen

    _szenario(massnahme, sichtbare_massnahme, fremde_massnahme, planer, feld_bildung)
    zeilen = portalzahlen.zahlen("netzwerke", None, 2026)
    werte = {z.label: z.wert for z in zeilen}
    assert werte["Maßnahmen insgesamt"] == 3
    assert werte["davon beschlossen, laufend oder abgeschlossen"] == 1
    assert werte["Abgeschlossene Nachhaltigkeitsprüfungen"] == 1
    assert werte["Netzwerke"] == stats.mitgliedschaften_gesamt()["netzwerke"]
