"""Demo measures with sustainability checks in various states (called by ``netzwerke/demo.py``
after the demo networks exist).

One decided measure with a completed check, one running with milestones, one idea without a
check, one idea whose check is in progress, one idea whose check waits for approval (the Cockpit
card "Prüfungen zur Freigabe" of sozialplanung@example.org shows it), and one rejected after a
strongly negative rating. Idempotent: a measure that exists (by title) is left alone. The status
changes go through the services, so the timelines look like real ones: the network coordination
submits each check and Sozialplanung approves it (four eyes).

The decided and running measures rest on the council resolution behind the Saarlouis concept
"Wir gestalten Zukunft nachhaltig": prepared unanimously in the Ausschuss für Familie, Soziales,
Schule und Sport on 22.11.2022, resolved unanimously by the Stadtrat on 09.02.2023 (the
implementation of the concept, and every measure and project put through the sustainability
check)."""

from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Case, When
from django.utils import timezone

from netzwerke import services_beschluesse
from netzwerke import services_massnahmen as services
from netzwerke.models import (
    BeschlussErgebnis,
    Bewertung,
    Gremium,
    Massnahme,
    MassnahmeStatus,
    Nachhaltigkeitsziel,
    Netzwerk,
    Praemisse,
    Ratsbeschluss,
)
from saarlouis_portal.konten.models import User
from saarlouis_portal.stammdaten.models import Gebiet, GebietArt, Handlungsfeld, Organisation

S = MassnahmeStatus
B = Bewertung
P = Praemisse

# The Saarlouis resolution of the concept, as the measure's Beratungsfolge.
KONZEPT_BESCHLUESSE = [
    {
        "gremium": Gremium.AUSSCHUSS,
        "gremium_name": "Ausschuss für Familie, Soziales, Schule und Sport",
        "datum": date(2022, 11, 22),
        "ergebnis": BeschlussErgebnis.EINSTIMMIG,
        "notiz": "Vorberatung des Konzepts „Wir gestalten Zukunft nachhaltig“; Empfehlung an "
        "den Stadtrat.",
    },
    {
        "gremium": Gremium.STADTRAT,
        "gremium_name": "Stadtrat der Kreisstadt Saarlouis",
        "datum": date(2023, 2, 9),
        "ergebnis": BeschlussErgebnis.EINSTIMMIG,
        "notiz": "Umsetzung des Konzepts „Wir gestalten Zukunft nachhaltig“ unter Federführung "
        "der Stabsstelle Sozialplanung; alle Maßnahmen und Projekte werden auf ihre "
        "Nachhaltigkeit geprüft.",
    },
]

# Each measure names the network by a part of its name (the network demo owns the full names).
MASSNAHMEN = [
    {
        "titel": "Sprachcafé im Quartier Roden",
        "netzwerk": "Sprachförderung",
        "gebiet": "Roden",
        "traeger": "Sozialbüro Saarlouis",
        "partner": ["Kita Roden", "Katholische Pfarrei Saarlouis"],
        "felder": ["Bildung und Erziehung", "Partizipation und Vernetzung"],
        "beschreibung": (
            "Jeden Dienstag treffen sich Zugewanderte und Ehrenamtliche zum Gespräch auf "
            "Deutsch.\n\n- Kinderbetreuung vor Ort\n- kostenlos, ohne Anmeldung"
        ),
        "budget": Decimal("4800.00"),
        "tage": (30, 395),
        "fortschritt": 10,
        "bewertungen": {P.SOZIAL: B.STARK_POSITIV, P.INTEGRATION: B.STARK_POSITIV},
        "ziele": [4, 10, 16],
        "ergebnis": "empfohlen",
        "empfehlung": "Die Maßnahme wird zur Umsetzung empfohlen.",
        "beschluesse": KONZEPT_BESCHLUESSE,
        "weg": [(S.BESCHLOSSEN, "Ratsbeschluss vom 09.02.2023")],
    },
    {
        "titel": "Lernpatenschaften für Grundschulkinder",
        "netzwerk": "Bildung",
        "gebiet": "Lisdorf",
        "traeger": "Mehrgenerationenhaus Saarlouis",
        "partner": ["Grundschule Lisdorf"],
        "felder": ["Bildung und Erziehung"],
        "beschreibung": "Ehrenamtliche Pat*innen lernen einmal in der Woche mit Kindern.",
        "budget": Decimal("12500.00"),
        "tage": (-120, 240),
        "fortschritt": 45,
        "bewertungen": {P.GENERATIONEN: B.STARK_POSITIV, P.SOZIAL: B.POSITIV},
        "ziele": [4, 10],
        "ergebnis": "empfohlen",
        "empfehlung": "Empfohlen; Pat*innen vorab schulen.",
        "beschluesse": KONZEPT_BESCHLUESSE,
        "weg": [(S.BESCHLOSSEN, "Ratsbeschluss vom 09.02.2023"), (S.LAUFEND, "")],
        "meilensteine": [
            ("Pat*innen gewonnen", -90, True),
            ("Erste Tandems gestartet", -60, True),
            ("Zwischenbericht an den Sozialausschuss", 30, False),
        ],
    },
    {
        "titel": "Familienlotsen in Fraulautern",
        "netzwerk": "Bündnis für Familie",
        "gebiet": "Fraulautern",
        "traeger": "Quartiersbüro Fraulautern",
        "partner": [],
        "felder": ["Existenzsicherung", "Partizipation und Vernetzung"],
        "beschreibung": "Ehrenamtliche Lots*innen begleiten Familien zu Ämtern und Beratung.",
        "budget": None,
        "tage": None,
        "fortschritt": 0,
    },
    {
        "titel": "Wohnraumbörse für Familien",
        "netzwerk": "Wohnraum",
        "gebiet": "Kreisstadt Saarlouis",
        "traeger": "Sozialbüro Saarlouis",
        "partner": [],
        "felder": ["Wohnen und Wohnumgebung"],
        "beschreibung": "Vermieter*innen und Familien auf Wohnungssuche zusammenbringen.",
        "budget": Decimal("3000.00"),
        "tage": (90, 455),
        "fortschritt": 0,
        # A check in progress: some premises still open.
        "entwurf": {P.SOZIAL: B.POSITIV, P.GENERATIONEN: B.POSITIV},
    },
    {
        "titel": "Elterncafé mit Sprachangebot in Steinrausch",
        "netzwerk": "Sprachförderung",
        "gebiet": "Steinrausch",
        "traeger": "Kita Steinrausch",
        "partner": ["Mehrgenerationenhaus Saarlouis"],
        "felder": ["Bildung und Erziehung", "Partizipation und Vernetzung"],
        "beschreibung": (
            "Eltern der Kita treffen sich einmal im Monat beim Frühstück; eine Sprachlehrerin "
            "ist dabei und beantwortet Fragen zu Kursen."
        ),
        "budget": Decimal("2400.00"),
        "tage": (45, 410),
        "fortschritt": 0,
        "bewertungen": {P.INTEGRATION: B.STARK_POSITIV, P.GENERATIONEN: B.POSITIV},
        "ziele": [4, 10],
        "ergebnis": "empfohlen",
        "empfehlung": "Empfohlen; mit dem Sprachcafé in Roden abstimmen.",
        # Submitted by the network coordination, not yet approved: waiting for Sozialplanung.
        "nur_vorlegen": True,
    },
    {
        "titel": "Stadtfest mit Einweggeschirr",
        "netzwerk": "Faire Stadt",
        "gebiet": "Kreisstadt Saarlouis",
        "traeger": "Steuerungsgruppe Faire Stadt Saarlouis",
        "partner": [],
        "felder": ["Partizipation und Vernetzung"],
        "beschreibung": "Ein Stadtfest mit Einweggeschirr, um Kosten zu sparen.",
        "budget": Decimal("20000.00"),
        "tage": (60, 61),
        "fortschritt": 0,
        "bewertungen": {P.OEKOLOGISCH: B.STARK_NEGATIV, P.FAIRNESS: B.NEGATIV},
        "abwaegung": "Der Müll wiegt schwerer als die gesparten Kosten.",
        "ziele": [12, 13],
        "ergebnis": "nicht_empfohlen",
        "empfehlung": "Mehrweggeschirr verwenden und neu einreichen.",
        "weg": [(S.ABGELEHNT, "Vom Bündnis zurückgezogen (Demo)")],
    },
]


def _netzwerk(teil: str, gebiet: Gebiet) -> Netzwerk | None:
    # A topic may have networks on several levels: the one of the measure's own area first,
    # then the city-level one.
    rang = Case(
        When(gebiet=gebiet, then=0), When(gebiet__art=GebietArt.GEMEINDE, then=1), default=2
    )
    return Netzwerk.objects.filter(name__icontains=teil).order_by(rang, "name").first()


def _bewerten(
    massnahme, bewertungen: dict, user, *, abschliessen: bool, daten: dict, einreicher=None
) -> None:
    pruefung = services.get_or_create_pruefung(massnahme)
    for b in pruefung.bewertungen.all():
        if abschliessen or b.praemisse in bewertungen:
            b.bewertung = bewertungen.get(b.praemisse, B.NEUTRAL)
            b.begruendung = "Demo: Einschätzung der Sozialplanung."
            b.save()
    pruefung.ergebnis = daten.get("ergebnis", "") if abschliessen else ""
    pruefung.empfehlung = daten.get("empfehlung", "")
    pruefung.abwaegung = daten.get("abwaegung", "")
    pruefung.save()
    pruefung.ziele.set(Nachhaltigkeitsziel.objects.filter(nummer__in=daten.get("ziele", [])))
    if abschliessen:
        # Four eyes: the coordination submits (the system if there is none), Sozialplanung
        # approves (unless the demo leaves the check waiting for approval).
        services.submit_check(pruefung, einreicher if einreicher != user else None)
        if not daten.get("nur_vorlegen"):
            services.complete_check(pruefung, user)


def seed_massnahmen(stdout) -> list:
    """Idempotent; returns extra logins (none: the accounts come from the accounts demo)."""
    user = (
        User.objects.filter(email="sozialplanung@example.org").first()
        or User.objects.filter(is_superuser=True).first()
    )
    einreicher = User.objects.filter(email="netzwerk@example.org").first()
    heute = timezone.localdate()
    neu = 0
    for daten in MASSNAHMEN:
        gebiet = Gebiet.objects.filter(name=daten["gebiet"]).first()
        netzwerk = _netzwerk(daten["netzwerk"], gebiet) if gebiet else None
        if netzwerk is None:
            stdout.write(f"  Maßnahme „{daten['titel']}“ übersprungen (Netzwerk/Gebiet fehlt)")
            continue
        if Massnahme.objects.filter(titel=daten["titel"]).exists():
            continue
        tage = daten["tage"]
        massnahme = Massnahme.objects.create(
            titel=daten["titel"],
            netzwerk=netzwerk,
            gebiet=gebiet,
            traeger=Organisation.objects.filter(name=daten["traeger"]).first(),
            beschreibung=daten["beschreibung"],
            budget=daten["budget"],
            beginn=heute + timedelta(days=tage[0]) if tage else None,
            ende=heute + timedelta(days=tage[1]) if tage else None,
            fortschritt=daten["fortschritt"],
            ist_demo=True,
        )
        massnahme.partner.set(Organisation.objects.filter(name__in=daten["partner"]))
        massnahme.handlungsfelder.set(Handlungsfeld.objects.filter(name__in=daten["felder"]))
        services.log_creation(massnahme, user)
        if "entwurf" in daten:
            _bewerten(massnahme, daten["entwurf"], user, abschliessen=False, daten=daten)
        if "bewertungen" in daten:
            _bewerten(
                massnahme,
                daten["bewertungen"],
                user,
                abschliessen=True,
                daten=daten,
                einreicher=einreicher,
            )
        for beschluss in daten.get("beschluesse", []):
            services_beschluesse.save_beschluss(Ratsbeschluss(massnahme=massnahme, **beschluss))
        for nach, bemerkung in daten.get("weg", []):
            services.change_status(massnahme, nach, user, bemerkung)
        for titel, tage_bis, erreicht in daten.get("meilensteine", []):
            faellig = heute + timedelta(days=tage_bis)
            massnahme.meilensteine.create(
                titel=titel, faellig_am=faellig, erreicht_am=faellig if erreicht else None
            )
        neu += 1
    stdout.write(f"  Maßnahmen: {neu} neu angelegt")
    return []
