"""The demo of the two pilot sites of the Landkreis Reutlingen: Pliezhausen and Lichtenstein, each
with an Anlaufstelle, a year of past activity, staffing shares and costs, relative to today; and
seeding again duplicates nothing."""

import io
from datetime import datetime, timedelta
from decimal import Decimal

import pytest
import time_machine
from django.core.management import call_command
from django.db.models import Sum

from saarlouis_portal.stammdaten.models import Gebiet, GebietArt, Organisation, OrganisationArt
from sprechstunden.demo import LICHTENSTEIN, PLIEZHAUSEN
from sprechstunden.models import (
    Anlaufstelle,
    Beratungskontakt,
    Buchung,
    BuchungStatus,
    Hausbesuch,
    Standortkosten,
    Stellenanteil,
    Termin,
    Wartelisteneintrag,
    WartelisteStatus,
)
from tests.sprechstunden.conftest import BERLIN

pytestmark = pytest.mark.django_db

# A Wednesday in March: the past year spans two calendar years.
HEUTE = datetime(2027, 3, 17, 8, 0, tzinfo=BERLIN)


@pytest.fixture
def demo(settings):
    settings.DEBUG = True
    with time_machine.travel(HEUTE, tick=False):
        call_command("seed_demo", stdout=io.StringIO())
        yield


def counts():
    return {
        model.__name__: model.objects.count()
        for model in (
            Gebiet,
            Organisation,
            Anlaufstelle,
            Termin,
            Buchung,
            Beratungskontakt,
            Hausbesuch,
            Wartelisteneintrag,
            Stellenanteil,
            Standortkosten,
        )
    }


def test_the_landkreis_holds_both_pilot_gemeinden_with_their_ortsteile(demo):
    landkreis = Gebiet.objects.get(name="Landkreis Reutlingen", art=GebietArt.LANDKREIS)
    lichtenstein = Gebiet.objects.get(name="Gemeinde Lichtenstein")
    assert lichtenstein.eltern == landkreis
    assert lichtenstein.art == GebietArt.GEMEINDE
    assert lichtenstein.ist_demo
    assert set(lichtenstein.kinder.values_list("name", flat=True)) == {
        "Unterhausen",
        "Honau",
        "Holzelfingen",
    }
    assert Gebiet.objects.get(name="Gemeinde Pliezhausen").eltern == landkreis
    kreis = Organisation.objects.get(name="Landkreis Reutlingen")
    assert kreis.art == OrganisationArt.BEHOERDE
    assert kreis.ist_demo


def test_each_site_has_an_anlaufstelle_and_a_sprechstunde_of_jugendamt_and_diakonie(demo):
    lichtenstein = Anlaufstelle.objects.get(name=LICHTENSTEIN.name)
    assert lichtenstein.adresse.startswith("Rathausplatz 17, 72805 Lichtenstein")
    for standort in (PLIEZHAUSEN, LICHTENSTEIN):
        anlaufstelle = Anlaufstelle.objects.get(name=standort.name)
        assert anlaufstelle.gemeinde.name == standort.gemeinde
        assert anlaufstelle.landkreis.name == "Landkreis Reutlingen"
        assert anlaufstelle.telefon
        traeger = set(
            anlaufstelle.sprechstunden.values_list(
                "beratende_zuordnungen__traeger__name", flat=True
            )
        )
        assert traeger == {"Jugendamt Reutlingen", "Diakoniestation Metzingen"}
        assert Termin.objects.bookable().filter(sprechstunde__anlaufstelle=anlaufstelle).exists()


def test_each_site_has_a_year_of_consultations_relative_to_today(demo):
    vor_einem_jahr = HEUTE.date() - timedelta(days=366)
    for standort in (PLIEZHAUSEN, LICHTENSTEIN):
        anlaufstelle = Anlaufstelle.objects.get(name=standort.name)
        kontakte = Beratungskontakt.objects.filter(anlaufstelle=anlaufstelle)
        assert kontakte.count() >= 30
        assert not kontakte.filter(datum__gt=HEUTE.date()).exists()
        assert not kontakte.filter(datum__lt=vor_einem_jahr).exists()
        # Both calendar years of the past twelve months have figures.
        assert {d.year for d in kontakte.values_list("datum", flat=True)} == {2026, 2027}
        assert kontakte.filter(erstkontakt=True).exists()
        assert kontakte.filter(erstkontakt=False).exists()
        assert kontakte.filter(vermittelt_an__isnull=False).exists()
        assert kontakte.filter(art=Beratungskontakt.Art.OHNE_TERMIN).exists()
        assert kontakte.values("thema").distinct().count() >= 4
        buchungen = Buchung.objects.filter(termin__sprechstunde__anlaufstelle=anlaufstelle)
        vergangen = buchungen.filter(termin__beginn__lt=HEUTE)
        assert vergangen.filter(status=BuchungStatus.WAHRGENOMMEN).count() >= 20
        assert vergangen.filter(status=BuchungStatus.NICHT_ERSCHIENEN).exists()
        folge = vergangen.filter(folgetermin=True)
        assert folge.exists()
        assert all(b.folge_von.termin.beginn < b.termin.beginn for b in folge)
        assert not vergangen.exclude(status__in=[*BuchungStatus.values]).exists()
        # Every attended booking has its anonymous outcome; follow-ups count as follow-ups.
        assert (
            kontakte.filter(buchung__isnull=False).count()
            == vergangen.filter(status=BuchungStatus.WAHRGENOMMEN).count()
        )
        assert not kontakte.filter(buchung__folgetermin=True, erstkontakt=True).exists()
        assert all(name.startswith("Demo") for name in vergangen.values_list("name", flat=True))


def test_home_visits_and_waiting_list_entries_count_per_site(demo):
    for standort in (PLIEZHAUSEN, LICHTENSTEIN):
        gemeinde = Gebiet.objects.get(name=standort.gemeinde)
        besuche = Beratungskontakt.objects.filter(
            art=Beratungskontakt.Art.HAUSBESUCH, gebiet__in=Gebiet.objects.within(gemeinde)
        )
        assert besuche.count() == standort.hausbesuche
        assert besuche.filter(anlaufstelle__isnull=True).count() == standort.hausbesuche
        warteliste = Wartelisteneintrag.objects.filter(
            sprechstunde__anlaufstelle__name=standort.name
        )
        assert warteliste.count() >= standort.warteliste
        assert warteliste.filter(status=WartelisteStatus.GEBUCHT).exists()
        # Ended entries, nothing personal, entered in the past.
        assert not warteliste.filter(status__in=[WartelisteStatus.WARTET]).exists()
        assert not warteliste.exclude(name="", email="", telefon="").exists()
        assert not warteliste.filter(erstellt_am__gte=HEUTE).exists()
    assert Hausbesuch.objects.filter(partner__name="Integrationsmanagement Pliezhausen").exists()


def test_staffing_shares_and_costs_follow_the_council_report_for_both_years(demo):
    for standort in (PLIEZHAUSEN, LICHTENSTEIN):
        anlaufstelle = Anlaufstelle.objects.get(name=standort.name)
        for jahr in (2026, 2027):
            anteile = Stellenanteil.objects.filter(anlaufstelle=anlaufstelle, jahr=jahr)
            sozialarbeit = anteile.filter(
                traeger__name__in=["Jugendamt Reutlingen", "Diakoniestation Metzingen"]
            )
            assert sozialarbeit.values("traeger").distinct().count() == 2
            assert sozialarbeit.aggregate(s=Sum("prozent"))["s"] == Decimal("55.0")
            koordination = anteile.get(traeger__name=standort.gemeindeverwaltung)
            assert koordination.prozent == Decimal("10.0")
            kosten = Standortkosten.objects.get(anlaufstelle=anlaufstelle, jahr=jahr)
            assert Decimal("5500") <= kosten.betrag <= Decimal("6500")
            assert kosten.getragen_von.name == standort.gemeindeverwaltung
        assert not Stellenanteil.objects.filter(anlaufstelle=anlaufstelle, jahr=2025).exists()


def test_seeding_again_duplicates_nothing(demo):
    vorher = counts()
    with time_machine.travel(HEUTE, tick=False):
        call_command("seed_demo", stdout=io.StringIO())
    assert counts() == vorher


def test_a_year_later_the_figures_move_with_the_date(settings):
    settings.DEBUG = True
    with time_machine.travel(HEUTE + timedelta(days=365), tick=False):
        call_command("seed_demo", stdout=io.StringIO())
    assert set(Stellenanteil.objects.values_list("jahr", flat=True)) == {2027, 2028}
    assert set(Standortkosten.objects.values_list("jahr", flat=True)) == {2027, 2028}
    assert Beratungskontakt.objects.filter(datum__year=2028).exists()
    assert not Beratungskontakt.objects.filter(datum__year=2026).exists()
