"""The frozen content of a published chapter.

Publishing stores the resolved data of every block in ``Kapitel.snapshot``; from then on pages
and exports read only the snapshot, so later imports, changed indicators, new bookings or edited
recommendations never alter what was published. Drafts are resolved live on every view.

``gezeigte_werte`` names the stored values a published chapter shows, so an import can say
which chapters it would leave behind (``services_indikatoren.betroffene_kapitel``) and the
chapter's staff page can say that newer values exist (``neuere_werte``).
"""

import json
from dataclasses import dataclass

from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone

from berichte.blocks import resolve_kapitel
from berichte.models import BausteinArt, Messwert, Workflow

VERSION = 1


def einfrieren(kapitel) -> dict:
    """The snapshot of ``kapitel`` as it resolves now (a JSON round trip proves it storable)."""
    snapshot = {
        "version": VERSION,
        "erstellt_am": timezone.now().isoformat(),
        "bausteine": resolve_kapitel(kapitel),
    }
    return json.loads(json.dumps(snapshot, cls=DjangoJSONEncoder))


def kapitel_daten(kapitel) -> list[dict]:
    """The block dicts to show: the snapshot once published, else resolved live."""
    if kapitel.status == Workflow.VEROEFFENTLICHT and kapitel.snapshot:
        return kapitel.snapshot["bausteine"]
    return resolve_kapitel(kapitel)


# What a published chapter shows, compared with the stored values (issue 16)

# (indicator key, Gebiet pk, year): how a shown value is named in snapshots, imports and queries.
WertSchluessel = tuple[str, int, int]


@dataclass(frozen=True)
class GezeigterWert:
    """One value as a published chapter shows it (None: shown as missing)."""

    indikator: str
    gebiet: str
    wert: float | None
    nachkommastellen: int = 1
    einheit: str = ""


@dataclass(frozen=True)
class Abweichung:
    """A value whose stored figure differs from the one a published chapter shows."""

    indikator: str
    gebiet: str
    jahr: int
    veroeffentlicht: float | None
    aktuell: float | None
    nachkommastellen: int = 1
    einheit: str = ""


def gleich(a: float | None, b: float | None) -> bool:
    """Two values as stored (four decimals); a missing value equals only a missing value."""
    if a is None or b is None:
        return a is None and b is None
    return round(float(a), 4) == round(float(b), 4)


def _zahl_oder_none(wert) -> float | None:
    try:
        return None if wert is None else float(wert)
    except (TypeError, ValueError):
        return None


def _tabelle_werte(block: dict, ergebnis: dict) -> None:
    jahr = block.get("jahr")
    gebiete = block.get("gebiete") or []
    for indikator in block.get("indikatoren") or []:
        werte = indikator.get("werte") or []
        for gebiet, wert in zip(gebiete, werte, strict=False):
            ergebnis[(indikator.get("schluessel"), gebiet.get("id"), jahr)] = GezeigterWert(
                indikator.get("name", ""),
                gebiet.get("name", ""),
                _zahl_oder_none(wert),
                indikator.get("nachkommastellen", 1),
                indikator.get("einheit", ""),
            )


def _zeitreihe_werte(block: dict, ergebnis: dict) -> None:
    # Series of chapters published before the series named their indicator key and Gebiet pk
    # cannot be matched to stored values and are left out.
    jahre = block.get("jahre") or []
    for reihe in block.get("reihen") or []:
        if "indikator_schluessel" not in reihe or "gebiet_id" not in reihe:
            continue
        for jahr, wert in zip(jahre, reihe.get("werte") or [], strict=False):
            ergebnis[(reihe["indikator_schluessel"], reihe["gebiet_id"], jahr)] = GezeigterWert(
                reihe.get("indikator", ""),
                reihe.get("gebiet", ""),
                _zahl_oder_none(wert),
                reihe.get("nachkommastellen", 1),
                reihe.get("einheit", ""),
            )


def _karte_werte(block: dict, ergebnis: dict) -> None:
    indikator = block.get("indikator")
    if not indikator:
        return
    for gebiet in block.get("gebiete") or []:
        ergebnis[(indikator.get("schluessel"), gebiet.get("id"), block.get("jahr"))] = (
            GezeigterWert(
                indikator.get("name", ""),
                gebiet.get("name", ""),
                _zahl_oder_none(gebiet.get("wert")),
                indikator.get("nachkommastellen", 1),
                indikator.get("einheit", ""),
            )
        )


def _monitoring_werte(block: dict, ergebnis: dict) -> None:
    # The values of the monitoring's year, from which its z-values and classes were formed.
    daten = block.get("ergebnis")
    if not daten:
        return
    namen = {i.get("schluessel"): i for i in daten.get("indikatoren") or []}
    for zeile in daten.get("zeilen") or []:
        gebiet = zeile.get("gebiet") or {}
        for schluessel, wert in (zeile.get("werte") or {}).items():
            indikator = namen.get(schluessel, {})
            ergebnis[(schluessel, gebiet.get("pk"), daten.get("jahr"))] = GezeigterWert(
                indikator.get("name", schluessel),
                gebiet.get("name", ""),
                _zahl_oder_none(wert),
                indikator.get("nachkommastellen", 1),
                indikator.get("einheit", ""),
            )


_WERTE_JE_ART = {
    BausteinArt.TABELLE: _tabelle_werte,
    BausteinArt.ZEITREIHE: _zeitreihe_werte,
    BausteinArt.KARTE: _karte_werte,
    BausteinArt.MONITORING: _monitoring_werte,
}


def gezeigte_werte(kapitel) -> dict[WertSchluessel, GezeigterWert]:
    """Every stored value the snapshot of a published chapter shows, by indicator key, Gebiet
    pk and year (tables, time series, maps and the monitoring's values of its year; portal
    figures are not indicator values). Empty for drafts. Needs no query."""
    if kapitel.status != Workflow.VEROEFFENTLICHT or not kapitel.snapshot:
        return {}
    ergebnis: dict[WertSchluessel, GezeigterWert] = {}
    for block in kapitel.snapshot.get("bausteine") or []:
        sammeln = _WERTE_JE_ART.get(block.get("art"))
        if sammeln is not None:
            sammeln(block, ergebnis)
    return {k: v for k, v in ergebnis.items() if None not in k}


def neuere_werte(kapitel) -> list[Abweichung]:
    """The values a published chapter shows whose stored figure has changed since (imported
    anew, added where the chapter shows a gap, or deleted): one query, whatever the size."""
    gezeigt = gezeigte_werte(kapitel)
    if not gezeigt:
        return []
    aktuell = {
        (schluessel, gebiet_id, jahr): float(wert)
        for schluessel, gebiet_id, jahr, wert in Messwert.objects.filter(
            indikator__schluessel__in={k[0] for k in gezeigt},
            gebiet_id__in={k[1] for k in gezeigt},
            jahr__in={k[2] for k in gezeigt},
        ).values_list("indikator__schluessel", "gebiet_id", "jahr", "wert")
    }
    abweichungen = [
        Abweichung(
            indikator=g.indikator,
            gebiet=g.gebiet,
            jahr=key[2],
            veroeffentlicht=g.wert,
            aktuell=aktuell.get(key),
            nachkommastellen=g.nachkommastellen,
            einheit=g.einheit,
        )
        for key, g in gezeigt.items()
        if not gleich(g.wert, aktuell.get(key))
    ]
    return sorted(abweichungen, key=lambda a: (a.indikator, a.jahr, a.gebiet))
