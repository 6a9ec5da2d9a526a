"""HTML to a tagged PDF (WeasyPrint), for every download the portal makes: report chapters
(``berichte/exports/pdf.py``) and the measure with its sustainability check (``netzwerke/pdf.py``).

Tagged PDF: WeasyPrint's ``pdf/ua-1`` variant writes the structure tree (headings, tables with
their header cells, lists, figures with their alternative text), the document language (from
``<html lang>``) and title (from ``<title>``, shown as the window title), and embeds the fonts
(subsets of the installed Liberation/DejaVu fonts). If a WeasyPrint version refuses the variant
we fall back to ``pdf_tags=True`` (structure tags without the PDF/UA claim) rather than fail the
download.

WeasyPrint is imported inside the function: it loads Pango and the fonts, which only a download
needs (tests/portal/test_lazy_imports.py).
"""

from django.conf import settings


def html_zu_pdf(text: str) -> bytes:
    from weasyprint import HTML

    document = HTML(string=text, base_url=str(settings.BASE_DIR))
    try:
        return document.write_pdf(pdf_variant="pdf/ua-1")
    except Exception:  # noqa: BLE001 - any refusal of the variant: still deliver a tagged PDF
        return document.write_pdf(pdf_tags=True)
