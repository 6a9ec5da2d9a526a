"""The waiting list and the booking code in a real browser.

A citizen puts herself on the waiting list of a booked-out day, confirms her address through the
link in the mail (opening it changes nothing, the button does), another person cancels, the
mail with the offer arrives, and its link books the held slot with the usual form. A phone
booking is found on "Buchung finden" by its code and the phone number (a wrong number gets the
calm answer first). A counsellor sees the waiting list and a call task. Every page passes
axe-core (WCAG 2.1 A/AA) and keeps to the CSP; the citizen's pages are also taken in Arabic
(right to left).

The live server runs in real time: the Sprechstunde has two slots a day, and the booked-out day
is a week from today, so it is bookable whenever this runs."""

import importlib
import re
from datetime import time, timedelta

import pytest
from django.apps import apps as django_apps
from django.core import mail
from django.core.cache import cache
from django.utils import timezone
from playwright.sync_api import Page, expect

from saarlouis_portal.konten.roles import Rolle
from saarlouis_portal.stammdaten.models import Gebiet, GebietArt, Organisation, OrganisationArt
from saarlouis_portal.stammdaten.templatetags.portal_zeit import datum
from sprechstunden.models import (
    Anlaufstelle,
    Beratende,
    Beratungsthema,
    Buchung,
    BuchungStatus,
    Sprechstunde,
    Termin,
    Wartelisteneintrag,
    WartelisteStatus,
)
from sprechstunden.services.booking import BuchungsDaten, book_termin
from sprechstunden.services.manage import cancel_buchung
from sprechstunden.services.slots import generate_slots
from tests.browser.conftest import PageChecker, log_in_with_code
from tests.conftest import make_user

pytestmark = pytest.mark.browser

TITEL = "Soziale Sprechstunde im Rathaus"
ENTRY_PATH = re.compile(r"/sprechstunden/warteliste/[\w-]{20,}/")


@pytest.fixture
def sprechstunde(migration_data) -> Sprechstunde:
    """Every day 9:00–10:00, two 30-minute slots, one seat each, four weeks ahead."""
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
        titel=TITEL,
        wochentage=list(range(7)),
        beginn=time(9, 0),
        ende=time(10, 0),
        slot_minuten=30,
        kapazitaet=1,
        vorlauf_stunden=1,
        buchbar_tage=28,
        gueltig_ab=timezone.localdate(),
    )
    sprechstunde.themen.set(Beratungsthema.objects.filter(slug__in=["geldsorgen", "wohnen"]))
    generate_slots(sprechstunde)
    return sprechstunde


@pytest.fixture
def voller_tag(sprechstunde):
    """A week from today both slots are booked; returns the day and its bookings."""
    day = timezone.localdate() + timedelta(days=7)
    thema = Beratungsthema.objects.get(slug="geldsorgen")
    buchungen = [
        book_termin(termin.pk, BuchungsDaten(thema=thema, telefon=f"07127 123{i}"))[0]
        for i, termin in enumerate(
            Termin.objects.filter(sprechstunde=sprechstunde, beginn__date=day).order_by("beginn")
        )
    ]
    assert len(buchungen) == 2
    return day, buchungen


def submit(page: Page, button: str) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name=button, exact=True).click()


def link_in(body: str) -> str:
    match = ENTRY_PATH.search(body)
    assert match, body
    return match.group(0)


def test_a_waiting_list_entry_becomes_a_booking_when_a_slot_frees(
    live_server, checker: PageChecker, voller_tag
):
    page = checker.page
    base = live_server.url
    main = page.get_by_role("main")
    day, buchungen = voller_tag
    email = "ayse@example.org"

    page.goto(f"{base}/sprechstunden/")
    main.get_by_role("link", name=TITEL, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITEL)
    checker.check("warteliste-1-sprechstunde")
    with page.expect_navigation():
        main.get_by_role("link", name="Auf die Warteliste", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Auf die Warteliste")
    checker.check("warteliste-2-formular")

    # Sent without consent: the error is named at its field; nothing is saved.
    page.get_by_label("Für welchen Tag?").select_option(label=datum(day, "tag"))
    page.get_by_label("E-Mail-Adresse").fill(email)
    submit(page, "Auf die Warteliste setzen")
    expect(page.locator("#id_einwilligung_error")).to_contain_text("Bitte bestätigen Sie")
    assert not Wartelisteneintrag.objects.exists()
    checker.check("warteliste-3-formular-fehler")

    page.get_by_label(re.compile(r"^Ich bin einverstanden")).check()
    submit(page, "Auf die Warteliste setzen")
    expect(page.get_by_role("heading", level=1)).to_have_text("Bitte bestätigen Sie Ihren Eintrag")
    eintrag = Wartelisteneintrag.objects.get()
    assert (eintrag.status, eintrag.tag, eintrag.email) == (
        WartelisteStatus.UNBESTAETIGT,
        day,
        email,
    )
    checker.check("warteliste-4-eingetragen")

    # The link in the mail: opening it changes nothing, the button confirms.
    [bestaetigen] = mail.outbox
    assert bestaetigen.to == [email]
    page.goto(base + link_in(bestaetigen.body))
    expect(page.get_by_role("heading", level=1)).to_have_text("Ihr Eintrag auf der Warteliste")
    eintrag.refresh_from_db()
    assert eintrag.status == WartelisteStatus.UNBESTAETIGT
    checker.check("warteliste-5-link-unbestaetigt")
    submit(page, "Eintrag bestätigen")
    expect(page.get_by_role("status").filter(has_text="Ihr Eintrag ist bestätigt.")).to_be_visible()
    eintrag.refresh_from_db()
    assert eintrag.status == WartelisteStatus.WARTET
    checker.check("warteliste-6-wartet")

    # Somebody cancels: the seat is offered to her and held.
    cancel_buchung(buchungen[1])
    eintrag.refresh_from_db()
    assert eintrag.status == WartelisteStatus.HAELT
    assert eintrag.termin_id == buchungen[1].termin_id
    assert not Termin.objects.bookable().filter(pk=eintrag.termin_id).exists()
    angebot = mail.outbox[-1]
    assert angebot.to == [email]
    assert angebot.subject.startswith("Ein Termin ist frei geworden")

    page.goto(base + link_in(angebot.body))
    expect(main.get_by_role("heading", name="Ein Termin ist für Sie frei geworden")).to_be_visible()
    checker.check("warteliste-7-angebot")
    with page.expect_navigation():
        main.get_by_role("link", name="Termin jetzt buchen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ihre Angaben")
    expect(page.get_by_label("E-Mail-Adresse")).to_have_value(email)
    checker.check("warteliste-8-buchen")
    page.get_by_label("Worum geht es?").select_option(label="Wohnen")
    page.get_by_label(re.compile(r"^Ich bin einverstanden")).check()
    submit(page, "Termin buchen")
    expect(page.get_by_role("heading", level=1)).to_have_text("Ihr Termin ist gebucht")
    buchung = Buchung.objects.get(termin=eintrag.termin, status=BuchungStatus.BESTAETIGT)
    assert buchung.email == email
    code = main.get_by_role("region", name="Ihr Buchungscode")
    expect(code).to_contain_text(buchung.code_anzeige)
    eintrag.refresh_from_db()
    assert (eintrag.status, eintrag.buchung_id) == (WartelisteStatus.GEBUCHT, buchung.pk)
    assert mail.outbox[-1].subject == "Ihr Termin in der Sprechstunde ist bestätigt"
    checker.check("warteliste-9-gebucht")

    # The same pages right to left, in Arabic.
    page.goto(f"{base}/ar/sprechstunden/{eintrag.sprechstunde_id}/warteliste/")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    checker.check("warteliste-ar-formular")
    page.goto(
        f"{base}/ar/sprechstunden/{eintrag.sprechstunde_id}/warteliste/eingetragen/?art=email"
    )
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    checker.check("warteliste-ar-eingetragen")

    checker.assert_clean()


def test_a_booking_is_found_by_its_code_and_phone_number(
    live_server, checker: PageChecker, sprechstunde
):
    page = checker.page
    base = live_server.url
    main = page.get_by_role("main")
    termin = Termin.objects.filter(
        sprechstunde=sprechstunde, beginn__date=timezone.localdate() + timedelta(days=3)
    ).earliest("beginn")
    buchung, old_token = book_termin(
        termin.pk,
        BuchungsDaten(thema=Beratungsthema.objects.get(slug="wohnen"), telefon="07127 12 34"),
    )

    page.goto(f"{base}/sprechstunden/")
    with page.expect_navigation():
        main.get_by_role("link", name="Buchung finden").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Buchung finden")
    checker.check("finden-1-formular")

    # A wrong number: the calm answer that also an unknown code gets.
    page.get_by_label("Buchungscode").fill(buchung.code.lower())
    page.get_by_label("Telefonnummer oder E-Mail-Adresse").fill("07127 99 99")
    submit(page, "Buchung finden")
    expect(page.get_by_role("alert")).to_contain_text("Zu diesen Angaben finden wir keine Buchung.")
    checker.check("finden-2-nicht-gefunden")

    page.get_by_label("Buchungscode").fill(f"{buchung.code[:3]} {buchung.code[3:]}".lower())
    page.get_by_label("Telefonnummer oder E-Mail-Adresse").fill("+49 7127 1234")
    submit(page, "Buchung finden")
    expect(page.get_by_role("heading", level=1)).to_have_text("Ihr Termin")
    expect(
        page.get_by_role("status").filter(has_text="Wir haben Ihre Buchung gefunden.")
    ).to_be_visible()
    expect(main).to_contain_text(buchung.code_anzeige)
    expect(main.get_by_role("link", name="Termin absagen")).to_be_visible()
    checker.check("finden-3-gefunden")
    # Only the hash of a link is stored: the old one no longer works.
    response = page.goto(f"{base}/sprechstunden/buchung/{old_token}/")
    assert response.status == 404
    checker.console.clear()  # that 404 was the point

    page.goto(f"{base}/ar/sprechstunden/buchung-finden/")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    checker.check("finden-ar-formular")
    page.goto(f"{base}/ar/sprechstunden/")
    checker.check("finden-ar-liste")

    checker.assert_clean()


def test_a_counsellor_sees_the_waiting_list_and_a_call_task(
    live_server, checker: PageChecker, sprechstunde, voller_tag
):
    from sprechstunden.services import warteliste
    from sprechstunden.services.warteliste import WartelistenDaten

    page = checker.page
    base = live_server.url
    day, buchungen = voller_tag
    diakonie = Organisation.objects.create(
        name="Diakoniestation Pliezhausen", art=OrganisationArt.TRAEGER
    )
    bea = make_user("bea@example.org", Rolle.BERATUNG, first_name="Bea", last_name="Berger")
    Beratende.objects.create(sprechstunde=sprechstunde, user=bea, traeger=diakonie)
    warteliste.join(
        sprechstunde.pk, WartelistenDaten(tag=day, telefon="07127 55 66", name="Herr K.")
    )
    warteliste.join(sprechstunde.pk, WartelistenDaten(tag=day, email="ayse@example.org"))
    cancel_buchung(buchungen[0])  # the phone entry is first: a call task

    log_in_with_code(page, base, bea.email)
    page.goto(f"{base}/sprechstunden/verwaltung/tagesliste/")
    expect(page.get_by_role("heading", name="1 Anruf aus der Warteliste")).to_be_visible()
    expect(page.get_by_role("main")).to_contain_text("Herr K.")
    checker.check("warteliste-staff-1-tagesliste")
    page.goto(f"{base}/sprechstunden/verwaltung/sprechstunden/{sprechstunde.pk}/warteliste/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Warteliste")
    expect(page.get_by_role("main")).to_contain_text("ayse@example.org")
    checker.check("warteliste-staff-2-liste")
    submit(page, "Weitergeben")
    expect(page.get_by_role("main")).to_contain_text("Das Angebot ist beendet")
    checker.check("warteliste-staff-3-weitergegeben")

    checker.assert_clean()
