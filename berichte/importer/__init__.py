"""Reading and checking value files (CSV and XLSX, long and wide format) before anything is saved.

Long format: columns ``indikator``, ``gebiet``, ``jahr``, ``wert``. Wide format: ``indikator``,
``gebiet``, then one column per year (``2021``, ``2022`` …). An optional ``gebiet_schluessel``
column names the Gebiet by its official key; otherwise the ``gebiet`` cell is matched against the
keys first and then against the exact names. Other columns (such as ``einheit`` or
``indikator_name`` in our own exports) are ignored, so an export can be imported again.

Errors are named as the spreadsheet shows them: rows 1-based counting the header, columns by
letter in XLSX and by header name in CSV. Nothing here writes to the database; saving is
``berichte.services_indikatoren.import_datei``.

Files are untrusted: ``vorpruefe`` (run by the upload form) refuses what is unreadable as a
whole before anything is stored, and every read is bounded in rows, columns, cells, values and
errors, for XLSX also in what the archive and its XML may cost.

The modules, by job:

- ``datei``: the file error, the raw table, type, size and the bounds on rows and cells;
- ``csv``: reading CSV (encoding, separator);
- ``ooxml``: the parts of an XLSX package, from its content types and relationships;
- ``xlsx_pruefung``: the checks of an XLSX archive and its XML before openpyxl opens it;
- ``xlsx``: reading the first worksheet with openpyxl;
- ``werte``: numbers, years, ranges, and the lookup of indicators and Gebiete;
- ``pruefung``: the check row by row and the comparison with the stored values.
"""

from berichte.importer.csv import lies_csv
from berichte.importer.datei import DateiFehler, Rohtabelle, dateiformat
from berichte.importer.pruefung import (
    Fehler,
    Pruefung,
    Wert,
    lies,
    pruefe,
    vergleiche_mit_bestand,
    vorpruefe,
)
from berichte.importer.werte import (
    Verzeichnis,
    ist_formel,
    mit_art,
    parse_jahr,
    parse_zahl,
    pruefe_bereich,
)
from berichte.importer.xlsx import lies_xlsx
from berichte.importer.xlsx_pruefung import pruefe_xlsx

__all__ = [
    "DateiFehler",
    "Fehler",
    "Pruefung",
    "Rohtabelle",
    "Verzeichnis",
    "Wert",
    "dateiformat",
    "ist_formel",
    "lies",
    "lies_csv",
    "lies_xlsx",
    "mit_art",
    "parse_jahr",
    "parse_zahl",
    "pruefe",
    "pruefe_bereich",
    "pruefe_xlsx",
    "vergleiche_mit_bestand",
    "vorpruefe",
]
