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
from dataclasses import dataclass
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
    projektion = Projektion.fuer([ringe for _g, ringe in mit_umriss])

    titel = f"{indikator['name']} {daten['jahr']}"
    teile = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" class="portal-karte" '
        f'viewBox="0 0 {BREITE:.0f} {projektion.hoehe:.0f}" width="100%" '
        f'aria-label="{escape(titel)}: Karte der Sozialräume; die Werte stehen in der Tabelle.">',
        f"<title>{escape(titel)}</title>",
    ]
    for gebiet, ringe in mit_umriss:
        bereich = _klasse(gebiet["wert"], bereiche)
        farbe = bereich["farbe"] if bereich else OHNE_WERT
        wert = formate.mit_einheit(gebiet["wert"], stellen, einheit)
        teile.append(
            f'<path d="{projektion.pfad(ringe)}" fill="{farbe}" fill-rule="evenodd" '
            f'stroke="#ffffff" stroke-width="1.5">'
            f"<title>{escape(gebiet['name'])}: {escape(wert)}</title></path>"
        )
    # Each area named on the map itself, not only in a tooltip that keyboards and touch screens
    # never show: at the middle of its largest ring, dark text on a white halo.
    for gebiet, ringe in mit_umriss:
        x, y = projektion.mitte(ringe)
        teile.append(_beschriftung(x, y, gebiet["name"]))
    teile.append("</svg>")
    ergebnis["svg"] = "".join(teile)
    return ergebnis


@dataclass(frozen=True)
class Projektion:
    """Longitude/latitude to SVG coordinates, fitted to every ring of the map (see the module
    docstring): ``BREITE`` wide, as high as the areas need."""

    min_lon: float
    max_lat: float
    faktor_lon: float
    massstab: float
    hoehe: float

    @classmethod
    def fuer(cls, ringe_je_gebiet: list[list[list[list[float]]]]) -> Projektion:
        punkte = [p for ringe in ringe_je_gebiet for ring in ringe for p in ring]
        min_lon, max_lon = min(p[0] for p in punkte), max(p[0] for p in punkte)
        min_lat, max_lat = min(p[1] for p in punkte), max(p[1] for p in punkte)
        faktor_lon = math.cos(math.radians((min_lat + max_lat) / 2))
        breite_geo = max((max_lon - min_lon) * faktor_lon, 1e-9)
        hoehe_geo = max(max_lat - min_lat, 1e-9)
        massstab = (BREITE - 2 * RAND) / breite_geo
        return cls(min_lon, max_lat, faktor_lon, massstab, hoehe_geo * massstab + 2 * RAND)

    def xy(self, p) -> str:
        x = RAND + (p[0] - self.min_lon) * self.faktor_lon * self.massstab
        y = RAND + (self.max_lat - p[1]) * self.massstab
        return f"{x:.1f},{y:.1f}"

    def pfad(self, ringe) -> str:
        return " ".join("M" + " L".join(self.xy(p) for p in ring) + " Z" for ring in ringe)

    def mitte(self, ringe) -> tuple[float, float]:
        """Where the label goes: the middle of the corners of the largest ring (a closed ring
        repeats its first corner at the end; counted once, or the label leans towards it)."""
        ring = max(ringe, key=len)
        if len(ring) > 1 and ring[0] == ring[-1]:
            ring = ring[:-1]
        mitte = (sum(q[0] for q in ring) / len(ring), sum(q[1] for q in ring) / len(ring))
        x, y = (float(v) for v in self.xy(mitte).split(","))
        return x, y


def _beschriftung(x: float, y: float, text: str, *, groesse: int = 13, fett: bool = False) -> str:
    """Dark text on a white halo, readable on every fill and pattern."""
    gewicht = ' font-weight="600"' if fett else ""
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="middle" dominant-baseline="middle" '
        f'font-size="{groesse}" font-family="Fira Sans, sans-serif"{gewicht} fill="#131525" '
        f'stroke="#ffffff" stroke-width="3" paint-order="stroke">{escape(text)}</text>'
    )


# The index classes of the social monitoring (issue 16): each status class has a fill and a
# pattern of its own (plain, dots, hatching, cross-hatching; areas not classified horizontal
# lines), so the map reads in greyscale and without colour vision, and each area carries its
# name and its classes as text. The table below the map holds the same data.

MUSTER: dict[str | None, dict] = {
    "hoch": {"farbe": "#cfe8c8", "art": "flaechig"},
    "mittel": {"farbe": "#fff3b0", "art": "punkte", "linie": "#7a5c00"},
    "niedrig": {"farbe": "#fdbf7f", "art": "schraffur", "linie": "#8c3b00"},
    "sehr_niedrig": {"farbe": "#e8743b", "art": "kreuzschraffur", "linie": "#4a1800"},
    None: {"farbe": "#f2f2f2", "art": "waagerecht", "linie": "#6f6f6f"},
}


def muster_id(praefix: str, klasse: str | None) -> str:
    return f"{praefix}-{klasse or 'ohne'}".replace("_", "-")


def _muster(praefix: str, klasse: str | None) -> str:
    muster = MUSTER[klasse]
    farbe, linie, art = muster["farbe"], muster.get("linie"), muster["art"]
    kopf = f'<pattern id="{muster_id(praefix, klasse)}" patternUnits="userSpaceOnUse"'
    hintergrund = '<rect width="{g}" height="{g}" fill="' + farbe + '"/>'
    if art == "flaechig":
        return f'{kopf} width="8" height="8">{hintergrund.format(g=8)}</pattern>'
    if art == "punkte":
        return (
            f'{kopf} width="8" height="8">{hintergrund.format(g=8)}'
            f'<circle cx="4" cy="4" r="1.4" fill="{linie}"/></pattern>'
        )
    if art == "schraffur":
        return (
            f'{kopf} width="7" height="7" patternTransform="rotate(45)">{hintergrund.format(g=7)}'
            f'<line x1="3.5" y1="0" x2="3.5" y2="7" stroke="{linie}" stroke-width="1.6"/>'
            "</pattern>"
        )
    if art == "kreuzschraffur":
        return (
            f'{kopf} width="6" height="6" patternTransform="rotate(45)">{hintergrund.format(g=6)}'
            f'<line x1="3" y1="0" x2="3" y2="6" stroke="{linie}" stroke-width="1.4"/>'
            f'<line x1="0" y1="3" x2="6" y2="3" stroke="{linie}" stroke-width="1.4"/></pattern>'
        )
    return (
        f'{kopf} width="8" height="8">{hintergrund.format(g=8)}'
        f'<line x1="0" y1="4" x2="8" y2="4" stroke="{linie}" stroke-width="1"/></pattern>'
    )


def index_karte(
    gebiete: list[dict], *, titel: str, beschreibung: str, praefix: str = "statuskarte"
) -> dict:
    """SVG of areas by class. ``gebiete``: dicts with ``name``, ``umriss`` (GeoJSON),
    ``klasse`` (a key of ``MUSTER``) and ``text`` (the second label line). The SVG is an image
    with ``titel`` and ``beschreibung`` as its accessible name and description; the labels and
    patterns are drawn for sighted readers, the description points to the table. Returns the
    SVG (None when no area has an outline) and the areas without an outline."""
    mit_umriss = [(g, _ringe(g.get("umriss"))) for g in gebiete]
    ergebnis = {
        "ohne_umriss": [g["name"] for g, ringe in mit_umriss if not ringe],
        "svg": None,
    }
    mit_umriss = [(g, ringe) for g, ringe in mit_umriss if ringe]
    if not mit_umriss:
        return ergebnis
    projektion = Projektion.fuer([ringe for _g, ringe in mit_umriss])
    teile = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" class="portal-karte" '
        f'viewBox="0 0 {BREITE:.0f} {projektion.hoehe:.0f}" width="100%" '
        f'aria-labelledby="{praefix}-titel" aria-describedby="{praefix}-beschreibung">',
        f'<title id="{praefix}-titel">{escape(titel)}</title>',
        f'<desc id="{praefix}-beschreibung">{escape(beschreibung)}</desc>',
        "<defs>",
        *[_muster(praefix, klasse) for klasse in MUSTER],
        "</defs>",
    ]
    for gebiet, ringe in mit_umriss:
        klasse = gebiet.get("klasse") if gebiet.get("klasse") in MUSTER else None
        teile.append(
            f'<path d="{projektion.pfad(ringe)}" fill="url(#{muster_id(praefix, klasse)})" '
            f'fill-rule="evenodd" stroke="#3d3d3d" stroke-width="1.2"/>'
        )
    for gebiet, ringe in mit_umriss:
        x, y = projektion.mitte(ringe)
        teile.append(_beschriftung(x, y - 10, gebiet["name"], groesse=15, fett=True))
        if gebiet.get("text"):
            teile.append(_beschriftung(x, y + 10, gebiet["text"], groesse=14))
    teile.append("</svg>")
    ergebnis["svg"] = "".join(teile)
    return ergebnis
