"""Several hosts run the same cron jobs and task workers at the same moment (issue 15): no mail
goes out twice and nothing is processed twice.

Runs only against PostgreSQL (CI runs the suite a second time with DATABASE_URL pointing at
PostgreSQL); SQLite serialises every writer, so a race cannot happen there. Two threads stand
for two hosts: each opens its own database connection, both are released together through a
``threading.Barrier`` and each closes its connection at the end. The locmem mail outbox is one
list per process, shared by both threads, so a mail sent twice shows up twice. The purge runs
once more without its lock: that control run must purge the same bookings twice, or the harness
would not be able to see a race.
"""

import io
import threading
import time
import unittest
from contextlib import contextmanager
from datetime import date, timedelta
from datetime import time as clock
from unittest import mock

from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test import TransactionTestCase, override_settings
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Worker

from saarlouis_portal.konten.management.commands import purge_personal_data
from saarlouis_portal.postausgang.models import Nachricht
from saarlouis_portal.stammdaten.models import Gebiet, GebietArt
from sprechstunden.models import (
    Anlaufstelle,
    Beratungsthema,
    Buchung,
    BuchungStatus,
    Sprechstunde,
    Termin,
    new_token,
)
from sprechstunden.services import periodic
from tests.portal import aufgaben_fuer_tests

HOSTS = 2


def gleichzeitig(aufgabe, hosts: int = HOSTS) -> list:
    """Run ``aufgabe()`` in ``hosts`` threads released at the same moment; their errors."""
    barrier = threading.Barrier(hosts)
    fehler = []

    def run():
        try:
            connection.ensure_connection()  # connect before the start, not in the race
            barrier.wait(timeout=30)
            aufgabe()
        except Exception as error:  # a finding: keep it for the assertion
            fehler.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(hosts)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads), "a run hangs"
    return fehler


def arbeiter() -> None:
    """What `manage.py db_worker --batch` runs, without its signal handlers (which only the
    main thread may install)."""
    Worker(
        queue_names=["default"],
        interval=0.1,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id=f"test-{threading.get_ident()}",
        excluded_queue_names=[],
    ).run()


@contextmanager
def weites_rennfenster():
    """Sleep between reading the bookings due and blanking them (wraps the real function, test
    only), so both runs overlap however fast the machine is."""
    echt = periodic.redact_audit_trail

    def langsam(*args, **kwargs):
        time.sleep(0.3)
        return echt(*args, **kwargs)

    with mock.patch.object(periodic, "redact_audit_trail", langsam):
        yield


@contextmanager
def ohne_sperre(name):
    yield True


def leise(*args, **kwargs):
    call_command(*args, stdout=io.StringIO(), **kwargs)


@unittest.skipUnless(
    connection.vendor == "postgresql",
    "needs PostgreSQL (row locks, SKIP LOCKED, concurrent writers): run with "
    "DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal",
)
@override_settings(
    EMAIL_BACKEND="saarlouis_portal.postausgang.backend.QueuedEmailBackend",
    POSTAUSGANG_EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
)
class ZweiServerGleichzeitigTests(TransactionTestCase):
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
        )
        self.sprechstunde = Sprechstunde.objects.create(
            anlaufstelle=anlaufstelle,
            titel="Offene Sozialberatung",
            wochentage=[0, 1, 2, 3, 4, 5, 6],
            beginn=clock(9),
            ende=clock(12),
            kapazitaet=20,
            gueltig_ab=date.today(),
        )
        mail.outbox = []

    def termin(self, beginn) -> Termin:
        return Termin.objects.create(
            sprechstunde=self.sprechstunde,
            beginn=beginn,
            ende=beginn + timedelta(minutes=30),
            kapazitaet=20,
        )

    def buchungen(self, termin, status, anzahl: int, prefix: str) -> list[str]:
        adressen = [f"{prefix}{n}@example.org" for n in range(anzahl)]
        for platz, email in enumerate(adressen):
            Buchung.objects.create(
                termin=termin,
                platz=platz + 1,
                status=status,
                thema=self.thema,
                email=email,
                token_hash=new_token()[1],
                token_gueltig_bis=timezone.now() + timedelta(days=30),
                einwilligung_version="1",
                einwilligung_am=timezone.now(),
            )
        return adressen

    def empfaenger(self) -> list[str]:
        return sorted(adresse for m in mail.outbox for adresse in m.to)

    def test_reminders_and_lapsed_reservations_are_sent_once_by_two_hosts(self):
        morgen = timezone.localtime() + timedelta(days=1)
        morgen = morgen.replace(hour=10, minute=0, second=0, microsecond=0)
        erinnert = self.buchungen(self.termin(morgen), BuchungStatus.BESTAETIGT, 10, "erinnert")
        uebermorgen = self.termin(morgen + timedelta(days=2))
        abgelaufen = self.buchungen(uebermorgen, BuchungStatus.RESERVIERT, 10, "abgelaufen")
        Buchung.objects.filter(status=BuchungStatus.RESERVIERT).update(
            erstellt_am=timezone.now() - timedelta(days=1)
        )

        assert gleichzeitig(lambda: leise("send_reminders")) == []
        assert gleichzeitig(lambda: leise("expire_reservations")) == []
        # Both cron jobs queue their mails; two hosts send the queue at the same moment.
        assert Nachricht.objects.count() == 20
        assert gleichzeitig(lambda: leise("send_queued_mail")) == []

        assert self.empfaenger() == sorted(erinnert + abgelaufen)
        assert not Nachricht.objects.exists()
        assert Buchung.objects.filter(status=BuchungStatus.RESERVIERT).count() == 0

    def purge_zweimal(self) -> int:
        """Two hosts purge at once; how many bookings they purged together."""
        vor_langer_zeit = timezone.now() - timedelta(days=400)
        self.buchungen(self.termin(vor_langer_zeit), BuchungStatus.BESTAETIGT, 10, "alt")
        ausgaben = []

        def purge():
            ausgabe = io.StringIO()
            call_command("purge_personal_data", stdout=ausgabe)
            ausgaben.append(ausgabe.getvalue())

        with weites_rennfenster():
            assert gleichzeitig(purge) == []
        assert not Buchung.objects.exclude(email="").exists()
        return sum(
            int(zeile.split(": ")[1].split()[0])
            for ausgabe in ausgaben
            for zeile in ausgabe.splitlines()
            if zeile.startswith("Sprechstunden-Buchungen:")
        )

    def test_personal_data_is_purged_once_by_two_hosts(self):
        assert self.purge_zweimal() == 10

    def test_control_without_the_lock_two_hosts_purge_the_same_bookings(self):
        with mock.patch.object(purge_personal_data, "allein", ohne_sperre):
            assert self.purge_zweimal() == 20

    def test_two_task_workers_run_each_task_once(self):
        for nummer in range(20):
            aufgaben_fuer_tests.protokollieren.enqueue(nummer)
        assert gleichzeitig(arbeiter) == []
        namen = list(
            Gebiet.objects.filter(name__startswith="Aufgabe ").values_list("name", flat=True)
        )
        assert sorted(namen) == sorted(f"Aufgabe {n}" for n in range(20))
