"""The tables of the pilot report (berichte/standortvergleich.py, the "projekt_*" sources of
berichte/portalzahlen.py): one column per site (a Gemeinde with its Anlaufstellen) and the total;
every figure equals the portal's own count, asked of the ORM directly; the query count does not
grow with the number of sites."""

from datetime import date, datetime

import pytest
from django.db import connection
from django.db.models import Sum
from django.test.utils import CaptureQueriesContext

from berichte import portalzahlen, standortvergleich
from saarlouis_portal.stammdaten.models import Gebiet, GebietArt
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

JAHR = 2026
ART = Beratungskontakt.Art


@pytest.fixture
def d(db):
    return pd.pilotdaten()


def _tabelle(vergleich) -> dict[str, list]:
    return {z.label: z.werte for z in vergleich.zeilen}


def _kontakte(gebiet, **filter):
    """Consultations of the year in ``gebiet`` and below, as the portal stores them."""
    return Beratungskontakt.objects.filter(
        datum__year=JAHR, gebiet__in=Gebiet.objects.within(gebiet), **filter
    )


def _buchungen(gebiet, **filter):
    return Buchung.objects.filter(
        termin__beginn__gte=datetime(JAHR, 1, 1, tzinfo=BERLIN),
        termin__beginn__lt=datetime(JAHR + 1, 1, 1, tzinfo=BERLIN),
        termin__sprechstunde__anlaufstelle__gebiet__in=Gebiet.objects.within(gebiet),
        **filter,
    ).exclude(status=BuchungStatus.ABGELAUFEN)


def _warteliste(gebiet, **filter):
    return Wartelisteneintrag.objects.filter(
        erstellt_am__gte=datetime(JAHR, 1, 1, tzinfo=BERLIN),
        erstellt_am__lt=datetime(JAHR + 1, 1, 1, tzinfo=BERLIN),
        sprechstunde__anlaufstelle__gebiet__in=Gebiet.objects.within(gebiet),
        **filter,
    )


def _je_standort(d, zaehlen) -> list:
    """The portal's count per site (Lichtenstein, Pliezhausen: by name) and for the Landkreis."""
    return [zaehlen(d.lichtenstein), zaehlen(d.pliezhausen), zaehlen(d.reutlingen)]


def test_sites_are_the_gemeinden_with_their_total(d):
    vergleich = standortvergleich.standorte(d.reutlingen, JAHR)
    assert [(s.name, s.summe) for s in vergleich.spalten] == [
        ("Gemeinde Lichtenstein", False),
        ("Gemeinde Pliezhausen", False),
        ("Insgesamt", True),
    ]
    assert vergleich.hinweise[0] == (
        "Standorte und ihre Anlaufstellen: Gemeinde Lichtenstein (Bürgerbüro Lichtenstein); "
        "Gemeinde Pliezhausen (Büro im Rathaus Pliezhausen)."
    )


def test_the_overview_equals_the_portals_counts(d):
    t = _tabelle(standortvergleich.standorte(d.reutlingen, JAHR))

    def kontakte(**f):
        return _je_standort(d, lambda g: _kontakte(g, **f).count())

    def buchungen(**f):
        return _je_standort(d, lambda g: _buchungen(g, **f).count())

    assert t["Beratungskontakte"] == kontakte() == [4, 5, 9]
    assert t["davon Erstkontakte"] == kontakte(erstkontakt=True)
    assert t["davon Folgekontakte"] == kontakte(erstkontakt=False) == [1, 2, 3]
    assert t["davon mit gebuchtem Termin"] == kontakte(art=ART.TERMIN)
    assert t["davon ohne Termin"] == kontakte(art=ART.OHNE_TERMIN)
    assert t["davon Hausbesuche"] == kontakte(art=ART.HAUSBESUCH) == [2, 1, 3]
    assert t["Weitervermittlungen"] == kontakte(vermittelt_an__isnull=False)
    assert t["Gebuchte Termine"] == buchungen() == [2, 4, 6]
    assert t["davon wahrgenommen"] == buchungen(status=BuchungStatus.WAHRGENOMMEN)
    assert t["davon nicht erschienen"] == buchungen(status=BuchungStatus.NICHT_ERSCHIENEN)
    assert t["davon abgesagt"] == buchungen(status=BuchungStatus.STORNIERT)
    assert t["In der Beratung vereinbarte Folgetermine"] == buchungen(folgetermin=True)
    assert t["Einträge in die Warteliste"] == _je_standort(d, lambda g: _warteliste(g).count())
    assert t["Anlaufstellen"] == [1, 1, 2]
    assert t["Einwohnerinnen und Einwohner"] == [9000, 9800, 18800]
    assert t["Beratungskontakte je 1.000 Einwohner"] == [0.4, 0.5, 0.5]


def test_staff_shares_and_costs_in_the_overview(d):
    t = _tabelle(standortvergleich.standorte(d.reutlingen, JAHR))

    def summe(model, feld):
        return _je_standort(
            d,
            lambda g: float(
                model.objects.filter(
                    jahr=JAHR, anlaufstelle__gebiet__in=Gebiet.objects.within(g)
                ).aggregate(s=Sum(feld))["s"]
            ),
        )

    assert t["Stellenanteile (Summe)"] == summe(Stellenanteil, "prozent") == [60.0, 65.0, 125.0]
    assert t["Kosten (Summe)"] == summe(Standortkosten, "betrag") == [28000.0, 37200.5, 65200.5]


def test_topics_per_site(d):
    vergleich = standortvergleich.themen(d.reutlingen, JAHR)
    t = _tabelle(vergleich)
    for thema in (d.themen.geld, d.themen.arbeit, d.themen.wohnen):
        assert t[thema.name] == _je_standort(d, lambda g, th=thema: _kontakte(g, thema=th).count())
    assert t["Beratungskontakte insgesamt"] == [4, 5, 9]
    # In the order of the topics, the total last.
    assert vergleich.zeilen[-1].label == "Beratungskontakte insgesamt"


def test_referrals_per_organisation_and_site(d):
    t = _tabelle(standortvergleich.vermittlungen(d.reutlingen, JAHR))
    for org in (d.jobcenter, d.schuldner, d.integration):
        assert t[org.name] == _je_standort(
            d, lambda g, o=org: _kontakte(g, vermittelt_an=o).count()
        )
    assert t["Jobcenter Reutlingen"] == [0, 1, 1]  # Kusterdingen's referral is elsewhere
    assert t["Vermittlungen insgesamt"] == [2, 1, 3]


def test_home_visits_per_site(d):
    vergleich = standortvergleich.hausbesuche(d.reutlingen, JAHR)
    t = _tabelle(vergleich)

    def besuche(**f):
        return _je_standort(d, lambda g: _kontakte(g, art=ART.HAUSBESUCH, **f).count())

    assert t["Hausbesuche"] == besuche() == [2, 1, 3]
    assert t["davon Erstkontakte"] == besuche(erstkontakt=True)
    assert t["davon Folgekontakte"] == besuche(erstkontakt=False)
    assert t["davon weitervermittelt"] == besuche(vermittelt_an__isnull=False)
    assert t[f"Anliegen: {d.themen.geld.name}"] == besuche(thema=d.themen.geld) == [1, 1, 2]
    assert (
        "Hausbesuche gehören zu keiner Anlaufstelle; sie zählen in der Gemeinde, in der sie "
        "stattfanden." in vergleich.hinweise
    )


def test_waiting_list_per_site(d):
    t = _tabelle(standortvergleich.warteliste(d.reutlingen, JAHR))
    W = WartelisteStatus

    def eintraege(**f):
        return _je_standort(d, lambda g: _warteliste(g, **f).count())

    assert t["Einträge in die Warteliste"] == eintraege() == [2, 4, 6]
    assert t["davon bestätigt (E-Mail-Adresse bestätigt oder Telefon)"] == eintraege(
        bestaetigt_am__isnull=False
    )
    assert t["Termin über die Warteliste gebucht"] == eintraege(status=W.GEBUCHT) == [1, 1, 2]
    assert t["Angebotenen Termin nicht genutzt"] == eintraege(status=W.VERPASST)
    assert t["Abgelaufen ohne Termin"] == eintraege(status=W.ABGELAUFEN)
    assert t["Selbst abgemeldet"] == eintraege(status=W.ABGEMELDET)
    assert t["Wartet noch"] == eintraege(status__in=[W.UNBESTAETIGT, W.WARTET, W.HAELT])
    assert t["Anteil der bestätigten Einträge mit Termin"] == [50.0, 33.3, 40.0]


def test_staff_shares_per_employer_and_costs_per_line(d):
    personal = _tabelle(standortvergleich.personal(d.reutlingen, JAHR))
    assert personal == {
        "Diakoniestation Metzingen": [25.0, 27.5, 52.5],
        "Gemeindeverwaltung Pliezhausen": [0.0, 10.0, 10.0],
        "Kreisjugendamt Reutlingen": [35.0, 27.5, 62.5],
        "Stellenanteile insgesamt": [60.0, 65.0, 125.0],
    }
    kosten = standortvergleich.kosten(d.reutlingen, JAHR)
    assert _tabelle(kosten) == {
        "Beratung, getragen von Landratsamt Reutlingen": [28000.0, 30000.0, 58000.0],
        "Personalkosten Koordination, getragen von Gemeindeverwaltung Pliezhausen": [
            0.0,
            6000.0,
            6000.0,
        ],
        "Raum- und Sachkosten": [0.0, 1200.5, 1200.5],
        "Kosten insgesamt": [28000.0, 37200.5, 65200.5],
    }
    assert {z.einheit for z in kosten.zeilen} == {"euro"}
    assert {z.stellen for z in kosten.zeilen} == {2}


def test_a_gemeinde_report_has_one_column_and_no_total(d):
    vergleich = standortvergleich.standorte(d.pliezhausen, JAHR)
    assert [s.name for s in vergleich.spalten] == ["Gemeinde Pliezhausen"]
    assert _tabelle(vergleich)["Beratungskontakte"] == [_kontakte(d.pliezhausen).count()]


def test_an_area_without_sites_gives_an_empty_table(d):
    leer = Gebiet.objects.create(name="Landkreis Leer", art=GebietArt.LANDKREIS)
    for name in ("standorte", "themen", "vermittlungen", "hausbesuche", "warteliste"):
        assert getattr(standortvergleich, name)(leer, JAHR) == portalzahlen.Vergleich([], [], [])
    assert portalzahlen.daten("projekt_standorte", leer, JAHR) == {
        "spalten": [],
        "zeilen": [],
        "hinweise": [],
    }


def test_an_inactive_anlaufstelle_shows_only_with_figures_of_the_year(d):
    d.buergerbuero.aktiv = False
    d.buergerbuero.save()
    assert "Gemeinde Lichtenstein" in [s.name for s in standortvergleich.standorte(
        d.reutlingen, JAHR
    ).spalten]  # fmt: skip
    assert [s.name for s in standortvergleich.standorte(d.reutlingen, 2024).spalten] == [
        "Gemeinde Pliezhausen"
    ]


def test_the_block_data_is_plain_json(d):
    daten = portalzahlen.daten("projekt_personal", d.reutlingen, JAHR)
    assert daten["spalten"][-1] == {"name": "Insgesamt", "summe": True}
    assert daten["zeilen"][0] == {
        "label": "Diakoniestation Metzingen",
        "werte": [25.0, 27.5, 52.5],
        "einheit": "prozent",
        "stellen": 1,
    }
    # Elsewhere (zahlen) a comparison gives its total column.
    assert portalzahlen.zahlen("projekt_personal", d.reutlingen, JAHR)[0] == portalzahlen.Zeile(
        "Diakoniestation Metzingen", 52.5, "prozent"
    )


def _weitere_standorte(d, anzahl):
    for n in range(anzahl):
        gemeinde = Gebiet.objects.create(
            name=f"Gemeinde {n}", art=GebietArt.GEMEINDE, eltern=d.reutlingen
        )
        stelle = pd.anlaufstelle(f"Anlaufstelle {n}", gemeinde)
        schedule = pd.sprechstunde(stelle)
        pd.buchungen(schedule, datetime(JAHR, 5, 4, 9, tzinfo=BERLIN), BuchungStatus.BESTAETIGT)
        pd.kontakt(gemeinde, date(JAHR, 5, 4), ART.HAUSBESUCH, d.themen.geld, an=d.jobcenter)
        pd.warteliste(schedule, WartelisteStatus.WARTET, datetime(JAHR, 5, 4, tzinfo=BERLIN))
        Stellenanteil.objects.create(anlaufstelle=stelle, traeger=d.jugendamt, jahr=JAHR, prozent=5)
        Standortkosten.objects.create(anlaufstelle=stelle, jahr=JAHR, bezeichnung="Y", betrag=2)


@pytest.mark.parametrize(
    "name", ["standorte", "themen", "vermittlungen", "hausbesuche", "warteliste", "personal",
             "kosten"],
)  # fmt: skip
def test_the_query_count_does_not_grow_with_the_sites(d, name):
    funktion = getattr(standortvergleich, name)
    with CaptureQueriesContext(connection) as zwei:
        funktion(d.reutlingen, JAHR)
    _weitere_standorte(d, 6)
    with CaptureQueriesContext(connection) as acht:
        vergleich = funktion(d.reutlingen, JAHR)
    assert len(vergleich.spalten) == 9  # eight sites and the total
    assert len(acht) == len(zwei) <= 6
