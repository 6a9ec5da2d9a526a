"""Booking mails through the outbox (EMAIL_QUEUE): stored with the booking, built and sent by
``manage.py send_queued_mail``, kept for a retry when the mail server fails."""

import re
import socket
from datetime import datetime
from io import StringIO

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from icalendar import Calendar

from saarlouis_portal.postausgang.models import Nachricht
from saarlouis_portal.postausgang.outbox import QUEUED_BACKEND
from sprechstunden.models import Buchung, BuchungStatus, Termin
from sprechstunden.services.booking import BuchungsDaten, book_termin
from sprechstunden.services.manage import (
    cancel_buchung,
    confirm_buchung,
    delete_personal_data,
    get_buchung_by_token,
)
from sprechstunden.services.slots import generate_slots
from tests.sprechstunden.conftest import BERLIN

LOCMEM = "django.core.mail.backends.locmem.EmailBackend"
SMTP = "django.core.mail.backends.smtp.EmailBackend"


@pytest.fixture
def queued(settings):
    settings.EMAIL_BACKEND = QUEUED_BACKEND
    settings.POSTAUSGANG_EMAIL_BACKEND = LOCMEM


@pytest.fixture
def smtp_down(settings):
    """A real SMTP backend aimed at a port nobody listens on: the connection is refused."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    settings.POSTAUSGANG_EMAIL_BACKEND = SMTP
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", port, 2
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False


@pytest.fixture
def termin(vormittag, jetzt):
    generate_slots(vormittag)
    return Termin.objects.get(beginn=datetime(2026, 11, 26, 9, 0, tzinfo=BERLIN))


def send_queued(*args):
    out = StringIO()
    call_command("send_queued_mail", *args, stdout=out)
    return out.getvalue()


def book(termin, thema, email="ayse@example.org"):
    return book_termin(termin.pk, BuchungsDaten(thema=thema, email=email))


def test_a_booking_stores_its_mail_and_the_worker_sends_it(queued, termin, thema):
    buchung, token = book(termin, thema)
    assert mail.outbox == []
    [nachricht] = Nachricht.objects.all()
    assert nachricht.daten["buchung"] == buchung.pk
    # The queue holds no usable link: the token is made when the mail is built.
    assert token not in str(nachricht.daten)
    assert "Probelauf: 1 E-Mails fällig" in send_queued("--dry-run")
    assert "1 gesendet" in send_queued()
    [message] = mail.outbox
    assert message.to == ["ayse@example.org"]
    mailed = re.search(r"http://testserver/sprechstunden/buchung/([\w-]+)/", message.body).group(1)
    assert get_buchung_by_token(mailed) == buchung
    assert message.attachments == []  # a reservation is in no calendar yet
    assert message.alternatives[0].mimetype == "text/html"
    # Sent means gone: no copy of the mail (with its manage link) stays in the database.
    assert not Nachricht.objects.exists()
    assert "0 gesendet" in send_queued()
    assert len(mail.outbox) == 1


def test_the_confirmation_carries_the_calendar_file_with_the_sequence_counted_when_queued(
    queued, termin, thema
):
    buchung, token = book(termin, thema)
    send_queued()
    mailed = re.search(r"/sprechstunden/buchung/([\w-]+)/", mail.outbox[0].body).group(1)
    confirm_buchung(mailed)
    cancel_buchung(buchung)
    # Both mails wait in the outbox; each keeps the SEQUENCE counted in its own transaction.
    assert [n.daten["sequenz"] for n in Nachricht.objects.order_by("pk")] == [1, 2]
    assert "2 gesendet" in send_queued()
    confirmed, cancelled = (Calendar.from_ical(m.attachments[0][1]) for m in mail.outbox[1:])
    event = confirmed.walk("VEVENT")[0]
    assert event.decoded("dtstart") == datetime(2026, 11, 26, 9, 0, tzinfo=BERLIN)
    assert (event["STATUS"], event["SEQUENCE"]) == ("CONFIRMED", 1)
    assert cancelled["METHOD"] == "CANCEL"
    assert cancelled.walk("VEVENT")[0]["SEQUENCE"] == 2


def test_the_booking_page_answers_without_sending_and_the_mail_follows(
    queued, client, termin, thema
):
    data = {"thema": thema.pk, "email": "ayse@example.org", "einwilligung": "on"}
    vormittag = termin.sprechstunde
    vormittag.themen.add(thema)
    response = client.post(f"/sprechstunden/termin/{termin.pk}/buchen/", data)
    assert response.status_code == 302
    assert mail.outbox == []
    send_queued()
    assert "Termin" in mail.outbox[0].subject


def test_a_failing_mail_server_keeps_the_booking_and_the_mail_for_a_retry(
    queued, smtp_down, termin, thema
):
    buchung, _token = book(termin, thema)
    assert "1 fehlgeschlagen" in send_queued()
    buchung.refresh_from_db()
    assert buchung.status == BuchungStatus.RESERVIERT
    [nachricht] = Nachricht.objects.all()
    assert nachricht.versuche == 1
    assert nachricht.fehler.startswith("ConnectionRefusedError")
    assert "ayse@example.org" not in nachricht.fehler
    # Not due again before the pause is over; then the next run sends it.
    assert "0 gesendet, 0 fehlgeschlagen" in send_queued()
    with time_machine.travel(datetime(2026, 11, 23, 8, 2, tzinfo=BERLIN), tick=False):
        assert "1 fehlgeschlagen" in send_queued()
    assert Nachricht.objects.get().versuche == 2


def test_the_mail_is_sent_after_the_server_is_back(queued, smtp_down, settings, termin, thema):
    book(termin, thema)
    send_queued()
    settings.POSTAUSGANG_EMAIL_BACKEND = LOCMEM
    with time_machine.travel(datetime(2026, 11, 23, 8, 2, tzinfo=BERLIN), tick=False):
        assert "1 gesendet" in send_queued()
    assert len(mail.outbox) == 1
    assert not Nachricht.objects.exists()


def test_a_mail_for_someone_who_deleted_their_data_is_dropped(queued, termin, thema):
    buchung, _token = book(termin, thema)
    delete_personal_data(buchung)
    assert "1 verworfen" in send_queued()
    assert mail.outbox == []
    assert not Nachricht.objects.exists()


def test_unsent_mails_are_deleted_by_the_retention_purge(queued, smtp_down, termin, thema):
    book(termin, thema)
    out = StringIO()
    with time_machine.travel(datetime(2026, 11, 30, 8, 1, tzinfo=BERLIN), tick=False):
        call_command("purge_personal_data", stdout=out)
    assert "Unversendete E-Mails: 1 gelöscht." in out.getvalue()
    assert not Nachricht.objects.exists()
    assert Buchung.objects.count() == 1
