"""Reading and checking value files (CSV and XLSX, long and wide format) before anything is saved.

Long format: columns ``indikator``, ``gebiet``, ``jahr``, ``wert``. Wide format: ``indikator``,
``gebiet``, then one column per year (``2021``, ``2022`` …). An optional ``gebiet_schluessel``
column names the Gebiet by its official key; otherwise the ``gebiet`` cell is matched against the
keys first and then against the exact names. Other columns (such as ``einheit`` or
``indikator_name`` in our own exports) are ignored, so an export can be imported again.

Errors are named as the spreadsheet shows them: rows 1-based counting the header, columns by
letter in XLSX and by header name in CSV. Nothing here writes to the database; saving is
``berichte.services_indikatoren.importiere``.

Files are untrusted: ``vorpruefe`` (run by the upload form) refuses what is unreadable as a
whole before anything is stored, and every read is bounded in rows, columns, cells, values and
errors, for XLSX also in what the archive and its XML may cost (see the XLSX section).
"""

from __future__ import annotations

import csv
import datetime
import io
import pyexpat
import re
import zipfile
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

import openpyxl
from django.conf import settings
from django.utils.translation import gettext as _
from openpyxl.packaging.manifest import Manifest
from openpyxl.packaging.relationship import get_rels_path
from openpyxl.reader.excel import _find_workbook_part
from openpyxl.reader.workbook import WorkbookParser
from openpyxl.utils import column_index_from_string, get_column_letter
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.xml.constants import ARC_CONTENT_TYPES, SHARED_STRINGS, SHEET_MAIN_NS
from openpyxl.xml.functions import fromstring

from berichte.models import Einheit, Indikator, Messwert
from saarlouis_portal.errors import DomainError
from saarlouis_portal.stammdaten.models import Gebiet

JAHR_MIN = 1950
# Projections (Bevölkerungsvorausberechnung) reach a few decades ahead.
JAHR_PLUS = 30
WERT_MAX = Decimal("999999999999")  # 12 integer digits fit Messwert.wert (16, 4)
VIERSTELLIG = Decimal("0.0001")
MAX_FEHLER_ANZEIGE = 200
# Bounds on what one check holds in memory, whatever the file's shape: columns, cells (rows times
# the header's width) and values as multiples of the row limit (BERICHTE_IMPORT_MAX_ZEILEN), and
# the errors collected. At the default 100,000 rows: 1,000,000 cells (about 50 MB) and 200,000
# values.
MAX_SPALTEN = 1000
ZELLEN_JE_ZEILE = 10
WERTE_JE_ZEILE = 2
MAX_FEHLER = 10_000

SPALTEN_ALIASE = {
    "indikator": "indikator",
    "indikator_schluessel": "indikator",
    "kennzahl": "indikator",
    "gebiet": "gebiet",
    "gebiet_name": "gebiet",
    "gebiet_schluessel": "gebiet_schluessel",
    "jahr": "jahr",
    "wert": "wert",
}

GERMAN_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(\.\d{3})+(,\d+)?$")
GERMAN_DECIMAL = re.compile(r"^[+-]?\d+(,\d+)?$")
DOT_DECIMAL = re.compile(r"^[+-]?\d*\.\d+$")
AMBIGUOUS_DOT = re.compile(r"^[+-]?\d{1,3}\.\d{3}$")
EINHEIT_ZEICHEN = ("%", "‰", "€", "EUR")


class DateiFehler(DomainError):
    """The file as a whole cannot be read (empty, wrong type, too large, bad encoding)."""


@dataclass
class Fehler:
    zeile: int
    spalte: str
    text: str

    def __str__(self):
        if self.spalte:
            return _("Zeile %(zeile)s, Spalte %(spalte)s: %(text)s") % {
                "zeile": self.zeile,
                "spalte": self.spalte,
                "text": self.text,
            }
        return _("Zeile %(zeile)s: %(text)s") % {"zeile": self.zeile, "text": self.text}


@dataclass
class Wert:
    zeile: int
    indikator: Indikator
    gebiet: Gebiet
    jahr: int
    wert: Decimal
    alt: Decimal | None = None
    status: str = "neu"  # "neu", "geaendert", "unveraendert"


@dataclass
class Pruefung:
    dateiname: str
    format: str  # "csv" or "xlsx"
    form: str = ""  # "lang" or "breit"
    werte: list[Wert] = field(default_factory=list)
    fehler: list[Fehler] = field(default_factory=list)
    hinweise: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.fehler and bool(self.werte)

    def anzahl(self, status: str) -> int:
        return sum(1 for w in self.werte if w.status == status)

    @property
    def neu(self) -> int:
        return self.anzahl("neu")

    @property
    def geaendert(self) -> int:
        return self.anzahl("geaendert")

    @property
    def unveraendert(self) -> int:
        return self.anzahl("unveraendert")

    @property
    def fehler_anzeige(self) -> list[Fehler]:
        return self.fehler[:MAX_FEHLER_ANZEIGE]

    @property
    def form_label(self) -> str:
        return _("Langformat") if self.form == "lang" else _("Breitformat")


@dataclass
class Rohtabelle:
    kopf: list[str]
    # (row number as the spreadsheet shows it, cells up to the header's width)
    zeilen: list[tuple[int, Sequence]]
    spalte: Callable[[int], str]  # column index -> label for messages


# Reading


def _max_zeilen() -> int:
    return settings.BERICHTE_IMPORT_MAX_ZEILEN


def _max_zellen() -> int:
    return ZELLEN_JE_ZEILE * _max_zeilen()


def _max_werte() -> int:
    return WERTE_JE_ZEILE * _max_zeilen()


def _zu_viele_zeilen():
    return DateiFehler(
        _("Die Datei hat mehr als %(max)s Zeilen. Bitte teilen Sie sie auf.")
        % {"max": _tausender(_max_zeilen())}
    )


def _zu_viele_zellen():
    return DateiFehler(
        _("Die Datei hat mehr als %(max)s Zellen. Bitte teilen Sie sie auf.")
        % {"max": _tausender(_max_zellen())}
    )


def _zu_viele_spalten():
    return DateiFehler(
        _(
            "Die Tabelle reicht über mehr als %(max)s Spalten. Bitte löschen Sie die Spalten "
            "rechts der Werte."
        )
        % {"max": _tausender(MAX_SPALTEN)}
    )


def _tausender(zahl: int) -> str:
    return f"{zahl:,}".replace(",", ".")


def _kopf(cells) -> list[str]:
    """The header's names, without the empty columns right of the last name."""
    kopf = [_kopf_text(c) for c in cells]
    while kopf and not kopf[-1]:
        kopf.pop()
    return kopf


def dateiformat(dateiname: str) -> str:
    name = dateiname.lower()
    if name.endswith(".xlsx"):
        return "xlsx"
    if name.endswith((".csv", ".txt")):
        return "csv"
    raise DateiFehler(_("Bitte laden Sie eine CSV- oder XLSX-Datei hoch (.csv, .xlsx)."))


def _dekodiere(inhalt: bytes) -> str:
    if inhalt.startswith(b"\xef\xbb\xbf"):
        return inhalt[3:].decode("utf-8", errors="strict")
    try:
        return inhalt.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        # Excel on German Windows saves "CSV (Trennzeichen-getrennt)" in Windows-1252.
        return inhalt.decode("cp1252")
    except UnicodeDecodeError as error:
        raise DateiFehler(
            _(
                "Die Zeichenkodierung der Datei ist nicht lesbar. Bitte speichern Sie sie als "
                "„CSV UTF-8“."
            )
        ) from error


def _trennzeichen(kopfzeile: str) -> str:
    """The header decides: it has no decimal commas, so whichever separator it contains most."""
    counts = {sep: kopfzeile.count(sep) for sep in (";", ",", "\t")}
    best = max(counts, key=counts.get)
    return best if counts[best] else ";"


def lies_csv(inhalt: bytes) -> Rohtabelle:
    text = _dekodiere(inhalt)
    if "\x00" in text:
        raise DateiFehler(_("Die Datei ist keine Textdatei (CSV)."))
    lines = text.splitlines()
    erste = next((line for line in lines if line.strip()), None)
    if erste is None:
        raise DateiFehler(_("Die Datei ist leer."))
    trennzeichen = _trennzeichen(erste)
    # Before the csv module splits a line into a list of millions of fields.
    if max(line.count(trennzeichen) for line in lines) >= MAX_SPALTEN:
        raise _zu_viele_spalten()
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=trennzeichen)
    kopf = None
    zeilen = []
    zellen, max_zellen = 0, _max_zellen()
    try:
        for nummer, cells in enumerate(reader, start=1):
            if not any(c.strip() for c in cells):
                continue
            if kopf is None:
                kopf = _kopf(cells)
                continue
            # Columns right of the header are never read.
            zeilen.append((nummer, cells[: len(kopf)]))
            zellen += len(kopf)
            if len(zeilen) > _max_zeilen():
                raise _zu_viele_zeilen()
            if zellen > max_zellen:
                raise _zu_viele_zellen()
    except csv.Error as error:
        raise DateiFehler(
            _("Die CSV-Datei ist fehlerhaft: %(fehler)s") % {"fehler": error}
        ) from error
    kopf_namen = kopf or []
    return Rohtabelle(
        kopf=kopf_namen,
        zeilen=zeilen,
        spalte=lambda i: (
            f"„{kopf_namen[i]}“" if i < len(kopf_namen) and kopf_namen[i] else str(i + 1)
        ),
    )


# XLSX
#
# An XLSX file is a ZIP archive of XML parts. A small upload can unpack to gigabytes (a zip
# bomb), and XML can cost openpyxl far more memory and time than its size suggests (a cell
# reference like "ZZZZZZZZZZZZZ2", a dimension claiming the whole sheet, millions of elements
# in one row). openpyxl checks none of this, so before it opens a file the archive is checked
# here and every part it streams (the worksheets and the shared strings) is run once through
# expat, which builds no tree; every other part must be small. A real file of the allowed
# 100,000 rows in up to ten columns is inside all of these limits.

XLSX_MAX_ENTPACKT_MB = 100  # all parts together, unpacked
XLSX_MAX_KOMPRESSION = 100  # unpacked : packed, for parts above one MB
XLSX_MAX_EINTRAEGE = 500  # files in the archive
XLSX_MAX_TEIL_MB = 5  # each part openpyxl reads whole (workbook, styles, relationships ...)
XLSX_MAX_BLAETTER = 100
XLSX_MAX_TEXTE = 250_000  # shared strings (distinct texts); openpyxl needs about 15 µs each
XLSX_MAX_ZEICHEN = 32_767  # text of one cell (Excel's own limit)
XLSX_MAX_ZEICHEN_JE_ZEILE = 1_000_000
XLSX_MAX_ELEMENTE_JE_ZEILE = 10 * MAX_SPALTEN  # cells and their parts in one row
XLSX_MAX_SONSTIGE = 20_000  # other elements of one part: column formats, merged cells ...
EXCEL_MAX_ZEILE = 1_048_576
MB = 1024 * 1024

_MAIN = SHEET_MAIN_NS + "}"  # expat joins namespace and name with the separator "}"
_ZEILE = _MAIN + "row"
_ZELLE = _MAIN + "c"
_TEXT = _MAIN + "si"
# What a shared string or an inline string is made of: runs with their formatting.
_TEXTTEILE = frozenset(
    _MAIN + name
    for name in (
        "t", "r", "rPr", "rPh", "phoneticPr", "rFont", "charset", "family", "b", "i", "strike",
        "outline", "shadow", "condense", "extend", "color", "sz", "u", "vertAlign", "scheme",
    )
)  # fmt: skip
_ZELLTEILE = _TEXTTEILE | {_MAIN + "v", _MAIN + "f", _MAIN + "is"}
ZELLBEZUG = re.compile(r"([A-Za-z]{1,3})([0-9]{1,7})")
ZEILENNUMMER = re.compile(r"[0-9]{1,7}")
# The column letters up to MAX_SPALTEN: one dictionary look-up per cell instead of a regex.
_SPALTEN = {get_column_letter(n): n for n in range(1, MAX_SPALTEN + 1)}
_BUCHSTABEN = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"

# What openpyxl, zipfile and the XML parsers raise for a broken file (SyntaxError covers the
# parse errors of expat and lxml, ValueError bad numbers and coordinates, KeyError and OSError
# missing parts).
XLSX_LESEFEHLER = (
    zipfile.BadZipFile,
    zlib.error,
    EOFError,
    OSError,
    KeyError,
    IndexError,
    AttributeError,
    TypeError,
    ValueError,
    OverflowError,
    RecursionError,
    SyntaxError,
    pyexpat.ExpatError,
    InvalidFileException,
)


def _keine_excel_datei():
    return DateiFehler(
        _("Die Datei ist keine gültige Excel-Datei (.xlsx). Bitte prüfen Sie das Format.")
    )


def _zu_umfangreich():
    return DateiFehler(
        _(
            "Die Excel-Datei enthält ungewöhnlich umfangreiche Zellen, Texte oder Formatangaben "
            "und wird nicht geöffnet. Bitte kopieren Sie die Werte in eine neue Datei."
        )
    )


def _ungueltiger_bezug(bezug: str):
    return DateiFehler(
        _("Die Excel-Datei enthält eine ungültige Zellangabe („%(bezug)s“).")
        % {"bezug": bezug[:20]}
    )


def _zeilennummer(text: str) -> bool:
    return bool(ZEILENNUMMER.fullmatch(text)) and 0 < int(text) <= EXCEL_MAX_ZEILE


def _spalte_aus(bezug: str) -> int:
    """The column of a cell reference that is not a plain one within MAX_SPALTEN (the common
    case is a dictionary look-up in ``_XmlPruefung._zelle``)."""
    treffer = ZELLBEZUG.fullmatch(bezug)
    if not treffer or not _zeilennummer(treffer[2]):
        raise _ungueltiger_bezug(bezug)
    return column_index_from_string(treffer[1].upper())


class _XmlPruefung:
    """One pass of expat over a part that openpyxl streams: a worksheet (units are rows, which
    hold cells) or the shared strings (units are strings). Counts as it goes and raises
    DateiFehler at the first limit passed."""

    def __init__(self, *, blatt: bool, max_einheiten: int, zu_viele, max_zellen: int = 0):
        self.blatt = blatt
        self.einheit = _ZEILE if blatt else _TEXT
        self.zelle = _ZELLE if blatt else None
        self.teile = _ZELLTEILE if blatt else _TEXTTEILE
        self.max_einheiten = max_einheiten
        self.zu_viele = zu_viele
        # Cells of the whole sheet (0: any number): what openpyxl will parse one by one.
        self.max_zellen = max_zellen
        self.alle_zellen = 0
        self.einheiten = self.sonstige = 0
        self.elemente = self.zellen = self.spalte = 0
        self.zeichen_einheit = self.zeichen_zelle = 0

    def pruefe(self, stream) -> None:
        parser = pyexpat.ParserCreate(namespace_separator="}")
        parser.buffer_text = True
        # No Excel file has a DTD; without one there are no entities to expand (entity bombs).
        parser.StartDoctypeDeclHandler = self._dtd
        parser.EntityDeclHandler = self._dtd
        parser.StartElementHandler = self._element
        parser.CharacterDataHandler = self._text
        parser.ParseFile(stream)

    def _dtd(self, *args):
        raise DateiFehler(_("Die Excel-Datei enthält eine Dokumenttyp-Definition (DTD)."))

    def _element(self, name, attrs):
        # Most common first: what cells and strings are made of (values, text runs).
        if name in self.teile:
            self.elemente += 1
            if self.elemente > XLSX_MAX_ELEMENTE_JE_ZEILE:
                raise _zu_umfangreich()
        elif name == self.zelle:
            self._zelle(attrs.get("r"))
        elif name == self.einheit:
            self._einheit(attrs.get("r"))
        else:
            self.sonstige += 1
            if self.sonstige > XLSX_MAX_SONSTIGE:
                raise _zu_umfangreich()

    def _einheit(self, nummer: str | None) -> None:
        self.einheiten += 1
        if self.einheiten > self.max_einheiten:
            raise self.zu_viele()
        self.elemente = self.zellen = self.spalte = 0
        self.zeichen_einheit = self.zeichen_zelle = 0
        if self.blatt and nummer is not None and not _zeilennummer(nummer):
            raise _ungueltiger_bezug(nummer)

    def _zelle(self, bezug: str | None) -> None:
        self.elemente += 1
        self.zellen += 1
        self.alle_zellen += 1
        if self.alle_zellen > self.max_zellen > 0:
            raise _zu_viele_zellen()
        self.zeichen_zelle = 0
        if bezug:
            # As openpyxl counts: the column of the reference, else one after the last.
            zahl = bezug.lstrip(_BUCHSTABEN)
            spalte = _SPALTEN.get(bezug[: len(bezug) - len(zahl)])
            self.spalte = spalte if spalte and zahl.isdigit() else _spalte_aus(bezug)
        else:
            self.spalte += 1
        if self.spalte > MAX_SPALTEN or self.zellen > MAX_SPALTEN:
            raise _zu_viele_spalten()
        if self.elemente > XLSX_MAX_ELEMENTE_JE_ZEILE:
            raise _zu_umfangreich()

    def _text(self, daten: str) -> None:
        self.zeichen_zelle += len(daten)
        self.zeichen_einheit += len(daten)
        if self.blatt:
            zu_lang = (
                self.zeichen_zelle > XLSX_MAX_ZEICHEN
                or self.zeichen_einheit > XLSX_MAX_ZEICHEN_JE_ZEILE
            )
        else:
            zu_lang = self.zeichen_einheit > XLSX_MAX_ZEICHEN
        if zu_lang:
            raise _zu_umfangreich()


def _klein(archiv: zipfile.ZipFile, name: str) -> str:
    if archiv.getinfo(name).file_size > XLSX_MAX_TEIL_MB * MB:
        raise DateiFehler(
            _("Ein Bestandteil der Excel-Datei ist größer als %(mb)s MB.")
            % {"mb": XLSX_MAX_TEIL_MB}
        )
    return name


def _gestreamte_teile(archiv: zipfile.ZipFile) -> dict[str, str]:
    """The parts openpyxl streams instead of reading them whole, found as openpyxl finds them:
    the worksheets ("erstes" for the one we read, "blatt" for the others) and the shared strings
    ("texte"). Reads only parts checked to be small."""
    manifest = Manifest.from_tree(fromstring(archiv.read(_klein(archiv, ARC_CONTENT_TYPES))))
    arbeitsmappe = _klein(archiv, _find_workbook_part(manifest).PartName[1:])
    _klein(archiv, get_rels_path(arbeitsmappe))
    parser = WorkbookParser(archiv, arbeitsmappe, keep_links=False)
    parser.parse()
    vorhanden = set(archiv.namelist())
    ziele = [
        rel.target
        for _sheet, rel in parser.find_sheets()
        if rel.target in vorhanden and "chartsheet" not in rel.Type
    ]
    if len(ziele) > XLSX_MAX_BLAETTER:
        raise DateiFehler(
            _("Die Excel-Datei hat mehr als %(max)s Tabellenblätter.") % {"max": XLSX_MAX_BLAETTER}
        )
    if len(set(ziele)) != len(ziele):
        # openpyxl would read a shared part once per sheet.
        raise _keine_excel_datei()
    teile = dict.fromkeys(ziele, "blatt")
    if ziele:
        teile[ziele[0]] = "erstes"
    texte = manifest.find(SHARED_STRINGS)
    if texte is not None:
        teile.setdefault(texte.PartName[1:], "texte")
    return teile


def _pruefe_archiv(archiv: zipfile.ZipFile) -> None:
    eintraege = archiv.infolist()
    if len(eintraege) > XLSX_MAX_EINTRAEGE:
        raise DateiFehler(
            _("Die Excel-Datei besteht aus mehr als %(max)s Teilen.") % {"max": XLSX_MAX_EINTRAEGE}
        )
    if sum(info.file_size for info in eintraege) > XLSX_MAX_ENTPACKT_MB * MB:
        raise DateiFehler(
            _("Die Excel-Datei ist entpackt größer als %(mb)s MB. Bitte teilen Sie sie auf.")
            % {"mb": XLSX_MAX_ENTPACKT_MB}
        )
    for info in eintraege:
        # zipfile stops at the stated size and checks the CRC, so the sizes cannot lie.
        if info.file_size > MB and info.file_size > XLSX_MAX_KOMPRESSION * info.compress_size:
            raise DateiFehler(
                _(
                    "Die Excel-Datei ist ungewöhnlich stark gepackt (mehr als %(faktor)s : 1) "
                    "und wird nicht geöffnet."
                )
                % {"faktor": XLSX_MAX_KOMPRESSION}
            )
    gestreamt = _gestreamte_teile(archiv)
    for info in eintraege:
        if info.filename not in gestreamt:
            _klein(archiv, info.filename)
    for name, art in gestreamt.items():
        if art == "texte":
            pruefung = _XmlPruefung(
                blatt=False, max_einheiten=XLSX_MAX_TEXTE, zu_viele=_zu_umfangreich
            )
        elif art == "erstes":
            # The limits of rows and cells hold for the sheet we read (counting the header and
            # the cells right of it); the other sheets only need to be sane.
            pruefung = _XmlPruefung(
                blatt=True,
                max_einheiten=_max_zeilen() + 1,
                zu_viele=_zu_viele_zeilen,
                max_zellen=_max_zellen(),
            )
        else:
            pruefung = _XmlPruefung(
                blatt=True, max_einheiten=EXCEL_MAX_ZEILE, zu_viele=_zu_viele_zeilen
            )
        with archiv.open(name) as stream:
            pruefung.pruefe(stream)


def pruefe_xlsx(inhalt: bytes) -> None:
    """The checks before openpyxl opens a file: the archive, the size of its parts and the XML
    of the parts openpyxl streams. Raises DateiFehler."""
    try:
        with zipfile.ZipFile(io.BytesIO(inhalt)) as archiv:
            _pruefe_archiv(archiv)
    except XLSX_LESEFEHLER as error:
        raise _keine_excel_datei() from error


def lies_xlsx(inhalt: bytes) -> Rohtabelle:
    """The first worksheet's cell values (for formulas the result Excel saved), read by openpyxl
    in read-only mode after ``pruefe_xlsx``."""
    pruefe_xlsx(inhalt)
    kopf = None
    zeilen = []
    zellen, max_zellen = 0, _max_zellen()
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
                    raise _keine_excel_datei()
                if not any(c is not None and str(c).strip() for c in werte):
                    continue
                if kopf is None:
                    kopf = _kopf(werte)
                    continue
                # Columns right of the header are never read.
                zeilen.append((nummer, werte[: len(kopf)]))
                zellen += len(kopf)
                if len(zeilen) > _max_zeilen():
                    raise _zu_viele_zeilen()
                if zellen > max_zellen:
                    raise _zu_viele_zellen()
        finally:
            mappe.close()
    except XLSX_LESEFEHLER as error:
        raise _keine_excel_datei() from error
    return Rohtabelle(kopf=kopf or [], zeilen=zeilen, spalte=lambda i: get_column_letter(i + 1))


def _kopf_text(cell) -> str:
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return "" if cell is None else str(cell).strip()


def _format_und_groesse(dateiname: str, inhalt: bytes) -> str:
    fmt = dateiformat(dateiname)
    max_bytes = settings.BERICHTE_IMPORT_MAX_MB * 1024 * 1024
    if len(inhalt) > max_bytes:
        raise DateiFehler(
            _("Die Datei ist größer als %(mb)s MB.") % {"mb": settings.BERICHTE_IMPORT_MAX_MB}
        )
    if not inhalt.strip():
        raise DateiFehler(_("Die Datei ist leer."))
    return fmt


def lies(dateiname: str, inhalt: bytes) -> tuple[str, Rohtabelle]:
    fmt = _format_und_groesse(dateiname, inhalt)
    tabelle = lies_xlsx(inhalt) if fmt == "xlsx" else lies_csv(inhalt)
    if not tabelle.kopf:
        raise DateiFehler(_("Die Datei ist leer."))
    return fmt, tabelle


def vorpruefe(dateiname: str, inhalt: bytes) -> None:
    """What the upload form checks before anything is stored: type and size, for CSV the whole
    reading, for XLSX the archive and its XML (``pruefe_xlsx``; openpyxl reads the values at the
    preview). Looks nothing up in the database. Raises DateiFehler."""
    if _format_und_groesse(dateiname, inhalt) == "xlsx":
        pruefe_xlsx(inhalt)
    else:
        lies(dateiname, inhalt)


# Cells


def _text(cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell).strip()


def ist_formel(text: str) -> bool:
    return text.startswith(("=", "@", "+", "\t", "\r")) or text.startswith("-=")


def parse_zahl(cell, *, ganzzahlig: bool = False) -> Decimal:
    """A number from a cell: XLSX numbers as they are; text in German ("1.234,5", "12,5") or
    machine format ("12.5"). ``ganzzahlig`` (counts) reads "1.020" as 1020. Raises ValueError
    with a message for the user."""
    if isinstance(cell, bool):
        raise ValueError(_("„%(text)s“ ist keine Zahl.") % {"text": cell})
    if isinstance(cell, int | float | Decimal):
        value = Decimal(str(cell))
        if not value.is_finite():
            raise ValueError(_("Der Wert ist keine endliche Zahl."))
        return value
    if isinstance(cell, datetime.date | datetime.time):
        raise ValueError(_("Die Zelle enthält ein Datum statt einer Zahl."))
    text = _text(cell).replace("\u00a0", "").replace(" ", "")
    for zeichen in EINHEIT_ZEICHEN:
        text = text.removesuffix(zeichen)
    if AMBIGUOUS_DOT.match(text) and not ganzzahlig:
        # "1.234" is 1234 to a German reader and 1.234 to a program: better ask than guess.
        raise ValueError(
            _(
                "„%(text)s“ ist mehrdeutig (Tausenderpunkt oder Dezimalpunkt?). Bitte schreiben "
                "Sie z. B. „%(ganz)s“ oder „%(komma)s“."
            )
            % {"text": text, "ganz": text.replace(".", ""), "komma": text.replace(".", ",")}
        )
    elif GERMAN_THOUSANDS.match(text):
        text = text.replace(".", "").replace(",", ".")
    elif GERMAN_DECIMAL.match(text):
        text = text.replace(",", ".")
    elif not DOT_DECIMAL.match(text):
        raise ValueError(_("„%(text)s“ ist keine Zahl.") % {"text": _text(cell)[:40]})
    try:
        return Decimal(text)
    except InvalidOperation as error:
        raise ValueError(_("„%(text)s“ ist keine Zahl.") % {"text": text[:40]}) from error


def pruefe_bereich(indikator: Indikator, wert: Decimal) -> str | None:
    if abs(wert) > WERT_MAX:
        return _("Der Wert ist zu groß.")
    if indikator.einheit == Einheit.PROZENT and not (0 <= wert <= 100):
        return _("Ein Anteil in Prozent muss zwischen 0 und 100 liegen.")
    if indikator.einheit == Einheit.PROMILLE and not (0 <= wert <= 1000):
        return _("Ein Wert in Promille muss zwischen 0 und 1000 liegen.")
    if indikator.einheit == Einheit.ANZAHL and wert < 0:
        return _("Eine Anzahl kann nicht negativ sein.")
    return None


def parse_jahr(cell) -> int:
    text = _text(cell)
    if not re.fullmatch(r"\d{4}", text):
        raise ValueError(_("„%(text)s“ ist keine Jahreszahl.") % {"text": text[:40]})
    jahr = int(text)
    hoechstens = datetime.date.today().year + JAHR_PLUS
    if not JAHR_MIN <= jahr <= hoechstens:
        raise ValueError(
            _("Das Jahr muss zwischen %(min)s und %(max)s liegen.")
            % {"min": JAHR_MIN, "max": hoechstens}
        )
    return jahr


# Lookups


def mit_art(gebiet: Gebiet) -> str:
    """The name with its kind, as exports write names that occur more than once."""
    return f"{gebiet.name.strip()} ({gebiet.get_art_display()})"


class Verzeichnis:
    """Indicators and Gebiete loaded once per file (two queries, whatever the file size)."""

    def __init__(self):
        self.indikatoren = {i.schluessel.lower(): i for i in Indikator.objects.all()}
        self.nach_schluessel: dict[str, list[Gebiet]] = {}
        self.nach_name: dict[str, list[Gebiet]] = {}
        for gebiet in Gebiet.objects.only("pk", "name", "schluessel", "art"):
            if gebiet.schluessel:
                self.nach_schluessel.setdefault(gebiet.schluessel.strip(), []).append(gebiet)
            self.nach_name.setdefault(gebiet.name.strip(), []).append(gebiet)
            # "Picard (Sozialraum)" tells a Sozialraum from the Stadtteil of the same name.
            self.nach_name.setdefault(mit_art(gebiet), []).append(gebiet)

    def indikator(self, text: str) -> Indikator:
        if not text:
            raise ValueError(_("Der Indikator fehlt."))
        if ist_formel(text):
            raise ValueError(_("Die Zelle enthält eine Formel; bitte nur Werte importieren."))
        try:
            return self.indikatoren[text.lower()]
        except KeyError:
            raise ValueError(
                _("Unbekannter Indikator „%(text)s“ (erwartet wird der Schlüssel).")
                % {"text": text[:80]}
            ) from None

    def gebiet(self, name: str, schluessel: str) -> Gebiet:
        if ist_formel(name) or ist_formel(schluessel):
            raise ValueError(_("Die Zelle enthält eine Formel; bitte nur Werte importieren."))
        if schluessel:
            treffer = self.nach_schluessel.get(schluessel, [])
            if len(treffer) == 1:
                return treffer[0]
            if len(treffer) > 1:
                raise ValueError(
                    _("Der Gebietsschlüssel „%(text)s“ ist mehrdeutig.") % {"text": schluessel}
                )
            raise ValueError(
                _("Unbekannter Gebietsschlüssel „%(text)s“.") % {"text": schluessel[:80]}
            )
        if not name:
            raise ValueError(_("Das Gebiet fehlt."))
        treffer = self.nach_schluessel.get(name, [])
        if len(treffer) == 1:
            return treffer[0]
        treffer = self.nach_name.get(name, [])
        if len(treffer) == 1:
            return treffer[0]
        if len(treffer) > 1:
            raise ValueError(
                _(
                    "Den Gebietsnamen „%(text)s“ gibt es mehrfach. Bitte geben Sie den "
                    "amtlichen Schlüssel an (Spalte „gebiet_schluessel“) oder die Art dazu, "
                    "z. B. „%(beispiel)s“."
                )
                % {"text": name[:80], "beispiel": mit_art(treffer[-1])}
            )
        raise ValueError(_("Unbekanntes Gebiet „%(text)s“.") % {"text": name[:80]})


# Checking


def pruefe(dateiname: str, inhalt: bytes) -> Pruefung:
    """Read and check a file row by row; raises DateiFehler if the file as a whole is unusable."""
    fmt, tabelle = lies(dateiname, inhalt)
    pruefung = Pruefung(dateiname=dateiname, format=fmt)
    spalten: dict[str, int] = {}
    jahres_spalten: dict[int, int] = {}
    ignoriert = []
    for index, name in enumerate(tabelle.kopf):
        key = name.lower().strip().lstrip("\ufeff")
        if key in SPALTEN_ALIASE and SPALTEN_ALIASE[key] not in spalten:
            spalten[SPALTEN_ALIASE[key]] = index
        elif re.fullmatch(r"\d{4}", key):
            try:
                jahres_spalten[index] = parse_jahr(key)
            except ValueError as error:
                pruefung.fehler.append(Fehler(1, tabelle.spalte(index), str(error)))
        elif key:
            ignoriert.append(name)
    if ignoriert:
        pruefung.hinweise.append(
            _("Diese Spalten werden nicht eingelesen: %(namen)s.")
            % {"namen": ", ".join(f"„{n[:40]}“" for n in ignoriert)}
        )
    if "jahr" in spalten and "wert" in spalten:
        pruefung.form = "lang"
    elif jahres_spalten:
        pruefung.form = "breit"
    fehlend = [n for n in ("indikator", "gebiet") if n not in spalten]
    if "gebiet" in fehlend and "gebiet_schluessel" in spalten:
        fehlend.remove("gebiet")
    if not pruefung.form:
        fehlend += ["jahr", "wert"]
    if fehlend:
        pruefung.fehler.append(
            Fehler(
                1,
                "",
                _(
                    "Es fehlen die Spalten %(namen)s. Erwartet werden „indikator“, „gebiet“, "
                    "„jahr“, „wert“ (Langformat) oder „indikator“, „gebiet“ und eine Spalte je "
                    "Jahr (Breitformat)."
                )
                % {"namen": ", ".join(f"„{n}“" for n in fehlend)},
            )
        )
        return pruefung
    if pruefung.fehler:
        return pruefung
    if not tabelle.zeilen:
        pruefung.fehler.append(Fehler(2, "", _("Die Datei enthält keine Werte.")))
        return pruefung

    verzeichnis = Verzeichnis()
    gesehen: dict[tuple[int, int, int], int] = {}

    def cell(cells, key):
        index = spalten.get(key)
        return cells[index] if index is not None and index < len(cells) else None

    def erfasse(nummer, spalte_wert, indikator, gebiet, jahr, roh, pflicht):
        if roh is None or _text(roh) == "":
            if pflicht:
                pruefung.fehler.append(Fehler(nummer, spalte_wert, _("Der Wert fehlt.")))
            return
        try:
            # A count is a whole number, so "1.020" can only mean 1020 (German grouping).
            wert = parse_zahl(
                roh, ganzzahlig=indikator is not None and indikator.einheit == Einheit.ANZAHL
            )
        except ValueError as error:
            pruefung.fehler.append(Fehler(nummer, spalte_wert, str(error)))
            return
        if indikator is None or gebiet is None or jahr is None:
            return
        problem = pruefe_bereich(indikator, wert)
        if problem:
            pruefung.fehler.append(Fehler(nummer, spalte_wert, problem))
            return
        key = (indikator.pk, gebiet.pk, jahr)
        if key in gesehen:
            pruefung.fehler.append(
                Fehler(
                    nummer,
                    spalte_wert,
                    _("Doppelt: %(indikator)s, %(gebiet)s, %(jahr)s steht schon in Zeile %(z)s.")
                    % {
                        "indikator": indikator.schluessel,
                        "gebiet": gebiet.name,
                        "jahr": jahr,
                        "z": gesehen[key],
                    },
                )
            )
            return
        gesehen[key] = nummer
        if len(pruefung.werte) >= _max_werte():
            raise DateiFehler(
                _("Die Datei enthält mehr als %(max)s Werte. Bitte teilen Sie sie auf.")
                % {"max": _tausender(_max_werte())}
            )
        pruefung.werte.append(Wert(nummer, indikator, gebiet, jahr, wert.quantize(VIERSTELLIG)))

    for nummer, cells in tabelle.zeilen:
        if len(pruefung.fehler) >= MAX_FEHLER:
            pruefung.hinweise.append(
                _("Nach %(max)s Fehlern wurde die Prüfung in Zeile %(zeile)s abgebrochen.")
                % {"max": _tausender(MAX_FEHLER), "zeile": nummer}
            )
            break
        indikator = gebiet = None
        try:
            indikator = verzeichnis.indikator(_text(cell(cells, "indikator")))
        except ValueError as error:
            pruefung.fehler.append(Fehler(nummer, tabelle.spalte(spalten["indikator"]), str(error)))
        gebiet_schluessel = _text(cell(cells, "gebiet_schluessel"))
        try:
            gebiet = verzeichnis.gebiet(_text(cell(cells, "gebiet")), gebiet_schluessel)
        except ValueError as error:
            # Name the column the lookup used: the key if one is given, else the name.
            if gebiet_schluessel or "gebiet" not in spalten:
                gebiet_spalte = spalten["gebiet_schluessel"]
            else:
                gebiet_spalte = spalten["gebiet"]
            pruefung.fehler.append(Fehler(nummer, tabelle.spalte(gebiet_spalte), str(error)))
        if pruefung.form == "lang":
            jahr = None
            try:
                jahr = parse_jahr(cell(cells, "jahr"))
            except ValueError as error:
                pruefung.fehler.append(Fehler(nummer, tabelle.spalte(spalten["jahr"]), str(error)))
            erfasse(
                nummer,
                tabelle.spalte(spalten["wert"]),
                indikator,
                gebiet,
                jahr,
                cell(cells, "wert"),
                pflicht=True,
            )
        else:
            for index, jahr in jahres_spalten.items():
                roh = cells[index] if index < len(cells) else None
                # An empty cell in the wide format simply has no value for that year.
                erfasse(nummer, tabelle.spalte(index), indikator, gebiet, jahr, roh, pflicht=False)
    if not pruefung.fehler and not pruefung.werte:
        pruefung.fehler.append(Fehler(2, "", _("Die Datei enthält keine Werte.")))
    if not pruefung.fehler:
        vergleiche_mit_bestand(pruefung)
    return pruefung


def vergleiche_mit_bestand(pruefung: Pruefung) -> None:
    """Mark each value new, changed or unchanged against what is stored (one query)."""
    indikatoren = {w.indikator.pk for w in pruefung.werte}
    jahre = {w.jahr for w in pruefung.werte}
    bestand = {
        (i, g, j): w
        for i, g, j, w in Messwert.objects.filter(
            indikator__in=indikatoren, jahr__in=jahre
        ).values_list("indikator_id", "gebiet_id", "jahr", "wert")
    }
    for wert in pruefung.werte:
        alt = bestand.get((wert.indikator.pk, wert.gebiet.pk, wert.jahr))
        if alt is None:
            wert.status = "neu"
        else:
            wert.alt = alt
            wert.status = "unveraendert" if alt.quantize(VIERSTELLIG) == wert.wert else "geaendert"
