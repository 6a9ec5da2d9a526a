from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from saarlouis_portal.konten.access import (
    get_changeable_or_403,
    get_visible_or_404,
    rolle_required,
)
from saarlouis_portal.konten.roles import Rolle
from saarlouis_portal.stammdaten.filters import GebietFilter, OrganisationFilter
from saarlouis_portal.stammdaten.forms import AnsprechpersonForm, GebietForm, OrganisationForm
from saarlouis_portal.stammdaten.models import Ansprechperson, Gebiet, Organisation
from saarlouis_portal.stammdaten.services import remove_ansprechperson

PAGE_SIZE = 50
ORGANISATION_EDITORS = (Rolle.SOZIALPLANUNG, Rolle.NETZWERKKOORDINATION, Rolle.ORTSLEITUNG)


def _page(request, queryset):
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("seite"))


@rolle_required()
def gebiet_list(request):
    queryset = (
        Gebiet.objects.for_user(request.user)
        .select_related("eltern")
        .annotate(anzahl_kinder=Count("kinder"))
        .by_level()
    )
    filterset = GebietFilter(request.GET or None, queryset=queryset)
    context = {
        "filter": filterset,
        "page": _page(request, filterset.qs),
        "darf_anlegen": request.user.has_rolle(Rolle.SOZIALPLANUNG),
    }
    return render(request, "stammdaten/gebiet_list.html", context)


@rolle_required()
def gebiet_detail(request, pk: int):
    gebiet = get_visible_or_404(Gebiet.objects.select_related("eltern"), request.user, pk=pk)
    context = {
        "gebiet": gebiet,
        "vorfahren": gebiet.vorfahren(),
        "kinder": gebiet.kinder.by_level(),
        "umfasst": gebiet.umfasst.order_by("name"),
        "foerdergebiete": gebiet.foerdergebiete.order_by("name"),
        "organisationen": gebiet.organisationen.order_by("name"),
        "darf_aendern": gebiet.can_change(request.user),
    }
    return render(request, "stammdaten/gebiet_detail.html", context)


@rolle_required(Rolle.SOZIALPLANUNG)
def gebiet_create(request):
    initial = {}
    eltern_pk = request.GET.get("eltern", "").strip()
    if eltern_pk.isdigit():
        initial["eltern"] = Gebiet.objects.filter(pk=eltern_pk).first()
    form = GebietForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        gebiet = form.save()
        messages.success(
            request, _("Das Gebiet „%(name)s“ wurde angelegt.") % {"name": gebiet.name}
        )
        return redirect("stammdaten:gebiet_detail", pk=gebiet.pk)
    return render(request, "stammdaten/gebiet_form.html", {"form": form})


@rolle_required()
def gebiet_update(request, pk: int):
    gebiet = get_changeable_or_403(Gebiet.objects, request.user, pk=pk)
    form = GebietForm(request.POST or None, instance=gebiet)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(
            request, _("Das Gebiet „%(name)s“ wurde gespeichert.") % {"name": gebiet.name}
        )
        return redirect("stammdaten:gebiet_detail", pk=gebiet.pk)
    return render(request, "stammdaten/gebiet_form.html", {"form": form, "gebiet": gebiet})


@rolle_required()
def organisation_list(request):
    queryset = (
        Organisation.objects.for_user(request.user).prefetch_related("sgb_buecher").order_by("name")
    )
    filterset = OrganisationFilter(request.GET or None, queryset=queryset)
    context = {
        "filter": filterset,
        "page": _page(request, filterset.qs),
        "darf_anlegen": request.user.has_rolle(*ORGANISATION_EDITORS),
    }
    return render(request, "stammdaten/organisation_list.html", context)


@rolle_required()
def organisation_detail(request, pk: int):
    organisation = get_visible_or_404(
        Organisation.objects.prefetch_related(
            "sgb_buecher",
            Prefetch("gebiete", queryset=Gebiet.objects.order_by("name")),
            Prefetch("ansprechpersonen", queryset=Ansprechperson.objects.order_by("nachname")),
        ),
        request.user,
        pk=pk,
    )
    context = {"organisation": organisation, "darf_aendern": organisation.can_change(request.user)}
    return render(request, "stammdaten/organisation_detail.html", context)


@rolle_required(*ORGANISATION_EDITORS)
def organisation_create(request):
    form = OrganisationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        organisation = form.save()
        messages.success(
            request,
            _("Die Organisation „%(name)s“ wurde angelegt.") % {"name": organisation.name},
        )
        return redirect("stammdaten:organisation_detail", pk=organisation.pk)
    return render(request, "stammdaten/organisation_form.html", {"form": form})


@rolle_required()
def organisation_update(request, pk: int):
    organisation = get_changeable_or_403(Organisation.objects, request.user, pk=pk)
    form = OrganisationForm(request.POST or None, instance=organisation)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(
            request,
            _("Die Organisation „%(name)s“ wurde gespeichert.") % {"name": organisation.name},
        )
        return redirect("stammdaten:organisation_detail", pk=organisation.pk)
    return render(
        request, "stammdaten/organisation_form.html", {"form": form, "organisation": organisation}
    )


def _organisation_for_change(request, pk):
    return get_changeable_or_403(Organisation.objects, request.user, pk=pk)


@rolle_required()
def ansprechperson_create(request, pk: int):
    organisation = _organisation_for_change(request, pk)
    form = AnsprechpersonForm(
        request.POST or None, instance=Ansprechperson(organisation=organisation)
    )
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Die Ansprechperson wurde hinzugefügt."))
        return redirect("stammdaten:organisation_detail", pk=organisation.pk)
    context = {"form": form, "organisation": organisation}
    return render(request, "stammdaten/ansprechperson_form.html", context)


@rolle_required()
def ansprechperson_update(request, pk: int, person_pk: int):
    organisation = _organisation_for_change(request, pk)
    person = get_object_or_404(organisation.ansprechpersonen, pk=person_pk)
    form = AnsprechpersonForm(request.POST or None, instance=person)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Die Ansprechperson wurde gespeichert."))
        return redirect("stammdaten:organisation_detail", pk=organisation.pk)
    context = {"form": form, "organisation": organisation, "person": person}
    return render(request, "stammdaten/ansprechperson_form.html", context)


@rolle_required()
@require_POST
def ansprechperson_delete(request, pk: int, person_pk: int):
    organisation = _organisation_for_change(request, pk)
    person = get_object_or_404(organisation.ansprechpersonen, pk=person_pk)
    remove_ansprechperson(person)
    messages.success(request, _("Die Ansprechperson wurde entfernt."))
    return redirect("stammdaten:organisation_detail", pk=organisation.pk)
