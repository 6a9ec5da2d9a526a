"""The tabular form of the HSDS export (ZIP of CSV files plus datapackage.json): the tables,
file names and columns are those of the HSDS 3.0 schema files, every row validates against
the compiled tabular schema, and every reference points at an exported row."""

import csv
import io
import json
import zipfile
from pathlib import Path

import pytest
from jsonschema import Draft7Validator

from begegnung import hsds
from tests.begegnung.test_hsds_json import _format_checker, assert_valid, strict

SCHEMA_DIR = Path(__file__).parent / "hsds_schema" / "schema"


def _schema(name: str) -> dict:
    return json.loads((SCHEMA_DIR / f"{name}.json").read_text())


def _scalar_fields(schema: dict) -> list[str]:
    """The columns of a table: every property that is not a nested list or object."""
    return [
        name
        for name, spec in schema["properties"].items()
        if spec.get("type") not in ("array", "object", None)
    ]


@pytest.fixture(scope="module")
def tabular_schema() -> dict:
    return strict(json.loads((SCHEMA_DIR / "compiled" / "tabular.json").read_text()))


@pytest.fixture
def archive(oeffentliches_verzeichnis) -> zipfile.ZipFile:
    return zipfile.ZipFile(io.BytesIO(hsds.export_zip()))


def _rows(archive: zipfile.ZipFile, path: str) -> tuple[list[str], list[dict]]:
    text = archive.read(path).decode("utf-8")
    reader = csv.DictReader(io.StringIO(text, newline=""))
    rows = list(reader)
    return reader.fieldnames, rows


@pytest.mark.parametrize("name", list(hsds.TABELLEN))
def test_tables_match_the_schema_files(name):
    schema = _schema(name)
    path, columns = hsds.TABELLEN[name]
    assert path == schema["path"]
    assert columns == _scalar_fields(schema)
    assert schema["datapackage_metadata"]["format"] == "csv"
    for column in columns:
        spec = schema["properties"][column]
        expected = spec.get("datapackage_type") or spec["type"]
        assert hsds.FELDTYPEN.get(column, "string") == expected, column


def test_datapackage_lists_every_resource_with_path_and_fields(archive):
    package = json.loads(archive.read("datapackage.json"))
    assert package["profile"] == "tabular-data-package"
    resources = {resource["name"]: resource for resource in package["resources"]}
    assert set(resources) == set(hsds.TABELLEN)
    assert set(archive.namelist()) == {"datapackage.json"} | {r["path"] for r in resources.values()}
    for name, resource in resources.items():
        schema = _schema(name)
        assert resource["path"] == schema["path"]
        assert resource["profile"] == schema["datapackage_metadata"]["profile"]
        assert resource["mediatype"] == schema["datapackage_metadata"]["mediatype"]
        assert [field["name"] for field in resource["schema"]["fields"]] == _scalar_fields(schema)
        assert resource["schema"]["primaryKey"] == "id"
        for key in resource["schema"].get("foreignKeys", []):
            assert key["reference"]["resource"] in resources


@pytest.mark.parametrize("name", list(hsds.TABELLEN))
def test_every_csv_has_the_header_row_and_valid_rows(archive, tabular_schema, name):
    path, _columns = hsds.TABELLEN[name]
    header, rows = _rows(archive, path)
    assert header == _scalar_fields(_schema(name))
    row_schema = tabular_schema["properties"][name]["items"]
    check = Draft7Validator(row_schema, format_checker=_format_checker())
    for row in rows:
        assert_valid(check, _typed(row, row_schema))


def _typed(row: dict, row_schema: dict) -> dict:
    """A CSV row as the JSON the tabular schema describes: empty cells absent, numbers numeric.
    Required columns stay even when empty (HSDS requires them to be present)."""
    required = set(row_schema.get("required", []))
    typed = {}
    for column, value in row.items():
        if value == "" and column not in required:
            continue
        if row_schema["properties"][column].get("type") == "number":
            value = float(value)
        typed[column] = value
    return typed


def test_tables_hold_the_expected_rows(archive):
    counts = {name: len(_rows(archive, path)[1]) for name, (path, _c) in hsds.TABELLEN.items()}
    assert counts == {
        "organization": 2,
        "service": 3,
        "service_at_location": 3,
        "location": 1,
        "phone": 2,  # the place's own number and the Sprachcafé contact's
        "contact": 2,
        "address": 1,
        "schedule": 6,  # three opening periods, weekly, monthly, one single date
        "language": 4,
        "accessibility": 3,
    }
    _header, schedules = _rows(archive, "schedules.csv")
    monthly = next(row for row in schedules if row["freq"] == "MONTHLY")
    # No spreadsheet escaping: open data keeps its values.
    assert monthly["byday"] == "-1FR"
    _header, phones = _rows(archive, "phones.csv")
    assert "+49 6831 123-45" in {row["number"] for row in phones}


def test_every_reference_points_at_an_exported_row(archive):
    ids = {
        name: {row["id"] for row in _rows(archive, path)[1]}
        for name, (path, _c) in hsds.TABELLEN.items()
    }
    for name, (path, columns) in hsds.TABELLEN.items():
        for row in _rows(archive, path)[1]:
            for column in columns:
                target = hsds.FREMDSCHLUESSEL.get(column)
                if target and row[column]:
                    assert row[column] in ids[target], (name, column)


def test_private_data_is_not_in_the_archive(archive, ortsleitung):
    text = "".join(archive.read(name).decode("utf-8") for name in archive.namelist())
    for secret in (
        "GEHEIM",
        "Noch nicht öffentlicher Ort",
        "Internes Teamtreffen",
        ortsleitung.email,
    ):
        assert secret not in text


def test_the_demo_directory_exports_valid_tables(db, tabular_schema):
    from django.core.management import call_command

    call_command("seed_demo", "--force", stdout=io.StringIO())
    archive = zipfile.ZipFile(io.BytesIO(hsds.export_zip()))
    for name, (path, _columns) in hsds.TABELLEN.items():
        header, rows = _rows(archive, path)
        assert header == _scalar_fields(_schema(name))
        row_schema = tabular_schema["properties"][name]["items"]
        check = Draft7Validator(row_schema, format_checker=_format_checker())
        for row in rows:
            assert_valid(check, _typed(row, row_schema))
    assert _rows(archive, "locations.csv")[1]
