"""Several hosts run the same cron jobs and task workers at the same moment (issue 15): no mail
goes out twice and nothing is processed twice.

Runs only against PostgreSQL (CI runs the suite a second time with DATABASE_URL pointing at
PostgreSQL); SQLite serialises every writer, so a race cannot happen there. Two threads stand
for two hosts: each opens its own database connection, both are released together through a
``threading.Barrier`` and each closes its connection at the end. The locmem mail outbox is one
list per process, shared by both threads, so a mail sent twice shows up twice. The purge runs
once more without its lock, and the reminders of the care circles without their row locks: those
control runs must do the same work twice, or the harness would not be able to see a race.
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
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Worker

from begegnung.models import Ort, OrtArt
from netzwerke.models import Aufgabe, Einladung, Mitgliedschaft, Netzwerk, Treffen
from saarlouis_portal.konten.management.commands import purge_personal_data
from saarlouis_portal.konten.models import User
from saarlouis_portal.postausgang.models import Nachricht
from saarlouis_portal.stammdaten.models import (
    Ansprechperson,
    Gebiet,
    GebietArt,
    Organisation,
    OrganisationArt,
)
from sorgekreise import services as sorgekreise_services
from sorgekreise import services_erinnerung
from sorgekreise.models import Faehigkeit, Helfende, HelfendeStatus, Hilfeanfrage, Sorgekreis
from sorgekreise.models import Vermittlung as SorgekreisVermittlung
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
from tests.gleichzeitig import release_together
from tests.portal import aufgaben_fuer_tests

HOSTS = 2


def gleichzeitig(aufgabe, hosts: int = HOSTS) -> list:
    """Run ``aufgabe()`` in ``hosts`` threads released at the same moment; their errors."""
    return release_together(lambda _i: aufgabe(), hosts, timeout=120).other_errors


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


@contextmanager
def langsam_merken():
    """Sleep between locking the proposals due and marking them reminded (wraps the real
    function, test only), so both runs overlap however fast the machine is."""
    echt = services_erinnerung._merken

    def langsam(*args, **kwargs):
        time.sleep(0.3)
        return echt(*args, **kwargs)

    with mock.patch.object(services_erinnerung, "_merken", langsam):
        yield


@contextmanager
def langsam_zeugnisse():
    """Sleep between locking the helpers whose police certificate expires and marking them
    reminded (wraps the real function, test only), so both runs overlap however fast the
    machine is."""
    echt = sorgekreise_services._zeugnis_empfaenger

    def langsam(*args, **kwargs):
        time.sleep(0.3)
        return echt(*args, **kwargs)

    with mock.patch.object(sorgekreise_services, "_zeugnis_empfaenger", langsam):
        yield


def ohne_zeilensperre(queryset):
    """The control: the proposals due, read without locking them."""
    return list(queryset.order_by("pk").values_list("pk", flat=True))


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

    def vorschlaege_ohne_antwort(self) -> tuple[list[str], list[str]]:
        """Proposals of a care circle nobody answered for a month: ten whose helpers are due
        for a reminder (their addresses) and five whose coordination is (their links)."""
        gebiet = Gebiet.objects.create(name="Roden", art=GebietArt.STADTTEIL)
        ort = Ort.objects.create(name="Kita Roden", art=OrtArt.KITA, gebiet=gebiet)
        kreis = Sorgekreis.objects.create(name="Sorgekreis Roden", ort=ort)
        kreis.koordination.add(User.objects.create_user(email="koordination@example.org"))
        art, _ = Faehigkeit.objects.get_or_create(schluessel="einkaufen", defaults={"name": "E"})
        vor_langer_zeit = timezone.now() - timedelta(days=30)
        adressen, links = [], []
        for nummer in range(15):
            helfende = Helfende.objects.create(
                name=f"Helfer {nummer}",
                email=f"helfer{nummer}@example.org",
                status=HelfendeStatus.GEPRUEFT,
            )
            anfrage = Hilfeanfrage.objects.create(
                sorgekreis=kreis, art=art, gebiet=gebiet, telefon="06831 1"
            )
            vermittlung = SorgekreisVermittlung.objects.create(
                anfrage=anfrage,
                helfende=helfende,
                vorgeschlagen_am=vor_langer_zeit,
                erinnert_helfende_am=vor_langer_zeit if nummer >= 10 else None,
            )
            if nummer < 10:
                adressen.append(helfende.email)
            else:
                links.append(f"/sorgekreise/verwaltung/vermittlungen/{vermittlung.pk}/")
        return adressen, links

    def erinnern_zweimal(self) -> tuple[list[str], list[str]]:
        """Two hosts remind at once, then send the queue: the helpers reminded and the links
        in the coordination's mails, each as often as it was sent."""
        adressen, links = self.vorschlaege_ohne_antwort()
        with langsam_merken():
            assert gleichzeitig(lambda: leise("match_reminders")) == []
        assert gleichzeitig(lambda: leise("send_queued_mail")) == []
        an_helfende = sorted(a for m in mail.outbox for a in m.to if a in adressen)
        an_koordination = [m for m in mail.outbox if m.to == ["koordination@example.org"]]
        gemeldet = sorted(
            link for m in an_koordination for link in links for _ in range(m.body.count(link))
        )
        return an_helfende, gemeldet

    def test_match_reminders_are_sent_once_by_two_hosts(self):
        an_helfende, gemeldet = self.erinnern_zweimal()
        assert an_helfende == sorted(f"helfer{n}@example.org" for n in range(10))
        assert len(gemeldet) == 5
        assert len(set(gemeldet)) == 5
        assert not SorgekreisVermittlung.objects.filter(erinnert_helfende_am__isnull=True).exists()
        assert (
            SorgekreisVermittlung.objects.filter(erinnert_koordination_am__isnull=False).count()
            == 5
        )

    def test_control_without_row_locks_two_hosts_remind_the_same_proposals(self):
        with mock.patch.object(services_erinnerung, "_sperren", ohne_zeilensperre):
            an_helfende, gemeldet = self.erinnern_zweimal()
        assert len(an_helfende) == 20
        assert len(gemeldet) == 10

    def zeugnisse_zweimal(self) -> tuple[list[str], list[str]]:
        """Ten helpers of a care circle whose police certificate expires in ten days; two hosts
        run ``vetting_reminders`` at once, then send the queue: the helpers' links, and the
        links in the coordination's mails, each as often as it was sent."""
        gebiet = Gebiet.objects.create(name="Roden", art=GebietArt.STADTTEIL)
        ort = Ort.objects.create(name="Kita Roden", art=OrtArt.KITA, gebiet=gebiet)
        kreis = Sorgekreis.objects.create(name="Sorgekreis Roden", ort=ort)
        kreis.koordination.add(User.objects.create_user(email="koordination@example.org"))
        links = []
        for nummer in range(10):
            helfende = Helfende.objects.create(
                name=f"Helferin {nummer}",
                email=f"helferin{nummer}@example.org",
                status=HelfendeStatus.GEPRUEFT,
                fuehrungszeugnis_gueltig_bis=timezone.localdate() + timedelta(days=10),
            )
            helfende.sorgekreise.add(kreis)
            links.append(reverse("sorgekreise:helfende_detail", args=[helfende.pk]))
        with langsam_zeugnisse():
            assert gleichzeitig(lambda: leise("vetting_reminders")) == []
        assert gleichzeitig(lambda: leise("send_queued_mail")) == []
        an_koordination = [m for m in mail.outbox if m.to == ["koordination@example.org"]]
        gemeldet = sorted(
            link for m in an_koordination for link in links for _ in range(m.body.count(link))
        )
        return sorted(links), gemeldet

    def test_vetting_reminders_are_sent_once_by_two_hosts(self):
        links, gemeldet = self.zeugnisse_zweimal()
        assert gemeldet == links
        assert not Helfende.objects.filter(erinnerung_gesendet_am__isnull=True).exists()

    def test_control_without_row_locks_two_hosts_remind_the_same_certificates(self):
        with mock.patch.object(sorgekreise_services, "_zeugnis_sperren", ohne_zeilensperre):
            links, gemeldet = self.zeugnisse_zweimal()
        assert gemeldet == sorted(links * 2)

    def test_network_reminders_are_sent_once_by_two_hosts(self):
        """Meeting reminders and task reminders (issue 17): each invitation and each task is
        claimed under a row lock (SKIP LOCKED) before its mail is queued."""
        gebiet = Gebiet.objects.get(name="Pliezhausen")
        netzwerk = Netzwerk.objects.create(name="Netzwerk Pliezhausen", gebiet=gebiet)
        org = Organisation.objects.create(name="Diakoniestation", art=OrganisationArt.TRAEGER)
        mitglied = Mitgliedschaft.objects.create(netzwerk=netzwerk, organisation=org)
        personen = [
            Ansprechperson.objects.create(
                organisation=org, nachname=f"Person {n}", email=f"treffen{n}@example.org"
            )
            for n in range(10)
        ]
        mitglied.ansprechpersonen.set(personen)
        beginn = timezone.now() + timedelta(days=1)
        treffen = Treffen.objects.create(
            netzwerk=netzwerk,
            titel="Netzwerktreffen",
            beginn=beginn,
            ende=beginn + timedelta(hours=2),
        )
        for person in personen:
            Einladung.objects.create(treffen=treffen, person=person, versendet_am=timezone.now())
        verantwortliche = [
            Ansprechperson.objects.create(
                organisation=org, nachname=f"Aufgabe {n}", email=f"aufgabe{n}@example.org"
            )
            for n in range(10)
        ]
        for person in verantwortliche:
            Aufgabe.objects.create(
                netzwerk=netzwerk, titel="Flyer", person=person, faellig_am=timezone.localdate()
            )

        assert gleichzeitig(lambda: leise("network_reminders")) == []
        assert Nachricht.objects.count() == 20
        assert gleichzeitig(lambda: leise("send_queued_mail")) == []

        assert self.empfaenger() == sorted(
            [p.email for p in personen] + [p.email for p in verantwortliche]
        )
        assert not Einladung.objects.filter(erinnert_am__isnull=True).exists()
        assert not Aufgabe.objects.filter(erinnert_am__isnull=True).exists()

    def test_two_task_workers_run_each_task_once(self):
        for nummer in range(20):
            aufgaben_fuer_tests.protokollieren.enqueue(nummer)
        assert gleichzeitig(arbeiter) == []
        namen = list(
            Gebiet.objects.filter(name__startswith="Aufgabe ").values_list("name", flat=True)
        )
        assert sorted(namen) == sorted(f"Aufgabe {n}" for n in range(20))
