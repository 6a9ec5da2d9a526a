"""Staff pages of the helpers of the Sorgekreise under /sorgekreise/verwaltung/helfende/: the
list with expiring certificates, the form with vetting and weekly times, the detail page.

Sozialplanung and Ortsleitung (Sorgekreis-Koordination) work here; other roles get 403. Helpers
are visible only to the coordinators of their circles and to Sozialplanung (``for_user``: 404
outside); the changes are ``sorgekreise.services.save_helfende``.
"""

import datetime

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from saarlouis_portal.konten.access import get_changeable_or_403, get_visible_or_404, rolle_required
from saarlouis_portal.konten.roles import Rolle
from sorgekreise import services
from sorgekreise.forms.staff import (
    ZEUGNIS_ERNEUERN,
    HelfendeFilter,
    HelfendeForm,
    verfuegbarkeit_formset,
)
from sorgekreise.models import LAUFEND, ZEUGNIS_VORLAUF_TAGE, Helfende, Hilfeanfrage

PAGE_SIZE = 25  # rows per page: a page costs what it shows (issue 15)
ZEUGNISSE_HOECHSTENS = 10  # names in the renewal reminder; beyond, a link to all of them
koordination_required = rolle_required(Rolle.SOZIALPLANUNG, Rolle.ORTSLEITUNG)


@koordination_required
def helfende_list(request):
    queryset = (
        Helfende.objects.for_user(request.user)
        .filter(anonymisiert_am__isnull=True)
        .annotate(
            anzahl_laufend=Count(
                "vermittlungen", filter=Q(vermittlungen__status__in=LAUFEND), distinct=True
            )
        )
        .prefetch_related("faehigkeiten", "sorgekreise")
        .order_by("name", "pk")
    )
    filterset = HelfendeFilter(request.GET or None, queryset=queryset, request=request)
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("seite"))
    heute = timezone.localdate()
    ablaufend = (
        Helfende.objects.for_user(request.user)
        .zeugnis_erneuern(heute)
        .order_by("fuehrungszeugnis_gueltig_bis", "pk")
    )
    erste = list(ablaufend[: ZEUGNISSE_HOECHSTENS + 1])
    context = {
        "filter": filterset,
        "page": page,
        "ablaufend": erste[:ZEUGNISSE_HOECHSTENS],
        "ablaufend_anzahl": ablaufend.count() if len(erste) > ZEUGNISSE_HOECHSTENS else len(erste),
        "zeugnis_erneuern": ZEUGNIS_ERNEUERN,
        "heute": heute,
        "darf_anlegen": request.user.has_rolle(Rolle.SOZIALPLANUNG, Rolle.ORTSLEITUNG),
    }
    return render(request, "sorgekreise/staff/helfende_list.html", context)


def _helfende_form(request, helfende: Helfende | None):
    neu = helfende is None
    form = HelfendeForm(request.POST or None, instance=helfende, user=request.user)
    formset = verfuegbarkeit_formset(helfende, request.POST or None)
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        daten = form.cleaned_data
        obj = services.save_helfende(
            form.save(commit=False),
            request.user,
            neu=neu,
            faehigkeiten=daten["faehigkeiten"],
            sprachen=daten["sprachen"],
            gebiete=daten["gebiete"],
            sorgekreise=daten["sorgekreise"],
            zeiten=formset.zeiten(),
        )
        messages.success(request, _("„%(name)s“ wurde gespeichert.") % {"name": obj.name})
        return redirect("sorgekreise:helfende_detail", pk=obj.pk)
    return render(
        request,
        "sorgekreise/staff/helfende_form.html",
        {"form": form, "formset": formset, "helfende": helfende},
    )


@koordination_required
def helfende_create(request):
    return _helfende_form(request, None)


@koordination_required
def helfende_update(request, pk: int):
    helfende = get_changeable_or_403(Helfende.objects, request.user, pk=pk)
    return _helfende_form(request, helfende)


@koordination_required
def helfende_detail(request, pk: int):
    helfende = get_visible_or_404(
        Helfende.objects.prefetch_related(
            "faehigkeiten", "sprachen", "gebiete", "sorgekreise", "verfuegbarkeiten"
        ).select_related("geprueft_von"),
        request.user,
        pk=pk,
    )
    # Only matches of requests the user may see (another circle's request stays hidden).
    vermittlungen = helfende.vermittlungen.filter(
        anfrage__in=Hilfeanfrage.objects.for_user(request.user)
    ).select_related("anfrage__art", "anfrage__gebiet")
    heute = timezone.localdate()
    context = {
        "helfende": helfende,
        "darf_aendern": helfende.can_change(request.user),
        "vermittlungen": vermittlungen,
        "zeugnis_gueltig": helfende.zeugnis_gueltig(heute),
        "zeugnis_bald": helfende.fuehrungszeugnis_gueltig_bis
        and helfende.fuehrungszeugnis_gueltig_bis
        <= heute + datetime.timedelta(days=ZEUGNIS_VORLAUF_TAGE),
    }
    return render(request, "sorgekreise/staff/helfende_detail.html", context)
