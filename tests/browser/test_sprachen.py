"""The public side in other languages, in a real browser: every public page passes axe-core in
every language with the right lang and dir; a Turkish citizen books with JavaScript, an Arabic
one without (right to left, screenshots in test-artifacts/), a Ukrainian one asks a Sorgekreis
for help. The forms are found by their fields' ids, not by German labels."""

import importlib
import re
from datetime import timedelta

import pytest
from django.apps import apps as django_apps
from django.conf import settings
from django.core import mail
from django.utils import timezone
from playwright.sync_api import Browser, expect

from sorgekreise.models import Hilfeanfrage
from sprechstunden.models import Buchung, BuchungStatus
from tests.browser.conftest import JAVASCRIPT_RUNS, PageChecker
from tests.browser.test_booking_flow import TITEL, browser_for, sprechstunde  # noqa: F401
from tests.browser.test_sorgekreise import kreis  # noqa: F401

pytestmark = pytest.mark.browser

LANGUAGES = [code for code, _name in settings.LANGUAGES]
PAGES = [
    "/",
    "/sprechstunden/",
    "/sprechstunden/hausbesuch/",
    "/orte/",
    "/netzwerke/",
    "/netzwerke/massnahmen/",
    "/sorgekreise/",
    "/sorgekreise/hilfe/",
    "/sorgekreise/mithelfen/",
    "/berichte/",
    "/impressum/",
    "/datenschutz/",
    "/barrierefreiheit/",
    "/leichte-sprache/",
    "/gebaerdensprache/",
    "/gibt-es-nicht/",
]
MANAGE_PATH = re.compile(r"(/[a-z]{2})?/sprechstunden/buchung/[\w-]{20,}/")


def _url(base: str, code: str, path: str) -> str:
    return f"{base}{'' if code == 'de' else '/' + code}{path}"


def _expect_language(page, code: str) -> None:
    html = page.locator("html")
    expect(html).to_have_attribute("lang", code)
    expect(html).to_have_attribute("dir", "rtl" if code == "ar" else "ltr")


@pytest.mark.parametrize("code", LANGUAGES)
def test_every_public_page_passes_axe_in_every_language(live_server, checker: PageChecker, code):
    page = checker.page
    for path in PAGES:
        response = page.goto(_url(live_server.url, code, path))
        assert response is not None
        assert response.status == (404 if path == "/gibt-es-nicht/" else 200), path
        # The 404 page is the answer wanted here, not a broken request.
        checker.console = [line for line in checker.console if not line.startswith("http 404")]
        _expect_language(page, code)
        name = path.strip("/").replace("/", "-") or "start"
        checker.check(f"sprache-{code}-{name}", screenshot=False)
    checker.assert_clean()


def _book(buerger, code: str, sprechstunde) -> Buchung:  # noqa: F811
    """List, slot page next week, the form sent empty, then filled; the done page."""
    page = buerger.page
    main = page.get_by_role("main")
    page.goto(_url(buerger.url, code, "/sprechstunden/"))
    _expect_language(page, code)
    buerger.check(f"{code}-1-liste")
    main.get_by_role("link", name=TITEL, exact=True).click()
    monday = timezone.localdate() + timedelta(days=7 - timezone.localdate().weekday())
    page.goto(_url(buerger.url, code, f"/sprechstunden/{sprechstunde.pk}/?ab={monday:%Y-%m-%d}"))
    buerger.check(f"{code}-2-termine")
    with page.expect_navigation():
        main.locator("ul.portal-slots a").first.click()
    _expect_language(page, code)
    buerger.check(f"{code}-3-angaben")
    form = page.locator("form.portal-form")
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    summary = page.locator("#fehlerliste")
    expect(summary).to_be_visible()
    expect(page).to_have_title(re.compile(r"^\S+"))  # the title names the error in the language
    assert not Buchung.objects.exists()
    buerger.check(f"{code}-4-fehler")
    page.locator("#id_thema").select_option(index=1)
    page.locator("#id_email").fill("ayse@example.org")
    page.locator("#id_name").fill("Ayşe")
    page.locator("#id_einwilligung").check()
    with page.expect_navigation():
        page.locator("form.portal-form button[type=submit]").click()
    _expect_language(page, code)
    buerger.check(f"{code}-5-fertig")
    return Buchung.objects.get()


@pytest.mark.parametrize(
    ("code", "javascript"),
    [("tr", True), ("ar", False)],
    ids=["tuerkisch-mit-js", "arabisch-ohne-js"],
)
def test_a_citizen_books_and_confirms_in_their_language(
    sprechstunde,  # noqa: F811
    browser_for,  # noqa: F811
    code,
    javascript,
):
    buerger = browser_for(f"buchung-{code}", javascript=javascript)
    buerger.page.goto(buerger.url + "/")
    assert buerger.page.evaluate(JAVASCRIPT_RUNS) is javascript
    buchung = _book(buerger, code, sprechstunde)
    assert buchung.status == BuchungStatus.RESERVIERT
    [message] = mail.outbox
    path = MANAGE_PATH.search(message.body).group(0)
    assert path.startswith(f"/{code}/sprechstunden/buchung/")  # opens the page in their language
    page = buerger.page
    page.goto(buerger.url + path)
    _expect_language(page, code)
    buerger.check(f"{code}-6-verwalten")
    with page.expect_navigation():
        page.locator("form[action$='bestaetigen/'] button[type=submit]").click()
    _expect_language(page, code)
    buerger.check(f"{code}-7-bestaetigt")
    buchung.refresh_from_db()
    assert buchung.status == BuchungStatus.BESTAETIGT
    buerger.checker.assert_clean()


def test_a_citizen_asks_for_help_in_ukrainian(
    live_server,
    browser: Browser,
    browser_context_args,
    screenshot_dir,
    kreis,  # noqa: F811
):
    context = browser.new_context(**browser_context_args)
    try:
        checker = PageChecker(context.new_page(), screenshot_dir)
        page = checker.page
        page.goto(f"{live_server.url}/uk/sorgekreise/hilfe/?kreis={kreis.pk}")
        _expect_language(page, "uk")
        checker.check("uk-hilfe-formular")
        page.locator("#id_art").select_option(index=1)
        page.locator("#id_gebiet").select_option(index=1)
        page.locator("input[name=dringlichkeit]").first.check()
        page.locator("#id_name").fill("Олена")
        page.locator("#id_telefon").fill("06831 12345")
        page.locator("#id_einwilligung").check()
        with page.expect_navigation():
            page.locator("form.portal-form button[type=submit]").click()
        _expect_language(page, "uk")
        expect(page.get_by_role("heading", level=1)).not_to_have_text(re.compile("Vielen Dank"))
        checker.check("uk-hilfe-danke")
        checker.assert_clean()
        assert Hilfeanfrage.objects.get().name == "Олена"
    finally:
        context.close()


def test_pages_with_content_pass_axe_in_every_language(live_server, checker: PageChecker, settings):
    """The demo data's place, network, measure, Sorgekreis, Sprechstunde, booking form and
    report chapter, in all six languages: staff-typed German text in lang="de" included."""
    import io

    from django.core.management import call_command

    from tests.portal.test_html_valid import _data_pages

    # Transactional tests empty every table, data migrations included: seed them again.
    for module, function in [
        ("sprechstunden.migrations.0002_seed", "seed_themen"),
        ("sorgekreise.migrations.0002_faehigkeiten", "seed"),
        ("begegnung.migrations.0002_stufenkriterien", "seed"),
        ("netzwerke.migrations.0002_nachhaltigkeitsziele", "seed"),
    ]:
        getattr(importlib.import_module(module), function)(django_apps, None)
    settings.DEBUG = True  # seed_demo refuses on a production setup
    call_command("seed_demo", stdout=io.StringIO())
    settings.DEBUG = False
    page = checker.page
    for code in LANGUAGES:
        for path in _data_pages():
            response = page.goto(_url(live_server.url, code, path))
            assert response is not None
            assert response.status == 200, (code, path)
            _expect_language(page, code)
            name = path.strip("/").replace("/", "-")
            checker.check(f"inhalt-{code}-{name}", screenshot=code == "ar")
    checker.assert_clean()
