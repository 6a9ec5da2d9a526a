"""A citizen books a Sprechstunde end to end in a real browser, once with JavaScript and once
without: list, slot page, booking form (first sent empty), done page; then the manage link from
the captured e-mail: opening it changes nothing, one button confirms, one button cancels. A
phone-only booking gets its manage link on the done page instead. A slot taken while the form
was open sends the person back to its week, and the next form has their entries. Every page of
the way passes axe-core (WCAG 2.1 A/AA) and the CSP; the database is checked after every step
that writes.

The live server runs in real time, so the Sprechstunde runs every day from 00:00 to 23:30 and the
slot is taken from next week's page: it is bookable and still cancellable whenever this runs.
"""

import importlib
import re
from dataclasses import dataclass
from datetime import time

import pytest
from django.apps import apps as django_apps
from django.core import mail
from django.core.cache import cache
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from saarlouis_portal.stammdaten.models import Gebiet, GebietArt
from sprechstunden.models import (
    Anlaufstelle,
    Beratungsthema,
    Buchung,
    BuchungStatus,
    Sprache,
    Sprechstunde,
    Termin,
)
from sprechstunden.services.booking import BuchungsDaten, book_termin
from sprechstunden.services.slots import generate_slots
from tests.browser.conftest import JAVASCRIPT_RUNS, PageChecker

pytestmark = pytest.mark.browser

TITEL = "Offene Sozialsprechstunde im Rathaus"
MANAGE_PATH = re.compile(r"/sprechstunden/buchung/[\w-]{20,}/")
BOOKING_PATH = re.compile(r"/sprechstunden/termin/(\d+)/buchen/$")
EINWILLIGUNG = re.compile(r"^Ich bin einverstanden")


@pytest.fixture
def sprechstunde(migration_data) -> Sprechstunde:
    """Every day 00:00–23:30 in 30-minute slots from today, one hour notice, four weeks ahead."""
    # Topics and languages come from a data migration; transactional tests empty their tables.
    importlib.import_module("sprechstunden.migrations.0002_seed").seed_themen(django_apps, None)
    # Rate-limit counters of earlier browser tests: every browser is the same client address.
    cache.clear()
    gebiet = Gebiet.objects.create(name="Gemeinde Pliezhausen", art=GebietArt.GEMEINDE)
    anlaufstelle = Anlaufstelle.objects.create(
        name="Büro im Rathaus Pliezhausen",
        gebiet=gebiet,
        strasse="Marktplatz 1",
        plz="72124",
        ort="Pliezhausen",
        raum="Zimmer 12",
        telefon="07127 9770",
        wegbeschreibung="Eingang am Marktplatz, erster Stock.",
        barrierefreiheit="Aufzug neben dem Haupteingang.",
        stufenlos=True,
    )
    sprechstunde = Sprechstunde.objects.create(
        anlaufstelle=anlaufstelle,
        titel=TITEL,
        beschreibung="Beratung zu Geldsorgen und Wohnen, vertraulich und kostenlos.",
        wochentage=list(range(7)),
        beginn=time(0, 0),
        ende=time(23, 30),
        slot_minuten=30,
        kapazitaet=1,
        vorlauf_stunden=1,
        buchbar_tage=28,
        gueltig_ab=timezone.localdate(),
    )
    sprechstunde.themen.set(Beratungsthema.objects.filter(slug__in=["geldsorgen", "wohnen"]))
    sprechstunde.sprachen.set(Sprache.objects.filter(code__in=["de", "tr"]))
    generate_slots(sprechstunde)
    return sprechstunde


@dataclass
class Buerger:
    """One person's browser: a page in its own context, checked page by page."""

    checker: PageChecker
    url: str
    name: str
    javascript: bool

    @property
    def page(self) -> Page:
        return self.checker.page

    def check(self, step: str) -> None:
        self.checker.check(f"{self.name}-{step}")


@pytest.fixture
def browser_for(live_server, browser: Browser, browser_context_args, screenshot_dir):
    """Opens a fresh browser context (with or without JavaScript) for one citizen."""
    contexts = []

    def open_browser(name: str, *, javascript: bool = True) -> Buerger:
        context = browser.new_context(**browser_context_args, java_script_enabled=javascript)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(10_000)
        return Buerger(PageChecker(page, screenshot_dir), live_server.url, name, javascript)

    yield open_browser
    for context in contexts:
        context.close()


def submit(page: Page, button: str) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name=button, exact=True).click()


def choose_slot(buerger: Buerger) -> int:
    """Screens 0 and 1: from the list to the Sprechstunde, next week, the first free time.
    Returns the pk of the chosen slot."""
    page = buerger.page
    main = page.get_by_role("main")

    page.goto(f"{buerger.url}/sprechstunden/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Soziale Sprechstunden")
    expect(main.get_by_role("heading", name=TITEL)).to_be_visible()
    buerger.check("1-liste")

    main.get_by_role("link", name=TITEL, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITEL)
    expect(main).to_contain_text("Schritt 1 von 3: Termin wählen")
    # Next week: every slot there is bookable and still cancellable, whatever the time now.
    page.get_by_role("navigation", name="Wochen").get_by_role("link", name="Nächste Woche").click()
    expect(page).to_have_url(re.compile(r"\?ab=\d{4}-\d{2}-\d{2}$"))
    slots = main.locator("ul.portal-slots a")
    buerger.check("2-termine")

    slot = slots.first
    href = slot.get_attribute("href")
    # The slot's name for screen readers carries the day as well as the time shown.
    expect(slot).to_have_accessible_name(re.compile(r"^Montag, \d{1,2}\. [^,]+, 00:00 Uhr$"))
    slot.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ihre Angaben")
    expect(main).to_contain_text("Schritt 2 von 3: Angaben machen")
    match = BOOKING_PATH.search(href or "")
    assert match, href
    assert page.url == buerger.url + href
    buerger.check("3-angaben")
    return int(match.group(1))


def send_empty_form(buerger: Buerger) -> None:
    """The form sent empty: an error summary linking to each field, the errors at the fields."""
    page = buerger.page
    submit(page, "Termin buchen")
    expect(page.get_by_role("heading", level=1)).to_have_text("Ihre Angaben")
    summary = page.get_by_role("alert")
    expect(summary.get_by_role("heading")).to_have_text("Bitte prüfen Sie Ihre Eingaben")
    links = summary.get_by_role("link")
    expect(links).to_have_text(
        [
            "Worum geht es? Bitte wählen Sie ein Thema.",
            re.compile(r"^E-Mail-Adresse: Bitte geben Sie eine E-Mail-Adresse oder"),
            re.compile(r"^Einverständnis: Bitte bestätigen Sie, dass wir Ihre Angaben"),
        ]
    )
    for link, field in zip(links.all(), ["thema", "email", "einwilligung"], strict=True):
        expect(link).to_have_attribute("href", f"#id_{field}")
    for field, message in [
        ("thema", "Bitte wählen Sie ein Thema."),
        ("email", "E-Mail-Adresse oder eine Telefonnummer"),
        ("einwilligung", "Bitte bestätigen Sie"),
    ]:
        expect(page.locator(f"#id_{field}_error")).to_contain_text(message)
        expect(page.locator(f"#id_{field}")).to_have_attribute("aria-invalid", "true")
    assert not Buchung.objects.exists()
    buerger.check("4-angaben-fehler")


def fill_form(page: Page, *, email: str = "", telefon: str = "") -> None:
    page.get_by_label("Worum geht es?").select_option(label="Wohnen")
    if email:
        page.get_by_label("E-Mail-Adresse").fill(email)
    if telefon:
        page.get_by_label("Telefonnummer").fill(telefon)
    page.get_by_label("Name oder Vorname").fill("Ayşe")
    page.get_by_label(EINWILLIGUNG).check()
    submit(page, "Termin buchen")


def open_manage_link(buerger: Buerger, path: str) -> None:
    page = buerger.page
    page.goto(buerger.url + path)
    expect(page.get_by_role("heading", level=1)).to_have_text("Ihr Termin")
    expect(page.get_by_role("main")).to_contain_text(TITEL)


def cancel(buerger: Buerger, buchung: Buchung) -> None:
    page = buerger.page
    main = page.get_by_role("main")
    with page.expect_navigation():
        main.get_by_role("link", name="Termin absagen", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Wirklich absagen?")
    buchung.refresh_from_db()
    assert buchung.status != BuchungStatus.STORNIERT  # asking changes nothing
    submit(page, "Ja, Termin absagen")
    expect(page.get_by_role("status").filter(has_text="Ihr Termin ist abgesagt.")).to_be_visible()
    expect(main.get_by_role("heading", name="Dieser Termin ist abgesagt.")).to_be_visible()
    expect(main.get_by_role("link", name="Termin absagen")).to_have_count(0)
    buchung.refresh_from_db()
    assert buchung.status == BuchungStatus.STORNIERT
    assert buchung.storniert_am is not None
    # The slot is free again for the next person.
    assert Termin.objects.bookable().filter(pk=buchung.termin_id).exists()


@pytest.mark.parametrize("javascript", [True, False], ids=["mit-js", "ohne-js"])
def test_a_citizen_books_confirms_and_cancels_by_the_link_in_the_email(
    sprechstunde, browser_for, javascript
):
    buerger = browser_for(
        "buchung-mit-js" if javascript else "buchung-ohne-js", javascript=javascript
    )
    page = buerger.page
    main = page.get_by_role("main")
    email = "ayse@example.org"

    termin_pk = choose_slot(buerger)
    # The run without JavaScript really has none.
    assert page.evaluate(JAVASCRIPT_RUNS) is javascript
    send_empty_form(buerger)

    fill_form(page, email=email)
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Fast geschafft: Bitte bestätigen Sie Ihren Termin"
    )
    expect(main).to_contain_text("Schritt 3 von 3: Fertig")
    expect(main).to_contain_text("Wir haben Ihnen eine E-Mail geschickt.")
    # With an e-mail address the link goes only into the mail, never onto the page.
    assert not MANAGE_PATH.search(page.content())
    buchung = Buchung.objects.get()
    assert (buchung.termin_id, buchung.status) == (termin_pk, BuchungStatus.RESERVIERT)
    assert (buchung.email, buchung.name, buchung.thema.slug) == (email, "Ayşe", "wohnen")
    buerger.check("5-fertig")

    [reserviert] = mail.outbox
    assert reserviert.to == [email]
    link = MANAGE_PATH.search(reserviert.body)
    assert link, reserviert.body
    open_manage_link(buerger, link.group(0))
    expect(main).to_contain_text("Der Termin ist für Sie reserviert.")
    expect(main).to_contain_text("Reserviert, Bestätigung per E-Mail ausstehend")
    expect(main.get_by_role("button", name="Termin bestätigen")).to_be_visible()
    # Opening the link changed nothing: a mail scanner following it confirms nothing.
    buchung.refresh_from_db()
    assert buchung.status == BuchungStatus.RESERVIERT
    assert buchung.bestaetigt_am is None
    assert len(mail.outbox) == 1
    buerger.check("6-verwalten-reserviert")

    submit(page, "Termin bestätigen")
    expect(page.get_by_role("status").filter(has_text="Ihr Termin ist bestätigt.")).to_be_visible()
    expect(
        main.get_by_role("heading", name="Ihr Termin ist bestätigt. Wir freuen uns auf Sie.")
    ).to_be_visible()
    expect(main.get_by_role("button", name="Termin bestätigen")).to_have_count(0)
    buchung.refresh_from_db()
    assert buchung.status == BuchungStatus.BESTAETIGT
    assert buchung.bestaetigt_am is not None
    assert [m.to for m in mail.outbox[1:]] == [[email]]
    buerger.check("7-verwalten-bestaetigt")

    cancel(buerger, buchung)
    assert [m.to for m in mail.outbox[2:]] == [[email]]
    buerger.check("8-verwalten-abgesagt")

    buerger.checker.assert_clean()


def test_a_phone_only_booking_shows_its_manage_link_once_on_the_done_page(
    sprechstunde, browser_for
):
    buerger = browser_for("buchung-telefon")
    page = buerger.page
    main = page.get_by_role("main")

    termin_pk = choose_slot(buerger)
    fill_form(page, telefon="07127 12 34")
    expect(page.get_by_role("heading", level=1)).to_have_text("Ihre Anfrage ist eingegangen")
    expect(main).to_contain_text("Wir rufen Sie an, um den Termin zu bestätigen.")
    card = main.get_by_role("region", name="Ihr persönlicher Link zum Termin")
    link = card.get_by_role("link")
    expect(link).to_have_count(1)
    buchung = Buchung.objects.get()
    assert (buchung.termin_id, buchung.status) == (termin_pk, BuchungStatus.ANFRAGE)
    assert (buchung.email, buchung.telefon) == ("", "+4971271234")
    assert mail.outbox == []
    manage_url = link.get_attribute("href")
    assert manage_url == link.inner_text()
    assert MANAGE_PATH.fullmatch(manage_url.removeprefix(buerger.url)), manage_url
    buerger.check("5-fertig")

    link.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ihr Termin")
    expect(main).to_contain_text("Anfrage, Rückruf ausstehend")
    expect(main.get_by_role("button", name="Termin bestätigen")).to_have_count(0)
    buchung.refresh_from_db()
    assert buchung.status == BuchungStatus.ANFRAGE
    buerger.check("6-verwalten-anfrage")

    # Shown once: the done page now leads back to the list, without the link.
    page.goto(f"{buerger.url}/sprechstunden/buchung/fertig/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Soziale Sprechstunden")
    assert not MANAGE_PATH.search(page.content())

    page.goto(manage_url)
    cancel(buerger, buchung)
    assert mail.outbox == []
    buerger.check("7-verwalten-abgesagt")

    buerger.checker.assert_clean()


def test_a_slot_taken_meanwhile_sends_back_to_the_week_and_keeps_the_entries(
    sprechstunde, browser_for
):
    buerger = browser_for("buchung-vergeben")
    page = buerger.page
    main = page.get_by_role("main")

    termin_pk = choose_slot(buerger)
    page.get_by_label("Worum geht es?").select_option(label="Wohnen")
    page.get_by_label("E-Mail-Adresse").fill("ayse@example.org")
    page.get_by_label("Name oder Vorname").fill("Ayşe")
    page.get_by_label("Kurze Notiz").fill("Mahnung vom Vermieter")
    page.get_by_label(EINWILLIGUNG).check()
    # Someone else is quicker, by phone.
    book_termin(
        termin_pk, BuchungsDaten(Beratungsthema.objects.get(slug="geldsorgen"), telefon="1")
    )
    submit(page, "Termin buchen")

    expect(page.get_by_role("heading", level=1)).to_have_text(TITEL)
    expect(
        page.get_by_role("status").filter(has_text="ist leider gerade vergeben")
    ).to_contain_text("Ihre Angaben tragen wir dort wieder für Sie ein.")
    expect(main.locator(f'a[href$="/termin/{termin_pk}/buchen/"]')).to_have_count(0)
    assert Buchung.objects.count() == 1
    buerger.check("4-vergeben")

    main.locator("ul.portal-slots a").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ihre Angaben")
    expect(page.get_by_role("status")).to_contain_text(
        "Wir haben Ihre Angaben von eben eingetragen"
    )
    expect(page.get_by_label("E-Mail-Adresse")).to_have_value("ayse@example.org")
    expect(page.get_by_label("Name oder Vorname")).to_have_value("Ayşe")
    expect(page.get_by_label("Kurze Notiz")).to_have_value("Mahnung vom Vermieter")
    expect(page.get_by_label("Worum geht es?")).to_have_value(
        str(Beratungsthema.objects.get(slug="wohnen").pk)
    )
    expect(page.get_by_label(EINWILLIGUNG)).not_to_be_checked()  # consent is given anew
    buerger.check("5-angaben-uebernommen")

    page.get_by_label(EINWILLIGUNG).check()
    submit(page, "Termin buchen")
    expect(main).to_contain_text("Schritt 3 von 3: Fertig")
    mine = Buchung.objects.get(email="ayse@example.org")
    assert mine.termin_id != termin_pk
    assert (mine.name, mine.notiz, mine.thema.slug) == ("Ayşe", "Mahnung vom Vermieter", "wohnen")
    buerger.checker.assert_clean()
