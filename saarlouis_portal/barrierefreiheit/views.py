"""Public pages of Barrierefreiheit: the accessibility statement with its feedback form and the
thank-you page, the pages in Leichte Sprache, the page in Deutsche Gebärdensprache. No account
and no JavaScript needed."""

from django.conf import settings
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from saarlouis_portal import ratelimit, seiten_cache, telefon
from saarlouis_portal.barrierefreiheit.forms import RueckmeldungForm
from saarlouis_portal.barrierefreiheit.models import Barriere, Gebaerdenvideo, antwort_bis
from saarlouis_portal.barrierefreiheit.services import submit_rueckmeldung

RATE_SCOPE = "barrierefreiheit_rueckmeldung"
LEICHTE_SPRACHE_SEITEN = {
    "start",
    "benutzen",
    "sprechstunde",
    "sorgekreis",
    "kontakt",
    "erklaerung",
}


def _kontakt() -> dict:
    phone = settings.PORTAL_CONTACT_PHONE
    return {
        "kontakt_telefon": telefon.for_display(phone),
        "kontakt_telefon_link": telefon.e164_or_unchanged(phone).replace(" ", ""),
        "barrierefreiheit_email": settings.BARRIEREFREIHEIT_EMAIL,
    }


def _schlichtung() -> dict:
    return {
        "schlichtung_name": settings.BARRIEREFREIHEIT_SCHLICHTUNG_NAME,
        "schlichtung_url": settings.BARRIEREFREIHEIT_SCHLICHTUNG_URL,
        "schlichtung_email": settings.BARRIEREFREIHEIT_SCHLICHTUNG_EMAIL,
    }


@require_http_methods(["GET", "POST"])
def erklaerung(request):
    """The accessibility statement (template ``rechtliches/barrierefreiheit.html``, which an
    operator may replace) with the open barriers and the feedback form."""
    if request.method == "POST":
        if not ratelimit.hit(request, RATE_SCOPE):
            response = render(request, "barrierefreiheit/zu_viele.html", _kontakt(), status=429)
            return ratelimit.too_many(response, RATE_SCOPE)
        form = RueckmeldungForm(request.POST)
        if form.is_valid():
            submit_rueckmeldung(form.daten())
            return redirect("barrierefreiheit_danke")
    else:
        form = RueckmeldungForm(initial={"seite": request.GET.get("seite", "")[:500]})
    context = {
        **_kontakt(),
        "form": form,
        "barrieren": Barriere.objects.offen(),
        "erstellt_am": settings.BARRIEREFREIHEIT_ERSTELLT_AM,
        "geprueft_am": settings.BARRIEREFREIHEIT_GEPRUEFT_AM,
        **_schlichtung(),
        "aufbewahrung_tage": settings.BARRIEREFREIHEIT_AUFBEWAHRUNG_TAGE,
    }
    return render(request, "rechtliches/barrierefreiheit.html", context)


@require_GET
def danke(request):
    context = {**_kontakt(), "antwort_bis": antwort_bis(timezone.now())}
    return render(request, "barrierefreiheit/danke.html", context)


@seiten_cache.for_visitors
@require_GET
def leichte_sprache(request, seite: str):
    if seite not in LEICHTE_SPRACHE_SEITEN:
        raise Http404
    context = {
        **_kontakt(),
        "seite": seite,
        "reservierung_minuten": settings.SPRECHSTUNDEN_RESERVIERUNG_MINUTEN,
    }
    if seite == "erklaerung":
        context.update(_schlichtung(), barrieren=list(Barriere.objects.offen()))
    return render(request, f"barrierefreiheit/leichte_sprache/{seite}.html", context)


@seiten_cache.for_visitors
@require_GET
def gebaerdensprache(request):
    context = {**_kontakt(), "videos": Gebaerdenvideo.objects.public()}
    return render(request, "barrierefreiheit/gebaerdensprache.html", context)
