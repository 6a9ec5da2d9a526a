"""Kennzahlen and Sozialmonitoring in a real browser: the indicator list and detail, an import
with a broken file and then a good one (preview, confirmation), the export form and the
monitoring result page; every page passes axe-core (WCAG 2.1 AA) and keeps to the CSP."""

import io

import pytest
from playwright.sync_api import expect

from berichte import demo
from berichte.models import Importlauf, Indikator, Messwert, Monitoring
from saarlouis_portal.konten.roles import Rolle
from tests.browser.conftest import PageChecker, log_in
from tests.conftest import make_user

pytestmark = pytest.mark.browser


@pytest.fixture
def planerin(demo_data, settings):
    demo.seed(io.StringIO())
    # The second factor has its own tests; here the password form is enough.
    settings.DEV_DISABLE_MFA_REQUIREMENT = True
    return make_user("planerin@example.org", Rolle.SOZIALPLANUNG, mfa=False, first_name="Pia")


def test_kennzahlen_pages_are_accessible(live_server, checker: PageChecker, planerin, tmp_path):
    page = checker.page
    base = live_server.url
    main = page.get_by_role("main")
    log_in(page, base, planerin.email)

    page.goto(f"{base}/berichte/verwaltung/indikatoren/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Indikatoren")
    checker.check("kennzahlen-liste")

    main.get_by_role("link", name="SGB-II-Quote", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("SGB-II-Quote")
    expect(main.get_by_role("table")).to_contain_text("Roden Nord")
    checker.check("kennzahlen-detail")

    page.goto(f"{base}/berichte/verwaltung/indikatoren/neu/")
    with page.expect_navigation():
        page.get_by_role("button", name="Speichern").click()
    expect(page.get_by_role("alert")).to_be_visible()
    checker.check("kennzahlen-neu-fehler")

    # A file with a mistake: the preview names row and column, nothing is saved.
    vorher = Messwert.objects.count()
    kaputt = tmp_path / "werte.csv"
    kaputt.write_text(
        "indikator;gebiet;jahr;wert\nsgb2_quote;Roden Nord;2026;12,5\nsgb2_quote;Mars;2026;x\n",
        encoding="cp1252",
    )
    page.goto(f"{base}/berichte/verwaltung/werte/import/")
    checker.check("kennzahlen-import")
    page.get_by_label("Datei (CSV oder XLSX)").set_input_files(str(kaputt))
    with page.expect_navigation():
        page.get_by_role("button", name="Datei prüfen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Vorschau des Imports")
    fehler = page.get_by_role("table", name="Fehler je Zeile und Spalte")
    expect(fehler).to_contain_text("Unbekanntes Gebiet „Mars“")
    expect(page.get_by_role("button", name="Import bestätigen")).to_have_count(0)
    checker.check("kennzahlen-import-fehler")

    gut = tmp_path / "gut.csv"
    gut.write_text(
        'indikator,gebiet,jahr,wert\nsgb2_quote,Roden Nord,2026,"12,5"\n'
        'sgb2_quote,Picard (Sozialraum),2026,"9,0"\n',
        encoding="utf-8-sig",
    )
    page.goto(f"{base}/berichte/verwaltung/werte/import/")
    page.get_by_label("Datei (CSV oder XLSX)").set_input_files(str(gut))
    with page.expect_navigation():
        page.get_by_role("button", name="Datei prüfen").click()
    expect(main).to_contain_text("2 neue Werte, 0 geänderte Werte, 0 unveränderte Werte.")
    checker.check("kennzahlen-import-vorschau")
    with page.expect_navigation():
        page.get_by_role("button", name="Import bestätigen").click()
    expect(page.get_by_role("status").first).to_contain_text("wurde importiert")
    assert Messwert.objects.count() == vorher + 2
    assert Importlauf.objects.filter(dateiname="gut.csv", importiert_von=planerin).exists()
    checker.check("kennzahlen-import-fertig")

    page.goto(f"{base}/berichte/verwaltung/werte/export/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Werte exportieren")
    checker.check("kennzahlen-export")

    monitoring = Monitoring.objects.get(name=demo.MONITORING_NAME)
    page.goto(f"{base}/berichte/verwaltung/monitoring/")
    main.get_by_role("link", name=monitoring.name).click()
    expect(page.get_by_role("heading", name="Methode und Schwellen")).to_be_visible()
    expect(main).to_contain_text("zu klein, nicht eingestuft")
    checker.check("monitoring-ergebnis")

    page.goto(f"{base}/berichte/verwaltung/monitoring/{monitoring.pk}/bearbeiten/")
    checker.check("monitoring-bearbeiten")

    assert Indikator.objects.filter(ist_demo=True).exists()
    checker.assert_clean()
