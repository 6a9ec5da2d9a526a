"""Checking a value file row by row before anything is saved: which format (long or wide), which
columns, and for every value its indicator, Gebiet, year and number, each error named by row and
column as the spreadsheet shows them. ``vergleiche_mit_bestand`` marks each value new, changed or
unchanged against what is stored."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from berichte.importer.csv import lies_csv
from berichte.importer.datei import (
    DateiFehler,
    Rohtabelle,
    format_und_groesse,
    max_werte,
    tausender,
    zelltext,
)
from berichte.importer.werte import (
    VIERSTELLIG,
    Verzeichnis,
    parse_jahr,
    parse_zahl,
    pruefe_bereich,
)
from berichte.importer.xlsx import lies_xlsx
from berichte.importer.xlsx_pruefung import pruefe_xlsx
from berichte.models import Einheit, Indikator, Messwert
from saarlouis_portal.stammdaten.models import Gebiet

MAX_FEHLER_ANZEIGE = 200
# The errors collected before the check stops.
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


# Reading


def lies(dateiname: str, inhalt: bytes) -> tuple[str, Rohtabelle]:
    fmt = format_und_groesse(dateiname, inhalt)
    tabelle = lies_xlsx(inhalt) if fmt == "xlsx" else lies_csv(inhalt)
    if not tabelle.kopf:
        raise DateiFehler(_("Die Datei ist leer."))
    return fmt, tabelle


def vorpruefe(dateiname: str, inhalt: bytes) -> None:
    """What the upload form checks before anything is stored: type and size, for CSV the whole
    reading, for XLSX the archive and its XML (``pruefe_xlsx``; openpyxl reads the values at the
    preview). Looks nothing up in the database. Raises DateiFehler."""
    if format_und_groesse(dateiname, inhalt) == "xlsx":
        pruefe_xlsx(inhalt)
    else:
        lies(dateiname, inhalt)


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
        if roh is None or zelltext(roh) == "":
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
        if len(pruefung.werte) >= max_werte():
            raise DateiFehler(
                _("Die Datei enthält mehr als %(max)s Werte. Bitte teilen Sie sie auf.")
                % {"max": tausender(max_werte())}
            )
        pruefung.werte.append(Wert(nummer, indikator, gebiet, jahr, wert.quantize(VIERSTELLIG)))

    for nummer, cells in tabelle.zeilen:
        if len(pruefung.fehler) >= MAX_FEHLER:
            pruefung.hinweise.append(
                _("Nach %(max)s Fehlern wurde die Prüfung in Zeile %(zeile)s abgebrochen.")
                % {"max": tausender(MAX_FEHLER), "zeile": nummer}
            )
            break
        indikator = gebiet = None
        try:
            indikator = verzeichnis.indikator(zelltext(cell(cells, "indikator")))
        except ValueError as error:
            pruefung.fehler.append(Fehler(nummer, tabelle.spalte(spalten["indikator"]), str(error)))
        gebiet_schluessel = zelltext(cell(cells, "gebiet_schluessel"))
        try:
            gebiet = verzeichnis.gebiet(zelltext(cell(cells, "gebiet")), gebiet_schluessel)
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
