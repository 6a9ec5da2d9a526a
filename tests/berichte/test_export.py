"""Each export opened and read: PDF via pdftotext, Word via python-docx, Excel via openpyxl, CSV
in long format; German number formats, units and sources everywhere."""

import csv
import io
import subprocess

import openpyxl
import pytest
from django.urls import reverse
from docx import Document

from tests.berichte.conftest import veroeffentlichen

pytestmark = pytest.mark.django_db


def _download(client, kapitel, fmt):
    response = client.get(reverse("berichte:kapitel_download", args=[kapitel.pk, fmt]))
    assert response.status_code == 200
    return response


def _pdf_text(inhalt: bytes, tmp_path) -> str:
    datei = tmp_path / "export.pdf"
    datei.write_bytes(inhalt)
    return subprocess.run(
        ["/usr/bin/pdftotext", "-layout", str(datei), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def test_pdf_has_title_table_values_sources_and_page_numbers(
    client, planer, armut_kapitel, tmp_path
):
    client.force_login(planer)
    response = _download(client, armut_kapitel, "pdf")
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    text = _pdf_text(response.content, tmp_path)
    assert "Sozialbericht 2026" in text
    assert "1. Armut" in text
    assert "SGB-II-Quote je Sozialraum" in text
    assert "12,5" in text  # Nord 2026, German decimal comma
    assert "16,5" in text  # Klein 2026
    assert "Bundesagentur für Arbeit" in text
    assert "Sozialberatung im Quartier ausbauen" in text
    assert "30.06.2027" in text
    # Numbered from the table of contents on; the title page carries no number.
    seiten = text.count("\f")
    assert "Seite 1 von" not in text
    assert f"Seite 2 von {seiten}" in text
    assert f"Seite {seiten} von {seiten}" in text
    assert "Entwurf" in text
    assert "Inhalt" in text


def test_pdf_is_tagged(client, planer, armut_kapitel, tmp_path):
    client.force_login(planer)
    datei = tmp_path / "k.pdf"
    datei.write_bytes(_download(client, armut_kapitel, "pdf").content)
    info = subprocess.run(["pdfinfo", str(datei)], capture_output=True, text=True).stdout
    assert "Tagged:          yes" in info


def test_report_pdf_contains_introduction_and_every_chapter(
    client, planer, armut_kapitel, tmp_path
):
    client.force_login(planer)
    bericht = armut_kapitel.bericht
    response = client.get(reverse("berichte:bericht_download", args=[bericht.pk, "pdf"]))
    text = _pdf_text(response.content, tmp_path)
    assert "Einleitung" in text
    assert "soziale Lage" in text
    assert "Armut" in text


def test_docx_has_real_headings_tables_and_chart_image(client, planer, armut_kapitel):
    client.force_login(planer)
    doc = Document(io.BytesIO(_download(client, armut_kapitel, "docx").content))
    headings = {
        (p.style.name, p.text) for p in doc.paragraphs if p.style.name.startswith("Heading")
    }
    assert ("Heading 1", "1. Armut") in headings
    assert ("Heading 2", "SGB-II-Quote je Sozialraum") in headings
    assert ("Heading 2", "Entwicklung") in headings
    zellen = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    assert "Nord" in zellen
    assert "12,5" in zellen
    assert "SGB-II-Quote (%)" in zellen
    assert len(doc.inline_shapes) == 1  # the chart as PNG
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "Armut ist ungleich verteilt." in text  # Markdown became a plain paragraph
    assert "Bundesagentur für Arbeit" in text


def test_xlsx_has_one_sheet_per_table_with_numbers_units_and_sources(client, planer, armut_kapitel):
    client.force_login(planer)
    workbook = openpyxl.load_workbook(io.BytesIO(_download(client, armut_kapitel, "xlsx").content))
    namen = workbook.sheetnames
    assert len(namen) == 4  # table, chart data, recommendations, sources
    tabelle = workbook[namen[0]]
    assert tabelle["A1"].value == "Gebiet"
    assert tabelle["B1"].value == "SGB-II-Quote (%)"
    werte = {row[0]: row[1] for row in tabelle.iter_rows(min_row=2, values_only=True) if row[0]}
    assert werte["Nord"] == 12.5  # a number, not text
    alle = [c for row in tabelle.iter_rows(values_only=True) for c in row if c]
    assert "Einheiten: SGB-II-Quote: Prozent" in alle
    assert "Quellen: Bundesagentur für Arbeit" in alle


def test_csv_is_long_format_with_german_decimals(client, planer, armut_kapitel):
    client.force_login(planer)
    inhalt = _download(client, armut_kapitel, "csv").content.decode("utf-8-sig")
    zeilen = list(csv.reader(io.StringIO(inhalt), delimiter=";"))
    assert zeilen[0] == [
        "Bericht", "Kapitel", "Baustein", "Indikator", "Einheit", "Gebiet", "Jahr", "Wert", "Quelle"
    ]  # fmt: skip
    assert [
        "Sozialbericht 2026", "Armut", "SGB-II-Quote je Sozialraum", "SGB-II-Quote", "Prozent",
        "Nord", "2026", "12,5", "Bundesagentur für Arbeit",
    ] in zeilen  # fmt: skip
    # The chart's data: Süd 2021 = 12.0
    assert any(z[2] == "Entwicklung" and z[5] == "Süd" and z[6] == "2021" for z in zeilen)


def test_exports_neutralise_formula_text(client, planer, armut_kapitel):
    empfehlung = armut_kapitel.bausteine.get(art="empfehlungen").empfehlungen.get()
    empfehlung.zustaendig = '=HYPERLINK("http://x","y")'
    empfehlung.save()
    client.force_login(planer)
    workbook = openpyxl.load_workbook(io.BytesIO(_download(client, armut_kapitel, "xlsx").content))
    werte = [c for ws in workbook for row in ws.iter_rows(values_only=True) for c in row if c]
    assert '\'=HYPERLINK("http://x","y")' in werte


def test_published_chapter_is_a_public_download(client, planer, armut_kapitel, tmp_path):
    veroeffentlichen(armut_kapitel, planer)
    for fmt in ("pdf", "docx", "xlsx", "csv"):
        assert _download(client, armut_kapitel, fmt).status_code == 200
    text = _pdf_text(_download(client, armut_kapitel, "pdf").content, tmp_path)
    assert "Entwurf" not in text
    assert "Veröffentlicht am" in text


def test_unknown_format_is_404(client, planer, armut_kapitel):
    client.force_login(planer)
    response = client.get(f"/berichte/kapitel/{armut_kapitel.pk}/download.exe")
    assert response.status_code == 404


def test_empty_report_still_exports(client, planer, bericht):
    client.force_login(planer)
    for fmt in ("pdf", "docx", "xlsx", "csv"):
        response = client.get(reverse("berichte:bericht_download", args=[bericht.pk, fmt]))
        assert response.status_code == 200


def test_published_exports_are_stored_and_drafts_are_not(client, planer, armut_kapitel):
    from django.core.files.storage import default_storage
    from django.utils import timezone

    from berichte.exports import Dokument
    from berichte.snapshot import kapitel_daten

    client.force_login(planer)
    entwurf = Dokument(armut_kapitel.bericht, [(armut_kapitel, [])], einzeln=True)
    assert entwurf.cache_schluessel("pdf") is None
    kapitel = veroeffentlichen(armut_kapitel, planer)
    dokument = Dokument(kapitel.bericht, [(kapitel, kapitel_daten(kapitel))], einzeln=True)
    pfad = dokument.ablage_pfad("xlsx")
    assert not default_storage.exists(pfad)
    erste = _download(client, kapitel, "xlsx").content
    with default_storage.open(pfad, "rb") as datei:
        assert datei.read() == erste
    assert _download(client, kapitel, "xlsx").content == erste
    assert dokument.stand == timezone.localdate(kapitel.veroeffentlicht_am)
