"""The open-data endpoints /orte/export/hsds.json and /orte/export/hsds.zip: public, readable
by other sites, downloadable with a dated file name, GET only."""

import io
import json
import zipfile

import pytest
import time_machine
from django.urls import reverse

JSON_URL = reverse("begegnung:hsds_json")
ZIP_URL = reverse("begegnung:hsds_zip")


def test_urls():
    assert JSON_URL == "/orte/export/hsds.json"
    assert ZIP_URL == "/orte/export/hsds.zip"
    assert reverse("begegnung:karte") == "/orte/karte/"
    assert reverse("begegnung:karte_daten") == "/orte/karte/daten.geojson"


@time_machine.travel("2026-11-26 23:30 +01:00", tick=False)
def test_json_is_public_and_names_the_local_date(client, oeffentliches_verzeichnis):
    response = client.get(JSON_URL)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Content-Disposition"] == 'inline; filename="hsds-orte-2026-11-26.json"'
    data = json.loads(response.content)
    assert data["version"] == "3.0"
    assert [location["name"] for location in data["locations"]] == ["Quartiersbüro Roden"]
    # Umlauts stay readable.
    assert "Quartiersbüro Roden" in response.content.decode("utf-8")


def test_zip_is_a_data_package(client, oeffentliches_verzeichnis):
    response = client.get(ZIP_URL)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"].startswith('attachment; filename="hsds-orte-')
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert "datapackage.json" in archive.namelist()
    assert "locations.csv" in archive.namelist()


def test_staff_get_the_same_public_data(client, oeffentliches_verzeichnis, planer):
    anonymous = json.loads(client.get(JSON_URL).content)
    client.force_login(planer)
    staff = json.loads(client.get(JSON_URL).content)
    assert [loc["id"] for loc in staff["locations"]] == [
        loc["id"] for loc in anonymous["locations"]
    ]
    assert "GEHEIM" not in json.dumps(staff)


def test_empty_directory_gives_an_empty_valid_export(client, db):
    data = json.loads(client.get(JSON_URL).content)
    assert data["locations"] == data["services"] == data["organizations"] == []
    archive = zipfile.ZipFile(io.BytesIO(client.get(ZIP_URL).content))
    assert archive.read("locations.csv").decode().startswith("id,location_type,url,")


@pytest.mark.parametrize(
    "url",
    [JSON_URL, ZIP_URL, reverse("begegnung:karte"), reverse("begegnung:karte_daten")],
)
def test_only_get(client, db, url):
    assert client.post(url).status_code == 405
