"""A background job's page: only the person who started it sees it, everybody else gets a 404.

Without JavaScript a ``<meta http-equiv="refresh">`` (inside ``<noscript>``) reloads the page
every two seconds while the job is open, unless the person paused it (``?anhalten``); with
JavaScript htmx polls a small fragment instead and the ``<noscript>`` parts are inert.
"""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from saarlouis_portal.auftraege import services
from saarlouis_portal.auftraege.models import Auftrag

# Seconds between two looks at an open job (meta refresh and htmx polling alike).
INTERVALL = 2


def _auftrag(request, pk) -> Auftrag:
    auftrag = get_object_or_404(
        Auftrag.objects.for_user(request.user).select_related("gestartet_von"), pk=pk
    )
    return services.abgleichen(auftrag)


def _context(auftrag: Auftrag) -> dict:
    erledigt, gesamt = services.fortschritt(auftrag)
    return {
        "auftrag": auftrag,
        "erledigt": erledigt,
        "gesamt": gesamt,
        "intervall": INTERVALL,
    }


@require_GET
@login_required
def detail(request, pk):
    auftrag = _auftrag(request, pk)
    context = _context(auftrag)
    # Without JavaScript the reload can be paused (WCAG 2.2.1: a time limit the person can turn
    # off); the page then offers a link to look again.
    context["angehalten"] = "anhalten" in request.GET
    response = render(request, "auftraege/detail.html", context)
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
@login_required
def stand(request, pk):
    """The part of the page that changes, for htmx to swap in."""
    auftrag = _auftrag(request, pk)
    # 286 tells htmx to stop polling once the job has ended (it still swaps this last state in).
    status = 200 if auftrag.offen else 286
    response = render(request, "auftraege/_stand.html", _context(auftrag), status=status)
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
@login_required
def datei(request, pk):
    auftrag = _auftrag(request, pk)
    if not auftrag.datei:
        raise Http404
    response = FileResponse(
        auftrag.datei.open("rb"),
        as_attachment=True,
        filename=auftrag.dateiname,
        content_type=auftrag.content_type,
    )
    response["Cache-Control"] = "private, no-store"
    return response
