"""The two pilot sites of the Landkreis Reutlingen with a year of figures, for the tests of the
per-site statistics (tests/sprechstunden/test_stats_standorte.py) and of the pilot report
(tests/berichte/test_projektbericht_*.py). Not a test module: ``pilotdaten()`` builds it.

2026 in the Landkreis Reutlingen:

- Gemeinde Pliezhausen (9,800 inhabitants), Anlaufstelle "Büro im Rathaus Pliezhausen";
- Gemeinde Lichtenstein (9,000), Anlaufstelle "Bürgerbüro Lichtenstein" in its Ortsteil
  Unterhausen (the Gemeinde is found above the Ortsteil);
- beside them, Gemeinde Kusterdingen in the Landkreis Tübingen (another area), and figures of
  2025 (another year), which a 2026 report of Reutlingen must leave out.
"""

import itertools
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from types import SimpleNamespace

from django.utils import timezone

from saarlouis_portal.stammdaten.models import Gebiet, GebietArt, Organisation, OrganisationArt
from sprechstunden.models import (
    Anlaufstelle,
    Beratungskontakt,
    Beratungsthema,
    Buchung,
    BuchungStatus,
    Sprechstunde,
    Standortkosten,
    Stellenanteil,
    Termin,
    Wartelisteneintrag,
    WartelisteStatus,
    new_token,
)
from sprechstunden.services.outcomes import record_outcome
from tests.sprechstunden.conftest import BERLIN

ART = Beratungskontakt.Art
S = BuchungStatus
W = WartelisteStatus
_NUMMERN = itertools.count(100)


def organisation(name: str, art=OrganisationArt.TRAEGER) -> Organisation:
    return Organisation.objects.get_or_create(name=name, defaults={"art": art})[0]


def anlaufstelle(name: str, gebiet: Gebiet) -> Anlaufstelle:
    return Anlaufstelle.objects.create(
        name=name, gebiet=gebiet, strasse="Marktplatz 1", plz="72124", ort=gebiet.name
    )


def sprechstunde(stelle: Anlaufstelle) -> Sprechstunde:
    return Sprechstunde.objects.create(
        anlaufstelle=stelle,
        titel=f"Sprechstunde {stelle.name}",
        wochentage=[0],
        beginn=time(0, 0),
        ende=time(23, 59),
        gueltig_ab=date(2025, 1, 1),
        kapazitaet=5,
        oeffentlich=False,
    )


def buchungen(schedule: Sprechstunde, beginn: datetime, *statuses, thema=None) -> list[Buchung]:
    termin = Termin.objects.create(
        sprechstunde=schedule, beginn=beginn, ende=beginn + timedelta(minutes=30), kapazitaet=5
    )
    thema = thema or Beratungsthema.objects.first()
    return [
        Buchung.objects.create(
            termin=termin,
            platz=platz,
            status=status,
            thema=thema,
            telefon=f"07127 {next(_NUMMERN)}",
            name="Vertraulich",
            token_hash=new_token()[1],
            token_gueltig_bis=beginn,
            einwilligung_version="test",
            einwilligung_am=timezone.now(),
        )
        for platz, status in enumerate(statuses, start=1)
    ]


def kontakt(gebiet, datum, art, thema, *, stelle=None, erst=True, an=None) -> Beratungskontakt:
    return Beratungskontakt.objects.create(
        anlaufstelle=stelle,
        gebiet=gebiet,
        datum=datum,
        art=art,
        thema=thema,
        erstkontakt=erst,
        vermittelt_an=an,
    )


def warteliste(schedule: Sprechstunde, status: str, erstellt: datetime, *, bestaetigt=True):
    eintrag = Wartelisteneintrag.objects.create(
        sprechstunde=schedule,
        status=status,
        telefon=f"07127 {next(_NUMMERN)}",
        token_hash=new_token()[1],
        gueltig_bis=erstellt + timedelta(days=14),
        einwilligung_version="test",
        einwilligung_am=erstellt,
        bestaetigt_am=erstellt if bestaetigt else None,
    )
    Wartelisteneintrag.objects.filter(pk=eintrag.pk).update(erstellt_am=erstellt)
    return eintrag


def pilotdaten() -> SimpleNamespace:
    d = SimpleNamespace()
    d.reutlingen = Gebiet.objects.create(name="Landkreis Reutlingen", art=GebietArt.LANDKREIS)
    d.pliezhausen = Gebiet.objects.create(
        name="Gemeinde Pliezhausen", art=GebietArt.GEMEINDE, eltern=d.reutlingen, einwohnerzahl=9800
    )
    d.lichtenstein = Gebiet.objects.create(
        name="Gemeinde Lichtenstein",
        art=GebietArt.GEMEINDE,
        eltern=d.reutlingen,
        einwohnerzahl=9000,
    )
    d.unterhausen = Gebiet.objects.create(
        name="Unterhausen", art=GebietArt.STADTTEIL, eltern=d.lichtenstein
    )
    d.tuebingen = Gebiet.objects.create(name="Landkreis Tübingen", art=GebietArt.LANDKREIS)
    d.kusterdingen = Gebiet.objects.create(
        name="Gemeinde Kusterdingen", art=GebietArt.GEMEINDE, eltern=d.tuebingen
    )

    d.rathaus = anlaufstelle("Büro im Rathaus Pliezhausen", d.pliezhausen)
    d.buergerbuero = anlaufstelle("Bürgerbüro Lichtenstein", d.unterhausen)
    d.fremd = anlaufstelle("Rathaus Kusterdingen", d.kusterdingen)
    d.rathaus_s, d.buergerbuero_s, d.fremd_s = (
        sprechstunde(d.rathaus),
        sprechstunde(d.buergerbuero),
        sprechstunde(d.fremd),
    )

    d.jugendamt = organisation("Kreisjugendamt Reutlingen", OrganisationArt.BEHOERDE)
    d.diakonie = organisation("Diakoniestation Metzingen")
    d.gemeinde_org = organisation("Gemeindeverwaltung Pliezhausen", OrganisationArt.BEHOERDE)
    d.landratsamt = organisation("Landratsamt Reutlingen", OrganisationArt.BEHOERDE)
    d.jobcenter = organisation("Jobcenter Reutlingen", OrganisationArt.BEHOERDE)
    d.schuldner = organisation("Schuldnerberatung der Diakonie")
    d.integration = organisation("Integrationsmanagement Lichtenstein")

    geld = Beratungsthema.objects.get(slug="geldsorgen")
    arbeit = Beratungsthema.objects.get(slug="arbeit")
    wohnen = Beratungsthema.objects.get(slug="wohnen")
    d.themen = SimpleNamespace(geld=geld, arbeit=arbeit, wohnen=wohnen)

    # Bookings of 2026: Pliezhausen 3 kept (+1 expired, not counted), and the follow-up of the
    # attended one; Lichtenstein 2 attended. One of 2025 and one in Kusterdingen beside them.
    m = datetime(2026, 3, 10, 9, tzinfo=BERLIN)
    d.erste, _nicht, _abgesagt = buchungen(
        d.rathaus_s, m, S.BESTAETIGT, S.NICHT_ERSCHIENEN, S.STORNIERT, thema=geld
    )
    buchungen(d.rathaus_s, m + timedelta(days=2), S.ABGELAUFEN)
    (d.folge,) = buchungen(d.rathaus_s, m + timedelta(days=14), S.BESTAETIGT, thema=geld)
    Buchung.objects.filter(pk=d.folge.pk).update(folgetermin=True, folge_von=d.erste)
    d.folge.refresh_from_db()
    buchungen(d.buergerbuero_s, m - timedelta(days=5), S.BESTAETIGT, S.BESTAETIGT, thema=wohnen)
    buchungen(d.rathaus_s, datetime(2025, 6, 2, 9, tzinfo=BERLIN), S.WAHRGENOMMEN)
    buchungen(d.fremd_s, m, S.WAHRGENOMMEN)

    # Outcomes through the service: the follow-up booking's consultation is a follow-up,
    # whatever the form said.
    record_outcome(buchung=d.erste, thema=geld, erstkontakt=True, by=None)
    record_outcome(buchung=d.folge, thema=geld, erstkontakt=True, by=None)
    erste_l, zweite_l = Buchung.objects.filter(termin__sprechstunde=d.buergerbuero_s).order_by("pk")
    # One of them referred to the debt counselling.
    record_outcome(
        buchung=erste_l, thema=wohnen, erstkontakt=True, by=None, vermittelt_an=d.schuldner
    )
    record_outcome(buchung=zweite_l, thema=wohnen, erstkontakt=True, by=None)
    tag = date(2026, 4, 14)
    # Walk-ins in Pliezhausen: a first contact, and a follow-up referred to the Jobcenter.
    kontakt(d.pliezhausen, tag, ART.OHNE_TERMIN, arbeit, stelle=d.rathaus)
    kontakt(
        d.pliezhausen, tag, ART.OHNE_TERMIN, arbeit, stelle=d.rathaus, erst=False, an=d.jobcenter
    )
    # Home visits: no Anlaufstelle, the Gebiet where they took place.
    kontakt(d.unterhausen, tag, ART.HAUSBESUCH, wohnen, an=d.integration)
    kontakt(d.unterhausen, tag, ART.HAUSBESUCH, geld, erst=False)
    kontakt(d.pliezhausen, tag, ART.HAUSBESUCH, geld)
    # Beside them: another year, another area.
    kontakt(d.pliezhausen, date(2025, 12, 31), ART.OHNE_TERMIN, geld, stelle=d.rathaus)
    kontakt(d.kusterdingen, tag, ART.OHNE_TERMIN, geld, stelle=d.fremd, an=d.jobcenter)

    # Waiting lists (entries made in 2026).
    april = datetime(2026, 4, 1, 10, tzinfo=BERLIN)
    warteliste(d.rathaus_s, W.GEBUCHT, april)
    warteliste(d.rathaus_s, W.VERPASST, april)
    warteliste(d.rathaus_s, W.ABGELAUFEN, april, bestaetigt=False)
    warteliste(d.rathaus_s, W.WARTET, april)
    warteliste(d.buergerbuero_s, W.ABGEMELDET, april)
    warteliste(d.buergerbuero_s, W.GEBUCHT, april)
    warteliste(d.rathaus_s, W.GEBUCHT, datetime(2025, 12, 31, 23, 30, tzinfo=BERLIN))
    warteliste(d.fremd_s, W.WARTET, april)

    # Staff shares and costs (the council report: 55 % from Jugendamt and Diakonie, 10 % of the
    # municipality, about 6,000 € a year).
    for stelle, traeger, prozent, aufgabe in (
        (d.rathaus, d.jugendamt, "27.5", "Sozialarbeit"),
        (d.rathaus, d.diakonie, "27.5", "Sozialarbeit"),
        (d.rathaus, d.gemeinde_org, "10", "Koordination"),
        (d.buergerbuero, d.jugendamt, "30", "Sozialarbeit"),
        (d.buergerbuero, d.jugendamt, "5", "Aufsuchende Hilfe"),
        (d.buergerbuero, d.diakonie, "25", "Sozialarbeit"),
        (d.fremd, d.diakonie, "50", "Sozialarbeit"),
    ):
        Stellenanteil.objects.create(
            anlaufstelle=stelle,
            traeger=traeger,
            jahr=2026,
            prozent=Decimal(prozent),
            aufgabe=aufgabe,
        )
    Stellenanteil.objects.create(
        anlaufstelle=d.rathaus, traeger=d.jugendamt, jahr=2025, prozent=Decimal("20")
    )
    for stelle, bezeichnung, betrag, wer in (
        (d.rathaus, "Personalkosten Koordination", "6000", d.gemeinde_org),
        (d.rathaus, "Raum- und Sachkosten", "1200.50", None),
        (d.rathaus, "Beratung", "30000", d.landratsamt),
        (d.buergerbuero, "Beratung", "28000", d.landratsamt),
        (d.fremd, "Beratung", "40000", d.landratsamt),
    ):
        Standortkosten.objects.create(
            anlaufstelle=stelle, jahr=2026, bezeichnung=bezeichnung, betrag=Decimal(betrag),
            getragen_von=wer,
        )  # fmt: skip
    Standortkosten.objects.create(
        anlaufstelle=d.rathaus, jahr=2025, bezeichnung="Beratung", betrag=Decimal("25000")
    )
    return d
