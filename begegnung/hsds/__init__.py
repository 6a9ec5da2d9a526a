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

Modules: ``schema`` (tables, columns, identifiers), ``records`` (one HSDS object per row),
``export`` (the rows that leave, the JSON form), ``tabular`` (CSV files, datapackage.json, zip).
"""

from begegnung.hsds.export import export_data, export_json
from begegnung.hsds.schema import (
    FELDTYPEN,
    FREMDSCHLUESSEL,
    HSDS_VERSION,
    OPENAPI_URL,
    PROJECT_NAMESPACE,
    TABELLEN,
    hsds_id,
    namespace,
)
from begegnung.hsds.tabular import datapackage, export_zip, tabellen

__all__ = [
    "FELDTYPEN",
    "FREMDSCHLUESSEL",
    "HSDS_VERSION",
    "OPENAPI_URL",
    "PROJECT_NAMESPACE",
    "TABELLEN",
    "datapackage",
    "export_data",
    "export_json",
    "export_zip",
    "hsds_id",
    "namespace",
    "tabellen",
]
