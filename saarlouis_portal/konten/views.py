"""The staff member's own account pages beside allauth's: the calendar feed addresses."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from saarlouis_portal.konten.access import rolle_required
from saarlouis_portal.konten.kalender import (
    create_token,
    feeds_for,
    revoke_token,
    token_of,
    user_for_token,
)

# The new token travels from the POST to the page in the session and is shown once: a secret
# never goes into a URL of the portal's own pages (access logs, browser history).
SESSION_TOKEN = "kalender_token_neu"


@rolle_required()
def kalender(request):
    token = request.session.pop(SESSION_TOKEN, None)
    if token and user_for_token(token) != request.user:
        token = None  # revoked or renewed in another window meanwhile
    feeds = feeds_for(request.user)
    context = {
        "eintrag": token_of(request.user),
        "feeds": [(feed, feed.url(token) if token else "") for feed in feeds],
        "neu": bool(token),
    }
    response = render(request, "konten/kalender.html", context)
    add_never_cache_headers(response)
    return response


@rolle_required()
@require_POST
def kalender_erzeugen(request):
    erneuert = token_of(request.user) is not None
    request.session[SESSION_TOKEN] = create_token(request.user)
    if erneuert:
        text = _("Neue Kalender-Adressen sind erzeugt. Die bisherigen gelten nicht mehr.")
    else:
        text = _("Ihre Kalender-Adressen sind erzeugt.")
    messages.success(request, text)
    return redirect("konten:kalender")


@rolle_required()
@require_POST
def kalender_widerrufen(request):
    if revoke_token(request.user):
        messages.success(
            request,
            _("Ihre Kalender-Adressen sind gelöscht. Abonnierte Kalender erhalten nichts mehr."),
        )
    else:
        messages.info(request, _("Sie hatten keine Kalender-Adresse."))
    return redirect("konten:kalender")
