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


def _send(buchung, template: str, context: dict, *, ics: bool = True, cancelled=False) -> None:
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
    message.send()


def send_booking_mail(buchung, token: str) -> None:
    """Right after booking: a reservation to confirm, or (staff booked) the confirmation."""
    template = "reserviert" if buchung.status == "reserviert" else "bestaetigt"
    _send(buchung, template, {"manage_url": manage_url(token)})


def send_confirmed_mail(buchung, token: str) -> None:
    _send(buchung, "bestaetigt", {"manage_url": manage_url(token)})


def send_moved_mail(buchung, token: str) -> None:
    _send(buchung, "verschoben", {"manage_url": manage_url(token)})


def send_cancelled_mail(buchung) -> None:
    _send(buchung, "abgesagt", {}, cancelled=True)


def send_slot_cancelled_mail(buchung, grund: str) -> None:
    _send(buchung, "termin_abgesagt", {"grund": grund}, cancelled=True)


def send_reminder_mail(buchung, token: str) -> None:
    _send(buchung, "erinnerung", {"manage_url": manage_url(token)})


def reservation_deadline(buchung):
    return buchung.erstellt_am + timedelta(minutes=settings.SPRECHSTUNDEN_RESERVIERUNG_MINUTEN)
