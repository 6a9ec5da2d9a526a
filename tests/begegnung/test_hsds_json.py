"""The HSDS 3.0 JSON export validates against the official compiled schema (strictly: no field
outside the specification), keeps its ids across exports and never carries private data."""

import copy
import json
import uuid
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from jsonschema import Draft7Validator, FormatChecker

from begegnung import hsds
from begegnung.models import Angebot, Ort
from tests.begegnung.conftest import make_orte

SCHEMA_DIR = Path(__file__).parent / "hsds_schema" / "schema"


def _format_checker() -> FormatChecker:
    """Draft 7's checks plus the formats HSDS uses that jsonschema only checks with optional
    packages (uuid, uri, date-time)."""
    checker = copy.deepcopy(Draft7Validator.FORMAT_CHECKER)

    @checker.checks("uuid", raises=ValueError)
    def is_uuid(value):
        return not isinstance(value, str) or str(uuid.UUID(value)) == value

    @checker.checks("uri")
    def is_uri(value):
        if not isinstance(value, str):
            return True
        parts = urlsplit(value)
        return parts.scheme in {"http", "https"} and bool(parts.netloc)

    @checker.checks("date-time", raises=ValueError)
    def is_date_time(value):
        return not isinstance(value, str) or datetime.fromisoformat(value).tzinfo is not None

    return checker


def strict(schema):
    """Upstream validates its examples with additionalProperties false on every object
    (compiletojsonschema --set-additional-properties-false-everywhere): no invented fields."""
    if isinstance(schema, dict):
        if "properties" in schema and schema.get("type") == "object":
            schema["additionalProperties"] = False
        for value in schema.values():
            strict(value)
    elif isinstance(schema, list):
        for value in schema:
            strict(value)
    return schema


@pytest.fixture(scope="module")
def service_schema() -> dict:
    return strict(
        json.loads((SCHEMA_DIR / "compiled" / "service_with_definitions.json").read_text())
    )


def validator(service_schema, definition: str | None = None) -> Draft7Validator:
    schema = service_schema
    if definition:
        # Another object of the same compiled file, with its definitions in reach.
        schema = {
            "$ref": f"#/definitions/{definition}",
            "definitions": service_schema["definitions"],
        }
    Draft7Validator.check_schema(schema)
    return Draft7Validator(schema, format_checker=_format_checker())


def assert_valid(validator, instance):
    errors = sorted(validator.iter_errors(instance), key=lambda e: list(e.absolute_path))
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors)


@pytest.fixture
def export(oeffentliches_verzeichnis) -> dict:
    return hsds.export_json()


# --- Schema ------------------------------------------------------------------------------------


def test_every_service_is_a_valid_hsds_service(export, service_schema):
    check = validator(service_schema)
    assert len(export["services"]) == 3
    for service in export["services"]:
        assert_valid(check, service)


@pytest.mark.parametrize(
    ("collection", "definition"),
    [
        ("organizations", "organization"),
        ("locations", "location"),
        ("service_at_locations", "service_at_location"),
    ],
)
def test_every_object_is_valid_hsds(export, service_schema, collection, definition):
    check = validator(service_schema, definition)
    assert export[collection]
    for item in export[collection]:
        assert_valid(check, item)


def test_the_validator_does_catch_invented_fields_and_bad_formats(export, service_schema):
    """The strict schema is really applied: the test above could not pass by accident."""
    check = validator(service_schema, "location")
    location = copy.deepcopy(export["locations"][0])
    location["interne_notiz"] = "x"
    location["languages"][0]["id"] = "not-a-uuid"
    messages = [error.message for error in check.iter_errors(location)]
    assert any("interne_notiz" in message for message in messages)
    assert any("not-a-uuid" in message for message in messages)


def test_envelope_names_the_version(export):
    assert export["version"] == "3.0"
    assert export["openapi_url"].endswith("/3.0/schema/openapi.json")
    assert set(export) == {
        "version",
        "openapi_url",
        "publisher",
        "generated_at",
        "organizations",
        "services",
        "locations",
        "service_at_locations",
    }


# --- Content -----------------------------------------------------------------------------------


def test_location_carries_address_coordinates_accessibility_languages_and_hours(
    export, oeffentliches_verzeichnis
):
    (location,) = export["locations"]
    assert location["name"] == "Quartiersbüro Roden"
    assert (location["latitude"], location["longitude"]) == (49.327, 6.762)
    assert location["url"].endswith(f"/orte/{oeffentliches_verzeichnis.pk}/")
    (address,) = location["addresses"]
    assert (address["address_1"], address["postal_code"], address["city"], address["country"]) == (
        "Holzmühler Weg 1",
        "66740",
        "Saarlouis",
        "DE",
    )
    assert [a["description"] for a in location["accessibility"]] == [
        "Stufenloser Zugang",
        "Induktionsschleife",
        "Hinweise zur Barrierefreiheit",
    ]
    assert location["accessibility"][-1]["details"] == "Klingel am Seiteneingang."
    assert [language["code"] for language in location["languages"]] == ["de", "fr"]
    hours = [(s["freq"], s["byday"], s["opens_at"], s["closes_at"]) for s in location["schedules"]]
    assert hours == [
        ("WEEKLY", "MO", "09:00:00", "12:00:00"),
        ("WEEKLY", "MO", "14:00:00", "17:00:00"),
        ("WEEKLY", "TH", "09:00:00", "12:30:00"),
    ]
    assert [p["number"] for p in location["phones"]] == ["+49 6831 123-45"]
    assert [c["email"] for c in location["contacts"]] == ["quartiersbuero@example.org"]


def test_services_carry_ical_recurrence_languages_and_contact(export):
    services = {service["name"]: service for service in export["services"]}
    (weekly,) = services["Sprachcafé"]["schedules"]
    assert (weekly["freq"], weekly["byday"], weekly["wkst"]) == ("WEEKLY", "TU", "MO")
    assert (weekly["opens_at"], weekly["closes_at"], weekly["valid_from"]) == (
        "15:00:00",
        "17:00:00",
        "2026-01-01",
    )
    (monthly,) = services["Elterntreff"]["schedules"]
    assert (monthly["freq"], monthly["byday"]) == ("MONTHLY", "-1FR")
    assert monthly["description"] == "Monatlich am letzten Freitag 10:00–11:30"
    (single,) = services["Stadtteilfest"]["schedules"]
    assert "freq" not in single
    assert single["valid_from"] == single["valid_to"] == single["dtstart"] == "2027-06-05"
    sprachcafe = services["Sprachcafé"]
    assert [language["code"] for language in sprachcafe["languages"]] == ["de", "fr"]
    (contact,) = sprachcafe["contacts"]
    assert (contact["name"], contact["email"]) == ("Frau Beispiel", "sprachcafe@example.org")
    assert [phone["number"] for phone in contact["phones"]] == ["06831 555"]
    assert sprachcafe["url"].endswith(
        f"/orte/angebote/{Angebot.objects.get(titel='Sprachcafé').pk}/"
    )
    assert weekly["schedule_link"].endswith(
        f"/orte/{Angebot.objects.get(titel='Sprachcafé').ort_id}/angebote.ics"
    )
    assert services["Elterntreff"]["fees_description"] == "2 Euro"
    assert services["Elterntreff"]["application_process"] == "Telefonisch im Quartiersbüro"


def test_services_and_locations_point_at_the_carrier_and_each_other(export):
    organizations = {org["name"]: org for org in export["organizations"]}
    assert set(organizations) == {"Caritasverband Saar-Hochwald", "Jobcenter Saarlouis"}
    caritas = organizations["Caritasverband Saar-Hochwald"]
    assert caritas["description"] == "Träger: Quartiersbüro Roden"
    (location,) = export["locations"]
    assert location["organization_id"] == caritas["id"]
    for service in export["services"]:
        assert service["organization_id"] == caritas["id"]
        (link,) = service["service_at_locations"]
        assert link["location_id"] == location["id"]
        assert link in export["service_at_locations"]


# --- Identifiers -------------------------------------------------------------------------------


def _ids(value) -> list[str]:
    if isinstance(value, dict):
        found = [value["id"]] if "id" in value else []
        for key, item in value.items():
            if key != "id":
                found.extend(_ids(item))
        return found
    if isinstance(value, list):
        return [i for item in value for i in _ids(item)]
    return []


def test_ids_are_stable_across_exports(oeffentliches_verzeichnis):
    first = hsds.export_data()
    Angebot.objects.filter(titel="Sprachcafé").update(titel="Sprachcafé am Dienstag")
    second = hsds.export_data()
    assert _ids(first) == _ids(second)


def test_ids_are_derived_from_the_primary_key(export, oeffentliches_verzeichnis, settings):
    ort = oeffentliches_verzeichnis
    namespace = uuid.uuid5(hsds.PROJECT_NAMESPACE, settings.PORTAL_BASE_URL)
    assert export["locations"][0]["id"] == str(uuid.uuid5(namespace, f"location:{ort.pk}"))


def test_another_portal_gets_other_ids(oeffentliches_verzeichnis, settings):
    here = hsds.export_data()
    settings.PORTAL_BASE_URL = "https://portal.pliezhausen.example"
    elsewhere = hsds.export_data()
    assert not set(_ids(here)) & set(_ids(elsewhere))


def test_ids_of_one_kind_are_unique(export):
    for collection in ("organizations", "services", "locations", "service_at_locations"):
        ids = [item["id"] for item in export[collection]]
        assert len(ids) == len(set(ids))
    schedules = [
        s["id"] for item in export["services"] + export["locations"] for s in item["schedules"]
    ]
    assert len(schedules) == len(set(schedules))


# --- Privacy -----------------------------------------------------------------------------------


def test_private_data_never_leaves(export, ortsleitung):
    text = json.dumps(export, ensure_ascii=False)
    for secret in (
        "GEHEIM",  # internal note of the place
        "Noch nicht öffentlicher Ort",
        "Angebot am versteckten Ort",
        "Internes Teamtreffen",  # a non-public offer at a public place
        "Nur intern bekannter Verein",  # partner of a non-public place only
        "intern-caritas@example.org",  # an organisation's own contact data (staff master data)
        "06831 999-0",
        "INTERNE Stammdatenbeschreibung",
        ortsleitung.email,  # the people who lead the place
        "0.50",  # staffing shares
        "arbeitsvermittlung",
    ):
        assert secret not in text, secret


def test_a_place_made_private_disappears_with_its_offers(oeffentliches_verzeichnis):
    Ort.objects.filter(pk=oeffentliches_verzeichnis.pk).update(oeffentlich=False)
    export = hsds.export_data()
    assert export == {
        "organizations": [],
        "services": [],
        "locations": [],
        "service_at_locations": [],
    }


def test_query_count_stays_flat_as_places_grow(roden_sozialraum, django_assert_max_num_queries):
    make_orte(roden_sozialraum, 3)
    with CaptureQueriesContext(connection) as few:
        hsds.export_data()
    make_orte(roden_sozialraum, 30, start=3)
    with django_assert_max_num_queries(len(few)):
        assert len(hsds.export_data()["locations"]) == 33


def test_the_demo_directory_exports_valid_hsds(db, service_schema):
    """The demo data has every kind of place, schedule and contact: all of it validates."""
    import io

    from django.core.management import call_command

    call_command("seed_demo", "--force", stdout=io.StringIO())
    export = hsds.export_json()
    assert len(export["locations"]) >= 5
    for service in export["services"]:
        assert_valid(validator(service_schema), service)
    for collection, definition in (
        ("organizations", "organization"),
        ("locations", "location"),
        ("service_at_locations", "service_at_location"),
    ):
        check = validator(service_schema, definition)
        for item in export[collection]:
            assert_valid(check, item)
