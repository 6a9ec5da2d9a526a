"""A staff member's feed of network meetings, behind the secret address of their account
(``saarlouis_portal.konten.kalender``); no login."""

from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_safe

from netzwerke import kalender_persoenlich
from saarlouis_portal import ratelimit
from saarlouis_portal.ical import private_feed_response
from saarlouis_portal.konten.kalender import user_for_token

RATE_SCOPE = "kalender_feed"


@require_safe
def kalender_feed(request, token: str):
    if not ratelimit.hit(request, RATE_SCOPE):
        return ratelimit.too_many(render(request, "429.html", status=429), RATE_SCOPE)
    user = user_for_token(token)
    if user is None or not kalender_persoenlich.FEED.fuer(user):
        raise Http404
    return private_feed_response(kalender_persoenlich.ics_feed(user), "netzwerktreffen.ics")
