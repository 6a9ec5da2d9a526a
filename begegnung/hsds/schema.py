"""The HSDS 3.0 vocabulary of the export: version, the tables of the tabular form with their
columns, types and foreign keys, and the stable identifiers of the records.

Identifiers are UUIDs derived from the primary keys (``uuid5``) in a namespace of this portal
(its public address), so a re-export keeps every id and two municipalities never share one.
"""

import uuid

from django.conf import settings

HSDS_VERSION = "3.0"
OPENAPI_URL = "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/openapi.json"
# Fixed project namespace; combined with the portal's address (see ``namespace``).
PROJECT_NAMESPACE = uuid.UUID("a63b4f85-4c79-401f-a13e-2701241e9d22")

# The tables of the tabular form in HSDS order: resource name, file, columns (the scalar
# properties of schema/<name>.json, in the schema's order). tests/begegnung/test_hsds_tabular.py
# compares them with the schema files.
TABELLEN = {
    "organization": (
        "organizations.csv",
        [
            "id",
            "name",
            "alternate_name",
            "description",
            "email",
            "website",
            "tax_status",
            "tax_id",
            "year_incorporated",
            "legal_status",
            "logo",
            "uri",
            "parent_organization_id",
        ],
    ),
    "service": (
        "services.csv",
        [
            "id",
            "organization_id",
            "program_id",
            "name",
            "alternate_name",
            "description",
            "url",
            "email",
            "status",
            "interpretation_services",
            "application_process",
            "fees_description",
            "wait_time",
            "fees",
            "accreditations",
            "eligibility_description",
            "minimum_age",
            "maximum_age",
            "assured_date",
            "assurer_email",
            "licenses",
            "alert",
            "last_modified",
        ],
    ),
    "service_at_location": (
        "service_at_location.csv",
        ["id", "service_id", "location_id", "description"],
    ),
    "location": (
        "locations.csv",
        [
            "id",
            "location_type",
            "url",
            "organization_id",
            "name",
            "alternate_name",
            "description",
            "transportation",
            "latitude",
            "longitude",
            "external_identifier",
            "external_identifier_type",
        ],
    ),
    "phone": (
        "phones.csv",
        [
            "id",
            "location_id",
            "service_id",
            "organization_id",
            "contact_id",
            "service_at_location_id",
            "number",
            "extension",
            "type",
            "description",
        ],
    ),
    "contact": (
        "contacts.csv",
        [
            "id",
            "organization_id",
            "service_id",
            "service_at_location_id",
            "location_id",
            "name",
            "title",
            "department",
            "email",
        ],
    ),
    "address": (
        "addresses.csv",
        [
            "id",
            "location_id",
            "attention",
            "address_1",
            "address_2",
            "city",
            "region",
            "state_province",
            "postal_code",
            "country",
            "address_type",
        ],
    ),
    "schedule": (
        "schedules.csv",
        [
            "id",
            "service_id",
            "location_id",
            "service_at_location_id",
            "valid_from",
            "valid_to",
            "dtstart",
            "timezone",
            "until",
            "count",
            "wkst",
            "freq",
            "interval",
            "byday",
            "byweekno",
            "bymonthday",
            "byyearday",
            "description",
            "opens_at",
            "closes_at",
            "schedule_link",
            "attending_type",
            "notes",
        ],
    ),
    "language": (
        "languages.csv",
        ["id", "service_id", "location_id", "phone_id", "name", "code", "note"],
    ),
    "accessibility": (
        "accessibility.csv",
        ["id", "location_id", "description", "details", "url"],
    ),
}

# Frictionless Table Schema types of the columns that are not strings.
FELDTYPEN = {
    "year_incorporated": "number",
    "minimum_age": "number",
    "maximum_age": "number",
    "assured_date": "date",
    "last_modified": "datetime",
    "latitude": "number",
    "longitude": "number",
    "extension": "number",
    "valid_from": "date",
    "valid_to": "date",
    "dtstart": "date",
    "timezone": "number",
    "until": "date",
    "count": "number",
    "interval": "number",
    "opens_at": "time",
    "closes_at": "time",
}

# Columns that point at another table: column -> referenced resource.
FREMDSCHLUESSEL = {
    "organization_id": "organization",
    "service_id": "service",
    "location_id": "location",
    "service_at_location_id": "service_at_location",
    "contact_id": "contact",
    "phone_id": "phone",
}


def namespace() -> uuid.UUID:
    return uuid.uuid5(PROJECT_NAMESPACE, settings.PORTAL_BASE_URL)


def hsds_id(*parts) -> str:
    """A stable UUID for one record, e.g. ``hsds_id("location", 12)``."""
    return str(uuid.uuid5(namespace(), ":".join(str(part) for part in parts)))
