"""CSV and XLSX downloads: typed values, German CSV, formula injection neutralised."""

import csv
import datetime
import io
import re
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from saarlouis_portal.tabellen import Tabelle, csv_response, neutralise, xlsx_response


@pytest.mark.parametrize(
    "value",
    ['=HYPERLINK("http://x","y")', "+49 123", "-1+1", "@SUM(A1)", "\tX", "\rX"],
)
def test_formula_like_text_is_prefixed(value):
    assert neutralise(value) == "'" + value


def test_numbers_and_dates_stay_typed():
    assert neutralise(-5) == -5
    assert neutralise(Decimal("-1.5")) == Decimal("-1.5")
    assert neutralise(datetime.date(2026, 11, 26)) == datetime.date(2026, 11, 26)
    assert neutralise(None) == ""


def tabelle():
    return Tabelle(
        titel="Netzwerke: Liste/Export?",
        kopf=["Name", "Wert", "Datum"],
        zeilen=[
            ["Bündnis für Familie", Decimal("12.5"), datetime.date(2026, 1, 2)],
            ["=cmd|' /C calc'!A0", 3, None],
        ],
        hinweise=["Quelle: Demodaten"],
    )


def test_csv_is_german_excel_friendly():
    response = csv_response("netzwerke liste", tabelle())
    assert response["Content-Disposition"] == 'attachment; filename="netzwerke-liste.csv"'
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    assert rows[0] == ["Name", "Wert", "Datum"]
    assert rows[1] == ["Bündnis für Familie", "12,5", "02.01.2026"]
    assert rows[2][0] == "'=cmd|' /C calc'!A0"


def test_xlsx_has_typed_cells_and_neutralised_text():
    response = xlsx_response("export", [tabelle(), tabelle()])
    workbook = load_workbook(io.BytesIO(response.content))
    # Sheet names lose the characters Excel forbids and stay unique.
    assert workbook.sheetnames == ["Netzwerke  Liste Export ", "Netzwerke  Liste Export  (2)"]
    sheet = workbook.worksheets[0]
    assert [c.value for c in sheet[1]] == ["Name", "Wert", "Datum"]
    assert sheet["B2"].value == 12.5
    assert sheet["A3"].value == "'=cmd|' /C calc'!A0"
    assert sheet["A5"].value == "Quelle: Demodaten"


def test_text_matching_a_harmless_pattern_stays_as_it_is():
    telefon = re.compile(r"\+?[0-9 ()/\-]{3,30}")
    assert neutralise("+49 6831 123-45", harmlos=telefon) == "+49 6831 123-45"
    # Only a match of the whole text counts, and without the pattern the rule holds.
    assert neutralise("+49 =1+1", harmlos=telefon) == "'+49 =1+1"
    assert neutralise("+49 6831 123-45") == "'+49 6831 123-45"


def test_negative_numbers_stay_numbers_in_csv_and_xlsx():
    tabelle = Tabelle(
        titel="Werte",
        kopf=["Gebiet", "Wert"],
        zeilen=[["Nord", Decimal("-3.5")], ["Ost", -2], ["Süd", -0.25], ["West", "-3,5"]],
    )
    text = csv_response("werte", tabelle).content.decode("utf-8").lstrip("\ufeff")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert [row[1] for row in rows[1:]] == ["-3,5", "-2", "-0,25", "'-3,5"]
    sheet = load_workbook(io.BytesIO(xlsx_response("werte", [tabelle]).content)).worksheets[0]
    assert [sheet[f"B{n}"].value for n in range(2, 6)] == [-3.5, -2, -0.25, "'-3,5"]
