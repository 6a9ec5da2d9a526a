"""E-mails to citizens about their bookings, each in plain text and HTML, in the language the
booking was made in (``Buchung.mailsprache``), calendar texts and links included.

Only what the person needs goes into a mail: time, place, topic, and their manage link.

A calendar file (.ics) goes only with mails about a confirmed booking (confirmed, moved,
reminder): a reservation that waits for its confirmation is nobody's appointment yet. A
cancellation (METHOD:CANCEL) goes with the mails that end a booking, but only when an .ics
about it went out before. Every .ics carries the SEQUENCE the service counted up for it in the
transaction of the change (``Buchung.kalender_sequenz``), so the newer file always wins in the
person's calendar, however close together two changes are.
"""

import logging
from datetime import timedelta
from email.utils import parseaddr

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, vCalAddress

from saarlouis_portal.ical import uid_host, vtimezone
from saarlouis_portal.postausgang import outbox
from sprechstunden.models import Buchung, new_token

logger = logging.getLogger(__name__)


def manage_url(token: str) -> str:
    return settings.PORTAL_BASE_URL + reverse("sprechstunden:buchung_verwalten", args=[token])


def organizer(anlaufstelle) -> vCalAddress:
    """ORGANIZER, which RFC 5546 asks of PUBLISH and CANCEL alike: the Anlaufstelle's address,
    or the portal's sender address (``DEFAULT_FROM_EMAIL``) when the Anlaufstelle has none."""
    if anlaufstelle.email:
        name, address = anlaufstelle.name, anlaufstelle.email
    else:
        name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
        name = name or f"Sozialplanungs-Portal {settings.PORTAL_NAME}"
    value = vCalAddress(f"mailto:{address}")
    value.params["CN"] = name
    return value


def ics_for(buchung, *, sequence: int | None = None, cancelled: bool = False) -> bytes:
    """One VEVENT with a stable UID, so calendars update the same entry on a move or cancel.
    ``sequence``: the SEQUENCE counted for this file (default: the booking's last one)."""
    termin = buchung.termin
    sprechstunde = termin.sprechstunde
    anlaufstelle = sprechstunde.anlaufstelle
    calendar = Calendar()
    calendar.add("prodid", "-//Sozialplanungs-Portal//Sprechstunden//DE")
    calendar.add("version", "2.0")
    calendar.add("method", "CANCEL" if cancelled else "PUBLISH")
    event = Event()
    event.add("uid", f"buchung-{buchung.pk}@{uid_host()}")
    event.add("dtstamp", timezone.now())
    event.add("dtstart", timezone.localtime(termin.beginn))
    event.add("dtend", timezone.localtime(termin.ende))
    event.add("summary", _("Sprechstunde: %(titel)s") % {"titel": sprechstunde.titel})
    event.add("location", f"{anlaufstelle.name}, {anlaufstelle.adresse}")
    if buchung.code:
        # Read out on the phone, typed on the "Buchung finden" page with the phone or e-mail.
        event.add("description", _("Buchungscode: %(code)s") % {"code": buchung.code_anzeige})
    event.add("organizer", organizer(anlaufstelle))
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    event.add("sequence", buchung.kalender_sequenz if sequence is None else sequence)
    calendar.add_component(vtimezone(settings.TIME_ZONE))
    calendar.add_component(event)
    return calendar.to_ical()


def build_mail(buchung, template: str, context: dict, *, sequence: int | None, cancelled: bool):
    """``sequence`` None: no calendar file; otherwise the .ics with that SEQUENCE."""
    context = {
        "buchung": buchung,
        "termin": buchung.termin,
        "sprechstunde": buchung.termin.sprechstunde,
        "anlaufstelle": buchung.termin.sprechstunde.anlaufstelle,
        "PORTAL_NAME": settings.PORTAL_NAME,
        "PORTAL_BASE_URL": settings.PORTAL_BASE_URL,
        "reservierung_minuten": settings.SPRECHSTUNDEN_RESERVIERUNG_MINUTEN,
        "kalender": sequence is not None,
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
    if sequence is not None:
        ics = ics_for(buchung, sequence=sequence, cancelled=cancelled)
        message.attach("termin.ics", ics, "text/calendar")
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
    happened, the manage link and the SEQUENCE of its calendar file.

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
    # In the language the booking was made in, links included (they open /tr/... pages).
    with translation.override(buchung.mailsprache):
        return _build(buchung, data, token)


def _build(buchung, data: dict, token: str | None):
    if token is None:
        token = _fresh_token(buchung) if data.get("neuer_token") else data.get("token")
    context = dict(data["context"])
    if token:
        context["manage_url"] = manage_url(token)
    sequence = None
    if data["ics"]:  # rows queued before "sequenz" existed: the booking's last one
        sequence = data.get("sequenz", buchung.kalender_sequenz)
    return build_mail(
        buchung, data["template"], context, sequence=sequence, cancelled=data["cancelled"]
    )


def _send(
    buchung,
    template: str,
    context: dict,
    *,
    token: str | None = None,
    fresh_token: bool = False,
    sequence: int | None = None,
    cancelled: bool = False,
) -> bool:
    """Queued (EMAIL_QUEUE): one row now, rendered and sent by the outbox worker; otherwise
    rendered and sent at once. ``fresh_token``: the link may be made anew when the mail is
    built (nobody else holds ``token`` yet; without one it is always made then).
    ``sequence``: attach an .ics with this SEQUENCE.

    Returns False when the mail server failed a mail sent at once. The change the mail is
    about stands (it is committed), so the failure is logged, not raised: the caller tells
    the person instead of answering with an error page.
    """
    data = {
        "buchung": buchung.pk,
        "template": template,
        "context": context,
        "token": "" if fresh_token else (token or ""),
        "neuer_token": fresh_token,
        "ics": sequence is not None,
        "sequenz": sequence,
        "cancelled": cancelled,
    }
    try:
        outbox.deliver(build_from_outbox, data, buchung=buchung, token=token)
    except OSError as error:  # smtplib.SMTPException is one, so is a refused connection
        # The type only: the message of an SMTP error may repeat the address.
        logger.warning(
            "Mail %r about booking %s not sent: %s", template, buchung.pk, type(error).__name__
        )
        return False
    return True


def send_booking_mail(buchung, token: str, *, sequence: int | None = None) -> bool:
    """Right after booking: a reservation to confirm (without .ics: it is not confirmed yet),
    or (staff booked) the confirmation with the .ics of ``sequence``."""
    if buchung.status == "reserviert":
        return _send(buchung, "reserviert", {}, token=token, fresh_token=True)
    return _send(buchung, "bestaetigt", {}, token=token, fresh_token=True, sequence=sequence)


def send_confirmed_mail(buchung, token: str | None, *, sequence: int) -> bool:
    """``token`` None (staff confirmed): the mail carries a new link, made when it is built."""
    if token is None:
        context = {"neuer_link": True}
        return _send(buchung, "bestaetigt", context, fresh_token=True, sequence=sequence)
    return _send(buchung, "bestaetigt", {}, token=token, sequence=sequence)


def send_moved_mail(buchung, token: str, *, sequence: int | None = None) -> bool:
    """``sequence`` None: the booking is not confirmed yet, so no .ics."""
    return _send(buchung, "verschoben", {}, token=token, sequence=sequence)


def send_cancelled_mail(buchung, *, sequence: int | None = None) -> bool:
    """``sequence``: the cancellation .ics, when an .ics went out before."""
    return _send(buchung, "abgesagt", {}, sequence=sequence, cancelled=True)


def send_slot_cancelled_mail(buchung, grund: str, *, sequence: int | None = None) -> bool:
    context = {"grund": str(grund)}
    return _send(buchung, "termin_abgesagt", context, sequence=sequence, cancelled=True)


def send_lapsed_mail(buchung, *, sequence: int | None = None) -> bool:
    """The reservation was not confirmed in time. No link to manage it (there is nothing left
    to do with it), but one to book anew."""
    with translation.override(buchung.mailsprache):
        url = settings.PORTAL_BASE_URL + reverse(
            "sprechstunden:sprechstunde", args=[buchung.termin.sprechstunde_id]
        )
    context = {"sprechstunde_url": url}
    return _send(buchung, "verfallen", context, sequence=sequence, cancelled=True)


def send_reminder_mail(buchung, token: str, *, sequence: int) -> bool:
    return _send(buchung, "erinnerung", {}, token=token, fresh_token=True, sequence=sequence)


def reservation_deadline(buchung):
    """Until when a reservation waits for its confirmation: twice as long once extended."""
    minutes = settings.SPRECHSTUNDEN_RESERVIERUNG_MINUTEN * (2 if buchung.verlaengert else 1)
    return buchung.erstellt_am + timedelta(minutes=minutes)
