"""The pilot report in a real browser: a Berichtswesen colleague creates the "Projektbericht
Sozialraumorientierung" for the Landkreis Reutlingen, looks at the comparison of Pliezhausen and
Lichtenstein, is stopped from publishing a text still to write, writes it, publishes, and the
public sees the frozen table and downloads the PDF (its page rendered to PNG for a human look).
Every page passes axe-core."""

import importlib
import subprocess

import pytest
from django.apps import apps as django_apps
from playwright.sync_api import expect

from berichte.models import Bericht, Workflow
from saarlouis_portal.konten.roles import Rolle
from tests.berichte.test_projektbericht_service import texte_schreiben
from tests.browser.conftest import PageChecker, log_in
from tests.conftest import make_user
from tests.sprechstunden import pilotdaten as pd

pytestmark = pytest.mark.browser


@pytest.fixture
def daten(migration_data):
    importlib.import_module("sprechstunden.migrations.0002_seed").seed_themen(django_apps, None)
    pd.pilotdaten()
    return make_user("berichtswesen@example.org", Rolle.BERICHTSWESEN, mfa=False)


def test_create_look_at_publish_and_export_the_pilot_report(
    live_server, checker: PageChecker, daten, tmp_path, settings
):
    settings.PORTAL_VIER_AUGEN = False  # one person publishes here (test_vier_augen: two)
    page = checker.page
    base = live_server.url
    log_in(page, base, daten.email)

    page.goto(f"{base}/berichte/verwaltung/berichte/")
    page.get_by_role("link", name="Projektbericht Sozialraumorientierung anlegen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Projektbericht Sozialraumorientierung anlegen"
    )
    checker.check("projektbericht-anlegen")

    # Without an area first: the message stands at the field.
    page.get_by_label("Berichtsjahr").fill("2026")
    page.get_by_role("button", name="Projektbericht anlegen").click()
    expect(page.get_by_text("Bitte wählen Sie einen Landkreis oder eine Gemeinde.")).to_have_count(
        2
    )  # summary and field
    checker.check("projektbericht-fehler")
    page.get_by_label("Gebiet").select_option(label="Landkreis Reutlingen (Landkreis)")
    page.get_by_role("button", name="Projektbericht anlegen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Projektbericht Sozialraumorientierung 2026"
    )
    expect(page.get_by_text("wurde als Entwurf angelegt")).to_be_visible()
    checker.check("projektbericht-bericht")

    page.get_by_role("link", name="Die Standorte im Vergleich").first.click()
    tabelle = page.get_by_role("table", name="Projektbericht: Standorte im Vergleich")
    expect(tabelle.get_by_role("columnheader", name="Gemeinde Pliezhausen")).to_be_visible()
    expect(tabelle.get_by_role("columnheader", name="Insgesamt")).to_be_visible()
    zeile = tabelle.get_by_role("row", name="Beratungskontakte", exact=False).first
    expect(zeile).to_contain_text("9")
    checker.check("projektbericht-vergleich-entwurf")

    # The text of the template is still to write: not published.
    page.get_by_role("button", name="Zur Prüfung geben").click()
    page.get_by_role("button", name="Veröffentlichen und Zahlen einfrieren").click()
    expect(page.get_by_text("beginnt. Bitte schreiben Sie ihn")).to_be_visible()
    bericht = Bericht.objects.get()
    kapitel = bericht.kapitel.get(titel="Die Standorte im Vergleich")
    assert kapitel.status == Workflow.PRUEFUNG
    texte_schreiben(kapitel)
    page.reload()
    page.get_by_role("button", name="Veröffentlichen und Zahlen einfrieren").click()
    expect(page.get_by_text("Veröffentlicht", exact=True).first).to_be_visible()
    kapitel.refresh_from_db()
    assert kapitel.status == Workflow.VEROEFFENTLICHT

    # The public, logged out.
    page.context.clear_cookies()
    page.goto(f"{base}/berichte/kapitel/{kapitel.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Die Standorte im Vergleich")
    expect(page.get_by_role("columnheader", name="Gemeinde Lichtenstein")).to_be_visible()
    checker.check("projektbericht-vergleich-oeffentlich")

    with page.expect_download() as info:
        page.get_by_role("link", name="PDF des Kapitels „Die Standorte im Vergleich“").click()
    pdf = tmp_path / "vergleich.pdf"
    info.value.save_as(pdf)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    assert "Gemeinde Pliezhausen" in text
    assert "Beratungskontakte" in text
    png = checker.screenshot_dir / "projektbericht-pdf"
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", "-f", "3", "-l", "3", str(pdf), str(png)], check=True
    )
    assert list(checker.screenshot_dir.glob("projektbericht-pdf*.png"))
    checker.assert_clean()
