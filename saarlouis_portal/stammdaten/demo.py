"""Demo master data: the area trees of Saarlouis and of Pliezhausen and Lichtenstein (the two
pilot Gemeinden of the Landkreis Reutlingen) and the organisations named in the two concepts.
Population figures are invented and marked as demo data (ist_demo)."""

from saarlouis_portal.stammdaten.models import (
    Ansprechperson,
    Gebiet,
    GebietArt,
    Organisation,
    OrganisationArt,
    Sozialgesetzbuch,
)

# Stadtteil: [(Sozialraum, invented population), ...]
SAARLOUIS = {
    "Innenstadt": [("Innenstadt Altstadt", 3100), ("Innenstadt Vauban", 2900)],
    "Beaumarais": [("Beaumarais", 2400)],
    "Fraulautern": [("Fraulautern Mitte", 3300), ("Fraulautern Nord", 2600)],
    "Lisdorf": [("Lisdorf", 3200)],
    "Neuforweiler": [("Neuforweiler", 2300)],
    "Picard": [("Picard", 1400)],
    "Roden": [("Roden Mitte", 3600), ("Roden Nord", 3400)],
    "Steinrausch": [("Steinrausch", 5800)],
}
PLIEZHAUSEN = {"Pliezhausen": 5600, "Dörnach": 1200, "Gniebel": 1700, "Rübgarten": 1400}
# The second pilot Gemeinde of the Landkreis Reutlingen, where the project began.
LICHTENSTEIN = {"Unterhausen": 5300, "Honau": 700, "Holzelfingen": 2900}

ORGANISATIONEN = [
    # name, kind, place, SGB books, areas (names), website
    (
        "Stabsstelle Sozialplanung Saarlouis",
        OrganisationArt.BEHOERDE,
        "Saarlouis",
        [],
        ["Kreisstadt Saarlouis"],
    ),
    (
        "Jobcenter Landkreis Saarlouis",
        OrganisationArt.BEHOERDE,
        "Saarlouis",
        ["II"],
        ["Landkreis Saarlouis"],
    ),
    (
        "Agentur für Arbeit Saarlouis",
        OrganisationArt.BEHOERDE,
        "Saarlouis",
        ["III"],
        ["Landkreis Saarlouis"],
    ),
    (
        "Sozialbüro Saarlouis",
        OrganisationArt.TRAEGER,
        "Saarlouis",
        ["XII"],
        ["Kreisstadt Saarlouis"],
    ),
    ("Quartiersbüro Fraulautern", OrganisationArt.TRAEGER, "Saarlouis", [], ["Fraulautern"]),
    (
        "Mehrgenerationenhaus Saarlouis",
        OrganisationArt.TRAEGER,
        "Saarlouis",
        ["VIII", "XI"],
        ["Innenstadt"],
    ),
    ("Kita Roden", OrganisationArt.KITA, "Saarlouis", ["VIII"], ["Roden"]),
    ("Kita Steinrausch", OrganisationArt.KITA, "Saarlouis", ["VIII"], ["Steinrausch"]),
    ("Grundschule Lisdorf", OrganisationArt.SCHULE, "Saarlouis", [], ["Lisdorf"]),
    ("Gemeinschaftsschule Saarlouis-Roden", OrganisationArt.SCHULE, "Saarlouis", [], ["Roden"]),
    (
        "Katholische Pfarrei Saarlouis",
        OrganisationArt.KIRCHE,
        "Saarlouis",
        [],
        ["Kreisstadt Saarlouis"],
    ),
    (
        "Evangelische Kirchengemeinde Saarlouis",
        OrganisationArt.KIRCHE,
        "Saarlouis",
        [],
        ["Kreisstadt Saarlouis"],
    ),
    (
        "Lokales Bündnis für Familie Saarlouis",
        OrganisationArt.INITIATIVE,
        "Saarlouis",
        [],
        ["Kreisstadt Saarlouis"],
    ),
    (
        "Steuerungsgruppe Faire Stadt Saarlouis",
        OrganisationArt.INITIATIVE,
        "Saarlouis",
        [],
        ["Kreisstadt Saarlouis"],
    ),
    (
        "Jugendamt Reutlingen",
        OrganisationArt.BEHOERDE,
        "Reutlingen",
        ["VIII"],
        ["Landkreis Reutlingen"],
    ),
    (
        "Diakoniestation Metzingen",
        OrganisationArt.TRAEGER,
        "Metzingen",
        ["V", "XI"],
        ["Landkreis Reutlingen"],
    ),
    (
        "Gemeindeverwaltung Pliezhausen",
        OrganisationArt.BEHOERDE,
        "Pliezhausen",
        [],
        ["Gemeinde Pliezhausen"],
    ),
    # The Landkreis finances the pilot sites of "Sozialraumorientierung".
    (
        "Landkreis Reutlingen",
        OrganisationArt.BEHOERDE,
        "Reutlingen",
        [],
        ["Landkreis Reutlingen"],
    ),
    (
        "Jobcenter Landkreis Reutlingen",
        OrganisationArt.BEHOERDE,
        "Reutlingen",
        ["II"],
        ["Landkreis Reutlingen"],
    ),
    (
        "Gemeindeverwaltung Lichtenstein",
        OrganisationArt.BEHOERDE,
        "Lichtenstein",
        [],
        ["Gemeinde Lichtenstein"],
    ),
    (
        "Integrationsmanagement Pliezhausen",
        OrganisationArt.BEHOERDE,
        "Pliezhausen",
        [],
        ["Gemeinde Pliezhausen"],
    ),
    (
        "Jugendhaus Pliezhausen",
        OrganisationArt.VEREIN,
        "Pliezhausen",
        ["VIII"],
        ["Gemeinde Pliezhausen"],
    ),
    (
        "Gemeinschaftsschule Pliezhausen",
        OrganisationArt.SCHULE,
        "Pliezhausen",
        [],
        ["Gemeinde Pliezhausen"],
    ),
]

# Invented people with example addresses: never real names or contact data.
ANSPRECHPERSONEN = [
    ("Stabsstelle Sozialplanung Saarlouis", "Kim", "Beispiel", "Sozialplanung"),
    ("Jugendamt Reutlingen", "Robin", "Muster", "Sozialarbeit, Sprechstunde Pliezhausen"),
    ("Diakoniestation Metzingen", "Jona", "Probe", "Sozialarbeit, Sprechstunde Pliezhausen"),
    ("Quartiersbüro Fraulautern", "Luca", "Demo", "Quartiersmanagement"),
]


def _gebiet(name, art, eltern=None, einwohner=None):
    gebiet, _created = Gebiet.objects.update_or_create(
        name=name,
        eltern=eltern,
        defaults={
            "art": art,
            "einwohnerzahl": einwohner,
            "einwohnerzahl_stand": 2025 if einwohner else None,
            "ist_demo": True,
        },
    )
    return gebiet


def seed(stdout):
    lk_saarlouis = _gebiet("Landkreis Saarlouis", GebietArt.LANDKREIS)
    total = sum(e for raeume in SAARLOUIS.values() for _n, e in raeume)
    saarlouis = _gebiet("Kreisstadt Saarlouis", GebietArt.GEMEINDE, lk_saarlouis, total)
    raeume = {}
    for stadtteil_name, sozialraeume in SAARLOUIS.items():
        stadtteil = _gebiet(
            stadtteil_name, GebietArt.STADTTEIL, saarlouis, sum(e for _n, e in sozialraeume)
        )
        for name, einwohner in sozialraeume:
            raeume[name] = _gebiet(name, GebietArt.SOZIALRAUM, stadtteil, einwohner)
    foerder = _gebiet("Sozialer Zusammenhalt Roden/Fraulautern", GebietArt.FOERDERGEBIET, saarlouis)
    foerder.umfasst.set([raeume["Roden Nord"], raeume["Fraulautern Mitte"]])

    lk_reutlingen = _gebiet("Landkreis Reutlingen", GebietArt.LANDKREIS)
    pliezhausen = _gebiet(
        "Gemeinde Pliezhausen", GebietArt.GEMEINDE, lk_reutlingen, sum(PLIEZHAUSEN.values())
    )
    for name, einwohner in PLIEZHAUSEN.items():
        _gebiet(name, GebietArt.STADTTEIL, pliezhausen, einwohner)
    lichtenstein = _gebiet(
        "Gemeinde Lichtenstein", GebietArt.GEMEINDE, lk_reutlingen, sum(LICHTENSTEIN.values())
    )
    for name, einwohner in LICHTENSTEIN.items():
        _gebiet(name, GebietArt.STADTTEIL, lichtenstein, einwohner)

    gebiete = {g.name: g for g in Gebiet.objects.exclude(art=GebietArt.SOZIALRAUM)}
    buecher = {b.nummer: b for b in Sozialgesetzbuch.objects.all()}
    for name, art, ort, sgb, bereiche in ORGANISATIONEN:
        organisation, _created = Organisation.objects.update_or_create(
            name=name, defaults={"art": art, "ort": ort, "ist_demo": True, "aktiv": True}
        )
        organisation.sgb_buecher.set([buecher[n] for n in sgb])
        organisation.gebiete.set([gebiete[n] for n in bereiche])
    for org_name, vorname, nachname, funktion in ANSPRECHPERSONEN:
        organisation = Organisation.objects.get(name=org_name)
        Ansprechperson.objects.update_or_create(
            organisation=organisation,
            nachname=nachname,
            vorname=vorname,
            defaults={
                "funktion": funktion,
                "email": f"{vorname.lower()}.{nachname.lower()}@example.org",
            },
        )
    stdout.write(
        f"  Stammdaten: {Gebiet.objects.count()} Gebiete, "
        f"{Organisation.objects.count()} Organisationen"
    )
    return []
