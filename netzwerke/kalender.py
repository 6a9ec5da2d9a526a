"""iCalendar for network meetings: one .ics per meeting and a subscribable feed per network.

Every meeting keeps its UID (``Treffen.uid``) for life and raises SEQUENCE on each change, so a
calendar that imported it once updates the same entry (moves, cancellations). Times are written
in Europe/Berlin with the compact VTIMEZONE shared with the Sprechstunden. Minutes never go into
a calendar: they may be internal, and a feed is readable by anybody who has its address.
"""

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar, Event

from saarlouis_portal.ical import uid_host, vtimezone

PRODID = "-//Sozialplanungs-Portal//Netzwerke//DE"


def _calendar(name: str | None = None) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    if name:
        calendar.add("x-wr-calname", name)
        calendar.add("x-wr-timezone", settings.TIME_ZONE)
    calendar.add_component(vtimezone(settings.TIME_ZONE))
    return calendar


def event_for(treffen) -> Event:
    event = Event()
    event.add("uid", f"treffen-{treffen.uid}@{uid_host()}")
    # DTSTAMP follows the last change (not the request time), so the feed is stable between
    # changes and caches/ETags work.
    event.add("dtstamp", treffen.geaendert_am or timezone.now())
    event.add("last-modified", treffen.geaendert_am or timezone.now())
    event.add("dtstart", timezone.localtime(treffen.beginn))
    event.add("dtend", timezone.localtime(treffen.ende))
    event.add("summary", f"{treffen.titel} ({treffen.netzwerk.name})")
    if treffen.ort_anzeige:
        event.add("location", treffen.ort_anzeige)
    if treffen.tagesordnung:
        event.add("description", treffen.tagesordnung)
    if treffen.netzwerk.oeffentlich:
        event.add("url", settings.PORTAL_BASE_URL + reverse("netzwerke:treffen", args=[treffen.pk]))
    event.add("sequence", treffen.sequenz)
    event.add("status", "CANCELLED" if treffen.abgesagt else "CONFIRMED")
    return event


def ics_treffen(treffen) -> bytes:
    calendar = _calendar()
    calendar.add_component(event_for(treffen))
    return calendar.to_ical()


def ics_feed(netzwerk, treffen) -> bytes:
    """The network's calendar: ``treffen`` should be its meetings (usually the last year and
    everything ahead)."""
    return ics_kalender(netzwerk.name, treffen)


def ics_kalender(name: str, treffen) -> bytes:
    """A calendar called ``name`` of ``treffen`` (of one network or, in a staff member's own
    feed, of every network they may see)."""
    calendar = _calendar(name)
    for item in treffen:
        calendar.add_component(event_for(item))
    return calendar.to_ical()
