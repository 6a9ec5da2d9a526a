"""The pilot report exported like every report: a tagged PDF/UA with the comparison as a table
with header cells, Word, Excel and CSV, all with the same figures, which equal the portal's
counts; a published chapter's files keep their figures when new ones come in."""

import csv
import io
import re
import shutil
import subprocess
from datetime import datetime

import openpyxl
import pytest
from django.urls import reverse
from docx import Document

from berichte import blocks
from berichte.exports import Dokument, inhalt
from berichte.models import Bericht
from berichte.services_projektbericht import create_projektbericht
from berichte.snapshot import kapitel_daten
from saarlouis_portal.stammdaten.models import Gebiet, GebietArt
from sprechstunden.models import Beratungskontakt, BuchungStatus
from tests.berichte.conftest import veroeffentlichen
from tests.berichte.test_projektbericht_service import texte_schreiben
from tests.sprechstunden import pilotdaten as pd
from tests.sprechstunden.conftest import BERLIN

pytestmark = pytest.mark.skipif(
    shutil.which("pdfinfo") is None, reason="pdfinfo (poppler-utils) fehlt"
)

SPALTEN = ["Gemeinde Lichtenstein", "Gemeinde Pliezhausen", "Insgesamt"]


def _run(*args) -> str:
    return subprocess.run(args, capture_output=True, text=True, check=True).stdout


@pytest.fixture
def d(db):
    return pd.pilotdaten()


@pytest.fixture
def bericht(d) -> Bericht:
    return create_projektbericht(d.reutlingen, 2026)


@pytest.fixture
def vergleich(bericht):
    return bericht.kapitel.get(titel="Die Standorte im Vergleich")


def _download(client, kapitel, fmt) -> bytes:
    response = client.get(reverse("berichte:kapitel_download", args=[kapitel.pk, fmt]))
    assert response.status_code == 200, response.content[:300]
    return response.content


def _portal(d) -> dict[str, list[int]]:
    """The portal's counts per site and for the Landkreis, asked of the ORM."""

    def kontakte(gebiet, **f):
        return Beratungskontakt.objects.filter(
            datum__year=2026, gebiet__in=Gebiet.objects.within(gebiet), **f
        ).count()

    def je(**f):
        return [kontakte(g, **f) for g in (d.lichtenstein, d.pliezhausen, d.reutlingen)]

    return {
        "Beratungskontakte": je(),
        "davon Erstkontakte": je(erstkontakt=True),
        "davon Folgekontakte": je(erstkontakt=False),
        "davon Hausbesuche": je(art=Beratungskontakt.Art.HAUSBESUCH),
    }


def _pdf(tmp_path, daten: bytes):
    datei = tmp_path / "bericht.pdf"
    datei.write_bytes(daten)
    return datei


def test_the_pdf_is_tagged_with_the_comparison_as_a_table(client, planer, vergleich, tmp_path):
    client.force_login(planer)
    datei = _pdf(tmp_path, _download(client, vergleich, "pdf"))
    assert re.search(r"^Tagged:\s+yes$", _run("pdfinfo", str(datei)), re.M)
    assert 'pdfuaid:part="1"' in _run("pdfinfo", "-meta", str(datei))
    struktur = _run("pdfinfo", "-struct", str(datei))
    assert "Table" in struktur
    assert "THead" in struktur
    text = _run("pdfinfo", "-struct-text", str(datei))
    for kopf in [*SPALTEN, "Beratungskontakte", "Stellenanteile (Summe)", "Kosten (Summe)"]:
        muster = rf"TH[^\n]*\n\s+Span \(inline\)\n\s+\"{re.escape(kopf)}\""
        assert re.search(muster, text), kopf


def test_the_pdf_shows_the_portals_counts(client, planer, d, vergleich, tmp_path):
    client.force_login(planer)
    datei = _pdf(tmp_path, _download(client, vergleich, "pdf"))
    zeilen = _run("pdftotext", "-layout", str(datei), "-").splitlines()
    for label, werte in _portal(d).items():
        zeile = next(z for z in zeilen if z.strip().startswith(label + " "))
        assert zeile.split()[-3:] == [str(w) for w in werte], zeile
    text = " ".join(" ".join(zeilen).split())
    assert "37.200,50 €" in text
    assert "65,0 %" in text
    assert "Standorte und ihre Anlaufstellen" in text
    assert "Sozialplanungs-Portal, Sprechstunden (eigene Auswertung)" in text


def test_word_has_the_comparison_table_with_the_same_figures(client, planer, d, vergleich):
    client.force_login(planer)
    doc = Document(io.BytesIO(_download(client, vergleich, "docx")))
    (tabelle,) = doc.tables
    kopf = [c.text for c in tabelle.rows[0].cells]
    assert kopf == ["Kennzahl", *SPALTEN, "Einheit"]
    zeilen = {r.cells[0].text: [c.text for c in r.cells[1:]] for r in tabelle.rows[1:]}
    for label, werte in _portal(d).items():
        assert zeilen[label] == [*[str(w) for w in werte], ""]
    assert zeilen["Kosten (Summe)"] == ["28.000,00", "37.200,50", "65.200,50", "€"]
    assert zeilen["Stellenanteile (Summe)"] == ["60,0", "65,0", "125,0", "%"]
    headings = {p.text for p in doc.paragraphs if p.style.name == "Heading 2"}
    assert "Kennzahlen je Standort" in headings


def test_excel_has_typed_figures_units_and_notes(client, planer, d, vergleich):
    client.force_login(planer)
    workbook = openpyxl.load_workbook(io.BytesIO(_download(client, vergleich, "xlsx")))
    blatt = workbook[workbook.sheetnames[0]]
    zeilen = list(blatt.iter_rows(values_only=True))
    assert list(zeilen[0]) == ["Kennzahl", *SPALTEN, "Einheit"]
    werte = {z[0]: list(z[1:5]) for z in zeilen[1:] if z[0]}
    for label, zahlen in _portal(d).items():
        assert werte[label] == [*zahlen, None]
    assert werte["Kosten (Summe)"] == [28000.0, 37200.5, 65200.5, "€"]
    alle = [c for z in zeilen for c in z if isinstance(c, str)]
    assert "Jahr: 2026, Landkreis Reutlingen" in alle
    assert any(c.startswith("Standorte und ihre Anlaufstellen:") for c in alle)


def test_csv_has_one_row_per_figure_and_site(client, planer, d, vergleich):
    client.force_login(planer)
    text = _download(client, vergleich, "csv").decode("utf-8-sig")
    zeilen = list(csv.reader(io.StringIO(text), delimiter=";"))
    beratungen = {z[5]: z[7] for z in zeilen[1:] if z[3] == "Beratungskontakte"}
    assert beratungen == dict(
        zip(
            ["Gemeinde Lichtenstein", "Gemeinde Pliezhausen", "Landkreis Reutlingen"],
            [str(w) for w in _portal(d)["Beratungskontakte"]],
            strict=True,
        )
    )
    kosten = next(z for z in zeilen if z[3] == "Kosten (Summe)" and z[5] == "Landkreis Reutlingen")
    assert (kosten[4], kosten[7]) == ("€", "65200,5")


def test_the_whole_report_in_every_format(planer, bericht, d, tmp_path):
    kapitel = list(bericht.kapitel.order_by("reihenfolge"))
    dokument = Dokument(bericht, [(k, kapitel_daten(k)) for k in kapitel])
    pdf = " ".join(_run("pdftotext", str(_pdf(tmp_path, inhalt(dokument, "pdf"))), "-").split())
    for k in kapitel:
        assert k.titel in pdf
    for titel in ("Beratungskontakte nach Thema", "Vermittlungen nach Organisation",
                  "Hausbesuche je Standort", "Nachfrage über die Warteliste",
                  "Stellenanteile nach Anstellungsträger", "Kosten der Standorte"):  # fmt: skip
        assert titel in pdf
    assert "Integrationsmanagement Lichtenstein" in pdf
    assert "Anteil der bestätigten Einträge mit Termin" in pdf
    word = Document(io.BytesIO(inhalt(dokument, "docx")))
    assert len(word.tables) == 7  # one per table of figures
    excel = openpyxl.load_workbook(io.BytesIO(inhalt(dokument, "xlsx")))
    assert len(excel.sheetnames) == 8  # and the (empty) recommendations
    themen = next(excel[n] for n in excel.sheetnames if n.startswith("Themen"))
    werte = {z[0]: list(z[1:4]) for z in themen.iter_rows(min_row=2, values_only=True) if z[0]}
    assert werte["Beratungskontakte insgesamt"] == _portal(d)["Beratungskontakte"]


def test_a_wide_comparison_is_split_for_print(client, planer, d, vergleich, tmp_path):
    for n in range(6):
        gemeinde = Gebiet.objects.create(
            name=f"Gemeinde {n}", art=GebietArt.GEMEINDE, eltern=d.reutlingen
        )
        pd.sprechstunde(pd.anlaufstelle(f"Anlaufstelle {n}", gemeinde))
    (block,) = [b for b in kapitel_daten(vergleich) if b.get("spalten")]
    teile = blocks.vergleich_teile(block)
    assert [len(t["spalten"]) for t in teile] == [6, 3]  # eight sites and the total
    assert teile[1]["spalten"][-1]["summe"]
    client.force_login(planer)
    assert len(Document(io.BytesIO(_download(client, vergleich, "docx"))).tables) == 2
    # A draft this large goes to a background job on the page; the same document directly:
    dokument = Dokument(vergleich.bericht, [(vergleich, kapitel_daten(vergleich))], einzeln=True)
    text = _run("pdftotext", str(_pdf(tmp_path, inhalt(dokument, "pdf"))), "-")
    assert "Teil 1 von 2" in text
    assert "Teil 2 von 2" in text
    # Excel keeps one sheet with every column.
    blatt = openpyxl.load_workbook(io.BytesIO(_download(client, vergleich, "xlsx"))).active
    assert blatt.max_column == 11  # figure, eight sites, total, unit


def test_a_published_chapters_files_keep_their_figures(client, planer, d, vergleich):
    texte_schreiben(vergleich)
    vergleich = veroeffentlichen(vergleich, planer)
    client.force_login(planer)
    vorher = _download(client, vergleich, "xlsx")
    pd.buchungen(d.rathaus_s, datetime(2026, 10, 5, 9, tzinfo=BERLIN), BuchungStatus.BESTAETIGT)
    blatt = openpyxl.load_workbook(io.BytesIO(_download(client, vergleich, "xlsx"))).active
    gebucht = next(z for z in blatt.iter_rows(values_only=True) if z[0] == "Gebuchte Termine")
    assert list(gebucht[1:4]) == [2, 4, 6]
    assert _download(client, vergleich, "xlsx") == vorher
