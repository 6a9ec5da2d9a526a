"""Staff pages of the Orte der Begegnung: places with their hours, exceptions, staff posts,
partners and offers; the stage history; the overview by stage and Sozialraum; the checklist
settings.

Every portal role may look; Sozialplanung changes everything, Ortsleitung only the places it
leads (``Ort.can_change``). Views stay thin: access check, form, service call, message.
"""

from collections import defaultdict
from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from begegnung import services
from begegnung.filters import StaffOrtFilter
from begegnung.forms.staff import (
    AngebotForm,
    AusnahmeForm,
    KriterienFormSet,
    OrtForm,
    PartnerForm,
    StelleForm,
    StufenFormSet,
    oeffnungszeiten_formset,
    termine_formset,
)
from begegnung.models import (
    STUFEN_REIHENFOLGE,
    Angebot,
    AngebotTermin,
    Ausnahme,
    Ort,
    Partnerschaft,
    Stelle,
    Stufe,
    Stufenkriterium,
)
from saarlouis_portal.konten.access import get_changeable_or_403, get_visible_or_404
from saarlouis_portal.konten.access import rolle_required as _rolle_required
from saarlouis_portal.konten.roles import Rolle
from saarlouis_portal.stammdaten.models import Gebiet, GebietArt

PAGE_SIZE = 50
staff_required = _rolle_required()
planung_required = _rolle_required(Rolle.SOZIALPLANUNG)


def _darf_planen(user) -> bool:
    return user.has_rolle(Rolle.SOZIALPLANUNG)


def _child_or_404_403(queryset, user, pk: int):
    """A row that belongs to a place: 404 outside the user's places, 403 if not changeable."""
    obj = get_object_or_404(
        queryset.select_related("ort").filter(ort__in=Ort.objects.for_user(user)), pk=pk
    )
    if not obj.ort.can_change(user):
        raise PermissionDenied
    return obj


# Places


@staff_required
def ort_list(request):
    queryset = services.mit_kennzahlen(
        Ort.objects.for_user(request.user).select_related("gebiet").prefetch_related("leitung")
    )
    filterset = StaffOrtFilter(request.GET or None, queryset=queryset, request=request)
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("seite"))
    aenderbar = set(
        Ort.objects.changeable_by(request.user)
        .filter(pk__in=[o.pk for o in page.object_list])
        .values_list("pk", flat=True)
    )
    kriterien = services.aktive_kriterien()
    for ort in page.object_list:
        ort.darf_aendern = ort.pk in aenderbar
        punkte = services.checkliste(ort, kriterien)
        ort.offen_punkte = sum(1 for p in punkte if not p.erfuellt)
        ort.hat_checkliste = bool(punkte)
    context = {
        "filter": filterset,
        "page": page,
        "darf_anlegen": _darf_planen(request.user),
    }
    return render(request, "begegnung/staff/ort_list.html", context)


@planung_required
def ort_create(request):
    form = OrtForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        ort = form.save()
        messages.success(request, _("Der Ort „%(name)s“ wurde angelegt.") % {"name": ort.name})
        return redirect("begegnung:ort_detail", pk=ort.pk)
    return render(request, "begegnung/staff/ort_form.html", {"form": form})


def _stellen_summen(stellen):
    nach_fachbereich, nach_arbeitgeber = defaultdict(Decimal), defaultdict(Decimal)
    for stelle in stellen:
        nach_fachbereich[stelle.get_fachbereich_display()] += stelle.anteil
        nach_arbeitgeber[stelle.arbeitgeber.name] += stelle.anteil
    return sorted(nach_fachbereich.items()), sorted(nach_arbeitgeber.items())


@staff_required
def ort_detail(request, pk: int):
    ort = get_visible_or_404(
        services.mit_kennzahlen(
            Ort.objects.select_related("gebiet", "gebiet__eltern").prefetch_related(
                "sprachen", "netzwerke", "leitung", "stufen", "partnerschaften__organisation"
            )
        ),
        request.user,
        pk=pk,
    )
    stellen = list(ort.stellen.select_related("arbeitgeber"))
    nach_fachbereich, nach_arbeitgeber = _stellen_summen(stellen)
    heute = timezone.localdate()
    angebote = list(
        ort.angebote.prefetch_related("themen", "termine").order_by("-oeffentlich", "titel")
    )
    for angebot in angebote:
        angebot.zeitplan = services.zeitplan_text(angebot)
        angebot.laeuft = services.laeuft(angebot, heute)
    context = {
        "ort": ort,
        "darf_aendern": ort.can_change(request.user),
        "darf_planen": _darf_planen(request.user),
        "stellen": stellen,
        "summe_stellen": sum((s.anteil for s in stellen), Decimal(0)),
        "nach_fachbereich": nach_fachbereich,
        "nach_arbeitgeber": nach_arbeitgeber,
        "wochenplan": services.wochenplan(ort),
        "ausnahmen": ort.ausnahmen.filter(datum__gte=heute),
        "angebote": angebote,
        "naechste_stufe": services.naechste_stufe(ort.stufe),
        "checkliste": services.checkliste(ort),
    }
    if context["naechste_stufe"]:
        context["naechste_stufe_label"] = Stufe(context["naechste_stufe"]).label
    return render(request, "begegnung/staff/ort_detail.html", context)


@staff_required
def ort_update(request, pk: int):
    ort = get_changeable_or_403(Ort.objects, request.user, pk=pk)
    form = OrtForm(request.POST or None, instance=ort, darf_planen=_darf_planen(request.user))
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Der Ort „%(name)s“ wurde gespeichert.") % {"name": ort.name})
        return redirect("begegnung:ort_detail", pk=ort.pk)
    return render(request, "begegnung/staff/ort_form.html", {"form": form, "ort": ort})


@planung_required
def stufen(request, pk: int):
    """Correct the dates in the stage history (a stage change itself happens on the place
    form, which records the date)."""
    ort = get_changeable_or_403(Ort.objects, request.user, pk=pk)
    formset = StufenFormSet(request.POST or None, queryset=ort.stufen.all(), prefix="stufen")
    if request.method == "POST" and formset.is_valid():
        formset.save()
        messages.success(request, _("Die Stufengeschichte wurde gespeichert."))
        return redirect("begegnung:ort_detail", pk=ort.pk)
    return render(request, "begegnung/staff/stufen.html", {"ort": ort, "formset": formset})


# Opening hours and exceptions


@staff_required
def oeffnungszeiten(request, pk: int):
    ort = get_changeable_or_403(Ort.objects, request.user, pk=pk)
    formset = oeffnungszeiten_formset(ort, request.POST or None)
    if request.method == "POST" and formset.is_valid():
        services.speichere_oeffnungszeiten(ort, formset.perioden())
        messages.success(request, _("Die Öffnungszeiten wurden gespeichert."))
        return redirect("begegnung:ort_detail", pk=ort.pk)
    return render(request, "begegnung/staff/oeffnungszeiten.html", {"ort": ort, "formset": formset})


@staff_required
def ausnahme_create(request, pk: int):
    ort = get_changeable_or_403(Ort.objects, request.user, pk=pk)
    form = AusnahmeForm(request.POST or None, instance=Ausnahme(ort=ort))
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Die abweichende Öffnungszeit wurde eingetragen."))
        return redirect("begegnung:ort_detail", pk=ort.pk)
    context = {"ort": ort, "form": form, "titel": _("Abweichende Öffnungszeit eintragen")}
    return render(request, "begegnung/staff/kind_form.html", context)


@staff_required
def ausnahme_update(request, pk: int):
    ausnahme = _child_or_404_403(Ausnahme.objects, request.user, pk)
    form = AusnahmeForm(request.POST or None, instance=ausnahme)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Die abweichende Öffnungszeit wurde gespeichert."))
        return redirect("begegnung:ort_detail", pk=ausnahme.ort_id)
    context = {"ort": ausnahme.ort, "form": form, "titel": _("Abweichende Öffnungszeit ändern")}
    return render(request, "begegnung/staff/kind_form.html", context)


@staff_required
@require_POST
def ausnahme_delete(request, pk: int):
    ausnahme = _child_or_404_403(Ausnahme.objects, request.user, pk)
    ausnahme.delete()
    messages.success(request, _("Die abweichende Öffnungszeit wurde entfernt."))
    return redirect("begegnung:ort_detail", pk=ausnahme.ort_id)


# Staff posts


@staff_required
def stelle_create(request, pk: int):
    ort = get_changeable_or_403(Ort.objects, request.user, pk=pk)
    form = StelleForm(request.POST or None, instance=Stelle(ort=ort))
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Die Stelle wurde hinzugefügt."))
        return redirect("begegnung:ort_detail", pk=ort.pk)
    context = {"ort": ort, "form": form, "titel": _("Stelle hinzufügen")}
    return render(request, "begegnung/staff/kind_form.html", context)


@staff_required
def stelle_update(request, pk: int):
    stelle = _child_or_404_403(Stelle.objects, request.user, pk)
    form = StelleForm(request.POST or None, instance=stelle)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Die Stelle wurde gespeichert."))
        return redirect("begegnung:ort_detail", pk=stelle.ort_id)
    context = {"ort": stelle.ort, "form": form, "titel": _("Stelle bearbeiten")}
    return render(request, "begegnung/staff/kind_form.html", context)


@staff_required
@require_POST
def stelle_delete(request, pk: int):
    stelle = _child_or_404_403(Stelle.objects, request.user, pk)
    stelle.delete()
    messages.success(request, _("Die Stelle wurde entfernt."))
    return redirect("begegnung:ort_detail", pk=stelle.ort_id)


# Partners


@staff_required
def partner_create(request, pk: int):
    ort = get_changeable_or_403(Ort.objects, request.user, pk=pk)
    form = PartnerForm(request.POST or None, instance=Partnerschaft(ort=ort))
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Die Partnerinstitution wurde hinzugefügt."))
        return redirect("begegnung:ort_detail", pk=ort.pk)
    context = {"ort": ort, "form": form, "titel": _("Partnerinstitution hinzufügen")}
    return render(request, "begegnung/staff/kind_form.html", context)


@staff_required
@require_POST
def partner_delete(request, pk: int):
    partnerschaft = _child_or_404_403(Partnerschaft.objects, request.user, pk)
    partnerschaft.delete()
    messages.success(request, _("Die Partnerinstitution wurde entfernt."))
    return redirect("begegnung:ort_detail", pk=partnerschaft.ort_id)


# Offers


def _angebot_speichern(request, form, termine, ort):
    with transaction.atomic():
        angebot = form.save(commit=False)
        angebot.ort = ort
        angebot.save()
        form.save_m2m()
        angebot.termine.all().delete()
        AngebotTermin.objects.bulk_create(
            AngebotTermin(angebot=angebot, datum=d, beginn=b, ende=e)
            for d, b, e in termine.termine()
        )
    return angebot


@staff_required
def angebot_create(request, pk: int):
    ort = get_changeable_or_403(Ort.objects, request.user, pk=pk)
    form = AngebotForm(request.POST or None, instance=Angebot(ort=ort))
    termine = termine_formset(None, request.POST or None)
    if request.method == "POST" and form.is_valid() and termine.is_valid():
        angebot = _angebot_speichern(request, form, termine, ort)
        messages.success(
            request, _("Das Angebot „%(titel)s“ wurde angelegt.") % {"titel": angebot.titel}
        )
        return redirect("begegnung:ort_detail", pk=ort.pk)
    context = {"ort": ort, "form": form, "termine": termine}
    return render(request, "begegnung/staff/angebot_form.html", context)


@staff_required
def angebot_update(request, pk: int):
    angebot = _child_or_404_403(Angebot.objects, request.user, pk)
    form = AngebotForm(request.POST or None, instance=angebot)
    termine = termine_formset(angebot, request.POST or None)
    if request.method == "POST" and form.is_valid() and termine.is_valid():
        _angebot_speichern(request, form, termine, angebot.ort)
        messages.success(
            request, _("Das Angebot „%(titel)s“ wurde gespeichert.") % {"titel": angebot.titel}
        )
        return redirect("begegnung:ort_detail", pk=angebot.ort_id)
    context = {"ort": angebot.ort, "form": form, "termine": termine, "angebot": angebot}
    return render(request, "begegnung/staff/angebot_form.html", context)


@staff_required
@require_POST
def angebot_delete(request, pk: int):
    angebot = _child_or_404_403(Angebot.objects, request.user, pk)
    angebot.delete()
    messages.success(
        request, _("Das Angebot „%(titel)s“ wurde gelöscht.") % {"titel": angebot.titel}
    )
    return redirect("begegnung:ort_detail", pk=angebot.ort_id)


# Overview and checklist settings


@staff_required
def uebersicht(request):
    """All places by Sozialraum (rows) and stage (columns), with what each still lacks."""
    orte = list(
        services.mit_kennzahlen(
            Ort.objects.for_user(request.user).select_related("gebiet", "gebiet__eltern")
        )
    )
    kriterien = services.aktive_kriterien()
    zeilen = defaultdict(lambda: {s: [] for s in STUFEN_REIHENFOLGE})
    gebiete = {}
    for ort in orte:
        punkte = services.checkliste(ort, kriterien)
        ort.offen_punkte = [p for p in punkte if not p.erfuellt]
        ort.hat_checkliste = bool(punkte)
        zeilen[ort.gebiet_id][ort.stufe].append(ort)
        gebiete[ort.gebiet_id] = ort.gebiet

    def sortierung(gebiet: Gebiet):
        oben = gebiet.eltern.name if gebiet.eltern and gebiet.art == GebietArt.SOZIALRAUM else ""
        return (oben or gebiet.name, gebiet.name)

    tabelle = [
        (gebiet, [zeilen[gebiet.pk][s] for s in STUFEN_REIHENFOLGE])
        for gebiet in sorted(gebiete.values(), key=sortierung)
    ]
    summen = [sum(len(zeilen[g][s]) for g in zeilen) for s in STUFEN_REIHENFOLGE]
    context = {"stufen": Stufe.choices, "tabelle": tabelle, "summen": summen, "anzahl": len(orte)}
    return render(request, "begegnung/staff/uebersicht.html", context)


@staff_required
def kriterien(request):
    darf_aendern = _darf_planen(request.user)
    queryset = Stufenkriterium.objects.all()
    if not darf_aendern:
        if request.method == "POST":
            raise PermissionDenied
        return render(
            request,
            "begegnung/staff/kriterien.html",
            {"kriterien": queryset, "darf_aendern": False},
        )
    formset = KriterienFormSet(request.POST or None, queryset=queryset, prefix="kriterien")
    if request.method == "POST" and formset.is_valid():
        formset.save()
        messages.success(request, _("Die Stufenkriterien wurden gespeichert."))
        return redirect("begegnung:kriterien")
    context = {"formset": formset, "kriterien": queryset, "darf_aendern": True}
    return render(request, "begegnung/staff/kriterien.html", context)


urlpatterns = [
    path("verwaltung/", ort_list, name="ort_list"),
    path("verwaltung/neu/", ort_create, name="ort_create"),
    path("verwaltung/uebersicht/", uebersicht, name="uebersicht"),
    path("verwaltung/kriterien/", kriterien, name="kriterien"),
    path("verwaltung/<int:pk>/", ort_detail, name="ort_detail"),
    path("verwaltung/<int:pk>/bearbeiten/", ort_update, name="ort_update"),
    path("verwaltung/<int:pk>/stufen/", stufen, name="stufen"),
    path("verwaltung/<int:pk>/oeffnungszeiten/", oeffnungszeiten, name="oeffnungszeiten"),
    path("verwaltung/<int:pk>/ausnahmen/neu/", ausnahme_create, name="ausnahme_create"),
    path("verwaltung/ausnahmen/<int:pk>/bearbeiten/", ausnahme_update, name="ausnahme_update"),
    path("verwaltung/ausnahmen/<int:pk>/loeschen/", ausnahme_delete, name="ausnahme_delete"),
    path("verwaltung/<int:pk>/stellen/neu/", stelle_create, name="stelle_create"),
    path("verwaltung/stellen/<int:pk>/bearbeiten/", stelle_update, name="stelle_update"),
    path("verwaltung/stellen/<int:pk>/loeschen/", stelle_delete, name="stelle_delete"),
    path("verwaltung/<int:pk>/partner/neu/", partner_create, name="partner_create"),
    path("verwaltung/partner/<int:pk>/loeschen/", partner_delete, name="partner_delete"),
    path("verwaltung/<int:pk>/angebote/neu/", angebot_create, name="angebot_create"),
    path("verwaltung/angebote/<int:pk>/bearbeiten/", angebot_update, name="angebot_update"),
    path("verwaltung/angebote/<int:pk>/loeschen/", angebot_delete, name="angebot_delete"),
]
