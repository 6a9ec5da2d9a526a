"""Reading and checking value files (CSV and XLSX, long and wide format) before anything is saved.

Long format: columns ``indikator``, ``gebiet``, ``jahr``, ``wert``. Wide format: ``indikator``,
``gebiet``, then one column per year (``2021``, ``2022`` …). An optional ``gebiet_schluessel``
column names the Gebiet by its official key; otherwise the ``gebiet`` cell is matched against the
keys first and then against the exact names. Other columns (such as ``einheit`` or
``indikator_name`` in our own exports) are ignored, so an export can be imported again.

Errors are named as the spreadsheet shows them: rows 1-based counting the header, columns by
letter in XLSX and by header name in CSV. Nothing here writes to the database; saving is
``berichte.services_indikatoren.importiere``.
"""

from __future__ import annotations

import csv
import datetime
import functools
import io
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from xml.etree import ElementTree

from django.conf import settings
from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter

from berichte.models import Einheit, Indikator, Messwert
from saarlouis_portal.stammdaten.models import Gebiet

JAHR_MIN = 1950
# Projections (Bevölkerungsvorausberechnung) reach a few decades ahead.
JAHR_PLUS = 30
WERT_MAX = Decimal("999999999999")  # 12 integer digits fit Messwert.wert (16, 4)
VIERSTELLIG = Decimal("0.0001")
MAX_FEHLER_ANZEIGE = 200

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


class DateiFehler(Exception):
    """The file as a whole cannot be read (empty, wrong type, too large, bad encoding)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


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
    # (row number as the spreadsheet shows it, cells)
    zeilen: list[tuple[int, list]]
    spalte: Callable[[int], str]  # column index -> label for messages


# Reading


def _max_zeilen() -> int:
    return settings.BERICHTE_IMPORT_MAX_ZEILEN


def _zu_viele_zeilen():
    return DateiFehler(
        _("Die Datei hat mehr als %(max)s Zeilen. Bitte teilen Sie sie auf.")
        % {"max": f"{_max_zeilen():,}".replace(",", ".")}
    )


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
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_trennzeichen(erste))
    kopf = None
    zeilen = []
    try:
        for nummer, cells in enumerate(reader, start=1):
            if not any(c.strip() for c in cells):
                continue
            if kopf is None:
                kopf = [c.strip() for c in cells]
                continue
            zeilen.append((nummer, cells))
            if len(zeilen) > _max_zeilen():
                raise _zu_viele_zeilen()
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


NS_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
NS_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
NS_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
SPALTE = re.compile(r"[A-Z]+")
ROW_TAG = f"{NS_MAIN}row"
CELL_TAG = f"{NS_MAIN}c"
VALUE_TAG = f"{NS_MAIN}v"


@functools.cache
def _spalten_index(buchstaben: str) -> int:
    index = 0
    for zeichen in buchstaben:
        index = index * 26 + ord(zeichen) - 64
    return index - 1


def _erstes_blatt(archiv: zipfile.ZipFile) -> str:
    workbook = ElementTree.fromstring(archiv.read("xl/workbook.xml"))
    sheet = workbook.find(f"{NS_MAIN}sheets/{NS_MAIN}sheet")
    rid = sheet.get(f"{NS_REL}id")
    rels = ElementTree.fromstring(archiv.read("xl/_rels/workbook.xml.rels"))
    for rel in rels.iter(f"{NS_PKG_REL}Relationship"):
        if rel.get("Id") == rid:
            target = rel.get("Target").lstrip("/")
            return target if target.startswith("xl/") else f"xl/{target}"
    raise KeyError(rid)


def _geteilte_texte(archiv: zipfile.ZipFile) -> list[str]:
    if "xl/sharedStrings.xml" not in archiv.namelist():
        return []
    texte = []
    for _event, element in ElementTree.iterparse(archiv.open("xl/sharedStrings.xml")):
        if element.tag == f"{NS_MAIN}si":
            texte.append("".join(t.text or "" for t in element.iter(f"{NS_MAIN}t")))
            element.clear()
    return texte


def _zellwert(zelle, texte: list[str]):
    typ = zelle.get("t", "n")
    if typ == "inlineStr":
        return "".join(t.text or "" for t in zelle.iter(f"{NS_MAIN}t"))
    v = zelle.find(VALUE_TAG)
    if v is None or v.text is None:
        return None
    if typ == "s":
        return texte[int(v.text)]
    if typ in ("str", "e", "d"):
        return v.text
    if typ == "b":
        return v.text == "1"
    number = float(v.text)
    return (
        int(number) if number.is_integer() and "." not in v.text and "E" not in v.text else number
    )


def _zeilen_elemente(stream):
    """The <row> elements of a sheet, read incrementally (expat refuses entity bombs)."""
    for _event, element in ElementTree.iterparse(stream):
        if element.tag == ROW_TAG:
            yield element


def lies_xlsx(inhalt: bytes) -> Rohtabelle:
    """The first sheet's cell values (cached results for formulas), read straight from the XML:
    openpyxl takes several times as long for 50,000 rows, and we need values only."""
    try:
        archiv = zipfile.ZipFile(io.BytesIO(inhalt))
        blatt = _erstes_blatt(archiv)
        texte = _geteilte_texte(archiv)
        kopf = None
        zeilen = []
        naechste = 1
        for element in _zeilen_elemente(archiv.open(blatt)):
            nummer = int(element.get("r") or naechste)
            naechste = nummer + 1
            cells: list = []
            for position, zelle in enumerate(element.iterfind(CELL_TAG)):
                ref = SPALTE.match(zelle.get("r") or "")
                index = _spalten_index(ref.group()) if ref else position
                if index >= len(cells):
                    cells.extend([None] * (index + 1 - len(cells)))
                cells[index] = _zellwert(zelle, texte)
            element.clear()
            if not any(c is not None and str(c).strip() for c in cells):
                continue
            if kopf is None:
                kopf = [_kopf_text(c) for c in cells]
                continue
            zeilen.append((nummer, cells))
            if len(zeilen) > _max_zeilen():
                raise _zu_viele_zeilen()
    except (zipfile.BadZipFile, KeyError, AttributeError, ValueError, IndexError) as error:
        raise DateiFehler(
            _("Die Datei ist keine gültige Excel-Datei (.xlsx). Bitte prüfen Sie das Format.")
        ) from error
    except ElementTree.ParseError as error:
        raise DateiFehler(_("Die Excel-Datei ist beschädigt.")) from error
    return Rohtabelle(kopf=kopf or [], zeilen=zeilen, spalte=lambda i: get_column_letter(i + 1))


def _kopf_text(cell) -> str:
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return "" if cell is None else str(cell).strip()


def lies(dateiname: str, inhalt: bytes) -> tuple[str, Rohtabelle]:
    fmt = dateiformat(dateiname)
    max_bytes = settings.BERICHTE_IMPORT_MAX_MB * 1024 * 1024
    if len(inhalt) > max_bytes:
        raise DateiFehler(
            _("Die Datei ist größer als %(mb)s MB.") % {"mb": settings.BERICHTE_IMPORT_MAX_MB}
        )
    if not inhalt.strip():
        raise DateiFehler(_("Die Datei ist leer."))
    tabelle = lies_xlsx(inhalt) if fmt == "xlsx" else lies_csv(inhalt)
    if not tabelle.kopf:
        raise DateiFehler(_("Die Datei ist leer."))
    return fmt, tabelle


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
        pruefung.werte.append(Wert(nummer, indikator, gebiet, jahr, wert.quantize(VIERSTELLIG)))

    for nummer, cells in tabelle.zeilen:
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
