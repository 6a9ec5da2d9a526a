""" "Buchung finden": a booking found by its six-character code plus the phone number or e-mail
address given when booking, for people without the link (a phone booking, a lost e-mail).

The page must not tell a guesser anything: an unknown code and a wrong phone number or address
get the same calm message, and every attempt counts against the rate limit."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from saarlouis_portal import ratelimit
from sprechstunden.forms.public_warteliste import BuchungFindenForm
from sprechstunden.services.errors import BuchungNichtGefunden
from sprechstunden.services.manage import find_by_code
from sprechstunden.views.public_common import _private, _too_many_requests


@require_http_methods(["GET", "POST"])
def buchung_finden(request):
    form = BuchungFindenForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if not ratelimit.hit(request, "sprechstunden_finden"):
            return _private(_too_many_requests(request, "sprechstunden_finden"))
        if form.is_valid() and not form.is_bot:
            try:
                _buchung, token = find_by_code(
                    form.cleaned_data["code"], **form.cleaned_data["kontakt"]
                )
            except BuchungNichtGefunden as error:
                form.add_error(None, error.message)
            else:
                messages.success(
                    request,
                    _(
                        "Wir haben Ihre Buchung gefunden. Links zu dieser Buchung aus früheren "
                        "E-Mails gelten ab jetzt nicht mehr; diese Seite können Sie als "
                        "Lesezeichen speichern."
                    ),
                )
                return redirect("sprechstunden:buchung_verwalten", token=token)
        elif form.is_bot:
            form.add_error(None, BuchungNichtGefunden.message)
    return _private(render(request, "sprechstunden/public/buchung_finden.html", {"form": form}))
