"""What the readers of a value file share: the file error, the raw table they return, the type
and size check, and the bounds on rows, columns and cells with their messages.

Bounds on what one check holds in memory, whatever the file's shape: columns, cells (rows times
the header's width) and values as multiples of the row limit (``BERICHTE_IMPORT_MAX_ZEILEN``).
At the default 100,000 rows: 1,000,000 cells (about 50 MB) and 200,000 values.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _

from saarlouis_portal.errors import DomainError

MAX_SPALTEN = 1000
ZELLEN_JE_ZEILE = 10
WERTE_JE_ZEILE = 2


class DateiFehler(DomainError):
    """The file as a whole cannot be read (empty, wrong type, too large, bad encoding)."""


@dataclass
class Rohtabelle:
    kopf: list[str]
    # (row number as the spreadsheet shows it, cells up to the header's width)
    zeilen: list[tuple[int, Sequence]]
    spalte: Callable[[int], str]  # column index -> label for messages


# Read at every call: tests and deployments change the row limit in the settings.
def max_zeilen() -> int:
    return settings.BERICHTE_IMPORT_MAX_ZEILEN


def max_zellen() -> int:
    return ZELLEN_JE_ZEILE * max_zeilen()


def max_werte() -> int:
    return WERTE_JE_ZEILE * max_zeilen()


def tausender(zahl: int) -> str:
    return f"{zahl:,}".replace(",", ".")


def zu_viele_zeilen() -> DateiFehler:
    return DateiFehler(
        _("Die Datei hat mehr als %(max)s Zeilen. Bitte teilen Sie sie auf.")
        % {"max": tausender(max_zeilen())}
    )


def zu_viele_zellen() -> DateiFehler:
    return DateiFehler(
        _("Die Datei hat mehr als %(max)s Zellen. Bitte teilen Sie sie auf.")
        % {"max": tausender(max_zellen())}
    )


def zu_viele_spalten() -> DateiFehler:
    return DateiFehler(
        _(
            "Die Tabelle reicht über mehr als %(max)s Spalten. Bitte löschen Sie die Spalten "
            "rechts der Werte."
        )
        % {"max": tausender(MAX_SPALTEN)}
    )


def zelltext(cell) -> str:
    """A cell as text: whole numbers without ".0" (XLSX stores 2024 as 2024.0), empty for None."""
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell).strip()


def kopf(cells) -> list[str]:
    """The header's names, without the empty columns right of the last name."""
    namen = [zelltext(c) for c in cells]
    while namen and not namen[-1]:
        namen.pop()
    return namen


def dateiformat(dateiname: str) -> str:
    name = dateiname.lower()
    if name.endswith(".xlsx"):
        return "xlsx"
    if name.endswith((".csv", ".txt")):
        return "csv"
    raise DateiFehler(_("Bitte laden Sie eine CSV- oder XLSX-Datei hoch (.csv, .xlsx)."))


def format_und_groesse(dateiname: str, inhalt: bytes) -> str:
    """The format ("csv" or "xlsx") of a file that is neither too large nor empty."""
    fmt = dateiformat(dateiname)
    max_bytes = settings.BERICHTE_IMPORT_MAX_MB * 1024 * 1024
    if len(inhalt) > max_bytes:
        raise DateiFehler(
            _("Die Datei ist größer als %(mb)s MB.") % {"mb": settings.BERICHTE_IMPORT_MAX_MB}
        )
    if not inhalt.strip():
        raise DateiFehler(_("Die Datei ist leer."))
    return fmt
