"""The citizens' side of the Sorgekreise: the circles, a page per circle, asking for help and
offering help. No account and no JavaScript needed; both forms PRG to a thank-you page.

Public pages show public circles at public places only, whoever is logged in; requests and
helpers never appear here.
"""

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Case, F, Prefetch, When
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from saarlouis_portal import ratelimit, seiten_cache
from saarlouis_portal.stammdaten.models import GebietArt
from sorgekreise.forms.public import HelfendeForm, HilfeanfrageForm, oeffentliche_kreise
from sorgekreise.models import Teilnahme
from sorgekreise.services_public import offer_help, submit_request


def _stadtteil(ort) -> str:
    """The Stadtteil a place lies in (its area, or the area above a Sozialraum)."""
    gebiet = ort.gebiet
    if gebiet.art == GebietArt.SOZIALRAUM and gebiet.eltern_id:
        return gebiet.eltern.name
    return gebiet.name


# Circles per page of the list (issue 15): the page costs what it shows, however many there are.
PAGE_SIZE = 24


def _too_many(request, scope: str):
    response = render(request, "sorgekreise/public/zu_viele.html", status=429)
    return ratelimit.too_many(response, scope)


def _kreis_from_query(request):
    """``?kreis=<pk>`` preselects a public circle; anything else is ignored."""
    value = request.GET.get("kreis", "")
    if not value.isdigit():
        return None
    return oeffentliche_kreise().filter(pk=int(value)).first()


@seiten_cache.for_visitors
@require_GET
def index(request):
    # Sorted by Stadtteil in the database (as ``_stadtteil`` names it), so pages can be cut.
    kreise = (
        oeffentliche_kreise()
        .select_related("ort__gebiet__eltern")
        .annotate(
            stadtteil_name=Case(
                When(
                    ort__gebiet__art=GebietArt.SOZIALRAUM,
                    ort__gebiet__eltern__isnull=False,
                    then=F("ort__gebiet__eltern__name"),
                ),
                default=F("ort__gebiet__name"),
            )
        )
        .order_by("stadtteil_name", "ort__name", "name", "pk")
    )
    page = Paginator(kreise, PAGE_SIZE).get_page(request.GET.get("seite"))
    for kreis in page.object_list:
        kreis.stadtteil = _stadtteil(kreis.ort)
    context = {"kreise": page.object_list, "page": page}
    return render(request, "sorgekreise/public/index.html", context)


@seiten_cache.for_visitors
@require_GET
def kreis(request, pk: int):
    kreis = get_object_or_404(
        oeffentliche_kreise()
        .select_related("ort__gebiet__eltern")
        .prefetch_related(
            Prefetch(
                "teilnahmen",
                queryset=Teilnahme.objects.filter(oeffentlich_nennen=True).select_related(
                    "organisation"
                ),
                to_attr="oeffentliche_teilnahmen",
            )
        ),
        pk=pk,
    )
    kreis.stadtteil = _stadtteil(kreis.ort)
    return render(request, "sorgekreise/public/kreis.html", {"kreis": kreis})


@require_http_methods(["GET", "POST"])
def hilfe_anfragen(request):
    if request.method == "POST" and not ratelimit.hit(request, "sorgekreise_anfrage"):
        return _too_many(request, "sorgekreise_anfrage")
    kreis = _kreis_from_query(request)
    form = HilfeanfrageForm(
        request.POST or None, initial={"sorgekreis": kreis.pk} if kreis else None
    )
    if request.method == "POST" and form.is_valid():
        submit_request(form.daten())
        return redirect("sorgekreise:danke")
    context = {
        "form": form,
        "kreis": kreis,
        "aufbewahrung_tage": settings.SORGEKREISE_AUFBEWAHRUNG_TAGE,
        "zweck": _(
            "Ihre Angaben sehen nur die Koordination des Sorgekreises und die Sozialplanung; "
            "jeder Aufruf wird protokolliert. Wir nutzen sie nur, um eine passende Hilfe für "
            "Sie zu finden. Eine Helferin oder ein Helfer erfährt nur, was für die Hilfe nötig "
            "ist, und das erst nach Absprache mit Ihnen."
        ),
        "loeschung": _("nachdem die Hilfe abgeschlossen ist oder Sie Ihre Anfrage zurückziehen"),
    }
    return render(request, "sorgekreise/public/hilfe_anfragen.html", context)


@require_http_methods(["GET", "POST"])
def hilfe_anbieten(request):
    if request.method == "POST" and not ratelimit.hit(request, "sorgekreise_helfende"):
        return _too_many(request, "sorgekreise_helfende")
    kreis = _kreis_from_query(request)
    form = HelfendeForm(request.POST or None, initial={"sorgekreis": kreis.pk} if kreis else None)
    if request.method == "POST" and form.is_valid():
        offer_help(form.daten())
        return redirect(reverse("sorgekreise:danke") + "?art=helfen")
    context = {
        "form": form,
        "kreis": kreis,
        "aufbewahrung_tage": settings.SORGEKREISE_AUFBEWAHRUNG_TAGE,
        "zweck": _(
            "Ihre Angaben sehen nur die Koordination der Sorgekreise und die Sozialplanung. Wir "
            "nutzen sie nur, um Sie kennenzulernen und Hilfe zu vermitteln. Hilfesuchende "
            "erfahren Ihren Namen und Kontakt erst, wenn Sie einer Vermittlung zugestimmt haben."
        ),
        "loeschung": _(
            "nachdem Sie aufgehört haben mitzuhelfen, oder sofort, wenn Sie es wünschen"
        ),
    }
    return render(request, "sorgekreise/public/hilfe_anbieten.html", context)


@require_GET
def danke(request):
    art = "helfen" if request.GET.get("art") == "helfen" else "anfragen"
    return render(request, "sorgekreise/public/danke.html", {"art": art})
