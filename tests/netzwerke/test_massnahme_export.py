"""CSV and XLSX export of the staff measure list."""

import csv
import io

import openpyxl
from django.urls import reverse

from tests.netzwerke.conftest import pruefen_und_freigeben


def test_csv_export_contains_the_filtered_rows(
    client, planer, zweite_koordination, massnahme, sichtbare_massnahme
):
    massnahme.budget = 1234.5
    massnahme.save()
    pruefen_und_freigeben(massnahme, planer, zweite_koordination)
    client.force_login(planer)
    response = client.get(
        reverse("netzwerke:massnahme_export"), {"format": "csv", "status": "geprueft"}
    )
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][0] == "Titel"
    assert rows[1][:3] == ["Sprachcafé im Quartier", "Netzwerk Sprachförderung", "Geprüft"]
    assert "1234,50" in rows[1]
    assert "Empfohlen" in rows[1]
    assert len(rows) == 2


def test_xlsx_export_opens_and_neutralises_formulas(client, planer, massnahme):
    massnahme.titel = '=HYPERLINK("http://example.org")'
    massnahme.save()
    client.force_login(planer)
    response = client.get(reverse("netzwerke:massnahme_export"), {"format": "xlsx"})
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    sheet = workbook.active
    assert sheet.title == "Maßnahmen"
    assert sheet["A1"].value == "Titel"
    assert sheet["A2"].value == '\'=HYPERLINK("http://example.org")'
    assert sheet["B2"].value == "Netzwerk Sprachförderung"
    assert sheet["J2"].value == 0  # progress stays a number


def test_csv_formula_injection_is_neutralised(client, planer, massnahme):
    massnahme.titel = "@SUM(1+1)"
    massnahme.save()
    client.force_login(planer)
    response = client.get(reverse("netzwerke:massnahme_export"), {"format": "csv"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[1][0] == "'@SUM(1+1)"
