"""The template "Projektbericht Sozialraumorientierung" (berichte/services_projektbericht.py):
the draft it makes, the area it accepts, the texts still to write, and publishing, which freezes
the figures (a booking or consultation added afterwards does not change the published report)."""

from datetime import date, datetime

import pytest

from berichte import portalzahlen
from berichte.exports import Dokument
from berichte.exports.tabellen import lang
from berichte.models import BausteinArt, Bericht, Kapitel, KapitelArt, Workflow
from berichte.projektbericht import PLATZHALTER
from berichte.services import BerichtFehler
from berichte.services_projektbericht import create_projektbericht
from berichte.snapshot import kapitel_daten
from saarlouis_portal.stammdaten.models import Gebiet, GebietArt
from sprechstunden.models import Beratungskontakt, BuchungStatus, Stellenanteil
from tests.berichte.conftest import veroeffentlichen
from tests.sprechstunden import pilotdaten as pd
from tests.sprechstunden.conftest import BERLIN

KAPITEL = [
    "Ausgangslage und Auftrag",
    "Die Standorte im Vergleich",
    "Themen der Beratung",
    "Vermittlungen",
    "Hausbesuche",
    "Nachfrage und Warteliste",
    "Personal und Finanzierung",
    "Empfehlungen",
]


@pytest.fixture
def d(db):
    return pd.pilotdaten()


@pytest.fixture
def projektbericht(d):
    return create_projektbericht(d.reutlingen, 2026)


def texte_schreiben(kapitel: Kapitel) -> None:
    """What the editors do before publishing: write the texts the template asks for."""
    kapitel.bausteine.filter(text__contains=PLATZHALTER).update(text="Die Zahlen zeigen viel.")


def _zahlen(kapitel: Kapitel) -> dict:
    block = next(b for b in kapitel_daten(kapitel) if b["art"] == BausteinArt.PORTALZAHLEN)
    return {z["label"]: z["werte"] for z in block["zeilen"]}


def test_it_makes_a_draft_with_every_chapter(projektbericht, d):
    assert projektbericht.titel == "Projektbericht Sozialraumorientierung 2026"
    assert (projektbericht.gebiet, projektbericht.jahr) == (d.reutlingen, 2026)
    assert projektbericht.status == Workflow.ENTWURF
    kapitel = list(projektbericht.kapitel.order_by("reihenfolge"))
    assert [k.titel for k in kapitel] == KAPITEL
    assert {k.status for k in kapitel} == {Workflow.ENTWURF}
    assert kapitel[1].art == KapitelArt.SPRECHSTUNDEN
    quellen = [
        b.quelle_app
        for k in kapitel
        for b in k.bausteine.order_by("reihenfolge")
        if b.art == BausteinArt.PORTALZAHLEN
    ]
    assert quellen == [
        "projekt_standorte",
        "projekt_themen",
        "projekt_vermittlungen",
        "projekt_hausbesuche",
        "projekt_warteliste",
        "projekt_personal",
        "projekt_kosten",
    ]
    assert set(quellen) <= set(portalzahlen.QUELLEN)
    assert kapitel[-1].bausteine.get().art == BausteinArt.EMPFEHLUNGEN


def test_every_text_to_write_starts_with_the_placeholder(projektbericht):
    texte = [
        b.text
        for k in projektbericht.kapitel.all()
        for b in k.bausteine.all()
        if b.art in (BausteinArt.TEXT, BausteinArt.EMPFEHLUNGEN)
    ]
    assert len(texte) == 8
    assert all(t.startswith(PLATZHALTER) for t in texte)


def test_a_title_of_ones_own(d):
    bericht = create_projektbericht(d.pliezhausen, 2026, titel="Bericht an den Gemeinderat")
    assert bericht.titel == "Bericht an den Gemeinderat"


@pytest.mark.parametrize("art", [GebietArt.STADTTEIL, GebietArt.SOZIALRAUM])
def test_it_reports_on_a_landkreis_or_a_gemeinde_only(d, art):
    eltern = d.lichtenstein if art == GebietArt.STADTTEIL else d.unterhausen
    gebiet = Gebiet.objects.create(name="Teil", art=art, eltern=eltern)
    with pytest.raises(BerichtFehler) as fehler:
        create_projektbericht(gebiet, 2026)
    assert fehler.value.field == "gebiet"
    assert not Bericht.objects.exists()


def test_a_chapter_with_a_text_still_to_write_is_not_published(projektbericht, planer):
    kapitel = projektbericht.kapitel.get(titel="Die Standorte im Vergleich")
    with pytest.raises(BerichtFehler, match=r"\[Bitte ergänzen\]"):
        veroeffentlichen(kapitel, planer)
    kapitel.refresh_from_db()
    assert kapitel.status == Workflow.PRUEFUNG
    assert kapitel.snapshot is None


def test_the_draft_shows_live_figures(projektbericht, d):
    kapitel = projektbericht.kapitel.get(titel="Die Standorte im Vergleich")
    vorher = _zahlen(kapitel)["Beratungskontakte"]
    pd.kontakt(d.pliezhausen, date(2026, 6, 1), Beratungskontakt.Art.OHNE_TERMIN,
               d.themen.geld, stelle=d.rathaus)  # fmt: skip
    assert _zahlen(kapitel)["Beratungskontakte"] == [vorher[0], vorher[1] + 1, vorher[2] + 1]


def test_publishing_freezes_the_figures(projektbericht, d, planer):
    kapitel = projektbericht.kapitel.get(titel="Die Standorte im Vergleich")
    texte_schreiben(kapitel)
    kapitel = veroeffentlichen(kapitel, planer)
    assert kapitel.status == Workflow.VEROEFFENTLICHT
    veroeffentlicht = _zahlen(kapitel)
    assert veroeffentlicht["Beratungskontakte"] == [4, 5, 9]
    assert veroeffentlicht["Gebuchte Termine"] == [2, 4, 6]
    # Afterwards: a booking, a consultation, a staff share, all in Pliezhausen in 2026.
    pd.buchungen(d.rathaus_s, datetime(2026, 9, 7, 9, tzinfo=BERLIN), BuchungStatus.BESTAETIGT)
    pd.kontakt(d.pliezhausen, date(2026, 9, 7), Beratungskontakt.Art.OHNE_TERMIN,
               d.themen.geld, stelle=d.rathaus)  # fmt: skip
    Stellenanteil.objects.create(
        anlaufstelle=d.rathaus, traeger=d.diakonie, jahr=2026, prozent=5, aufgabe="Neu"
    )
    kapitel = Kapitel.objects.get(pk=kapitel.pk)
    assert _zahlen(kapitel) == veroeffentlicht
    # … and every export draws from the snapshot: the CSV rows have the published figures.
    zeilen = lang(Dokument(projektbericht, [(kapitel, kapitel_daten(kapitel))]))
    gebucht = {z[5]: z[7] for z in zeilen if z[3] == "Gebuchte Termine"}
    assert gebucht == {
        "Gemeinde Lichtenstein": 2,
        "Gemeinde Pliezhausen": 4,
        "Landkreis Reutlingen": 6,  # the total column stands for the report's area
    }
    # A draft chapter of the same report shows the new figures.
    entwurf = projektbericht.kapitel.get(titel="Personal und Finanzierung")
    personal = {z["label"]: z["werte"] for z in kapitel_daten(entwurf)[0]["zeilen"]}
    assert personal["Stellenanteile insgesamt"] == [60.0, 70.0, 130.0]
