"""The calendar files of a booking: an .ics only once the booking is confirmed, SEQUENCE counted
per booking, and a cancellation (METHOD:CANCEL with ORGANIZER) whenever a booking that had an
.ics ends, whoever ends it."""

from datetime import datetime

import pytest
import time_machine
from django.core import mail
from icalendar import Calendar

from sprechstunden.models import Buchung, BuchungStatus, Kanal, Termin
from sprechstunden.services.booking import BuchungsDaten, book_termin, move_buchung
from sprechstunden.services.manage import cancel_buchung, confirm_buchung, confirm_request_by_staff
from sprechstunden.services.periodic import send_reminders
from sprechstunden.services.slots import cancel_termin, generate_slots
from tests.sprechstunden.conftest import BERLIN


def slot(day, hour, minute=0):
    return Termin.objects.get(beginn=datetime(2026, 11, day, hour, minute, tzinfo=BERLIN))


@pytest.fixture
def termine(vormittag, jetzt):
    generate_slots(vormittag)


@pytest.fixture
def mails(django_capture_on_commit_callbacks):
    """Run the mails a service sends after its commit (the test's transaction never commits)."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def book(thema, day=26, hour=9, **contact):
    contact = contact or {"email": "ayse@example.org"}
    return book_termin(slot(day, hour).pk, BuchungsDaten(thema=thema, **contact))


@pytest.fixture
def bestaetigt(termine, thema, mails):
    """Booked and confirmed by link for Thursday 26 November, 9:00; its mails are cleared."""
    with mails():
        buchung, token = book(thema)
        confirm_buchung(token)
    mail.outbox.clear()
    return Buchung.objects.get(pk=buchung.pk), token


def calendar_of(message) -> Calendar:
    [(filename, content, mimetype)] = message.attachments
    assert (filename, mimetype) == ("termin.ics", "text/calendar")
    return Calendar.from_ical(content)


def event_of(message):
    return calendar_of(message).walk("VEVENT")[0]


def sequence(buchung) -> int:
    return Buchung.objects.get(pk=buchung.pk).kalender_sequenz


# Only a confirmed booking goes into a calendar


def test_the_reservation_mail_carries_no_calendar_file(termine, thema, mails):
    with mails():
        buchung, _token = book(thema)
    [message] = mail.outbox
    assert message.attachments == []
    assert "Kalender" not in message.subject
    assert sequence(buchung) == 0


def test_the_confirmation_mail_carries_the_confirmed_event_with_sequence_1(termine, thema, mails):
    with mails():
        buchung, token = book(thema)
        confirm_buchung(token)
    reservation, confirmation = mail.outbox
    assert reservation.attachments == []
    calendar = calendar_of(confirmation)
    assert calendar["METHOD"] == "PUBLISH"
    event = calendar.walk("VEVENT")[0]
    assert (event["STATUS"], event["SEQUENCE"]) == ("CONFIRMED", 1)
    assert str(event["UID"]) == f"buchung-{buchung.pk}@testserver"
    assert event.decoded("dtstart") == datetime(2026, 11, 26, 9, 0, tzinfo=BERLIN)
    assert "Im Anhang finden Sie den Termin für Ihren Kalender." in confirmation.body
    assert sequence(buchung) == 1


def test_a_second_click_on_confirm_sends_nothing_more(termine, thema, mails):
    with mails():
        buchung, token = book(thema)
        confirm_buchung(token)
        confirm_buchung(token)
    assert len(mail.outbox) == 2
    assert sequence(buchung) == 1


def test_a_staff_booking_is_confirmed_and_mailed_with_its_calendar_file_at_once(
    termine, thema, beratung, mails
):
    with mails():
        buchung, _token = book_termin(
            slot(26, 9).pk,
            BuchungsDaten(thema=thema, email="p@example.org", telefon="07127 2"),
            kanal=Kanal.TELEFON,
            by=beratung,
        )
    [message] = mail.outbox
    event = event_of(message)
    assert (event["STATUS"], event["SEQUENCE"]) == ("CONFIRMED", 1)
    assert sequence(buchung) == 1


def test_moving_a_reservation_mails_no_calendar_file(termine, thema, mails):
    with mails():
        buchung, token = book(thema)
        move_buchung(buchung, slot(30, 9).pk, token=token)
    reservation, moved = mail.outbox
    assert "verschoben" in moved.subject
    assert moved.attachments == []
    assert "Kalender" not in moved.body
    assert sequence(buchung) == 0


def test_cancelling_a_reservation_mails_no_calendar_file(termine, thema, mails):
    with mails():
        buchung, _token = book(thema)
        cancel_buchung(buchung)
    reservation, cancelled = mail.outbox
    assert "abgesagt" in cancelled.subject
    assert cancelled.attachments == []
    assert sequence(buchung) == 0


def test_staff_confirming_a_reservation_mails_the_calendar_file_and_a_new_link(
    termine, thema, planer, mails
):
    with mails():
        buchung, old_token = book(thema)
        confirm_request_by_staff(buchung, by=planer)
    reservation, confirmation = mail.outbox
    assert (event_of(confirmation)["STATUS"], event_of(confirmation)["SEQUENCE"]) == (
        "CONFIRMED",
        1,
    )
    assert "Dieser Link ersetzt die Links aus früheren E-Mails." in confirmation.body
    assert "/sprechstunden/buchung/" in confirmation.body
    assert old_token not in confirmation.body


# SEQUENCE: one counter per booking, not the clock


def test_changes_within_one_frozen_minute_raise_the_sequence_each_time(bestaetigt, mails):
    buchung, token = bestaetigt
    with mails():  # the clock stands still (tick=False): all of this happens in one instant
        buchung = move_buchung(buchung, slot(26, 10).pk, token=token)
        buchung = move_buchung(buchung, slot(30, 9).pk, token=token)
        cancel_buchung(buchung)
    events = [event_of(message) for message in mail.outbox]
    assert [event["SEQUENCE"] for event in events] == [2, 3, 4]
    assert [event["STATUS"] for event in events] == ["CONFIRMED", "CONFIRMED", "CANCELLED"]
    assert len({str(event["UID"]) for event in events}) == 1
    assert len({event.decoded("dtstamp") for event in events}) == 1  # same minute, same second
    assert sequence(buchung) == 4


def test_each_booking_counts_its_own_sequence(bestaetigt, thema, mails):
    with mails():
        _other, token = book(thema, day=30, email="kim@example.org")
        confirm_buchung(token)
    assert event_of(mail.outbox[-1])["SEQUENCE"] == 1
    assert sequence(bestaetigt[0]) == 1


def test_the_reminder_carries_the_next_sequence(bestaetigt):
    buchung, _token = bestaetigt
    with time_machine.travel(datetime(2026, 11, 25, 10, 0, tzinfo=BERLIN), tick=False):
        assert send_reminders() == 1
    [reminder] = mail.outbox
    assert (event_of(reminder)["STATUS"], event_of(reminder)["SEQUENCE"]) == ("CONFIRMED", 2)
    assert sequence(buchung) == 2


# Cancellations: METHOD:CANCEL, same UID, higher SEQUENCE, and an ORGANIZER


def test_a_citizen_cancellation_cancels_the_calendar_entry(bestaetigt, rathaus, mails):
    buchung, _token = bestaetigt
    rathaus.email = "sozialberatung@pliezhausen.example"
    rathaus.save()
    with mails():
        cancel_buchung(buchung)
    [message] = mail.outbox
    calendar = calendar_of(message)
    event = calendar.walk("VEVENT")[0]
    assert calendar["METHOD"] == "CANCEL"
    assert (event["STATUS"], event["SEQUENCE"]) == ("CANCELLED", 2)
    assert str(event["UID"]) == f"buchung-{buchung.pk}@testserver"
    assert str(event["ORGANIZER"]) == "mailto:sozialberatung@pliezhausen.example"
    assert event["ORGANIZER"].params["CN"] == "Büro im Rathaus Pliezhausen"
    assert "Im Anhang finden Sie die Absage für Ihren Kalender." in message.body


def test_without_an_address_of_the_anlaufstelle_the_organizer_is_the_sender_address(
    bestaetigt, settings, mails
):
    settings.DEFAULT_FROM_EMAIL = "Gemeinde Pliezhausen <termine@pliezhausen.example>"
    with mails():
        cancel_buchung(bestaetigt[0])
    organizer = event_of(mail.outbox[0])["ORGANIZER"]
    assert str(organizer) == "mailto:termine@pliezhausen.example"
    assert organizer.params["CN"] == "Gemeinde Pliezhausen"


def test_a_bare_sender_address_gets_the_portals_name(bestaetigt, settings, mails):
    settings.DEFAULT_FROM_EMAIL = "portal@pliezhausen.example"
    with mails():
        cancel_buchung(bestaetigt[0])
    organizer = event_of(mail.outbox[0])["ORGANIZER"]
    assert str(organizer) == "mailto:portal@pliezhausen.example"
    assert organizer.params["CN"] == f"Sozialplanungs-Portal {settings.PORTAL_NAME}"


def test_a_staff_cancellation_cancels_the_calendar_entry(bestaetigt, planer, mails):
    buchung, _token = bestaetigt
    with mails():
        cancel_buchung(buchung, by=planer)
    calendar = calendar_of(mail.outbox[0])
    assert calendar["METHOD"] == "CANCEL"
    assert calendar.walk("VEVENT")[0]["SEQUENCE"] == 2
    assert "ORGANIZER" in calendar.walk("VEVENT")[0]


def test_a_cancelled_slot_cancels_the_entries_that_went_out_and_no_others(
    termine, thema, planer, mails
):
    """A closure (Schliesszeit) only lists the bookings it hits; staff then cancel the slot
    or the booking, and these are the paths that mail the cancellation."""
    termin = slot(26, 9)
    termin.kapazitaet = 2
    termin.save()
    with mails():
        _confirmed, token = book(thema)
        confirm_buchung(token)
        reserved, _token = book(thema, email="kim@example.org")
    mail.outbox.clear()
    with mails():
        cancel_termin(termin, "Krankheit", by=planer)
    by_address = {message.to[0]: message for message in mail.outbox}
    cancellation = calendar_of(by_address["ayse@example.org"])
    assert cancellation["METHOD"] == "CANCEL"
    event = cancellation.walk("VEVENT")[0]
    assert (event["STATUS"], event["SEQUENCE"]) == ("CANCELLED", 2)
    assert "ORGANIZER" in event
    assert by_address["kim@example.org"].attachments == []
    assert Buchung.objects.get(pk=reserved.pk).status == BuchungStatus.STORNIERT
    assert sequence(reserved) == 0
