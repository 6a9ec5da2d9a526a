"""Leichte Sprache, Gebärdensprache and the accessibility statement in a real browser: axe-core
(WCAG 2.1 AA) finds nothing, also with a validation error shown, the CSP holds, and the feedback
form works without JavaScript."""

import pytest
from playwright.sync_api import Browser, expect

from tests.browser.conftest import PageChecker

pytestmark = pytest.mark.browser

LEICHTE_SPRACHE = [
    ("leichte-sprache", "/leichte-sprache/"),
    ("leichte-sprache-benutzen", "/leichte-sprache/so-geht-die-seite/"),
    ("leichte-sprache-sprechstunde", "/leichte-sprache/sprechstunde/"),
    ("leichte-sprache-sorgekreis", "/leichte-sprache/sorgekreis/"),
    ("leichte-sprache-kontakt", "/leichte-sprache/kontakt/"),
    ("leichte-sprache-erklaerung", "/leichte-sprache/barrierefreiheit/"),
]


def test_leichte_sprache_pages_are_accessible_and_reach_each_other(live_server, checker):
    page = checker.page
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Leichte Sprache").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Das Sozial-Portal in Leichter Sprache"
    )
    for name, path in LEICHTE_SPRACHE:
        page.goto(live_server.url + path)
        menu = page.get_by_role("navigation", name="Seiten in Leichter Sprache")
        expect(menu.get_by_role("link")).to_have_count(len(LEICHTE_SPRACHE))
        expect(menu.locator('[aria-current="page"]')).to_have_count(1)
        size = page.locator(".portal-leichte-sprache p").first.evaluate(
            "element => getComputedStyle(element).fontSize"
        )
        assert size == "20px", name
        checker.check(name)
    checker.assert_clean()


def test_gebaerdensprache_page_is_accessible(live_server, checker):
    page = checker.page
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Gebärdensprache").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Informationen in Deutscher Gebärdensprache"
    )
    checker.check("gebaerdensprache")
    checker.assert_clean()


def test_statement_with_a_validation_error_is_accessible_without_javascript(
    live_server, browser: Browser, browser_context_args, screenshot_dir
):
    context = browser.new_context(**browser_context_args, java_script_enabled=False)
    try:
        checker = PageChecker(context.new_page(), screenshot_dir)
        page = checker.page
        page.goto(live_server.url + "/barrierefreiheit/")
        expect(page.get_by_role("heading", level=1)).to_have_text("Erklärung zur Barrierefreiheit")
        checker.check("barrierefreiheit")
        page.get_by_label("Ihre E-Mail-Adresse").fill("kim@")
        page.get_by_role("button", name="Rückmeldung senden").click()
        expect(page.get_by_role("alert")).to_contain_text("Bitte prüfen Sie Ihre Eingaben")
        expect(page.locator("#id_nachricht_error")).to_contain_text("Bitte beschreiben Sie")
        expect(page.locator("#id_email_error")).to_contain_text("gültige E-Mail-Adresse")
        checker.check("barrierefreiheit-fehler")
        page.get_by_label("Was ist Ihnen aufgefallen?").fill("Die Karte geht nicht.")
        page.get_by_label("Ihre E-Mail-Adresse").fill("kim@example.net")
        page.get_by_role("button", name="Rückmeldung senden").click()
        expect(page.get_by_role("heading", level=1)).to_have_text(
            "Vielen Dank für Ihre Rückmeldung"
        )
        expect(page.get_by_role("status")).to_contain_text("innerhalb von sechs Wochen")
        checker.check("barrierefreiheit-danke")
        checker.assert_clean()
    finally:
        context.close()
