"""Staff pages of the Orte der Begegnung: places with their hours, exceptions, staff posts,
partners and offers; the stage history; the overview by stage and Sozialraum; the checklist
settings.

Every portal role may look; Sozialplanung changes everything, Ortsleitung only the places it
leads (``Ort.can_change``). Views stay thin: access check, form, service call, message. The
pages of exceptions, staff posts and partners are one mechanism (``OrtChildViews``) with their
own forms, titles and messages.
"""

from collections import defaultdict
from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from begegnung import services, services_antraege
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
    Antrag,
    Ausnahme,
    Ort,
    Partnerschaft,
    Stelle,
    Stufe,
    StufeErreicht,
    Stufenkriterium,
)
from begegnung.views.staff_common import (
    OrtChildViews,
    get_child_or_404_403,
    planung_required,
    staff_required,
)
from saarlouis_portal.konten.access import get_changeable_or_403, get_visible_or_404
from saarlouis_portal.konten.roles import Rolle
from saarlouis_portal.stammdaten.models import Gebiet, GebietArt

PAGE_SIZE = 25  # rows per page: a page costs what it shows (issue 15)
# Up to this many places the overview names each one with its open criteria.
UEBERSICHT_NAMEN = 50
# The latest requests of a place shown on its staff page.
ANTRAEGE_AUF_DER_SEITE = 10


def _darf_planen(user) -> bool:
    return user.has_rolle(Rolle.SOZIALPLANUNG)


# Places


@staff_required
def ort_list(request):
    queryset = services.with_kennzahlen(
        Ort.objects.for_user(request.user).select_related("gebiet").prefetch_related("leitung")
    )
    filterset = StaffOrtFilter(request.GET or None, queryset=queryset, request=request)
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("seite"))
    aenderbar = set(
        Ort.objects.changeable_by(request.user)
        .filter(pk__in=[o.pk for o in page.object_list])
        .values_list("pk", flat=True)
    )
    kriterien = services.active_kriterien()
    for ort in page.object_list:
        ort.darf_aendern = ort.pk in aenderbar
        punkte = services.build_checkliste(ort, kriterien)
        ort.offen_punkte = sum(1 for p in punkte if not p.erfuellt)
        ort.hat_checkliste = bool(punkte)
    context = {
        "filter": filterset,
        "page": page,
        "darf_anlegen": _darf_planen(request.user),
        "darf_vorschlagen": request.user.has_rolle(Rolle.ORTSLEITUNG),
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
        services.with_kennzahlen(
            Ort.objects.select_related("gebiet", "gebiet__eltern").prefetch_related(
                "sprachen",
                "netzwerke",
                "leitung",
                Prefetch("stufen", StufeErreicht.objects.select_related("antrag__gestellt_von")),
                "partnerschaften__organisation",
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
        angebot.zeitplan = services.describe_zeitplan(angebot)
        angebot.laeuft = services.is_running(angebot, heute)
    context = {
        "ort": ort,
        "darf_aendern": ort.can_change(request.user),
        "darf_planen": _darf_planen(request.user),
        "stellen": stellen,
        "summe_stellen": sum((s.anteil for s in stellen), Decimal(0)),
        "nach_fachbereich": nach_fachbereich,
        "nach_arbeitgeber": nach_arbeitgeber,
        "wochenplan": services.build_wochenplan(ort),
        "ausnahmen": ort.ausnahmen.filter(datum__gte=heute),
        "angebote": angebote,
        "naechste_stufe": services.next_stufe(ort.stufe),
        "checkliste": services.build_checkliste(ort),
    }
    if context["naechste_stufe"]:
        context["naechste_stufe_label"] = Stufe(context["naechste_stufe"]).label
    context.update(_antraege_context(request.user, ort, context["checkliste"]))
    return render(request, "begegnung/staff/ort_detail.html", context)


def _antraege_context(user, ort: Ort, checkliste) -> dict:
    """The place's requests with their decisions, and whether its lead may request now."""
    antraege = list(
        ort.antraege.select_related("gestellt_von", "entschieden_von")[:ANTRAEGE_AUF_DER_SEITE]
    )
    darf_beantragen = ort.is_led_by(user)
    hindernis = services_antraege.request_blocker(ort, checkliste) if darf_beantragen else None
    return {
        "antraege": antraege,
        "offener_antrag": next((a for a in antraege if a.ist_offen), None),
        "darf_beantragen": darf_beantragen,
        "hindernis": hindernis,
        # The checklist above already names what is missing.
        "hindernis_kriterien": isinstance(hindernis, services_antraege.KriterienNichtErfuellt),
        "darf_entscheiden": Antrag.may_decide(user),
    }


@staff_required
def ort_update(request, pk: int):
    ort = get_changeable_or_403(Ort.objects, request.user, pk=pk)
    darf_planen = _darf_planen(request.user)
    form = OrtForm(request.POST or None, instance=ort, darf_planen=darf_planen)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Der Ort „%(name)s“ wurde gespeichert.") % {"name": ort.name})
        return redirect("begegnung:ort_detail", pk=ort.pk)
    context = {"form": form, "ort": ort}
    if darf_planen:
        context["fehlt_je_stufe"] = _fehlt_je_stufe(ort)
    return render(request, "begegnung/staff/ort_form.html", context)


def _fehlt_je_stufe(ort: Ort) -> list[tuple[str, list]]:
    """For each stage above the place's: the criteria it does not meet (warned on the form)."""
    kriterien = services.active_kriterien()
    punkte = services.build_checkliste_bis(
        ort, STUFEN_REIHENFOLGE[-1], von=ort.stufe, kriterien=kriterien
    )
    ergebnis = []
    for stufe in services.stufen_zwischen(ort.stufe, STUFEN_REIHENFOLGE[-1]):
        offen = [p for p in punkte if p.kriterium.stufe == stufe and not p.erfuellt]
        if offen:
            ergebnis.append((Stufe(stufe).label, offen))
    return ergebnis


@planung_required
def stufen(request, pk: int):
    """Correct the dates in the stage history (a stage change itself happens on the place
    form, which records the date)."""
    ort = get_changeable_or_403(Ort.objects, request.user, pk=pk)
    formset = StufenFormSet(request.POST or None, queryset=ort.stufen.all(), prefix="stufen")
    if request.method == "POST" and formset.is_valid():
        services.save_rows(formset.save(commit=False), formset.deleted_objects)
        messages.success(request, _("Die Stufengeschichte wurde gespeichert."))
        return redirect("begegnung:ort_detail", pk=ort.pk)
    return render(request, "begegnung/staff/stufen.html", {"ort": ort, "formset": formset})


# Opening hours


@staff_required
def oeffnungszeiten(request, pk: int):
    ort = get_changeable_or_403(Ort.objects, request.user, pk=pk)
    formset = oeffnungszeiten_formset(ort, request.POST or None)
    if request.method == "POST" and formset.is_valid():
        services.save_oeffnungszeiten(ort, formset.perioden())
        messages.success(request, _("Die Öffnungszeiten wurden gespeichert."))
        return redirect("begegnung:ort_detail", pk=ort.pk)
    return render(request, "begegnung/staff/oeffnungszeiten.html", {"ort": ort, "formset": formset})


# Exceptions, staff posts and partners: rows of a place on one shared form page


ausnahme = OrtChildViews(
    Ausnahme,
    AusnahmeForm,
    titel_neu=gettext_lazy("Abweichende Öffnungszeit eintragen"),
    titel_aendern=gettext_lazy("Abweichende Öffnungszeit ändern"),
    meldungen={
        "neu": gettext_lazy("Die abweichende Öffnungszeit wurde eingetragen."),
        "gespeichert": gettext_lazy("Die abweichende Öffnungszeit wurde gespeichert."),
        "entfernt": gettext_lazy("Die abweichende Öffnungszeit wurde entfernt."),
    },
)
stelle = OrtChildViews(
    Stelle,
    StelleForm,
    titel_neu=gettext_lazy("Stelle hinzufügen"),
    titel_aendern=gettext_lazy("Stelle bearbeiten"),
    meldungen={
        "neu": gettext_lazy("Die Stelle wurde hinzugefügt."),
        "gespeichert": gettext_lazy("Die Stelle wurde gespeichert."),
        "entfernt": gettext_lazy("Die Stelle wurde entfernt."),
    },
)
# A partnership is added or removed, never changed (there is no update page).
partnerschaft = OrtChildViews(
    Partnerschaft,
    PartnerForm,
    titel_neu=gettext_lazy("Partnerinstitution hinzufügen"),
    meldungen={
        "neu": gettext_lazy("Die Partnerinstitution wurde hinzugefügt."),
        "entfernt": gettext_lazy("Die Partnerinstitution wurde entfernt."),
    },
)


# Offers


@staff_required
def angebot_create(request, pk: int):
    ort = get_changeable_or_403(Ort.objects, request.user, pk=pk)
    form = AngebotForm(request.POST or None, instance=Angebot(ort=ort))
    termine = termine_formset(None, request.POST or None)
    if request.method == "POST" and form.is_valid() and termine.is_valid():
        angebot = services.save_angebot(form.instance, form.cleaned_data, termine.termine())
        messages.success(
            request, _("Das Angebot „%(titel)s“ wurde angelegt.") % {"titel": angebot.titel}
        )
        return redirect("begegnung:ort_detail", pk=ort.pk)
    context = {"ort": ort, "form": form, "termine": termine}
    return render(request, "begegnung/staff/angebot_form.html", context)


@staff_required
def angebot_update(request, pk: int):
    angebot = get_child_or_404_403(Angebot.objects, request.user, pk)
    form = AngebotForm(request.POST or None, instance=angebot)
    termine = termine_formset(angebot, request.POST or None)
    if request.method == "POST" and form.is_valid() and termine.is_valid():
        services.save_angebot(angebot, form.cleaned_data, termine.termine())
        messages.success(
            request, _("Das Angebot „%(titel)s“ wurde gespeichert.") % {"titel": angebot.titel}
        )
        return redirect("begegnung:ort_detail", pk=angebot.ort_id)
    context = {"ort": angebot.ort, "form": form, "termine": termine, "angebot": angebot}
    return render(request, "begegnung/staff/angebot_form.html", context)


@staff_required
@require_POST
def angebot_delete(request, pk: int):
    angebot = get_child_or_404_403(Angebot.objects, request.user, pk)
    angebot.delete()
    messages.success(
        request, _("Das Angebot „%(titel)s“ wurde gelöscht.") % {"titel": angebot.titel}
    )
    return redirect("begegnung:ort_detail", pk=angebot.ort_id)


# Overview and checklist settings


@staff_required
def uebersicht(request):
    """All places by Sozialraum (rows) and stage (columns), with what each still lacks.

    Up to ``UEBERSICHT_NAMEN`` places the cells name them with their open criteria; beyond
    that a cell gives the number of places and links to the list filtered by Sozialraum and
    stage, so the page costs the same for a hundred places as for ten thousand."""
    anzahl_je_zelle = (
        Ort.objects.for_user(request.user)
        .order_by()
        .values_list("gebiet_id", "stufe")
        .annotate(anzahl=Count("pk"))
    )
    zahlen = {(gebiet_id, stufe): anzahl for gebiet_id, stufe, anzahl in anzahl_je_zelle}
    anzahl = sum(zahlen.values())
    mit_namen = anzahl <= UEBERSICHT_NAMEN
    zeilen = defaultdict(lambda: {s: [] for s in STUFEN_REIHENFOLGE})
    if mit_namen:
        orte = services.with_kennzahlen(Ort.objects.for_user(request.user))
        kriterien = services.active_kriterien()
        for ort in orte:
            punkte = services.build_checkliste(ort, kriterien)
            ort.offen_punkte = [p for p in punkte if not p.erfuellt]
            ort.hat_checkliste = bool(punkte)
            zeilen[ort.gebiet_id][ort.stufe].append(ort)
    gebiete = Gebiet.objects.filter(pk__in={g for g, _s in zahlen}).select_related("eltern")

    def sortierung(gebiet: Gebiet):
        oben = gebiet.eltern.name if gebiet.eltern and gebiet.art == GebietArt.SOZIALRAUM else ""
        return (oben or gebiet.name, gebiet.name)

    tabelle = [
        (
            gebiet,
            [(s, zahlen.get((gebiet.pk, s), 0), zeilen[gebiet.pk][s]) for s in STUFEN_REIHENFOLGE],
        )
        for gebiet in sorted(gebiete, key=sortierung)
    ]
    summen = [sum(n for (_g, st), n in zahlen.items() if st == s) for s in STUFEN_REIHENFOLGE]
    context = {
        "stufen": Stufe.choices,
        "tabelle": tabelle,
        "summen": summen,
        "anzahl": anzahl,
        "mit_namen": mit_namen,
    }
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
        services.save_rows(formset.save(commit=False), formset.deleted_objects)
        messages.success(request, _("Die Stufenkriterien wurden gespeichert."))
        return redirect("begegnung:kriterien")
    context = {"formset": formset, "kriterien": queryset, "darf_aendern": True}
    return render(request, "begegnung/staff/kriterien.html", context)
