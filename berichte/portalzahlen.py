"""Live figures from the portal's own apps for the "Zahlen aus dem Portal" block.

The report reads the other apps only through their ``stats.py`` (plain aggregates, nothing
personal). Each source is one entry in ``QUELLEN``: a label, a statement of origin for the
sources list, and a function ``(gebiet, jahr) -> list[Zeile]``, given directly or as a dotted
path. When ``netzwerke/stats.py`` offers ``berichtszahlen(gebiet, jahr)`` returning
``Zeile``-like tuples or dicts, adding it is one line::

    "netzwerke": Quelle(_("Netzwerke"), _("Portal, Netzwerke"), "netzwerke.stats.berichtszahlen"),
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
}


def auswahl() -> list[tuple[str, str]]:
    return [(key, str(quelle.label)) for key, quelle in QUELLEN.items()]


def zahlen(key: str, gebiet, jahr: int) -> list[Zeile]:
    funktion = QUELLEN[key].funktion
    if isinstance(funktion, str):
        funktion = import_string(funktion)
    zeilen = []
    for zeile in funktion(gebiet, jahr):
        if isinstance(zeile, dict):
            zeile = Zeile(str(zeile["label"]), zeile.get("wert"), zeile.get("einheit", "anzahl"))
        zeilen.append(Zeile(str(zeile[0]), zeile[1], zeile[2]))
    return zeilen
