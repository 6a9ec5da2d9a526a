"""The iCalendar feed of a place's public offers."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from begegnung.models import Angebot

BERLIN = ZoneInfo("Europe/Berlin")
pytestmark = pytest.mark.django_db


def _feed(client, ort):
    response = client.get(f"/orte/{ort.pk}/angebote.ics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return Calendar.from_ical(response.content)


def test_feed_has_rrules_local_times_and_stable_uids(client, oeffentliches_verzeichnis):
    ort = oeffentliches_verzeichnis
    calendar = _feed(client, ort)
    [tz] = calendar.walk("VTIMEZONE")
    assert str(tz["TZID"]) == "Europe/Berlin"
    events = {str(e["SUMMARY"]): e for e in calendar.walk("VEVENT")}
    assert set(events) == {"Sprachcafé", "Elterntreff", "Stadtteilfest"}  # public only

    cafe = events["Sprachcafé"]
    sprachcafe = Angebot.objects.get(titel="Sprachcafé")
    assert str(cafe["UID"]).startswith(f"angebot-{sprachcafe.uid}@")
    start = cafe.decoded("DTSTART")
    assert start == datetime(2026, 1, 6, 15, 0, tzinfo=start.tzinfo)  # first Tuesday from 1 Jan
    assert cafe["DTSTART"].params["TZID"] == "Europe/Berlin"
    assert cafe.decoded("DTEND").hour == 17
    assert cafe["RRULE"]["FREQ"] == ["WEEKLY"]
    assert cafe["RRULE"]["BYDAY"] == ["TU"]

    eltern = events["Elterntreff"]
    assert eltern["RRULE"]["FREQ"] == ["MONTHLY"]
    assert eltern["RRULE"]["BYDAY"] == ["-1FR"]
    assert eltern.decoded("DTSTART").weekday() == 4

    fest = events["Stadtteilfest"]
    assert "RRULE" not in fest
    assert fest.decoded("DTSTART").replace(tzinfo=None) == datetime(2027, 6, 5, 14, 0)
    # Summer time: 14:00 in Berlin is 12:00 UTC.
    assert fest.decoded("DTSTART").utcoffset().total_seconds() == 7200

    # UIDs stay the same on the next download, so calendars update instead of duplicating.
    again = {str(e["SUMMARY"]): str(e["UID"]) for e in _feed(client, ort).walk("VEVENT")}
    assert again == {k: str(v["UID"]) for k, v in events.items()}


def test_feed_until_is_utc(client, quartiersbuero):
    from datetime import date, time

    Angebot.objects.create(
        ort=quartiersbuero,
        titel="Kurs",
        wochentag=0,
        beginn=time(9),
        gueltig_ab=date(2026, 1, 5),
        gueltig_bis=date(2026, 3, 30),
    )
    [event] = _feed(client, quartiersbuero).walk("VEVENT")
    until = event["RRULE"]["UNTIL"][0]
    assert until.utcoffset().total_seconds() == 0
    assert until.astimezone(BERLIN).date() == date(2026, 3, 30)


def test_feed_of_a_place_without_offers_is_valid(client, anderer_ort):
    calendar = _feed(client, anderer_ort)
    assert calendar.walk("VEVENT") == []
