"""Demo places of the Saarlouis concept in every Stadtteil, at each stage, plus the town hall
office of Pliezhausen, with opening hours, partners, staff posts, the stage history and one
closed day (called by ``begegnung/demo.py``). Addresses and coordinates are invented (around
Saarlouis 49.31 N, 6.75 E; Pliezhausen 48.56 N, 9.20 E). Running it again updates the places
and replaces their children."""

from datetime import date, time, timedelta
from decimal import Decimal

from begegnung.models import (
    Fachbereich,
    Oeffnungszeit,
    Ort,
    OrtArt,
    PartnerRolle,
    Partnerschaft,
    Stelle,
    Stufe,
    StufeErreicht,
)
from saarlouis_portal.konten.models import User
from saarlouis_portal.stammdaten.models import Gebiet, GebietArt, Organisation, Sprache

MO, DI, MI, DO, FR, SA = range(6)
T = time

# name, kind, stage, area, street, plz, town, lat, lon, step-free, led by the demo Ortsleitung,
# public, hours [(day, from, to)], partners [(organisation, role)], posts [(field, employer,
# share)], languages
ORTE = [
    (
        "Mehrgenerationenhaus Saarlouis",
        OrtArt.MEHRGENERATIONENHAUS,
        Stufe.ANLAUFSTELLE,
        "Innenstadt Altstadt",
        "Kleiner Markt 7",
        "66740",
        "Saarlouis",
        "49.316400",
        "6.750900",
        True,
        False,
        True,
        [(d, T(9), T(13)) for d in (MO, DI, MI, DO, FR)] + [(d, T(14), T(17)) for d in (DI, DO)],
        [
            ("Mehrgenerationenhaus Saarlouis", PartnerRolle.TRAEGER),
            ("Sozialbüro Saarlouis", PartnerRolle.MITTRAEGER),
            ("Jobcenter Landkreis Saarlouis", PartnerRolle.MITTRAEGER),
            ("Lokales Bündnis für Familie Saarlouis", PartnerRolle.PARTNER),
        ],
        [
            (Fachbereich.KINDER_JUGEND, "Mehrgenerationenhaus Saarlouis", "1.0"),
            (Fachbereich.SOZIALER_DIENST, "Sozialbüro Saarlouis", "0.75"),
            (Fachbereich.ARBEITSVERMITTLUNG, "Jobcenter Landkreis Saarlouis", "0.5"),
            (Fachbereich.SENIORENARBEIT, "Mehrgenerationenhaus Saarlouis", "0.5"),
        ],
        ["de", "fr", "tr", "ar"],
    ),
    (
        "Quartiersbüro Fraulautern",
        OrtArt.QUARTIERSBUERO,
        Stufe.ORT_DER_BEGEGNUNG,
        "Fraulautern Mitte",
        "Hülzweiler Straße 12",
        "66740",
        "Saarlouis",
        "49.329600",
        "6.774100",
        True,
        True,
        True,
        [(DI, T(10), T(12)), (DI, T(14), T(18)), (DO, T(10), T(16)), (FR, T(9), T(12))],
        [
            ("Quartiersbüro Fraulautern", PartnerRolle.TRAEGER),
            ("Sozialbüro Saarlouis", PartnerRolle.MITTRAEGER),
            ("Katholische Pfarrei Saarlouis", PartnerRolle.PARTNER),
        ],
        [
            (Fachbereich.QUARTIERSMANAGEMENT, "Quartiersbüro Fraulautern", "1.0"),
            (Fachbereich.SOZIALER_DIENST, "Sozialbüro Saarlouis", "0.5"),
        ],
        ["de", "tr", "ru"],
    ),
    (
        "Sozialbüro Saarlouis",
        OrtArt.SOZIALBUERO,
        Stufe.ORT_DER_BEGEGNUNG,
        "Innenstadt Vauban",
        "Vaubanstraße 3",
        "66740",
        "Saarlouis",
        "49.313900",
        "6.753800",
        False,
        False,
        True,
        [(d, T(8, 30), T(12)) for d in (MO, MI, FR)],
        [("Sozialbüro Saarlouis", PartnerRolle.TRAEGER)],
        [(Fachbereich.SOZIALER_DIENST, "Sozialbüro Saarlouis", "1.0")],
        ["de", "en"],
    ),
    (
        "Pfarrheim Beaumarais",
        OrtArt.PFARRZENTRUM,
        Stufe.ORT_DER_BEGEGNUNG,
        "Beaumarais",
        "Kirchstraße 21",
        "66740",
        "Saarlouis",
        "49.304600",
        "6.733200",
        True,
        False,
        True,
        [(MI, T(15), T(18)), (SA, T(10), T(12))],
        [
            ("Katholische Pfarrei Saarlouis", PartnerRolle.TRAEGER),
            ("Lokales Bündnis für Familie Saarlouis", PartnerRolle.PARTNER),
        ],
        [],
        ["de", "it"],
    ),
    (
        "Kita Roden",
        OrtArt.KITA,
        Stufe.SATELLIT,
        "Roden Nord",
        "Schulstraße 8",
        "66740",
        "Saarlouis",
        "49.331200",
        "6.759800",
        True,
        True,
        True,
        [(d, T(7), T(16)) for d in (MO, DI, MI, DO, FR)],
        [("Kita Roden", PartnerRolle.TRAEGER)],
        [],
        ["de", "ar", "uk"],
    ),
    (
        "Gemeinschaftsschule Saarlouis-Roden",
        OrtArt.SCHULE,
        Stufe.SATELLIT,
        "Roden Mitte",
        "Lebacher Straße 40",
        "66740",
        "Saarlouis",
        "49.326800",
        "6.765700",
        True,
        False,
        True,
        [(DO, T(15), T(17))],
        [("Gemeinschaftsschule Saarlouis-Roden", PartnerRolle.TRAEGER)],
        [(Fachbereich.SCHULSOZIALARBEIT, "Sozialbüro Saarlouis", "0.5")],
        ["de"],
    ),
    (
        "Kita Steinrausch",
        OrtArt.KITA,
        Stufe.SATELLIT,
        "Steinrausch",
        "Am Steinrausch 14",
        "66740",
        "Saarlouis",
        "49.308300",
        "6.724600",
        True,
        False,
        True,
        [(d, T(7, 30), T(15, 30)) for d in (MO, DI, MI, DO, FR)],
        [("Kita Steinrausch", PartnerRolle.TRAEGER)],
        [],
        ["de", "ro", "pl"],
    ),
    (
        "Grundschule Lisdorf",
        OrtArt.SCHULE,
        Stufe.SATELLIT,
        "Lisdorf",
        "Holzmühler Weg 2",
        "66740",
        "Saarlouis",
        "49.297600",
        "6.756100",
        False,
        False,
        True,
        [],
        [("Grundschule Lisdorf", PartnerRolle.TRAEGER)],
        [],
        ["de"],
    ),
    (
        "Jugendtreff Picard",
        OrtArt.JUGENDZENTRUM,
        Stufe.SATELLIT,
        "Picard",
        "Picarder Straße 5",
        "66740",
        "Saarlouis",
        "49.302100",
        "6.713800",
        True,
        False,
        True,
        [(MI, T(14), T(19)), (FR, T(14), T(20))],
        [("Evangelische Kirchengemeinde Saarlouis", PartnerRolle.PARTNER)],
        [],
        ["de", "en"],
    ),
    (
        "Gemeindehaus Neuforweiler",
        OrtArt.KIRCHE,
        Stufe.SATELLIT,
        "Neuforweiler",
        "Dorfstraße 9",
        "66740",
        "Saarlouis",
        "49.289900",
        "6.738400",
        False,
        False,
        False,
        [],
        [("Evangelische Kirchengemeinde Saarlouis", PartnerRolle.TRAEGER)],
        [],
        ["de"],
    ),
    (
        "Rathaus Pliezhausen",
        OrtArt.RATHAUS,
        Stufe.ORT_DER_BEGEGNUNG,
        "Pliezhausen",
        "Marktplatz 1",
        "72124",
        "Pliezhausen",
        "48.559100",
        "9.205400",
        True,
        False,
        True,
        [(d, T(8), T(12)) for d in (MO, DI, MI, DO, FR)] + [(DO, T(14), T(18))],
        [
            ("Gemeindeverwaltung Pliezhausen", PartnerRolle.TRAEGER),
            ("Jugendamt Reutlingen", PartnerRolle.MITTRAEGER),
            ("Diakoniestation Metzingen", PartnerRolle.PARTNER),
            ("Integrationsmanagement Pliezhausen", PartnerRolle.PARTNER),
        ],
        [
            (Fachbereich.KINDER_JUGEND, "Jugendamt Reutlingen", "0.25"),
            (Fachbereich.SOZIALER_DIENST, "Diakoniestation Metzingen", "0.25"),
            (Fachbereich.INTEGRATION, "Integrationsmanagement Pliezhausen", "0.5"),
        ],
        ["de", "en", "tr"],
    ),
]

BESCHREIBUNG = {
    "Mehrgenerationenhaus Saarlouis": (
        "Die **Anlaufstelle** in der Altstadt nach dem Vorbild der französischen *Maisons de "
        "Quartier*: Beratung, Begegnung und Bildung unter einem Dach, getragen von mehreren "
        "Partnern."
    ),
    "Rathaus Pliezhausen": (
        "Im Büro im Rathaus finden die **sozialen Sprechstunden** statt, vormittags und "
        "nachmittags. Fachkräfte des Jugendamts und der Diakoniestation beraten vertraulich."
    ),
}

# Stage history: years ago each stage was reached, by final stage.
VERLAUF = {
    Stufe.SATELLIT: [(Stufe.SATELLIT, 2)],
    Stufe.ORT_DER_BEGEGNUNG: [(Stufe.SATELLIT, 3), (Stufe.ORT_DER_BEGEGNUNG, 1)],
    Stufe.ANLAUFSTELLE: [
        (Stufe.SATELLIT, 4),
        (Stufe.ORT_DER_BEGEGNUNG, 2),
        (Stufe.ANLAUFSTELLE, 0),
    ],
}


def _gebiet(name: str) -> Gebiet:
    """The Sozialraum of that name, or the Stadtteil (Pliezhausen has no Sozialräume)."""
    gebiete = Gebiet.objects.filter(name=name, art__in=[GebietArt.SOZIALRAUM, GebietArt.STADTTEIL])
    return gebiete.order_by("-art").first() or gebiete.get()


def seed_orte(heute: date) -> dict[str, Ort]:
    """The demo places by name."""
    ortsleitung = User.objects.filter(email="ortsleitung@example.org").first()
    sprachen = {s.code: s for s in Sprache.objects.all()}
    orgs = {o.name: o for o in Organisation.objects.all()}
    orte = {}
    for (
        name,
        art,
        stufe,
        gebiet,
        strasse,
        plz,
        ortsname,
        breite,
        laenge,
        stufenlos,
        geleitet,
        oeffentlich,
        zeiten,
        partner,
        stellen,
        codes,
    ) in ORTE:
        ort, _created = Ort.objects.update_or_create(
            name=name,
            ist_demo=True,
            defaults={
                "art": art,
                "stufe": stufe,
                "gebiet": _gebiet(gebiet),
                "strasse": strasse,
                "plz": plz,
                "ortsname": ortsname,
                "breitengrad": Decimal(breite),
                "laengengrad": Decimal(laenge),
                "stufenloser_zugang": stufenlos,
                "barrierefreies_wc": stufenlos,
                "induktionsschleife": art == OrtArt.RATHAUS,
                "telefon": "07127 000000" if plz == "72124" else "06831 000000",
                "email": "ort@example.org",
                "beschreibung": BESCHREIBUNG.get(
                    name, f"{OrtArt(art).label} im Stadtteil – ein Treffpunkt für alle."
                ),
                "interne_notiz": "Demo: interne Notiz, nie öffentlich.",
                "oeffentlich": oeffentlich,
            },
        )
        orte[name] = ort
        if geleitet and ortsleitung:
            ort.leitung.add(ortsleitung)
        ort.sprachen.set([sprachen[c] for c in codes if c in sprachen])
        ort.oeffnungszeiten.all().delete()
        Oeffnungszeit.objects.bulk_create(
            Oeffnungszeit(ort=ort, wochentag=d, beginn=b, ende=e) for d, b, e in zeiten
        )
        ort.partnerschaften.all().delete()
        Partnerschaft.objects.bulk_create(
            Partnerschaft(ort=ort, organisation=orgs[o], rolle=r) for o, r in partner if o in orgs
        )
        ort.stellen.all().delete()
        Stelle.objects.bulk_create(
            Stelle(ort=ort, fachbereich=f, arbeitgeber=orgs[o], anteil=Decimal(a))
            for f, o, a in stellen
            if o in orgs
        )
        ort.stufen.all().delete()
        StufeErreicht.objects.bulk_create(
            StufeErreicht(ort=ort, stufe=s, erreicht_am=date(heute.year - jahre, 3, 1))
            for s, jahre in VERLAUF[stufe]
        )
    # A closed day next week shows how exceptions look.
    naechste_woche = heute + timedelta(days=7)
    orte["Quartiersbüro Fraulautern"].ausnahmen.update_or_create(
        datum=naechste_woche, defaults={"geschlossen": True, "grund": "Betriebsausflug"}
    )
    return orte
