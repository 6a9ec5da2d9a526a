"""PDF via WeasyPrint from the same block templates as the pages: cover, table of contents with
page numbers, running headers (report and chapter title), page x of y, charts as SVG (vector),
tables whose header row repeats on every page.

Tagged PDF: WeasyPrint's ``pdf/ua-1`` variant writes the structure tree (headings, tables,
figures with their alternative text), the document language and title; it holds up with the
embedded Liberation/DejaVu fonts. If a WeasyPrint version refuses the variant we fall back to
``pdf_tags=True`` (structure tags without the PDF/UA claim) rather than fail the download.
"""

from django.conf import settings
from django.template.loader import render_to_string

from berichte import blocks, formate


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


def html_zu_pdf(text: str) -> bytes:
    from weasyprint import HTML

    document = HTML(string=text, base_url=str(settings.BASE_DIR))
    try:
        return document.write_pdf(pdf_variant="pdf/ua-1")
    except Exception:  # noqa: BLE001 - any refusal of the variant: still deliver a tagged PDF
        return document.write_pdf(pdf_tags=True)


def erzeugen(dokument) -> bytes:
    return html_zu_pdf(html(dokument))
