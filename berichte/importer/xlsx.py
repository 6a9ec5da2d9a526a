"""Reading an XLSX value file: the first worksheet's cell values (for formulas the result Excel
saved), read by openpyxl in read-only mode after the checks of ``xlsx_pruefung``. Columns are
named in messages by their letter."""

from __future__ import annotations

import io

from django.utils.translation import gettext as _

from berichte.importer.datei import (
    DateiFehler,
    Rohtabelle,
    kopf,
    max_zeilen,
    max_zellen,
    zu_viele_zeilen,
    zu_viele_zellen,
)
from berichte.importer.xlsx_pruefung import (
    EXCEL_MAX_ZEILE,
    XLSX_LESEFEHLER,
    keine_excel_datei,
    pruefe_xlsx,
    spaltenbuchstaben,
)


def lies_xlsx(inhalt: bytes) -> Rohtabelle:
    # openpyxl loads with the first XLSX import, not in every worker at start (issue 15).
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    pruefe_xlsx(inhalt)
    namen = None
    zeilen = []
    zellen, hoechstens_zellen, hoechstens_zeilen = 0, max_zellen(), max_zeilen()
    try:
        mappe = openpyxl.load_workbook(
            io.BytesIO(inhalt), read_only=True, data_only=True, keep_links=False
        )
        try:
            if not mappe.worksheets:
                raise DateiFehler(_("Die Datei ist leer."))
            blatt = mappe.worksheets[0]
            # The stored dimension may claim the whole sheet (A1:XFD1048576); openpyxl would pad
            # every row to it. Without it each row is as long as its last cell.
            blatt.reset_dimensions()
            for nummer, werte in enumerate(blatt.iter_rows(values_only=True), start=1):
                if nummer > EXCEL_MAX_ZEILE:
                    raise keine_excel_datei()
                if not any(c is not None and str(c).strip() for c in werte):
                    continue
                if namen is None:
                    namen = kopf(werte)
                    continue
                # Columns right of the header are never read.
                zeilen.append((nummer, werte[: len(namen)]))
                zellen += len(namen)
                if len(zeilen) > hoechstens_zeilen:
                    raise zu_viele_zeilen()
                if zellen > hoechstens_zellen:
                    raise zu_viele_zellen()
        finally:
            mappe.close()
    except (*XLSX_LESEFEHLER, InvalidFileException) as error:
        raise keine_excel_datei() from error
    return Rohtabelle(kopf=namen or [], zeilen=zeilen, spalte=lambda i: spaltenbuchstaben(i + 1))
