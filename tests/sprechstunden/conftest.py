"""Shared fixtures of the Sprechstunden tests (owned by the lead; helpers add their own in their
modules)."""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
import time_machine

from saarlouis_portal.konten.roles import Rolle
from saarlouis_portal.stammdaten.models import Gebiet, GebietArt, Organisation, OrganisationArt
from sprechstunden.models import Anlaufstelle, Beratende, Beratungsthema, Sprache, Sprechstunde
from tests.conftest import make_user

BERLIN = ZoneInfo("Europe/Berlin")
# Monday 23 November 2026, 08:00 in Pliezhausen
JETZT = datetime(2026, 11, 23, 8, 0, tzinfo=BERLIN)


@pytest.fixture
def jetzt():
    with time_machine.travel(JETZT, tick=False):
        yield JETZT


@pytest.fixture
def pliezhausen(db):
    kreis = Gebiet.objects.create(name="Landkreis Reutlingen", art=GebietArt.LANDKREIS)
    return Gebiet.objects.create(name="Gemeinde Pliezhausen", art=GebietArt.GEMEINDE, eltern=kreis)


@pytest.fixture
def rathaus(pliezhausen):
    return Anlaufstelle.objects.create(
        name="Büro im Rathaus Pliezhausen",
        gebiet=pliezhausen,
        strasse="Marktplatz 1",
        plz="72124",
        ort="Pliezhausen",
        raum="Zimmer 12",
        telefon="07127 9770",
    )


@pytest.fixture
def vormittag(rathaus):
    """Monday and Thursday 9–11, 30-minute slots, one counsellor."""
    sprechstunde = Sprechstunde.objects.create(
        anlaufstelle=rathaus,
        titel="Soziale Sprechstunde am Vormittag",
        wochentage=[0, 3],
        beginn=time(9, 0),
        ende=time(11, 0),
        slot_minuten=30,
        kapazitaet=1,
        vorlauf_stunden=2,
        buchbar_tage=28,
        gueltig_ab=date(2026, 1, 1),
    )
    sprechstunde.themen.set(Beratungsthema.objects.all())
    sprechstunde.sprachen.set(Sprache.objects.filter(code__in=["de", "tr"]))
    return sprechstunde


@pytest.fixture
def thema(db):
    return Beratungsthema.objects.get(slug="geldsorgen")


@pytest.fixture
def kreisjugendamt(db):
    return Organisation.objects.create(
        name="Kreisjugendamt Reutlingen", art=OrganisationArt.BEHOERDE
    )


@pytest.fixture
def diakoniestation(db):
    return Organisation.objects.create(
        name="Diakoniestation Metzingen", art=OrganisationArt.TRAEGER
    )


@pytest.fixture
def beratung_im_vormittag(beratung, vormittag, kreisjugendamt):
    """The named counsellor (Jugendamt) counsels in the morning Sprechstunde."""
    Beratende.objects.get_or_create(
        sprechstunde=vormittag, user=beratung, defaults={"traeger": kreisjugendamt}
    )
    return beratung


@pytest.fixture
def beratung_diakonie(db):
    """A counsellor of another Träger who does not counsel in the morning Sprechstunde."""
    return make_user("beratung2@example.org", Rolle.BERATUNG, first_name="Dana")
