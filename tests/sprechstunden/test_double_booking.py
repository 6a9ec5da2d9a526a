"""One person, one seat per slot: the same booking sent twice (a double click, a reload) does
not book a second seat, and one phone number in any spelling is one person for the open-bookings
limit. The refusal is read under the slot's lock, so two identical bookings at the same moment
end the same way (PostgreSQL test at the end)."""

import unittest
from datetime import date, datetime, timedelta
from datetime import time as clock

import pytest
from django.db import connection
from django.test import TransactionTestCase
from django.urls import reverse
from django.utils import timezone

from saarlouis_portal.stammdaten.models import Gebiet, GebietArt
from sprechstunden.models import (
    BELEGEND,
    Anlaufstelle,
    Beratungsthema,
    Buchung,
    BuchungStatus,
    Sprechstunde,
    Termin,
)
from sprechstunden.services import booking
from sprechstunden.services.booking import BuchungsDaten, book_termin
from sprechstunden.services.errors import SchonGebucht, ZuVieleBuchungen
from sprechstunden.services.manage import cancel_buchung
from sprechstunden.services.slots import generate_slots
from tests.sprechstunden.conftest import BERLIN
from tests.sprechstunden.test_concurrency import race, wide_race_window

FERTIG = reverse("sprechstunden:fertig")


@pytest.fixture
def zweier(vormittag, jetzt):
    """The morning Sprechstunde with two counsellors: two seats per slot."""
    vormittag.kapazitaet = 2
    vormittag.save()
    generate_slots(vormittag)
    return vormittag


def slot(day, hour, minute=0):
    return Termin.objects.get(beginn=datetime(2026, 11, day, hour, minute, tzinfo=BERLIN))


def buchen(termin):
    return reverse("sprechstunden:buchen", args=[termin.pk])


def valid(thema, **overrides):
    data = {
        "thema": thema.pk,
        "email": "ayse@example.org",
        "telefon": "",
        "name": "Ayşe",
        "einwilligung": "on",
        "webseite": "",
        **overrides,
    }
    return data


def seats(termin):
    return Buchung.objects.filter(termin=termin, status__in=BELEGEND).count()


# The service


def test_the_same_email_address_gets_no_second_seat_in_a_slot(zweier, thema):
    termin = slot(26, 9)
    book_termin(termin.pk, BuchungsDaten(thema, email="ayse@example.org"))
    with pytest.raises(SchonGebucht, match="schon gebucht"):
        book_termin(termin.pk, BuchungsDaten(thema, email="AYSE@example.org"))
    assert seats(termin) == 1


def test_the_same_phone_number_in_another_spelling_gets_no_second_seat(zweier, thema):
    termin = slot(26, 9)
    book_termin(termin.pk, BuchungsDaten(thema, telefon="+4971271234"))
    for spelling in ["07127 1234", "071271234", "+49 7127 1234", "0049 (7127) 12-34"]:
        with pytest.raises(SchonGebucht):
            book_termin(termin.pk, BuchungsDaten(thema, telefon=spelling))
    assert seats(termin) == 1


def test_another_person_gets_the_second_seat(zweier, thema):
    termin = slot(26, 9)
    book_termin(termin.pk, BuchungsDaten(thema, email="ayse@example.org"))
    book_termin(termin.pk, BuchungsDaten(thema, email="dana@example.org"))
    assert seats(termin) == 2


def test_after_a_cancellation_the_person_may_book_the_slot_again(zweier, thema):
    termin = slot(26, 9)
    buchung, _token = book_termin(termin.pk, BuchungsDaten(thema, email="ayse@example.org"))
    cancel_buchung(buchung)
    book_termin(termin.pk, BuchungsDaten(thema, email="ayse@example.org"))
    assert seats(termin) == 1


def test_a_single_seat_slot_booked_twice_says_already_booked_not_taken(vormittag, jetzt, thema):
    generate_slots(vormittag)
    termin = slot(26, 9)
    book_termin(termin.pk, BuchungsDaten(thema, email="ayse@example.org"))
    with pytest.raises(SchonGebucht):
        book_termin(termin.pk, BuchungsDaten(thema, email="ayse@example.org"))


def test_staff_cannot_book_one_caller_twice_into_a_slot(zweier, thema, planer):
    termin = slot(26, 9)
    book_termin(termin.pk, BuchungsDaten(thema, telefon="07127 1234"), by=planer)
    with pytest.raises(SchonGebucht):
        book_termin(termin.pk, BuchungsDaten(thema, telefon="07127 12 34"), by=planer)
    assert seats(termin) == 1


def test_one_number_in_three_spellings_counts_as_one_person_for_the_open_bookings_limit(
    zweier, thema, settings
):
    settings.SPRECHSTUNDEN_MAX_OFFENE_BUCHUNGEN = 2
    book_termin(slot(26, 9).pk, BuchungsDaten(thema, telefon="06831 4430"))
    book_termin(slot(26, 10).pk, BuchungsDaten(thema, telefon="068314430"))
    with pytest.raises(ZuVieleBuchungen):
        book_termin(slot(30, 9).pk, BuchungsDaten(thema, telefon="+49 6831 4430"))
    assert set(Buchung.objects.values_list("telefon", flat=True)) == {"+4968314430"}


# The public form


def test_a_double_post_books_one_seat_and_the_second_answer_says_so(client, zweier, thema):
    termin = slot(26, 9)
    first = client.post(buchen(termin), valid(thema))
    assert first.status_code == 302
    second = client.post(buchen(termin), valid(thema))
    assert second.status_code == 200
    errors = " ".join(second.context["form"].non_field_errors())
    assert "ist dieser Termin schon gebucht" in errors
    assert "in Ihrer E-Mail" in errors
    assert "Telefon der Anlaufstelle: 07127 9770" in errors
    assert "Bitte prüfen Sie Ihre Eingaben" in second.content.decode()
    assert seats(termin) == 1


def test_a_double_post_of_a_phone_only_booking_shows_the_lost_first_answer(client, zweier, thema):
    """The first answer (with the manage link) never reached the browser: the second POST
    leads to it, and the link is still shown only once."""
    termin = slot(26, 9)
    data = valid(thema, email="", telefon="07127 1234")
    assert client.post(buchen(termin), data)["Location"] == FERTIG
    second = client.post(buchen(termin), data)
    assert second.status_code == 302
    assert second["Location"] == FERTIG
    page = client.get(FERTIG).content.decode()
    assert "/sprechstunden/buchung/" in page
    assert client.get(FERTIG)["Location"] == reverse("sprechstunden:index")
    assert seats(termin) == 1


def test_a_phone_only_double_post_after_the_done_page_gets_the_message(client, zweier, thema):
    termin = slot(26, 9)
    data = valid(thema, email="", telefon="07127 1234")
    client.post(buchen(termin), data)
    client.get(FERTIG)  # the link was shown
    second = client.post(buchen(termin), data)
    assert second.status_code == 200
    assert "schon gebucht" in " ".join(second.context["form"].non_field_errors())
    assert seats(termin) == 1


def test_staff_are_told_when_they_book_one_caller_twice(client, zweier, thema, planer):
    termin = slot(26, 9)
    client.force_login(planer)
    url = reverse("sprechstunden:staff_buchen", args=[termin.pk])
    data = {"thema": thema.pk, "name": "Herr K.", "telefon": "07127 1234", "einwilligung": "on"}
    assert client.post(url, data).status_code == 302
    second = client.post(url, {**data, "telefon": "+49 7127 1234"})
    assert second.status_code == 200
    assert "schon ein Platz gebucht" in " ".join(second.context["form"].non_field_errors())
    assert seats(termin) == 1


# Two identical bookings at the same moment (PostgreSQL)


@unittest.skipUnless(
    connection.vendor == "postgresql",
    "needs PostgreSQL (row locks, concurrent writers): run with "
    "DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal",
)
class DoubleSubmitUnderConcurrencyTests(TransactionTestCase):
    """Ten copies of one booking (one person) released at once into a slot with three seats:
    exactly one seat is taken, the others are told it is booked already."""

    def setUp(self):
        self.thema, _ = Beratungsthema.objects.get_or_create(
            slug="geldsorgen", defaults={"name": "Geldsorgen und Schulden", "reihenfolge": 1}
        )
        gebiet = Gebiet.objects.create(name="Pliezhausen", art=GebietArt.GEMEINDE)
        anlaufstelle = Anlaufstelle.objects.create(
            name="Rathaus Pliezhausen",
            gebiet=gebiet,
            strasse="Am Rathausplatz 1",
            plz="72124",
            ort="Pliezhausen",
            telefon="+4971279770",
        )
        sprechstunde = Sprechstunde.objects.create(
            anlaufstelle=anlaufstelle,
            titel="Offene Sozialberatung",
            wochentage=[0, 1, 2, 3, 4],
            beginn=clock(9),
            ende=clock(12),
            kapazitaet=3,
            gueltig_ab=date.today(),
        )
        sprechstunde.themen.add(self.thema)
        beginn = timezone.now().replace(microsecond=0) + timedelta(days=3)
        self.termin = Termin.objects.create(
            sprechstunde=sprechstunde,
            beginn=beginn,
            ende=beginn + timedelta(minutes=30),
            kapazitaet=3,
        )

    def test_ten_identical_bookings_at_once_take_one_seat(self):
        refused = []

        def attempt(i):
            try:
                booking.book_termin(self.termin.pk, BuchungsDaten(self.thema, telefon="07127 1234"))
            except SchonGebucht:
                refused.append(i)

        with wide_race_window():
            outcome = race(attempt, attempts=10)
        assert outcome.other_errors == []
        assert outcome.slot_taken_messages == []
        assert outcome.succeeded == 10  # the harness counts a caught refusal as no error
        assert len(refused) == 9
        assert list(
            Buchung.objects.filter(termin=self.termin).values_list("status", "telefon")
        ) == [(BuchungStatus.ANFRAGE, "+4971271234")]


def test_a_booking_is_not_moved_into_a_slot_where_the_person_holds_a_seat(zweier, thema):
    from sprechstunden.services.booking import move_buchung

    first, _ = book_termin(slot(26, 9).pk, BuchungsDaten(thema, telefon="+4971271234"))
    other, _ = book_termin(slot(26, 10).pk, BuchungsDaten(thema, telefon="07127 1234"))
    with pytest.raises(SchonGebucht):
        move_buchung(other, slot(26, 9).pk)
    other.refresh_from_db()
    assert other.termin == slot(26, 10)
    assert seats(slot(26, 9)) == 1
    # Another person's booking moves there.
    third, _ = book_termin(slot(26, 10, 30).pk, BuchungsDaten(thema, email="dana@example.org"))
    assert move_buchung(third, slot(26, 9).pk).termin == slot(26, 9)
