"""A booking that waits too long for a locked slot gets a polite message, not a server error."""

import threading
from datetime import date, time

import pytest
from django.db import connection, transaction
from django.test import TransactionTestCase, override_settings

from saarlouis_portal.stammdaten.models import Gebiet, GebietArt
from sprechstunden.models import Anlaufstelle, Beratungsthema, Buchung, Sprechstunde, Termin
from sprechstunden.services.booking import BuchungsDaten, book_termin
from sprechstunden.services.errors import ZuVielAndrang
from sprechstunden.services.slots import generate_slots


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
class LockTimeoutTest(TransactionTestCase):
    def setUp(self):
        gebiet = Gebiet.objects.create(name="Pliezhausen", art=GebietArt.GEMEINDE)
        anlaufstelle = Anlaufstelle.objects.create(
            name="Rathaus", gebiet=gebiet, strasse="Marktplatz 1", plz="72124", ort="Pliezhausen"
        )
        self.thema, _ = Beratungsthema.objects.get_or_create(
            slug="geldsorgen", defaults={"name": "Geldsorgen"}
        )
        sprechstunde = Sprechstunde.objects.create(
            anlaufstelle=anlaufstelle,
            titel="Täglich",
            wochentage=list(range(7)),
            beginn=time(0, 0),
            ende=time(23, 30),
            vorlauf_stunden=0,
            gueltig_ab=date(2020, 1, 1),
        )
        sprechstunde.themen.add(self.thema)
        generate_slots(sprechstunde)
        self.termin = Termin.objects.bookable().order_by("beginn").first()

    @override_settings(SPRECHSTUNDEN_LOCK_TIMEOUT_MS=200)
    def test_a_booking_behind_a_long_lock_is_told_to_try_again(self):
        locked = threading.Event()
        release = threading.Event()

        def hold_the_slot():
            with transaction.atomic():
                Termin.objects.select_for_update().get(pk=self.termin.pk)
                locked.set()
                release.wait(10)
            connection.close()

        holder = threading.Thread(target=hold_the_slot)
        holder.start()
        try:
            assert locked.wait(10)
            with pytest.raises(ZuVielAndrang):
                book_termin(self.termin.pk, BuchungsDaten(thema=self.thema, telefon="07127 1"))
        finally:
            release.set()
            holder.join()
        assert not Buchung.objects.exists()
        # Once the lock is gone the same booking goes through.
        book_termin(self.termin.pk, BuchungsDaten(thema=self.thema, telefon="07127 1"))
        assert Buchung.objects.count() == 1
