"""Mails, calendar texts and reminders to a citizen speak the language the booking was made in:
stored with the booking, used when the mail is built, also later by the outbox worker or the
reminder command, where German is active."""

import re
from datetime import datetime
from io import StringIO

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from icalendar import Calendar

from saarlouis_portal.postausgang.outbox import QUEUED_BACKEND
from sprechstunden.models import Beratungsthema, Buchung, Termin
from sprechstunden.services.booking import BuchungsDaten, book_termin
from sprechstunden.services.manage import confirm_buchung
from sprechstunden.services.periodic import send_reminders
from sprechstunden.services.slots import generate_slots
from tests.sprechstunden.conftest import BERLIN

pytestmark = pytest.mark.django_db


@pytest.fixture
def mails(django_capture_on_commit_callbacks):
    """Run the mails a service sends after its commit (the test's transaction never commits)."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def termin(vormittag, jetzt):
    vormittag.themen.set(Beratungsthema.objects.filter(slug__in=["geldsorgen", "wohnen"]))
    generate_slots(vormittag)
    return Termin.objects.get(beginn=datetime(2026, 11, 26, 9, 0, tzinfo=BERLIN))


def _post(client, termin, language):
    data = {
        "thema": Beratungsthema.objects.get(slug="wohnen").pk,
        "email": "ayse@example.org",
        "einwilligung": "on",
    }
    path = reverse("sprechstunden:buchen", args=[termin.pk])
    return client.post(f"/{language}{path}", data)


def test_a_booking_on_a_turkish_page_mails_in_turkish(client, termin, mails):
    with mails():
        assert _post(client, termin, "tr").status_code == 302
    buchung = Buchung.objects.get()
    assert buchung.mailsprache == "tr"
    [message] = mail.outbox
    assert "Guten Tag" not in message.body
    assert re.search(r"http://testserver/tr/sprechstunden/buchung/[\w-]{20,}/", message.body)
    html = message.alternatives[0].content
    assert '<html lang="tr" dir="ltr">' in html


def test_an_arabic_mail_is_right_to_left(client, termin, mails):
    with mails():
        _post(client, termin, "ar")
    [message] = mail.outbox
    assert '<html lang="ar" dir="rtl">' in message.alternatives[0].content


def test_the_queued_mail_and_the_reminder_keep_the_language(client, termin, settings, mails):
    settings.EMAIL_BACKEND = QUEUED_BACKEND
    settings.POSTAUSGANG_EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with mails():
        _post(client, termin, "uk")
    buchung = Buchung.objects.get()
    call_command("send_queued_mail", stdout=StringIO())  # runs with German active
    [reserved] = mail.outbox
    token = re.search(r"/uk/sprechstunden/buchung/([\w-]{20,})/", reserved.body).group(1)
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with mails():
        confirm_buchung(token)
    with time_machine.travel(datetime(2026, 11, 25, 10, 0, tzinfo=BERLIN), tick=False):
        assert send_reminders() == 1
    reminder = mail.outbox[-1]
    assert "Guten Tag" not in reminder.body
    assert "/uk/sprechstunden/buchung/" in reminder.body
    [ics] = [a for a in reminder.attachments if a[0] == "termin.ics"]
    summary = str(Calendar.from_ical(ics[1]).walk("VEVENT")[0]["SUMMARY"])
    assert summary.startswith("Консультація: ")
    assert buchung.pk == Buchung.objects.get().pk


def test_staff_bookings_and_unknown_languages_mail_in_german(termin, mails):
    thema = Beratungsthema.objects.get(slug="wohnen")
    with mails():
        buchung, _token = book_termin(
            termin.pk, BuchungsDaten(thema=thema, email="a@example.org", mailsprache="xx")
        )
    assert buchung.mailsprache == "de"
    assert "Guten Tag" in mail.outbox[0].body
