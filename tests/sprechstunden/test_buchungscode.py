"""The booking code: six characters without look-alikes on every booking, unique among current
bookings, shown where people and staff need it, given to existing bookings by the data
migration, blanked with the personal data."""

import importlib
import re
import secrets
from datetime import datetime

import pytest
import time_machine
from django.apps import apps as django_apps
from django.core import mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from icalendar import Calendar

from sprechstunden.models import (
    BUCHUNGSCODE_ZEICHEN,
    Buchung,
    Termin,
    format_buchungscode,
    normalise_buchungscode,
)
from sprechstunden.services.booking import BuchungsDaten, book_termin
from sprechstunden.services.manage import confirm_buchung, delete_personal_data
from sprechstunden.services.periodic import purge_personal_data
from sprechstunden.services.slots import generate_slots
from tests.sprechstunden.conftest import BERLIN

CODE = re.compile(rf"^[{BUCHUNGSCODE_ZEICHEN}]{{6}}$")


def slot(day, hour, minute=0):
    return Termin.objects.get(beginn=datetime(2026, 11, day, hour, minute, tzinfo=BERLIN))


@pytest.fixture
def termine(vormittag, jetzt):
    generate_slots(vormittag)
    return vormittag


def book(termin, thema, **contact):
    return book_termin(termin.pk, BuchungsDaten(thema=thema, **contact))


def test_the_alphabet_has_no_look_alikes():
    assert len(BUCHUNGSCODE_ZEICHEN) == len(set(BUCHUNGSCODE_ZEICHEN)) == 25
    for look_alike in "0O1IL5S2Z8B":
        assert look_alike not in BUCHUNGSCODE_ZEICHEN


def test_every_booking_gets_its_own_code(termine, thema, planer):
    online, _ = book(slot(26, 9), thema, email="a@example.org")
    phone, _ = book(slot(26, 10), thema, telefon="07127 1234")
    staff, _ = book_termin(
        slot(26, 10, 30).pk, BuchungsDaten(thema=thema, telefon="07127 5678"), by=planer
    )
    codes = [b.code for b in Buchung.objects.all()]
    assert all(CODE.match(code) for code in codes)
    assert len(set(codes)) == 3
    assert online.code_anzeige == f"{online.code[:3]}-{online.code[3:]}"
    assert staff.code
    assert phone.code


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("K7M-4PQ", "K7M4PQ"),
        ("k7m4pq", "K7M4PQ"),
        (" k7m 4pq ", "K7M4PQ"),
        ("K7M–4PQ", "K7M4PQ"),  # an en dash, as word processors write it
        ("K7M\u00a04PQ", "K7M4PQ"),
        ("K7M-4P", None),
        ("K7M-4PQA", None),
        ("K0M-4PQ", None),  # 0 is not in the alphabet
        ("<script>", None),
        ("", None),
        (None, None),
    ],
)
def test_typed_codes_are_read_with_or_without_dash_and_in_any_case(typed, stored):
    assert normalise_buchungscode(typed) == stored


def test_a_code_is_shown_in_two_groups():
    assert format_buchungscode("K7M4PQ") == "K7M-4PQ"
    assert format_buchungscode("") == ""


def test_a_code_drawn_twice_is_drawn_again(termine, thema, monkeypatch):
    first, _ = book(slot(26, 9), thema, email="a@example.org")
    # The next draws repeat the first booking's code once, then give another one.
    draws = iter(first.code + "ACDEFG")
    monkeypatch.setattr(secrets, "choice", lambda alphabet: next(draws))
    second, _ = book(slot(26, 10), thema, email="b@example.org")
    assert second.code == "ACDEFG"
    assert Buchung.objects.count() == 2


def test_the_database_refuses_a_code_twice_but_not_two_blank_ones(termine, thema):
    first, _ = book(slot(26, 9), thema, email="a@example.org")
    second, _ = book(slot(26, 10), thema, email="b@example.org")
    with pytest.raises(IntegrityError), transaction.atomic():
        Buchung.objects.filter(pk=second.pk).update(code=first.code)
    Buchung.objects.update(code="")
    assert Buchung.objects.filter(code="").count() == 2


def test_the_data_migration_gives_existing_bookings_codes_of_their_own(termine, thema):
    for hour in (9, 10):
        book(slot(26, hour), thema, email=f"person{hour}@example.org")
    purged, _ = book(slot(30, 9), thema, telefon="07127 1234")
    Buchung.objects.update(code="")
    Buchung.objects.filter(pk=purged.pk).update(telefon="", name="", notiz="")
    migration = importlib.import_module("sprechstunden.migrations.0014_buchungscode_warteliste")
    migration.give_codes(django_apps, None)
    codes = dict(Buchung.objects.values_list("pk", "code"))
    assert codes.pop(purged.pk) == ""
    assert all(CODE.match(code) for code in codes.values())
    assert len(set(codes.values())) == 2


# Where the code is shown


def test_the_mails_and_the_calendar_file_carry_the_code(
    termine, thema, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        buchung, token = book(slot(26, 9), thema, email="a@example.org")
    reserved = mail.outbox[-1]
    assert f"Buchungscode: {buchung.code_anzeige}" in reserved.body
    assert "http://testserver/sprechstunden/buchung-finden/" in reserved.body
    assert buchung.code_anzeige in reserved.alternatives[0][0]
    with django_capture_on_commit_callbacks(execute=True):
        confirm_buchung(token)
    confirmed = mail.outbox[-1]
    assert f"Buchungscode: {buchung.code_anzeige}" in confirmed.body
    ics = Calendar.from_ical(confirmed.attachments[0][1])
    event = next(c for c in ics.walk() if c.name == "VEVENT")
    assert str(event["DESCRIPTION"]) == f"Buchungscode: {buchung.code_anzeige}"


def test_the_done_page_of_a_phone_booking_shows_the_code(client, termine, thema):
    client.post(
        reverse("sprechstunden:buchen", args=[slot(26, 9).pk]),
        {"thema": thema.pk, "telefon": "07127 1234", "einwilligung": "on"},
    )
    buchung = Buchung.objects.get()
    response = client.get(reverse("sprechstunden:fertig"))
    html = response.content.decode()
    assert "Ihr Buchungscode" in html
    assert f'<bdi dir="ltr">{buchung.code_anzeige}</bdi>' in html
    assert reverse("sprechstunden:buchung_finden") in html


def test_the_done_page_of_an_email_booking_shows_the_code(client, termine, thema):
    response = client.post(
        reverse("sprechstunden:buchen", args=[slot(26, 9).pk]),
        {"thema": thema.pk, "email": "a@example.org", "einwilligung": "on"},
        follow=True,
    )
    assert Buchung.objects.get().code_anzeige in response.content.decode()


def test_the_manage_page_shows_the_code(client, termine, thema):
    buchung, token = book(slot(26, 9), thema, email="a@example.org")
    response = client.get(reverse("sprechstunden:buchung_verwalten", args=[token]))
    assert buchung.code_anzeige in response.content.decode()


def test_staff_see_the_code_in_the_day_list_and_on_the_slot(
    client, termine, thema, beratung_im_vormittag
):
    buchung, _ = book(slot(26, 9), thema, telefon="07127 1234")
    client.force_login(beratung_im_vormittag)
    tagesliste = client.get(reverse("sprechstunden:tagesliste"), {"datum": "2026-11-26"})
    assert buchung.code_anzeige in tagesliste.content.decode()
    termin = client.get(reverse("sprechstunden:termin", args=[buchung.termin_id]))
    assert buchung.code_anzeige in termin.content.decode()


# Deleted with the personal data


def test_the_code_goes_with_the_personal_data(termine, thema):
    kept, _ = book(slot(26, 9), thema, email="a@example.org")
    deleted, _ = book(slot(26, 10), thema, email="b@example.org")
    delete_personal_data(deleted)
    deleted.refresh_from_db()
    assert deleted.code == ""
    with time_machine.travel(datetime(2027, 3, 1, tzinfo=BERLIN), tick=False):
        assert purge_personal_data() == 1
    kept.refresh_from_db()
    assert kept.code == ""
