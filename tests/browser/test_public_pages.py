"""Public pages in a real browser: they render, pass axe-core (WCAG 2.1 AA), keep to the CSP and
work without JavaScript."""

import pytest
from playwright.sync_api import Browser, expect

from tests.browser.conftest import PageChecker, log_in

pytestmark = pytest.mark.browser

PUBLIC_PAGES = [
    ("start", "/", "Soziale Teilhabe in Kreisstadt Saarlouis"),
    ("anmeldung", "/accounts/login/", "Anmeldung für Mitarbeitende"),
    ("impressum", "/impressum/", "Impressum"),
    ("datenschutz", "/datenschutz/", "Datenschutzerklärung"),
    ("barrierefreiheit", "/barrierefreiheit/", "Erklärung zur Barrierefreiheit"),
    ("netzwerke", "/netzwerke/", "Netzwerke"),
]


@pytest.mark.parametrize(
    ("name", "path", "heading"), PUBLIC_PAGES, ids=[page[0] for page in PUBLIC_PAGES]
)
def test_public_page_is_accessible(live_server, checker: PageChecker, name, path, heading):
    page = checker.page
    response = page.goto(live_server.url + path)
    assert response is not None
    assert response.status == 200
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    checker.check(name)
    checker.assert_clean()


def test_start_page_links_every_section(live_server, checker: PageChecker):
    page = checker.page
    page.goto(live_server.url + "/")
    nav = page.get_by_role("navigation", name="Hauptnavigation")
    for titel in ["Netzwerke", "Orte der Begegnung", "Sorgekreise", "Sprechstunden"]:
        expect(nav.get_by_role("link", name=titel, exact=True)).to_be_visible()
    expect(nav.get_by_role("link", name="Start")).to_have_attribute("aria-current", "page")


def test_skip_link_appears_on_focus_and_moves_focus_to_content(live_server, checker: PageChecker):
    page = checker.page
    page.goto(live_server.url + "/")
    page.keyboard.press("Tab")
    skiplink = page.get_by_role("link", name="Zum Inhalt springen")
    expect(skiplink).to_be_focused()
    expect(skiplink).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page.locator("#inhalt")).to_be_focused()


def test_narrow_screen(live_server, browser: Browser, browser_context_args, screenshot_dir):
    """375 px (a small phone): no horizontal scrolling, axe clean."""
    context = browser.new_context(**browser_context_args, viewport={"width": 375, "height": 740})
    try:
        checker = PageChecker(context.new_page(), screenshot_dir)
        page = checker.page
        for name, path, _heading in PUBLIC_PAGES[:2]:
            page.goto(live_server.url + path)
            checker.check(f"mobil-{name}")
            overflow = page.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            if overflow > 0:
                checker.report(
                    f"mobil-{name}",
                    f"Seite ist {overflow}px breiter als der Bildschirm (waagerechtes Scrollen)",
                )
        checker.assert_clean()
    finally:
        context.close()


def test_without_javascript_start_page_renders_and_login_works(
    live_server, browser: Browser, browser_context_args, koordinatorin, screenshot_dir
):
    context = browser.new_context(**browser_context_args, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(live_server.url + "/")
        expect(page.get_by_role("heading", level=1)).to_have_text(
            "Soziale Teilhabe in Kreisstadt Saarlouis"
        )
        page.screenshot(path=str(screenshot_dir / "ohne-js-start.png"), full_page=True)
        log_in(page, live_server.url, koordinatorin.email)
        assert page.url == live_server.url + "/cockpit/"
        expect(page.get_by_role("heading", level=1)).to_have_text("Cockpit")
        page.screenshot(path=str(screenshot_dir / "ohne-js-cockpit.png"), full_page=True)
    finally:
        context.close()
