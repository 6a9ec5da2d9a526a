"""The index table of a monitoring result as CSV and XLSX (issue 16): the same rows and columns
as the table on the result page, cells that start like a formula neutralised, bad input never a
500. Values: the worked example of tests/berichte/conftest.py."""

import csv
import io
import re

import pytest
from django.urls import reverse
from lxml import html as lxml_html

from saarlouis_portal.stammdaten.models import Gebiet, GebietArt


def export(client, monitoring, fmt, **query):
    return client.get(reverse("berichte:monitoring_export", args=[monitoring.pk, fmt]), query)


def csv_zeilen(response) -> list[list[str]]:
    text = response.content.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text), delimiter=";"))


def xlsx_zeilen(response) -> list[list]:
    from openpyxl import load_workbook

    blatt = load_workbook(io.BytesIO(response.content)).active
    return [list(zeile) for zeile in blatt.iter_rows(values_only=True)]


def seiten_tabelle(client, monitoring, **query) -> tuple[list[str], list[list[str]]]:
    response = client.get(reverse("berichte:monitoring_detail", args=[monitoring.pk]), query)
    baum = lxml_html.fromstring(response.content.decode())
    (tabelle,) = baum.xpath('//section[@aria-labelledby="ergebnis"]//table')
    kopf = [" ".join(th.text_content().split()) for th in tabelle.xpath("./thead//th")]
    zeilen = [
        [" ".join(zelle.text_content().split()) for zelle in tr.xpath("./th|./td")]
        for tr in tabelle.xpath("./tbody/tr")
    ]
    return kopf, zeilen


def wert(text):
    """A cell as a value: German numbers (with sign, minus sign or thousands point) as floats,
    the page's dash and the file's empty cell as None."""
    if text is None or str(text).strip() in ("", "–"):
        return None
    if isinstance(text, int | float):
        return float(text)
    text = str(text).strip()
    zahl = text.replace("\u2212", "-").replace("+", "")
    if re.fullmatch(r"-?\d{1,3}(\.\d{3})*(,\d+)?|-?\d+(,\d+)?", zahl):
        return float(zahl.replace(".", "").replace(",", "."))
    return text


def als_seitenzeile(zeile: list) -> list:
    """A file row as the page shows it: the note ("zu klein, …") beside the area's name."""
    *werte, hinweis = zeile
    name = werte[0] if not hinweis else f"{werte[0]} {hinweis}"
    return [wert(name), *[wert(w) for w in werte[1:]]]


def test_the_csv_holds_the_table_of_the_page(client, berichtswesen, monitoring):
    client.force_login(berichtswesen)
    response = export(client, monitoring, "csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="sozialmonitoring-' in response["Content-Disposition"]
    assert "-2024.csv" in response["Content-Disposition"]
    kopf, *zeilen = csv_zeilen(response)
    seiten_kopf, seiten_zeilen = seiten_tabelle(client, monitoring)
    assert kopf[:-1] == seiten_kopf  # the page shows the note beside the name
    assert kopf[-1] == "Hinweis"
    assert len(zeilen) == len(seiten_zeilen) == 5
    assert seiten_zeilen[0] == ["Klein zu klein, nicht eingestuft", "100"] + ["–"] * 7
    assert [als_seitenzeile(z) for z in zeilen] == [
        [wert(z) for z in zeile] for zeile in seiten_zeilen
    ]
    ost = next(z for z in zeilen if z[0] == "Ost")
    assert ost == ["Ost", "1000", "-1,0", "-1,0", "-1,41", "niedrig", "1,0", "positiv",
                   "niedrig / positiv", ""]  # fmt: skip


def test_the_xlsx_holds_the_same_rows_with_numbers_as_numbers(client, planer, monitoring):
    client.force_login(planer)
    response = export(client, monitoring, "xlsx")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    zeilen = xlsx_zeilen(response)
    csv_inhalt = csv_zeilen(export(client, monitoring, "csv"))
    kopf, *daten = zeilen[: len(csv_inhalt)]
    assert kopf == csv_inhalt[0]
    assert [[wert(w) for w in z] for z in daten] == [[wert(w) for w in z] for z in csv_inhalt[1:]]
    ost = next(z for z in daten if z[0] == "Ost")
    assert ost[4] == -1.41
    assert isinstance(ost[1], int)
    # Below the table: the method in words (as on the page).
    assert any("Populations-Standardabweichung" in str(z[0]) for z in zeilen[len(csv_inhalt) :])


def test_another_year_is_exported_as_the_page_shows_it(client, planer, monitoring):
    client.force_login(planer)
    response = export(client, monitoring, "csv", jahr="2022")
    assert "-2022.csv" in response["Content-Disposition"]
    kopf, *zeilen = csv_zeilen(response)
    _kopf, seiten_zeilen = seiten_tabelle(client, monitoring, jahr="2022")
    assert [als_seitenzeile(z) for z in zeilen] == [
        [wert(z) for z in zeile] for zeile in seiten_zeilen
    ]


@pytest.mark.parametrize("jahr", ["", "abc", "<script>alert(1)</script>", "99999", "-5", "2024x"])
def test_a_bad_year_falls_back_to_the_monitoring_year(client, planer, monitoring, jahr):
    client.force_login(planer)
    response = export(client, monitoring, "csv", jahr=jahr)
    assert response.status_code == 200
    assert "-2024.csv" in response["Content-Disposition"]


@pytest.mark.parametrize("fmt", ["pdf", "CSV", "docx", "xlsx.exe"])
def test_other_formats_are_404(client, planer, monitoring, fmt):
    client.force_login(planer)
    assert export(client, monitoring, fmt).status_code == 404


def test_an_unknown_monitoring_is_404(client, planer, db):
    client.force_login(planer)
    url = reverse("berichte:monitoring_export", args=[999999, "csv"])
    assert client.get(url).status_code == 404


def test_names_that_start_like_a_formula_are_neutralised(
    client, planer, monitoring, saarlouis_stadt, sgb2_quote, beschaeftigung
):
    from berichte.models import Messwert

    boese = Gebiet.objects.create(
        name='=HYPERLINK("https://example.org","x")',
        art=GebietArt.SOZIALRAUM,
        eltern=saarlouis_stadt,
        einwohnerzahl=900,
    )
    for indikator in (sgb2_quote, beschaeftigung):
        Messwert.objects.create(indikator=indikator, gebiet=boese, jahr=2024, wert=8)
    client.force_login(planer)
    namen = [z[0] for z in csv_zeilen(export(client, monitoring, "csv"))]
    assert '\'=HYPERLINK("https://example.org","x")' in namen
    assert not any(n.startswith("=") for n in namen)
    zellen = [z[0] for z in xlsx_zeilen(export(client, monitoring, "xlsx"))]
    assert '\'=HYPERLINK("https://example.org","x")' in zellen


def test_the_result_page_links_both_downloads_for_its_year(client, planer, monitoring):
    client.force_login(planer)
    html = client.get(
        reverse("berichte:monitoring_detail", args=[monitoring.pk]), {"jahr": "2022"}
    ).content.decode()
    for fmt in ("csv", "xlsx"):
        url = reverse("berichte:monitoring_export", args=[monitoring.pk, fmt])
        assert f'href="{url}?jahr=2022"' in html
