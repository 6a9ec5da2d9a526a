from datetime import datetime

from icalendar import Calendar

from sprechstunden.models import Termin
from sprechstunden.notifications import ics_for
from sprechstunden.services.booking import BuchungsDaten, book_termin
from sprechstunden.services.slots import generate_slots
from tests.sprechstunden.conftest import BERLIN


def test_the_ics_carries_local_time_a_stable_uid_and_a_correct_time_zone(vormittag, jetzt, thema):
    generate_slots(vormittag)
    termin = Termin.objects.get(beginn=datetime(2026, 11, 26, 9, 0, tzinfo=BERLIN))
    buchung, _token = book_termin(termin.pk, BuchungsDaten(thema=thema, email="a@example.org"))
    calendar = Calendar.from_ical(ics_for(buchung))
    event = calendar.walk("VEVENT")[0]
    assert event["DTSTART"].dt == datetime(2026, 11, 26, 9, 0, tzinfo=BERLIN)
    assert event["DTSTART"].params["TZID"] == "Europe/Berlin"
    assert str(event["UID"]) == Calendar.from_ical(ics_for(buchung)).walk("VEVENT")[0]["UID"]
    assert "Büro im Rathaus Pliezhausen" in str(event["LOCATION"])
    zone = calendar.walk("VTIMEZONE")[0].to_tz()
    assert datetime(2027, 7, 1, 9, tzinfo=zone).utcoffset().total_seconds() == 7200
    assert datetime(2027, 1, 1, 9, tzinfo=zone).utcoffset().total_seconds() == 3600
    cancelled = Calendar.from_ical(ics_for(buchung, cancelled=True))
    assert cancelled["METHOD"] == "CANCEL"
    assert cancelled.walk("VEVENT")[0]["STATUS"] == "CANCELLED"
