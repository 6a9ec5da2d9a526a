"""Spreadsheet formulas in the open data: the CSV files of /orte/export/hsds.zip neutralise text
that a spreadsheet program would run (through ``saarlouis_portal.tabellen.neutralise``), while
the JSON keeps every value raw, and numbers, phone numbers and iCalendar days stay as they are."""

import csv
import io
import json
import zipfile

from django.urls import reverse

BOESE = '=HYPERLINK("http://evil.example","x")'


def _rows(archive: zipfile.ZipFile, path: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(archive.read(path).decode("utf-8"), newline="")))


def test_a_place_name_with_a_formula_is_neutralised_in_locations_csv(
    client, oeffentliches_verzeichnis, quartiersbuero
):
    quartiersbuero.name = BOESE
    quartiersbuero.beschreibung = "-Kaffee und Gespräche"
    quartiersbuero.laengengrad = "-6.762000"
    quartiersbuero.save()
    response = client.get(reverse("begegnung:hsds_zip"))
    assert response.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    [location] = _rows(archive, "locations.csv")
    assert location["name"] == "'" + BOESE
    assert location["description"].startswith("'-Kaffee")
    # A negative number is a number, not a formula.
    assert location["longitude"] == "-6.762"
    # Phone numbers and iCalendar days start with + or - but are data.
    numbers = {row["number"] for row in _rows(archive, "phones.csv")}
    assert "+49 6831 123-45" in numbers
    assert "-1FR" in {row["byday"] for row in _rows(archive, "schedules.csv")}


def test_the_json_keeps_the_name_raw(client, oeffentliches_verzeichnis, quartiersbuero):
    quartiersbuero.name = BOESE
    quartiersbuero.save()
    data = json.loads(client.get(reverse("begegnung:hsds_json")).content)
    assert [location["name"] for location in data["locations"]] == [BOESE]


def test_a_formula_in_another_table_is_neutralised_too(client, oeffentliches_verzeichnis):
    from begegnung.models import Angebot

    angebot = Angebot.objects.get(titel="Sprachcafé")
    angebot.titel = "@SUM(1+1)"
    angebot.save()
    archive = zipfile.ZipFile(io.BytesIO(client.get(reverse("begegnung:hsds_zip")).content))
    names = {row["name"] for row in _rows(archive, "services.csv")}
    assert "'@SUM(1+1)" in names
