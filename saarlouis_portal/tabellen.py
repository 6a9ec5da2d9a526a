"""CSV and XLSX downloads of tables, shared by every app's list exports.

Spreadsheet programs execute cell text that starts with ``=``, ``+``, ``-``, ``@`` (and tab or
carriage return) as a formula, so text from users is prefixed with an apostrophe
("formula injection", OWASP). Numbers, dates and booleans stay typed values. ``neutralise`` is
the one place that does this: every CSV and XLSX the portal writes passes its cells through it
(the open-data CSV of ``begegnung.hsds`` too).
"""

import csv
import datetime
import decimal
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.http import HttpResponse

FORMEL_ANFANG = ("=", "+", "-", "@", "\t", "\r")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# openpyxl refuses control characters that XML 1.0 cannot carry.
ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def neutralise(value, harmlos: re.Pattern | None = None):
    """A cell value that no spreadsheet program will evaluate as a formula. Only text changes:
    numbers (also negative ones), dates and booleans stay as they are.

    ``harmlos``: a pattern of text that starts like a formula but is data and cannot call or
    reference anything, such as a phone number ("+49 6831 …") or an iCalendar day ("-1FR") in
    open data; text matching it as a whole stays as it is."""
    if value is None:
        return ""
    if isinstance(value, bool | int | float | decimal.Decimal | datetime.date):
        return value
    text = ILLEGAL_XML.sub("", str(value))
    if text.startswith(FORMEL_ANFANG) and not (harmlos and harmlos.fullmatch(text)):
        return "'" + text
    return text


@dataclass
class Tabelle:
    """One sheet: a title (sheet name), column headers, rows, and optional notes below."""

    titel: str
    kopf: Sequence[str]
    zeilen: Iterable[Sequence] = ()
    hinweise: Sequence[str] = field(default_factory=list)


def _dateiname(name: str, endung: str) -> str:
    safe = re.sub(r"[^A-Za-z0-9_.-]+", "-", name).strip("-") or "export"
    return f"{safe}.{endung}"


def csv_response(dateiname: str, tabelle: Tabelle) -> HttpResponse:
    """UTF-8 CSV with BOM (Excel opens umlauts correctly), semicolon as in German Excel."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_dateiname(dateiname, "csv")}"'
    response.write("\ufeff")
    writer = csv.writer(response, delimiter=";")
    writer.writerow([neutralise(k) for k in tabelle.kopf])
    for zeile in tabelle.zeilen:
        writer.writerow([_csv_wert(v) for v in zeile])
    return response


def _csv_wert(value):
    value = neutralise(value)
    if isinstance(value, float | decimal.Decimal):
        return str(value).replace(".", ",")
    if isinstance(value, datetime.datetime):
        return value.strftime("%d.%m.%Y %H:%M")
    if isinstance(value, datetime.date):
        return value.strftime("%d.%m.%Y")
    return value


def xlsx_bytes(tabellen: Sequence[Tabelle]) -> bytes:
    # openpyxl loads on the first XLSX, not in every worker at start (issue 15).
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    workbook.remove(workbook.active)
    used = set()
    for tabelle in tabellen:
        # Sheet names: at most 31 characters, no []:*?/\ and unique.
        name = re.sub(r"[\[\]:*?/\\]", " ", tabelle.titel)[:31] or "Tabelle"
        base, n = name, 2
        while name in used:
            suffix = f" ({n})"
            name = base[: 31 - len(suffix)] + suffix
            n += 1
        used.add(name)
        sheet = workbook.create_sheet(name)
        sheet.append([neutralise(k) for k in tabelle.kopf])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        widths = [len(str(k)) for k in tabelle.kopf]
        for zeile in tabelle.zeilen:
            values = [neutralise(v) for v in zeile]
            for value in values:
                if isinstance(value, datetime.datetime) and value.tzinfo:
                    raise ValueError("Zeitzonenbehaftete Zeiten vorher in Ortszeit umrechnen.")
            sheet.append(values)
            for i, value in enumerate(values[: len(widths)]):
                widths[i] = max(widths[i], min(len(str(value)), 60))
        if tabelle.hinweise:
            sheet.append([])
            for hinweis in tabelle.hinweise:
                sheet.append([neutralise(hinweis)])
        for i, width in enumerate(widths, start=1):
            sheet.column_dimensions[get_column_letter(i)].width = width + 2
        sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_response(dateiname: str, tabellen: Sequence[Tabelle]) -> HttpResponse:
    response = HttpResponse(xlsx_bytes(tabellen), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{_dateiname(dateiname, "xlsx")}"'
    return response
