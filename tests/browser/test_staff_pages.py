"""Staff pages in a real browser, logged in once through the real login form: they render, pass
axe-core (WCAG 2.1 AA) and keep to the CSP; a form submitted empty shows its errors accessibly."""

import pytest
from playwright.sync_api import expect

from saarlouis_portal.stammdaten.models import Gebiet, GebietArt
from tests.browser.conftest import PageChecker, log_in

pytestmark = pytest.mark.browser


def test_staff_pages_are_accessible(live_server, checker: PageChecker, koordinatorin, demo_data):
    page = checker.page
    base = live_server.url
    main = page.get_by_role("main")

    log_in(page, base, koordinatorin.email)
    assert page.url == f"{base}/cockpit/"
    expect(page.get_by_role("heading", level=1)).to_have_text("Cockpit")
    checker.check("cockpit")

    page.goto(f"{base}/stammdaten/gebiete/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Gebiete")
    expect(main.get_by_role("link", name="Kreisstadt Saarlouis", exact=True)).to_be_visible()
    checker.check("gebiete")

    page.goto(f"{base}/stammdaten/gebiete/?art={GebietArt.SOZIALRAUM}")
    expect(main.get_by_role("link", name="Roden Nord", exact=True)).to_be_visible()
    checker.check("gebiete-gefiltert")

    stadtteil = Gebiet.objects.get(name="Roden")
    page.goto(f"{base}/stammdaten/gebiete/{stadtteil.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Roden")
    expect(page.get_by_role("navigation", name="Brotkrumen")).to_be_visible()
    checker.check("gebiet-detail")

    foerdergebiet = Gebiet.objects.get(art=GebietArt.FOERDERGEBIET)
    page.goto(f"{base}/stammdaten/gebiete/{foerdergebiet.pk}/")
    expect(page.get_by_role("heading", name="Umfasste Sozialräume")).to_be_visible()
    checker.check("foerdergebiet-detail")

    page.goto(f"{base}/stammdaten/organisationen/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Organisationen")
    checker.check("organisationen")

    main.get_by_role("link", name="Jugendamt Reutlingen", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Jugendamt Reutlingen")
    checker.check("organisation-detail")

    page.goto(f"{base}/stammdaten/organisationen/neu/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Organisation anlegen")
    checker.check("organisation-neu")
    # Several choices are checkboxes and must look like checkboxes, not like radio buttons.
    checkboxes = page.locator("fieldset input[type=checkbox]")
    expect(checkboxes.first).to_be_visible()
    misdrawn = page.locator("input[type=checkbox].kern-form-check__radio").count()
    if misdrawn:
        checker.report(
            "organisation-neu",
            f"{misdrawn} Kontrollkästchen tragen die KERN-Klasse für Optionsfelder "
            "(kern-form-check__radio) und werden rund gezeichnet",
        )

    with page.expect_navigation():
        page.get_by_role("button", name="Speichern").click()
    summary = page.get_by_role("alert")
    expect(summary).to_be_visible()
    expect(summary.get_by_role("heading")).to_have_text("Bitte prüfen Sie Ihre Eingaben")
    name = page.locator("#id_name")
    expect(name).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#id_name_error")).to_be_visible()
    # The summary links to the field, and the field's description names the error.
    expect(summary.get_by_role("link", name="Name:")).to_have_attribute("href", "#id_name")
    assert "id_name_error" in (name.get_attribute("aria-describedby") or "")
    checker.check("organisation-neu-fehler")

    checker.assert_clean()
