"""The checks of an XLSX file before openpyxl opens it.

An XLSX file is a ZIP archive of XML parts. A small upload can unpack to gigabytes (a zip bomb),
and XML can cost openpyxl far more memory and time than its size suggests (a cell reference like
"ZZZZZZZZZZZZZ2", a dimension claiming the whole sheet, millions of elements in one row, entities
expanding to gigabytes). openpyxl checks none of this, so before it opens a file the archive is
checked here and every part it streams (the worksheets and the shared strings, found as openpyxl
finds them: ``berichte.importer.ooxml``) is run once through expat, which builds no tree; every
other part must be small. A real file of the allowed 100,000 rows in up to ten columns is
inside all of these limits.
"""

from __future__ import annotations

import io
import pyexpat
import re
import zipfile
import zlib

from django.utils.translation import gettext as _

from berichte.importer import ooxml
from berichte.importer.datei import (
    MAX_SPALTEN,
    DateiFehler,
    max_zeilen,
    max_zellen,
    zu_viele_spalten,
    zu_viele_zeilen,
    zu_viele_zellen,
)

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

# SpreadsheetML's namespace; expat joins namespace and name with the separator "}".
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
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


def spaltenbuchstaben(nummer: int) -> str:
    """The letters of column ``nummer`` (1 → A, 27 → AA), as openpyxl's ``get_column_letter``;
    written out here so that the import views do not load openpyxl at start (issue 15)."""
    buchstaben = ""
    while nummer > 0:
        nummer, rest = divmod(nummer - 1, 26)
        buchstaben = chr(ord("A") + rest) + buchstaben
    return buchstaben


def _spaltennummer(buchstaben: str) -> int:
    """The number of column ``buchstaben`` (A → 1, AA → 27), as ``column_index_from_string``."""
    nummer = 0
    for zeichen in buchstaben:
        nummer = nummer * 26 + ord(zeichen) - ord("A") + 1
    return nummer


# The column letters up to MAX_SPALTEN: one dictionary look-up per cell instead of a regex.
_SPALTEN = {spaltenbuchstaben(n): n for n in range(1, MAX_SPALTEN + 1)}
_BUCHSTABEN = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"

# What openpyxl, zipfile and the XML parsers raise for a broken file (SyntaxError covers the
# parse errors of expat and lxml, ValueError bad numbers and coordinates, KeyError and OSError
# missing parts). openpyxl's own InvalidFileException is added where openpyxl is loaded
# (``xlsx.lies_xlsx``).
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
)


def keine_excel_datei():
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
    return _spaltennummer(treffer[1].upper())


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
            raise zu_viele_zellen()
        self.zeichen_zelle = 0
        if bezug:
            # As openpyxl counts: the column of the reference, else one after the last.
            zahl = bezug.lstrip(_BUCHSTABEN)
            spalte = _SPALTEN.get(bezug[: len(bezug) - len(zahl)])
            self.spalte = spalte if spalte and zahl.isdigit() else _spalte_aus(bezug)
        else:
            self.spalte += 1
        if self.spalte > MAX_SPALTEN or self.zellen > MAX_SPALTEN:
            raise zu_viele_spalten()
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
    """The parts openpyxl streams instead of reading them whole: the worksheets ("erstes" for the
    one we read, "blatt" for the others) and the shared strings ("texte"). Reads only parts
    checked to be small."""
    paket = ooxml.paket(lambda name: archiv.read(_klein(archiv, name)))
    vorhanden = set(archiv.namelist())
    ziele = [
        blatt.teil
        for blatt in paket.blaetter
        if blatt.teil in vorhanden and "chartsheet" not in blatt.typ
    ]
    if len(ziele) > XLSX_MAX_BLAETTER:
        raise DateiFehler(
            _("Die Excel-Datei hat mehr als %(max)s Tabellenblätter.") % {"max": XLSX_MAX_BLAETTER}
        )
    if len(set(ziele)) != len(ziele):
        # openpyxl would read a shared part once per sheet.
        raise keine_excel_datei()
    teile = dict.fromkeys(ziele, "blatt")
    if ziele:
        teile[ziele[0]] = "erstes"
    if paket.texte is not None:
        teile.setdefault(paket.texte, "texte")
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
                max_einheiten=max_zeilen() + 1,
                zu_viele=zu_viele_zeilen,
                max_zellen=max_zellen(),
            )
        else:
            pruefung = _XmlPruefung(
                blatt=True, max_einheiten=EXCEL_MAX_ZEILE, zu_viele=zu_viele_zeilen
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
        raise keine_excel_datei() from error
