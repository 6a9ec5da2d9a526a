"""Tasks of the networks (issue 17): the list across networks, creating a task from a meeting
or a network page, editing it and marking it done or dropped."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from netzwerke import services_aufgaben
from netzwerke.filters_aufgaben import AufgabeFilter
from netzwerke.forms.aufgaben import AufgabeForm, AufgabeStatusForm
from netzwerke.models import Aufgabe, AufgabeStatus, Netzwerk, Treffen
from saarlouis_portal.konten.access import get_changeable_or_403, rolle_required
from saarlouis_portal.konten.roles import Rolle

SEITE = 50


def _aufgaben():
    return Aufgabe.objects.select_related(
        "netzwerk", "treffen", "person__organisation", "organisation", "erledigt_von"
    )


@rolle_required()
def aufgabe_list(request):
    """Open tasks first (the default filter), due date ascending; 50 per page."""
    data = request.GET.copy() if request.GET else QueryDict(mutable=True)
    data.setdefault("status", AufgabeStatus.OFFEN)
    filterset = AufgabeFilter(
        data,
        queryset=_aufgaben().for_user(request.user).order_by("faellig_am", "pk"),
        user=request.user,
        request=request,
    )
    page = Paginator(filterset.qs, SEITE).get_page(request.GET.get("seite"))
    auf_der_seite = {a.netzwerk_id for a in page.object_list}
    context = {
        "filter": filterset,
        "page": page,
        "heute": timezone.localdate(),
        "aenderbar": set(
            Netzwerk.objects.changeable_by(request.user)
            .filter(pk__in=auf_der_seite)
            .values_list("pk", flat=True)
        )
        if auf_der_seite
        else set(),
        "weiter": request.get_full_path(),
        "perms_gespraeche": request.user.has_rolle(Rolle.SOZIALPLANUNG, Rolle.NETZWERKKOORDINATION),
    }
    return render(request, "netzwerke/staff/aufgabe_list.html", context)


def _zurueck(aufgabe: Aufgabe) -> str:
    if aufgabe.treffen_id:
        return reverse("netzwerke:treffen_detail", args=[aufgabe.treffen_id]) + "#aufgaben"
    return reverse("netzwerke:netzwerk_detail", args=[aufgabe.netzwerk_id]) + "#aufgaben"


def _formular(request, aufgabe: Aufgabe):
    form = AufgabeForm(request.POST or None, instance=aufgabe, netzwerk=aufgabe.netzwerk)
    if request.method == "POST" and form.is_valid():
        neu = aufgabe.pk is None
        aufgabe = services_aufgaben.save_aufgabe(form.save(commit=False), user=request.user)
        messages.success(
            request,
            _("Die Aufgabe wurde angelegt.") if neu else _("Die Aufgabe wurde gespeichert."),
        )
        return redirect(_zurueck(aufgabe))
    context = {
        "form": form,
        "aufgabe": aufgabe,
        "netzwerk": aufgabe.netzwerk,
        "treffen": aufgabe.treffen,
        "abbrechen": _zurueck(aufgabe),
    }
    return render(request, "netzwerke/staff/aufgabe_form.html", context)


@rolle_required()
def aufgabe_create(request, pk: int):
    """A task of the network, not tied to a meeting."""
    netzwerk = get_changeable_or_403(Netzwerk.objects, request.user, pk=pk)
    return _formular(request, Aufgabe(netzwerk=netzwerk))


@rolle_required()
def treffen_aufgabe_create(request, pk: int):
    """A task agreed in a meeting (from its minutes)."""
    treffen = get_changeable_or_403(Treffen.objects.select_related("netzwerk"), request.user, pk=pk)
    return _formular(request, Aufgabe(netzwerk=treffen.netzwerk, treffen=treffen))


@rolle_required()
def aufgabe_update(request, pk: int):
    aufgabe = get_changeable_or_403(_aufgaben(), request.user, pk=pk)
    return _formular(request, aufgabe)


@rolle_required()
@require_POST
def aufgabe_status(request, pk: int):
    """The buttons of the lists: done, dropped, open again."""
    aufgabe = get_changeable_or_403(_aufgaben(), request.user, pk=pk)
    form = AufgabeStatusForm(request.POST)
    if form.is_valid():
        status = form.cleaned_data["status"]
        services_aufgaben.set_aufgabe_status(aufgabe, status, user=request.user)
        text = {
            AufgabeStatus.ERLEDIGT: _("Die Aufgabe „%(titel)s“ ist erledigt."),
            AufgabeStatus.ENTFAELLT: _("Die Aufgabe „%(titel)s“ entfällt."),
            AufgabeStatus.OFFEN: _("Die Aufgabe „%(titel)s“ ist wieder offen."),
        }[status]
        messages.success(request, text % {"titel": aufgabe.titel})
    else:
        messages.error(request, _("Diesen Status gibt es nicht. Es wurde nichts geändert."))
    weiter = request.POST.get("weiter", "")
    if not url_has_allowed_host_and_scheme(
        weiter, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        weiter = _zurueck(aufgabe)
    return redirect(weiter)
