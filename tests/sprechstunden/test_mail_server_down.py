"""Mails sent within the request (``EMAIL_QUEUE`` off) while the mail server is down: the
booking or change stands, the page answers normally and says the mail could not be sent, and
the person keeps a way to their booking.

These tests commit for real (``transaction=True``): without a commit, the mails a service sends
after it (``transaction.on_commit``) would only run after the response, not within it as in
production. Every table is emptied after each test, so the data migrations' rows the fixtures
need are seeded again here.
"""

import importlib
import re
import socket
from datetime import datetime
from io import StringIO

import pytest
import time_machine
from django.apps import apps as django_apps
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from sprechstunden.models import Buchung, BuchungStatus, Termin
from sprechstunden.services.booking import BuchungsDaten, book_termin
from sprechstunden.services.manage import confirm_buchung
from sprechstunden.services.slots import generate_slots
from tests.sprechstunden.conftest import BERLIN

pytestmark = pytest.mark.django_db(transaction=True)

SMTP = "django.core.mail.backends.smtp.EmailBackend"
DATA_MIGRATIONS = [
    ("sprechstunden.migrations.0002_seed", "seed_themen"),
    ("saarlouis_portal.stammdaten.migrations.0003_sprache", "seed_sprachen"),
    ("saarlouis_portal.konten.migrations.0002_rollen", "create_groups"),
]


@pytest.fixture(autouse=True)
def migration_data(transactional_db):
    for module, function in DATA_MIGRATIONS:
        getattr(importlib.import_module(module), function)(django_apps, None)


@pytest.fixture(autouse=True)
def smtp_down(settings):
    """Mails go out within the request through a real SMTP backend aimed at a port nobody
    listens on: the connection is refused."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    settings.EMAIL_BACKEND = SMTP
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", port, 2
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False


@pytest.fixture
def termin(vormittag, jetzt, thema):
    vormittag.themen.add(thema)
    generate_slots(vormittag)
    return Termin.objects.get(beginn=datetime(2026, 11, 26, 9, 0, tzinfo=BERLIN))


def other_slot():
    return Termin.objects.get(beginn=datetime(2026, 11, 30, 9, 0, tzinfo=BERLIN))


@pytest.fixture
def bestaetigt(termin, thema):
    """Booked and confirmed by link (the mails fail unnoticed here)."""
    buchung, token = book_termin(termin.pk, BuchungsDaten(thema=thema, email="ayse@example.org"))
    confirm_buchung(token)
    return buchung, token


def manage(name, token):
    return reverse(f"sprechstunden:{name}", args=[token])


def test_a_booking_stands_and_the_done_page_shows_the_link_instead_of_the_mail(
    client, termin, thema
):
    data = {"thema": thema.pk, "email": "ayse@example.org", "einwilligung": "on"}
    response = client.post(reverse("sprechstunden:buchen", args=[termin.pk]), data)
    assert response.status_code == 302
    page = client.get(response["Location"])
    assert page.status_code == 200
    html = page.content.decode()
    assert "die E-Mail an Sie konnte gerade nicht verschickt werden" in html
    assert "innerhalb von 30 Minuten über Ihren persönlichen Link" in html
    assert "Wir haben Ihnen eine E-Mail geschickt" not in html
    assert mail.outbox == []
    [buchung] = Buchung.objects.all()
    assert buchung.status == BuchungStatus.RESERVIERT
    # The link shown is the person's way to confirm.
    path = re.search(r"http://testserver(/sprechstunden/buchung/[\w-]{20,}/)", html).group(1)
    confirmed = client.post(f"{path}bestaetigen/", follow=True)
    assert confirmed.status_code == 200
    assert "Ihr Termin ist bestätigt." in confirmed.content.decode()
    assert "konnte gerade nicht verschickt werden" in confirmed.content.decode()
    buchung.refresh_from_db()
    assert buchung.status == BuchungStatus.BESTAETIGT
    assert Buchung.objects.count() == 1


def test_a_cancellation_stands_and_says_the_mail_failed(client, bestaetigt):
    buchung, token = bestaetigt
    response = client.post(manage("buchung_absagen", token), follow=True)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Ihr Termin ist abgesagt." in html
    assert "konnte gerade nicht verschickt werden; die Absage gilt trotzdem" in html
    assert "Bitte löschen Sie den Termin selbst aus Ihrem Kalender." in html
    buchung.refresh_from_db()
    assert buchung.status == BuchungStatus.STORNIERT


def test_a_move_stands_and_says_the_mail_failed(client, bestaetigt):
    buchung, token = bestaetigt
    response = client.post(
        manage("buchung_verschieben", token), {"termin": other_slot().pk}, follow=True
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Ihr Termin ist verschoben." in html
    assert "der neue Termin gilt trotzdem" in html
    buchung.refresh_from_db()
    assert buchung.termin == other_slot()


def test_staff_are_told_to_call_when_the_mail_failed(client, planer, bestaetigt):
    buchung, _token = bestaetigt
    client.force_login(planer)
    url = reverse("sprechstunden:staff_buchung_absagen", args=[buchung.pk])
    response = client.post(url, follow=True)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Die E-Mail an 1 Person konnte nicht verschickt werden" in html
    assert "ayse@example.org" in html
    buchung.refresh_from_db()
    assert buchung.status == BuchungStatus.STORNIERT


def test_lapsing_reservations_do_not_stop_at_a_failed_mail(termin, thema):
    book_termin(termin.pk, BuchungsDaten(thema=thema, email="ayse@example.org"))
    book_termin(other_slot().pk, BuchungsDaten(thema=thema, email="kim@example.org"))
    out = StringIO()
    with time_machine.travel(datetime(2026, 11, 23, 8, 31, tzinfo=BERLIN), tick=False):
        call_command("expire_reservations", stdout=out)
    assert "2 Reservierungen verfallen" in out.getvalue()
    assert set(Buchung.objects.values_list("status", flat=True)) == {BuchungStatus.ABGELAUFEN}


def test_a_home_visit_request_is_stored_and_thanked_while_the_mail_server_is_down(
    client, pliezhausen, thema, planer, caplog
):
    from saarlouis_portal.stammdaten.models import Gebiet, GebietArt
    from sprechstunden.models import Hausbesuch
    from tests.sprechstunden.test_hausbesuch_anfrage import URL, valid

    ortsteil = Gebiet.objects.create(name="Gniebel", art=GebietArt.STADTTEIL, eltern=pliezhausen)
    # Both mails fail: the one to Sozialplanung and the receipt with the person's link.
    response = client.post(URL, valid(ortsteil, thema, email="yilmaz@example.org"))
    assert response.status_code == 302
    assert response["Location"] == reverse("sprechstunden:hausbesuch_danke")
    assert Hausbesuch.objects.count() == 1
    failures = [r for r in caplog.records if "Hausbesuch-Mail nicht versandt" in r.getMessage()]
    assert len(failures) == 2
    assert "yilmaz" not in " ".join(r.getMessage() for r in failures)
