from datetime import datetime
from io import StringIO

import pytest
import time_machine
from auditlog.models import LogEntry
from django.core import mail
from django.core.management import call_command
from icalendar import Calendar

from sprechstunden.models import Beratungskontakt, Buchung, BuchungStatus, Termin
from sprechstunden.services.booking import BuchungsDaten, book_termin
from sprechstunden.services.manage import confirm_buchung
from sprechstunden.services.slots import generate_slots
from tests.sprechstunden.conftest import BERLIN


def at(day, hour, minute=0, month=11):
    return time_machine.travel(datetime(2026, month, day, hour, minute, tzinfo=BERLIN), tick=False)


def run(command, *args):
    out = StringIO()
    call_command(command, *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def termine(vormittag, jetzt):
    generate_slots(vormittag)


def slot(day, hour):
    return Termin.objects.get(beginn=datetime(2026, 11, day, hour, 0, tzinfo=BERLIN))


def test_unconfirmed_reservations_expire_after_30_minutes_and_free_the_slot(termine, thema):
    buchung, _ = book_termin(slot(26, 9).pk, BuchungsDaten(thema=thema, email="a@example.org"))
    with at(23, 8, 29):
        assert "0 Reservierungen" in run("expire_reservations")
    with at(23, 8, 31):
        assert "Probelauf: 1" in run("expire_reservations", "--dry-run")
        assert "1 Reservierungen" in run("expire_reservations")
        assert "0 Reservierungen" in run("expire_reservations")
        buchung.refresh_from_db()
        assert buchung.status == BuchungStatus.ABGELAUFEN
        assert slot(26, 9) in Termin.objects.bookable()


def test_a_lapsed_reservation_is_told_by_mail_without_a_calendar_file(
    termine, thema, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        book_termin(slot(26, 9).pk, BuchungsDaten(thema=thema, email="a@example.org"))
        book_termin(slot(26, 10).pk, BuchungsDaten(thema=thema, telefon="07127 1"))
    mail.outbox.clear()
    with at(23, 8, 31), django_capture_on_commit_callbacks(execute=True):
        run("expire_reservations", "--dry-run")
        assert mail.outbox == []
        run("expire_reservations")
    [message] = mail.outbox
    assert message.to == ["a@example.org"]
    assert message.subject == "Ihre Reservierung in der Sprechstunde ist verfallen"
    assert "nicht innerhalb von 30 Minuten bestätigt" in message.body
    assert "Donnerstag, 26. November 2026, 09:00–09:30 Uhr" in message.body
    assert f"http://testserver/sprechstunden/{slot(26, 9).sprechstunde_id}/" in message.body
    assert "/sprechstunden/buchung/" not in message.body  # nothing left to manage
    assert message.attachments == []  # no calendar file went out for a reservation
    with at(23, 8, 40), django_capture_on_commit_callbacks(execute=True):
        run("expire_reservations")
    assert len(mail.outbox) == 1  # told once


def test_a_lapse_cancels_a_calendar_file_that_did_go_out(
    termine, thema, django_capture_on_commit_callbacks
):
    """Today a reservation has no .ics; should one have had one (an earlier version mailed it
    with the reservation), the lapse takes it out of the calendar again."""
    buchung, _ = book_termin(slot(26, 9).pk, BuchungsDaten(thema=thema, email="a@example.org"))
    Buchung.objects.filter(pk=buchung.pk).update(kalender_sequenz=1)
    with at(23, 8, 31), django_capture_on_commit_callbacks(execute=True):
        run("expire_reservations")
    [message] = mail.outbox
    [(_name, content, _type)] = message.attachments
    calendar = Calendar.from_ical(content)
    event = calendar.walk("VEVENT")[0]
    assert calendar["METHOD"] == "CANCEL"
    assert (event["STATUS"], event["SEQUENCE"]) == ("CANCELLED", 2)
    assert str(event["UID"]) == f"buchung-{buchung.pk}@testserver"
    assert "ORGANIZER" in event
    assert Buchung.objects.get(pk=buchung.pk).kalender_sequenz == 2


def test_confirmed_and_phone_bookings_do_not_expire(termine, thema):
    confirmed, token = book_termin(
        slot(26, 9).pk, BuchungsDaten(thema=thema, email="a@example.org")
    )
    confirm_buchung(token)
    request, _ = book_termin(slot(26, 10).pk, BuchungsDaten(thema=thema, telefon="1"))
    with at(24, 9):
        run("expire_reservations")
    assert {b.status for b in Buchung.objects.all()} == {
        BuchungStatus.BESTAETIGT,
        BuchungStatus.ANFRAGE,
    }


def test_reminders_go_out_the_day_before_and_never_twice(
    termine, thema, django_capture_on_commit_callbacks
):
    _b, token = book_termin(slot(26, 9).pk, BuchungsDaten(thema=thema, email="a@example.org"))
    confirm_buchung(token)
    book_termin(slot(30, 9).pk, BuchungsDaten(thema=thema, email="b@example.org"))  # later
    mail.outbox.clear()
    with at(25, 10):
        assert "Probelauf: 1" in run("send_reminders", "--dry-run")
        assert "1 Erinnerungen" in run("send_reminders")
        assert "0 Erinnerungen" in run("send_reminders")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["a@example.org"]
    assert "Erinnerung" in mail.outbox[0].subject


def test_personal_data_is_purged_after_the_retention_period(termine, thema, beratung, settings):
    settings.SPRECHSTUNDEN_AUFBEWAHRUNG_TAGE = 90
    buchung, _ = book_termin(
        slot(26, 9).pk, BuchungsDaten(thema=thema, email="a@example.org", name="Kim", notiz="Miete")
    )
    with at(27, 9):
        from sprechstunden.services.outcomes import record_outcome

        record_outcome(thema=thema, erstkontakt=True, by=beratung, buchung=buchung)
    with at(20, 9, month=12):
        assert "Probelauf: Sprechstunden-Buchungen: 0" in run("purge_personal_data", "--dry-run")
    with time_machine.travel(datetime(2027, 3, 1, 9, tzinfo=BERLIN), tick=False):
        output = run("purge_personal_data")
        assert "Sprechstunden-Buchungen: 1 gelöscht" in output
        assert "Sprechstunden-Buchungen: 0 gelöscht" in run("purge_personal_data")
    buchung.refresh_from_db()
    assert (buchung.name, buchung.email, buchung.notiz) == ("", "", "")
    assert Beratungskontakt.objects.count() == 1  # the anonymous statistic stays
    for entry in LogEntry.objects.get_for_object(buchung):
        assert "a@example.org" not in str(entry.changes)
        assert entry.object_repr == "[gelöscht]"
