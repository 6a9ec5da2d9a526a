"""A citizen looks for a place in the directory, once with JavaScript and once without:
filters by Stadtteil and topic, searches, opens a place, sees its opening hours and offers and
opens an offer. Staff pages of the places are read by a coordinator; the place's own lead changes
a day with other opening hours. Every page passes axe-core (WCAG 2.1 A/AA) and the CSP."""

import importlib
from datetime import time, timedelta

import pytest
from django.apps import apps as django_apps
from django.utils import timezone
from playwright.sync_api import Browser, expect

from begegnung.models import (
    Angebot,
    Ausnahme,
    Oeffnungszeit,
    Ort,
    OrtArt,
    PartnerRolle,
    Partnerschaft,
    Stufe,
)
from saarlouis_portal.konten.roles import Rolle
from saarlouis_portal.stammdaten.models import (
    Gebiet,
    GebietArt,
    Organisation,
    OrganisationArt,
    Sprache,
    Thema,
)
from tests.browser.conftest import JAVASCRIPT_RUNS, PageChecker, log_in, log_in_with_code
from tests.conftest import make_user

pytestmark = pytest.mark.browser


@pytest.fixture
def orte(migration_data):
    importlib.import_module("sprechstunden.migrations.0002_seed").seed_themen(django_apps, None)
    importlib.import_module("begegnung.migrations.0002_stufenkriterien").seed(django_apps, None)
    stadt = Gebiet.objects.create(name="Kreisstadt Saarlouis", art=GebietArt.GEMEINDE)
    fraulautern = Gebiet.objects.create(name="Fraulautern", art=GebietArt.STADTTEIL, eltern=stadt)
    mitte = Gebiet.objects.create(
        name="Fraulautern Mitte", art=GebietArt.SOZIALRAUM, eltern=fraulautern
    )
    roden = Gebiet.objects.create(name="Roden", art=GebietArt.STADTTEIL, eltern=stadt)
    quartiersbuero = Ort.objects.create(
        name="Quartiersbüro Fraulautern",
        art=OrtArt.QUARTIERSBUERO,
        stufe=Stufe.ORT_DER_BEGEGNUNG,
        gebiet=mitte,
        strasse="Hülzweiler Straße 12",
        plz="66740",
        ortsname="Saarlouis",
        breitengrad="49.329600",
        laengengrad="6.774100",
        stufenloser_zugang=True,
        beschreibung="Treffpunkt im **Quartier**.",
        interne_notiz="Nur intern",
    )
    quartiersbuero.sprachen.add(Sprache.objects.get(code="tr"))
    for tag in range(5):
        Oeffnungszeit.objects.create(
            ort=quartiersbuero, wochentag=tag, beginn=time(9), ende=time(12)
        )
    Partnerschaft.objects.create(
        ort=quartiersbuero,
        organisation=Organisation.objects.create(name="Sozialbüro", art=OrganisationArt.TRAEGER),
        rolle=PartnerRolle.TRAEGER,
    )
    cafe = Angebot.objects.create(
        ort=quartiersbuero,
        titel="Offenes Elterncafé",
        wochentag=3,
        beginn=time(10),
        ende=time(12),
        kontakt_name="Quartiersmanagement",
    )
    cafe.themen.add(Thema.objects.get(slug="bildung-erziehung"))
    cafe.sprachen.add(Sprache.objects.get(code="de"))
    Ort.objects.create(name="Kita Roden", art=OrtArt.KITA, gebiet=roden)
    return quartiersbuero


@pytest.fixture
def browser_for(live_server, browser: Browser, browser_context_args, screenshot_dir):
    contexts = []

    def open_browser(*, javascript: bool) -> PageChecker:
        context = browser.new_context(**browser_context_args, java_script_enabled=javascript)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(10_000)
        return PageChecker(page, screenshot_dir)

    yield open_browser
    for context in contexts:
        context.close()


def _filtern(page):
    with page.expect_navigation():
        page.get_by_role("button", name="Filtern").click()


@pytest.mark.parametrize("javascript", [True, False], ids=["mit-js", "ohne-js"])
def test_a_citizen_filters_the_directory_and_opens_a_place(
    orte, browser_for, live_server, javascript
):
    checker = browser_for(javascript=javascript)
    page = checker.page
    name = "orte-mit-js" if javascript else "orte-ohne-js"
    page.goto(f"{live_server.url}/orte/")
    assert page.evaluate(JAVASCRIPT_RUNS) is javascript
    expect(page.get_by_role("heading", level=1)).to_have_text("Orte der Begegnung")
    expect(page.get_by_role("status")).to_have_text("2 Orte gefunden")
    checker.check(f"{name}-verzeichnis")

    page.get_by_label("Stadtteil / Sozialraum").select_option(label="Fraulautern")
    page.get_by_label("Thema eines Angebots").select_option(label="Bildung und Erziehung")
    page.get_by_label("Nur stufenlos erreichbar").check()
    _filtern(page)
    expect(page.get_by_role("status")).to_have_text("1 Ort gefunden")
    expect(page.get_by_role("link", name="Kita Roden")).to_have_count(0)
    checker.check(f"{name}-gefiltert")

    page.get_by_label("Suche").fill("Elterncafé")
    _filtern(page)
    expect(page.get_by_role("status")).to_have_text("1 Ort gefunden")

    with page.expect_navigation():
        page.get_by_role("link", name="Quartiersbüro Fraulautern").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Quartiersbüro Fraulautern")
    expect(page.get_by_role("heading", name="Öffnungszeiten")).to_be_visible()
    expect(page.get_by_role("row", name="Montag 09:00–12:00 Uhr")).to_be_visible()
    expect(page.get_by_role("heading", name="Offenes Elterncafé")).to_be_visible()
    assert "Nur intern" not in page.content()
    checker.check(f"{name}-ort")

    with page.expect_navigation():
        page.get_by_role("link", name="Offenes Elterncafé").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Offenes Elterncafé")
    expect(page.get_by_text("jeden Donnerstag, 10:00–12:00 Uhr")).to_be_visible()
    checker.check(f"{name}-angebot")
    checker.assert_clean()


def test_staff_read_the_places(orte, koordinatorin, checker, live_server):
    page = checker.page
    log_in(page, live_server.url, koordinatorin.email)
    for path, step in [
        ("/orte/verwaltung/", "liste"),
        (f"/orte/verwaltung/{orte.pk}/", "ort"),
        ("/orte/verwaltung/uebersicht/", "uebersicht"),
        ("/orte/verwaltung/kriterien/", "kriterien"),
    ]:
        page.goto(f"{live_server.url}{path}")
        checker.check(f"orte-verwaltung-{step}")
    page.goto(f"{live_server.url}/orte/verwaltung/{orte.pk}/")
    expect(page.get_by_role("heading", name="Was fehlt für die nächste Stufe?")).to_be_visible()
    checker.assert_clean()


def test_the_lead_of_a_place_changes_a_day_with_other_hours(orte, checker, live_server):
    page = checker.page
    leitung = make_user("leitung@example.org", Rolle.ORTSLEITUNG, first_name="Lea")
    orte.leitung.add(leitung)
    tag = timezone.localdate() + timedelta(days=7)
    ausnahme = Ausnahme.objects.create(ort=orte, datum=tag, grund="Betriebsausflug")
    log_in_with_code(page, live_server.url, leitung.email)

    page.goto(f"{live_server.url}/orte/verwaltung/{orte.pk}/")
    checker.check("orte-verwaltung-ort-leitung")
    with page.expect_navigation():
        page.get_by_role("link", name=f"Abweichung am {tag:%d.%m.%Y} ändern").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Abweichende Öffnungszeit ändern")
    checker.check("orte-verwaltung-ausnahme-aendern")
    page.get_by_label("Geschlossen").uncheck()
    page.get_by_label("Von").fill("14:00")
    page.get_by_label("Bis").fill("16:00")
    page.locator("#id_grund").fill("Nur nachmittags")
    with page.expect_navigation():
        page.get_by_role("button", name="Speichern").click()
    expect(page.get_by_role("main")).to_contain_text("Nur nachmittags")
    checker.check("orte-verwaltung-ausnahme-geaendert")
    ausnahme.refresh_from_db()
    assert (ausnahme.geschlossen, ausnahme.beginn, ausnahme.grund) == (
        False,
        time(14),
        "Nur nachmittags",
    )
    checker.assert_clean()
