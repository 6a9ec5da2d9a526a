"""Plain aggregates of the places for the social report."""

from decimal import Decimal

import pytest

from begegnung import stats
from begegnung.models import Angebot, Ort, OrtArt, Stelle, Stufe
from saarlouis_portal.stammdaten.models import Gebiet, GebietArt, Thema

pytestmark = pytest.mark.django_db


@pytest.fixture
def bestand(quartiersbuero, anderer_ort, arbeitgeber, stadt):
    lisdorf = Gebiet.objects.create(name="Lisdorf", art=GebietArt.STADTTEIL, eltern=stadt)
    schule = Ort.objects.create(
        name="Schule", art=OrtArt.SCHULE, gebiet=lisdorf, stufe=Stufe.ANLAUFSTELLE
    )
    Ort.objects.create(name="Versteckt", art=OrtArt.KITA, gebiet=lisdorf, oeffentlich=False)
    for ort, fach, anteil in [
        (quartiersbuero, "kinder_jugend", "0.5"),
        (schule, "kinder_jugend", "1.0"),
        (schule, "integration", "0.25"),
    ]:
        Stelle.objects.create(ort=ort, fachbereich=fach, arbeitgeber=arbeitgeber, anteil=anteil)
    sprache = Thema.objects.get(slug="sprachfoerderung")
    bildung = Thema.objects.get(slug="bildung-erziehung")
    a = Angebot.objects.create(ort=quartiersbuero, titel="A")
    a.themen.add(sprache, bildung)
    b = Angebot.objects.create(ort=schule, titel="B", oeffentlich=False)
    b.themen.add(sprache)
    return {"lisdorf": lisdorf, "roden": quartiersbuero.gebiet}


def test_places_per_stage(bestand):
    assert [(r["stufe"], r["anzahl"]) for r in stats.orte_pro_stufe()] == [
        (Stufe.SATELLIT, 2),
        (Stufe.ORT_DER_BEGEGNUNG, 1),
        (Stufe.ANLAUFSTELLE, 1),
    ]
    assert [r["anzahl"] for r in stats.orte_pro_stufe(nur_oeffentlich=True)] == [1, 1, 1]
    assert [r["anzahl"] for r in stats.orte_pro_stufe(bestand["lisdorf"])] == [1, 0, 1]


def test_places_per_kind_and_sozialraum(bestand):
    assert stats.orte_pro_art()[0] == {
        "art": OrtArt.KITA,
        "label": "Kindertageseinrichtung",
        "anzahl": 2,
    }
    rows = {r["gebiet"]: r for r in stats.orte_pro_sozialraum()}
    assert rows["Roden-Nord"]["anzahl"] == 2
    assert rows["Roden-Nord"][Stufe.ORT_DER_BEGEGNUNG] == 1
    assert rows["Lisdorf"][Stufe.ANLAUFSTELLE] == 1


def test_staffing_per_field(bestand):
    rows = stats.stellen_pro_fachbereich()
    assert rows[0] == {
        "fachbereich": "kinder_jugend",
        "label": "Kinder- und Jugendhilfe",
        "stellen": 2,
        "vollzeit": Decimal("1.50"),
    }
    assert rows[1]["vollzeit"] == Decimal("0.25")
    assert [r["vollzeit"] for r in stats.stellen_pro_fachbereich(bestand["roden"])] == [
        Decimal("0.50")
    ]


def test_offers_per_topic(bestand):
    rows = {r["thema"]: r["anzahl"] for r in stats.angebote_pro_thema()}
    assert rows["Sprachförderung"] == 2
    assert rows["Bildung und Erziehung"] == 1
    assert rows["Gleichstellung"] == 0
    public = {r["thema"]: r["anzahl"] for r in stats.angebote_pro_thema(nur_oeffentlich=True)}
    assert public["Sprachförderung"] == 1


def test_figures_for_the_report(bestand):
    from berichte import portalzahlen

    zeilen = portalzahlen.zahlen("begegnung", bestand["lisdorf"], 2026)
    werte = {z.label: z.wert for z in zeilen}
    # Lisdorf: the school (Anlaufstelle) and the hidden Kita (Satellit); posts 1.0 + 0.25.
    assert werte["Orte insgesamt"] == 2
    assert werte["davon Anlaufstelle"] == 1
    assert werte["davon Satellit"] == 1
    assert werte["Stellen (Vollzeitäquivalente)"] == 1.25
    assert werte["Angebote"] == 1
    assert all(z.einheit == "anzahl" for z in zeilen)
