"""Choropleth maps of a Sozialraum indicator, drawn server-side as SVG from the areas' GeoJSON
outlines (WGS 84).

Projection: plain equirectangular, longitudes scaled by the cosine of the middle latitude, fitted
to the bounding box. For the few kilometres of a town this is indistinguishable from a proper
projection, and it needs no GIS library. The SVG uses presentation attributes only (no
``style``), so it can sit inline in pages under the portal's Content Security Policy.

Classes: up to four quantile classes of the values present (each class holds about as many
areas), coloured in a sequential blue scale that stays distinguishable in greyscale print.
"""

from __future__ import annotations

import math
from html import escape

from berichte import formate

FARBEN = ["#deebf7", "#9ecae1", "#4292c6", "#08519c"]
OHNE_WERT = "#d9d9d9"
BREITE = 600.0
RAND = 10.0


def _ringe(geojson) -> list[list[list[float]]]:
    """Every outer and inner ring of a (Multi)Polygon, Feature or FeatureCollection."""
    if not isinstance(geojson, dict):
        return []
    art = geojson.get("type")
    if art == "FeatureCollection":
        return [r for f in geojson.get("features") or [] for r in _ringe(f)]
    if art == "Feature":
        return _ringe(geojson.get("geometry"))
    koordinaten = geojson.get("coordinates") or []
    try:
        if art == "Polygon":
            return [[[float(p[0]), float(p[1])] for p in ring] for ring in koordinaten]
        if art == "MultiPolygon":
            return [
                [[float(p[0]), float(p[1])] for p in ring] for poly in koordinaten for ring in poly
            ]
    except (TypeError, ValueError, IndexError):
        return []
    return []


def klassen(werte: list[float], anzahl: int = 4) -> list[dict]:
    """Quantile class bounds for ``werte``; fewer classes when there are fewer distinct values."""
    werte = sorted(set(werte))
    if not werte:
        return []
    anzahl = min(anzahl, len(werte))
    grenzen = [werte[round(i * (len(werte) - 1) / anzahl)] for i in range(anzahl)] + [werte[-1]]
    ergebnis = []
    for i in range(anzahl):
        von, bis = grenzen[i], grenzen[i + 1]
        if ergebnis and von == ergebnis[-1]["bis"] and bis == von:
            continue
        ergebnis.append({"von": von, "bis": bis, "farbe": FARBEN[i + (4 - anzahl)]})
    return ergebnis


def _klasse(wert, bereiche) -> dict | None:
    if wert is None:
        return None
    for bereich in bereiche:
        if wert <= bereich["bis"]:
            return bereich
    return bereiche[-1] if bereiche else None


def zeichnen(daten: dict) -> dict:
    """SVG (or None when no area has an outline), legend classes and what is missing."""
    indikator = daten["indikator"]
    stellen, einheit = indikator["nachkommastellen"], indikator["einheit"]
    bereiche = klassen([g["wert"] for g in daten["gebiete"] if g["wert"] is not None])
    for bereich in bereiche:
        bereich["label"] = (
            f"{formate.zahl(bereich['von'], stellen)} bis "
            f"{formate.mit_einheit(bereich['bis'], stellen, einheit)}"
        )
    mit_umriss = [(g, _ringe(g.get("umriss"))) for g in daten["gebiete"]]
    ohne_umriss = [g["name"] for g, ringe in mit_umriss if not ringe]
    mit_umriss = [(g, ringe) for g, ringe in mit_umriss if ringe]
    ergebnis = {
        "klassen": bereiche,
        "ohne_wert_farbe": OHNE_WERT,
        "ohne_umriss": ohne_umriss,
        "svg": None,
    }
    if not mit_umriss:
        return ergebnis
    punkte = [p for _g, ringe in mit_umriss for ring in ringe for p in ring]
    min_lon, max_lon = min(p[0] for p in punkte), max(p[0] for p in punkte)
    min_lat, max_lat = min(p[1] for p in punkte), max(p[1] for p in punkte)
    faktor_lon = math.cos(math.radians((min_lat + max_lat) / 2))
    breite_geo = max((max_lon - min_lon) * faktor_lon, 1e-9)
    hoehe_geo = max(max_lat - min_lat, 1e-9)
    massstab = (BREITE - 2 * RAND) / breite_geo
    hoehe = hoehe_geo * massstab + 2 * RAND

    def xy(p):
        x = RAND + (p[0] - min_lon) * faktor_lon * massstab
        y = RAND + (max_lat - p[1]) * massstab
        return f"{x:.1f},{y:.1f}"

    titel = f"{indikator['name']} {daten['jahr']}"
    teile = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" class="portal-karte" '
        f'viewBox="0 0 {BREITE:.0f} {hoehe:.0f}" width="100%" '
        f'aria-label="{escape(titel)}: Karte der Sozialräume; die Werte stehen in der Tabelle.">',
        f"<title>{escape(titel)}</title>",
    ]
    for gebiet, ringe in mit_umriss:
        bereich = _klasse(gebiet["wert"], bereiche)
        farbe = bereich["farbe"] if bereich else OHNE_WERT
        pfad = " ".join("M" + " L".join(xy(p) for p in ring) + " Z" for ring in ringe)
        wert = formate.mit_einheit(gebiet["wert"], stellen, einheit)
        teile.append(
            f'<path d="{pfad}" fill="{farbe}" fill-rule="evenodd" stroke="#ffffff" '
            f'stroke-width="1.5"><title>{escape(gebiet["name"])}: {escape(wert)}</title></path>'
        )
    # Each area named on the map itself, not only in a tooltip that keyboards and touch screens
    # never show: at the middle of its largest ring, dark text on a white halo.
    for gebiet, ringe in mit_umriss:
        ring = max(ringe, key=len)
        x, y = (
            float(v)
            for v in xy(
                (sum(q[0] for q in ring) / len(ring), sum(q[1] for q in ring) / len(ring))
            ).split(",")
        )
        teile.append(
            f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="middle" dominant-baseline="middle" '
            f'font-size="13" font-family="Fira Sans, sans-serif" fill="#131525" stroke="#ffffff" '
            f'stroke-width="3" paint-order="stroke">{escape(gebiet["name"])}</text>'
        )
    teile.append("</svg>")
    ergebnis["svg"] = "".join(teile)
    return ergebnis
