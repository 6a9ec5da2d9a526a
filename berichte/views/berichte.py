"""Reports, chapters and blocks: the public report pages and downloads, and the staff editor with
the chapter workflow.

Reading: everybody sees published reports and chapters; every staff role also sees drafts.
Writing: Sozialplanung and Berichtswesen (``REDAKTION``); a published chapter is frozen (403).
Views stay thin: access check, form, service call, message, redirect. Every change is a POST.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from berichte import blocks, services
from berichte.exports import EXPORTE, Dokument, inhalt
from berichte.forms.berichte import (
    BausteinForm,
    BerichtForm,
    EmpfehlungForm,
    KapitelForm,
    NeueAusgabeForm,
    RichtungForm,
    StatusForm,
)
from berichte.models import (
    REDAKTION,
    Baustein,
    BausteinArt,
    Bericht,
    Empfehlung,
    Kapitel,
    Workflow,
)
from berichte.snapshot import kapitel_daten
from saarlouis_portal.konten.access import (
    get_changeable_or_403,
    get_visible_or_404,
    rolle_required,
)

staff_required = rolle_required()


def _darf_bearbeiten(user) -> bool:
    return user.is_authenticated and user.has_rolle(*REDAKTION)


def _anzeige(kapitel) -> list[dict]:
    return [blocks.aufbereiten(d) for d in kapitel_daten(kapitel)]


def _kapitel_liste(bericht, user):
    return list(
        Kapitel.objects.for_user(user)
        .filter(bericht=bericht)
        .select_related("bericht__gebiet")
        .order_by("reihenfolge", "pk")
    )


# Public pages


def index(request):
    berichte = (
        Bericht.objects.public()
        .select_related("gebiet")
        .annotate(
            anzahl_kapitel=Count("kapitel", filter=Q(kapitel__status=Workflow.VEROEFFENTLICHT))
        )
    )
    return render(request, "berichte/public/index.html", {"berichte": berichte})


def bericht(request, pk: int):
    bericht = get_visible_or_404(Bericht.objects.select_related("gebiet"), request.user, pk=pk)
    context = {
        "bericht": bericht,
        "kapitel_liste": _kapitel_liste(bericht, request.user),
        "formate": EXPORTE,
    }
    return render(request, "berichte/public/bericht.html", context)


def _sichtbares_kapitel(request, pk: int) -> Kapitel:
    kapitel = get_visible_or_404(
        Kapitel.objects.select_related("bericht__gebiet", "veroeffentlicht_von"),
        request.user,
        pk=pk,
    )
    if not Bericht.objects.for_user(request.user).filter(pk=kapitel.bericht_id).exists():
        raise Http404
    return kapitel


def kapitel(request, pk: int):
    kapitel = _sichtbares_kapitel(request, pk)
    kapitel_liste = _kapitel_liste(kapitel.bericht, request.user)
    position = [k.pk for k in kapitel_liste].index(kapitel.pk)
    context = {
        "kapitel": kapitel,
        "bericht": kapitel.bericht,
        "bausteine": _anzeige(kapitel),
        "formate": EXPORTE,
        "vorher": kapitel_liste[position - 1] if position > 0 else None,
        "nachher": kapitel_liste[position + 1] if position + 1 < len(kapitel_liste) else None,
    }
    return render(request, "berichte/public/kapitel.html", context)


def _download(dokument: Dokument, fmt: str) -> HttpResponse:
    if fmt not in EXPORTE:
        raise Http404
    export = EXPORTE[fmt]
    response = HttpResponse(inhalt(dokument, fmt), content_type=export.content_type)
    response["Content-Disposition"] = f'attachment; filename="{dokument.dateiname()}.{fmt}"'
    if dokument.enthaelt_entwurf:
        response["Cache-Control"] = "private, no-store"
    return response


def bericht_download(request, pk: int, fmt: str):
    bericht = get_visible_or_404(Bericht.objects.select_related("gebiet"), request.user, pk=pk)
    kapitel_liste = _kapitel_liste(bericht, request.user)
    dokument = Dokument(bericht, [(k, kapitel_daten(k)) for k in kapitel_liste], einzeln=False)
    return _download(dokument, fmt)


def kapitel_download(request, pk: int, fmt: str):
    kapitel = _sichtbares_kapitel(request, pk)
    dokument = Dokument(kapitel.bericht, [(kapitel, kapitel_daten(kapitel))], einzeln=True)
    return _download(dokument, fmt)


# Staff: reports


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
    neu = services.neue_ausgabe(bericht, request.user, form.cleaned_data["jahr"])
    messages.success(
        request,
        _("Die neue Ausgabe „%(titel)s“ wurde als Entwurf angelegt.") % {"titel": neu.titel},
    )
    return redirect("berichte:bericht_detail", pk=neu.pk)


# Staff: chapters


@staff_required
def kapitel_create(request, pk: int):
    bericht = get_changeable_or_403(Bericht.objects, request.user, pk=pk)
    form = KapitelForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        kapitel = services.kapitel_anlegen(bericht, form.save(commit=False))
        messages.success(request, _("Das Kapitel „%(titel)s“ wurde angelegt.") % {"titel": kapitel})
        return redirect("berichte:kapitel_detail", pk=kapitel.pk)
    context = {"form": form, "bericht": bericht}
    return render(request, "berichte/staff/kapitel_form.html", context)


@staff_required
def kapitel_detail(request, pk: int):
    kapitel = get_visible_or_404(
        Kapitel.objects.select_related("bericht__gebiet", "veroeffentlicht_von"),
        request.user,
        pk=pk,
    )
    darf = kapitel.can_change(request.user)
    context = {
        "kapitel": kapitel,
        "bericht": kapitel.bericht,
        "bausteine_liste": kapitel.bausteine.all(),
        "bausteine": _anzeige(kapitel),
        "darf_bearbeiten": darf,
        "darf_status": _darf_bearbeiten(request.user),
        "wechsel_moeglich": [
            (w, Workflow(w).label) for w in services.ERLAUBTE_WECHSEL[Workflow(kapitel.status)]
        ],
        "statuswechsel": kapitel.statuswechsel.select_related("wer"),
        "arten": BausteinArt.choices,
        "formate": EXPORTE,
    }
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
        services.kapitel_entfernen(kapitel, request.user)
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
        kapitel = services.status_wechseln(
            kapitel, form.cleaned_data["nach"], request.user, form.cleaned_data["bemerkung"]
        )
    except services.BerichtFehler as fehler:
        fehler.show(request)
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
        services.verschieben(kapitel, kapitel.bericht.kapitel.all(), form.cleaned_data["richtung"])
    return redirect("berichte:bericht_detail", pk=kapitel.bericht_id)


# Staff: blocks


def _changeable_baustein(request, pk: int) -> Baustein:
    baustein = get_object_or_404(
        Baustein.objects.select_related("kapitel__bericht__gebiet").filter(
            kapitel__in=Kapitel.objects.for_user(request.user)
        ),
        pk=pk,
    )
    if not baustein.kapitel.can_change(request.user):
        raise PermissionDenied
    return baustein


@staff_required
def baustein_create(request, pk: int):
    kapitel = get_changeable_or_403(
        Kapitel.objects.select_related("bericht__gebiet"), request.user, pk=pk
    )
    art = request.GET.get("art") or request.POST.get("art")
    if art not in BausteinArt.values:
        messages.error(request, _("Bitte wählen Sie, welche Art von Baustein Sie hinzufügen."))
        return redirect("berichte:kapitel_detail", pk=kapitel.pk)
    form = BausteinForm(
        request.POST if request.method == "POST" else None, art=art, bericht=kapitel.bericht
    )
    if request.method == "POST" and form.is_valid():
        form.instance.art = art
        services.baustein_anlegen(kapitel, form)
        messages.success(request, _("Der Baustein wurde hinzugefügt."))
        return redirect("berichte:kapitel_detail", pk=kapitel.pk)
    context = {
        "form": form,
        "kapitel": kapitel,
        "bericht": kapitel.bericht,
        "art": art,
        "art_label": BausteinArt(art).label,
    }
    return render(request, "berichte/staff/baustein_form.html", context)


@staff_required
def baustein_update(request, pk: int):
    baustein = _changeable_baustein(request, pk)
    kapitel = baustein.kapitel
    form = BausteinForm(
        request.POST or None, instance=baustein, art=baustein.art, bericht=kapitel.bericht
    )
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Der Baustein wurde gespeichert."))
        return redirect("berichte:kapitel_detail", pk=kapitel.pk)
    context = {
        "form": form,
        "baustein": baustein,
        "kapitel": kapitel,
        "bericht": kapitel.bericht,
        "art": baustein.art,
        "art_label": baustein.get_art_display(),
        "empfehlungen": baustein.empfehlungen.all(),
    }
    return render(request, "berichte/staff/baustein_form.html", context)


@staff_required
def baustein_delete(request, pk: int):
    baustein = _changeable_baustein(request, pk)
    kapitel = baustein.kapitel
    if request.method == "POST":
        baustein.delete()
        messages.success(request, _("Der Baustein wurde entfernt."))
        return redirect("berichte:kapitel_detail", pk=kapitel.pk)
    context = {"baustein": baustein, "kapitel": kapitel, "bericht": kapitel.bericht}
    return render(request, "berichte/staff/baustein_delete.html", context)


@require_POST
@staff_required
def baustein_verschieben(request, pk: int):
    baustein = _changeable_baustein(request, pk)
    form = RichtungForm(request.POST)
    if form.is_valid():
        services.verschieben(
            baustein, baustein.kapitel.bausteine.all(), form.cleaned_data["richtung"]
        )
    return redirect(f"{_kapitel_url(baustein.kapitel_id)}#baustein-{baustein.pk}")


def _kapitel_url(pk: int) -> str:
    return reverse("berichte:kapitel_detail", args=[pk])


# Staff: recommendations (inside a recommendations block)


def _changeable_empfehlung(request, pk: int) -> Empfehlung:
    empfehlung = get_object_or_404(
        Empfehlung.objects.select_related("baustein__kapitel__bericht").filter(
            baustein__kapitel__in=Kapitel.objects.for_user(request.user)
        ),
        pk=pk,
    )
    if not empfehlung.baustein.kapitel.can_change(request.user):
        raise PermissionDenied
    return empfehlung


@staff_required
def empfehlung_create(request, pk: int):
    baustein = _changeable_baustein(request, pk)
    if baustein.art != BausteinArt.EMPFEHLUNGEN:
        raise Http404
    form = EmpfehlungForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        services.empfehlung_anlegen(baustein, form.save(commit=False))
        messages.success(request, _("Die Empfehlung wurde hinzugefügt."))
        return redirect("berichte:baustein_update", pk=baustein.pk)
    context = {"form": form, "baustein": baustein, "kapitel": baustein.kapitel}
    return render(request, "berichte/staff/empfehlung_form.html", context)


@staff_required
def empfehlung_update(request, pk: int):
    empfehlung = _changeable_empfehlung(request, pk)
    form = EmpfehlungForm(request.POST if request.method == "POST" else None, instance=empfehlung)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Die Empfehlung wurde gespeichert."))
        return redirect("berichte:baustein_update", pk=empfehlung.baustein_id)
    context = {
        "form": form,
        "empfehlung": empfehlung,
        "baustein": empfehlung.baustein,
        "kapitel": empfehlung.baustein.kapitel,
    }
    return render(request, "berichte/staff/empfehlung_form.html", context)


@require_POST
@staff_required
def empfehlung_delete(request, pk: int):
    empfehlung = _changeable_empfehlung(request, pk)
    baustein_id = empfehlung.baustein_id
    empfehlung.delete()
    messages.success(request, _("Die Empfehlung wurde entfernt."))
    return redirect("berichte:baustein_update", pk=baustein_id)


@require_POST
@staff_required
def empfehlung_verschieben(request, pk: int):
    empfehlung = _changeable_empfehlung(request, pk)
    form = RichtungForm(request.POST)
    if form.is_valid():
        services.verschieben(
            empfehlung, empfehlung.baustein.empfehlungen.all(), form.cleaned_data["richtung"]
        )
    return redirect("berichte:baustein_update", pk=empfehlung.baustein_id)


V = "verwaltung/berichte/"
FMT = "<str:fmt>"

urlpatterns = [
    path("", index, name="index"),
    path("<int:pk>/", bericht, name="bericht"),
    path(f"<int:pk>/download.{FMT}", bericht_download, name="bericht_download"),
    path("kapitel/<int:pk>/", kapitel, name="kapitel"),
    path(f"kapitel/<int:pk>/download.{FMT}", kapitel_download, name="kapitel_download"),
    path(V, verwaltung, name="verwaltung"),
    path(f"{V}neu/", bericht_create, name="bericht_create"),
    path(f"{V}<int:pk>/", bericht_detail, name="bericht_detail"),
    path(f"{V}<int:pk>/bearbeiten/", bericht_update, name="bericht_update"),
    path(f"{V}<int:pk>/neue-ausgabe/", bericht_neue_ausgabe, name="bericht_neue_ausgabe"),
    path(f"{V}<int:pk>/kapitel/neu/", kapitel_create, name="kapitel_create"),
    path(f"{V}kapitel/<int:pk>/", kapitel_detail, name="kapitel_detail"),
    path(f"{V}kapitel/<int:pk>/bearbeiten/", kapitel_update, name="kapitel_update"),
    path(f"{V}kapitel/<int:pk>/entfernen/", kapitel_delete, name="kapitel_delete"),
    path(f"{V}kapitel/<int:pk>/status/", kapitel_status, name="kapitel_status"),
    path(f"{V}kapitel/<int:pk>/verschieben/", kapitel_verschieben, name="kapitel_verschieben"),
    path(f"{V}kapitel/<int:pk>/bausteine/neu/", baustein_create, name="baustein_create"),
    path(f"{V}bausteine/<int:pk>/bearbeiten/", baustein_update, name="baustein_update"),
    path(f"{V}bausteine/<int:pk>/entfernen/", baustein_delete, name="baustein_delete"),
    path(f"{V}bausteine/<int:pk>/verschieben/", baustein_verschieben, name="baustein_verschieben"),
    path(f"{V}bausteine/<int:pk>/empfehlungen/neu/", empfehlung_create, name="empfehlung_create"),
    path(f"{V}empfehlungen/<int:pk>/bearbeiten/", empfehlung_update, name="empfehlung_update"),
    path(f"{V}empfehlungen/<int:pk>/entfernen/", empfehlung_delete, name="empfehlung_delete"),
    path(
        f"{V}empfehlungen/<int:pk>/verschieben/",
        empfehlung_verschieben,
        name="empfehlung_verschieben",
    ),
]
