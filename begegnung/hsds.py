"""Open data: the public directory of places and offers in the Open Referral Human Services Data
Specification (HSDS) 3.0, as JSON and as a tabular data package (CSV files + datapackage.json).

Mapping:
- organization: a partner institution of a public place (Träger, Mitträger, Partner) or the
  employer of a staff post there (``stammdaten.Organisation``); name, short name and website
  only: the institutions' own phone numbers and addresses are staff master data.
- location: a public place (``Ort``) with address, coordinates, accessibility, languages,
  its own phone and e-mail, and its opening hours as weekly schedules.
- service: a public offer (``Angebot``) at a public place, with its schedule (weekly, monthly
  or single dates), languages and the offer's contact; service_at_location links the two.

Only public data leaves: public places and their public offers. Internal notes, the people
who lead a place, staffing shares and staff-only fields are never read here.

Identifiers are UUIDs derived from the primary keys (``uuid5``) in a namespace of this portal
(its public address), so a re-export keeps every id and two municipalities never share one.
Times are local times in Europe/Berlin (HSDS allows an offset, but a fixed offset would be
wrong for half of the year); the export says so in each schedule's ``notes``.
"""

import csv
import io
import json
import re
import uuid
import zipfile
from collections import defaultdict
from datetime import date, time

from django.conf import settings
from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from begegnung.models import (
    Angebot,
    AngebotTermin,
    Oeffnungszeit,
    Ort,
    PartnerRolle,
    Partnerschaft,
    Stelle,
    Wiederholung,
    Wochentag,
    Zielgruppe,
)
from saarlouis_portal.stammdaten.models import Organisation, telefon_validator
from saarlouis_portal.tabellen import neutralise

HSDS_VERSION = "3.0"
OPENAPI_URL = "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/openapi.json"
# Fixed project namespace; combined with the portal's address (see ``namespace``).
PROJECT_NAMESPACE = uuid.UUID("a63b4f85-4c79-401f-a13e-2701241e9d22")

ICAL_TAGE = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")  # index = Wochentag value
# CSV columns whose values may start with "+" or "-" and are data, not formulas: phone numbers
# as the phone fields allow them, and iCalendar days such as "-1FR" (the last Friday). They stay
# as they are; every other text that starts like a formula gets an apostrophe.
HARMLOSE_WERTE = {
    "number": telefon_validator.regex,
    "byday": re.compile(
        r"[+-]?[0-9]{0,2}(MO|TU|WE|TH|FR|SA|SU)(,[+-]?[0-9]{0,2}(MO|TU|WE|TH|FR|SA|SU))*"
    ),
}
ZEIT_HINWEIS = "Ortszeit Europe/Berlin"

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


def _absolute(path: str) -> str:
    return settings.PORTAL_BASE_URL + path


def _zeit(value: time) -> str:
    return value.strftime("%H:%M:%S")


def _datum(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _kompakt(record: dict) -> dict:
    """HSDS leaves out what is unknown: drop empty values, keep lists (even empty ones)."""
    return {k: v for k, v in record.items() if v not in (None, "") or isinstance(v, list)}


# --- Queries ---------------------------------------------------------------------------------


def _orte():
    """Public places with everything the export needs, in a fixed number of queries."""
    return (
        Ort.objects.public()
        .order_by("pk")
        .prefetch_related(
            "sprachen",
            Prefetch("oeffnungszeiten", queryset=Oeffnungszeit.objects.order_by("wochentag")),
            Prefetch(
                "partnerschaften",
                queryset=Partnerschaft.objects.select_related("organisation").order_by(
                    "rolle", "organisation__name"
                ),
            ),
            Prefetch(
                "angebote",
                queryset=Angebot.objects.filter(oeffentlich=True)
                .order_by("pk")
                .prefetch_related(
                    "sprachen",
                    "themen",
                    Prefetch("termine", queryset=AngebotTermin.objects.order_by("datum")),
                ),
            ),
        )
    )


def _organisationen(orte: list[Ort]) -> dict[int, Organisation]:
    """Partner institutions and employers at public places, by pk."""
    ort_ids = [ort.pk for ort in orte]
    ids = set(
        Partnerschaft.objects.filter(ort_id__in=ort_ids).values_list("organisation_id", flat=True)
    )
    ids |= set(Stelle.objects.filter(ort_id__in=ort_ids).values_list("arbeitgeber_id", flat=True))
    return {org.pk: org for org in Organisation.objects.filter(pk__in=ids).order_by("pk")}


def _traeger(ort: Ort) -> Organisation | None:
    """The organisation responsible for a place: its carrier, else a co-carrier."""
    for rolle in (PartnerRolle.TRAEGER, PartnerRolle.MITTRAEGER):
        for partnerschaft in ort.partnerschaften.all():
            if partnerschaft.rolle == rolle:
                return partnerschaft.organisation
    return None


# --- Records ---------------------------------------------------------------------------------


def _organization(org: Organisation, rollen: list[str]) -> dict:
    return _kompakt(
        {
            "id": hsds_id("organization", org.pk),
            "name": org.name,
            "alternate_name": org.kurzname,
            # Required by HSDS; the staff description of the master data is not public, so the
            # description says what the organisation does at the public places.
            "description": "; ".join(rollen) or str(org.get_art_display()),
            "website": org.website,
        }
    )


def _language(sprache, **owner) -> dict:
    owner_key = next(iter(owner))
    return {
        "id": hsds_id("language", owner_key, owner[owner_key], sprache.code),
        owner_key: owner[owner_key],
        "name": sprache.name,
        "code": sprache.code,
    }


def _location_schedules(ort: Ort, location_id: str) -> list[dict]:
    schedules = []
    for periode in ort.oeffnungszeiten.all():
        schedules.append(
            {
                "id": hsds_id("schedule", "oeffnungszeit", periode.pk),
                "location_id": location_id,
                "freq": "WEEKLY",
                "wkst": "MO",
                "byday": ICAL_TAGE[periode.wochentag],
                "opens_at": _zeit(periode.beginn),
                "closes_at": _zeit(periode.ende),
                "description": str(periode),
                "notes": ZEIT_HINWEIS,
            }
        )
    return schedules


def _accessibility(ort: Ort, location_id: str) -> list[dict]:
    merkmale = [
        ("stufenlos", ort.stufenloser_zugang, _("Stufenloser Zugang")),
        ("wc", ort.barrierefreies_wc, _("Barrierefreies WC")),
        ("induktionsschleife", ort.induktionsschleife, _("Induktionsschleife")),
    ]
    eintraege = [
        {
            "id": hsds_id("accessibility", ort.pk, key),
            "location_id": location_id,
            "description": text,
        }
        for key, vorhanden, text in merkmale
        if vorhanden
    ]
    if ort.barrierefreiheit_hinweise:
        eintraege.append(
            {
                "id": hsds_id("accessibility", ort.pk, "hinweise"),
                "location_id": location_id,
                "description": _("Hinweise zur Barrierefreiheit"),
                "details": ort.barrierefreiheit_hinweise,
            }
        )
    return eintraege


def _location(ort: Ort, organisation: Organisation | None) -> dict:
    location_id = hsds_id("location", ort.pk)
    addresses = []
    if ort.strasse and ort.ortsname:
        addresses.append(
            {
                "id": hsds_id("address", ort.pk),
                "location_id": location_id,
                "address_1": ort.strasse,
                "city": ort.ortsname,
                # Required by HSDS, but the portal does not record the Land: left empty.
                "state_province": "",
                "postal_code": ort.plz,
                "country": "DE",
                "address_type": "physical",
            }
        )
    phones = []
    if ort.telefon:
        phones.append(
            {
                "id": hsds_id("phone", "location", ort.pk),
                "location_id": location_id,
                "number": ort.telefon,
            }
        )
    contacts = []
    if ort.email:
        contacts.append(
            {
                "id": hsds_id("contact", "location", ort.pk),
                "location_id": location_id,
                "name": ort.name,
                "email": ort.email,
                "phones": [],
            }
        )
    return _kompakt(
        {
            "id": location_id,
            "location_type": "physical",
            "url": _absolute(reverse("begegnung:ort", args=[ort.pk])),
            "organization_id": hsds_id("organization", organisation.pk) if organisation else None,
            "name": ort.name,
            "alternate_name": str(ort.get_art_display()),
            "description": ort.beschreibung,
            "latitude": float(ort.breitengrad) if ort.breitengrad is not None else None,
            "longitude": float(ort.laengengrad) if ort.laengengrad is not None else None,
            "languages": [_language(s, location_id=location_id) for s in ort.sprachen.all()],
            "addresses": addresses,
            "contacts": contacts,
            "accessibility": _accessibility(ort, location_id),
            "phones": phones,
            "schedules": _location_schedules(ort, location_id),
        }
    )


def _service_schedules(angebot: Angebot, service_id: str) -> list[dict]:
    gemeinsam = {
        "service_id": service_id,
        "notes": ZEIT_HINWEIS,
        # Every date of the place's offers as an iCalendar feed.
        "schedule_link": _absolute(reverse("begegnung:ort_feed", args=[angebot.ort_id])),
    }
    if angebot.wiederholung == Wiederholung.EINZELTERMINE:
        return [
            gemeinsam
            | {
                "id": hsds_id("schedule", "angebottermin", termin.pk),
                "valid_from": termin.datum.isoformat(),
                "valid_to": termin.datum.isoformat(),
                "dtstart": termin.datum.isoformat(),
                "opens_at": _zeit(termin.beginn),
                "closes_at": _zeit(termin.ende),
                "description": f"{termin.datum:%d.%m.%Y} {termin.beginn:%H:%M}–{termin.ende:%H:%M}",
            }
            for termin in angebot.termine.all()
        ]
    if angebot.wochentag is None:
        return []
    tag = ICAL_TAGE[angebot.wochentag]
    schedule = gemeinsam | {
        "id": hsds_id("schedule", "angebot", angebot.pk),
        "wkst": "MO",
        "valid_from": _datum(angebot.gueltig_ab),
        "valid_to": _datum(angebot.gueltig_bis),
        "opens_at": _zeit(angebot.beginn) if angebot.beginn else None,
        "closes_at": _zeit(angebot.ende) if angebot.ende else None,
    }
    wochentag = Wochentag(angebot.wochentag).label
    if angebot.wiederholung == Wiederholung.MONATLICH:
        schedule["freq"] = "MONTHLY"
        # "2MO" is the second Monday, "-1FR" the last Friday of the month (RFC 5545).
        schedule["byday"] = f"{angebot.woche_im_monat}{tag}" if angebot.woche_im_monat else tag
        if angebot.woche_im_monat == -1:
            text = _("Monatlich am letzten %(tag)s") % {"tag": wochentag}
        elif angebot.woche_im_monat:
            text = _("Monatlich am %(n)s. %(tag)s") % {
                "n": angebot.woche_im_monat,
                "tag": wochentag,
            }
        else:
            text = _("Monatlich, %(tag)s") % {"tag": wochentag}
    else:
        schedule["freq"] = "WEEKLY"
        schedule["byday"] = tag
        text = _("Wöchentlich, %(tag)s") % {"tag": wochentag}
    if angebot.beginn and angebot.ende:
        text += f" {angebot.beginn:%H:%M}–{angebot.ende:%H:%M}"
    schedule["description"] = text
    return [_kompakt(schedule)]


def _service(angebot: Angebot, ort: Ort, organisation: Organisation | None, heute: date) -> dict:
    service_id = hsds_id("service", angebot.pk)
    contacts = []
    if angebot.kontakt_name or angebot.kontakt_email or angebot.kontakt_telefon:
        contact_id = hsds_id("contact", "service", angebot.pk)
        phones = []
        if angebot.kontakt_telefon:
            phones.append(
                {
                    "id": hsds_id("phone", "service", angebot.pk),
                    "service_id": service_id,
                    "contact_id": contact_id,
                    "number": angebot.kontakt_telefon,
                }
            )
        contacts.append(
            _kompakt(
                {
                    "id": contact_id,
                    "service_id": service_id,
                    "name": angebot.kontakt_name,
                    "email": angebot.kontakt_email,
                    "phones": phones,
                }
            )
        )
    beendet = angebot.gueltig_bis is not None and angebot.gueltig_bis < heute
    if angebot.anmeldung_noetig:
        anmeldung = angebot.anmeldung_wie or _("Anmeldung nötig.")
    else:
        anmeldung = _("Ohne Anmeldung.")
    themen = ", ".join(thema.name for thema in angebot.themen.all())
    return _kompakt(
        {
            "id": service_id,
            "organization_id": hsds_id("organization", organisation.pk) if organisation else None,
            "name": angebot.titel,
            "alternate_name": themen,
            "description": angebot.beschreibung,
            "url": _absolute(reverse("begegnung:angebot", args=[angebot.pk])),
            "email": angebot.kontakt_email,
            "status": "inactive" if beendet else "active",
            "application_process": anmeldung,
            "fees_description": _("Kostenlos") if angebot.kostenlos else angebot.kosten,
            "eligibility_description": (
                str(angebot.get_zielgruppe_display())
                if angebot.zielgruppe != Zielgruppe.ALLE
                else ""
            ),
            "last_modified": angebot.geaendert_am.isoformat(),
            "phones": [],
            "schedules": _service_schedules(angebot, service_id),
            "service_at_locations": [_service_at_location(angebot, ort)],
            "languages": [_language(s, service_id=service_id) for s in angebot.sprachen.all()],
            "contacts": contacts,
        }
    )


def _service_at_location(angebot: Angebot, ort: Ort) -> dict:
    return {
        "id": hsds_id("service_at_location", angebot.pk),
        "service_id": hsds_id("service", angebot.pk),
        "location_id": hsds_id("location", ort.pk),
    }


# --- Export ----------------------------------------------------------------------------------


def export_data() -> dict:
    """organizations, services, locations and service_at_locations of the public directory."""
    heute = timezone.localdate()
    orte = list(_orte())
    organisationen = _organisationen(orte)
    rollen = defaultdict(list)
    for ort in orte:
        for partnerschaft in ort.partnerschaften.all():
            rollen[partnerschaft.organisation_id].append(
                f"{partnerschaft.get_rolle_display()}: {ort.name}"
            )
    ort_ids = [ort.pk for ort in orte]
    for arbeitgeber_id, ort_name in (
        Stelle.objects.filter(ort_id__in=ort_ids)
        .order_by("ort__name")
        .values_list("arbeitgeber_id", "ort__name")
        .distinct()
    ):
        rollen[arbeitgeber_id].append(_("Anstellungsträger: %(ort)s") % {"ort": ort_name})

    locations, services, service_at_locations = [], [], []
    for ort in orte:
        organisation = _traeger(ort)
        locations.append(_location(ort, organisation))
        for angebot in ort.angebote.all():
            service = _service(angebot, ort, organisation, heute)
            services.append(service)
            service_at_locations.extend(service["service_at_locations"])
    return {
        "organizations": [
            _organization(org, list(dict.fromkeys(rollen[org.pk])))
            for org in organisationen.values()
        ],
        "services": services,
        "locations": locations,
        "service_at_locations": service_at_locations,
    }


def export_json() -> dict:
    """The JSON form: the HSDS base object (version, OpenAPI) plus the four collections; each
    item is a full HSDS object (organization, service, location, service_at_location)."""
    return {
        "version": HSDS_VERSION,
        "openapi_url": OPENAPI_URL,
        "publisher": settings.PORTAL_NAME,
        "generated_at": timezone.now().isoformat(timespec="seconds"),
        **export_data(),
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


def export_zip() -> bytes:
    tables = tabellen()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "datapackage.json", json.dumps(datapackage(), ensure_ascii=False, indent=2)
        )
        for name, (path, _columns) in TABELLEN.items():
            archive.writestr(path, _csv(name, tables[name]))
    return buffer.getvalue()
