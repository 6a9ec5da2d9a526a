"""Sorgekreise in a real browser: a citizen asks a circle for help (once with JavaScript, once
without), a coordinator logs in with the second factor, opens the request, sees the ranked
helpers and proposes one. Every page passes axe-core (WCAG 2.1 A/AA) and keeps to the CSP."""

import datetime
import importlib
import re

import pytest
from allauth.mfa.totp.internal.auth import (
    format_hotp_value,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.apps import apps as django_apps
from django.core.cache import cache
from playwright.sync_api import Browser, expect

from begegnung.models import Ort, OrtArt, Stufe
from saarlouis_portal.konten.roles import Rolle
from saarlouis_portal.stammdaten.models import Gebiet, GebietArt, Organisation, OrganisationArt
from sorgekreise.models import (
    Faehigkeit,
    Helfende,
    HelfendeStatus,
    Hilfeanfrage,
    Quelle,
    Sorgekreis,
    Teilnahme,
    TeilnahmeRolle,
    Verfuegbarkeit,
    Vermittlung,
)
from tests.browser.conftest import PageChecker, log_in, log_in_with_code
from tests.conftest import make_user

pytestmark = pytest.mark.browser

TOTP_SECRET = "JBSWY3DPEHPK3PXP"  # what tests.conftest.make_user gives roles that need MFA


@pytest.fixture
def kreis(migration_data):
    # Kinds of help and languages come from data migrations; transactional tests empty them.
    importlib.import_module("sorgekreise.migrations.0002_faehigkeiten").seed(django_apps, None)
    importlib.import_module("sprechstunden.migrations.0002_seed").seed_themen(django_apps, None)
    cache.clear()  # rate-limit counters of earlier browser tests: all share one address
    stadt = Gebiet.objects.create(name="Kreisstadt Saarlouis", art=GebietArt.GEMEINDE)
    roden = Gebiet.objects.create(name="Roden", art=GebietArt.STADTTEIL, eltern=stadt)
    nord = Gebiet.objects.create(name="Roden Nord", art=GebietArt.SOZIALRAUM, eltern=roden)
    Gebiet.objects.create(name="Roden Süd", art=GebietArt.SOZIALRAUM, eltern=roden)
    ort = Ort.objects.create(
        name="Kita Roden",
        art=OrtArt.KITA,
        stufe=Stufe.ORT_DER_BEGEGNUNG,
        gebiet=nord,
        strasse="Schulstraße 2",
        plz="66740",
        ortsname="Saarlouis",
    )
    kreis = Sorgekreis.objects.create(
        name="Sorgekreis Roden Nord",
        ort=ort,
        kurzbeschreibung="Familien im Quartier helfen einander.",
        beschreibung="Wir helfen beim **Einkaufen** und begleiten zu Ämtern.",
    )
    Teilnahme.objects.create(
        sorgekreis=kreis,
        organisation=Organisation.objects.create(
            name="Sozialbüro Saarlouis", art=OrganisationArt.TRAEGER
        ),
        rolle=TeilnahmeRolle.FAMILIENHILFE,
        oeffentlich_nennen=True,
    )
    einkaufen = Faehigkeit.objects.get(schluessel="einkaufen")
    for name, gebiet, status, beginn in [
        ("Hanna Helfer", nord, HelfendeStatus.AKTIV, 9),
        ("Gerd Gut", roden, HelfendeStatus.GEPRUEFT, 14),
        ("Peter Paus", nord, HelfendeStatus.PAUSIERT, 9),
    ]:
        helfende = Helfende.objects.create(
            name=name,
            email=f"{name.split()[0].lower()}@example.org",
            status=status,
            quelle=Quelle.VERWALTUNG,
        )
        helfende.faehigkeiten.set([einkaufen])
        helfende.gebiete.set([gebiet])
        helfende.sorgekreise.set([kreis])
        Verfuegbarkeit.objects.create(
            helfende=helfende,
            wochentag=1,
            beginn=datetime.time(beginn),
            ende=datetime.time(beginn + 3),
        )
    return kreis


@pytest.fixture
def koordination(kreis):
    user = make_user(
        "koordination@example.org", Rolle.ORTSLEITUNG, first_name="Olli", last_name="Ort"
    )
    kreis.koordination.add(user)
    return user


def ask_for_help(checker: PageChecker, base: str, kreis, *, name: str, tag: str) -> None:
    page = checker.page
    page.goto(f"{base}/sorgekreise/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sorgekreise")
    checker.check(f"sorgekreise-index-{tag}")

    page.get_by_role("link", name=kreis.name, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(kreis.name)
    expect(page.get_by_role("link", name="Kita Roden")).to_be_visible()
    checker.check(f"sorgekreise-kreis-{tag}")

    page.get_by_role("link", name="Hilfe anfragen").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Hilfe anfragen")
    expect(page.get_by_label("Welcher Sorgekreis ist in Ihrer Nähe?")).to_have_value(str(kreis.pk))
    checker.check(f"sorgekreise-formular-{tag}")

    # Sent empty first: the errors are announced and named at their fields.
    with page.expect_navigation():
        page.get_by_role("button", name="Anfrage senden").click()
    expect(page.get_by_text("Bitte wählen Sie, wobei Sie Hilfe brauchen.").first).to_be_visible()
    checker.check(f"sorgekreise-formular-fehler-{tag}")

    page.get_by_label("Wobei brauchen Sie Hilfe?").select_option(label="Einkaufen")
    page.get_by_label("Wo wird die Hilfe gebraucht?").select_option(
        label="Roden Nord (Sozialraum in Roden)"
    )
    page.get_by_label("in den nächsten Tagen").check()
    page.get_by_label("An welchem Tag passt es am besten?").select_option(label="Dienstag")
    page.get_by_label("Zu welcher Tageszeit?").select_option(label="vormittags")
    page.locator("#id_name").fill(name)
    page.get_by_label("Telefonnummer").fill("06831 12345")
    page.get_by_label(re.compile("^Ich bin einverstanden")).check()
    with page.expect_navigation():
        page.get_by_role("button", name="Anfrage senden").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Vielen Dank, Ihre Anfrage ist angekommen"
    )
    checker.check(f"sorgekreise-danke-{tag}")


def test_a_citizen_asks_for_help_without_javascript(
    live_server, browser: Browser, browser_context_args, screenshot_dir, kreis
):
    context = browser.new_context(**browser_context_args, java_script_enabled=False)
    try:
        page = context.new_page()
        page.set_default_timeout(10_000)
        checker = PageChecker(page, screenshot_dir)
        ask_for_help(checker, live_server.url, kreis, name="Frau Ohne Skript", tag="ohne-js")
        checker.assert_clean()
    finally:
        context.close()
    anfrage = Hilfeanfrage.objects.get()
    assert anfrage.name == "Frau Ohne Skript"
    assert anfrage.quelle == Quelle.OEFFENTLICH


def test_a_citizen_asks_for_help_and_a_coordinator_matches_a_helper(
    live_server, checker: PageChecker, kreis, koordination
):
    page = checker.page
    base = live_server.url
    ask_for_help(checker, base, kreis, name="Frau Yilmaz", tag="mit-js")
    anfrage = Hilfeanfrage.objects.get()

    # The offer to help, checked for accessibility too.
    page.goto(f"{base}/sorgekreise/mithelfen/?kreis={kreis.pk}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Mithelfen im Sorgekreis")
    checker.check("sorgekreise-mithelfen")
    page.get_by_label("Name", exact=True).fill("Paul Paulsen")
    page.get_by_label("E-Mail-Adresse").fill("paul@example.net")
    page.get_by_label("Einkaufen").check()
    page.get_by_label("Dienstag vormittags").check()
    page.get_by_label(re.compile("^Ich bin einverstanden")).check()
    with page.expect_navigation():
        page.get_by_role("button", name="Angebot senden").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Vielen Dank für Ihr Angebot zu helfen"
    )
    paul = Helfende.objects.get(name="Paul Paulsen")
    assert paul.status == HelfendeStatus.NEU
    assert [(v.wochentag, v.beginn) for v in paul.verfuegbarkeiten.all()] == [(1, datetime.time(8))]

    page.context.clear_cookies()
    log_in(page, base, koordination.email)
    # The middle counter of the tolerance window is the current one.
    counters = list(yield_hotp_counters_from_time())
    code = format_hotp_value(hotp_value(TOTP_SECRET, counters[len(counters) // 2]))
    page.locator("input[name=code]").fill(code)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").first.click()
    assert page.url == f"{base}/cockpit/"

    page.goto(f"{base}/sorgekreise/verwaltung/anfragen/{anfrage.pk}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"Anfrage {anfrage.pk}")
    passend = page.get_by_role("region", name="Passende Helfende")
    expect(passend.get_by_role("listitem").first).to_contain_text("Hanna Helfer")
    expect(passend).to_contain_text("Gerd Gut")
    expect(passend).not_to_contain_text("Peter Paus")  # paused: never offered
    checker.check("sorgekreise-anfrage-detail")

    with page.expect_navigation():
        page.get_by_role("button", name="Hanna Helfer vorschlagen").click()
    expect(page.get_by_role("region", name="Vermittlungen")).to_contain_text("Hanna Helfer")
    checker.check("sorgekreise-anfrage-vorgeschlagen")
    checker.assert_clean()

    vermittlung = Vermittlung.objects.get()
    assert vermittlung.helfende.name == "Hanna Helfer"
    assert vermittlung.vorgeschlagen_von == koordination
    assert anfrage.zugriffe.filter(benutzer=koordination).count() >= 2


def test_a_coordinator_changes_a_participation(
    live_server, checker: PageChecker, kreis, koordination
):
    page = checker.page
    base = live_server.url
    teilnahme = Teilnahme.objects.get(sorgekreis=kreis)
    log_in_with_code(page, base, koordination.email)

    page.goto(f"{base}/sorgekreise/verwaltung/{kreis.pk}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text(kreis.name)
    checker.check("sorgekreise-verwaltung-kreis")
    with page.expect_navigation():
        page.get_by_role("link", name=re.compile(r"^Sozialbüro Saarlouis .* ändern$")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Mitwirkung ändern")
    checker.check("sorgekreise-verwaltung-mitwirkung-aendern")
    page.get_by_label("Aufgabe").fill("Begleitung zu Ämtern")
    with page.expect_navigation():
        page.get_by_role("button", name="Speichern").click()
    expect(page.get_by_role("main")).to_contain_text("Begleitung zu Ämtern")
    checker.check("sorgekreise-verwaltung-mitwirkung-gespeichert")
    teilnahme.refresh_from_db()
    assert teilnahme.aufgabe == "Begleitung zu Ämtern"
    checker.assert_clean()
