"""A counsellor in a real browser: records the outcome of a consultation, books the follow-up
for the same person from the outcome screen (consent asked again), makes the secret address of
their calendar, sees it once, uses it and deletes it, and moves their own home visit to another
day. Every page passes axe-core (WCAG 2.1 A/AA) and keeps to the CSP; the database is checked
after every write."""

import importlib
import re
from datetime import time, timedelta

import pytest
from django.apps import apps as django_apps
from django.core import mail
from django.core.cache import cache
from django.utils import timezone
from icalendar import Calendar
from playwright.sync_api import expect

from saarlouis_portal.konten.models import KalenderToken
from saarlouis_portal.konten.roles import Rolle
from saarlouis_portal.stammdaten.models import Gebiet, GebietArt, Organisation, OrganisationArt
from sprechstunden.models import (
    Anlaufstelle,
    Beratende,
    Beratungskontakt,
    Beratungsthema,
    Buchung,
    BuchungStatus,
    Hausbesuch,
    HausbesuchStatus,
    Kanal,
    Sprechstunde,
    Termin,
)
from sprechstunden.services.booking import BuchungsDaten, book_termin
from sprechstunden.services.slots import generate_slots
from tests.browser.conftest import PageChecker, log_in_with_code
from tests.conftest import make_user

pytestmark = pytest.mark.browser


@pytest.fixture
def beraterin(migration_data):
    """A counsellor of the Diakoniestation in a Sprechstunde every day 9–12 from today."""
    importlib.import_module("sprechstunden.migrations.0002_seed").seed_themen(django_apps, None)
    cache.clear()  # rate-limit counters of earlier browser tests: all share one address
    gebiet = Gebiet.objects.create(name="Gemeinde Pliezhausen", art=GebietArt.GEMEINDE)
    anlaufstelle = Anlaufstelle.objects.create(
        name="Büro im Rathaus Pliezhausen",
        gebiet=gebiet,
        strasse="Marktplatz 1",
        plz="72124",
        ort="Pliezhausen",
        telefon="07127 9770",
    )
    sprechstunde = Sprechstunde.objects.create(
        anlaufstelle=anlaufstelle,
        titel="Soziale Sprechstunde am Vormittag",
        wochentage=list(range(7)),
        beginn=time(9, 0),
        ende=time(12, 0),
        slot_minuten=30,
        kapazitaet=1,
        buchbar_tage=14,
        gueltig_ab=timezone.localdate(),
    )
    sprechstunde.themen.set(Beratungsthema.objects.all())
    generate_slots(sprechstunde)
    diakonie = Organisation.objects.create(
        name="Diakoniestation Pliezhausen", art=OrganisationArt.TRAEGER
    )
    bea = make_user("bea@example.org", Rolle.BERATUNG, first_name="Bea", last_name="Berger")
    Beratende.objects.create(sprechstunde=sprechstunde, user=bea, traeger=diakonie)
    return bea


@pytest.fixture
def laufende_beratung(beraterin):
    """Frau Yilmaz's consultation, which began twenty minutes ago (whatever the time of day:
    booked for a slot of its own, then moved into the present)."""
    sprechstunde = Sprechstunde.objects.get()
    now = timezone.now()
    termin = Termin.objects.create(
        sprechstunde=sprechstunde,
        beginn=now + timedelta(days=30),
        ende=now + timedelta(days=30, minutes=30),
        kapazitaet=1,
    )
    buchung = book_termin(
        termin.pk,
        BuchungsDaten(
            thema=Beratungsthema.objects.get(slug="wohnen"),
            name="Frau Yilmaz",
            telefon="07127 44556",
            email="yilmaz@example.org",
        ),
        kanal=Kanal.TELEFON,
        by=beraterin,
    )[0]
    Termin.objects.filter(pk=termin.pk).update(
        beginn=now - timedelta(minutes=20), ende=now + timedelta(minutes=10)
    )
    mail.outbox.clear()
    return buchung


def test_a_follow_up_is_booked_from_the_outcome_screen(
    live_server, checker: PageChecker, beraterin, laufende_beratung
):
    page = checker.page
    base = live_server.url
    buchung = laufende_beratung
    log_in_with_code(page, base, beraterin.email)

    page.goto(f"{base}/sprechstunden/verwaltung/termine/{buchung.termin_id}/")
    expect(page.get_by_role("main")).to_contain_text("Frau Yilmaz")
    with page.expect_navigation():
        page.get_by_role("link", name="Wahrgenommen, Ergebnis erfassen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Wahrgenommen: Ergebnis erfassen")
    page.get_by_label("Erstkontakt: die Person kommt zum ersten Mal").check()
    checker.check("folgetermin-ergebnis")
    with page.expect_navigation():
        page.get_by_role("button", name="Speichern und Folgetermin buchen").click()
    buchung.refresh_from_db()
    assert buchung.status == BuchungStatus.WAHRGENOMMEN
    assert Beratungskontakt.objects.get(buchung=buchung).erstkontakt is True

    expect(page.get_by_role("heading", level=1)).to_have_text("Folgetermin buchen")
    expect(page.get_by_label("Name oder Vorname")).to_have_value("Frau Yilmaz")
    expect(page.get_by_label("E-Mail-Adresse")).to_have_value("yilmaz@example.org")
    checker.check("folgetermin-seite")

    # Without the person's consent nothing is booked
    page.get_by_label("Termin", exact=True).select_option(index=1)
    chosen = page.get_by_label("Termin", exact=True).input_value()
    with page.expect_navigation():
        page.get_by_role("button", name="Folgetermin buchen").click()
    expect(page.get_by_role("main")).to_contain_text("ob sie mit dem Folgetermin")
    checker.check("folgetermin-ohne-einverstaendnis")
    assert not Buchung.objects.filter(folgetermin=True).exists()

    expect(page.get_by_label("Termin", exact=True)).to_have_value(chosen)
    page.get_by_label(re.compile("^Die Person ist mit dem Folgetermin einverstanden")).check()
    with page.expect_navigation():
        page.get_by_role("button", name="Folgetermin buchen").click()
    expect(page.get_by_role("main")).to_contain_text("ist gebucht. Die Person erhält")
    checker.check("folgetermin-gebucht")

    folge = Buchung.objects.get(folgetermin=True)
    assert folge.termin_id == int(chosen)
    assert folge.folge_von == buchung
    assert folge.status == BuchungStatus.BESTAETIGT
    assert folge.name == "Frau Yilmaz"
    assert [m.subject for m in mail.outbox] == ["Ihr Folgetermin in der Sprechstunde ist gebucht"]
    checker.assert_clean()


def test_the_calendar_address_is_made_shown_once_and_deleted(
    live_server, checker: PageChecker, beraterin, laufende_beratung
):
    page = checker.page
    base = live_server.url
    log_in_with_code(page, base, beraterin.email)

    page.goto(f"{base}/cockpit/")
    with page.expect_navigation():
        page.get_by_role("link", name="Kalender abonnieren").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kalender abonnieren")
    expect(page.get_by_role("main")).to_contain_text("Sie haben noch keine Kalender-Adresse.")
    checker.check("kalender-ohne-adresse")

    with page.expect_navigation():
        page.get_by_role("button", name="Kalender-Adresse erzeugen").click()
    expect(page.get_by_role("main")).to_contain_text("nur dieses eine Mal")
    adresse = page.get_by_label("Adresse: Meine Sprechstunden-Termine").input_value()
    treffen = page.get_by_label("Adresse: Treffen meiner Netzwerke").input_value()
    checker.check("kalender-adresse-neu")
    assert KalenderToken.objects.filter(user=beraterin).count() == 1

    path = re.sub(r"^https?://[^/]+", "", adresse)
    response = page.request.get(base + path)
    assert response.status == 200
    assert "private" in response.headers["cache-control"]
    calendar = Calendar.from_ical(response.body())
    summaries = [str(e["summary"]) for e in calendar.walk("VEVENT")]
    assert "Soziale Sprechstunde am Vormittag: gebucht" in summaries
    assert "Frau Yilmaz" not in response.text()
    assert "44556" not in response.text()
    assert "yilmaz@" not in response.text()
    assert page.request.get(base + re.sub(r"^https?://[^/]+", "", treffen)).status == 200

    page.reload()
    expect(page.get_by_role("main")).to_contain_text("besteht seit")
    expect(page.get_by_label("Adresse: Meine Sprechstunden-Termine")).to_have_count(0)
    checker.check("kalender-adresse-besteht")

    with page.expect_navigation():
        page.get_by_role("button", name="Kalender-Adresse löschen").click()
    expect(page.get_by_role("main")).to_contain_text("Ihre Kalender-Adressen sind gelöscht.")
    assert not KalenderToken.objects.exists()
    assert page.request.get(base + path).status == 404
    checker.assert_clean()


def test_the_counsellor_moves_their_own_home_visit(live_server, checker: PageChecker, beraterin):
    page = checker.page
    base = live_server.url
    now = timezone.localtime()
    besuch = Hausbesuch.objects.create(
        name="Herr Petrov",
        telefon="07127 55555",
        gebiet=Gebiet.objects.get(),
        anliegen=Beratungsthema.objects.get(slug="wohnen"),
        einwilligung_version="2026-11-1",
        einwilligung_am=now,
        zugewiesen=beraterin,
        status=HausbesuchStatus.GEPLANT,
        geplant_am=now + timedelta(days=1),
    )
    neu = (now + timedelta(days=3)).replace(hour=14, minute=30, second=0, microsecond=0)
    log_in_with_code(page, base, beraterin.email)

    page.goto(f"{base}/sprechstunden/verwaltung/hausbesuche/{besuch.pk}/")
    with page.expect_navigation():
        page.get_by_role("link", name="Neu planen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Hausbesuch neu planen")
    checker.check("hausbesuch-neu-planen")
    page.get_by_label("Geplant am").fill(neu.strftime("%Y-%m-%dT%H:%M"))
    with page.expect_navigation():
        page.get_by_role("button", name="Neu planen").click()
    expect(page.get_by_role("main")).to_contain_text("Der Hausbesuch ist neu geplant.")
    besuch.refresh_from_db()
    assert besuch.geplant_am == neu
    assert besuch.zugewiesen == beraterin
    checker.assert_clean()
