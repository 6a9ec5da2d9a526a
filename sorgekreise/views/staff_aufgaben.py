"""The coordination's follow-ups (issue 17) under /sorgekreise/verwaltung/aufgaben/: people
seeking help who only gave a phone number and must be phoned because a helper said yes (call
tasks, each with a button that records who called and when), and proposals that have waited
longer than ``SORGEKREISE_ERINNERUNG_TAGE`` days for the helper's answer.

Like the other lists of the Sorgekreise it shows no contact data or notes (the phone number is
on the request's page, where every view is logged), so it is not logged per row. Both lists are
bounded, oldest first, and say how many there are in all.
"""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from saarlouis_portal.konten.access import rolle_required
from saarlouis_portal.konten.roles import Rolle
from sorgekreise import services
from sorgekreise.models import Vermittlung
from sorgekreise.services_erinnerung import offene_aufgaben

HOECHSTENS = 25  # rows per list; the oldest come first, so the list shrinks as work is done
koordination_required = rolle_required(Rolle.SOZIALPLANUNG, Rolle.ORTSLEITUNG)


@koordination_required
def aufgaben(request):
    anrufe, vorschlaege = offene_aufgaben(request.user)
    context = {
        "anrufe": anrufe[:HOECHSTENS],
        "anzahl_anrufe": anrufe.count(),
        "vorschlaege": vorschlaege[:HOECHSTENS],
        "anzahl_vorschlaege": vorschlaege.count(),
        "hoechstens": HOECHSTENS,
        "tage": settings.SORGEKREISE_ERINNERUNG_TAGE,
    }
    return render(request, "sorgekreise/staff/aufgaben.html", context)


@koordination_required
@require_POST
def anruf_erledigt(request, pk: int):
    """The "done" button of a call task: who called and when is recorded on the match."""
    vermittlung = get_object_or_404(
        Vermittlung.objects.for_user(request.user).select_related("anfrage__sorgekreis"), pk=pk
    )
    if not vermittlung.anfrage.can_change(request.user):
        raise PermissionDenied
    try:
        services.record_anruf(vermittlung, request.user)
    except services.SorgekreisFehler as fehler:
        fehler.show(request)
    else:
        messages.success(
            request,
            _("Eingetragen: Die Person zu Anfrage %(nr)s wurde angerufen.")
            % {"nr": vermittlung.anfrage_id},
        )
    if request.POST.get("zurueck") == "anfrage":
        return redirect("sorgekreise:anfrage_detail", pk=vermittlung.anfrage_id)
    return redirect("sorgekreise:aufgaben")
