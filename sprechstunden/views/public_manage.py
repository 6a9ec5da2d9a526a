"""The pages behind the manage link: see, confirm, cancel and move a booking, see and delete what
is stored.

The manage link carries a random token in its path; pages under it are never cached, never pass
the path on as a referrer and are not indexed. Opening a page never changes a booking:
confirming, cancelling, moving and deleting are POSTs from there."""

from datetime import datetime, timedelta
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from saarlouis_portal import ratelimit
from sprechstunden import notifications
from sprechstunden.forms.public import VerschiebenForm
from sprechstunden.models import BuchungStatus
from sprechstunden.services.booking import move_buchung
from sprechstunden.services.errors import BuchungNichtAenderbar, LinkUngueltig, SprechstundenFehler
from sprechstunden.services.manage import (
    cancel_buchung,
    confirm_buchung,
    delete_personal_data,
    get_buchung_by_token,
)
from sprechstunden.views.public_common import _private, _too_many_requests, _with_phone
from sprechstunden.views.public_list import _closures, _week_slots


def token_page(view):
    """Rate-limited, private pages behind a manage token; an unknown token is a friendly 404."""

    @wraps(view)
    def wrapper(request, token: str):
        if not ratelimit.hit(request, "sprechstunden_link"):
            return _private(_too_many_requests(request, "sprechstunden_link"))
        try:
            buchung = get_buchung_by_token(token)
        except LinkUngueltig:
            response = render(request, "sprechstunden/public/link_ungueltig.html", status=404)
        else:
            response = view(request, buchung, token)
        return _private(response)

    return wrapper


def _aenderbar(buchung, now: datetime) -> bool:
    notice = timedelta(hours=buchung.termin.sprechstunde.vorlauf_stunden)
    return buchung.ist_offen and buchung.termin.beginn >= now + notice


def _manage_context(buchung, token: str) -> dict:
    termin = buchung.termin
    return {
        "buchung": buchung,
        "token": token,
        "termin": termin,
        "sprechstunde": termin.sprechstunde,
        "anlaufstelle": termin.sprechstunde.anlaufstelle,
        "aenderbar": _aenderbar(buchung, timezone.now()),
        "vorbei": termin.ende <= timezone.now(),
    }


@token_page
def buchung_verwalten(request, buchung, token):
    context = _manage_context(buchung, token)
    if buchung.status == BuchungStatus.RESERVIERT:
        context["bestaetigen_bis"] = notifications.reservation_deadline(buchung)
    return render(request, "sprechstunden/public/buchung.html", context)


def _fail(request, error, buchung) -> None:
    message = error.message
    if isinstance(error, BuchungNichtAenderbar):
        message = _with_phone(message, buchung.termin.sprechstunde.anlaufstelle)
    messages.error(request, message)


def _done(request, buchung, text: str, *, without_mail: str) -> None:
    """The message after a change: ``without_mail`` (a warning) when its mail failed (outbox
    off, mail server down; the change stands all the same)."""
    if buchung.mail_fehlgeschlagen:
        messages.warning(request, without_mail)
    else:
        messages.success(request, text)


@require_POST
@token_page
def buchung_bestaetigen(request, buchung, token):
    try:
        buchung = confirm_buchung(token)
    except SprechstundenFehler as error:
        _fail(request, error, buchung)
    else:
        _done(
            request,
            buchung,
            _(
                "Ihr Termin ist bestätigt. Eine Bestätigung mit Kalendereintrag ist per E-Mail "
                "unterwegs."
            ),
            without_mail=_(
                "Ihr Termin ist bestätigt. Die E-Mail mit dem Kalendereintrag konnte gerade "
                "nicht verschickt werden; Ihr Termin gilt trotzdem. Bitte notieren Sie ihn "
                "sich. Diese Seite zeigt ihn jederzeit über Ihren persönlichen Link."
            ),
        )
    return redirect("sprechstunden:buchung_verwalten", token=token)


@require_http_methods(["GET", "POST"])
@token_page
def buchung_absagen(request, buchung, token):
    """GET asks "really cancel?" (and changes nothing); the POST of that page cancels."""
    if request.method == "GET":
        context = _manage_context(buchung, token)
        if not context["aenderbar"]:
            return redirect("sprechstunden:buchung_verwalten", token=token)
        return render(request, "sprechstunden/public/absagen.html", context)
    try:
        buchung = cancel_buchung(buchung)
    except SprechstundenFehler as error:
        _fail(request, error, buchung)
    else:
        without_mail = _(
            "Ihr Termin ist abgesagt. Die Bestätigung per E-Mail konnte gerade nicht verschickt "
            "werden; die Absage gilt trotzdem."
        )
        if buchung.hat_kalenderdatei:
            without_mail += " " + _("Bitte löschen Sie den Termin selbst aus Ihrem Kalender.")
        _done(
            request,
            buchung,
            _("Ihr Termin ist abgesagt. Danke, dass Sie Bescheid geben."),
            without_mail=without_mail,
        )
    return redirect("sprechstunden:buchung_verwalten", token=token)


@token_page
def buchung_verschieben(request, buchung, token):
    sprechstunde = buchung.termin.sprechstunde
    form = VerschiebenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            moved = move_buchung(buchung, form.cleaned_data["termin"], token=token)
        except SprechstundenFehler as error:
            message = error.message
            if isinstance(error, BuchungNichtAenderbar):
                message = _with_phone(message, sprechstunde.anlaufstelle)
            form.add_error(None, message)
        else:
            if not moved.email:
                text = _("Ihr Termin ist verschoben.")
            elif moved.status == BuchungStatus.BESTAETIGT:
                text = _(
                    "Ihr Termin ist verschoben. Eine E-Mail mit dem neuen Kalendereintrag ist "
                    "unterwegs."
                )
            else:
                text = _("Ihr Termin ist verschoben. Eine E-Mail dazu ist unterwegs.")
            without_mail = _(
                "Ihr Termin ist verschoben. Die E-Mail dazu konnte gerade nicht verschickt "
                "werden; der neue Termin gilt trotzdem. Bitte notieren Sie ihn sich. Diese Seite "
                "zeigt ihn jederzeit über Ihren persönlichen Link."
            )
            _done(request, moved, text, without_mail=without_mail)
            return redirect("sprechstunden:buchung_verwalten", token=token)
    slots = _week_slots(request, sprechstunde, timezone.now(), exclude=buchung.termin_id)
    week = slots["woche"]
    context = {
        **_manage_context(buchung, token),
        "form": form,
        **slots,
        "schliesszeiten": _closures([sprechstunde], week["start"], week["ende"]),
    }
    return render(request, "sprechstunden/public/verschieben.html", context)


@token_page
def buchung_daten(request, buchung, token):
    context = _manage_context(buchung, token)
    context["aufbewahrung_tage"] = settings.SPRECHSTUNDEN_AUFBEWAHRUNG_TAGE
    return render(request, "sprechstunden/public/daten.html", context)


@require_POST
@token_page
def buchung_daten_loeschen(request, buchung, token):
    was_open = buchung.ist_offen
    try:
        delete_personal_data(buchung)
    except SprechstundenFehler as error:
        _fail(request, error, buchung)
        return redirect("sprechstunden:buchung_daten", token=token)
    if was_open and buchung.hat_kalenderdatei:
        # No mail goes to an address just deleted, so no cancellation for the calendar either.
        message = _(
            "Ihr Termin ist abgesagt und Ihre Daten sind gelöscht. Der Link zu Ihrer Buchung "
            "gilt nicht mehr. Bitte löschen Sie den Termin selbst aus Ihrem Kalender."
        )
    elif was_open:
        message = _(
            "Ihr Termin ist abgesagt und Ihre Daten sind gelöscht. Der Link zu Ihrer Buchung "
            "gilt nicht mehr."
        )
    else:
        message = _("Ihre Daten sind gelöscht. Der Link zu Ihrer Buchung gilt nicht mehr.")
    messages.success(request, message)
    return redirect("sprechstunden:index")
