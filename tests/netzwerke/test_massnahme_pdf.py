"""The measure PDF for the council file (issue 16): a tagged PDF/UA-1 made by the portal's one PDF
pipeline (``saarlouis_portal.pdf``), with headings, the check's criteria as a table with header
cells, the council decisions, title and language, and every font embedded. Read back with
poppler's pdfinfo, pdffonts and pdftotext, as a person checking the file would."""

import datetime
import re
import shutil
import subprocess
import zlib

import pytest
from django.urls import reverse

from netzwerke.models import Praemisse
from tests.netzwerke.conftest import pruefen_und_freigeben, ratsbeschluss

pytestmark = pytest.mark.skipif(
    shutil.which("pdfinfo") is None, reason="pdfinfo (poppler-utils) fehlt"
)


def _run(*args) -> str:
    return subprocess.run(args, capture_output=True, text=True, check=True).stdout


def _sprache(inhalt: bytes) -> set[bytes]:
    """The /Lang entries, also inside compressed object streams."""
    gefunden = set(re.findall(rb"/Lang\s*\(([^)]*)\)", inhalt))
    for strom in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", inhalt, re.S):
        try:
            gefunden |= set(re.findall(rb"/Lang\s*\(([^)]*)\)", zlib.decompress(strom.group(1))))
        except zlib.error:
            continue
    return gefunden


@pytest.fixture
def pdf(client, koordination, zweite_koordination, massnahme, tmp_path):
    pruefen_und_freigeben(massnahme, koordination, zweite_koordination)
    ratsbeschluss(
        massnahme,
        gremium="ausschuss",
        gremium_name="Ausschuss für Familie, Soziales, Schule und Sport",
        datum=datetime.date(2022, 11, 22),
        vorlage="",
        notiz="Interne Notiz, nicht fürs PDF",
    )
    ratsbeschluss(massnahme, link="https://ratsinfo.example.org/vo/2023-017")
    client.force_login(koordination)
    response = client.get(reverse("netzwerke:pruefung_pdf", args=[massnahme.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    datei = tmp_path / "massnahme.pdf"
    datei.write_bytes(response.content)
    return datei


def test_it_is_a_tagged_pdf_ua_with_title_and_language(pdf):
    info = _run("pdfinfo", str(pdf))
    assert re.search(r"^Tagged:\s+yes$", info, re.M)
    titel = re.search(r"^Title:\s+(.*)$", info, re.M).group(1)
    assert titel.startswith("Maßnahme „Sprachcafé im Quartier“")
    assert 'pdfuaid:part="1"' in _run("pdfinfo", "-meta", str(pdf))
    assert _sprache(pdf.read_bytes()) == {b"de"}


def test_every_font_is_embedded(pdf):
    zeilen = _run("pdffonts", str(pdf)).splitlines()[2:]
    assert zeilen, "no fonts listed"
    for zeile in zeilen:
        # name, type …, then the columns emb sub uni object ID
        emb = zeile.split()[-5]
        assert emb == "yes", zeile


def test_headings_and_the_criteria_table_are_in_the_structure(pdf):
    struktur = _run("pdfinfo", "-struct", str(pdf))
    assert re.search(r"^\s+H1\b", struktur, re.M)
    assert len(re.findall(r"^\s+H2\b", struktur, re.M)) == 3  # facts, decisions, check
    assert "Table" in struktur
    assert "THead" in struktur
    text = _run("pdfinfo", "-struct-text", str(pdf))
    # Every premise is a row header of the criteria table.
    for praemisse in Praemisse:
        muster = rf"TH[^\n]*\n\s+Span \(inline\)\n\s+\"{re.escape(str(praemisse.label))}\""
        assert re.search(muster, text), praemisse


def test_it_contains_the_decisions_and_the_check(pdf):
    # Words as read, whatever the line breaks in the table cells.
    text = " ".join(_run("pdftotext", str(pdf), "-").split())
    assert "Ratsbeschlüsse" in text
    assert "Ausschuss für Familie, Soziales, Schule und Sport" in text
    assert "22.11.2022" in text
    assert "09.02.2023" in text
    assert "Drucksache 2023/017" in text
    assert text.count("einstimmig beschlossen") == 2
    assert "https://ratsinfo.example.org/vo/2023-017" in text
    assert "Interne Notiz" not in text
    assert "Ökologische Nachhaltigkeit" in text
    assert "zweite.koordination@example.org" in text  # submitted by
    assert "Seite 1 von" in text


def test_the_pdf_of_a_measure_without_decision_or_check_says_so(
    client, planer, massnahme, tmp_path
):
    client.force_login(planer)
    response = client.get(reverse("netzwerke:pruefung_pdf", args=[massnahme.pk]))
    datei = tmp_path / "leer.pdf"
    datei.write_bytes(response.content)
    text = _run("pdftotext", str(datei), "-")
    assert "Noch kein Ratsbeschluss erfasst." in text
    assert "Die Nachhaltigkeitsprüfung ist noch nicht begonnen." in text
    assert re.search(r"^Tagged:\s+yes$", _run("pdfinfo", str(datei)), re.M)
