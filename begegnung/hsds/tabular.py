"""The tabular form of the export: every nested HSDS object flattened into its table, the CSV
files and the Frictionless ``datapackage.json``, zipped."""

import csv
import io
import json
import re
import zipfile

from django.conf import settings
from django.utils import timezone

from begegnung.hsds.export import export_data
from begegnung.hsds.schema import FELDTYPEN, FREMDSCHLUESSEL, HSDS_VERSION, TABELLEN
from saarlouis_portal.stammdaten.models import telefon_validator
from saarlouis_portal.tabellen import neutralise

# CSV columns whose values may start with "+" or "-" and are data, not formulas: phone numbers
# as the phone fields allow them, and iCalendar days such as "-1FR" (the last Friday). They stay
# as they are; every other text that starts like a formula gets an apostrophe.
HARMLOSE_WERTE = {
    "number": telefon_validator.regex,
    "byday": re.compile(
        r"[+-]?[0-9]{0,2}(MO|TU|WE|TH|FR|SA|SU)(,[+-]?[0-9]{0,2}(MO|TU|WE|TH|FR|SA|SU))*"
    ),
}


def tabellen(data: dict | None = None) -> dict[str, list[dict]]:
    """The rows of every table: the nested objects flattened, each table once per id."""
    data = data or export_data()
    rows: dict[str, dict[str, dict]] = {name: {} for name in TABELLEN}

    def add(table: str, record: dict):
        rows[table].setdefault(record["id"], record)

    for org in data["organizations"]:
        add("organization", org)
    for location in data["locations"]:
        add("location", location)
        for address in location.get("addresses", []):
            add("address", address)
        for key, table in (
            ("languages", "language"),
            ("accessibility", "accessibility"),
            ("phones", "phone"),
            ("schedules", "schedule"),
        ):
            for record in location.get(key, []):
                add(table, record)
        for contact in location.get("contacts", []):
            add("contact", contact)
            for phone in contact.get("phones", []):
                add("phone", phone)
    for service in data["services"]:
        add("service", service)
        for key, table in (
            ("languages", "language"),
            ("phones", "phone"),
            ("schedules", "schedule"),
            ("service_at_locations", "service_at_location"),
        ):
            for record in service.get(key, []):
                add(table, record)
        for contact in service.get("contacts", []):
            add("contact", contact)
            for phone in contact.get("phones", []):
                add("phone", phone)
    return {name: list(records.values()) for name, records in rows.items()}


def _csv(table: str, records: list[dict]) -> str:
    _path, columns = TABELLEN[table]
    buffer = io.StringIO()
    # Plain RFC 4180 CSV for machines: comma, UTF-8, ISO dates. People open it in spreadsheet
    # programs too, so text that would run as a formula (a place called "=HYPERLINK(…)") gets an
    # apostrophe; phone numbers and iCalendar days stay as they are (``HARMLOSE_WERTE``).
    writer = csv.DictWriter(
        buffer, fieldnames=columns, extrasaction="ignore", lineterminator="\r\n"
    )
    writer.writeheader()
    for record in records:
        writer.writerow({column: _zelle(column, record.get(column)) for column in columns})
    return buffer.getvalue()


def _zelle(column: str, value):
    if isinstance(value, float):
        return repr(value)
    return neutralise(value, harmlos=HARMLOSE_WERTE.get(column))


def datapackage() -> dict:
    resources = []
    for name, (path, columns) in TABELLEN.items():
        fields = [{"name": column, "type": FELDTYPEN.get(column, "string")} for column in columns]
        for field in fields:
            if field["name"] == "id" or field["name"] in FREMDSCHLUESSEL:
                field["format"] = "uuid"
        foreign_keys = [
            {"fields": column, "reference": {"resource": FREMDSCHLUESSEL[column], "fields": "id"}}
            for column in columns
            if column in FREMDSCHLUESSEL and FREMDSCHLUESSEL[column] != name
        ]
        schema = {"fields": fields, "primaryKey": "id"}
        if foreign_keys:
            schema["foreignKeys"] = foreign_keys
        resources.append(
            {
                "name": name,
                "path": path,
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": schema,
            }
        )
    return {
        "name": "hsds-orte-der-begegnung",
        "title": f"Orte der Begegnung – {settings.PORTAL_NAME}",
        "profile": "tabular-data-package",
        "version": HSDS_VERSION,
        "created": timezone.now().isoformat(timespec="seconds"),
        "resources": resources,
    }


def export_zip(data: dict | None = None) -> bytes:
    """The zip of CSV files and datapackage.json (``data``: an ``export_data()`` already made,
    so the stored export builds the JSON and the zip from one reading of the database)."""
    tables = tabellen(data)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "datapackage.json", json.dumps(datapackage(), ensure_ascii=False, indent=2)
        )
        for name, (path, _columns) in TABELLEN.items():
            archive.writestr(path, _csv(name, tables[name]))
    return buffer.getvalue()
