"""E-mails to citizens about their bookings, each in plain text and HTML, with an .ics file.

Only what the person needs goes into a mail: time, place, topic, and their manage link.
"""

from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar, Event

from saarlouis_portal.ical import vtimezone
from saarlouis_portal.postausgang import outbox
from sprechstunden.models import Buchung, new_token


def manage_url(token: str) -> str:
    return settings.PORTAL_BASE_URL + reverse("sprechstunden:buchung_verwalten", args=[token])


def ics_for(buchung, *, cancelled: bool = False) -> bytes:
    """One VEVENT with a stable UID, so calendars update the same entry on a move or cancel."""
    termin = buchung.termin
    sprechstunde = termin.sprechstunde
    host = urlsplit(settings.PORTAL_BASE_URL).hostname or "localhost"
    calendar = Calendar()
    calendar.add("prodid", "-//Sozialplanungs-Portal//Sprechstunden//DE")
    calendar.add("version", "2.0")
    calendar.add("method", "CANCEL" if cancelled else "PUBLISH")
    event = Event()
    event.add("uid", f"buchung-{buchung.pk}@{host}")
    event.add("dtstamp", timezone.now())
    event.add("dtstart", timezone.localtime(termin.beginn))
    event.add("dtend", timezone.localtime(termin.ende))
    event.add("summary", f"Sprechstunde: {sprechstunde.titel}")
    event.add("location", f"{sprechstunde.anlaufstelle.name}, {sprechstunde.anlaufstelle.adresse}")
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    # Moves and cancellations must win over the earlier copy in the person's calendar.
    event.add("sequence", int(timezone.now().timestamp()) // 60)
    calendar.add_component(vtimezone(settings.TIME_ZONE))
    calendar.add_component(event)
    return calendar.to_ical()


def build_mail(buchung, template: str, context: dict, *, ics: bool, cancelled: bool):
    context = {
        "buchung": buchung,
        "termin": buchung.termin,
        "sprechstunde": buchung.termin.sprechstunde,
        "anlaufstelle": buchung.termin.sprechstunde.anlaufstelle,
        "PORTAL_NAME": settings.PORTAL_NAME,
        "reservierung_minuten": settings.SPRECHSTUNDEN_RESERVIERUNG_MINUTEN,
        **context,
    }
    subject = render_to_string(f"sprechstunden/email/{template}_betreff.txt", context).strip()
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string(f"sprechstunden/email/{template}.txt", context),
        to=[buchung.email],
    )
    message.attach_alternative(
        render_to_string(f"sprechstunden/email/{template}.html", context), "text/html"
    )
    if ics:
        message.attach("termin.ics", ics_for(buchung, cancelled=cancelled), "text/calendar")
    return message


def _fresh_token(buchung) -> str:
    """A new manage token, made when the mail is built (the old one stops working)."""
    token, token_hash = new_token()
    Buchung.objects.filter(pk=buchung.pk).update(token_hash=token_hash)
    return token


@outbox.builder
def build_from_outbox(data: dict, buchung=None, token=None):
    """Builds a booking mail from what the outbox stored: the booking as it is now (so a
    person who deleted their data in the meantime gets nothing), the template chosen when it
    happened, and the manage link.

    ``buchung`` and ``token`` are given when the mail is built at once. In the worker a mail
    with ``neuer_token`` gets a link made right then, so the outbox never holds a usable token
    for it (tokens are otherwise only stored as a hash); mails that repeat the link the person
    is using (confirmed, moved) carry that token until they are sent.
    """
    if buchung is None:
        buchung = (
            Buchung.objects.select_related("termin__sprechstunde__anlaufstelle", "thema")
            .filter(pk=data["buchung"])
            .first()
        )
    if buchung is None or not buchung.email:
        return None
    if token is None:
        token = _fresh_token(buchung) if data.get("neuer_token") else data.get("token")
    context = dict(data["context"])
    if token:
        context["manage_url"] = manage_url(token)
    return build_mail(
        buchung, data["template"], context, ics=data["ics"], cancelled=data["cancelled"]
    )


def _send(
    buchung, template: str, context: dict, *, token="", fresh_token=False, ics=True, cancelled=False
) -> None:
    """Queued (EMAIL_QUEUE): one row now, rendered and sent by the outbox worker; otherwise
    rendered and sent at once. ``fresh_token``: the link may be made anew when the mail is
    built (nobody else holds the token yet)."""
    data = {
        "buchung": buchung.pk,
        "template": template,
        "context": context,
        "token": "" if fresh_token else token,
        "neuer_token": fresh_token,
        "ics": ics,
        "cancelled": cancelled,
    }
    outbox.deliver(build_from_outbox, data, buchung=buchung, token=token)


def send_booking_mail(buchung, token: str) -> None:
    """Right after booking: a reservation to confirm, or (staff booked) the confirmation."""
    template = "reserviert" if buchung.status == "reserviert" else "bestaetigt"
    _send(buchung, template, {}, token=token, fresh_token=True)


def send_confirmed_mail(buchung, token: str) -> None:
    _send(buchung, "bestaetigt", {}, token=token)


def send_moved_mail(buchung, token: str) -> None:
    _send(buchung, "verschoben", {}, token=token)


def send_cancelled_mail(buchung) -> None:
    _send(buchung, "abgesagt", {}, cancelled=True)


def send_slot_cancelled_mail(buchung, grund: str) -> None:
    _send(buchung, "termin_abgesagt", {"grund": str(grund)}, cancelled=True)


def send_reminder_mail(buchung, token: str) -> None:
    _send(buchung, "erinnerung", {}, token=token, fresh_token=True)


def reservation_deadline(buchung):
    return buchung.erstellt_am + timedelta(minutes=settings.SPRECHSTUNDEN_RESERVIERUNG_MINUTEN)
