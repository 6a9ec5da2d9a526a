"""PDF via WeasyPrint from the same block templates as the pages: cover, table of contents with
page numbers, running headers (report and chapter title), page x of y, charts as SVG (vector),
tables whose header row repeats on every page.

Tagged PDF (PDF/UA-1 with the structure tree, language, title and embedded fonts): the portal's
one pipeline, ``saarlouis_portal.pdf.html_zu_pdf``, which the measure PDF uses too.
"""

from django.template.loader import render_to_string

from berichte import blocks, formate
from saarlouis_portal.pdf import html_zu_pdf


def html(dokument) -> str:
    stand = formate.datum(dokument.stand)
    context = {
        "dokument": dokument,
        "bericht": dokument.bericht,
        "kapitel": [
            {"kapitel": k, "bausteine": [blocks.aufbereiten(d) for d in daten]}
            for k, daten in dokument.kapitel
        ],
        "stand": stand,
        "stand_text": f"{dokument.bericht.titel} · Stand {stand}".replace('"', "'"),
    }
    return render_to_string("berichte/export/dokument.html", context)


def erzeugen(dokument) -> bytes:
    return html_zu_pdf(html(dokument))
