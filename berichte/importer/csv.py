"""Reading a CSV value file: encoding (UTF-8 with or without BOM, else Windows-1252), separator
(from the header), rows bounded before the csv module splits them. Columns are named in
messages by their header."""

from __future__ import annotations

import csv
import io

from django.utils.translation import gettext as _

from berichte.importer.datei import (
    MAX_SPALTEN,
    DateiFehler,
    Rohtabelle,
    kopf,
    max_zeilen,
    max_zellen,
    zu_viele_spalten,
    zu_viele_zeilen,
    zu_viele_zellen,
)


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
        raise zu_viele_spalten()
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=trennzeichen)
    namen = None
    zeilen = []
    zellen, hoechstens_zellen, hoechstens_zeilen = 0, max_zellen(), max_zeilen()
    try:
        for nummer, cells in enumerate(reader, start=1):
            if not any(c.strip() for c in cells):
                continue
            if namen is None:
                namen = kopf(cells)
                continue
            # Columns right of the header are never read.
            zeilen.append((nummer, cells[: len(namen)]))
            zellen += len(namen)
            if len(zeilen) > hoechstens_zeilen:
                raise zu_viele_zeilen()
            if zellen > hoechstens_zellen:
                raise zu_viele_zellen()
    except csv.Error as error:
        raise DateiFehler(
            _("Die CSV-Datei ist fehlerhaft: %(fehler)s") % {"fehler": error}
        ) from error
    kopf_namen = namen or []
    return Rohtabelle(
        kopf=kopf_namen,
        zeilen=zeilen,
        spalte=lambda i: (
            f"„{kopf_namen[i]}“" if i < len(kopf_namen) and kopf_namen[i] else str(i + 1)
        ),
    )
