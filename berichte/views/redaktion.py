"""The staff editor of reports and chapters, with the chapter workflow (Entwurf → In Prüfung →
Veröffentlicht) and new editions.

Every staff role reads, drafts included; Sozialplanung and Berichtswesen (``REDAKTION``) write;
a published chapter is frozen (403). Views stay thin: access check, form, service call,
message, redirect. Every change is a POST.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from berichte import projektbericht, services, services_projektbericht
from berichte.exports import EXPORTE
from berichte.forms.berichte import (
    BerichtForm,
    KapitelForm,
    NeueAusgabeForm,
    RichtungForm,
    StatusForm,
)
from berichte.forms.projektbericht import ProjektberichtForm
from berichte.models import REDAKTION, BausteinArt, Bericht, Kapitel, Workflow
from berichte.snapshot import neuere_werte
from berichte.views.public import anzeige
from saarlouis_portal import vier_augen
from saarlouis_portal.konten.access import (
    get_changeable_or_403,
    get_visible_or_404,
    rolle_required,
)

staff_required = rolle_required()
# Changed values listed on a published chapter's page; the count names them all.
NEUERE_WERTE_ANZEIGE = 20


def _darf_bearbeiten(user) -> bool:
    return user.is_authenticated and user.has_rolle(*REDAKTION)


# Reports


@staff_required
def verwaltung(request):
    berichte = Bericht.objects.select_related("gebiet").annotate(
        anzahl_kapitel=Count("kapitel"),
        anzahl_veroeffentlicht=Count("kapitel", filter=Q(kapitel__status=Workflow.VEROEFFENTLICHT)),
    )
    context = {"berichte": berichte, "darf_bearbeiten": _darf_bearbeiten(request.user)}
    return render(request, "berichte/staff/verwaltung.html", context)


@rolle_required(*REDAKTION)
def bericht_create(request):
    form = BerichtForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        bericht = form.save()
        messages.success(request, _("Der Bericht „%(titel)s“ wurde angelegt.") % {"titel": bericht})
        return redirect("berichte:bericht_detail", pk=bericht.pk)
    return render(request, "berichte/staff/bericht_form.html", {"form": form})


@rolle_required(*REDAKTION)
def projektbericht_create(request):
    """The template "Projektbericht Sozialraumorientierung": a draft report with its chapters,
    the tables of portal figures per site and the texts to write (issue 17)."""
    form = ProjektberichtForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        daten = form.cleaned_data
        try:
            bericht = services_projektbericht.create_projektbericht(
                daten["gebiet"], daten["jahr"], titel=daten["titel"]
            )
        except services.BerichtFehler as error:
            error.add_to_form(form)
        else:
            messages.success(
                request,
                _(
                    "Der Bericht „%(titel)s“ wurde als Entwurf angelegt. Schreiben Sie nun die "
                    "Texte der Kapitel; die Zahlen stehen schon darin."
                )
                % {"titel": bericht.titel},
            )
            return redirect("berichte:bericht_detail", pk=bericht.pk)
    context = {"form": form, "kapitel_vorlage": projektbericht.KAPITEL}
    return render(request, "berichte/staff/projektbericht_form.html", context)


@staff_required
def bericht_detail(request, pk: int):
    bericht = get_visible_or_404(
        Bericht.objects.select_related("gebiet", "vorgaenger"), request.user, pk=pk
    )
    context = {
        "bericht": bericht,
        "kapitel_liste": bericht.kapitel.annotate(anzahl_bausteine=Count("bausteine")),
        "darf_bearbeiten": bericht.can_change(request.user),
        "ausgabe_form": NeueAusgabeForm(initial={"jahr": bericht.jahr + 1}),
        "formate": EXPORTE,
    }
    return render(request, "berichte/staff/bericht_detail.html", context)


@staff_required
def bericht_update(request, pk: int):
    bericht = get_changeable_or_403(Bericht.objects, request.user, pk=pk)
    form = BerichtForm(request.POST if request.method == "POST" else None, instance=bericht)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Der Bericht wurde gespeichert."))
        return redirect("berichte:bericht_detail", pk=bericht.pk)
    return render(request, "berichte/staff/bericht_form.html", {"form": form, "bericht": bericht})


@require_POST
@staff_required
def bericht_neue_ausgabe(request, pk: int):
    bericht = get_changeable_or_403(Bericht.objects, request.user, pk=pk)
    form = NeueAusgabeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Bitte geben Sie ein gültiges Berichtsjahr an (1900 bis 2200)."))
        return redirect("berichte:bericht_detail", pk=bericht.pk)
    neu = services.create_ausgabe(bericht, request.user, form.cleaned_data["jahr"])
    messages.success(
        request,
        _("Die neue Ausgabe „%(titel)s“ wurde als Entwurf angelegt.") % {"titel": neu.titel},
    )
    return redirect("berichte:bericht_detail", pk=neu.pk)


# Chapters


@staff_required
def kapitel_create(request, pk: int):
    bericht = get_changeable_or_403(Bericht.objects, request.user, pk=pk)
    form = KapitelForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        kapitel = services.create_kapitel(bericht, form.save(commit=False))
        messages.success(request, _("Das Kapitel „%(titel)s“ wurde angelegt.") % {"titel": kapitel})
        return redirect("berichte:kapitel_detail", pk=kapitel.pk)
    context = {"form": form, "bericht": bericht}
    return render(request, "berichte/staff/kapitel_form.html", context)


@staff_required
def kapitel_detail(request, pk: int):
    kapitel = get_visible_or_404(
        Kapitel.objects.select_related("bericht__gebiet", "veroeffentlicht_von", "eingereicht_von"),
        request.user,
        pk=pk,
    )
    context = {
        # Four eyes: the person who gave the chapter into review is told before trying.
        "selbst_eingereicht": kapitel.status == Workflow.PRUEFUNG
        and vier_augen.gleiche_person(kapitel.eingereicht_von_id, request.user),
        "kapitel": kapitel,
        "bericht": kapitel.bericht,
        "bausteine_liste": kapitel.bausteine.all(),
        "bausteine": anzeige(kapitel),
        "darf_bearbeiten": kapitel.can_change(request.user),
        "darf_status": _darf_bearbeiten(request.user),
        "wechsel_moeglich": [
            (w, Workflow(w).label) for w in services.ERLAUBTE_WECHSEL[Workflow(kapitel.status)]
        ],
        "statuswechsel": kapitel.statuswechsel.select_related("wer"),
        "arten": BausteinArt.choices,
        "formate": EXPORTE,
    }
    # A published chapter stays frozen; its page says when newer values exist (issue 16).
    neuere = neuere_werte(kapitel)
    if neuere:
        context.update(
            neuere_werte=neuere[:NEUERE_WERTE_ANZEIGE],
            neuere_werte_anzahl=len(neuere),
            darf_neue_ausgabe=kapitel.bericht.can_change(request.user),
            neue_ausgabe=kapitel.bericht.nachfolger.order_by("-jahr", "-pk").first(),
            ausgabe_form=NeueAusgabeForm(initial={"jahr": kapitel.bericht.jahr + 1}),
        )
    return render(request, "berichte/staff/kapitel_detail.html", context)


@staff_required
def kapitel_update(request, pk: int):
    kapitel = get_changeable_or_403(Kapitel.objects.select_related("bericht"), request.user, pk=pk)
    form = KapitelForm(request.POST if request.method == "POST" else None, instance=kapitel)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Das Kapitel wurde gespeichert."))
        return redirect("berichte:kapitel_detail", pk=kapitel.pk)
    context = {"form": form, "kapitel": kapitel, "bericht": kapitel.bericht}
    return render(request, "berichte/staff/kapitel_form.html", context)


@staff_required
def kapitel_delete(request, pk: int):
    kapitel = get_changeable_or_403(Kapitel.objects.select_related("bericht"), request.user, pk=pk)
    bericht = kapitel.bericht
    if request.method == "POST":
        try:
            services.remove_kapitel(kapitel, request.user)
        except services.BerichtFehler as error:
            error.show(request)
            return redirect("berichte:kapitel_detail", pk=kapitel.pk)
        messages.success(request, _("Das Kapitel wurde entfernt."))
        return redirect("berichte:bericht_detail", pk=bericht.pk)
    context = {"kapitel": kapitel, "bericht": bericht}
    return render(request, "berichte/staff/kapitel_delete.html", context)


@require_POST
@rolle_required(*REDAKTION)
def kapitel_status(request, pk: int):
    kapitel = get_visible_or_404(Kapitel.objects, request.user, pk=pk)
    form = StatusForm(request.POST)
    if not form.is_valid():
        if "nach" in form.errors:
            messages.error(request, _("Bitte wählen Sie einen gültigen Status."))
        else:
            messages.error(
                request,
                _("Bemerkung: %(fehler)s") % {"fehler": " ".join(form.errors["bemerkung"])},
            )
        return redirect("berichte:kapitel_detail", pk=kapitel.pk)
    try:
        kapitel = services.change_status(
            kapitel, form.cleaned_data["nach"], request.user, form.cleaned_data["bemerkung"]
        )
    except services.BerichtFehler as error:
        error.show(request)
    else:
        messages.success(
            request,
            _("Das Kapitel hat jetzt den Status „%(status)s“.")
            % {"status": kapitel.get_status_display()},
        )
    return redirect("berichte:kapitel_detail", pk=kapitel.pk)


@require_POST
@staff_required
def kapitel_verschieben(request, pk: int):
    kapitel = get_visible_or_404(Kapitel.objects.select_related("bericht"), request.user, pk=pk)
    if not kapitel.bericht.can_change(request.user):
        raise PermissionDenied
    form = RichtungForm(request.POST)
    if form.is_valid():
        services.move(kapitel, kapitel.bericht.kapitel.all(), form.cleaned_data["richtung"])
    return redirect("berichte:bericht_detail", pk=kapitel.bericht_id)
