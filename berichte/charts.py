"""Time-series charts drawn with matplotlib from a block's data dict: SVG for pages and PDF
(vector), PNG for Word, and a German text alternative that says what the chart shows.

Pages show the SVG as an ``<img>`` from a data URI: matplotlib writes ``style`` attributes, which
the portal's Content Security Policy would block inline, and an image with ``alt`` is the most
robust accessible form anyway. The SVG itself also carries ``role="img"`` and a ``<title>``.
"""

from __future__ import annotations

import base64
import io
import re
from html import escape
from typing import TYPE_CHECKING

from berichte import formate

if TYPE_CHECKING:
    from matplotlib.figure import Figure

# Colour-blind safe palette (Okabe–Ito), dark enough on white for lines.
FARBEN = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#56B4E9", "#E69F00", "#000000", "#999999"]
LINIEN = ["-", "--", "-.", ":"]
MARKER = ["o", "s", "^", "D", "v", "P", "X", "*"]


def _matplotlib():
    """matplotlib (with numpy about 40 MB) loads on the first chart, not in every worker at start
    (issue 15); Agg draws without a display."""
    import matplotlib

    matplotlib.use("Agg")
    return matplotlib


def _figure(daten: dict) -> Figure:
    _matplotlib()
    from matplotlib.figure import Figure
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    figure = Figure(figsize=(7.0, 3.6), dpi=100)
    axes = figure.add_subplot()
    jahre = daten["jahre"]
    for n, reihe in enumerate(daten["reihen"]):
        punkte = [(j, w) for j, w in zip(jahre, reihe["werte"], strict=False) if w is not None]
        if not punkte:
            continue
        axes.plot(
            [p[0] for p in punkte],
            [p[1] for p in punkte],
            label=reihe["name"],
            color=FARBEN[n % len(FARBEN)],
            linestyle=LINIEN[(n // len(FARBEN)) % len(LINIEN)],
            marker=MARKER[n % len(MARKER)],
            linewidth=1.8,
            markersize=4,
        )
    einheiten = {r["einheit"] for r in daten["reihen"]}
    stellen = max((r["nachkommastellen"] for r in daten["reihen"]), default=0)
    axes.yaxis.set_major_formatter(FuncFormatter(lambda v, _pos: formate.zahl(v, min(stellen, 1))))
    axes.xaxis.set_major_locator(MaxNLocator(integer=True))
    axes.xaxis.set_major_formatter(FuncFormatter(lambda v, _pos: str(int(v))))
    if len(einheiten) == 1:
        zeichen = formate.EINHEIT_ZEICHEN.get(next(iter(einheiten)), "")
        if zeichen:
            axes.set_ylabel(zeichen)
    axes.grid(axis="y", color="#dddddd", linewidth=0.6)
    axes.spines[["top", "right"]].set_visible(False)
    if daten["reihen"]:
        axes.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False, fontsize=8)
    figure.tight_layout()
    return figure


def svg(daten: dict) -> str:
    """A clean, accessible SVG: no XML prologue, ``role="img"``, a ``<title>`` and ``<desc>``."""
    buffer = io.StringIO()
    matplotlib = _matplotlib()
    matplotlib.rcParams["svg.fonttype"] = "none"  # text stays text (searchable, smaller)
    matplotlib.rcParams["svg.hashsalt"] = "sozialbericht"  # stable ids: same data, same SVG
    _figure(daten).savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    text = buffer.getvalue()
    text = text[text.index("<svg") :]
    titel = escape(daten.get("titel") or "Zeitreihe")
    beschreibung = escape(alternativtext(daten))
    text = re.sub(
        r"<svg ",
        '<svg role="img" aria-labelledby="chart-title chart-desc" ',
        text,
        count=1,
    )
    text = re.sub(
        r"(<svg[^>]*>)",
        rf'\1<title id="chart-title">{titel}</title><desc id="chart-desc">{beschreibung}</desc>',
        text,
        count=1,
    )
    return text


def svg_data_uri(daten: dict) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg(daten).encode()).decode()


def png(daten: dict, dpi: int = 150) -> bytes:
    buffer = io.BytesIO()
    _figure(daten).savefig(buffer, format="png", dpi=dpi, metadata={"Software": None})
    return buffer.getvalue()


def alternativtext(daten: dict) -> str:
    """What the chart shows, in sentences: first and last value of each series."""
    jahre = daten["jahre"]
    if not jahre or not daten["reihen"]:
        return "Keine Daten."
    saetze = [
        f"Liniendiagramm {daten.get('titel') or ''} für die Jahre {jahre[0]} bis {jahre[-1]}, "
        f"{len(daten['reihen'])} Datenreihe(n).".replace("  ", " ")
    ]
    for reihe in daten["reihen"]:
        punkte = [(j, w) for j, w in zip(jahre, reihe["werte"], strict=False) if w is not None]
        if not punkte:
            saetze.append(f"{reihe['name']}: keine Werte.")
            continue
        erste, letzte = punkte[0], punkte[-1]

        def fmt(wert, reihe=reihe):
            return formate.mit_einheit(wert, reihe["nachkommastellen"], reihe["einheit"])

        if erste[0] == letzte[0]:
            saetze.append(f"{reihe['name']}: {fmt(erste[1])} ({erste[0]}).")
        else:
            saetze.append(
                f"{reihe['name']}: von {fmt(erste[1])} ({erste[0]}) "
                f"auf {fmt(letzte[1])} ({letzte[0]})."
            )
    saetze.append("Die Werte stehen in der Tabelle zum Diagramm.")
    return " ".join(saetze)
