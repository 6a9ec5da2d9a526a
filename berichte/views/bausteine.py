"""The staff editor of a chapter's blocks and of the recommendations inside a recommendations
block: add, change, remove, reorder.

Only while the chapter can be changed (``Kapitel.can_change``: REDAKTION, not published);
otherwise 403. Every change is a POST.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from berichte import services
from berichte.forms.berichte import BausteinForm, EmpfehlungForm, RichtungForm
from berichte.models import Baustein, BausteinArt, Empfehlung, Kapitel
from saarlouis_portal.konten.access import get_changeable_or_403, rolle_required

staff_required = rolle_required()


def _kapitel_url(pk: int) -> str:
    return reverse("berichte:kapitel_detail", args=[pk])


# Blocks


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
        services.create_baustein(kapitel, art, form.cleaned_data)
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
        services.move(baustein, baustein.kapitel.bausteine.all(), form.cleaned_data["richtung"])
    return redirect(f"{_kapitel_url(baustein.kapitel_id)}#baustein-{baustein.pk}")


# Recommendations (inside a recommendations block)


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
        services.create_empfehlung(baustein, form.save(commit=False))
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
        services.move(
            empfehlung, empfehlung.baustein.empfehlungen.all(), form.cleaned_data["richtung"]
        )
    return redirect("berichte:baustein_update", pk=empfehlung.baustein_id)
