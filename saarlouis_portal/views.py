import sys

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.views.decorators.http import require_GET

from saarlouis_portal import seiten_cache
from saarlouis_portal.konten.access import is_staff_member
from saarlouis_portal.konten.roles import BESCHREIBUNG, Rolle


@seiten_cache.for_visitors
@require_GET
def home(request):
    return render(request, "portal/home.html")


@seiten_cache.for_visitors
@require_GET
def rechtliches(request, seite: str):
    """Impressum and Datenschutz: content from (overridable) templates. The accessibility
    statement has its own view (``saarlouis_portal.barrierefreiheit``): it lists barriers and
    takes feedback."""
    context = {
        "aufbewahrung_tage": settings.SPRECHSTUNDEN_AUFBEWAHRUNG_TAGE,
        "hausbesuch_tage": settings.HAUSBESUCH_AUFBEWAHRUNG_TAGE,
        "hausbesuch_hoechstalter_tage": settings.HAUSBESUCH_HOECHSTALTER_TAGE,
        "sorgekreise_tage": settings.SORGEKREISE_AUFBEWAHRUNG_TAGE,
        "barrierefreiheit_tage": settings.BARRIEREFREIHEIT_AUFBEWAHRUNG_TAGE,
    }
    return render(request, f"rechtliches/{seite}.html", context)


def cockpit(request):
    """The staff start page: what the user's roles allow, with links to it."""
    from django.contrib.auth.views import redirect_to_login

    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    user = request.user
    rollen = [(r, BESCHREIBUNG[r]) for r in Rolle if r in user.rollen]
    context = {
        "rollen": rollen,
        "ist_mitarbeitend": is_staff_member(user),
        "darf_stammdaten_aendern": user.has_rolle(Rolle.SOZIALPLANUNG),
        "darf_organisationen_aendern": user.has_rolle(
            Rolle.SOZIALPLANUNG, Rolle.NETZWERKKOORDINATION, Rolle.ORTSLEITUNG
        ),
        "darf_sprechstunden": user.has_rolle(Rolle.SOZIALPLANUNG, Rolle.BERATUNG),
        "darf_netzwerke": is_staff_member(user),
        "darf_gespraeche": user.has_rolle(Rolle.SOZIALPLANUNG, Rolle.NETZWERKKOORDINATION),
        # Kennzahlen and monitoring (berichte): REDAKTION sees them, Sozialplanung keeps them.
        "darf_kennzahlen": user.has_rolle(Rolle.SOZIALPLANUNG, Rolle.BERICHTSWESEN),
        "darf_kennzahlen_pflegen": user.has_rolle(Rolle.SOZIALPLANUNG),
        "darf_sorgekreise": user.has_rolle(Rolle.SOZIALPLANUNG, Rolle.ORTSLEITUNG),
    }
    return render(request, "portal/cockpit.html", context)


# The database restarting or out of reach (also a lock that timed out): worth a retry.
TEMPORARY_ERRORS = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 60


def server_error(request):
    """handler500: a calm 503 with Retry-After while the database is out of reach, else 500.

    Both pages render without the request's context processors: they must not need the
    database (or the session) that may be what failed."""
    if isinstance(sys.exc_info()[1], TEMPORARY_ERRORS):
        response = HttpResponse(loader.render_to_string("503.html"), status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    return HttpResponseServerError(loader.render_to_string("500.html"))
