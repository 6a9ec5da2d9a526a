"""iCalendar helpers shared by the apps that publish .ics files (Sprechstunden, Netzwerke)."""

from functools import cache
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from icalendar import Calendar, Event, Timezone

# Europe/Berlin as calendars expect it: two rules instead of the list of every change since
# 1970 that icalendar generates (whose serialisation was most of the cost of an .ics).
_BERLIN = """BEGIN:VTIMEZONE
TZID:Europe/Berlin
BEGIN:DAYLIGHT
TZOFFSETFROM:+0100
TZOFFSETTO:+0200
TZNAME:CEST
DTSTART:19700329T020000
RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU
END:DAYLIGHT
BEGIN:STANDARD
TZOFFSETFROM:+0200
TZOFFSETTO:+0100
TZNAME:CET
DTSTART:19701025T030000
RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU
END:STANDARD
END:VTIMEZONE
"""


@cache
def vtimezone(zone: str):
    """The VTIMEZONE component for ``zone`` (compact for Europe/Berlin)."""
    if zone == "Europe/Berlin":
        return Timezone.from_ical(_BERLIN.replace("\n", "\r\n"))
    calendar = Calendar()
    event = Event()
    event.add("dtstart", timezone.localtime(timezone.now()))
    calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.walk("VTIMEZONE")[0]


def uid_host() -> str:
    """The host part of UIDs: stable per installation."""
    return urlsplit(settings.PORTAL_BASE_URL).hostname or "localhost"


def private_feed_response(body: bytes, filename: str) -> HttpResponse:
    """A personal feed behind a secret address (``saarlouis_portal.konten.kalender``): for the
    person's calendar program only, never kept by a shared cache or passed on in a Referer."""
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    add_never_cache_headers(response)  # Cache-Control: max-age=0, no-cache, no-store, private
    response["Referrer-Policy"] = "no-referrer"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
