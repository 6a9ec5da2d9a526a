"""The per-site figures of sprechstunden/stats.py for the pilot report (issue 17): each equals
the portal's own count (asked of the ORM directly), home visits count in their Gemeinde, the
area and the year narrow them, nothing personal leaves, and the query count does not grow with
the number of sites."""

from datetime import date, datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.db.models import Sum
from django.test.utils import CaptureQueriesContext

from saarlouis_portal.stammdaten.models import Gebiet, GebietArt
from sprechstunden import stats
from sprechstunden.models import (
    Beratungskontakt,
    Buchung,
    BuchungStatus,
    Standortkosten,
    Stellenanteil,
    Wartelisteneintrag,
    WartelisteStatus,
)
from tests.sprechstunden import pilotdaten as pd
from tests.sprechstunden.conftest import BERLIN

ART = Beratungskontakt.Art
JAHR = 2026


@pytest.fixture
def d(db):
    return pd.pilotdaten()


def _je(reihen, anlaufstelle):
    """The row of ``anlaufstelle`` (None: the home visits of a Gemeinde, several)."""
    treffer = [r for r in reihen if r["anlaufstelle_id"] == (anlaufstelle and anlaufstelle.pk)]
    assert len(treffer) == 1, treffer
    return treffer[0]


def _kontakte(**filter):
    return Beratungskontakt.objects.filter(datum__year=JAHR, **filter)


def test_consultations_per_anlaufstelle_equal_the_portals_counts(d):
    reihen = stats.kontakte_je_anlaufstelle(JAHR, d.reutlingen)
    for stelle in (d.rathaus, d.buergerbuero):
        zeile = _je(reihen, stelle)
        eigene = _kontakte(anlaufstelle=stelle)
        assert zeile["kontakte"] == eigene.count()
        assert zeile["erstkontakte"] == eigene.filter(erstkontakt=True).count()
        assert zeile["folgekontakte"] == eigene.filter(erstkontakt=False).count()
        assert zeile["mit_termin"] == eigene.filter(art=ART.TERMIN).count()
        assert zeile["ohne_termin"] == eigene.filter(art=ART.OHNE_TERMIN).count()
        assert zeile["vermittelt"] == eigene.exclude(vermittelt_an=None).count()
    # Counted by hand as well: Pliezhausen 2 booked (one the follow-up) and 2 walk-ins.
    rathaus = _je(reihen, d.rathaus)
    assert (rathaus["kontakte"], rathaus["erstkontakte"], rathaus["folgekontakte"]) == (4, 2, 2)
    assert rathaus["gemeinde"] == "Gemeinde Pliezhausen"


def test_the_consultation_of_a_follow_up_booking_is_a_follow_up(d):
    assert d.folge.folgetermin
    assert d.folge.kontakt.erstkontakt is False
    assert d.erste.kontakt.erstkontakt is True


def test_an_anlaufstelle_in_an_ortsteil_belongs_to_its_gemeinde(d):
    zeile = _je(stats.kontakte_je_anlaufstelle(JAHR, d.reutlingen), d.buergerbuero)
    assert (zeile["gemeinde_id"], zeile["gemeinde"]) == (d.lichtenstein.pk, d.lichtenstein.name)
    assert zeile["anlaufstelle"] == "Bürgerbüro Lichtenstein"


def test_home_visits_count_in_the_gemeinde_where_they_took_place(d):
    reihen = stats.kontakte_je_anlaufstelle(JAHR, d.reutlingen)
    besuche = {r["gemeinde"]: r for r in reihen if r["anlaufstelle_id"] is None}
    assert set(besuche) == {"Gemeinde Pliezhausen", "Gemeinde Lichtenstein"}
    lichtenstein = besuche["Gemeinde Lichtenstein"]
    orm = _kontakte(art=ART.HAUSBESUCH, gebiet__in=[d.lichtenstein, d.unterhausen])
    assert lichtenstein["hausbesuche"] == orm.count() == 2
    assert lichtenstein["hausbesuche_erstkontakte"] == orm.filter(erstkontakt=True).count() == 1
    assert lichtenstein["hausbesuche_vermittelt"] == orm.exclude(vermittelt_an=None).count() == 1
    assert lichtenstein["anlaufstelle"] is None


def test_the_rows_add_up_to_the_areas_totals(d):
    reihen = stats.kontakte_je_anlaufstelle(JAHR, d.reutlingen)
    gesamt = stats.summieren(stats.kontakte_pro_monat(JAHR, d.reutlingen))[0]
    for feld in ("kontakte", "erstkontakte", "folgekontakte", "hausbesuche", "vermittelt"):
        assert sum(r[feld] for r in reihen) == gesamt[feld]
    assert sum(r["kontakte"] for r in reihen) == 9


def test_area_and_year_narrow_every_figure(d):
    for funktion in (
        stats.kontakte_je_anlaufstelle,
        stats.themen_je_anlaufstelle,
        stats.vermittlungen_je_anlaufstelle,
        stats.buchungen_je_anlaufstelle,
        stats.warteliste_je_anlaufstelle,
        stats.stellenanteile_je_anlaufstelle,
        stats.kosten_je_anlaufstelle,
    ):
        reutlingen = funktion(JAHR, d.reutlingen)
        assert reutlingen, funktion.__name__
        assert d.fremd.pk not in {r["anlaufstelle_id"] for r in reutlingen}, funktion.__name__
        assert "Gemeinde Kusterdingen" not in {r["gemeinde"] for r in reutlingen}
        ueberall = funktion(JAHR)
        assert d.fremd.pk in {r["anlaufstelle_id"] for r in ueberall}, funktion.__name__
        pliezhausen = funktion(JAHR, d.pliezhausen)
        assert {r["gemeinde"] for r in pliezhausen} == {"Gemeinde Pliezhausen"}
    assert stats.kontakte_je_anlaufstelle(2024, d.reutlingen) == []


def test_topics_per_anlaufstelle(d):
    reihen = stats.themen_je_anlaufstelle(JAHR, d.reutlingen)
    rathaus = {r["thema"]: r for r in reihen if r["anlaufstelle_id"] == d.rathaus.pk}
    for thema in (d.themen.geld, d.themen.arbeit):
        assert rathaus[thema.name]["kontakte"] == (
            _kontakte(anlaufstelle=d.rathaus, thema=thema).count()
        )
    assert rathaus[d.themen.arbeit.name]["folgekontakte"] == 1
    besuche = [r for r in reihen if r["anlaufstelle_id"] is None]
    assert sum(r["hausbesuche"] for r in besuche) == _kontakte(art=ART.HAUSBESUCH).count() == 3
    assert (
        sum(r["kontakte"] for r in reihen)
        == _kontakte(gebiet__in=[d.pliezhausen, d.lichtenstein, d.unterhausen]).count()
    )


def test_referrals_by_organisation(d):
    reihen = stats.vermittlungen_je_anlaufstelle(JAHR, d.reutlingen)
    assert {(r["anlaufstelle"], r["organisation"], r["vermittlungen"]) for r in reihen} == {
        ("Büro im Rathaus Pliezhausen", "Jobcenter Reutlingen", 1),
        ("Bürgerbüro Lichtenstein", "Schuldnerberatung der Diakonie", 1),
        (None, "Integrationsmanagement Lichtenstein", 1),
    }
    for r in reihen:
        assert r["vermittlungen"] == (
            _kontakte(
                anlaufstelle_id=r["anlaufstelle_id"],
                vermittelt_an_id=r["organisation_id"],
                gebiet__in=[d.pliezhausen, d.lichtenstein, d.unterhausen],
            ).count()
        )


def test_bookings_per_anlaufstelle_with_follow_ups(d):
    reihen = stats.buchungen_je_anlaufstelle(JAHR, d.reutlingen)
    for stelle in (d.rathaus, d.buergerbuero):
        zeile = _je(reihen, stelle)
        eigene = Buchung.objects.filter(
            termin__sprechstunde__anlaufstelle=stelle, termin__beginn__year=JAHR
        ).exclude(status=BuchungStatus.ABGELAUFEN)
        assert zeile["buchungen"] == eigene.count()
        assert zeile["wahrgenommen"] == eigene.filter(status=BuchungStatus.WAHRGENOMMEN).count()
        assert zeile["abgesagt"] == eigene.filter(status=BuchungStatus.STORNIERT).count()
        assert zeile["folgetermine"] == eigene.filter(folgetermin=True).count()
    rathaus = _je(reihen, d.rathaus)
    assert (rathaus["buchungen"], rathaus["wahrgenommen"], rathaus["folgetermine"]) == (4, 2, 1)


def test_waiting_list_demand_per_anlaufstelle(d):
    reihen = stats.warteliste_je_anlaufstelle(JAHR, d.reutlingen)
    rathaus = _je(reihen, d.rathaus)
    eigene = Wartelisteneintrag.objects.filter(
        sprechstunde__anlaufstelle=d.rathaus,
        erstellt_am__date__gte=date(JAHR, 1, 1),
        erstellt_am__date__lte=date(JAHR, 12, 31),
    )
    # The entry of 31 December 2025, 23:30 in Berlin, is 22:30 UTC: still 2025.
    assert rathaus["eintraege"] == eigene.count() == 4
    assert rathaus["bestaetigt"] == eigene.exclude(bestaetigt_am=None).count() == 3
    assert rathaus["gebucht"] == eigene.filter(status=WartelisteStatus.GEBUCHT).count() == 1
    assert (rathaus["verpasst"], rathaus["abgelaufen"], rathaus["wartend"]) == (1, 1, 1)
    assert rathaus["abgemeldet"] == 0
    lichtenstein = _je(reihen, d.buergerbuero)
    assert (lichtenstein["eintraege"], lichtenstein["abgemeldet"]) == (2, 1)


def test_waiting_list_years_follow_berlin_time(d):
    vorjahr = _je(stats.warteliste_je_anlaufstelle(2025, d.reutlingen), d.rathaus)
    assert vorjahr["eintraege"] == 1
    eintrag = Wartelisteneintrag.objects.get(erstellt_am__year=2025)
    assert eintrag.erstellt_am.astimezone(BERLIN).year == 2025


def test_staff_shares_are_summed_per_employer(d):
    reihen = stats.stellenanteile_je_anlaufstelle(JAHR, d.reutlingen)
    for r in reihen:
        assert (
            r["prozent"]
            == Stellenanteil.objects.filter(
                anlaufstelle_id=r["anlaufstelle_id"], traeger_id=r["traeger_id"], jahr=JAHR
            ).aggregate(s=Sum("prozent"))["s"]
        )
    lichtenstein = {r["traeger"]: r for r in reihen if r["anlaufstelle_id"] == d.buergerbuero.pk}
    # Two tasks of the Jugendamt in Lichtenstein: 30 % and 5 %.
    assert lichtenstein["Kreisjugendamt Reutlingen"]["prozent"] == Decimal("35.0")
    assert lichtenstein["Kreisjugendamt Reutlingen"]["eintraege"] == 2
    assert sum(r["prozent"] for r in reihen) == Decimal("125.0")


def test_costs_are_lines_with_their_payer(d):
    reihen = stats.kosten_je_anlaufstelle(JAHR, d.reutlingen)
    zeilen = {(r["anlaufstelle"], r["bezeichnung"], r["getragen_von"], r["betrag"]) for r in reihen}
    assert zeilen == {
        ("Büro im Rathaus Pliezhausen", "Beratung", "Landratsamt Reutlingen", Decimal("30000")),
        ("Büro im Rathaus Pliezhausen", "Personalkosten Koordination",
         "Gemeindeverwaltung Pliezhausen", Decimal("6000")),
        ("Büro im Rathaus Pliezhausen", "Raum- und Sachkosten", None, Decimal("1200.50")),
        ("Bürgerbüro Lichtenstein", "Beratung", "Landratsamt Reutlingen", Decimal("28000")),
    }  # fmt: skip
    gesamt = Standortkosten.objects.filter(
        jahr=JAHR, anlaufstelle__in=[d.rathaus, d.buergerbuero]
    ).aggregate(s=Sum("betrag"))["s"]
    assert sum(r["betrag"] for r in reihen) == gesamt == Decimal("65200.50")


def test_anlaufstellen_with_their_gemeinde_and_inhabitants(d):
    assert stats.anlaufstellen(d.reutlingen) == [
        {
            "anlaufstelle_id": d.buergerbuero.pk,
            "anlaufstelle": "Bürgerbüro Lichtenstein",
            "aktiv": True,
            "gemeinde_id": d.lichtenstein.pk,
            "gemeinde": "Gemeinde Lichtenstein",
            "einwohner": 9000,
        },
        {
            "anlaufstelle_id": d.rathaus.pk,
            "anlaufstelle": "Büro im Rathaus Pliezhausen",
            "aktiv": True,
            "gemeinde_id": d.pliezhausen.pk,
            "gemeinde": "Gemeinde Pliezhausen",
            "einwohner": 9800,
        },
    ]


PERSOENLICH = {"name", "email", "telefon", "adresse", "token_hash", "code", "notiz"}


def test_nothing_personal_leaves(d):
    for funktion in (
        stats.kontakte_je_anlaufstelle,
        stats.themen_je_anlaufstelle,
        stats.vermittlungen_je_anlaufstelle,
        stats.buchungen_je_anlaufstelle,
        stats.warteliste_je_anlaufstelle,
        stats.stellenanteile_je_anlaufstelle,
        stats.kosten_je_anlaufstelle,
    ):
        for reihe in funktion(JAHR):
            assert not PERSOENLICH & set(reihe), funktion.__name__
            assert "Vertraulich" not in reihe.values()
            assert not any(str(v).startswith("07127") for v in reihe.values())


def _weitere_standorte(d, anzahl):
    """``anzahl`` more Gemeinden in Reutlingen with an Anlaufstelle and a figure of each kind."""
    for n in range(anzahl):
        gemeinde = Gebiet.objects.create(
            name=f"Gemeinde {n}", art=GebietArt.GEMEINDE, eltern=d.reutlingen
        )
        stelle = pd.anlaufstelle(f"Anlaufstelle {n}", gemeinde)
        schedule = pd.sprechstunde(stelle)
        pd.buchungen(schedule, datetime(JAHR, 5, 4, 9, tzinfo=BERLIN), BuchungStatus.BESTAETIGT)
        pd.kontakt(gemeinde, date(JAHR, 5, 4), ART.OHNE_TERMIN, d.themen.geld, stelle=stelle,
                   an=d.jobcenter)  # fmt: skip
        pd.warteliste(schedule, WartelisteStatus.WARTET, datetime(JAHR, 5, 4, tzinfo=BERLIN))
        Stellenanteil.objects.create(anlaufstelle=stelle, traeger=d.diakonie, jahr=JAHR, prozent=10)
        Standortkosten.objects.create(anlaufstelle=stelle, jahr=JAHR, bezeichnung="X", betrag=1)


def _anzahl_abfragen(funktion, gebiet) -> int:
    with CaptureQueriesContext(connection) as abfragen:
        funktion(JAHR, gebiet)
    return len(abfragen)


@pytest.mark.parametrize(
    "funktion",
    [
        stats.kontakte_je_anlaufstelle,
        stats.themen_je_anlaufstelle,
        stats.vermittlungen_je_anlaufstelle,
        stats.buchungen_je_anlaufstelle,
        stats.warteliste_je_anlaufstelle,
        stats.stellenanteile_je_anlaufstelle,
        stats.kosten_je_anlaufstelle,
        lambda jahr, gebiet: stats.anlaufstellen(gebiet),
    ],
)
def test_one_query_however_many_sites(d, funktion):
    vorher = _anzahl_abfragen(funktion, d.reutlingen)
    _weitere_standorte(d, 6)
    assert _anzahl_abfragen(funktion, d.reutlingen) == vorher == 1
    assert len({r["gemeinde_id"] for r in funktion(JAHR, d.reutlingen)}) == 8
