"""What the result page of a social monitoring shows beside the method (issue 16), from a
``berichte.monitoring.MonitoringErgebnis`` and without a query:

- ``auffaellige``: the Sozialräume that need attention, each with its reasons in words (which
  index or indicator crossed which threshold);
- ``index_zeilen`` / ``index_tabelle``: the index table, typed, as the page shows it and as the
  CSV and XLSX downloads write it (so page and files cannot drift apart);
- ``status_karte``: the map of the status classes (``berichte.karte.index_karte``) with its
  legend.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from berichte import formate, karte
from berichte.monitoring import (
    DYNAMIK_LABEL,
    STATUS_LABEL,
    MonitoringErgebnis,
    MonitoringZeile,
    vorzeichen_zahl,
)
from saarlouis_portal.tabellen import Tabelle

# Flagged areas (issue 16)

AUFFAELLIGE_STATUS = ("sehr_niedrig", "niedrig")


@dataclass
class Auffaelligkeit:
    """A Sozialraum that needs attention, with every reason in words."""

    zeile: MonitoringZeile
    gruende: list[str]


def _betrag(value: Decimal | float) -> str:
    return f"{float(value):.2f}".replace(".", ",")


def auffaellige(ergebnis: MonitoringErgebnis) -> list[Auffaelligkeit]:
    """The Sozialräume with a low or very low status or a negative dynamics, lowest status
    first. Each reason names the index and every indicator that crossed a threshold: its
    direction-adjusted z-value below the threshold "niedrig" (or "sehr niedrig"), its change
    below −``schwelle_dynamik``. Areas too small to classify are never flagged. No query."""
    monitoring = ergebnis.monitoring
    niedrig = float(monitoring.schwelle_niedrig)
    sehr_niedrig = float(monitoring.schwelle_sehr_niedrig)
    dynamik = float(monitoring.schwelle_dynamik)
    basisjahr = ergebnis.jahr - monitoring.dynamik_jahre
    schwellen = {
        "niedrig": (niedrig, STATUS_LABEL["niedrig"]),
        "sehr_niedrig": (sehr_niedrig, STATUS_LABEL["sehr_niedrig"]),
    }

    def unterschritten(z: float) -> tuple[float, str]:
        return schwellen["sehr_niedrig"] if z < sehr_niedrig else schwellen["niedrig"]

    ergebnisse = []
    for zeile in ergebnis.zeilen:
        status_auffaellig = zeile.status_klasse in AUFFAELLIGE_STATUS
        dynamik_auffaellig = zeile.dynamik_klasse == "negativ"
        if zeile.zu_klein or not (status_auffaellig or dynamik_auffaellig):
            continue
        gruende = []
        if status_auffaellig:
            schwelle, label = schwellen[zeile.status_klasse]
            gruende.append(
                _("Statusindex %(index)s unter der Schwelle „%(klasse)s“ (%(schwelle)s).")
                % {
                    "index": vorzeichen_zahl(zeile.status_index),
                    "klasse": label,
                    "schwelle": vorzeichen_zahl(schwelle),
                }
            )
        for indikator in ergebnis.indikatoren:
            z = zeile.z_werte.get(indikator.schluessel)
            if z is not None and z < niedrig:
                schwelle, label = unterschritten(z)
                gruende.append(
                    _(
                        "%(name)s: %(wert)s im Jahr %(jahr)s, z-Wert %(z)s (richtungsbereinigt) "
                        "unter der Schwelle „%(klasse)s“ (%(schwelle)s)."
                    )
                    % {
                        "name": indikator.name,
                        "wert": formate.mit_einheit(
                            zeile.werte.get(indikator.schluessel),
                            indikator.nachkommastellen,
                            indikator.einheit,
                        ),
                        "jahr": ergebnis.jahr,
                        "z": vorzeichen_zahl(z),
                        "klasse": label,
                        "schwelle": vorzeichen_zahl(schwelle),
                    }
                )
        if dynamik_auffaellig:
            gruende.append(
                _("Dynamikindex %(index)s unter −%(schwelle)s (negativ).")
                % {"index": vorzeichen_zahl(zeile.dynamik_index), "schwelle": _betrag(dynamik)}
            )
        for indikator in ergebnis.indikatoren:
            dz = zeile.dynamik_z_werte.get(indikator.schluessel)
            if dz is not None and dz < -dynamik:
                veraenderung = zeile.veraenderungen.get(indikator.schluessel)
                gruende.append(
                    _(
                        "%(name)s: Veränderung %(basisjahr)s bis %(jahr)s um %(veraenderung)s, "
                        "z-Wert %(z)s (richtungsbereinigt) unter −%(schwelle)s."
                    )
                    % {
                        "name": indikator.name,
                        "basisjahr": basisjahr,
                        "jahr": ergebnis.jahr,
                        "veraenderung": _mit_vorzeichen(veraenderung, indikator.nachkommastellen),
                        "z": vorzeichen_zahl(dz),
                        "schwelle": _betrag(dynamik),
                    }
                )
        ergebnisse.append(Auffaelligkeit(zeile=zeile, gruende=gruende))
    rang = {klasse: n for n, klasse in enumerate(AUFFAELLIGE_STATUS)}
    return sorted(
        ergebnisse,
        key=lambda a: (
            rang.get(a.zeile.status_klasse, len(rang)),
            a.zeile.status_index if a.zeile.status_index is not None else math.inf,
            a.zeile.gebiet.name,
        ),
    )


def _mit_vorzeichen(value: float | None, stellen: int) -> str:
    if value is None:
        return "–"
    text = formate.zahl(abs(value), stellen)
    return ("+" if value >= 0 else "\u2212") + text


# The index table as a download (issue 16): the columns of the table on the result page.


def index_kopf(ergebnis: MonitoringErgebnis) -> list[str]:
    return [
        _("Sozialraum"),
        _("Einwohner"),
        *[_("z: %(name)s") % {"name": i.name} for i in ergebnis.indikatoren],
        _("Statusindex"),
        _("Status"),
        _("Dynamikindex"),
        _("Dynamik"),
        _("Gesamt"),
        _("Hinweis"),
    ]


def numerische_spalten(ergebnis: MonitoringErgebnis) -> list[bool]:
    """Which columns of ``index_kopf`` hold numbers (right-aligned on the page)."""
    return [
        False,
        True,
        *[True] * len(ergebnis.indikatoren),
        True,
        False,
        True,
        False,
        False,
        False,
    ]


def _gerundet(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def index_zeilen(ergebnis: MonitoringErgebnis) -> list[list]:
    """One row per Sozialraum with typed values (numbers rounded to two decimals, None where
    the table shows a dash): the result page formats them, the downloads write them as they
    are."""
    return [
        [
            z.gebiet.name,
            z.einwohner,
            *[_gerundet(z.z_werte.get(i.schluessel)) for i in ergebnis.indikatoren],
            _gerundet(z.status_index),
            STATUS_LABEL.get(z.status_klasse) if z.status_klasse else None,
            _gerundet(z.dynamik_index),
            DYNAMIK_LABEL.get(z.dynamik_klasse) if z.dynamik_klasse else None,
            z.gesamt,
            _("zu klein, nicht eingestuft") if z.zu_klein else None,
        ]
        for z in ergebnis.zeilen
    ]


def index_tabelle(ergebnis: MonitoringErgebnis) -> Tabelle:
    """The download: the rows of the page, the method and the hints below them (XLSX)."""
    monitoring = ergebnis.monitoring
    return Tabelle(
        titel=f"{monitoring.name} {ergebnis.jahr}",
        kopf=index_kopf(ergebnis),
        zeilen=index_zeilen(ergebnis),
        hinweise=[ergebnis.methode, *ergebnis.hinweise],
    )


# The map of the status classes (issue 16)

MUSTER_NAMEN = {
    "flaechig": gettext_lazy("flächig, ohne Muster"),
    "punkte": gettext_lazy("gepunktet"),
    "schraffur": gettext_lazy("schräg schraffiert"),
    "kreuzschraffur": gettext_lazy("kreuzschraffiert"),
    "waagerecht": gettext_lazy("waagerecht gestreift"),
}


def status_karte(ergebnis: MonitoringErgebnis, praefix: str = "statuskarte") -> dict:
    """The map of a result (``berichte.karte.index_karte``): status classes as patterns, each
    area labelled with its name and classes, and the legend with the thresholds. Uses the
    outlines loaded with the result (no query)."""
    monitoring = ergebnis.monitoring
    gebiete = []
    for zeile in ergebnis.zeilen:
        if zeile.zu_klein:
            text = _("zu klein")
        else:
            text = zeile.gesamt or STATUS_LABEL.get(zeile.status_klasse) or _("nicht eingestuft")
        gebiete.append(
            {
                "name": zeile.gebiet.name,
                "umriss": zeile.gebiet.umriss,
                "klasse": None if zeile.zu_klein else zeile.status_klasse,
                "text": text,
            }
        )
    hoch = vorzeichen_zahl(monitoring.schwelle_hoch)
    niedrig = vorzeichen_zahl(monitoring.schwelle_niedrig)
    sehr_niedrig = vorzeichen_zahl(monitoring.schwelle_sehr_niedrig)
    bereiche = {
        "hoch": _("Statusindex über %(hoch)s") % {"hoch": hoch},
        "mittel": _("von %(niedrig)s bis %(hoch)s") % {"niedrig": niedrig, "hoch": hoch},
        "niedrig": _("von %(sehr)s bis unter %(niedrig)s")
        % {"sehr": sehr_niedrig, "niedrig": niedrig},
        "sehr_niedrig": _("unter %(sehr)s") % {"sehr": sehr_niedrig},
        None: _("zu klein oder Werte fehlen"),
    }
    legende = [
        {
            "id": karte.muster_id(praefix, klasse),
            "klasse": STATUS_LABEL[klasse] if klasse else _("nicht eingestuft"),
            "bereich": bereiche[klasse],
            "muster": MUSTER_NAMEN[karte.MUSTER[klasse]["art"]],
        }
        for klasse in karte.MUSTER
    ]
    bild = karte.index_karte(
        gebiete,
        titel=_("Statusklassen je Sozialraum, %(jahr)s") % {"jahr": ergebnis.jahr},
        beschreibung=_(
            "Karte der Sozialräume in %(gebiet)s. Jede Fläche trägt ihren Namen, ihre Status- "
            "und Dynamikklasse und ein Muster je Statusklasse. Dieselben Angaben stehen in der "
            "Tabelle „Ergebnis je Sozialraum“ unter der Karte."
        )
        % {"gebiet": monitoring.gebiet.name},
        praefix=praefix,
    )
    return {**bild, "legende": legende}
