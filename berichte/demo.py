"""Demo data of the reports: indicators of the three concept chapters (Demografie, Armut,
Migration und Zuwanderung) with values for the demo Sozialräume, Stadtteile and the Kreisstadt
Saarlouis for six years, and one social monitoring; then the demo report (berichte/demo_bericht.py).

Demodaten – erfundene Werte: every number here is invented (deterministic, so a second run
changes nothing). Indicators are marked ``ist_demo`` and name "Demodaten – erfundene Werte" as
their source; the values point to an Importlauf of the same name.
"""

import random
from decimal import Decimal

from django.db.models import Max

from berichte.models import (
    Einheit,
    Importlauf,
    Indikator,
    KapitelArt,
    Messwert,
    Monitoring,
    Richtung,
)
from saarlouis_portal.stammdaten.models import Gebiet, GebietArt

QUELLE = "Demodaten – erfundene Werte"
JAHRE = range(2020, 2026)
GEMEINDE = "Kreisstadt Saarlouis"

# key, name, chapter, unit, direction, decimals, definition, numerator, denominator
INDIKATOREN = [
    (
        "einwohner",
        "Einwohnerinnen und Einwohner",
        KapitelArt.DEMOGRAFIE,
        Einheit.ANZAHL,
        Richtung.NEUTRAL,
        0,
        "Personen mit Hauptwohnsitz am 31.12.",
        "",
        "",
    ),
    (
        "anteil_u18",
        "Anteil unter 18 Jahren",
        KapitelArt.DEMOGRAFIE,
        Einheit.PROZENT,
        Richtung.NEUTRAL,
        1,
        "Anteil der Minderjährigen an allen Einwohnerinnen und Einwohnern.",
        "Einwohner unter 18 Jahren",
        "Einwohner insgesamt",
    ),
    (
        "anteil_65plus",
        "Anteil 65 Jahre und älter",
        KapitelArt.DEMOGRAFIE,
        Einheit.PROZENT,
        Richtung.NEUTRAL,
        1,
        "Anteil der Älteren an allen Einwohnerinnen und Einwohnern.",
        "Einwohner ab 65 Jahren",
        "Einwohner insgesamt",
    ),
    (
        "jugendquotient",
        "Jugendquotient",
        KapitelArt.DEMOGRAFIE,
        Einheit.ANZAHL,
        Richtung.NEUTRAL,
        1,
        "Unter 18-Jährige je 100 Personen von 18 bis 64 Jahren.",
        "Einwohner unter 18 Jahren",
        "Einwohner von 18 bis 64 Jahren (je 100)",
    ),
    (
        "altenquotient",
        "Altenquotient",
        KapitelArt.DEMOGRAFIE,
        Einheit.ANZAHL,
        Richtung.NEUTRAL,
        1,
        "Personen ab 65 Jahren je 100 Personen von 18 bis 64 Jahren.",
        "Einwohner ab 65 Jahren",
        "Einwohner von 18 bis 64 Jahren (je 100)",
    ),
    (
        "sgb2_quote",
        "SGB-II-Quote",
        KapitelArt.ARMUT,
        Einheit.PROZENT,
        Richtung.NIEDRIGER_BESSER,
        1,
        "Anteil der Personen in Bedarfsgemeinschaften nach dem SGB II.",
        "Personen in Bedarfsgemeinschaften nach SGB II",
        "Einwohner unter 65 Jahren",
    ),
    (
        "kinderarmut",
        "Kinderarmut (SGB II unter 15)",
        KapitelArt.ARMUT,
        Einheit.PROZENT,
        Richtung.NIEDRIGER_BESSER,
        1,
        "Anteil der Kinder unter 15 Jahren, die Leistungen nach dem SGB II beziehen.",
        "Kinder unter 15 in Bedarfsgemeinschaften",
        "Kinder unter 15 Jahren",
    ),
    (
        "grundsicherung_alter",
        "Grundsicherung im Alter",
        KapitelArt.ARMUT,
        Einheit.PROZENT,
        Richtung.NIEDRIGER_BESSER,
        1,
        "Anteil der Personen ab 65 Jahren mit Grundsicherung nach dem SGB XII.",
        "Empfänger von Grundsicherung im Alter",
        "Einwohner ab 65 Jahren",
    ),
    (
        "auslaenderanteil",
        "Ausländeranteil",
        KapitelArt.MIGRATION,
        Einheit.PROZENT,
        Richtung.NEUTRAL,
        1,
        "Anteil der Personen ohne deutsche Staatsangehörigkeit.",
        "Einwohner ohne deutsche Staatsangehörigkeit",
        "Einwohner insgesamt",
    ),
    (
        "migrationshintergrund",
        "Anteil mit Migrationshintergrund",
        KapitelArt.MIGRATION,
        Einheit.PROZENT,
        Richtung.NEUTRAL,
        1,
        "Anteil der Personen, die selbst oder deren Eltern zugewandert sind.",
        "Einwohner mit Migrationshintergrund",
        "Einwohner insgesamt",
    ),
    (
        "gefluechtete",
        "Geflüchtete",
        KapitelArt.MIGRATION,
        Einheit.ANZAHL,
        Richtung.NEUTRAL,
        0,
        "Schutzsuchende mit Wohnsitz im Gebiet.",
        "",
        "",
    ),
]

# How strained each demo Sozialraum is (0 … 1); the Fördergebiet areas are the highest.
BELASTUNG = {
    "Roden Nord": 0.9,
    "Fraulautern Mitte": 0.8,
    "Steinrausch": 0.7,
    "Innenstadt Vauban": 0.55,
    "Picard": 0.5,
}
MONITORING_NAME = "Sozialmonitoring Saarlouis (Demo)"


def _werte_fuer(gebiet: Gebiet, einwohner_basis: int) -> dict[int, dict[str, float]]:
    """Invented values of one Sozialraum per year (deterministic: seeded by its name)."""
    rng = random.Random(f"demo-{gebiet.name}")
    d = BELASTUNG.get(gebiet.name, rng.uniform(0.1, 0.45))
    trend = rng.uniform(-0.25, 0.25)
    drift = rng.uniform(-0.006, 0.008)
    werte = {}
    for k, jahr in enumerate(JAHRE):

        def noise(scale):
            return rng.uniform(-scale, scale)

        u18 = 15 + 5 * d + noise(0.4)
        ab65 = 26 - 6 * d + 0.3 * k + noise(0.4)
        mitte = 100 - u18 - ab65
        sgb2 = max(0.5, 4 + 12 * d + trend * k + noise(0.3))
        auslaender = 8 + 20 * d + 0.5 * k + noise(0.4)
        einwohner = round(einwohner_basis * (1 + drift * (k - 5)))
        werte[jahr] = {
            "einwohner": einwohner,
            "anteil_u18": u18,
            "anteil_65plus": ab65,
            "jugendquotient": u18 / mitte * 100,
            "altenquotient": ab65 / mitte * 100,
            "sgb2_quote": sgb2,
            "kinderarmut": min(99, sgb2 * 1.6 + noise(0.5)),
            "grundsicherung_alter": 2 + 5 * d + 0.1 * k + noise(0.2),
            "auslaenderanteil": auslaender,
            "migrationshintergrund": min(95, auslaender * 1.8 + noise(1)),
            "gefluechtete": round(einwohner * (0.5 + 2 * d + 0.1 * k) / 100),
        }
    return werte


def _zusammenfassen(teile: list[dict[str, float]]) -> dict[str, float]:
    """Values of a larger area: counts add up, rates are weighted by population."""
    gesamt = sum(t["einwohner"] for t in teile)
    ergebnis = {}
    for schluessel, *_rest in INDIKATOREN:
        if schluessel in ("einwohner", "gefluechtete"):
            ergebnis[schluessel] = sum(t[schluessel] for t in teile)
        else:
            ergebnis[schluessel] = sum(t[schluessel] * t["einwohner"] for t in teile) / gesamt
    return ergebnis


def seed(stdout):
    gemeinde = Gebiet.objects.filter(name=GEMEINDE, art=GebietArt.GEMEINDE).first()
    if gemeinde is None:
        stdout.write("  Berichte: Demo-Gemeinde fehlt, keine Kennzahlen angelegt.")
        return []
    indikatoren = {}
    for schluessel, name, kapitel, einheit, richtung, stellen, definition, z, n in INDIKATOREN:
        indikatoren[schluessel], _created = Indikator.objects.update_or_create(
            schluessel=schluessel,
            defaults={
                "name": name,
                "kapitel": kapitel,
                "einheit": einheit,
                "richtung": richtung,
                "nachkommastellen": stellen,
                "definition": f"{definition} ({QUELLE}.)",
                "zaehler": z,
                "nenner": n,
                "quelle": QUELLE,
                "ist_demo": True,
            },
        )

    sozialraeume = list(Gebiet.objects.within(gemeinde).sozialraeume().select_related("eltern"))
    rows: dict[Gebiet, dict[int, dict[str, float]]] = {}
    for sozialraum in sozialraeume:
        basis = sozialraum.einwohnerzahl
        if basis is None:
            basis = random.Random(f"demo-ew-{sozialraum.name}").randrange(1200, 5000, 100)
            sozialraum.einwohnerzahl = basis
            sozialraum.einwohnerzahl_stand = JAHRE[-1]
            sozialraum.save(update_fields=["einwohnerzahl", "einwohnerzahl_stand"])
        rows[sozialraum] = _werte_fuer(sozialraum, basis)
    stadtteile: dict[Gebiet, list[Gebiet]] = {}
    for sozialraum in sozialraeume:
        if sozialraum.eltern and sozialraum.eltern.art == GebietArt.STADTTEIL:
            stadtteile.setdefault(sozialraum.eltern, []).append(sozialraum)
    for stadtteil, teile in stadtteile.items():
        rows[stadtteil] = {j: _zusammenfassen([rows[t][j] for t in teile]) for j in JAHRE}
    if sozialraeume:
        rows[gemeinde] = {j: _zusammenfassen([rows[s][j] for s in sozialraeume]) for j in JAHRE}

    vorhanden = set(
        Messwert.objects.filter(indikator__in=indikatoren.values()).values_list(
            "indikator_id", "gebiet_id", "jahr"
        )
    )
    lauf = None
    neu = []
    for gebiet, jahre in rows.items():
        for jahr, werte in jahre.items():
            for schluessel, wert in werte.items():
                indikator = indikatoren[schluessel]
                if (indikator.pk, gebiet.pk, jahr) in vorhanden:
                    continue
                if lauf is None:
                    lauf = Importlauf.objects.create(dateiname=QUELLE, sha256="-", format="demo")
                neu.append(
                    Messwert(
                        indikator=indikator,
                        gebiet=gebiet,
                        jahr=jahr,
                        wert=Decimal(str(round(wert, indikator.nachkommastellen))),
                        importlauf=lauf,
                    )
                )
    Messwert.objects.bulk_create(neu, batch_size=1000)
    if lauf is not None:
        lauf.zeilen_neu = len(neu)
        lauf.save(update_fields=["zeilen_neu"])

    letztes = Messwert.objects.filter(indikator__ist_demo=True).aggregate(j=Max("jahr"))["j"]
    monitoring, created = Monitoring.objects.get_or_create(
        name=MONITORING_NAME,
        defaults={
            "gebiet": gemeinde,
            "jahr": letztes or JAHRE[-1],
            "dynamik_jahre": 3,
            # Picard (1,400 demo inhabitants) stays below this and is flagged.
            "mindest_einwohner": 1500,
        },
    )
    if created:
        monitoring.indikatoren.set(
            [indikatoren[k] for k in ("sgb2_quote", "kinderarmut", "grundsicherung_alter")]
        )
    stdout.write(
        f"  Berichte: {len(indikatoren)} Demo-Indikatoren, {len(neu)} neue Werte, "
        f"Monitoring „{monitoring.name}“ ({QUELLE})."
    )

    from berichte.demo_bericht import seed_bericht

    return seed_bericht(stdout) or []
