"""The map page in a real browser: with JavaScript the Leaflet map draws a marker per place
(without tiles: on a plain background with the Sozialraum outlines) within the CSP; without
JavaScript the list and its filters are the page. axe-core clean in both."""

import pytest
from playwright.sync_api import Browser, expect

from begegnung.models import Ort, OrtArt, Stufe
from saarlouis_portal.stammdaten.models import Gebiet, GebietArt
from tests.browser.conftest import PageChecker

pytestmark = pytest.mark.browser


@pytest.fixture
def orte(migration_data):
    stadt = Gebiet.objects.create(name="Kreisstadt Saarlouis", art=GebietArt.GEMEINDE)
    roden = Gebiet.objects.create(name="Roden", art=GebietArt.STADTTEIL, eltern=stadt)
    sozialraum = Gebiet.objects.create(
        name="Roden-Nord",
        art=GebietArt.SOZIALRAUM,
        eltern=roden,
        umriss={
            "type": "Polygon",
            "coordinates": [
                [
                    [6.745, 49.322],
                    [6.772, 49.322],
                    [6.772, 49.335],
                    [6.745, 49.335],
                    [6.745, 49.322],
                ]
            ],
        },
    )
    daten = [
        ("Quartiersbüro Roden", OrtArt.QUARTIERSBUERO, Stufe.ANLAUFSTELLE, "49.327000", "6.762000"),
        ("Kita St. Peter", OrtArt.KITA, Stufe.SATELLIT, "49.330500", "6.751000"),
        (
            "Pfarrzentrum St. Peter",
            OrtArt.PFARRZENTRUM,
            Stufe.ORT_DER_BEGEGNUNG,
            "49.324000",
            "6.768500",
        ),
    ]
    return [
        Ort.objects.create(
            name=name,
            art=art,
            stufe=stufe,
            gebiet=sozialraum,
            strasse="Holzmühler Weg 1",
            plz="66740",
            ortsname="Saarlouis",
            breitengrad=lat,
            laengengrad=lon,
            stufenloser_zugang=art == OrtArt.QUARTIERSBUERO,
        )
        for name, art, stufe, lat, lon in daten
    ]


def test_map_with_javascript_draws_markers_without_tiles(live_server, checker: PageChecker, orte):
    page = checker.page
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(live_server.url + "/orte/karte/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Karte der Orte der Begegnung")
    section = page.locator("[data-karte]")
    expect(section).to_be_visible()
    expect(section).to_have_attribute("data-karte-bereit", "3")
    expect(page.locator(".leaflet-marker-icon")).to_have_count(3)
    expect(page.locator("path.portal-karte__umriss")).to_have_count(1)
    # No request went anywhere but this server.
    checker.check("karte-js")

    # Keyboard: a marker is focusable by its name, Enter opens its popup with the link.
    marker = page.get_by_role("button", name="Kita St. Peter (Kindertageseinrichtung)")
    marker.focus()
    page.keyboard.press("Enter")
    popup_link = page.locator(".leaflet-popup a.kern-link")
    expect(popup_link).to_have_text("Zum Ort: Kita St. Peter")
    expect(popup_link).to_have_attribute("href", f"/orte/{orte[1].pk}/")
    expect(popup_link).to_be_focused()
    expect(page.locator(".leaflet-popup-close-button")).to_have_attribute(
        "aria-label", "Hinweisfenster schließen"
    )
    checker.check("karte-js-popup")

    # The list is there as well, for screen readers and a quick overview.
    table = page.get_by_role("table")
    expect(table.get_by_role("link")).to_have_count(3)
    checker.assert_clean()


def test_map_filters_apply_to_markers(live_server, checker: PageChecker, orte):
    page = checker.page
    page.goto(live_server.url + "/orte/karte/")
    page.get_by_label("Art des Ortes").select_option(label="Kindertageseinrichtung")
    with page.expect_navigation():
        page.get_by_role("button", name="Filtern").click()
    expect(page.locator("[data-karte]")).to_have_attribute("data-karte-bereit", "1")
    expect(page.locator(".leaflet-marker-icon")).to_have_count(1)
    expect(page.get_by_text("1 Ort gefunden")).to_be_visible()
    checker.check("karte-js-gefiltert", screenshot=False)
    checker.assert_clean()


def test_without_javascript_the_list_is_the_page(
    live_server, browser: Browser, browser_context_args, screenshot_dir, orte
):
    context = browser.new_context(**browser_context_args, java_script_enabled=False)
    try:
        checker = PageChecker(context.new_page(), screenshot_dir)
        page = checker.page
        page.goto(live_server.url + "/orte/karte/")
        expect(page.locator("[data-karte]")).to_be_hidden()
        rows = page.get_by_role("table").get_by_role("row")
        expect(rows).to_have_count(4)  # header and three places
        expect(page.get_by_role("link", name="Pfarrzentrum St. Peter")).to_have_attribute(
            "href", f"/orte/{orte[2].pk}/"
        )
        checker.check("karte-ohne-js")

        page.get_by_label("Nur stufenlos erreichbar").check()
        with page.expect_navigation():
            page.get_by_role("button", name="Filtern").click()
        expect(page.get_by_text("1 Ort gefunden")).to_be_visible()
        expect(page.get_by_role("link", name="Quartiersbüro Roden")).to_be_visible()
        expect(page.get_by_role("link", name="Kita St. Peter")).to_have_count(0)
        checker.check("karte-ohne-js-gefiltert")
        checker.assert_clean()
    finally:
        context.close()


def test_a_configured_tile_server_is_allowed_by_the_csp(
    live_server, checker: PageChecker, orte, settings
):
    """Tiles from another origin (here the same server under 127.0.0.1 instead of localhost):
    the map page's CSP lets exactly that origin through, and the attribution shows."""
    port = live_server.url.rsplit(":", 1)[1]
    assert live_server.url.startswith("http://localhost:")
    settings.MAP_TILE_URL = (
        f"http://127.0.0.1:{port}/static/vendor/leaflet/images/layers.png?z={{z}}&x={{x}}&y={{y}}"
    )
    settings.MAP_TILE_ATTRIBUTION = "© Testkacheln"
    page = checker.page
    page.goto(live_server.url + "/orte/karte/")
    expect(page.locator("[data-karte]")).to_have_attribute("data-karte-bereit", "3")
    expect(page.locator("img.leaflet-tile-loaded").first).to_be_visible()
    expect(page.locator(".leaflet-control-attribution")).to_have_text("© Testkacheln")
    expect(page.get_by_text("von einem externen Kartendienst")).to_be_visible()
    checker.check("karte-js-kacheln")
    checker.assert_clean()


def test_a_link_from_a_place_page_opens_that_place(live_server, checker: PageChecker, orte):
    page = checker.page
    page.goto(f"{live_server.url}/orte/karte/#ort-{orte[2].pk}")
    expect(page.locator("[data-karte]")).to_have_attribute("data-karte-bereit", "3")
    expect(page.locator(".leaflet-popup a.kern-link")).to_have_text(
        "Zum Ort: Pfarrzentrum St. Peter"
    )
    checker.check("karte-js-verlinkt", axe=False)
    checker.assert_clean()


def test_narrow_screen(live_server, browser: Browser, browser_context_args, screenshot_dir, orte):
    """375 px (a small phone): map and list fit, no horizontal scrolling, axe clean."""
    context = browser.new_context(**browser_context_args, viewport={"width": 375, "height": 740})
    try:
        checker = PageChecker(context.new_page(), screenshot_dir)
        page = checker.page
        page.goto(live_server.url + "/orte/karte/")
        expect(page.locator("[data-karte]")).to_have_attribute("data-karte-bereit", "3")
        checker.check("karte-schmal")
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        if scroll_width > 375:
            checker.report("karte-schmal", f"Seite ist {scroll_width}px breit (erwartet ≤ 375)")
        checker.assert_clean()
    finally:
        context.close()
