"""Cells and names of a value file: numbers in German or machine notation, years, the range a
unit allows, and the lookup of indicators and Gebiete by key or name."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from berichte.importer.datei import zelltext
from berichte.models import Einheit, Indikator
from saarlouis_portal.stammdaten.models import Gebiet

JAHR_MIN = 1950
# Projections (Bevölkerungsvorausberechnung) reach a few decades ahead.
JAHR_PLUS = 30
WERT_MAX = Decimal("999999999999")  # 12 integer digits fit Messwert.wert (16, 4)
VIERSTELLIG = Decimal("0.0001")

GERMAN_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(\.\d{3})+(,\d+)?$")
GERMAN_DECIMAL = re.compile(r"^[+-]?\d+(,\d+)?$")
DOT_DECIMAL = re.compile(r"^[+-]?\d*\.\d+$")
AMBIGUOUS_DOT = re.compile(r"^[+-]?\d{1,3}\.\d{3}$")
EINHEIT_ZEICHEN = ("%", "‰", "€", "EUR")


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
    text = zelltext(cell).replace("\u00a0", "").replace(" ", "")
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
        raise ValueError(_("„%(text)s“ ist keine Zahl.") % {"text": zelltext(cell)[:40]})
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
    text = zelltext(cell)
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
