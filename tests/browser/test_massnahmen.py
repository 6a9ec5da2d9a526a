"""A coordinator takes a measure from the idea to the council's decision in a real browser:
creates it, fills the sustainability check, completes it and sets it to "beschlossen". Every
page on the way passes axe-core (WCAG 2.1 A/AA) and the CSP."""

import importlib
import re

import pytest
from django.apps import apps as django_apps
from playwright.sync_api import expect

from netzwerke.models import Massnahme, MassnahmeStatus, Netzwerk, Praemisse
from saarlouis_portal.stammdaten.models import Gebiet
from tests.browser.conftest import PageChecker, log_in

pytestmark = pytest.mark.browser


@pytest.fixture
def nachhaltigkeitsziele(migration_data):
    # The SDGs come from a data migration, which transactional_db empties after each test.
    module = importlib.import_module("netzwerke.migrations.0002_nachhaltigkeitsziele")
    module.seed(django_apps, None)


def test_a_coordinator_takes_a_measure_to_the_decision(
    live_server, checker: PageChecker, koordinatorin, demo_data, nachhaltigkeitsziele, settings
):
    # One coordinator does every step: a small office with the second pair of eyes switched
    # off. tests/browser/test_vier_augen.py goes the same way with two people.
    settings.PORTAL_VIER_AUGEN = False
    page = checker.page
    base = live_server.url
    stadt = Gebiet.objects.get(name="Kreisstadt Saarlouis")
    netzwerk = Netzwerk.objects.create(name="Netzwerk Sprachförderung", gebiet=stadt)
    netzwerk.koordination.add(koordinatorin)

    log_in(page, base, koordinatorin.email)
    page.goto(f"{base}/netzwerke/verwaltung/massnahmen/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Maßnahmen und Projekte")
    checker.check("massnahmen-liste-leer")

    page.get_by_role("link", name="Maßnahme anlegen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Maßnahme anlegen")
    checker.check("massnahme-neu")
    # Submitted with a wrong period: the error summary and the field say it.
    page.fill("#id_titel", "Sprachcafé im Quartier")
    page.select_option("#id_netzwerk", str(netzwerk.pk))
    page.select_option("#id_gebiet", str(stadt.pk))
    page.fill("#id_beginn", "2026-06-01")
    page.fill("#id_ende", "2026-05-01")
    with page.expect_navigation():
        page.get_by_role("button", name="Speichern").click()
    expect(page.get_by_role("alert")).to_be_visible()
    expect(page.locator("#id_ende")).to_have_attribute("aria-invalid", "true")
    checker.check("massnahme-neu-fehler")

    page.fill("#id_ende", "2027-05-31")
    page.fill("#id_budget", "4800")
    page.fill("#id_fortschritt", "0")
    page.fill("#id_beschreibung", "Jeden **Dienstag** Gespräche auf Deutsch.")
    page.get_by_label("Bildung und Erziehung").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Speichern").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sprachcafé im Quartier")
    checker.check("massnahme-detail-idee")

    page.get_by_role("link", name="Prüfung beginnen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Nachhaltigkeitsprüfung")
    checker.check("pruefung-leer")
    for praemisse in Praemisse.values:
        page.select_option(f"#id_bewertung_{praemisse}", "positiv")
        page.fill(f"#id_begruendung_{praemisse}", "Stärkt den Zusammenhalt im Quartier.")
    page.select_option("#id_bewertung_oekologisch", "stark_negativ")
    page.get_by_label("SDG 4: Hochwertige Bildung").check()
    page.select_option("#id_ergebnis", "empfohlen")
    with page.expect_navigation():
        page.get_by_role("button", name="Prüfung speichern").click()
    # A strongly negative rating without a written justification is refused at the field.
    expect(page.locator("#id_abwaegung")).to_have_attribute("aria-invalid", "true")
    checker.check("pruefung-fehler")
    page.fill("#id_abwaegung", "Der soziale Nutzen überwiegt den Energieverbrauch.")
    with page.expect_navigation():
        page.get_by_role("button", name="Prüfung speichern").click()
    expect(page.get_by_text("Die Nachhaltigkeitsprüfung wurde gespeichert.")).to_be_visible()

    with page.expect_navigation():
        page.get_by_role("button", name="Prüfung abschließen").click()
    expect(page.get_by_text("Die Nachhaltigkeitsprüfung ist abgeschlossen.")).to_be_visible()
    checker.check("massnahme-detail-geprueft")

    # "Beschlossen" needs the council's decision, recorded first.
    page.get_by_role("link", name="Ratsbeschluss erfassen").click()
    page.select_option("#id_gremium", "ausschuss")
    page.fill("#id_gremium_name", "Sozialausschuss")
    page.fill("#id_datum", "2023-02-09")
    page.select_option("#id_ergebnis", "mehrheitlich")
    with page.expect_navigation():
        page.get_by_role("button", name="Ratsbeschluss speichern").click()
    expect(page.get_by_text("wurde gespeichert")).to_be_visible()
    page.select_option("#id_nach", MassnahmeStatus.BESCHLOSSEN)
    page.fill("#id_bemerkung", "Sozialausschuss, Sitzung vom 12.03.2026")
    with page.expect_navigation():
        page.get_by_role("button", name="Status ändern").click()
    expect(page.get_by_text("Der Status ist jetzt „Beschlossen“.")).to_be_visible()
    checker.check("massnahme-detail-beschlossen")
    massnahme = Massnahme.objects.get()
    assert massnahme.status == MassnahmeStatus.BESCHLOSSEN
    assert massnahme.statuswechsel.count() == 3
    assert massnahme.beschluesse.get().ergebnis == "mehrheitlich"

    # A milestone: add it, then mark it reached after the confirmation page.
    page.get_by_role("link", name="Meilenstein anlegen").click()
    checker.check("meilenstein-neu")
    page.fill("#id_titel", "Räume gefunden")
    page.fill("#id_faellig_am", "2026-04-01")
    with page.expect_navigation():
        page.get_by_role("button", name="Speichern").click()
    expect(page.get_by_text("Der Meilenstein „Räume gefunden“ wurde angelegt.")).to_be_visible()
    page.get_by_role("link", name=re.compile(r"^Erreicht eintragen\W+Räume gefunden$")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Meilenstein „Räume gefunden“ erreicht?"
    )
    checker.check("meilenstein-erreicht")
    with page.expect_navigation():
        page.get_by_role("button", name="Als erreicht eintragen").click()
    expect(
        page.get_by_role("link", name=re.compile(r"^Wieder öffnen\W+Räume gefunden$"))
    ).to_be_visible()
    checker.check("massnahme-detail-meilenstein")

    page.get_by_role("link", name="Druckansicht").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sprachcafé im Quartier")
    expect(page.get_by_role("heading", name="Nachhaltigkeitsprüfung", level=2)).to_be_visible()
    checker.check("pruefung-druck")

    page.goto(f"{base}/netzwerke/verwaltung/massnahmen/")
    expect(page.get_by_role("link", name="Sprachcafé im Quartier")).to_be_visible()
    checker.check("massnahmen-liste")

    # The public sees the decided measure with its check, but not who did what.
    page.goto(f"{base}/netzwerke/massnahmen/")
    page.get_by_role("link", name="Sprachcafé im Quartier").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sprachcafé im Quartier")
    expect(page.get_by_text("koordinatorin@example.org")).to_have_count(0)
    checker.check("massnahme-oeffentlich")

    checker.assert_clean()
