"""The counsellor's calendar feed: their slots, behind the secret address of their account
(``saarlouis_portal.konten.kalender``); no login, no personal data of citizens."""

from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_safe

from saarlouis_portal import ratelimit
from saarlouis_portal.ical import private_feed_response
from saarlouis_portal.konten.kalender import user_for_token
from sprechstunden import kalender

RATE_SCOPE = "kalender_feed"


@require_safe
def kalender_feed(request, token: str):
    if not ratelimit.hit(request, RATE_SCOPE):
        return ratelimit.too_many(render(request, "429.html", status=429), RATE_SCOPE)
    user = user_for_token(token)
    if user is None or not kalender.FEED.fuer(user):
        raise Http404
    return private_feed_response(kalender.ics_feed(user), "sprechstunden.ics")
