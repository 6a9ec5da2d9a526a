"""The measure with its council decisions and sustainability check, as a print page and as a
tagged PDF (PDF/UA-1) for the council file.

The PDF goes through the portal's one pipeline, ``saarlouis_portal.pdf.html_zu_pdf`` (the same
as the report chapters): headings, the check's criteria and the decisions as tables with header
cells, the document title and language, fonts embedded. WeasyPrint is imported there, inside the
function, so no page but this download loads it.
"""

from django.conf import settings
from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.utils import timezone

from netzwerke.models import Massnahme, Nachhaltigkeitspruefung, PruefBewertung, Ratsbeschluss
from saarlouis_portal.pdf import html_zu_pdf

DRUCK_TEMPLATE = "netzwerke/massnahmen/pruefung_druck.html"


def druck_kontext(massnahme: Massnahme) -> dict:
    pruefung = (
        Nachhaltigkeitspruefung.objects.select_related("geprueft_von", "eingereicht_von")
        .prefetch_related("ziele", Prefetch("bewertungen", PruefBewertung.objects.order_by("pk")))
        .filter(massnahme=massnahme)
        .first()
    )
    return {
        "massnahme": massnahme,
        "pruefung": pruefung,
        "beschluesse": list(Ratsbeschluss.objects.filter(massnahme=massnahme)),
        "PORTAL_NAME": settings.PORTAL_NAME,
        "erstellt": timezone.localtime(),
    }


def druck_html(massnahme: Massnahme, request=None, *, fuer_pdf: bool = False) -> str:
    context = {**druck_kontext(massnahme), "fuer_pdf": fuer_pdf}
    if request is not None and not fuer_pdf and hasattr(request, "csp_nonce"):
        # The print page carries its own inline style; the CSP allows it by this nonce.
        context["style_nonce"] = str(request.csp_nonce)
    return render_to_string(DRUCK_TEMPLATE, context, request=request)


def pruefung_pdf(massnahme: Massnahme, request=None) -> bytes:
    return html_zu_pdf(druck_html(massnahme, request, fuer_pdf=True))
