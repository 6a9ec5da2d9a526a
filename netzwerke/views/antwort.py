"""The page behind a member's reply link: the meeting and three buttons (issue 17).

Opening the link changes nothing; the answer is a POST from the page's own form (CSRF). The
link carries a random token in its path, so the page is never cached, never passes its address
on as a referrer and is not indexed; every request counts against a rate limit per client."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from netzwerke import services_treffen
from netzwerke.models import Antwort
from saarlouis_portal import ratelimit

RATE_SCOPE = "netzwerke_antwort"

# The bare origin, never the path with the token; "no-referrer" would make browsers send
# "Origin: null" with the page's own form, which the CSRF check refuses.
REFERRER_POLICY = "strict-origin"


def _privat(response):
    add_never_cache_headers(response)
    response["Referrer-Policy"] = REFERRER_POLICY
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _gespeichert(antwort: str) -> str:
    return {
        Antwort.ZUSAGE: _("Danke! Sie haben zugesagt. Wir freuen uns auf Sie."),
        Antwort.ABSAGE: _("Danke für Ihre Absage. Sie bekommen keine Erinnerung an das Treffen."),
        Antwort.VIELLEICHT: _(
            "Danke! Ihre Antwort „Vielleicht“ ist gespeichert. Sie können sie bis zum Beginn "
            "des Treffens ändern."
        ),
    }[antwort]


def _nicht_moeglich(error) -> str:
    if isinstance(error, services_treffen.TreffenAbgesagt):
        return _("Das Treffen ist abgesagt. Eine Antwort ist nicht mehr nötig.")
    return _("Das Treffen hat schon begonnen. Ihre Antwort lässt sich nicht mehr ändern.")


@require_http_methods(["GET", "POST"])
def antwort(request, token: str):
    if not ratelimit.hit(request, RATE_SCOPE):
        response = render(request, "netzwerke/public/zu_viele_anfragen.html", status=429)
        return _privat(ratelimit.too_many(response, RATE_SCOPE))
    einladung = services_treffen.get_einladung(token)
    if einladung is None:
        return _privat(render(request, "netzwerke/public/antwort_ungueltig.html", status=404))
    status = 200
    if request.method == "POST":
        gewaehlt = request.POST.get("antwort", "")
        if gewaehlt not in services_treffen.ANTWORTEN:
            messages.error(
                request,
                _(
                    "Bitte wählen Sie eine der drei Antworten: Ich komme, Vielleicht, "
                    "Ich komme nicht."
                ),
            )
            status = 400
        else:
            try:
                services_treffen.antworten(einladung, gewaehlt)
            except services_treffen.AntwortNichtMoeglich as error:
                messages.error(request, _nicht_moeglich(error))
            else:
                messages.success(request, _gespeichert(gewaehlt))
            return _privat(redirect("netzwerke:antwort", token=token))
    treffen = einladung.treffen
    context = {
        "einladung": einladung,
        "treffen": treffen,
        "netzwerk": treffen.netzwerk,
        "token": token,
        "moeglich": services_treffen.antwort_moeglich(treffen),
        "vorbei": treffen.ende <= timezone.now(),
    }
    return _privat(render(request, "netzwerke/public/antwort.html", context, status=status))
