"""The sustainability check as a print page and as PDF for the council file (WeasyPrint)."""

from django.conf import settings
from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.utils import timezone

from netzwerke.models import Massnahme, Nachhaltigkeitspruefung, PruefBewertung

DRUCK_TEMPLATE = "netzwerke/massnahmen/pruefung_druck.html"


def druck_kontext(massnahme: Massnahme) -> dict:
    pruefung = (
        Nachhaltigkeitspruefung.objects.select_related("geprueft_von")
        .prefetch_related("ziele", Prefetch("bewertungen", PruefBewertung.objects.order_by("pk")))
        .filter(massnahme=massnahme)
        .first()
    )
    return {
        "massnahme": massnahme,
        "pruefung": pruefung,
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
    # Imported here: WeasyPrint loads Pango and fonts, which only this download needs.
    import weasyprint

    html = druck_html(massnahme, request, fuer_pdf=True)
    # Everything the template needs is inline; base_url only keeps relative URLs harmless.
    return weasyprint.HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()
