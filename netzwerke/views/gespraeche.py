"""Bilateral talks (Erhebung) and the overview of topics per Gebiet."""

from collections import defaultdict

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import redirect, render
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from netzwerke import services
from netzwerke.filters import GespraechFilter
from netzwerke.forms.netzwerke import GespraechForm
from netzwerke.models import Gespraech, Netzwerk, NetzwerkStatus
from saarlouis_portal.konten.access import get_changeable_or_403, rolle_required
from saarlouis_portal.konten.roles import Rolle
from saarlouis_portal.stammdaten.models import Gebiet, Thema
from saarlouis_portal.werte import unsaved

ROLLEN = (Rolle.SOZIALPLANUNG, Rolle.NETZWERKKOORDINATION)
# From how many talks in one Gebiet a topic without a network there is flagged.
SCHWELLE = 3


@rolle_required(*ROLLEN)
def gespraech_list(request):
    queryset = (
        Gespraech.objects.for_user(request.user)
        .select_related("organisation", "gebiet", "netzwerk", "gefuehrt_von")
        .prefetch_related("themen")
    )
    filterset = GespraechFilter(request.GET or None, queryset=queryset)
    page = Paginator(filterset.qs, 50).get_page(request.GET.get("seite"))
    return render(
        request, "netzwerke/staff/gespraech_list.html", {"filter": filterset, "page": page}
    )


@rolle_required(*ROLLEN)
def gespraech_create(request):
    form = GespraechForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        gespraech, many = unsaved(form)
        services.save_gespraech(gespraech, many, user=request.user)
        messages.success(request, _("Das Gespräch wurde erfasst."))
        return redirect("netzwerke:gespraech_list")
    return render(request, "netzwerke/staff/gespraech_form.html", {"form": form})


@rolle_required(*ROLLEN)
def gespraech_update(request, pk: int):
    gespraech = get_changeable_or_403(Gespraech.objects, request.user, pk=pk)
    form = GespraechForm(request.POST or None, instance=gespraech, user=request.user)
    if request.method == "POST" and form.is_valid():
        gespraech, many = unsaved(form)
        services.save_gespraech(gespraech, many, user=request.user)
        messages.success(request, _("Das Gespräch wurde gespeichert."))
        return redirect("netzwerke:gespraech_list")
    return render(
        request, "netzwerke/staff/gespraech_form.html", {"form": form, "gespraech": gespraech}
    )


@rolle_required(*ROLLEN)
def gespraech_delete(request, pk: int):
    """A talk recorded by mistake, or twice: GET asks, POST deletes."""
    gespraech = get_changeable_or_403(Gespraech.objects, request.user, pk=pk)
    if request.method == "POST":
        gespraech.delete()
        messages.success(request, _("Das Gespräch wurde gelöscht."))
        return redirect("netzwerke:gespraech_list")
    beschreibung = _("Gespräch mit %(organisation)s am %(datum)s") % {
        "organisation": gespraech.organisation.name,
        "datum": date_format(gespraech.datum, "d.m.Y"),
    }
    context = {
        "titel": _("%(gespraech)s löschen?") % {"gespraech": beschreibung},
        "text": _(
            "Das Gespräch zählt danach nicht mehr in der Übersicht der Themen je Gebiet. Das "
            "lässt sich nicht rückgängig machen."
        ),
        "knopf": _("Gespräch löschen"),
        "zurueck_url": ("netzwerke:gespraech_update", gespraech.pk),
    }
    return render(request, "portal/bestaetigen.html", context)


def themen_je_gebiet(gespraeche) -> dict:
    """Counts of topics raised per Gebiet (all talks; only numbers, no notes or names).

    A cell is flagged when the topic came up at least ``SCHWELLE`` times in the Gebiet and no
    network (not ended) of exactly that Gebiet works on the topic: maybe a network is missing
    there."""
    counts = (
        Gespraech.themen.through.objects.filter(gespraech__in=gespraeche.values("pk"))
        .values("gespraech__gebiet", "thema")
        .annotate(anzahl=Count("gespraech", distinct=True))
    )
    zahlen = defaultdict(dict)
    for row in counts:
        zahlen[row["gespraech__gebiet"]][row["thema"]] = row["anzahl"]
    abgedeckt = set(
        Netzwerk.objects.exclude(status=NetzwerkStatus.BEENDET)
        .filter(gebiet__in=list(zahlen), themen__isnull=False)
        .values_list("gebiet", "themen")
    )
    themen = list(Thema.objects.all())
    zeilen, hinweise = [], []
    for gebiet in Gebiet.objects.filter(pk__in=list(zahlen)).by_level():
        zellen = []
        for thema in themen:
            anzahl = zahlen[gebiet.pk].get(thema.pk, 0)
            fehlt = anzahl >= SCHWELLE and (gebiet.pk, thema.pk) not in abgedeckt
            zellen.append({"thema": thema, "anzahl": anzahl, "fehlt": fehlt})
            if fehlt:
                hinweise.append({"gebiet": gebiet, "thema": thema, "anzahl": anzahl})
        zeilen.append(
            {"gebiet": gebiet, "zellen": zellen, "summe": sum(z["anzahl"] for z in zellen)}
        )
    return {"themen": themen, "zeilen": zeilen, "hinweise": hinweise, "schwelle": SCHWELLE}


@rolle_required(*ROLLEN)
def gespraech_uebersicht(request):
    # Counting uses all talks (aggregates only), so coordinators see the whole picture.
    filterset = GespraechFilter(request.GET or None, queryset=Gespraech.objects.all())
    context = {"filter": filterset, **themen_je_gebiet(filterset.qs)}
    return render(request, "netzwerke/staff/gespraech_uebersicht.html", context)
