"""Demo report: "Sozialbericht 2026" of the Kreisstadt Saarlouis with the three chapters of the
concept (Demografie, Armut, Migration und Zuwanderung with guidelines and recommendations,
"lesbar und lebbar") and a Sozialmonitoring chapter, built from the demo indicators of
``berichte/demo.py`` (Demodaten – erfundene Werte).

Indicators are found by their chapter, not by key, so the report follows whatever the demo
indicators are; a chapter without indicators gets its text only. Demo Sozialräume without an
outline get an invented rectangle (a grid around Saarlouis) so the map block has something to
draw; these outlines are as invented as the values. Idempotent: an existing demo report is kept.
"""

from django.db import transaction
from django.db.models import Max

from berichte import services
from berichte.models import (
    Baustein,
    BausteinArt,
    Bericht,
    Empfehlung,
    Indikator,
    Kapitel,
    KapitelArt,
    Messwert,
    Monitoring,
    Umsetzungsstand,
    Workflow,
)
from saarlouis_portal.stammdaten.models import Gebiet, GebietArt

TITEL = "Sozialbericht 2026"
GEMEINDE = "Kreisstadt Saarlouis"

EINLEITUNG = """Der Sozialbericht beschreibt die soziale Lage in den Stadtteilen und Sozialräumen
der Kreisstadt Saarlouis. Er folgt dem Konzept „Wir gestalten Zukunft nachhaltig“ mit den
Schwerpunkten **Demografie**, **Armut** sowie **Migration und Zuwanderung**.

*Demodaten – alle Zahlen sind erfunden.*"""

TEXTE = {
    KapitelArt.DEMOGRAFIE: (
        "Die Bevölkerung der Stadt altert, die Sozialräume unterscheiden sich dabei deutlich. "
        "Junge Familien leben vor allem in den Stadtteilen mit neuen Wohngebieten."
    ),
    KapitelArt.ARMUT: (
        "Armut konzentriert sich auf wenige Sozialräume. Besonders Kinder sind betroffen: "
        "die Kinderarmut liegt in einzelnen Quartieren doppelt so hoch wie im Stadtmittel."
    ),
    KapitelArt.MIGRATION: (
        "Zuwanderung prägt die Stadt seit Jahrzehnten. Die Leitlinien und Empfehlungen dieses "
        "Kapitels sollen **lesbar und lebbar** sein: verständlich für alle und im Alltag der "
        "Quartiere umsetzbar."
    ),
    KapitelArt.SOZIALMONITORING: (
        "Das Sozialmonitoring vergleicht die Sozialräume nach der Methode des Berliner "
        "Monitorings Soziale Stadtentwicklung: Status und Dynamik je Sozialraum."
    ),
}

EMPFEHLUNGEN = [
    (Empfehlung.Art.LEITLINIE, "Vielfalt ist Normalität: Angebote richten sich an alle.", "", None),
    (
        Empfehlung.Art.LEITLINIE,
        "Informationen gibt es in einfacher Sprache und in den häufigsten Sprachen der Stadt.",
        "",
        None,
    ),
    (
        Empfehlung.Art.EMPFEHLUNG,
        "Sprachförderung in Kitas und Schulen der Sozialräume mit hohem Zuwanderungsanteil "
        "ausbauen.",
        "Amt für Bildung und Integration",
        "2027-07-31",
    ),
    (
        Empfehlung.Art.EMPFEHLUNG,
        "Orte der Begegnung als Anlaufstellen für Neuzugewanderte mit Integrationsmanagement "
        "besetzen.",
        "Stabsstelle Sozialplanung",
        "2027-12-31",
    ),
    (
        Empfehlung.Art.EMPFEHLUNG,
        "Interkulturelle Öffnung der Verwaltung: Schulungen für alle Bürgerämter.",
        "Personalamt",
        "2026-12-31",
    ),
]


def _umrisse(gemeinde: Gebiet) -> None:
    """Invented rectangles (3 columns) for demo Sozialräume that have no outline."""
    raeume = Gebiet.objects.within(gemeinde).sozialraeume().filter(ist_demo=True).order_by("name")
    for n, raum in enumerate(raeume):
        if raum.umriss:
            continue
        x0, y0 = 6.70 + (n % 3) * 0.03, 49.34 - (n // 3) * 0.02
        ring = [[x0, y0], [x0 + 0.028, y0], [x0 + 0.028, y0 - 0.018], [x0, y0 - 0.018], [x0, y0]]
        raum.umriss = {"type": "Polygon", "coordinates": [ring]}
        raum.save(update_fields=["umriss"])


def _baustein(kapitel, art, titel="", text="", indikatoren=(), gebiete=(), **felder):
    baustein = Baustein.objects.create(
        kapitel=kapitel,
        art=art,
        titel=titel,
        text=text,
        reihenfolge=kapitel.bausteine.count(),
        **felder,
    )
    if indikatoren:
        baustein.indikatoren.set(indikatoren)
    if gebiete:
        baustein.gebiete.set(gebiete)
    return baustein


def _kapitel(bericht, art, titel, jahr, raeume, reihenfolge) -> Kapitel:
    kapitel = Kapitel.objects.create(bericht=bericht, titel=titel, art=art, reihenfolge=reihenfolge)
    _baustein(kapitel, BausteinArt.TEXT, text=TEXTE.get(art, ""))
    indikatoren = list(Indikator.objects.filter(kapitel=art).order_by("name"))
    if indikatoren:
        _baustein(
            kapitel,
            BausteinArt.TABELLE,
            f"{titel}: Kennzahlen je Sozialraum",
            indikatoren=indikatoren,
        )
        anteile = [i for i in indikatoren if i.ist_quote] or indikatoren
        _baustein(
            kapitel,
            BausteinArt.ZEITREIHE,
            f"Entwicklung: {anteile[0].name}",
            indikatoren=[anteile[0]],
            gebiete=raeume[:3],
            jahr_von=jahr - 5,
            jahr_bis=jahr,
        )
        _baustein(kapitel, BausteinArt.KARTE, f"Karte: {anteile[0].name}", indikatoren=[anteile[0]])
    if art == KapitelArt.MIGRATION:
        block = _baustein(kapitel, BausteinArt.EMPFEHLUNGEN, "Leitlinien und Handlungsempfehlungen")
        for n, (e_art, text, zustaendig, faellig) in enumerate(EMPFEHLUNGEN):
            Empfehlung.objects.create(
                baustein=block,
                art=e_art,
                text=text,
                zustaendig=zustaendig,
                faellig_am=faellig,
                reihenfolge=n,
                umsetzungsstand=Umsetzungsstand.IN_UMSETZUNG if n == 2 else Umsetzungsstand.OFFEN,
            )
    _baustein(kapitel, BausteinArt.QUELLEN, "Quellen", text="Demodaten – erfundene Werte.")
    return kapitel


@transaction.atomic
def seed_bericht(stdout) -> list:
    gemeinde = Gebiet.objects.filter(name=GEMEINDE, art=GebietArt.GEMEINDE).first()
    if gemeinde is None:
        stdout.write("  Berichte: Demo-Gemeinde fehlt, kein Demobericht.")
        return []
    if Bericht.objects.filter(titel=TITEL, gebiet=gemeinde, ist_demo=True).exists():
        stdout.write("  Berichte: Demobericht besteht bereits.")
        return []
    _umrisse(gemeinde)
    jahr = Messwert.objects.filter(indikator__ist_demo=True).aggregate(j=Max("jahr"))["j"] or 2025
    raeume = list(Gebiet.objects.within(gemeinde).sozialraeume().order_by("name"))
    bericht = Bericht.objects.create(
        titel=TITEL, gebiet=gemeinde, jahr=jahr, einleitung=EINLEITUNG, ist_demo=True
    )
    demografie = _kapitel(bericht, KapitelArt.DEMOGRAFIE, "Demografie", jahr, raeume, 0)
    armut = _kapitel(bericht, KapitelArt.ARMUT, "Armut", jahr, raeume, 1)
    migration = _kapitel(
        bericht, KapitelArt.MIGRATION, "Migration und Zuwanderung", jahr, raeume, 2
    )
    monitoring_kapitel = Kapitel.objects.create(
        bericht=bericht, titel="Sozialmonitoring", art=KapitelArt.SOZIALMONITORING, reihenfolge=3
    )
    _baustein(monitoring_kapitel, BausteinArt.TEXT, text=TEXTE[KapitelArt.SOZIALMONITORING])
    monitoring = Monitoring.objects.filter(gebiet=gemeinde).order_by("-jahr").first()
    if monitoring:
        _baustein(
            monitoring_kapitel, BausteinArt.MONITORING, "Status und Dynamik", monitoring=monitoring
        )
    # Demografie and Armut are published, Migration is in review, the monitoring a draft.
    for kapitel in (demografie, armut):
        services.change_status(kapitel, Workflow.PRUEFUNG, None, "Demodaten")
        services.change_status(kapitel, Workflow.VEROEFFENTLICHT, None, "Demodaten")
    services.change_status(migration, Workflow.PRUEFUNG, None, "Demodaten")
    stdout.write(f"  Berichte: Demobericht „{TITEL}“ mit 4 Kapiteln (2 veröffentlicht).")
    return []
