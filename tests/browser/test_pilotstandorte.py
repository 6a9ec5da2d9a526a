"""Sozialplanung enters a pilot site's staffing and costs in a real browser ("Personal und Kosten
je Jahr" on the Anlaufstelle's page), and citizens see the place's Gemeinde and Träger on the
public pages. Every page passes axe-core (WCAG 2.1 A/AA) and keeps to the CSP."""

import importlib
import re
from datetime import time
from decimal import Decimal

import pytest
from django.apps import apps as django_apps
from django.core.cache import cache
from django.utils import timezone
from playwright.sync_api import expect

from saarlouis_portal.konten.roles import Rolle
from saarlouis_portal.stammdaten.models import Gebiet, Organisation
from sprechstunden.models import (
    Anlaufstelle,
    Beratende,
    Beratungsthema,
    Sprechstunde,
    Standortkosten,
    Stellenanteil,
)
from sprechstunden.services.slots import generate_slots
from tests.browser.conftest import PageChecker, log_in
from tests.conftest import make_user

pytestmark = pytest.mark.browser


@pytest.fixture
def lichtenstein(demo_data) -> Anlaufstelle:
    importlib.import_module("sprechstunden.migrations.0002_seed").seed_themen(django_apps, None)
    cache.clear()  # rate-limit counters of earlier browser tests: all share one address
    anlaufstelle = Anlaufstelle.objects.create(
        name="Sozialraumbüro Lichtenstein im Rathaus Unterhausen",
        gebiet=Gebiet.objects.get(name="Gemeinde Lichtenstein"),
        strasse="Rathausplatz 17",
        plz="72805",
        ort="Lichtenstein",
        telefon="+497129000000",
    )
    sprechstunde = Sprechstunde.objects.create(
        anlaufstelle=anlaufstelle,
        titel="Soziale Sprechstunde in Lichtenstein",
        wochentage=list(range(7)),
        beginn=time(9, 0),
        ende=time(12, 0),
        slot_minuten=45,
        gueltig_ab=timezone.localdate(),
    )
    sprechstunde.themen.set(Beratungsthema.objects.all())
    Beratende.objects.create(
        sprechstunde=sprechstunde,
        user=make_user("bea@example.org", Rolle.BERATUNG, first_name="Bea"),
        traeger=Organisation.objects.get(name="Jugendamt Reutlingen"),
    )
    generate_slots(sprechstunde)
    return anlaufstelle


@pytest.fixture
def planerin(lichtenstein, settings):
    settings.DEV_DISABLE_MFA_REQUIREMENT = True  # the second factor has its own tests
    return make_user("planerin@example.org", Rolle.SOZIALPLANUNG, mfa=False, first_name="Pia")


def test_sozialplanung_enters_staffing_and_costs(
    live_server, checker: PageChecker, planerin, lichtenstein
):
    page = checker.page
    base = live_server.url
    main = page.get_by_role("main")
    jahr = timezone.localdate().year
    log_in(page, base, planerin.email)

    page.goto(f"{base}/sprechstunden/verwaltung/anlaufstellen/{lichtenstein.pk}/")
    expect(main.get_by_role("heading", name="Personal und Kosten je Jahr")).to_be_visible()
    expect(main).to_contain_text("Noch keine Stellenanteile oder Kosten eingetragen.")
    checker.check("pilot-anlaufstelle-leer")

    main.get_by_role("link", name="Stellenanteil eintragen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Stellenanteil eintragen")
    expect(page.get_by_label("Jahr")).to_have_value(str(jahr))
    page.get_by_label("Stellenanteil in Prozent").fill("-5")
    with page.expect_navigation():
        page.get_by_role("button", name="Speichern").click()
    expect(page.get_by_role("alert").first).to_be_visible()
    expect(main).to_contain_text("Der Stellenanteil muss größer als 0 Prozent sein.")
    checker.check("pilot-stellenanteil-fehler")
    assert not Stellenanteil.objects.exists()

    # More than 20 organisations: the choice is a search with radio buttons.
    page.get_by_role("radio", name="Jugendamt Reutlingen").check()
    page.get_by_label("Stellenanteil in Prozent").fill("27,5")
    page.get_by_label("Aufgabe").fill("Sozialarbeit")
    with page.expect_navigation():
        page.get_by_role("button", name="Speichern").click()
    expect(page).to_have_url(re.compile(r"#personal$"))
    expect(page.get_by_role("status").or_(page.locator(".kern-alert")).first).to_be_visible()

    main.get_by_role("link", name="Kosten eintragen").click()
    page.get_by_label("Bezeichnung").fill("Personalkosten Koordination der Gemeinde (10 %)")
    page.get_by_label("Betrag in Euro").fill("6000,00")
    page.get_by_role("radio", name="Gemeindeverwaltung Lichtenstein").check()
    checker.check("pilot-kosten-formular")
    with page.expect_navigation():
        page.get_by_role("button", name="Speichern").click()

    tabelle = main.get_by_role("table", name=f"Stellenanteile {jahr}")
    expect(tabelle).to_contain_text("Jugendamt Reutlingen")
    expect(tabelle).to_contain_text("27,5 %")
    expect(main.get_by_role("table", name=f"Kosten {jahr}")).to_contain_text("6.000,00 €")
    checker.check("pilot-anlaufstelle-mit-zahlen")
    anteil = Stellenanteil.objects.get()
    assert (anteil.jahr, anteil.prozent, anteil.aufgabe) == (jahr, Decimal("27.5"), "Sozialarbeit")
    assert Standortkosten.objects.get().getragen_von.name == "Gemeindeverwaltung Lichtenstein"

    main.get_by_role(
        "link", name=re.compile(r"^Löschen\s*: Jugendamt Reutlingen, Sozialarbeit")
    ).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Stellenanteil von")
    checker.check("pilot-stellenanteil-loeschen")
    with page.expect_navigation():
        page.get_by_role("button", name="Löschen").click()
    assert not Stellenanteil.objects.exists()
    checker.assert_clean()


def test_citizens_see_gemeinde_and_traeger_of_the_place(
    live_server, checker: PageChecker, lichtenstein
):
    page = checker.page
    base = live_server.url
    main = page.get_by_role("main")
    page.goto(f"{base}/sprechstunden/")
    karte = main.get_by_role("article").first
    expect(karte).to_contain_text("Gemeinde Lichtenstein, Landkreis Reutlingen")
    expect(karte).to_contain_text("Träger der Anlaufstelle")
    expect(karte).to_contain_text("Jugendamt Reutlingen")
    checker.check("pilot-oeffentliche-liste")

    karte.get_by_role("link", name="Soziale Sprechstunde in Lichtenstein").first.click()
    expect(main).to_contain_text("Gemeinde Lichtenstein, Landkreis Reutlingen")
    checker.check("pilot-oeffentliche-sprechstunde")
    checker.assert_clean()
