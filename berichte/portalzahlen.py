"""Live figures from the portal's own apps for the "Zahlen aus dem Portal" block.

The report reads the other apps only through their ``stats.py`` (plain aggregates, nothing
personal). Each source is one entry in ``QUELLEN``: a label, a statement of origin for the
sources list, and a function ``(gebiet, jahr) -> list[Zeile]``, given directly or as a dotted
path. When ``netzwerke/stats.py`` offers ``berichtszahlen(gebiet, jahr)`` returning
``Zeile``-like tuples or dicts, adding it is one line::

    "netzwerke": Quelle(_("Netzwerke"), _("Portal, Netzwerke"), "netzwerke.stats.berichtszahlen"),

A source may also return a ``Vergleich``: a table whose rows are figures and whose columns are
sites plus their total (the pilot report "Projektbericht Sozialraumorientierung",
``berichte/standortvergleich.py``). The block then carries ``spalten`` and rows with ``werte``
instead of one ``wert`` (``daten``), and every output draws the table.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _


class Zeile(NamedTuple):
    label: str
    wert: float | int | None
    einheit: str  # "anzahl", "prozent", … as Indikator.einheit


class Spalte(NamedTuple):
    name: str
    summe: bool = False  # the total of the other columns (the report's whole area)


class VergleichsZeile(NamedTuple):
    label: str
    werte: list  # one value per column, None where the figure is unknown
    einheit: str  # as Zeile
    stellen: int = 0  # decimals shown


class Vergleich(NamedTuple):
    """A table of figures (rows) per site (columns), with notes shown below it."""

    spalten: list[Spalte]
    zeilen: list[VergleichsZeile]
    hinweise: list[str]


class Quelle(NamedTuple):
    label: str
    quellenangabe: str
    funktion: Callable | str


def _sprechstunden(gebiet, jahr: int) -> list[Zeile]:
    from sprechstunden import stats

    buchungen = (stats.summieren(stats.buchungen_pro_monat(jahr, gebiet)) or [{}])[0]
    kontakte = (stats.summieren(stats.kontakte_pro_monat(jahr, gebiet)) or [{}])[0]
    vermittlungen = stats.summieren(stats.vermittlungen_pro_monat(jahr, gebiet))
    gebucht = buchungen.get("buchungen", 0)
    wahrgenommen = buchungen.get("wahrgenommen", 0)
    zeilen = [
        Zeile(str(_("Gebuchte Termine")), gebucht, "anzahl"),
        Zeile(str(_("Wahrgenommene Termine")), wahrgenommen, "anzahl"),
        Zeile(str(_("Abgesagte Termine")), buchungen.get("abgesagt", 0), "anzahl"),
        Zeile(str(_("Beratungskontakte")), kontakte.get("kontakte", 0), "anzahl"),
        Zeile(str(_("davon Erstkontakte")), kontakte.get("erstkontakte", 0), "anzahl"),
        Zeile(str(_("davon ohne Termin")), kontakte.get("ohne_termin", 0), "anzahl"),
        Zeile(str(_("Hausbesuche")), kontakte.get("hausbesuche", 0), "anzahl"),
        Zeile(
            str(_("Vermittlungen an andere Stellen")),
            sum(v.get("vermittlungen", 0) for v in vermittlungen),
            "anzahl",
        ),
    ]
    if gebucht:
        zeilen.insert(
            2,
            Zeile(str(_("Anteil wahrgenommen")), round(100 * wahrgenommen / gebucht, 1), "prozent"),
        )
    return zeilen


def _vergleich(name: str) -> Callable:
    """A table of ``berichte.standortvergleich`` (imported when first used)."""

    def funktion(gebiet, jahr: int) -> Vergleich:
        from berichte import standortvergleich

        return getattr(standortvergleich, name)(gebiet, jahr)

    return funktion


_PROJEKT_QUELLE = _("Sozialplanungs-Portal, Sprechstunden (eigene Auswertung)")
_PERSONAL_QUELLE = _(
    "Sozialplanungs-Portal, Angaben der Anlaufstellen zu Stellenanteilen und Kosten"
)

QUELLEN: dict[str, Quelle] = {
    "sprechstunden": Quelle(
        _("Sprechstunden"),
        _("Sozialplanungs-Portal, Sprechstunden (eigene Auswertung)"),
        _sprechstunden,
    ),
    "netzwerke": Quelle(
        _("Netzwerke und Maßnahmen"),
        _("Sozialplanungs-Portal, Netzwerke (Stand bei Veröffentlichung)"),
        "netzwerke.stats.berichtszahlen",
    ),
    "begegnung": Quelle(
        _("Orte der Begegnung"),
        _("Sozialplanungs-Portal, Orte der Begegnung (Stand bei Veröffentlichung)"),
        "begegnung.stats.berichtszahlen",
    ),
    "sorgekreise": Quelle(
        _("Sorgekreise"),
        _("Sozialplanungs-Portal, Sorgekreise (eigene Auswertung)"),
        "sorgekreise.stats.berichtszahlen",
    ),
    # The tables of the pilot report (one column per site).
    "projekt_standorte": Quelle(
        _("Projektbericht: Standorte im Vergleich"), _PROJEKT_QUELLE, _vergleich("standorte")
    ),
    "projekt_themen": Quelle(
        _("Projektbericht: Themen der Beratung"), _PROJEKT_QUELLE, _vergleich("themen")
    ),
    "projekt_vermittlungen": Quelle(
        _("Projektbericht: Vermittlungen"), _PROJEKT_QUELLE, _vergleich("vermittlungen")
    ),
    "projekt_hausbesuche": Quelle(
        _("Projektbericht: Hausbesuche"), _PROJEKT_QUELLE, _vergleich("hausbesuche")
    ),
    "projekt_warteliste": Quelle(
        _("Projektbericht: Nachfrage und Warteliste"), _PROJEKT_QUELLE, _vergleich("warteliste")
    ),
    "projekt_personal": Quelle(
        _("Projektbericht: Stellenanteile nach Anstellungsträger"),
        _PERSONAL_QUELLE,
        _vergleich("personal"),
    ),
    "projekt_kosten": Quelle(
        _("Projektbericht: Kosten der Standorte"), _PERSONAL_QUELLE, _vergleich("kosten")
    ),
}


def auswahl() -> list[tuple[str, str]]:
    return [(key, str(quelle.label)) for key, quelle in QUELLEN.items()]


def _ergebnis(key: str, gebiet, jahr: int):
    funktion = QUELLEN[key].funktion
    if isinstance(funktion, str):
        funktion = import_string(funktion)
    return funktion(gebiet, jahr)


def daten(key: str, gebiet, jahr: int) -> dict:
    """What a block of source ``key`` shows, as plain JSON-ready values: ``zeilen`` (label,
    wert, einheit), or for a ``Vergleich`` ``spalten`` (name, summe), ``zeilen`` (label, werte,
    einheit, stellen) and ``hinweise``."""
    ergebnis = _ergebnis(key, gebiet, jahr)
    if isinstance(ergebnis, Vergleich):
        return {
            "spalten": [s._asdict() for s in ergebnis.spalten],
            "zeilen": [{**z._asdict(), "werte": list(z.werte)} for z in ergebnis.zeilen],
            "hinweise": [str(h) for h in ergebnis.hinweise],
        }
    return {"zeilen": [z._asdict() for z in _zeilen(ergebnis)]}


def zahlen(key: str, gebiet, jahr: int) -> list[Zeile]:
    """The figures of source ``key``; of a ``Vergleich`` its last column (the total)."""
    ergebnis = _ergebnis(key, gebiet, jahr)
    if isinstance(ergebnis, Vergleich):
        return [
            Zeile(str(z.label), z.werte[-1] if z.werte else None, z.einheit)
            for z in ergebnis.zeilen
        ]
    return _zeilen(ergebnis)


def _zeilen(ergebnis) -> list[Zeile]:
    zeilen = []
    for zeile in ergebnis:
        if isinstance(zeile, dict):
            zeile = Zeile(str(zeile["label"]), zeile.get("wert"), zeile.get("einheit", "anzahl"))
        zeilen.append(Zeile(str(zeile[0]), zeile[1], zeile[2]))
    return zeilen
