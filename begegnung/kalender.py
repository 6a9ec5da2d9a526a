"""The iCalendar feed of a place's public offers: a recurring offer is one VEVENT with an RRULE,
single dates are one VEVENT each. Times are local Europe/Berlin with the compact VTIMEZONE of
the Sprechstunden e-mails; UIDs come from ``Angebot.uid`` so calendars update entries in place.
"""

from datetime import UTC, datetime, time
from urllib.parse import urlsplit

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar, Event

from begegnung import services
from begegnung.models import Wiederholung
from saarlouis_portal.ical import vtimezone

_BYDAY = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]


def _host() -> str:
    return urlsplit(settings.PORTAL_BASE_URL).hostname or "localhost"


def _rrule(angebot) -> dict | None:
    if angebot.wochentag is None or angebot.beginn is None:
        return None
    tag = _BYDAY[angebot.wochentag]
    if angebot.wiederholung == Wiederholung.MONATLICH:
        regel = {"freq": "MONTHLY", "byday": f"{angebot.woche_im_monat or 1}{tag}"}
    else:
        regel = {"freq": "WEEKLY", "byday": tag}
    if angebot.gueltig_bis:
        # UNTIL must be UTC when DTSTART carries a time zone (RFC 5545 3.3.10).
        ende = datetime.combine(
            angebot.gueltig_bis, time(23, 59, 59), tzinfo=timezone.get_default_timezone()
        )
        regel["until"] = ende.astimezone(UTC)
    return regel


def _event(angebot, ort, uid: str, start: datetime, ende: datetime | None) -> Event:
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", timezone.now())
    event.add("dtstart", start)
    if ende:
        event.add("dtend", ende)
    event.add("summary", angebot.titel)
    event.add("location", ", ".join(x for x in [ort.name, ort.strasse, ort.ortsname] if x))
    url = settings.PORTAL_BASE_URL + reverse("begegnung:angebot", args=[angebot.pk])
    event.add("url", url)
    if angebot.beschreibung:
        event.add("description", angebot.beschreibung)
    return event


def ics_for_ort(ort, angebote) -> bytes:
    """``angebote``: the public offers of ``ort`` with their ``termine`` prefetched."""
    zone = timezone.get_default_timezone()
    calendar = Calendar()
    calendar.add("prodid", "-//Sozialplanungs-Portal//Orte der Begegnung//DE")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", ort.name)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    calendar.add_component(vtimezone(settings.TIME_ZONE))
    host = _host()
    for angebot in angebote:
        if angebot.wiederholung == Wiederholung.EINZELTERMINE:
            for termin in angebot.termine.all():
                start = datetime.combine(termin.datum, termin.beginn, tzinfo=zone)
                ende = datetime.combine(termin.datum, termin.ende, tzinfo=zone)
                uid = f"angebot-{angebot.uid}-{termin.datum:%Y%m%d}-{termin.beginn:%H%M}@{host}"
                calendar.add_component(_event(angebot, ort, uid, start, ende))
            continue
        regel = _rrule(angebot)
        if regel is None:
            continue
        erster = services.next_termine(
            angebot,
            ab=datetime.combine(
                angebot.gueltig_ab or timezone.localdate(angebot.erstellt_am, zone),
                time.min,
                tzinfo=zone,
            ),
            anzahl=1,
        )
        if not erster:
            continue
        start, ende = erster[0]
        event = _event(angebot, ort, f"angebot-{angebot.uid}@{host}", start, ende)
        event.add("rrule", regel)
        calendar.add_component(event)
    return calendar.to_ical()
