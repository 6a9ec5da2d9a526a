"""Staff pages of places and schedules: the overview, Anlaufstellen, Sprechstunden and who
counsels in them."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from saarlouis_portal.konten.access import get_changeable_or_403, get_visible_or_404
from sprechstunden.forms.staff import AnlaufstelleForm, BeratendeForm, SprechstundeForm
from sprechstunden.models import (
    GEBIET_KETTE,
    Anlaufstelle,
    Beratende,
    Buchung,
    BuchungStatus,
    Schliesszeit,
    Sprechstunde,
    traeger_je_anlaufstelle,
)
from sprechstunden.services.errors import SprechstundenFehler
from sprechstunden.services.slots import (
    SlotPlan,
    affected_bookings,
    delete_anlaufstelle,
    delete_sprechstunde,
    generate_slots,
)
from sprechstunden.views.staff_common import _fehler, planung_required, staff_required
from sprechstunden.views.staff_planungsdaten import planungsdaten_je_jahr
from sprechstunden.views.staff_schliesszeit import _with_loeschbar

# Overview

# Rows per list of the overview (issue 15): the page costs what it shows.
PAGE_SIZE = 25


@staff_required
def verwaltung(request):
    anlaufstellen = Paginator(
        Anlaufstelle.objects.for_user(request.user)
        .annotate(anzahl_sprechstunden=Count("sprechstunden"))
        .order_by("name", "pk"),
        PAGE_SIZE,
    ).get_page(request.GET.get("orte"))
    sprechstunden = (
        Sprechstunde.objects.for_user(request.user)
        .order_by("anlaufstelle__name", "beginn", "pk")
        .select_related("anlaufstelle")
        .prefetch_related(
            Prefetch(
                "beratende_zuordnungen",
                queryset=Beratende.objects.select_related("user", "traeger").order_by(
                    "user__last_name"
                ),
            )
        )
    )
    page = Paginator(sprechstunden, PAGE_SIZE).get_page(request.GET.get("seite"))
    rueckrufe = (
        Buchung.objects.for_user(request.user)
        .filter(status=BuchungStatus.ANFRAGE, termin__beginn__gte=timezone.now())
        .select_related("termin__sprechstunde", "thema")
        .order_by("termin__beginn")[:50]
    )
    context = {
        "anlaufstellen": anlaufstellen.object_list,
        "anlaufstellen_seite": anlaufstellen,
        "page": page,
        "sprechstunden": page.object_list,
        "rueckrufe": rueckrufe,
        "heute": timezone.localdate(),
        "darf_organisieren": Sprechstunde.can_organise(request.user),
    }
    return render(request, "sprechstunden/staff/verwaltung.html", context)


# Anlaufstellen


@planung_required
def anlaufstelle_create(request):
    form = AnlaufstelleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        anlaufstelle = form.save()
        messages.success(
            request, _("Die Anlaufstelle „%(name)s“ wurde angelegt.") % {"name": anlaufstelle}
        )
        return redirect("sprechstunden:staff_anlaufstelle", pk=anlaufstelle.pk)
    return render(request, "sprechstunden/staff/anlaufstelle_form.html", {"form": form})


@staff_required
def anlaufstelle_detail(request, pk: int):
    anlaufstelle = get_visible_or_404(
        Anlaufstelle.objects.select_related(GEBIET_KETTE), request.user, pk=pk
    )
    traeger = traeger_je_anlaufstelle([anlaufstelle.pk], timezone.localdate().year)
    context = {
        "anlaufstelle": anlaufstelle,
        "darf_aendern": anlaufstelle.can_change(request.user),
        "traeger": traeger.get(anlaufstelle.pk, []),
        "planungsdaten": planungsdaten_je_jahr(anlaufstelle),
        "sprechstunden": anlaufstelle.sprechstunden.all(),
        "schliesszeiten": _with_loeschbar(
            anlaufstelle.schliesszeiten.filter(ende__gt=timezone.now()), request.user
        ),
    }
    return render(request, "sprechstunden/staff/anlaufstelle_detail.html", context)


@staff_required
def anlaufstelle_update(request, pk: int):
    anlaufstelle = get_changeable_or_403(Anlaufstelle.objects, request.user, pk=pk)
    form = AnlaufstelleForm(request.POST or None, instance=anlaufstelle)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(
            request, _("Die Anlaufstelle „%(name)s“ wurde gespeichert.") % {"name": anlaufstelle}
        )
        return redirect("sprechstunden:staff_anlaufstelle", pk=anlaufstelle.pk)
    context = {"form": form, "anlaufstelle": anlaufstelle}
    return render(request, "sprechstunden/staff/anlaufstelle_form.html", context)


@staff_required
def anlaufstelle_delete(request, pk: int):
    anlaufstelle = get_changeable_or_403(Anlaufstelle.objects, request.user, pk=pk)
    if request.method == "POST":
        try:
            delete_anlaufstelle(anlaufstelle)
        except SprechstundenFehler as error:
            _fehler(request, error)
            return redirect("sprechstunden:staff_anlaufstelle", pk=anlaufstelle.pk)
        messages.success(
            request, _("Die Anlaufstelle „%(name)s“ wurde gelöscht.") % {"name": anlaufstelle}
        )
        return redirect("sprechstunden:verwaltung")
    context = {
        "titel": _("Anlaufstelle „%(name)s“ löschen?") % {"name": anlaufstelle},
        "text": _("Die Anlaufstelle und ihre Schließzeiten werden gelöscht."),
        "knopf": _("Anlaufstelle löschen"),
        "zurueck_url": ("sprechstunden:staff_anlaufstelle", anlaufstelle.pk),
    }
    return render(request, "portal/bestaetigen.html", context)


# Sprechstunden


def _report_plan(request, plan: SlotPlan) -> None:
    messages.success(
        request,
        _("Termine erzeugt: %(neu)d neu, %(entfernt)d ungebuchte entfernt.")
        % {"neu": plan.created, "entfernt": plan.removed},
    )
    if plan.betroffen:
        messages.warning(
            request,
            ngettext(
                "%(n)d gebuchter Termin passt nicht mehr zum Plan. Er bleibt bestehen; bitte "
                "kümmern Sie sich um die Buchungen (siehe unten).",
                "%(n)d gebuchte Termine passen nicht mehr zum Plan. Sie bleiben bestehen; bitte "
                "kümmern Sie sich um die Buchungen (siehe unten).",
                len(plan.betroffen),
            )
            % {"n": len(plan.betroffen)},
        )


@planung_required
def sprechstunde_create(request):
    initial = {}
    anlaufstelle_pk = request.GET.get("anlaufstelle", "")
    if anlaufstelle_pk.isdigit():
        initial["anlaufstelle"] = Anlaufstelle.objects.filter(pk=anlaufstelle_pk).first()
    form = SprechstundeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        sprechstunde = form.save()
        messages.success(
            request,
            _("Die Sprechstunde „%(titel)s“ wurde angelegt.") % {"titel": sprechstunde.titel},
        )
        _report_plan(request, generate_slots(sprechstunde))
        return redirect("sprechstunden:staff_sprechstunde", pk=sprechstunde.pk)
    return render(request, "sprechstunden/staff/sprechstunde_form.html", {"form": form})


@staff_required
def sprechstunde_detail(request, pk: int):
    sprechstunde = get_visible_or_404(
        Sprechstunde.objects.select_related("anlaufstelle").prefetch_related("themen", "sprachen"),
        request.user,
        pk=pk,
    )
    now = timezone.now()
    sieht_personen = sprechstunde.can_see_clients(request.user)
    darf_organisieren = Sprechstunde.can_organise(request.user)
    context = {
        "sprechstunde": sprechstunde,
        "darf_aendern": sprechstunde.can_change(request.user),
        "darf_organisieren": darf_organisieren,
        "sieht_personen": sieht_personen,
        "beratende": sprechstunde.beratende_zuordnungen.select_related("user", "traeger"),
        "beratende_form": BeratendeForm(sprechstunde=sprechstunde) if darf_organisieren else None,
        "schliesszeiten": _with_loeschbar(
            Schliesszeit.objects.filter(
                Q(sprechstunde=sprechstunde) | Q(anlaufstelle=sprechstunde.anlaufstelle_id),
                ende__gt=now,
            ).select_related("anlaufstelle", "sprechstunde"),
            request.user,
        ),
        # Names and contacts of the affected bookings only for whoever serves these clients.
        "betroffen": affected_bookings(sprechstunde, now) if sieht_personen else [],
        # Anonymous: how many wait (names only on the list, for whoever serves these clients).
        "warteliste_anzahl": sprechstunde.warteliste.aktiv().count(),
        "naechste_termine": sprechstunde.termine.filter(beginn__gte=now)
        .with_belegt()
        .order_by("beginn")[:10],
    }
    return render(request, "sprechstunden/staff/sprechstunde_detail.html", context)


@staff_required
def sprechstunde_update(request, pk: int):
    sprechstunde = get_changeable_or_403(Sprechstunde.objects, request.user, pk=pk)
    form = SprechstundeForm(request.POST or None, instance=sprechstunde)
    if request.method == "POST" and form.is_valid():
        sprechstunde = form.save()
        messages.success(
            request,
            _("Die Sprechstunde „%(titel)s“ wurde gespeichert.") % {"titel": sprechstunde.titel},
        )
        _report_plan(request, generate_slots(sprechstunde))
        return redirect("sprechstunden:staff_sprechstunde", pk=sprechstunde.pk)
    context = {"form": form, "sprechstunde": sprechstunde}
    return render(request, "sprechstunden/staff/sprechstunde_form.html", context)


@planung_required
def sprechstunde_delete(request, pk: int):
    sprechstunde = get_visible_or_404(Sprechstunde.objects, request.user, pk=pk)
    if request.method == "POST":
        try:
            delete_sprechstunde(sprechstunde)
        except SprechstundenFehler as error:
            _fehler(request, error)
            return redirect("sprechstunden:staff_sprechstunde", pk=sprechstunde.pk)
        messages.success(
            request,
            _("Die Sprechstunde „%(titel)s“ wurde gelöscht.") % {"titel": sprechstunde.titel},
        )
        return redirect("sprechstunden:verwaltung")
    context = {
        "titel": _("Sprechstunde „%(titel)s“ löschen?") % {"titel": sprechstunde.titel},
        "text": _(
            "Die Sprechstunde wird mit allen ungebuchten Terminen, Beratenden und Schließzeiten "
            "gelöscht. Erfasste anonyme Beratungskontakte bleiben für die Statistik erhalten."
        ),
        "knopf": _("Sprechstunde löschen"),
        "zurueck_url": ("sprechstunden:staff_sprechstunde", sprechstunde.pk),
    }
    return render(request, "portal/bestaetigen.html", context)


@planung_required
@require_POST
def beratende_add(request, pk: int):
    sprechstunde = get_visible_or_404(Sprechstunde.objects, request.user, pk=pk)
    form = BeratendeForm(request.POST, sprechstunde=sprechstunde)
    if form.is_valid():
        beratende = form.save()
        messages.success(
            request, _("%(name)s berät jetzt in dieser Sprechstunde.") % {"name": beratende.user}
        )
        return redirect("sprechstunden:staff_sprechstunde", pk=sprechstunde.pk)
    context = {"form": form, "sprechstunde": sprechstunde}
    return render(request, "sprechstunden/staff/beratende_form.html", context)


@planung_required
@require_POST
def beratende_remove(request, pk: int, beratende_pk: int):
    sprechstunde = get_visible_or_404(Sprechstunde.objects, request.user, pk=pk)
    beratende = get_object_or_404(
        sprechstunde.beratende_zuordnungen.select_related("user"), pk=beratende_pk
    )
    beratende.delete()
    messages.success(
        request, _("%(name)s wurde aus der Sprechstunde entfernt.") % {"name": beratende.user}
    )
    return redirect("sprechstunden:staff_sprechstunde", pk=sprechstunde.pk)
