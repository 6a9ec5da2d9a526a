"""Capacity holds when many people book or move into the same slot at the same moment.

Runs only against PostgreSQL (CI runs the suite a second time with DATABASE_URL pointing at
PostgreSQL); SQLite serialises every writer, so a race cannot happen there at all.

The harness starts 50 threads, lets each open its own database connection, releases them
together through a ``threading.Barrier`` and closes each connection at the end. The same
harness runs once more with the slot lock switched off and the database's seat constraint
dropped: that control run must overbook, or the harness would not be able to see a race.
"""

import time
import unittest
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta
from datetime import time as clock

from django.db import connection
from django.test import TransactionTestCase
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
    new_token,
)
from sprechstunden.services import booking
from sprechstunden.services.errors import TerminBelegt
from tests.gleichzeitig import release_together

ATTEMPTS = 50
# Widens the gap between "which seat is free?" and the INSERT/UPDATE, in the test only, so that
# the control run without the lock overbooks reliably instead of now and then. The locked runs
# use the same delay: the lock must hold however wide the gap is.
RACE_WINDOW_SECONDS = 0.05
SEAT_CONSTRAINT = "buchung_ein_platz_je_termin"
SLOT_TAKEN = str(TerminBelegt.message)


@dataclass
class Outcome:
    succeeded: int = 0
    slot_taken_messages: list = field(default_factory=list)
    other_errors: list = field(default_factory=list)


def race(attempt, attempts: int = ATTEMPTS) -> Outcome:
    """Call ``attempt(i)`` from ``attempts`` threads released at the same moment."""
    ausgang = release_together(attempt, attempts, expected=(TerminBelegt,))
    return Outcome(
        succeeded=len(ausgang.results),
        slot_taken_messages=[str(error.message) for error in ausgang.expected],
        other_errors=ausgang.other_errors,
    )


@contextmanager
def wide_race_window():
    """Sleep after the free seat has been computed (wraps the real function, test only)."""
    real_free_seat = booking._free_seat

    def slow_free_seat(*args, **kwargs):
        seat = real_free_seat(*args, **kwargs)
        time.sleep(RACE_WINDOW_SECONDS)
        return seat

    booking._free_seat = slow_free_seat
    try:
        yield
    finally:
        booking._free_seat = real_free_seat


@contextmanager
def slot_lock_switched_off():
    booking.LOCK_SLOTS = False
    try:
        yield
    finally:
        booking.LOCK_SLOTS = True


@contextmanager
def seat_constraint_dropped():
    """Drop the partial unique index on (termin, platz) of active bookings; re-create it after.

    The overbooked rows the control run leaves behind would violate it, so they go first.
    """
    constraint = next(c for c in Buchung._meta.constraints if c.name == SEAT_CONSTRAINT)
    with connection.schema_editor() as editor:
        editor.remove_constraint(Buchung, constraint)
    try:
        yield
    finally:
        Buchung.objects.all().delete()
        with connection.schema_editor() as editor:
            editor.add_constraint(Buchung, constraint)


def seat_constraint_exists() -> bool:
    with connection.cursor() as cursor:
        return SEAT_CONSTRAINT in connection.introspection.get_constraints(
            cursor, Buchung._meta.db_table
        )


@unittest.skipUnless(
    connection.vendor == "postgresql",
    "needs PostgreSQL (row locks, concurrent writers): run with "
    "DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal",
)
class CapacityUnderConcurrentLoadTests(TransactionTestCase):
    """50 simultaneous bookings or moves into one slot: exactly its capacity succeeds."""

    def setUp(self):
        # TransactionTestCase empties every table after each test, the rows of the data
        # migrations included, so the topic is created again here.
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
        )
        self.sprechstunde = Sprechstunde.objects.create(
            anlaufstelle=anlaufstelle,
            titel="Offene Sozialberatung",
            wochentage=[0, 1, 2, 3, 4],
            beginn=clock(9),
            ende=clock(12),
            kapazitaet=1,
            gueltig_ab=date.today(),
        )
        self.sprechstunde.themen.add(self.thema)
        self.first_start = timezone.now().replace(microsecond=0) + timedelta(days=3)
        self.slots_made = 0

    def make_slot(self, kapazitaet: int) -> Termin:
        beginn = self.first_start + timedelta(minutes=30 * self.slots_made)
        self.slots_made += 1
        return Termin.objects.create(
            sprechstunde=self.sprechstunde,
            beginn=beginn,
            ende=beginn + timedelta(minutes=30),
            kapazitaet=kapazitaet,
        )

    def data(self, email: str) -> booking.BuchungsDaten:
        return booking.BuchungsDaten(thema=self.thema, email=email)

    def book_concurrently(self, termin: Termin) -> Outcome:
        def attempt(i):
            booking.book_termin(termin.pk, self.data(f"person-{termin.pk}-{i}@example.org"))

        with wide_race_window():
            return race(attempt)

    def move_concurrently(self, termin: Termin) -> Outcome:
        """50 people, each booked into a slot of their own, move into ``termin`` at once."""
        # The starting position is written directly (in two queries, to keep the module quick);
        # only the moves themselves go through the service.
        starts = Termin.objects.bulk_create(
            Termin(
                sprechstunde=self.sprechstunde,
                beginn=self.first_start + timedelta(days=1, minutes=30 * (self.slots_made + i)),
                ende=self.first_start + timedelta(days=1, minutes=30 * (self.slots_made + i + 1)),
                kapazitaet=1,
            )
            for i in range(ATTEMPTS)
        )
        self.slots_made += ATTEMPTS
        tokens = [new_token() for _ in starts]
        now = timezone.now()
        bookings = Buchung.objects.bulk_create(
            Buchung(
                termin=start,
                platz=1,
                status=BuchungStatus.BESTAETIGT,
                thema=self.thema,
                email=f"umbuchen-{start.pk}@example.org",
                token_hash=token_hash,
                token_gueltig_bis=start.ende + timedelta(days=1),
                einwilligung_version="test",
                einwilligung_am=now,
                bestaetigt_am=now,
            )
            for start, (_, token_hash) in zip(starts, tokens, strict=True)
        )
        bookings = [(buchung, token) for buchung, (token, _) in zip(bookings, tokens, strict=True)]

        def attempt(i):
            buchung, token = bookings[i]
            booking.move_buchung(buchung, termin.pk, token=token)

        with wide_race_window():
            return race(attempt)

    def active_seats(self, termin: Termin) -> list[int]:
        return list(
            Buchung.objects.filter(termin=termin, status__in=BELEGEND).values_list(
                "platz", flat=True
            )
        )

    def assert_exactly_capacity_succeeded(self, outcome: Outcome, termin: Termin):
        capacity = termin.kapazitaet
        assert outcome.other_errors == []
        assert outcome.succeeded == capacity
        assert outcome.slot_taken_messages == [SLOT_TAKEN] * (ATTEMPTS - capacity)
        assert sorted(self.active_seats(termin)) == list(range(1, capacity + 1))

    def assert_never_overbooked(self, outcome: Outcome, termin: Termin):
        seats = self.active_seats(termin)
        assert outcome.other_errors == []
        assert 1 <= outcome.succeeded <= termin.kapazitaet
        assert outcome.slot_taken_messages == [SLOT_TAKEN] * (ATTEMPTS - outcome.succeeded)
        assert len(seats) == outcome.succeeded
        assert len(set(seats)) == len(seats)
        assert set(seats) <= set(range(1, termin.kapazitaet + 1))

    # With the lock (as in production)

    def test_only_one_of_fifty_simultaneous_bookings_gets_a_single_seat_slot(self):
        termin = self.make_slot(1)
        self.assert_exactly_capacity_succeeded(self.book_concurrently(termin), termin)

    def test_exactly_three_of_fifty_simultaneous_bookings_get_a_three_seat_slot(self):
        termin = self.make_slot(3)
        self.assert_exactly_capacity_succeeded(self.book_concurrently(termin), termin)

    def test_only_one_of_fifty_simultaneous_moves_gets_a_single_seat_slot(self):
        termin = self.make_slot(1)
        outcome = self.move_concurrently(termin)
        self.assert_exactly_capacity_succeeded(outcome, termin)
        # The 49 who lost keep the slot they had.
        assert Buchung.objects.filter(status__in=BELEGEND).count() == ATTEMPTS

    def test_exactly_three_of_fifty_simultaneous_moves_get_a_three_seat_slot(self):
        termin = self.make_slot(3)
        outcome = self.move_concurrently(termin)
        self.assert_exactly_capacity_succeeded(outcome, termin)
        assert Buchung.objects.filter(status__in=BELEGEND).count() == ATTEMPTS

    def test_two_people_swapping_slots_at_the_same_moment_both_succeed_without_deadlock(self):
        # Moving locks the booking, then the new slot; it once also locked the old slot and
        # the Sprechstunde (FOR UPDATE over the join), so two opposite moves could deadlock.
        first, second = self.make_slot(2), self.make_slot(2)
        a = booking.book_termin(first.pk, self.data("a@example.org"))
        b = booking.book_termin(second.pk, self.data("b@example.org"))
        for _ in range(3):
            moves = [(a, second), (b, first)]

            def attempt(i, moves=moves):
                (buchung, token), target = moves[i]
                booking.move_buchung(buchung, target.pk, token=token)

            with wide_race_window():
                outcome = race(attempt, attempts=2)
            assert outcome.other_errors == []
            assert outcome.succeeded == 2
            first, second = second, first
        assert Buchung.objects.get(pk=a[0].pk).termin_id == first.pk

    # Control runs: the same harness must see the race once the protections are gone

    def test_control_without_lock_and_seat_constraint_the_harness_sees_overbooking(self):
        single, triple = self.make_slot(1), self.make_slot(3)
        with slot_lock_switched_off(), seat_constraint_dropped():
            assert not seat_constraint_exists()
            for termin in (single, triple):
                outcome = self.book_concurrently(termin)
                assert outcome.other_errors == []
                assert outcome.succeeded > termin.kapazitaet
                assert len(self.active_seats(termin)) > termin.kapazitaet
        assert seat_constraint_exists()
        assert booking.LOCK_SLOTS is True

    def test_control_moves_without_lock_and_seat_constraint_overbook(self):
        single, triple = self.make_slot(1), self.make_slot(3)
        with slot_lock_switched_off(), seat_constraint_dropped():
            for termin in (single, triple):
                outcome = self.move_concurrently(termin)
                assert outcome.other_errors == []
                assert outcome.succeeded > termin.kapazitaet
                assert len(self.active_seats(termin)) > termin.kapazitaet
        assert seat_constraint_exists()

    def test_without_lock_the_seat_constraint_alone_still_prevents_overbooking(self):
        single, triple = self.make_slot(1), self.make_slot(3)
        with slot_lock_switched_off():
            for termin in (single, triple):
                self.assert_never_overbooked(self.book_concurrently(termin), termin)

    def test_without_lock_the_seat_constraint_alone_still_prevents_overbooking_moves(self):
        single, triple = self.make_slot(1), self.make_slot(3)
        with slot_lock_switched_off():
            for termin in (single, triple):
                self.assert_never_overbooked(self.move_concurrently(termin), termin)
