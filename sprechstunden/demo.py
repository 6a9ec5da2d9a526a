"""Demo Sprechstunden of the Pliezhausen model in two pilot Gemeinden of the Landkreis Reutlingen:
the office in Pliezhausen town hall (a morning and an afternoon session held by counsellors of the
Jugendamt and the Diakoniestation) and the Sozialraumbüro in Lichtenstein, where the project
began.

So that the pilot report ("Projektbericht Sozialraumorientierung") compares the sites, each has
a year of past activity relative to today: bookings with outcomes (first and follow-up
consultations, topics, referrals), walk-ins, no-shows, home visits and waiting-list entries;
plus staffing shares and costs for this year and the last. The staffing follows the council
report of Pliezhausen: 55 % social work in all, shared by the Jugendamt Reutlingen and the
Diakoniestation Metzingen, financed by the Landkreis; 10 % for the municipality's management,
about 6,000 € a year. Everything else is invented; people are named "Demo …" and have no real
contact data. Seeding again changes nothing: the past activity of a place is made once (while
it has no anonymous outcomes yet).
"""

import contextlib
import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.conf import settings
from django.contrib.auth.models import Group
from django.db.models import F
from django.utils import timezone

from begegnung.models import Ort
from saarlouis_portal.konten.demo import DEMO_PASSWORT
from saarlouis_portal.konten.models import User
from saarlouis_portal.konten.roles import Rolle
from saarlouis_portal.stammdaten.models import Gebiet, Organisation
from sprechstunden.models import (
    Anlaufstelle,
    Beratende,
    Beratungskontakt,
    Beratungsthema,
    Buchung,
    Hausbesuch,
    HausbesuchStatus,
    Kanal,
    Sprache,
    Sprechstunde,
    Standortkosten,
    Stellenanteil,
    Termin,
    Wartelisteneintrag,
    WartelisteStatus,
    new_token,
)
from sprechstunden.services.booking import BuchungsDaten, book_termin
from sprechstunden.services.errors import SprechstundenFehler
from sprechstunden.services.folgetermin import book_folgetermin
from sprechstunden.services.hausbesuch import Ergebnis, record_visit_outcome
from sprechstunden.services.outcomes import mark_no_show, record_outcome
from sprechstunden.services.slots import generate_slots, materialise_past_slots

JUGENDAMT = "Jugendamt Reutlingen"
DIAKONIE = "Diakoniestation Metzingen"
LANDKREIS = "Landkreis Reutlingen"


@dataclass(frozen=True, eq=False)
class Standort:
    """A pilot site: its Anlaufstelle, its Gemeinde and the demo figures of its year."""

    name: str
    gemeinde: str
    gemeindeverwaltung: str
    adresse: dict
    buchungsquote: float  # share of past slots that were booked
    hausbesuche: int
    hausbesuch_partner: str | None
    warteliste: int
    koordination_euro: tuple[Decimal, Decimal]  # last year, this year


PLIEZHAUSEN = Standort(
    name="Büro im Rathaus Pliezhausen",
    gemeinde="Gemeinde Pliezhausen",
    gemeindeverwaltung="Gemeindeverwaltung Pliezhausen",
    adresse={
        "strasse": "Marktplatz 1",
        "plz": "72124",
        "ort": "Pliezhausen",
        "raum": "Erdgeschoss, Besprechungsraum (Demo)",
        "wegbeschreibung": "Haupteingang am Marktplatz, dann rechts.",
        "barrierefreiheit": "Stufenloser Zugang über den Seiteneingang; barrierefreies WC.",
        "stufenlos": True,
        # Public Sprechstunden need a number to call (Anlaufstelle.clean); a demo number.
        "telefon": "+497127000000",
    },
    buchungsquote=0.22,
    hausbesuche=8,
    hausbesuch_partner="Integrationsmanagement Pliezhausen",
    warteliste=4,
    koordination_euro=(Decimal("5850.00"), Decimal("6000.00")),
)
LICHTENSTEIN = Standort(
    name="Sozialraumbüro Lichtenstein im Rathaus Unterhausen",
    gemeinde="Gemeinde Lichtenstein",
    gemeindeverwaltung="Gemeindeverwaltung Lichtenstein",
    adresse={
        "strasse": "Rathausplatz 17",
        "plz": "72805",
        "ort": "Lichtenstein",
        "raum": "1. Obergeschoss, Zimmer 12 (Demo)",
        "wegbeschreibung": "Bushaltestelle Unterhausen Rathaus, Eingang am Rathausplatz.",
        "barrierefreiheit": "Aufzug neben dem Haupteingang; barrierefreies WC im Erdgeschoss.",
        "stufenlos": True,
        "telefon": "+497129000000",
    },
    buchungsquote=0.35,
    hausbesuche=6,
    hausbesuch_partner=None,
    warteliste=3,
    koordination_euro=(Decimal("5900.00"), Decimal("6100.00")),
)
STANDORTE = [PLIEZHAUSEN, LICHTENSTEIN]

SPRECHSTUNDEN = [
    # place, title, weekdays, start, end, [(counsellor e-mail, employer), …]
    (
        PLIEZHAUSEN,
        "Soziale Sprechstunde am Vormittag",
        [1],
        time(9, 0),
        time(12, 0),
        [("beratung@example.org", JUGENDAMT)],
    ),
    (
        PLIEZHAUSEN,
        "Soziale Sprechstunde am Nachmittag",
        [3],
        time(14, 0),
        time(17, 0),
        [("beratung2@example.org", DIAKONIE)],
    ),
    (
        LICHTENSTEIN,
        "Soziale Sprechstunde in Lichtenstein",
        [0],
        time(9, 0),
        time(12, 0),
        [("beratung@example.org", JUGENDAMT), ("beratung2@example.org", DIAKONIE)],
    ),
]

# Staffing per site and year (concept: 55 % in all from Jugendamt and Diakonie, 10 % for the
# municipality's management): (employer, task, percent); None stands for the Gemeindeverwaltung.
STELLENANTEILE = [
    (JUGENDAMT, "Sozialarbeit", Decimal("27.5")),
    (DIAKONIE, "Sozialarbeit", Decimal("27.5")),
    (None, "Koordination der Gemeinde", Decimal("10.0")),
]
KOSTEN_KOORDINATION = "Personalkosten Koordination der Gemeinde (10 %)"

# How often people come with which topic (weights), and whom they were referred to.
THEMEN_GEWICHTE = {
    "geldsorgen": 30,
    "kinder-familie": 25,
    "arbeit": 15,
    "antraege": 12,
    "wohnen": 10,
    "gesundheit-pflege": 5,
    "sonstiges": 3,
}
VERMITTLUNG = {
    "geldsorgen": "Jobcenter Landkreis Reutlingen",
    "arbeit": "Jobcenter Landkreis Reutlingen",
    "kinder-familie": JUGENDAMT,
    "gesundheit-pflege": DIAKONIE,
}
VERMITTLUNG_PLIEZHAUSEN = {
    "antraege": "Integrationsmanagement Pliezhausen",
    "wohnen": "Gemeindeverwaltung Pliezhausen",
}


def seed(stdout):
    themen = list(Beratungsthema.objects.all())
    sprachen = list(Sprache.objects.filter(code__in=["de", "en", "tr"]))
    today = timezone.localdate()
    zweite, _created = User.objects.get_or_create(
        email="beratung2@example.org", defaults={"first_name": "Dana", "last_name": "Diakonie"}
    )
    zweite.set_password(DEMO_PASSWORT)
    zweite.save()
    zweite.groups.set([Group.objects.get(name=Rolle.BERATUNG.value)])

    anlaufstellen = {standort: _anlaufstelle(standort) for standort in STANDORTE}
    sprechstunden = []
    for standort, titel, tage, beginn, ende, beratende in SPRECHSTUNDEN:
        sprechstunde, _created = Sprechstunde.objects.update_or_create(
            anlaufstelle=anlaufstellen[standort],
            titel=titel,
            defaults={
                "wochentage": tage,
                "beginn": beginn,
                "ende": ende,
                "slot_minuten": 45,
                "puffer_minuten": 15,
                "kapazitaet": 1,
                "vorlauf_stunden": 2,
                "buchbar_tage": 42,
                # The sites have run for over a year: the past year has slots to report on.
                "gueltig_ab": today - timedelta(days=400),
                "beschreibung": "Vertraulich und kostenlos: Beratung zu Geldsorgen, Kindern, "
                "Arbeit, Wohnen und Anträgen.",
            },
        )
        sprechstunde.themen.set(themen)
        sprechstunde.sprachen.set(sprachen)
        for email, traeger in beratende:
            Beratende.objects.update_or_create(
                sprechstunde=sprechstunde,
                user=User.objects.get(email=email),
                defaults={"traeger": Organisation.objects.get(name=traeger)},
            )
        generate_slots(sprechstunde)
        sprechstunden.append(sprechstunde)
    _demo_bookings(themen)
    for standort, anlaufstelle in anlaufstellen.items():
        _planungsdaten(standort, anlaufstelle, today)
        if not Beratungskontakt.objects.filter(anlaufstelle=anlaufstelle).exists():
            eigene = [s for s in sprechstunden if s.anlaufstelle_id == anlaufstelle.pk]
            _vergangenes_jahr(standort, eigene, today)
    stdout.write(
        f"  Sprechstunden: {Anlaufstelle.objects.count()} Anlaufstellen, "
        f"{Sprechstunde.objects.count()} Sprechstunden, {Termin.objects.count()} Termine, "
        f"{Beratungskontakt.objects.count()} Beratungskontakte"
    )
    return [("beratung2@example.org", "Beratungsfachkraft (Diakonie)")]


def _anlaufstelle(standort: Standort) -> Anlaufstelle:
    anlaufstelle, _created = Anlaufstelle.objects.update_or_create(
        name=standort.name,
        defaults={
            "gebiet": Gebiet.objects.get(name=standort.gemeinde),
            **standort.adresse,
            # The begegnung demo (seeded before this app) has the Pliezhausen office as a place.
            "ort_begegnung": (
                Ort.objects.filter(name="Rathaus Pliezhausen").first()
                if standort is PLIEZHAUSEN
                else None
            ),
        },
    )
    return anlaufstelle


def _planungsdaten(standort: Standort, anlaufstelle: Anlaufstelle, today: date) -> None:
    """Staffing shares and the municipality's management costs of last year and this year."""
    gemeinde = Organisation.objects.get(name=standort.gemeindeverwaltung)
    for jahr, koordination in zip(
        (today.year - 1, today.year), standort.koordination_euro, strict=True
    ):
        for traeger, aufgabe, prozent in STELLENANTEILE:
            Stellenanteil.objects.update_or_create(
                anlaufstelle=anlaufstelle,
                traeger=Organisation.objects.get(name=traeger) if traeger else gemeinde,
                jahr=jahr,
                aufgabe=aufgabe,
                defaults={"prozent": prozent},
            )
        # The council report: the 10 % of the municipality's management cost about 6,000 € a
        # year, borne by the Gemeinde; the Landkreis finances the 55 % of social work.
        Standortkosten.objects.update_or_create(
            anlaufstelle=anlaufstelle,
            jahr=jahr,
            bezeichnung=KOSTEN_KOORDINATION,
            defaults={"betrag": koordination, "getragen_von": gemeinde},
        )


def _demo_bookings(themen):
    """Two bookings by phone in the next slots, so the day list shows something."""
    if Buchung.objects.filter(name__startswith="Demo").exists():
        return
    staff = User.objects.get(email="beratung@example.org")
    for i, termin in enumerate(Termin.objects.bookable().order_by("beginn")[:2]):
        with contextlib.suppress(SprechstundenFehler):
            book_termin(
                termin.pk,
                BuchungsDaten(thema=themen[i], name=f"Demo {'AB'[i]}.", telefon="07127 000000"),
                kanal=Kanal.TELEFON,
                by=staff,
            )


# A year of past activity


class _Jahr:
    """The past year of one site, drawn from a seeded random generator: the same choices on
    every first run of a day."""

    def __init__(self, standort: Standort, today: date):
        self.standort = standort
        self.today = today
        self.zufall = random.Random(standort.name)  # noqa: S311 (demo data, not security)
        self.themen = {t.slug: t for t in Beratungsthema.objects.all()}
        self.organisationen = {o.name: o for o in Organisation.objects.all()}
        self.nummer = 0

    def thema(self) -> Beratungsthema:
        slugs = [s for s in THEMEN_GEWICHTE if s in self.themen]
        return self.themen[self.zufall.choices(slugs, [THEMEN_GEWICHTE[s] for s in slugs])[0]]

    def vermittelt_an(self, thema: Beratungsthema) -> Organisation | None:
        """About one consultation in four ends with a referral."""
        if self.zufall.random() >= 0.25:
            return None
        ziele = dict(VERMITTLUNG)
        if self.standort is PLIEZHAUSEN:
            ziele.update(VERMITTLUNG_PLIEZHAUSEN)
        else:
            ziele["wohnen"] = self.standort.gemeindeverwaltung
        return self.organisationen.get(ziele.get(thema.slug, ""))

    def person(self) -> BuchungsDaten:
        self.nummer += 1
        return BuchungsDaten(
            thema=self.thema(),
            name=f"Demo {self.nummer:03d}",
            telefon=f"0712{7 if self.standort is PLIEZHAUSEN else 9} 000{self.nummer:03d}",
        )


def _vergangenes_jahr(standort: Standort, sprechstunden, today: date) -> None:
    jahr = _Jahr(standort, today)
    for sprechstunde in sprechstunden:
        materialise_past_slots(sprechstunde, today - timedelta(days=365), today)
        beratende = list(sprechstunde.beratende_zuordnungen.select_related("user"))
        vergangen = list(
            Termin.objects.filter(
                sprechstunde=sprechstunde,
                beginn__gte=timezone.now() - timedelta(days=365),
                beginn__lt=timezone.now() - timedelta(days=1),
            ).order_by("beginn")
        )
        belegt: set[int] = set()
        buchungen = []
        for n, termin in enumerate(vergangen):
            if termin.pk in belegt or jahr.zufall.random() >= standort.buchungsquote:
                continue
            by = beratende[n % len(beratende)].user
            buchung = _buche(termin, jahr.person(), by=by, now=termin.beginn - timedelta(days=4))
            if buchung is None:
                continue
            belegt.add(termin.pk)
            buchungen.append(buchung)
            if jahr.zufall.random() < 0.1:
                mark_no_show(buchung)
                continue
            _ergebnis(jahr, buchung, by)
            # About one in five comes back: the follow-up two to four weeks later.
            if jahr.zufall.random() < 0.2:
                _folgetermin(jahr, buchung, vergangen, belegt, by)
        _ohne_termin(jahr, sprechstunde, beratende)
        _warteliste(sprechstunde, buchungen, -(-standort.warteliste // len(sprechstunden)))
    _hausbesuche(jahr, sprechstunden)


def _buche(termin: Termin, daten: BuchungsDaten, *, by, now) -> Buchung | None:
    try:
        return book_termin(termin.pk, daten, kanal=Kanal.TELEFON, by=by, now=now)[0]
    except SprechstundenFehler:
        return None


def _ergebnis(jahr: _Jahr, buchung: Buchung, by) -> None:
    record_outcome(
        thema=buchung.thema,
        erstkontakt=True,
        by=by,
        buchung=buchung,
        vermittelt_an=jahr.vermittelt_an(buchung.thema),
    )


def _folgetermin(jahr: _Jahr, vorher: Buchung, vergangen, belegt: set[int], by) -> None:
    frueheste = vorher.termin.beginn + timedelta(days=14)
    spaeteste = vorher.termin.beginn + timedelta(days=28)
    frei = [t for t in vergangen if frueheste <= t.beginn <= spaeteste and t.pk not in belegt]
    if not frei:
        return
    termin = frei[0]
    daten = BuchungsDaten(thema=vorher.thema, name=vorher.name, telefon=vorher.telefon)
    try:
        buchung, _token = book_folgetermin(
            vorher, termin.pk, daten, by=by, now=vorher.termin.ende + timedelta(minutes=5)
        )
    except SprechstundenFehler:
        return
    belegt.add(termin.pk)
    _ergebnis(jahr, buchung, by)


def _ohne_termin(jahr: _Jahr, sprechstunde: Sprechstunde, beratende) -> None:
    """People who came without a booking: about one a month."""
    for monate in range(12):
        tag = jahr.today - timedelta(days=30 * monate + jahr.zufall.randint(1, 25))
        thema = jahr.thema()
        record_outcome(
            thema=thema,
            erstkontakt=jahr.zufall.random() < 0.7,
            by=beratende[monate % len(beratende)].user,
            sprechstunde=sprechstunde,
            datum=tag,
            art=Beratungskontakt.Art.OHNE_TERMIN,
            vermittelt_an=jahr.vermittelt_an(thema),
        )


def _warteliste(sprechstunde: Sprechstunde, buchungen: list[Buchung], anzahl: int) -> None:
    """``anzahl`` waiting-list entries that have ended (booked, expired, offer not taken up),
    spread over the year, their personal data blanked as the retention step leaves them."""
    verlauf = [WartelisteStatus.GEBUCHT, WartelisteStatus.ABGELAUFEN, WartelisteStatus.VERPASST]
    schritt = max(1, len(buchungen) // (anzahl + 1))
    for i, buchung in enumerate(buchungen[schritt::schritt][:anzahl]):
        eingetragen = buchung.termin.beginn - timedelta(days=6)
        status = verlauf[i % len(verlauf)]
        gebucht = status == WartelisteStatus.GEBUCHT
        eintrag = Wartelisteneintrag.objects.create(
            sprechstunde=sprechstunde,
            status=status,
            token_hash=new_token()[1],
            gueltig_bis=eingetragen + timedelta(days=settings.SPRECHSTUNDEN_WARTELISTE_TAGE),
            einwilligung_version=settings.SPRECHSTUNDEN_EINWILLIGUNG_VERSION,
            einwilligung_am=eingetragen,
            bestaetigt_am=eingetragen,
            termin=buchung.termin if gebucht else None,
            buchung=buchung if gebucht else None,
            beendet_am=(
                buchung.termin.beginn - timedelta(days=4)
                if gebucht
                else eingetragen + timedelta(days=settings.SPRECHSTUNDEN_WARTELISTE_TAGE)
            ),
        )
        # "Eingetragen am" is set on creation; the demo entry was made in the past.
        Wartelisteneintrag.objects.filter(pk=eintrag.pk).update(erstellt_am=eingetragen)


def _hausbesuche(jahr: _Jahr, sprechstunden) -> None:
    """Closed home visits in the Gemeinde's Ortsteile, each with its anonymous outcome."""
    gemeinde = Gebiet.objects.get(name=jahr.standort.gemeinde)
    ortsteile = list(gemeinde.kinder.order_by("name")) or [gemeinde]
    partner = jahr.organisationen.get(jahr.standort.hausbesuch_partner or "")
    beratende = [z.user for s in sprechstunden for z in s.beratende_zuordnungen.all()]
    planung = User.objects.filter(email="sozialplanung@example.org").first()
    tz = timezone.get_default_timezone()
    for i in range(jahr.standort.hausbesuche):
        tag = jahr.today - timedelta(days=20 + i * (330 // jahr.standort.hausbesuche))
        besuch = datetime.combine(tag, time(10, 0), tzinfo=tz)
        thema = jahr.thema()
        hausbesuch = Hausbesuch.objects.create(
            status=HausbesuchStatus.ABGESCHLOSSEN,
            name=f"Demo Hausbesuch {i + 1}",
            telefon=f"+4971270001{i:02d}",
            gebiet=ortsteile[i % len(ortsteile)],
            anliegen=thema,
            zugewiesen=beratende[i % len(beratende)],
            partner=partner,
            geplant_am=besuch,
            einwilligung_version=settings.SPRECHSTUNDEN_EINWILLIGUNG_VERSION,
            einwilligung_am=besuch - timedelta(days=7),
            erstellt_von=planung,
            abgeschlossen_am=besuch + timedelta(hours=4),
        )
        record_visit_outcome(
            hausbesuch,
            Ergebnis(
                thema=thema,
                erstkontakt=i % 3 != 2,
                datum=tag,
                vermittelt_an=jahr.vermittelt_an(thema),
            ),
            by=hausbesuch.zugewiesen,
        )
    Hausbesuch.objects.filter(name__startswith="Demo Hausbesuch").update(
        erstellt_am=F("einwilligung_am")
    )
