"""What the citizens' pages share: private responses for pages with a manage link or personal
data, the page for too many requests, messages that name the place's phone number."""

from django.shortcuts import render
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _

from saarlouis_portal import ratelimit, telefon


def _too_many_requests(request, scope: str, anlaufstelle=None):
    response = render(
        request,
        "sprechstunden/public/zu_viele_anfragen.html",
        {"anlaufstelle": anlaufstelle},
        status=429,
    )
    return ratelimit.too_many(response, scope)


# Pages under a manage link must not hand the token on in a Referer header. "no-referrer" would
# do that too, but browsers then send "Origin: null" with the page's own POST forms, which the
# CSRF check rightly refuses; "strict-origin" sends the bare origin and never a path.
PRIVATE_REFERRER_POLICY = "strict-origin"


def _private(response):
    """For pages that show a manage link or personal data: never stored, never passed on."""
    add_never_cache_headers(response)
    response["Referrer-Policy"] = PRIVATE_REFERRER_POLICY
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _with_phone(message, anlaufstelle) -> str:
    if anlaufstelle.telefon:
        return _("%(message)s Telefon der Anlaufstelle: %(telefon)s") % {
            "message": message,
            "telefon": telefon.for_display(anlaufstelle.telefon),
        }
    return str(message)
