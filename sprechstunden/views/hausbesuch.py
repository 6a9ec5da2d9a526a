"""Outreach visits (aufsuchende Hilfe): the public request form, and the staff list, detail,
triage and workflow. Personal details only for Sozialplanung and the assigned counsellor
(``Hausbesuch.objects.for_user``); every opening of a detail page is recorded."""

from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from saarlouis_portal import ratelimit
from saarlouis_portal.konten.access import get_changeable_or_403, get_visible_or_404, rolle_required
from saarlouis_portal.konten.roles import Rolle
from saarlouis_portal.konten.zugriff import log_access
from sprechstunden.forms.hausbesuch import (
    AnfrageForm,
    ErgebnisForm,
    HausbesuchFilter,
    NeuPlanenForm,
    ZuteilungForm,
)
from sprechstunden.models import Hausbesuch, HausbesuchStatus
from sprechstunden.services.errors import LinkUngueltig, SprechstundenFehler
from sprechstunden.services.hausbesuch import (
    assign,
    close_visit,
    get_visit_by_token,
    mark_not_reached,
    mark_visited,
    request_visit,
    request_visit_online,
    reschedule,
    withdraw_visit,
)
from sprechstunden.views.public_common import _private

PAGE_SIZE = 50
STAFF = (Rolle.SOZIALPLANUNG, Rolle.BERATUNG)
# The person's own link travels to the thank-you page in the session, shown once: a secret
# never goes into a URL, where access logs and the browser history would keep it.
SESSION_LINK = "hausbesuch_link"


# Public


def anfrage(request):
    if request.method == "POST" and not ratelimit.hit(request, "hausbesuch_anfrage"):
        response = render(request, "sprechstunden/hausbesuch/zu_viele.html", status=429)
        return ratelimit.too_many(response, "hausbesuch_anfrage")
    form = AnfrageForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            hausbesuch, token = request_visit_online(form.daten())
        except SprechstundenFehler as error:
            error.add_to_form(form)
        else:
            request.session[SESSION_LINK] = {"token": token, "email": bool(hausbesuch.email)}
            return redirect("sprechstunden:hausbesuch_danke")
    context = {
        "form": form,
        "aufbewahrung_tage": settings.HAUSBESUCH_AUFBEWAHRUNG_TAGE,
        "hoechstalter_tage": settings.HAUSBESUCH_HOECHSTALTER_TAGE,
    }
    return render(request, "sprechstunden/hausbesuch/anfrage.html", context)


def danke(request):
    data = request.session.pop(SESSION_LINK, None) if request.session.session_key else None
    context = {}
    if data:
        link = reverse("sprechstunden:hausbesuch_link", args=[data["token"]])
        context = {"link": request.build_absolute_uri(link), "per_email": data.get("email")}
    return _private(render(request, "sprechstunden/hausbesuch/danke.html", context))


def _link_page(view):
    """Rate-limited, private pages behind the person's link; an unknown link is a friendly 404."""

    @wraps(view)
    def wrapper(request, token: str):
        if not ratelimit.hit(request, "sprechstunden_link"):
            response = render(request, "sprechstunden/public/zu_viele_anfragen.html", status=429)
            return _private(ratelimit.too_many(response, "sprechstunden_link"))
        try:
            hausbesuch = get_visit_by_token(token)
        except LinkUngueltig:
            response = render(request, "sprechstunden/hausbesuch/link_ungueltig.html", status=404)
        else:
            response = view(request, hausbesuch, token)
        return _private(response)

    return wrapper


@_link_page
def meine_anfrage(request, hausbesuch, token):
    """What is stored about the request; opening the link never changes anything."""
    context = {
        "hausbesuch": hausbesuch,
        "token": token,
        "status": HausbesuchStatus,
        "aufbewahrung_tage": settings.HAUSBESUCH_AUFBEWAHRUNG_TAGE,
        "hoechstalter_tage": settings.HAUSBESUCH_HOECHSTALTER_TAGE,
    }
    return render(request, "sprechstunden/hausbesuch/meine_anfrage.html", context)


@require_POST
@_link_page
def zurueckziehen(request, hausbesuch, token):
    try:
        withdraw_visit(token)
    except LinkUngueltig:  # withdrawn a moment ago, e.g. by a second click
        return render(request, "sprechstunden/hausbesuch/link_ungueltig.html", status=404)
    return redirect("sprechstunden:hausbesuch_zurueckgezogen")


def zurueckgezogen(request):
    return render(request, "sprechstunden/hausbesuch/zurueckgezogen.html")


# Staff


def _visits(user):
    return Hausbesuch.objects.for_user(user).select_related(
        "gebiet__eltern", "anliegen", "zugewiesen", "partner", "vermittelt_durch"
    )


@rolle_required(*STAFF)
def hausbesuch_list(request):
    queryset = _visits(request.user).order_by("-erstellt_am")
    filterset = HausbesuchFilter(request.GET or None, queryset=queryset)
    context = {
        "filter": filterset,
        "page": Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("seite")),
        "ist_planung": request.user.has_rolle(Rolle.SOZIALPLANUNG),
    }
    return render(request, "sprechstunden/hausbesuch/list.html", context)


@rolle_required(*STAFF)
def hausbesuch_create(request):
    form = AnfrageForm(request.POST or None, for_staff=True)
    if request.method == "POST" and form.is_valid():
        try:
            hausbesuch = request_visit(form.daten(), by=request.user)
        except SprechstundenFehler as error:
            error.add_to_form(form)
        else:
            if Hausbesuch.objects.for_user(request.user).filter(pk=hausbesuch.pk).exists():
                messages.success(request, _("Die Anfrage wurde gespeichert."))
                return redirect("sprechstunden:hausbesuch_detail", pk=hausbesuch.pk)
            messages.success(
                request,
                _("Die Anfrage wurde gespeichert. Die Sozialplanung teilt sie einer Fachkraft zu."),
            )
            return redirect("sprechstunden:hausbesuch_list")
    return render(request, "sprechstunden/hausbesuch/form.html", {"form": form})


@rolle_required(*STAFF)
def hausbesuch_detail(request, pk: int):
    hausbesuch = get_visible_or_404(_visits(request.user), request.user, pk=pk)
    log_access(hausbesuch, request.user)
    context = {
        "hausbesuch": hausbesuch,
        "darf_zuteilen": request.user.has_rolle(Rolle.SOZIALPLANUNG)
        and hausbesuch.status
        in (HausbesuchStatus.NEU, HausbesuchStatus.GEPLANT, HausbesuchStatus.NICHT_ERREICHT),
        "darf_aendern": hausbesuch.can_change(request.user),
        # Sozialplanung plans anew through "zuteilen"; the assigned counsellor moves the date.
        "darf_neu_planen": not request.user.has_rolle(Rolle.SOZIALPLANUNG)
        and hausbesuch.can_change(request.user)
        and hausbesuch.status in (HausbesuchStatus.GEPLANT, HausbesuchStatus.NICHT_ERREICHT),
        "Status": HausbesuchStatus,
    }
    return render(request, "sprechstunden/hausbesuch/detail.html", context)


@rolle_required(*STAFF)
def hausbesuch_zuteilen(request, pk: int):
    hausbesuch = get_visible_or_404(_visits(request.user), request.user, pk=pk)
    if not request.user.has_rolle(Rolle.SOZIALPLANUNG):
        raise PermissionDenied
    initial = {
        "zugewiesen": hausbesuch.zugewiesen_id,
        "partner": hausbesuch.partner_id or hausbesuch.vermittelt_durch_id,
        "geplant_am": hausbesuch.geplant_am,
    }
    form = ZuteilungForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            assign(
                hausbesuch,
                zugewiesen=form.cleaned_data["zugewiesen"],
                partner=form.cleaned_data["partner"],
                geplant_am=form.cleaned_data["geplant_am"],
                by=request.user,
            )
        except SprechstundenFehler as error:
            error.add_to_form(form)
        else:
            messages.success(request, _("Der Hausbesuch ist geplant."))
            return redirect("sprechstunden:hausbesuch_detail", pk=hausbesuch.pk)
    context = {"form": form, "hausbesuch": hausbesuch}
    return render(request, "sprechstunden/hausbesuch/zuteilen.html", context)


@rolle_required(*STAFF)
def hausbesuch_neu_planen(request, pk: int):
    """The assigned counsellor (or Sozialplanung) gives the visit a new date."""
    hausbesuch = get_changeable_or_403(_visits(request.user), request.user, pk=pk)
    initial = {"partner": hausbesuch.partner_id, "geplant_am": hausbesuch.geplant_am}
    form = NeuPlanenForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            reschedule(
                hausbesuch,
                geplant_am=form.cleaned_data["geplant_am"],
                partner=form.cleaned_data["partner"],
                by=request.user,
            )
        except SprechstundenFehler as error:
            error.add_to_form(form)
        else:
            messages.success(request, _("Der Hausbesuch ist neu geplant."))
            return redirect("sprechstunden:hausbesuch_detail", pk=hausbesuch.pk)
    context = {"form": form, "hausbesuch": hausbesuch}
    return render(request, "sprechstunden/hausbesuch/neu_planen.html", context)


def _status_action(service, success_message):
    @rolle_required(*STAFF)
    @require_POST
    def view(request, pk: int):
        hausbesuch = get_changeable_or_403(Hausbesuch.objects, request.user, pk=pk)
        try:
            service(hausbesuch)
        except SprechstundenFehler as error:
            error.show(request)
        else:
            messages.success(request, success_message)
        return redirect("sprechstunden:hausbesuch_detail", pk=hausbesuch.pk)

    return view


hausbesuch_besucht = _status_action(
    mark_visited, gettext_lazy("Vermerkt: Der Besuch hat stattgefunden.")
)


hausbesuch_nicht_erreicht = _status_action(
    mark_not_reached, gettext_lazy("Vermerkt: Die Person wurde nicht erreicht.")
)


@rolle_required(*STAFF)
def hausbesuch_abschliessen(request, pk: int):
    hausbesuch = get_changeable_or_403(_visits(request.user), request.user, pk=pk)
    if hausbesuch.status == HausbesuchStatus.ABGESCHLOSSEN:
        messages.info(request, _("Dieser Hausbesuch ist bereits abgeschlossen."))
        return redirect("sprechstunden:hausbesuch_detail", pk=hausbesuch.pk)
    besucht = hausbesuch.status == HausbesuchStatus.BESUCHT
    form = None
    if besucht:
        initial = {
            "thema": hausbesuch.anliegen_id,
            # The planned day, unless the visit happened earlier than planned.
            "datum": min(timezone.localdate(hausbesuch.geplant_am), timezone.localdate())
            if hausbesuch.geplant_am
            else timezone.localdate(),
        }
        form = ErgebnisForm(request.POST or None, initial=initial)
    if request.method == "POST" and (form is None or form.is_valid()):
        try:
            close_visit(hausbesuch, by=request.user, ergebnis=form.ergebnis() if form else None)
        except SprechstundenFehler as error:
            if form is None:
                error.show(request)
                return redirect("sprechstunden:hausbesuch_detail", pk=hausbesuch.pk)
            error.add_to_form(form)
        else:
            messages.success(request, _("Der Hausbesuch ist abgeschlossen."))
            return redirect("sprechstunden:hausbesuch_detail", pk=hausbesuch.pk)
    context = {"form": form, "hausbesuch": hausbesuch, "besucht": besucht}
    return render(request, "sprechstunden/hausbesuch/abschliessen.html", context)
