"""Aggregates for the social report: counts per place, skill, state, kind, area and outcome,
hours given; narrowed by area and year; nothing personal in the result."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from berichte import portalzahlen
from sorgekreise import stats
from sorgekreise.models import (
    AnfrageStatus,
    HelfendeStatus,
    Hilfeanfrage,
    Sorgekreis,
    Vermittlung,
    VermittlungStatus,
)

from .conftest import faehigkeit, make_anfrage, make_helfende

pytestmark = pytest.mark.django_db


@pytest.fixture
def daten(kreis, anderer_kreis, helfende, anfrage, einkaufen, roden_nord, fraulautern):
    """Roden: 1 circle, 2 requests (1 done with 3.5 h), 1 vetted helper, 1 paused.
    Fraulautern: 1 circle, 1 withdrawn request, 1 helper who left."""
    Sorgekreis.objects.create(name="Zweiter Kreis Roden", ort=kreis.ort)
    erledigt = make_anfrage(kreis, einkaufen, roden_nord, status=AnfrageStatus.ERLEDIGT)
    Vermittlung.objects.create(
        anfrage=erledigt,
        helfende=helfende,
        status=VermittlungStatus.ABGESCHLOSSEN,
        stunden=Decimal("3.5"),
        abgeschlossen_am=timezone.now(),
    )
    make_anfrage(
        anderer_kreis, faehigkeit("fahrdienst"), fraulautern, status=AnfrageStatus.ZURUECKGEZOGEN
    )
    make_helfende(
        kreis,
        name="Paula Pause",
        status=HelfendeStatus.PAUSIERT,
        faehigkeiten=[einkaufen],
        gebiete=[roden_nord],
    )
    make_helfende(
        anderer_kreis,
        name="Alf Alt",
        status=HelfendeStatus.AUSGESCHIEDEN,
        faehigkeiten=[einkaufen],
        gebiete=[fraulautern],
    )


def test_circles_per_place(daten, kreis, anderer_kreis, roden):
    assert (
        stats.kreise_pro_ort()
        == [
            {"ort_id": kreis.ort_id, "ort": "Quartiersbüro Roden", "anzahl": 2},
            {"ort_id": anderer_kreis.ort_id, "ort": "Pfarrzentrum Fraulautern", "anzahl": 1},
        ][::-1]
    )
    assert stats.kreise_pro_ort(roden) == [
        {"ort_id": kreis.ort_id, "ort": "Quartiersbüro Roden", "anzahl": 2}
    ]


def test_helpers_per_skill_count_those_not_left(daten, roden):
    rows = {r["faehigkeit"]: r["anzahl"] for r in stats.helfende_pro_faehigkeit()}
    assert rows["einkaufen"] == 2  # vetted + paused; the one who left is not counted
    assert rows["kinderbetreuung"] == 0
    assert len(rows) >= 10  # every kind of help, zeros included


def test_helpers_per_status(daten, roden):
    rows = {r["status"]: r["anzahl"] for r in stats.helfende_pro_status()}
    assert rows == {"neu": 0, "geprueft": 1, "aktiv": 0, "pausiert": 1, "ausgeschieden": 1}
    in_roden = {r["status"]: r["anzahl"] for r in stats.helfende_pro_status(roden)}
    assert in_roden["ausgeschieden"] == 0


def test_requests_per_kind_area_and_outcome(daten, roden, roden_nord, fraulautern):
    per_art = stats.anfragen_pro_art()
    assert [(r["faehigkeit"], r["anzahl"]) for r in per_art] == [
        ("einkaufen", 2),
        ("fahrdienst", 1),
    ]
    assert per_art[0]["offen"] == 1
    assert per_art[0]["erledigt"] == 1
    assert stats.anfragen_pro_gebiet() == [
        {"gebiet_id": fraulautern.pk, "gebiet": "Fraulautern", "anzahl": 1},
        {"gebiet_id": roden_nord.pk, "gebiet": "Roden-Nord", "anzahl": 2},
    ]
    ergebnis = {r["status"]: r["anzahl"] for r in stats.anfragen_pro_ergebnis(roden)}
    assert ergebnis == {"offen": 1, "vermittelt": 0, "erledigt": 1, "zurueckgezogen": 0}


def test_the_year_narrows_requests_and_hours(daten):
    jahr = timezone.localdate().year
    assert sum(r["anzahl"] for r in stats.anfragen_pro_gebiet(jahr=jahr)) == 3
    assert stats.anfragen_pro_gebiet(jahr=jahr - 1) == []
    assert stats.geleistete_stunden(jahr=jahr) == {
        "vermittlungen": 1,
        "stunden": Decimal("3.5"),
    }
    assert stats.geleistete_stunden(jahr=jahr - 1) == {"vermittlungen": 0, "stunden": Decimal("0")}


def test_anonymised_rows_still_count(daten):
    Hilfeanfrage.objects.update(name="", telefon="", anonymisiert_am=timezone.now())
    assert sum(r["anzahl"] for r in stats.anfragen_pro_ergebnis()) == 3


def test_nothing_personal_leaves(daten):
    everything = repr(
        [
            stats.kreise_pro_ort(),
            stats.helfende_pro_faehigkeit(),
            stats.helfende_pro_status(),
            stats.anfragen_pro_art(),
            stats.anfragen_pro_gebiet(),
            stats.anfragen_pro_ergebnis(),
            stats.geleistete_stunden(),
            stats.berichtszahlen(None, timezone.localdate().year),
        ]
    )
    for personal in ["Hanna", "Paula", "Alf", "Erika", "06831", "example.org", "VERTRAULICH"]:
        assert personal not in everything


def test_the_report_reads_the_figures_through_portalzahlen(daten, stadt):
    zeilen = portalzahlen.zahlen("sorgekreise", stadt, timezone.localdate().year)
    werte = {z.label: z.wert for z in zeilen}
    assert werte["Sorgekreise"] == 3
    assert werte["Orte der Begegnung mit Sorgekreis"] == 2
    assert werte["Helfende (geprüft oder aktiv)"] == 1
    assert werte["Hilfeanfragen"] == 3
    assert werte["davon vermittelt oder erledigt"] == 1
    assert werte["Geleistete Stunden"] == 3.5
    assert all(z.einheit == "anzahl" for z in zeilen)
    assert ("sorgekreise", "Sorgekreise") in portalzahlen.auswahl()


def test_empty_figures(db):
    assert stats.kreise_pro_ort() == []
    assert stats.anfragen_pro_art() == []
    assert stats.geleistete_stunden() == {"vermittlungen": 0, "stunden": Decimal("0")}
    assert all(z[1] == 0 for z in stats.berichtszahlen(None, 2026))


def test_a_year_boundary_in_berlin(kreis, einkaufen, roden_nord):
    anfrage = make_anfrage(kreis, einkaufen, roden_nord)
    # 1 Jan 00:30 in Berlin is still 31 Dec 23:30 UTC: it counts in the Berlin year.
    berlin = datetime.timezone(datetime.timedelta(hours=1))
    Hilfeanfrage.objects.filter(pk=anfrage.pk).update(
        erstellt_am=datetime.datetime(2026, 1, 1, 0, 30, tzinfo=berlin)
    )
    assert sum(r["anzahl"] for r in stats.anfragen_pro_gebiet(jahr=2026)) == 1
    assert stats.anfragen_pro_gebiet(jahr=2025) == []
