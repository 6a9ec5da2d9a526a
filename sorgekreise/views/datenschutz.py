"""Staff action for data protection: delete a helper's data when they ask for it.

The helper is anonymised at once (``sorgekreise.retention.delete_helper_data``); running matches
end and their requests are open again. Only someone who may change the helper may do it.
"""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from saarlouis_portal.konten.access import get_changeable_or_403, rolle_required
from saarlouis_portal.konten.roles import Rolle
from sorgekreise.models import Helfende, VermittlungStatus
from sorgekreise.retention import delete_helper_data


@rolle_required(Rolle.SOZIALPLANUNG, Rolle.ORTSLEITUNG)
@require_http_methods(["GET", "POST"])
def helfende_loeschen(request, pk: int):
    helfende = get_changeable_or_403(Helfende.objects, request.user, pk=pk)
    if helfende.anonymisiert_am:
        messages.info(request, _("Die Daten dieser Person sind bereits gelöscht."))
        return redirect("sorgekreise:helfende_list")
    if request.method == "POST":
        delete_helper_data(helfende, request.user)
        messages.success(
            request,
            _(
                "Die Daten wurden gelöscht. Laufende Vermittlungen sind beendet; betroffene "
                "Anfragen sind wieder offen."
            ),
        )
        return redirect("sorgekreise:helfende_list")
    laufend = helfende.vermittlungen.filter(
        status__in=(VermittlungStatus.VORGESCHLAGEN, VermittlungStatus.ANGENOMMEN)
    ).count()
    context = {"helfende": helfende, "laufend": laufend}
    return render(request, "sorgekreise/datenschutz/helfende_loeschen.html", context)
