"""The tables of a document as ``saarlouis_portal.tabellen.Tabelle`` sheets (Excel) and as
long-format rows (CSV): one function per block kind, all reading block dicts only."""

from __future__ import annotations

from django.utils.translation import gettext as _

from berichte import formate
from berichte.models import BausteinArt
from saarlouis_portal.tabellen import Tabelle


def _einheit(einheit: str, label: str = "") -> str:
    return formate.EINHEIT_ZEICHEN.get(einheit) or label or ""


def _kopf_indikator(ind: dict) -> str:
    zeichen = _einheit(ind["einheit"], ind.get("einheit_label", ""))
    return f"{ind['name']} ({zeichen})" if zeichen else ind["name"]


def _hinweise(daten: dict, *extra: str) -> list[str]:
    hinweise = [h for h in extra if h]
    if daten.get("quellen"):
        hinweise.append(_("Quellen: %(q)s") % {"q": "; ".join(daten["quellen"])})
    return hinweise


def tabellen(daten: dict) -> list[Tabelle]:
    """The sheets of one block (none for plain text)."""
    art = daten["art"]
    titel = daten.get("titel") or daten.get("art_label") or ""
    if art == BausteinArt.TABELLE:
        inds = daten["indikatoren"]
        einheiten = "; ".join(f"{i['name']}: {i['einheit_label']}" for i in inds)
        return [
            Tabelle(
                titel,
                [_("Gebiet"), *[_kopf_indikator(i) for i in inds]],
                [
                    [g["name"], *[i["werte"][n] for i in inds]]
                    for n, g in enumerate(daten["gebiete"])
                ],
                _hinweise(
                    daten,
                    _("Jahr: %(j)s") % {"j": daten["jahr"]},
                    _("Einheiten: %(e)s") % {"e": einheiten},
                ),
            )
        ]
    if art == BausteinArt.ZEITREIHE:
        reihen = daten["reihen"]
        einheiten = "; ".join(f"{i['name']}: {i['einheit_label']}" for i in daten["indikatoren"])
        return [
            Tabelle(
                titel,
                [_("Jahr"), *[r["name"] for r in reihen]],
                [[j, *[r["werte"][n] for r in reihen]] for n, j in enumerate(daten["jahre"])],
                _hinweise(daten, _("Einheiten: %(e)s") % {"e": einheiten}),
            )
        ]
    if art == BausteinArt.KARTE and daten.get("indikator"):
        ind = daten["indikator"]
        return [
            Tabelle(
                titel,
                [_("Sozialraum"), _kopf_indikator(ind)],
                [[g["name"], g["wert"]] for g in daten["gebiete"]],
                _hinweise(
                    daten,
                    _("Jahr: %(j)s") % {"j": daten["jahr"]},
                    _("Einheit: %(e)s") % {"e": ind["einheit_label"]},
                ),
            )
        ]
    if art == BausteinArt.MONITORING and daten.get("ergebnis"):
        e = daten["ergebnis"]
        keys = [i["schluessel"] for i in e["indikatoren"]]
        return [
            Tabelle(
                titel,
                [
                    _("Sozialraum"),
                    _("Einwohner"),
                    *[f"z {i['name']}" for i in e["indikatoren"]],
                    _("Statusindex"),
                    _("Status"),
                    _("Dynamikindex"),
                    _("Dynamik"),
                    _("Gesamt"),
                    _("Zu klein"),
                ],
                [
                    [
                        z["gebiet"]["name"],
                        z["einwohner"],
                        *[_runden(z["z_werte"].get(k)) for k in keys],
                        _runden(z["status_index"]),
                        z["status_klasse"] or "",
                        _runden(z["dynamik_index"]),
                        z["dynamik_klasse"] or "",
                        z["gesamt"] or "",
                        _("ja") if z["zu_klein"] else _("nein"),
                    ]
                    for z in e["zeilen"]
                ],
                _hinweise(daten, e["methode"], *e["hinweise"]),
            )
        ]
    if art == BausteinArt.PORTALZAHLEN and daten.get("spalten"):
        return [vergleich(daten, titel)]
    if art == BausteinArt.PORTALZAHLEN:
        return [
            Tabelle(
                titel,
                [_("Kennzahl"), _("Wert"), _("Einheit")],
                [[z["label"], z["wert"], _einheit(z["einheit"])] for z in daten["zeilen"]],
                _hinweise(
                    daten, _("Jahr: %(j)s, %(g)s") % {"j": daten["jahr"], "g": daten["gebiet"]}
                ),
            )
        ]
    if art == BausteinArt.EMPFEHLUNGEN:
        return [
            Tabelle(
                titel,
                [_("Art"), _("Text"), _("Zuständig"), _("Zu erledigen bis"), _("Umsetzungsstand")],
                [
                    [
                        e["art_label"],
                        e["text"],
                        e["zustaendig"],
                        formate.datum(e["faellig_am"]),
                        e["umsetzungsstand_label"],
                    ]
                    for e in daten["empfehlungen"]
                ],
            )
        ]
    if art == BausteinArt.QUELLEN and daten.get("quellen"):
        return [Tabelle(titel, [_("Quelle")], [[q] for q in daten["quellen"]])]
    return []


def vergleich(daten: dict, titel: str = "", als_text: bool = False) -> Tabelle:
    """A comparison of sites (portal figures with ``spalten``): a row per figure, a column per
    site and the total, and the unit. ``als_text``: values as German number text with their
    decimals (Word); else typed numbers (Excel)."""

    def wert(z, w):
        return formate.zahl(w, z["stellen"]) if als_text else w

    return Tabelle(
        titel or daten.get("titel") or daten.get("art_label") or "",
        [_("Kennzahl"), *[s["name"] for s in daten["spalten"]], _("Einheit")],
        [
            [z["label"], *[wert(z, w) for w in z["werte"]], _einheit(z["einheit"])]
            for z in daten["zeilen"]
        ],
        _hinweise(
            daten,
            _("Jahr: %(j)s, %(g)s") % {"j": daten["jahr"], "g": daten["gebiet"]},
            *daten.get("hinweise", []),
        ),
    )


def _runden(wert):
    return None if wert is None else round(float(wert), 2)


LANG_KOPF = (
    "Bericht",
    "Kapitel",
    "Baustein",
    "Indikator",
    "Einheit",
    "Gebiet",
    "Jahr",
    "Wert",
    "Quelle",
)


def lang(dokument) -> list[list]:
    """Every figure as one row: report, chapter, block, indicator, unit, area, year, value,
    source."""
    zeilen = []
    bericht = dokument.bericht.titel
    for kapitel, bausteine in dokument.kapitel:
        for daten in bausteine:
            block = daten.get("titel") or daten.get("art_label") or ""

            def zeile(indikator, einheit, gebiet, jahr, wert, quelle, _k=kapitel, _b=block):
                zeilen.append(
                    [bericht, _k.titel, _b, indikator, einheit, gebiet, jahr, wert, quelle]
                )

            art = daten["art"]
            if art == BausteinArt.TABELLE:
                for ind in daten["indikatoren"]:
                    for n, g in enumerate(daten["gebiete"]):
                        zeile(ind["name"], ind["einheit_label"], g["name"], daten["jahr"],
                              ind["werte"][n], ind["quelle"])  # fmt: skip
            elif art == BausteinArt.ZEITREIHE:
                quellen = {i["name"]: i["quelle"] for i in daten["indikatoren"]}
                labels = {i["name"]: i["einheit_label"] for i in daten["indikatoren"]}
                for r in daten["reihen"]:
                    for n, j in enumerate(daten["jahre"]):
                        zeile(r["indikator"], labels.get(r["indikator"], ""), r["gebiet"], j,
                              r["werte"][n], quellen.get(r["indikator"], ""))  # fmt: skip
            elif art == BausteinArt.KARTE and daten.get("indikator"):
                ind = daten["indikator"]
                for g in daten["gebiete"]:
                    zeile(ind["name"], ind["einheit_label"], g["name"], daten["jahr"], g["wert"],
                          ind["quelle"])  # fmt: skip
            elif art == BausteinArt.MONITORING and daten.get("ergebnis"):
                e = daten["ergebnis"]
                for ind in e["indikatoren"]:
                    for z in e["zeilen"]:
                        zeile(ind["name"], ind["einheit_label"], z["gebiet"]["name"], e["jahr"],
                              z.get("werte", {}).get(ind["schluessel"]), ind["quelle"])  # fmt: skip
            elif art == BausteinArt.PORTALZAHLEN and daten.get("spalten"):
                # The total column stands for the report's whole area.
                quelle = "; ".join(daten.get("quellen", []))
                for z in daten["zeilen"]:
                    for s, wert in zip(daten["spalten"], z["werte"], strict=False):
                        gebiet = daten["gebiet"] if s["summe"] else s["name"]
                        zeile(z["label"], _einheit(z["einheit"]), gebiet, daten["jahr"], wert,
                              quelle)  # fmt: skip
            elif art == BausteinArt.PORTALZAHLEN:
                for z in daten["zeilen"]:
                    zeile(z["label"], _einheit(z["einheit"]), daten["gebiet"], daten["jahr"],
                          z["wert"], "; ".join(daten.get("quellen", [])))  # fmt: skip
    return zeilen
