"""Demo Sorgekreise at several demo Orte der Begegnung, with invented helpers, requests and
matches (every row ``ist_demo``). Runs after ``begegnung.demo`` (INSTALLED_APPS order).

Idempotent: circles and helpers are updated by name; the demo requests (and their matches and
access log) are made anew on each run, so the counts stay the same.
"""

from datetime import time, timedelta
from decimal import Decimal

from django.utils import timezone

from begegnung.models import Ort
from saarlouis_portal.konten.models import User
from saarlouis_portal.stammdaten.models import Gebiet, GebietArt, Organisation, Sprache
from sorgekreise.models import (
    AnfrageStatus,
    Benachrichtigung,
    Dringlichkeit,
    Faehigkeit,
    Helfende,
    HelfendeStatus,
    Hilfeanfrage,
    Quelle,
    Schwerpunkt,
    Sorgekreis,
    Teilnahme,
    TeilnahmeRolle,
    Treffen,
    Verfuegbarkeit,
    Vermittlung,
    VermittlungErgebnis,
    VermittlungStatus,
)

DEMO_VERSION = "demo"
MO, DI, MI, DO, FR, SA = range(6)

# name, place, focus, coordinated by the demo Ortsleitung, short text, description,
# participants [(organisation or person, role, task, named publicly)]
KREISE = [
    (
        "Sorgekreis Roden Nord",
        "Kita Roden",
        Schwerpunkt.FAMILIE,
        True,
        "Familien im Quartier helfen einander: Einkaufen, Kinderbetreuung, Wege zu Ämtern.",
        "Der Sorgekreis an der **Kita Roden** bringt Eltern, Nachbarinnen und Nachbarn, "
        "Ehrenamtliche und Fachkräfte zusammen.\n\n"
        "- Hilfe beim Einkaufen und im Haushalt\n"
        "- Kinderbetreuung durch geprüfte Ehrenamtliche\n"
        "- Begleitung zu Ämtern, Ärztinnen und Ärzten",
        [
            ("Lokales Bündnis für Familie Saarlouis", TeilnahmeRolle.VEREIN, "Vernetzung", True),
            ("Sozialbüro Saarlouis", TeilnahmeRolle.FAMILIENHILFE, "Familienhilfe", True),
            ("Demo: Maria Beispiel", TeilnahmeRolle.PATE, "Patenschaften", False),
        ],
    ),
    (
        "Sorgekreis Fraulautern",
        "Quartiersbüro Fraulautern",
        Schwerpunkt.NACHBARSCHAFT,
        True,
        "Nachbarschaftshilfe rund um das Quartiersbüro: Besuche, Fahrten, kleine Hilfen.",
        "Im Sorgekreis Fraulautern helfen Nachbarinnen und Nachbarn älteren Menschen und "
        "allen, die gerade Unterstützung brauchen. Treffpunkt ist das **Quartiersbüro**.",
        [
            (
                "Sozialbüro Saarlouis",
                TeilnahmeRolle.EINZELFALLHILFE,
                "Beratung im Einzelfall",
                True,
            ),
            ("Demo: Nachbarschaftsverein", TeilnahmeRolle.NACHBARSCHAFTSHILFE, "", False),
        ],
    ),
    (
        "Sorgekreis Innenstadt",
        "Mehrgenerationenhaus Saarlouis",
        Schwerpunkt.SENIOREN,
        False,
        "Jung hilft Alt und Alt hilft Jung: Besuchsdienst, Lotsen und Paten.",
        "Der Sorgekreis im **Mehrgenerationenhaus** vermittelt Besuche, Begleitung und "
        "Patenschaften zwischen den Generationen.",
        [
            ("Mehrgenerationenhaus Saarlouis", TeilnahmeRolle.VEREIN, "Träger des Hauses", True),
            ("Jobcenter Landkreis Saarlouis", TeilnahmeRolle.LOTSE, "Lotsen zur Arbeit", True),
        ],
    ),
    (
        "Sorgekreis Pliezhausen",
        "Rathaus Pliezhausen",
        Schwerpunkt.ALLGEMEIN,
        False,
        "Hilfe von Mensch zu Mensch in der Gemeinde, organisiert im Rathaus.",
        "Ein Sorgekreis nach dem Vorbild der Sozialraumorientierung in Pliezhausen.",
        [],
    ),
]

# name, circle, status, skills, languages, areas, times [(day, from, to)], certificate valid
# for days (None: none), contact
HELFENDE = [
    (
        "Demo: Hanna Helfer",
        "Sorgekreis Roden Nord",
        HelfendeStatus.AKTIV,
        ["einkaufen", "begleitung"],
        [],
        ["Roden Nord"],
        [(DI, time(9), time(12)), (DO, time(14), time(17))],
        None,
        "hanna.helfer@example.org",
    ),
    (
        "Demo: Kemal Kaya",
        "Sorgekreis Roden Nord",
        HelfendeStatus.GEPRUEFT,
        ["sprachmittlung", "begleitung", "lotse"],
        ["tr", "ar"],
        ["Roden Nord", "Roden Mitte"],
        [(MO, time(16), time(19)), (MI, time(16), time(19))],
        None,
        "kemal.kaya@example.org",
    ),
    (
        "Demo: Sabine Sommer",
        "Sorgekreis Roden Nord",
        HelfendeStatus.AKTIV,
        ["kinderbetreuung", "hausaufgaben"],
        [],
        ["Roden Nord"],
        [(DI, time(14), time(18)), (FR, time(14), time(18))],
        400,
        "sabine.sommer@example.org",
    ),
    (
        "Demo: Peter Paus",
        "Sorgekreis Roden Nord",
        HelfendeStatus.PAUSIERT,
        ["einkaufen", "fahrdienst"],
        [],
        ["Roden Nord"],
        [(SA, time(9), time(12))],
        None,
        "peter.paus@example.org",
    ),
    (
        "Demo: Gisela Gerne",
        "Sorgekreis Fraulautern",
        HelfendeStatus.AKTIV,
        ["besuchsdienst", "einkaufen"],
        [],
        ["Fraulautern Mitte"],
        [(MO, time(10), time(12)), (MI, time(10), time(12))],
        None,
        "gisela.gerne@example.org",
    ),
    (
        "Demo: Tom Neu",
        "Sorgekreis Fraulautern",
        HelfendeStatus.NEU,
        ["fahrdienst", "haushalt"],
        [],
        ["Fraulautern Mitte"],
        [(SA, time(10), time(14))],
        None,
        "tom.neu@example.org",
    ),
    (
        "Demo: Paula Patin",
        "Sorgekreis Innenstadt",
        HelfendeStatus.GEPRUEFT,
        ["patenschaft", "kinderbetreuung"],
        ["fr"],
        ["Innenstadt Altstadt", "Innenstadt Vauban"],
        [(DO, time(15), time(18))],
        20,
        "paula.patin@example.org",
    ),
]

# circle, kind, area, urgency, weekday, from, to, status, name, days ago, match
# (helper, match status, hours)
ANFRAGEN = [
    (
        "Sorgekreis Roden Nord",
        "einkaufen",
        "Roden Nord",
        Dringlichkeit.BALD,
        DI,
        time(10),
        time(11),
        AnfrageStatus.OFFEN,
        "Demo: Frau A.",
        2,
        None,
    ),
    (
        "Sorgekreis Roden Nord",
        "sprachmittlung",
        "Roden Nord",
        Dringlichkeit.NORMAL,
        MI,
        time(16),
        time(18),
        AnfrageStatus.VERMITTELT,
        "Demo: Familie B.",
        12,
        ("Demo: Kemal Kaya", VermittlungStatus.ANGENOMMEN, None),
    ),
    (
        "Sorgekreis Roden Nord",
        "kinderbetreuung",
        "Roden Nord",
        Dringlichkeit.DRINGEND,
        FR,
        time(15),
        time(17),
        AnfrageStatus.ERLEDIGT,
        "Demo: Herr C.",
        60,
        ("Demo: Sabine Sommer", VermittlungStatus.ABGESCHLOSSEN, Decimal("12.5")),
    ),
    (
        "Sorgekreis Fraulautern",
        "besuchsdienst",
        "Fraulautern Mitte",
        Dringlichkeit.NORMAL,
        MO,
        time(10),
        time(12),
        AnfrageStatus.ERLEDIGT,
        "Demo: Frau D.",
        90,
        ("Demo: Gisela Gerne", VermittlungStatus.ABGESCHLOSSEN, Decimal("20")),
    ),
    (
        "Sorgekreis Fraulautern",
        "fahrdienst",
        "Fraulautern Mitte",
        Dringlichkeit.BALD,
        None,
        None,
        None,
        AnfrageStatus.ZURUECKGEZOGEN,
        "Demo: Herr E.",
        30,
        None,
    ),
    (
        "Sorgekreis Innenstadt",
        "patenschaft",
        "Innenstadt Altstadt",
        Dringlichkeit.NORMAL,
        DO,
        time(15),
        time(17),
        AnfrageStatus.OFFEN,
        "Demo: Familie F.",
        5,
        None,
    ),
]


def _gebiet(name: str) -> Gebiet | None:
    gebiete = Gebiet.objects.filter(name=name, art__in=[GebietArt.SOZIALRAUM, GebietArt.STADTTEIL])
    return gebiete.order_by("-art").first()


def seed(stdout):
    jetzt = timezone.now()
    heute = timezone.localdate()
    ortsleitung = User.objects.filter(email="ortsleitung@example.org").first()
    orte = {o.name: o for o in Ort.objects.filter(ist_demo=True)}
    orgs = {o.name: o for o in Organisation.objects.all()}
    faehigkeiten = {f.schluessel: f for f in Faehigkeit.objects.all()}
    sprachen = {s.code: s for s in Sprache.objects.all()}

    kreise = {}
    for name, ort_name, schwerpunkt, koordiniert, kurz, text, teilnahmen in KREISE:
        if ort_name not in orte:
            continue
        kreis, _created = Sorgekreis.objects.update_or_create(
            name=name,
            ist_demo=True,
            defaults={
                "ort": orte[ort_name],
                "schwerpunkt": schwerpunkt,
                "kurzbeschreibung": kurz,
                "beschreibung": text,
                "oeffentlich": True,
                "nimmt_anfragen_an": True,
            },
        )
        kreise[name] = kreis
        if koordiniert and ortsleitung:
            kreis.koordination.add(ortsleitung)
        kreis.teilnahmen.all().delete()
        Teilnahme.objects.bulk_create(
            Teilnahme(
                sorgekreis=kreis,
                organisation=orgs.get(wer),
                name="" if wer in orgs else wer,
                rolle=rolle,
                aufgabe=aufgabe,
                oeffentlich_nennen=oeffentlich,
            )
            for wer, rolle, aufgabe, oeffentlich in teilnahmen
        )
        kreis.treffen.all().delete()
        Treffen.objects.create(
            sorgekreis=kreis,
            beginn=jetzt.replace(hour=17, minute=0, second=0, microsecond=0) + timedelta(days=14),
            thema="Austausch der Helfenden (Demo)",
            notizen="Tagesordnung: neue Anfragen, Schulung, Termine.",
        )

    helfende = {}
    for name, kreis_name, status, keys, codes, gebiete, zeiten, zeugnis, email in HELFENDE:
        if kreis_name not in kreise:
            continue
        geprueft = status != HelfendeStatus.NEU
        person, _created = Helfende.objects.update_or_create(
            name=name,
            ist_demo=True,
            defaults={
                "email": email,
                "telefon": "06831 000000",
                "status": status,
                "quelle": Quelle.VERWALTUNG,
                "geprueft_am": heute - timedelta(days=200) if geprueft else None,
                "pruefung_notiz": "Kennenlerngespräch geführt (Demo)" if geprueft else "",
                "fuehrungszeugnis_vom": heute - timedelta(days=300) if zeugnis else None,
                "fuehrungszeugnis_gueltig_bis": heute + timedelta(days=zeugnis)
                if zeugnis
                else None,
                "einwilligung_version": DEMO_VERSION,
                "einwilligung_am": jetzt,
            },
        )
        helfende[name] = person
        person.faehigkeiten.set([faehigkeiten[k] for k in keys if k in faehigkeiten])
        person.sprachen.set([sprachen[c] for c in codes if c in sprachen])
        person.gebiete.set([g for g in map(_gebiet, gebiete) if g is not None])
        person.sorgekreise.set([kreise[kreis_name]])
        person.verfuegbarkeiten.all().delete()
        Verfuegbarkeit.objects.bulk_create(
            Verfuegbarkeit(helfende=person, wochentag=d, beginn=b, ende=e) for d, b, e in zeiten
        )

    # Requests are made anew: their matches and access log go with them.
    Hilfeanfrage.objects.filter(ist_demo=True).delete()
    for (
        kreis_name,
        key,
        gebiet_name,
        dringlichkeit,
        wochentag,
        von,
        bis,
        status,
        name,
        tage,
        vermittlung,
    ) in ANFRAGEN:
        gebiet = _gebiet(gebiet_name)
        if kreis_name not in kreise or gebiet is None or key not in faehigkeiten:
            continue
        erstellt = jetzt - timedelta(days=tage)
        abgeschlossen = (
            erstellt + timedelta(days=tage // 2)
            if status in (AnfrageStatus.ERLEDIGT, AnfrageStatus.ZURUECKGEZOGEN)
            else None
        )
        anfrage = Hilfeanfrage.objects.create(
            sorgekreis=kreise[kreis_name],
            art=faehigkeiten[key],
            gebiet=gebiet,
            dringlichkeit=dringlichkeit,
            wochentag=wochentag,
            uhrzeit_von=von,
            uhrzeit_bis=bis,
            name=name,
            telefon="06831 000000",
            notiz="Erfundene Demo-Anfrage.",
            status=status,
            quelle=Quelle.OEFFENTLICH,
            einwilligung_version=DEMO_VERSION,
            einwilligung_am=erstellt,
            abgeschlossen_am=abgeschlossen,
            ist_demo=True,
        )
        # erstellt_am is auto_now_add: spread the demo requests over the past months.
        Hilfeanfrage.objects.filter(pk=anfrage.pk).update(erstellt_am=erstellt)
        if vermittlung and vermittlung[0] in helfende:
            helfer, v_status, stunden = vermittlung
            # The demo people gave a phone number only: an accepted match is a call task for
            # the coordination (issue 17), a closed one was phoned the day after the yes.
            geschlossen = v_status == VermittlungStatus.ABGESCHLOSSEN
            Vermittlung.objects.create(
                anfrage=anfrage,
                helfende=helfende[helfer],
                status=v_status,
                vorgeschlagen_von=ortsleitung,
                vorgeschlagen_am=erstellt + timedelta(days=1),
                angenommen_am=erstellt + timedelta(days=2),
                abgeschlossen_am=abgeschlossen,
                stunden=stunden,
                ergebnis=VermittlungErgebnis.GEHOLFEN if geschlossen else "",
                benachrichtigt_per=Benachrichtigung.TELEFON,
                benachrichtigt_am=erstellt + timedelta(days=3) if geschlossen else None,
                benachrichtigt_von=ortsleitung if geschlossen else None,
            )
    stdout.write(
        f"  Sorgekreise: {Sorgekreis.objects.filter(ist_demo=True).count()} Sorgekreise, "
        f"{Helfende.objects.filter(ist_demo=True).count()} Helfende, "
        f"{Hilfeanfrage.objects.filter(ist_demo=True).count()} Hilfeanfragen (Demodaten)"
    )
    return []
