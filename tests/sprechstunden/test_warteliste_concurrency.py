"""A freed seat goes to exactly one waiting entry, however many hosts hand it over at once, and a
held seat is never booked by somebody else in the same moment.

Runs only against PostgreSQL (like ``test_concurrency``): threads with their own connections are
released together through a ``threading.Barrier``; the gap between "which seat is free?" and
writing the offer is widened in the test. A control run with the slot lock switched off and the
offer constraint dropped must hand the seat out twice, or the harness could not see a race."""

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
    Sprechstunde,
    Termin,
    Wartelisteneintrag,
    WartelisteStatus,
    new_token,
)
from sprechstunden.services import booking, warteliste
from sprechstunden.services.errors import TerminBelegt
from tests.gleichzeitig import release_together

HOSTS = 20
WAITING = 10
RACE_WINDOW_SECONDS = 0.05
OFFER_CONSTRAINT = "warteliste_ein_angebot_je_platz"


@dataclass
class Outcome:
    results: list = field(default_factory=list)
    slot_taken: int = 0
    other_errors: list = field(default_factory=list)


def race(attempt, attempts: int) -> Outcome:
    """Call ``attempt(i)`` from ``attempts`` threads released at the same moment."""
    ausgang = release_together(attempt, attempts, expected=(TerminBelegt,))
    return Outcome(ausgang.results, len(ausgang.expected), ausgang.other_errors)


@contextmanager
def wide_race_window():
    """Sleep after the free seat has been computed, in the hand-over and in bookings."""
    real = warteliste._free_seat

    def slow(*args, **kwargs):
        seat = real(*args, **kwargs)
        time.sleep(RACE_WINDOW_SECONDS)
        return seat

    warteliste._free_seat = booking._free_seat = slow
    try:
        yield
    finally:
        warteliste._free_seat = booking._free_seat = real


@contextmanager
def slot_lock_switched_off():
    booking.LOCK_SLOTS = False
    try:
        yield
    finally:
        booking.LOCK_SLOTS = True


@contextmanager
def offer_constraint_dropped():
    constraint = next(c for c in Wartelisteneintrag._meta.constraints if c.name == OFFER_CONSTRAINT)
    with connection.schema_editor() as editor:
        editor.remove_constraint(Wartelisteneintrag, constraint)
    try:
        yield
    finally:
        Wartelisteneintrag.objects.all().delete()
        with connection.schema_editor() as editor:
            editor.add_constraint(Wartelisteneintrag, constraint)


@unittest.skipUnless(
    connection.vendor == "postgresql",
    "needs PostgreSQL (row locks, SKIP LOCKED, concurrent writers): run with "
    "DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal",
)
class HandOverUnderConcurrentLoadTests(TransactionTestCase):
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
            telefon="07127 9770",
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
        self.start = timezone.now().replace(microsecond=0) + timedelta(days=3)
        self.slots_made = 0

    def make_slot(self, kapazitaet: int = 1) -> Termin:
        beginn = self.start + timedelta(minutes=30 * self.slots_made)
        self.slots_made += 1
        return Termin.objects.create(
            sprechstunde=self.sprechstunde,
            beginn=beginn,
            ende=beginn + timedelta(minutes=30),
            kapazitaet=kapazitaet,
        )

    def make_waiting(self, count: int = WAITING) -> list[Wartelisteneintrag]:
        now = timezone.now()
        return Wartelisteneintrag.objects.bulk_create(
            Wartelisteneintrag(
                sprechstunde=self.sprechstunde,
                status=WartelisteStatus.WARTET,
                email=f"wartend-{i}@example.org",
                token_hash=new_token()[1],
                gueltig_bis=now + timedelta(days=10),
                einwilligung_version="test",
                einwilligung_am=now,
                bestaetigt_am=now + timedelta(seconds=i),
            )
            for i in range(count)
        )

    def offers(self, termin: Termin) -> list[Wartelisteneintrag]:
        return list(Wartelisteneintrag.objects.filter(termin=termin, status=WartelisteStatus.HAELT))

    def hand_over_concurrently(self, termin: Termin, hosts: int = HOSTS) -> Outcome:
        with wide_race_window():
            return race(lambda i: warteliste.offer_slot(termin.pk), hosts)

    # With the lock (as in production)

    def test_a_freed_seat_handed_over_by_twenty_hosts_at_once_goes_to_exactly_one_entry(self):
        termin = self.make_slot()
        first = self.make_waiting()[0]
        outcome = self.hand_over_concurrently(termin)
        assert outcome.other_errors == []
        assert sorted(len(r) for r in outcome.results) == [0] * (HOSTS - 1) + [1]
        assert [e.pk for e in self.offers(termin)] == [first.pk]
        assert Wartelisteneintrag.objects.filter(status=WartelisteStatus.WARTET).count() == 9

    def test_two_seats_freed_at_once_go_to_two_different_entries(self):
        # Two slots of one Sprechstunde handed over at the same moment: SKIP LOCKED lets the
        # second hand-over take the next entry instead of waiting for the first.
        slots = [self.make_slot(), self.make_slot()]
        self.make_waiting()

        def attempt(i):
            return warteliste.offer_slot(slots[i % 2].pk)

        with wide_race_window():
            outcome = race(attempt, HOSTS)
        assert outcome.other_errors == []
        held = [self.offers(termin) for termin in slots]
        assert [len(offers) for offers in held] == [1, 1]
        assert held[0][0].pk != held[1][0].pk

    def test_a_held_seat_and_twenty_bookings_at_once_never_share_the_seat(self):
        termin = self.make_slot()
        self.make_waiting(1)

        def attempt(i):
            if i == 0:
                return warteliste.offer_slot(termin.pk)
            return booking.book_termin(
                termin.pk, booking.BuchungsDaten(thema=self.thema, email=f"b{i}@example.org")
            )

        with wide_race_window():
            outcome = race(attempt, HOSTS + 1)
        assert outcome.other_errors == []
        booked = Buchung.objects.filter(termin=termin, status__in=BELEGEND).count()
        assert booked + len(self.offers(termin)) == 1

    def test_an_expired_hold_run_on_several_hosts_passes_on_to_one_entry_only(self):
        termin = self.make_slot()
        entries = self.make_waiting(3)
        warteliste.offer_slot(termin.pk)
        Wartelisteneintrag.objects.filter(pk=entries[0].pk).update(
            halten_bis=timezone.now() - timedelta(minutes=1)
        )
        with wide_race_window():
            outcome = race(lambda i: warteliste.process(), 10)
        assert outcome.other_errors == []
        assert sum(r.verpasst for r in outcome.results) == 1
        assert [e.pk for e in self.offers(termin)] == [entries[1].pk]

    # Control run: without the lock and the constraint the harness must see the race

    def test_control_without_lock_and_offer_constraint_the_seat_is_handed_out_twice(self):
        termin = self.make_slot()
        with slot_lock_switched_off(), offer_constraint_dropped():
            self.make_waiting()
            outcome = self.hand_over_concurrently(termin)
            assert outcome.other_errors == []
            assert len(self.offers(termin)) > 1
        assert booking.LOCK_SLOTS is True
