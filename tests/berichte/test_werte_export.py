"""Value exports in long and wide format, CSV and XLSX: filters, numbers stay numbers, formula
injection is neutralised, and an export can be imported again."""

import csv
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from berichte.importer import pruefe
from berichte.models import Messwert
from saarlouis_portal.stammdaten.models import Gebiet, GebietArt

URL = reverse("berichte:werte_export")


@pytest.fixture
def werte(sozialraeume, sgb2_quote, einwohner_indikator):
    for jahr, basis in ((2023, 10), (2024, 11)):
        for i, name in enumerate(("Nord", "Ost")):
            gebiet = sozialraeume[name]
            Messwert.objects.create(
                indikator=sgb2_quote,
                gebiet=gebiet,
                jahr=jahr,
                wert=Decimal(basis + i) + Decimal("0.5"),
            )
            Messwert.objects.create(
                indikator=einwohner_indikator, gebiet=gebiet, jahr=jahr, wert=1000 * (i + 1)
            )
    return sozialraeume


def csv_rows(response):
    text = response.content.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text), delimiter=";"))


def test_the_long_csv_has_one_row_per_value(client, berichtswesen, werte):
    client.force_login(berichtswesen)
    response = client.get(URL, {"format": "csv", "form": "lang"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = csv_rows(response)
    assert rows[0] == [
        "indikator",
        "indikator_name",
        "einheit",
        "gebiet_schluessel",
        "gebiet",
        "jahr",
        "wert",
    ]
    assert len(rows) == 1 + 8
    assert ["sgb2_quote", "SGB-II-Quote", "Prozent", "SR01", "Nord", "2024", "11,5"] in rows
    assert [
        "einwohner",
        "Einwohnerinnen und Einwohner",
        "Anzahl",
        "SR02",
        "Ost",
        "2023",
        "2000",
    ] in rows


def test_the_wide_xlsx_keeps_numbers_numeric(client, berichtswesen, werte):
    client.force_login(berichtswesen)
    response = client.get(URL, {"format": "xlsx", "form": "breit", "kapitel": "armut"})
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert rows[0] == [
        "indikator",
        "indikator_name",
        "einheit",
        "gebiet_schluessel",
        "gebiet",
        "2023",
        "2024",
    ]
    assert rows[1] == ["sgb2_quote", "SGB-II-Quote", "Prozent", "SR01", "Nord", 10.5, 11.5]
    assert len(rows) == 3  # only the Armut indicator


def test_filters_by_indicator_area_and_years(
    client, planer, werte, einwohner_indikator, saarlouis_stadt
):
    client.force_login(planer)
    response = client.get(
        URL,
        {
            "format": "csv",
            "form": "lang",
            "indikator": einwohner_indikator.pk,
            "gebiet": werte["Ost"].pk,
            "jahr_von": 2024,
            "jahr_bis": 2024,
        },
    )
    assert csv_rows(response)[1:] == [
        ["einwohner", "Einwohnerinnen und Einwohner", "Anzahl", "SR02", "Ost", "2024", "2000"]
    ]
    # A Gemeinde includes all its Sozialräume.
    response = client.get(URL, {"format": "csv", "form": "lang", "gebiet": saarlouis_stadt.pk})
    assert len(csv_rows(response)) == 9


def test_bad_filters_get_a_message_not_a_file(client, planer, werte):
    client.force_login(planer)
    response = client.get(
        URL, {"format": "pdf", "form": "lang", "jahr_von": "abc", "indikator": 999}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Ganze Zahl" in html or "ganze Zahl" in html
    response = client.get(
        URL, {"format": "csv", "form": "lang", "jahr_von": 2025, "jahr_bis": 2020}
    )
    assert "Bis-Jahr liegt vor dem Von-Jahr" in response.content.decode()


def test_formula_injection_is_neutralised_in_csv_and_xlsx(
    client, planer, sgb2_quote, saarlouis_stadt
):
    boese = Gebiet.objects.create(
        name='=HYPERLINK("http://x","y")', art=GebietArt.SOZIALRAUM, eltern=saarlouis_stadt
    )
    sgb2_quote.name = "@SUMME(A1)"
    sgb2_quote.save()
    Messwert.objects.create(indikator=sgb2_quote, gebiet=boese, jahr=2024, wert=3)
    client.force_login(planer)
    rows = csv_rows(client.get(URL, {"format": "csv", "form": "lang"}))
    assert rows[1][1] == "'@SUMME(A1)"
    assert rows[1][4] == '\'=HYPERLINK("http://x","y")'
    response = client.get(URL, {"format": "xlsx", "form": "breit"})
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    zeile = [c.value for c in sheet[2]]
    assert zeile[4] == '\'=HYPERLINK("http://x","y")'
    assert sheet.cell(row=2, column=5).data_type == "s"
    assert zeile[5] == 3


@pytest.mark.parametrize(
    ("fmt", "form"), [("csv", "lang"), ("csv", "breit"), ("xlsx", "lang"), ("xlsx", "breit")]
)
def test_an_export_can_be_imported_again_unchanged(client, planer, werte, fmt, form):
    client.force_login(planer)
    response = client.get(URL, {"format": fmt, "form": form})
    pruefung = pruefe(f"export.{fmt}", response.content)
    assert pruefung.ok, pruefung.fehler[:3]
    assert len(pruefung.werte) == 8
    assert pruefung.unveraendert == 8


def test_the_form_page_shows_without_parameters(client, berichtswesen, werte):
    client.force_login(berichtswesen)
    response = client.get(URL)
    assert response.status_code == 200
    assert "Herunterladen" in response.content.decode()


def test_ambiguous_names_are_exported_with_their_kind(client, planer, werte, saarlouis_stadt):
    andere = Gebiet.objects.create(name="Dillingen", art=GebietArt.GEMEINDE)
    Gebiet.objects.create(name="Nord", art=GebietArt.STADTTEIL, eltern=andere)
    client.force_login(planer)
    response = client.get(URL, {"format": "csv", "form": "lang"})
    namen = {row[4] for row in csv_rows(response)[1:]}
    assert namen == {"Nord (Sozialraum)", "Ost"}
    werte["Nord"].schluessel = ""
    werte["Nord"].save()
    response = client.get(URL, {"format": "xlsx", "form": "breit"})
    pruefung = pruefe("export.xlsx", response.content)
    assert pruefung.ok, pruefung.fehler[:3]
