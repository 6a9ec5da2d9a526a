"""Staff pages of the Sorgekreise under /sorgekreise/verwaltung/: circles with participants and
meetings, requests and the matching (the helpers: ``views/helfende.py``).

Sozialplanung and Ortsleitung (Sorgekreis-Koordination) work here; other roles get 403.
Requests and helpers are visible only to the coordinators of their circle and to Sozialplanung
(``for_user``: 404 outside). Every view of and change to a request is written to the access
log (``saarlouis_portal.konten.zugriff``). The views check access and read; the changes are
``sorgekreise.services``.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from saarlouis_portal.konten.access import (
    get_changeable_or_403,
    get_visible_or_404,
    rolle_required,
)
from saarlouis_portal.konten.roles import Rolle
from saarlouis_portal.konten.zugriff import log_access
from sorgekreise import services
from sorgekreise.forms.staff import (
    AnfrageFilter,
    HilfeanfrageForm,
    SorgekreisForm,
    TeilnahmeForm,
    TreffenForm,
    VermittlungForm,
    VorschlagForm,
)
from sorgekreise.matching import hat_zeitfenster, passende_helfende
from sorgekreise.models import (
    LAUFEND,
    AnfrageStatus,
    Benachrichtigung,
    Hilfeanfrage,
    Sorgekreis,
    Teilnahme,
    Treffen,
    Vermittlung,
    VermittlungErgebnis,
    VermittlungStatus,
)

PAGE_SIZE = 25  # rows per page: a page costs what it shows (issue 15)
koordination_required = rolle_required(Rolle.SOZIALPLANUNG, Rolle.ORTSLEITUNG)


def _darf_anlegen(user) -> bool:
    return user.has_rolle(Rolle.SOZIALPLANUNG, Rolle.ORTSLEITUNG)


# --- Circles ---------------------------------------------------------------------------------


@koordination_required
def kreis_list(request):
    kreise = (
        Sorgekreis.objects.for_user(request.user)
        .select_related("ort")
        .annotate(
            anzahl_offen=Count(
                "anfragen", filter=Q(anfragen__status=AnfrageStatus.OFFEN), distinct=True
            ),
            anzahl_helfende=Count("helfende", distinct=True),
        )
        .prefetch_related("koordination")
        .order_by("name", "pk")
    )
    page = Paginator(kreise, PAGE_SIZE).get_page(request.GET.get("seite"))
    return render(
        request,
        "sorgekreise/staff/kreis_list.html",
        {"page": page, "darf_anlegen": _darf_anlegen(request.user)},
    )


@koordination_required
def kreis_create(request):
    form = SorgekreisForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        kreis = services.save_sorgekreis(
            form.save(commit=False), koordination=form.cleaned_data["koordination"]
        )
        messages.success(
            request, _("Der Sorgekreis „%(name)s“ wurde angelegt.") % {"name": kreis.name}
        )
        return redirect("sorgekreise:kreis_detail", pk=kreis.pk)
    return render(request, "sorgekreise/staff/kreis_form.html", {"form": form})


@koordination_required
def kreis_detail(request, pk: int):
    kreis = get_visible_or_404(
        Sorgekreis.objects.select_related("ort", "ort__gebiet").prefetch_related("koordination"),
        request.user,
        pk=pk,
    )
    koordiniert = kreis.wird_koordiniert_von(request.user)
    context = {
        "kreis": kreis,
        "darf_aendern": kreis.can_change(request.user),
        "koordiniert": koordiniert,
        "teilnahmen": kreis.teilnahmen.select_related("organisation"),
        "treffen": kreis.treffen.all()[:20],
    }
    if koordiniert:
        context["offene_anfragen"] = kreis.anfragen.filter(
            status=AnfrageStatus.OFFEN
        ).select_related("art", "gebiet")
        context["anzahl_helfende"] = kreis.helfende.count()
    return render(request, "sorgekreise/staff/kreis_detail.html", context)


@koordination_required
def kreis_update(request, pk: int):
    kreis = get_changeable_or_403(Sorgekreis.objects, request.user, pk=pk)
    form = SorgekreisForm(request.POST or None, instance=kreis, user=request.user)
    if request.method == "POST" and form.is_valid():
        services.save_sorgekreis(
            form.save(commit=False), koordination=form.cleaned_data["koordination"]
        )
        messages.success(
            request, _("Der Sorgekreis „%(name)s“ wurde gespeichert.") % {"name": kreis.name}
        )
        return redirect("sorgekreise:kreis_detail", pk=kreis.pk)
    return render(request, "sorgekreise/staff/kreis_form.html", {"form": form, "kreis": kreis})


def _kind_form(request, kreis, form, titel):
    return render(
        request,
        "sorgekreise/staff/kind_form.html",
        {"kreis": kreis, "form": form, "titel": titel},
    )


@koordination_required
def teilnahme_create(request, pk: int):
    kreis = get_changeable_or_403(Sorgekreis.objects, request.user, pk=pk)
    form = TeilnahmeForm(request.POST or None, instance=Teilnahme(sorgekreis=kreis))
    if request.method == "POST" and form.is_valid():
        services.save_teilnahme(form.save(commit=False))
        messages.success(request, _("Die Mitwirkung wurde eingetragen."))
        return redirect("sorgekreise:kreis_detail", pk=kreis.pk)
    return _kind_form(request, kreis, form, _("Mitwirkende eintragen"))


def _teil_des_kreises(queryset, user, pk):
    obj = get_object_or_404(
        queryset.select_related("sorgekreis").filter(
            sorgekreis__in=Sorgekreis.objects.for_user(user)
        ),
        pk=pk,
    )
    if not obj.sorgekreis.can_change(user):
        raise PermissionDenied
    return obj


@koordination_required
def teilnahme_update(request, pk: int):
    teilnahme = _teil_des_kreises(Teilnahme.objects, request.user, pk)
    form = TeilnahmeForm(request.POST or None, instance=teilnahme)
    if request.method == "POST" and form.is_valid():
        services.save_teilnahme(form.save(commit=False))
        messages.success(request, _("Die Mitwirkung wurde gespeichert."))
        return redirect("sorgekreise:kreis_detail", pk=teilnahme.sorgekreis_id)
    return _kind_form(request, teilnahme.sorgekreis, form, _("Mitwirkung ändern"))


@koordination_required
@require_POST
def teilnahme_delete(request, pk: int):
    teilnahme = _teil_des_kreises(Teilnahme.objects, request.user, pk)
    services.delete_teilnahme(teilnahme)
    messages.success(request, _("Die Mitwirkung wurde entfernt."))
    return redirect("sorgekreise:kreis_detail", pk=teilnahme.sorgekreis_id)


@koordination_required
def treffen_create(request, pk: int):
    kreis = get_changeable_or_403(Sorgekreis.objects, request.user, pk=pk)
    form = TreffenForm(
        request.POST or None, instance=Treffen(sorgekreis=kreis, erstellt_von=request.user)
    )
    if request.method == "POST" and form.is_valid():
        services.save_treffen(form.save(commit=False))
        messages.success(request, _("Das Treffen wurde eingetragen."))
        return redirect("sorgekreise:kreis_detail", pk=kreis.pk)
    return _kind_form(request, kreis, form, _("Treffen eintragen"))


@koordination_required
def treffen_update(request, pk: int):
    treffen = _teil_des_kreises(Treffen.objects, request.user, pk)
    form = TreffenForm(request.POST or None, instance=treffen)
    if request.method == "POST" and form.is_valid():
        services.save_treffen(form.save(commit=False))
        messages.success(request, _("Das Treffen wurde gespeichert."))
        return redirect("sorgekreise:kreis_detail", pk=treffen.sorgekreis_id)
    return _kind_form(request, treffen.sorgekreis, form, _("Treffen bearbeiten"))


# --- Requests --------------------------------------------------------------------------------


@koordination_required
def anfrage_list(request):
    queryset = Hilfeanfrage.objects.for_user(request.user).select_related(
        "art", "gebiet", "sorgekreis"
    )
    filterset = AnfrageFilter(
        request.GET or {"status": AnfrageStatus.OFFEN}, queryset=queryset, request=request
    )
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("seite"))
    # The list shows no contact data or notes, so it is not logged per row.
    return render(
        request, "sorgekreise/staff/anfrage_list.html", {"filter": filterset, "page": page}
    )


@koordination_required
def anfrage_create(request):
    initial = {"sorgekreis": request.GET.get("sorgekreis")}
    form = HilfeanfrageForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        anfrage = services.create_anfrage(form.save(commit=False), request.user)
        messages.success(request, _("Die Hilfeanfrage wurde angelegt."))
        return redirect("sorgekreise:anfrage_detail", pk=anfrage.pk)
    return render(request, "sorgekreise/staff/anfrage_form.html", {"form": form})


@koordination_required
def anfrage_detail(request, pk: int):
    anfrage = get_visible_or_404(
        Hilfeanfrage.objects.select_related("art", "gebiet", "sprache", "sorgekreis__ort"),
        request.user,
        pk=pk,
    )
    log_access(anfrage, request.user)
    darf_aendern = anfrage.can_change(request.user)
    context = {
        "anfrage": anfrage,
        "darf_aendern": darf_aendern,
        "vermittlungen": anfrage.vermittlungen.select_related(
            "helfende", "vorgeschlagen_von", "benachrichtigt_von"
        ),
        "zugriffe": anfrage.zugriffe[:20],
        "hat_zeitfenster": hat_zeitfenster(anfrage),
    }
    if darf_aendern and anfrage.status == AnfrageStatus.OFFEN:
        context["kandidaten"] = passende_helfende(anfrage)
    return render(request, "sorgekreise/staff/anfrage_detail.html", context)


@koordination_required
def anfrage_update(request, pk: int):
    anfrage = get_changeable_or_403(Hilfeanfrage.objects, request.user, pk=pk)
    form = HilfeanfrageForm(request.POST or None, instance=anfrage, user=request.user)
    if request.method == "POST" and form.is_valid():
        services.update_anfrage(form.save(commit=False), request.user)
        messages.success(request, _("Die Hilfeanfrage wurde gespeichert."))
        return redirect("sorgekreise:anfrage_detail", pk=anfrage.pk)
    # The form shows the request's data: that is a view, too.
    log_access(anfrage, request.user)
    return render(
        request, "sorgekreise/staff/anfrage_form.html", {"form": form, "anfrage": anfrage}
    )


# --- Matches ---------------------------------------------------------------------------------


@koordination_required
@require_POST
def vermittlung_vorschlagen(request, pk: int):
    anfrage = get_changeable_or_403(Hilfeanfrage.objects, request.user, pk=pk)
    form = VorschlagForm(request.POST, user=request.user)
    if not form.is_valid():
        messages.error(request, _("Bitte wählen Sie eine helfende Person aus der Liste."))
        return redirect("sorgekreise:anfrage_detail", pk=anfrage.pk)
    helfende = form.cleaned_data["helfende"]
    try:
        services.propose_vermittlung(anfrage, helfende, request.user)
    except services.SorgekreisFehler as fehler:
        fehler.show(request)
    else:
        messages.success(
            request,
            _(
                "„%(name)s“ wurde vorgeschlagen und per E-Mail informiert, sofern eine Adresse "
                "vorliegt."
            )
            % {"name": helfende.name},
        )
    return redirect("sorgekreise:anfrage_detail", pk=anfrage.pk)


def _record_outcome(vermittlung, user, daten) -> str:
    """Call the service for the step the coordinator chose; the message they read."""
    aktion = daten["aktion"]
    if aktion == "annehmen":
        vermittlung = services.accept_vermittlung(vermittlung, user)
        if vermittlung.benachrichtigt_per == Benachrichtigung.EMAIL:
            return _(
                "Die Zusage wurde eingetragen; die helfende Person bekommt die Kontaktdaten, "
                "die hilfesuchende Person eine E-Mail."
            )
        return _(
            "Die Zusage wurde eingetragen; die helfende Person bekommt die Kontaktdaten. Bitte "
            "rufen Sie die hilfesuchende Person an (siehe „Anruf offen“)."
        )
    if aktion == "begonnen":
        services.start_hilfe(vermittlung, user)
        return _("Der Beginn der Hilfe wurde eingetragen.")
    if aktion in ("ablehnen", "keine_antwort"):
        ergebnis = VermittlungErgebnis.KEINE_ANTWORT if aktion == "keine_antwort" else None
        services.decline_vermittlung(vermittlung, user, ergebnis=ergebnis)
        return _("Die Vermittlung wurde beendet; die Anfrage ist wieder offen.")
    if aktion == "nicht_noetig":
        services.close_vermittlung(
            vermittlung,
            user,
            stunden=daten.get("stunden"),
            ergebnis=VermittlungErgebnis.NICHT_MEHR_NOETIG,
        )
        return _("Eingetragen: Die Hilfe wird nicht mehr gebraucht; die Anfrage ist zurückgezogen.")
    services.close_vermittlung(
        vermittlung,
        user,
        stunden=daten.get("stunden"),
        anfrage_erledigt=daten.get("anfrage_erledigt", False),
    )
    return _("Die Vermittlung wurde abgeschlossen.")


@koordination_required
def vermittlung_update(request, pk: int):
    vermittlung = get_object_or_404(
        Vermittlung.objects.select_related("anfrage__art", "anfrage__gebiet", "helfende").filter(
            anfrage__in=Hilfeanfrage.objects.for_user(request.user)
        ),
        pk=pk,
    )
    anfrage = vermittlung.anfrage
    if not anfrage.can_change(request.user):
        raise PermissionDenied
    form = VermittlungForm(
        request.POST if request.method == "POST" else None,
        angenommen=vermittlung.status == VermittlungStatus.ANGENOMMEN,
        begonnen=vermittlung.begonnen_am is not None,
    )
    if request.method == "POST" and form.is_valid():
        try:
            text = _record_outcome(vermittlung, request.user, form.cleaned_data)
        except services.SorgekreisFehler as fehler:
            form.add_error("aktion", fehler.message)
        else:
            messages.success(request, text)
            return redirect("sorgekreise:anfrage_detail", pk=anfrage.pk)
    log_access(anfrage, request.user)
    return render(
        request,
        "sorgekreise/staff/vermittlung_form.html",
        {
            "form": form,
            "vermittlung": vermittlung,
            "anfrage": anfrage,
            "laeuft": vermittlung.status in LAUFEND,
            "VermittlungStatus": VermittlungStatus,
        },
    )
