"""Places and offers for citizens: the directory, place and offer pages, the iCalendar feed.

Public pages show public places and offers only, whoever is logged in: staff see the internal
fields on their own pages (``begegnung.views.verwaltung``), never here.
"""

from django.core.paginator import Paginator
from django.db.models import Case, IntegerField, Prefetch, Value, When
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render

from begegnung import kalender, services
from begegnung.filters import OrtFilter
from begegnung.models import (
    Angebot,
    Ausnahme,
    Ort,
    PartnerRolle,
    Partnerschaft,
    StufeErreicht,
)
from saarlouis_portal import seiten_cache

PAGE_SIZE = 20


def _oeffentliche_angebote():
    return (
        Angebot.objects.public().prefetch_related("themen", "sprachen", "termine").order_by("titel")
    )


def _rollen_reihenfolge():
    """Carriers first, then co-carriers, then partners (the stored values sort otherwise)."""
    return Case(
        *[When(rolle=r, then=Value(i)) for i, r in enumerate(PartnerRolle.values)],
        output_field=IntegerField(),
    )


def _mit_oeffnung(queryset):
    """Prefetch what "open now" and today's hours read: regular hours and today's exceptions."""
    heute = services.local_now().date()
    return queryset.prefetch_related(
        "oeffnungszeiten",
        Prefetch("ausnahmen", queryset=Ausnahme.objects.filter(datum__gte=heute)),
    )


@seiten_cache.for_visitors
def index(request):
    queryset = _mit_oeffnung(
        Ort.objects.public()
        .select_related("gebiet", "gebiet__eltern")
        .prefetch_related(
            "sprachen",
            # The list shows offer titles only.
            Prefetch(
                "angebote",
                queryset=Angebot.objects.public().only("pk", "titel", "ort_id").order_by("titel"),
            ),
        )
    )
    filterset = OrtFilter(request.GET or None, queryset=queryset, request=request)
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("seite"))
    jetzt = services.local_now()
    for ort in page.object_list:
        ort.jetzt_offen = services.is_open(ort, jetzt)
        ort.heute, ort.heute_ausnahmen = services.zeiten_on(ort, jetzt.date())
    context = {"filter": filterset, "page": page, "jetzt": jetzt}
    return render(request, "begegnung/index.html", context)


@seiten_cache.for_visitors
def ort(request, pk: int):
    ort = get_object_or_404(
        _mit_oeffnung(
            Ort.objects.public()
            .select_related("gebiet", "gebiet__eltern")
            .prefetch_related(
                "sprachen",
                Prefetch(
                    "partnerschaften",
                    queryset=Partnerschaft.objects.select_related("organisation").order_by(
                        _rollen_reihenfolge(), "organisation__name"
                    ),
                ),
                Prefetch("stufen", queryset=StufeErreicht.objects.order_by("erreicht_am")),
            )
        ),
        pk=pk,
    )
    jetzt = services.local_now()
    angebote = list(_oeffentliche_angebote().filter(ort=ort))
    for angebot in angebote:
        angebot.naechste = services.next_termine(angebot, jetzt, 3)
        angebot.zeitplan = services.describe_zeitplan(angebot)
    heute, heute_ausnahmen = services.zeiten_on(ort, jetzt.date())
    context = {
        "ort": ort,
        "angebote": angebote,
        "jetzt": jetzt,
        "jetzt_offen": services.is_open(ort, jetzt),
        "heute": heute,
        "heute_ausnahmen": heute_ausnahmen,
        "kommende_ausnahmen": [a for a in ort.ausnahmen.all() if a.datum > jetzt.date()][:10],
        "wochenplan": services.build_wochenplan(ort),
        "netzwerke": ort.netzwerke.public().order_by("name"),
    }
    return render(request, "begegnung/ort.html", context)


@seiten_cache.for_visitors
def angebot(request, pk: int):
    angebot = get_object_or_404(
        _oeffentliche_angebote().select_related("ort", "ort__gebiet"), pk=pk
    )
    jetzt = services.local_now()
    context = {
        "angebot": angebot,
        "ort": angebot.ort,
        "naechste": services.next_termine(angebot, jetzt, 6),
        "zeitplan": services.describe_zeitplan(angebot),
    }
    return render(request, "begegnung/angebot.html", context)


def ort_feed(request, pk: int):
    ort = get_object_or_404(Ort.objects.public(), pk=pk)
    angebote = _oeffentliche_angebote().filter(ort=ort)
    response = HttpResponse(
        kalender.ics_for_ort(ort, angebote), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'inline; filename="angebote-ort-{ort.pk}.ics"'
    return response
