"""What each kind of block (Baustein) asks for, what data it resolves to, and how that data is
prepared for display.

``resolve(baustein)`` turns a block into a plain, JSON-serialisable dict: the numbers it shows,
not references to them. A published chapter stores these dicts (``Kapitel.snapshot``), and every
output (page, PDF, Word, Excel, CSV) is drawn from such dicts only, so a published chapter looks
the same whatever is imported later. ``aufbereiten(daten)`` adds what is derived for display
(chart SVG, map SVG, tables split into printable widths); it is recomputed on every render
because it depends on nothing but the dict.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from berichte import charts, karte, portalzahlen
from berichte.models import BausteinArt, Indikator, Messwert
from saarlouis_portal.stammdaten.models import Gebiet

# The model fields each kind of block uses; the form offers only these.
FELDER: dict[str, tuple[str, ...]] = {
    BausteinArt.TEXT: ("titel", "text"),
    BausteinArt.TABELLE: ("titel", "indikatoren", "gebiete", "jahr", "text"),
    BausteinArt.ZEITREIHE: ("titel", "indikatoren", "gebiete", "jahr_von", "jahr_bis", "text"),
    BausteinArt.KARTE: ("titel", "indikatoren", "jahr", "text"),
    BausteinArt.MONITORING: ("titel", "monitoring", "jahr", "text"),
    BausteinArt.PORTALZAHLEN: ("titel", "quelle_app", "jahr", "text"),
    BausteinArt.EMPFEHLUNGEN: ("titel", "text"),
    BausteinArt.QUELLEN: ("titel", "text"),
}

# Printed pages hold about this many value columns beside the area names; wider tables are
# split into several tables that repeat the area column.
SPALTEN_JE_TABELLE = 6
ZEITREIHE_STANDARD_JAHRE = 5


def indikator_dict(indikator: Indikator) -> dict:
    return {
        "schluessel": indikator.schluessel,
        "name": indikator.name,
        "einheit": indikator.einheit,
        "einheit_label": str(indikator.get_einheit_display()),
        "nachkommastellen": indikator.nachkommastellen,
        "quelle": indikator.quelle,
        "definition": indikator.definition,
    }


def _gebiete(baustein) -> list[Gebiet]:
    """The areas chosen, or else the Sozialräume of the report's area (or that area itself)."""
    gewaehlt = list(baustein.gebiete.all())
    if gewaehlt:
        return sorted(gewaehlt, key=lambda g: g.name)
    gebiet = baustein.kapitel.bericht.gebiet
    raeume = list(Gebiet.objects.within(gebiet).sozialraeume().order_by("name"))
    return raeume or [gebiet]


def _indikatoren(baustein) -> list[Indikator]:
    return sorted(baustein.indikatoren.all(), key=lambda i: (i.name, i.pk))


def _quellen(indikatoren) -> list[str]:
    return sorted({i.quelle for i in indikatoren if i.quelle})


def _text(baustein) -> dict:
    return {}


def _tabelle(baustein) -> dict:
    jahr = baustein.jahr or baustein.kapitel.bericht.jahr
    indikatoren = _indikatoren(baustein)
    gebiete = _gebiete(baustein)
    werte = {
        (m["indikator_id"], m["gebiet_id"]): float(m["wert"])
        for m in Messwert.objects.filter(
            indikator__in=indikatoren, gebiet__in=gebiete, jahr=jahr
        ).values("indikator_id", "gebiet_id", "wert")
    }
    return {
        "jahr": jahr,
        "gebiete": [{"id": g.pk, "name": g.name} for g in gebiete],
        "indikatoren": [
            {**indikator_dict(i), "werte": [werte.get((i.pk, g.pk)) for g in gebiete]}
            for i in indikatoren
        ],
        "quellen": _quellen(indikatoren),
    }


def _zeitreihe(baustein) -> dict:
    bis = baustein.jahr_bis or baustein.kapitel.bericht.jahr
    von = baustein.jahr_von or bis - ZEITREIHE_STANDARD_JAHRE
    jahre = list(range(von, bis + 1))
    indikatoren = _indikatoren(baustein)
    gebiete = _gebiete(baustein)
    werte = {
        (m["indikator_id"], m["gebiet_id"], m["jahr"]): float(m["wert"])
        for m in Messwert.objects.filter(
            indikator__in=indikatoren, gebiet__in=gebiete, jahr__gte=von, jahr__lte=bis
        ).values("indikator_id", "gebiet_id", "jahr", "wert")
    }
    reihen = []
    for i in indikatoren:
        for g in gebiete:
            name = g.name if len(indikatoren) == 1 else f"{i.name} – {g.name}"
            reihen.append(
                {
                    "name": name,
                    "indikator": i.name,
                    "gebiet": g.name,
                    # Which stored values the series shows (berichte/snapshot.py compares them).
                    "indikator_schluessel": i.schluessel,
                    "gebiet_id": g.pk,
                    "einheit": i.einheit,
                    "nachkommastellen": i.nachkommastellen,
                    "werte": [werte.get((i.pk, g.pk, j)) for j in jahre],
                }
            )
    return {
        "jahre": jahre,
        "indikatoren": [indikator_dict(i) for i in indikatoren],
        "reihen": reihen,
        "quellen": _quellen(indikatoren),
    }


def _karte(baustein) -> dict:
    jahr = baustein.jahr or baustein.kapitel.bericht.jahr
    indikatoren = _indikatoren(baustein)[:1]
    bericht_gebiet = baustein.kapitel.bericht.gebiet
    gebiete = list(Gebiet.objects.within(bericht_gebiet).sozialraeume().order_by("name"))
    werte = {}
    if indikatoren:
        werte = {
            m["gebiet_id"]: float(m["wert"])
            for m in Messwert.objects.filter(
                indikator=indikatoren[0], gebiet__in=gebiete, jahr=jahr
            ).values("gebiet_id", "wert")
        }
    return {
        "jahr": jahr,
        "indikator": indikator_dict(indikatoren[0]) if indikatoren else None,
        "gebiete": [
            {"id": g.pk, "name": g.name, "wert": werte.get(g.pk), "umriss": g.umriss}
            for g in gebiete
        ],
        "quellen": _quellen(indikatoren),
    }


def _monitoring(baustein) -> dict:
    from berichte.monitoring import als_dict, berechne

    if baustein.monitoring is None:
        return {"ergebnis": None, "quellen": []}
    ergebnis = als_dict(berechne(baustein.monitoring, baustein.jahr or None))
    quellen = sorted({i["quelle"] for i in ergebnis["indikatoren"] if i.get("quelle")})
    return {"ergebnis": ergebnis, "quellen": quellen}


def _portalzahlen(baustein) -> dict:
    jahr = baustein.jahr or baustein.kapitel.bericht.jahr
    gebiet = baustein.kapitel.bericht.gebiet
    quelle = portalzahlen.QUELLEN.get(baustein.quelle_app)
    if quelle is None:
        return {"jahr": jahr, "gebiet": gebiet.name, "quelle_label": "", "zeilen": []}
    return {
        "jahr": jahr,
        "gebiet": gebiet.name,
        "quelle_label": str(quelle.label),
        # ``zeilen``; for a comparison of sites also ``spalten`` and ``hinweise``.
        **portalzahlen.daten(baustein.quelle_app, gebiet, jahr),
        "quellen": [str(quelle.quellenangabe)],
    }


def _empfehlungen(baustein) -> dict:
    return {
        "empfehlungen": [
            {
                "id": e.pk,
                "art": e.art,
                "art_label": str(e.get_art_display()),
                "text": e.text,
                "zustaendig": e.zustaendig,
                "faellig_am": e.faellig_am.isoformat() if e.faellig_am else None,
                "umsetzungsstand": e.umsetzungsstand,
                "umsetzungsstand_label": str(e.get_umsetzungsstand_display()),
                "vorher": (
                    {
                        "umsetzungsstand_label": str(e.vorgaenger.get_umsetzungsstand_display()),
                        "bericht": e.vorgaenger.baustein.kapitel.bericht.titel,
                    }
                    if e.vorgaenger_id
                    else None
                ),
            }
            for e in baustein.empfehlungen.all()
        ]
    }


def _quellenblock(baustein) -> dict:
    # Filled in by resolve_kapitel from the other blocks of the chapter.
    return {"quellen": []}


RESOLVER = {
    BausteinArt.TEXT: _text,
    BausteinArt.TABELLE: _tabelle,
    BausteinArt.ZEITREIHE: _zeitreihe,
    BausteinArt.KARTE: _karte,
    BausteinArt.MONITORING: _monitoring,
    BausteinArt.PORTALZAHLEN: _portalzahlen,
    BausteinArt.EMPFEHLUNGEN: _empfehlungen,
    BausteinArt.QUELLEN: _quellenblock,
}


def resolve(baustein) -> dict:
    """The block's data as a plain dict (see the module docstring)."""
    daten = {
        "id": baustein.pk,
        "art": baustein.art,
        "art_label": str(baustein.get_art_display()),
        "titel": baustein.titel,
        "text": baustein.text,
        "quellen": [],
    }
    daten.update(RESOLVER[baustein.art](baustein))
    return daten


def bausteine_queryset(kapitel):
    from django.db.models import Prefetch

    from berichte.models import Empfehlung

    return kapitel.bausteine.select_related(
        "monitoring__gebiet", "kapitel__bericht__gebiet"
    ).prefetch_related(
        "indikatoren",
        "gebiete",
        Prefetch(
            "empfehlungen",
            queryset=Empfehlung.objects.select_related("vorgaenger__baustein__kapitel__bericht"),
        ),
    )


def resolve_kapitel(kapitel) -> list[dict]:
    """All blocks of a chapter, resolved; a sources block lists every source the chapter uses."""
    daten = [resolve(b) for b in bausteine_queryset(kapitel)]
    alle_quellen = sorted(
        {q for d in daten if d["art"] != BausteinArt.QUELLEN for q in d["quellen"]}
    )
    for d in daten:
        if d["art"] == BausteinArt.QUELLEN:
            d["quellen"] = alle_quellen
    return daten


# Display


def _tabellen_teile(daten: dict) -> list[dict]:
    """Split the indicator columns into printable chunks; each chunk repeats the area column."""
    indikatoren = daten.get("indikatoren") or []
    teile = []
    for start in range(0, max(len(indikatoren), 1), SPALTEN_JE_TABELLE):
        spalten = indikatoren[start : start + SPALTEN_JE_TABELLE]
        zeilen = [
            {"gebiet": g["name"], "werte": [(s["werte"][n], s) for s in spalten]}
            for n, g in enumerate(daten["gebiete"])
        ]
        teile.append({"spalten": spalten, "zeilen": zeilen})
    return teile


def vergleich_teile(daten: dict) -> list[dict]:
    """The site columns of a comparison (portal figures with ``spalten``) in printable chunks of
    ``SPALTEN_JE_TABELLE``; each chunk repeats the figure names, the total stays with the last."""
    spalten = daten.get("spalten") or []
    teile = []
    for start in range(0, len(spalten), SPALTEN_JE_TABELLE):
        nummern = range(start, min(start + SPALTEN_JE_TABELLE, len(spalten)))
        teile.append(
            {
                "spalten": [spalten[n] for n in nummern],
                "zeilen": [
                    {**z, "werte": [z["werte"][n] for n in nummern]} for z in daten["zeilen"]
                ],
            }
        )
    return teile


def aufbereiten(daten: dict) -> dict:
    """The block dict plus what is derived for display (never stored)."""
    anzeige = dict(daten)
    art = daten["art"]
    if art == BausteinArt.TABELLE:
        anzeige["teile"] = _tabellen_teile(daten)
    elif art == BausteinArt.ZEITREIHE and daten["reihen"]:
        anzeige["diagramm_uri"] = charts.svg_data_uri(daten)
        anzeige["alternativtext"] = charts.alternativtext(daten)
        anzeige["tabelle_zeilen"] = [
            {"jahr": jahr, "werte": [(r["werte"][n], r) for r in daten["reihen"]]}
            for n, jahr in enumerate(daten["jahre"])
        ]
    elif art == BausteinArt.KARTE and daten.get("indikator"):
        anzeige["karte"] = karte.zeichnen(daten)
    elif art == BausteinArt.MONITORING and daten.get("ergebnis"):
        anzeige["monitoring_zeilen"] = monitoring_zeilen(daten["ergebnis"])
    elif art == BausteinArt.PORTALZAHLEN and daten.get("spalten"):
        anzeige["teile"] = vergleich_teile(daten)
    return anzeige


def monitoring_zeilen(ergebnis: dict) -> list[dict]:
    schluessel = [i["schluessel"] for i in ergebnis["indikatoren"]]
    return [{**z, "z_liste": [z["z_werte"].get(k) for k in schluessel]} for z in ergebnis["zeilen"]]


def titel_oder_art(daten: dict) -> str:
    return daten.get("titel") or daten.get("art_label") or _("Baustein")
