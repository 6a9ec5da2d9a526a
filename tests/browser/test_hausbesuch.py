"""A citizen asks for a home visit in a real browser (once without JavaScript), gets their own
link on the thank-you page and by e-mail, opens it and withdraws the request. Every page passes
axe-core (WCAG 2.1 A/AA) and keeps to the CSP; the database is checked after every write."""

import importlib
import re

import pytest
from django.apps import apps as django_apps
from django.core import mail
from django.core.cache import cache
from playwright.sync_api import Browser, expect

from saarlouis_portal.stammdaten.models import Gebiet, GebietArt
from sprechstunden.models import Hausbesuch
from tests.browser.conftest import PageChecker

pytestmark = pytest.mark.browser

LINK = re.compile(r"https?://[^/\s]+(/sprechstunden/hausbesuch/anfrage/[\w-]{40,}/)")


@pytest.fixture
def gebiete(migration_data):
    importlib.import_module("sprechstunden.migrations.0002_seed").seed_themen(django_apps, None)
    cache.clear()  # rate-limit counters of earlier browser tests: all share one address
    gemeinde = Gebiet.objects.create(name="Gemeinde Pliezhausen", art=GebietArt.GEMEINDE)
    Gebiet.objects.create(name="Gniebel", art=GebietArt.STADTTEIL, eltern=gemeinde)


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "ohne-js"])
def test_a_citizen_requests_a_visit_and_withdraws_it(
    live_server, browser: Browser, browser_context_args, screenshot_dir, gebiete, javascript
):
    # axe-core needs JavaScript: the run without it checks the flow, the other one the pages.
    context = browser.new_context(**browser_context_args, java_script_enabled=javascript)
    checker = PageChecker(context.new_page(), screenshot_dir)
    page = checker.page
    page.set_default_timeout(10_000)
    name = "hausbesuch" + ("" if javascript else "-ohne-js")
    base = live_server.url
    check = (lambda step: checker.check(f"{name}-{step}")) if javascript else (lambda step: None)

    page.goto(f"{base}/sprechstunden/hausbesuch/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Hausbesuch anfragen")
    page.get_by_label("Name", exact=True).fill("Frau Yilmaz")
    page.get_by_label("E-Mail-Adresse").fill("yilmaz@example.net")
    gniebel = Gebiet.objects.get(name="Gniebel")
    page.get_by_label("Wohngebiet").select_option(value=str(gniebel.pk))
    page.get_by_label("Worum geht es?").select_option(index=1)
    page.get_by_label(re.compile("^Ich bin einverstanden")).check()
    with page.expect_navigation():
        page.get_by_role("button", name="Anfrage senden").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Vielen Dank, Ihre Anfrage ist angekommen"
    )
    card = page.get_by_role("region", name="Ihr persönlicher Link zur Anfrage")
    expect(card).to_contain_text("Wir haben Ihnen den Link auch per E-Mail geschickt.")
    shown = card.get_by_role("link").get_attribute("href")
    check("danke")
    assert Hausbesuch.objects.get().name == "Frau Yilmaz"
    [receipt] = [m for m in mail.outbox if m.to == ["yilmaz@example.net"]]
    path = LINK.search(receipt.body).group(1)
    assert shown == f"{base}{path}"

    with page.expect_navigation():
        card.get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ihre Anfrage für einen Hausbesuch")
    expect(page.get_by_role("main")).to_contain_text("Gniebel")
    check("meine-anfrage")
    assert Hausbesuch.objects.count() == 1  # opening the link changed nothing

    with page.expect_navigation():
        page.get_by_role("button", name="Anfrage zurückziehen und Angaben löschen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ihre Anfrage ist zurückgezogen")
    check("zurueckgezogen")
    assert not Hausbesuch.objects.exists()

    response = page.goto(f"{base}{path}")
    assert response.status == 404
    checker.console.remove(f"http 404: GET {response.url}")  # expected: the link is gone
    expect(page.get_by_role("heading", level=1)).to_have_text("Dieser Link ist ungültig")
    check("link-ungueltig")
    if javascript:
        checker.assert_clean()
    context.close()
