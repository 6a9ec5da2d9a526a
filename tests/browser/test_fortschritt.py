"""The progress page of a background job in a real browser (issue 15): a Berichtswesen colleague
asks for the PDF of a large draft chapter, sees the job waiting with a <progress> bar, the task
worker runs (the real database backend, one ``db_worker --batch`` pass in the test), and the page
reaches "Fertig." by itself: with JavaScript through htmx polling a fragment (no reload), without
JavaScript through the meta refresh inside <noscript>. The file is downloaded and is a PDF."""

import pytest
from playwright.sync_api import Browser, expect

from berichte import tasks
from berichte.models import Baustein, BausteinArt, Bericht, Einheit, Indikator, Kapitel, Messwert
from saarlouis_portal.auftraege.models import Auftrag, Status
from saarlouis_portal.konten.roles import Rolle
from saarlouis_portal.stammdaten.models import Gebiet, GebietArt
from tests.auftraege.worker import worker_step
from tests.browser.conftest import JAVASCRIPT_RUNS, PageChecker, log_in
from tests.conftest import make_user

pytestmark = pytest.mark.browser


@pytest.fixture
def kapitel(demo_data, monkeypatch, settings, tmp_path):
    # Every draft counts as large here, so this small one goes through the worker.
    monkeypatch.setattr(tasks, "SOFORT_HOECHSTENS_WERTE", {"pdf": 0, "docx": 0})
    settings.MEDIA_ROOT = tmp_path / "media"
    stadt = Gebiet.objects.get(name="Kreisstadt Saarlouis")
    quote = Indikator.objects.create(
        schluessel="sgb2_quote",
        name="SGB-II-Quote",
        einheit=Einheit.PROZENT,
        quelle="Bundesagentur für Arbeit",
    )
    raeume = list(Gebiet.objects.filter(art=GebietArt.SOZIALRAUM).order_by("name"))
    Messwert.objects.bulk_create(
        Messwert(indikator=quote, gebiet=g, jahr=2026, wert=8 + n) for n, g in enumerate(raeume)
    )
    bericht = Bericht.objects.create(titel="Sozialbericht 2026", gebiet=stadt, jahr=2026)
    kapitel = Kapitel.objects.create(bericht=bericht, titel="Armut", art="armut")
    tabelle = Baustein.objects.create(
        kapitel=kapitel, art=BausteinArt.TABELLE, reihenfolge=0, titel="SGB-II-Quote je Sozialraum"
    )
    tabelle.indikatoren.set([quote])
    make_user("berichtswesen@example.org", Rolle.BERICHTSWESEN, mfa=False)
    return kapitel


def _export_starten(page, base, kapitel):
    page.goto(f"{base}/berichte/verwaltung/berichte/kapitel/{kapitel.pk}/")
    page.get_by_role("link", name="PDF des Kapitels „Armut“").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("PDF des Entwurfs erstellen")
    with page.expect_navigation():
        page.get_by_role("button", name="PDF erstellen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("PDF des Kapitels „Armut“")


def _pdf_laden(page, tmp_path, name):
    with page.expect_download() as info:
        page.get_by_role("link", name="sozialbericht-2026-armut.pdf herunterladen").click()
    datei = tmp_path / name
    info.value.save_as(datei)
    assert info.value.suggested_filename == "sozialbericht-2026-armut.pdf"
    return datei.read_bytes()


def test_with_javascript_htmx_brings_the_result_without_reloading(
    live_server, checker: PageChecker, kapitel, tmp_path
):
    page = checker.page
    base = live_server.url
    log_in(page, base, "berichtswesen@example.org")
    _export_starten(page, base, kapitel)
    assert page.evaluate(JAVASCRIPT_RUNS)

    fortschritt = page.locator("progress#auftrag-fortschritt")
    expect(fortschritt).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text("Der Auftrag wartet auf den Start.")
    checker.check("auftrag-wartet")
    auftrag = Auftrag.objects.get()
    assert auftrag.status == Status.WARTET

    # A mark in the page's memory: a full reload would wipe it, an htmx swap keeps it.
    page.evaluate("window.nichtNeuGeladen = true")
    worker_step()
    assert Auftrag.objects.get().status == Status.FERTIG
    expect(page.get_by_role("status")).to_contain_text("Fertig.", timeout=10_000)
    assert page.evaluate("window.nichtNeuGeladen === true")
    # One chapter's data, the HTML, the PDF.
    expect(fortschritt).to_have_attribute("value", "3")
    expect(fortschritt).to_have_attribute("max", "3")
    checker.check("auftrag-fertig")

    assert _pdf_laden(page, tmp_path, "js.pdf").startswith(b"%PDF")
    checker.assert_clean()


def test_without_javascript_the_meta_refresh_brings_the_result(
    live_server, browser: Browser, browser_context_args, screenshot_dir, kapitel, tmp_path
):
    context = browser.new_context(**browser_context_args, java_script_enabled=False)
    checker = PageChecker(context.new_page(), screenshot_dir)
    page = checker.page
    page.set_default_timeout(10_000)
    base = live_server.url
    log_in(page, base, "berichtswesen@example.org")
    _export_starten(page, base, kapitel)
    assert not page.evaluate(JAVASCRIPT_RUNS)
    expect(page.locator("progress#auftrag-fortschritt")).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text("Der Auftrag wartet auf den Start.")
    # axe's rule meta-refresh (WCAG 2.2.1) objects to any timed reload; the page therefore lets
    # the person pause it, and that page passes axe.
    checker.check("auftrag-wartet-ohne-js", axe=False)
    page.get_by_role("link", name="Automatische Aktualisierung anhalten").click()
    expect(page.get_by_role("link", name="Stand jetzt abrufen")).to_be_visible()
    assert page.locator('meta[http-equiv="refresh"]').count() == 0
    checker.check("auftrag-angehalten-ohne-js")
    page.get_by_role("link", name="Automatisch aktualisieren").click()
    assert page.locator('meta[http-equiv="refresh"]').count() == 1

    worker_step()
    with page.expect_navigation(timeout=10_000):
        pass  # the meta refresh reloads the page after two seconds
    expect(page.get_by_role("status")).to_contain_text("Fertig.")
    checker.check("auftrag-fertig-ohne-js")
    assert _pdf_laden(page, tmp_path, "ohne-js.pdf").startswith(b"%PDF")
    checker.assert_clean()
    context.close()
