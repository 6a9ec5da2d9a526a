"""The second pair of eyes in a real browser (issue 16), two people in two browser contexts:

- a chapter given into review by one editor is refused when the same editor tries to publish it
  (a message on the page) and published by a colleague;
- a measure's check submitted by one coordinator is refused when the same coordinator tries to
  approve it and approved by a second coordinator, who records the council decision (a bad link
  first, said at the field), sets the measure to "Beschlossen" and downloads its PDF, which is
  tagged (PDF/UA), has its fonts embedded and carries the decision.

Every page on the way passes axe-core (WCAG 2.1 A/AA) and the CSP; screenshots in
test-artifacts/screenshots/vier-augen-*.png."""

import importlib
import re
import subprocess

import pytest
from django.apps import apps as django_apps
from playwright.sync_api import expect

from berichte.models import Baustein, BausteinArt, Bericht, Kapitel, Workflow
from netzwerke.models import Massnahme, MassnahmeStatus, Netzwerk
from saarlouis_portal.konten.roles import Rolle
from saarlouis_portal.stammdaten.models import Gebiet
from tests.browser.conftest import PageChecker, log_in
from tests.conftest import make_user
from tests.netzwerke.conftest import fill_pruefung

pytestmark = pytest.mark.browser


@pytest.fixture
def zweiter_browser(browser, browser_context_args, screenshot_dir):
    """A second person's browser: its own context (cookies, session) and page checker."""
    context = browser.new_context(**browser_context_args)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield PageChecker(page, screenshot_dir)
    context.close()


@pytest.fixture
def nachhaltigkeitsziele(migration_data):
    module = importlib.import_module("netzwerke.migrations.0002_nachhaltigkeitsziele")
    module.seed(django_apps, None)


def test_a_chapter_is_published_by_a_second_person(
    live_server, checker: PageChecker, zweiter_browser: PageChecker, demo_data
):
    base = live_server.url
    stadt = Gebiet.objects.get(name="Kreisstadt Saarlouis")
    bericht = Bericht.objects.create(titel="Sozialbericht 2026", gebiet=stadt, jahr=2026)
    kapitel = Kapitel.objects.create(bericht=bericht, titel="Demografie", art="demografie")
    Baustein.objects.create(
        kapitel=kapitel, art=BausteinArt.TEXT, titel="Einordnung", text="Die Stadt wächst."
    )
    autorin = make_user(
        "autorin@example.org",
        Rolle.BERICHTSWESEN,
        mfa=False,
        first_name="Anna",
        last_name="Autorin",
    )
    kollege = make_user(
        "kollege@example.org",
        Rolle.BERICHTSWESEN,
        mfa=False,
        first_name="Karl",
        last_name="Kollege",
    )
    kapitel_url = f"{base}/berichte/verwaltung/berichte/kapitel/{kapitel.pk}/"

    page = checker.page
    log_in(page, base, autorin.email)
    page.goto(kapitel_url)
    with page.expect_navigation():
        page.get_by_role("button", name="Zur Prüfung geben").click()
    expect(page.get_by_role("heading", name="Vier-Augen-Prinzip")).to_be_visible()
    expect(page.get_by_text("Zur Prüfung gegeben am")).to_be_visible()
    checker.check("vier-augen-kapitel-eingereicht")

    # The same person tries anyway: refused with a message, the chapter stays in review.
    with page.expect_navigation():
        page.get_by_role("button", name="Veröffentlichen und Zahlen einfrieren").click()
    expect(page.get_by_text("Sie haben dieses Kapitel selbst zur Prüfung gegeben.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("Demografie")
    checker.check("vier-augen-kapitel-abgelehnt")
    kapitel.refresh_from_db()
    assert kapitel.status == Workflow.PRUEFUNG

    # The colleague, in a browser of his own, publishes it.
    zweite = zweiter_browser.page
    log_in(zweite, base, kollege.email)
    zweite.goto(kapitel_url)
    expect(zweite.get_by_text("Zur Prüfung gegeben am")).to_contain_text("Anna Autorin")
    expect(zweite.get_by_role("heading", name="Vier-Augen-Prinzip")).to_have_count(0)
    zweiter_browser.check("vier-augen-kapitel-kollege")
    with zweite.expect_navigation():
        zweite.get_by_role("button", name="Veröffentlichen und Zahlen einfrieren").click()
    expect(zweite.get_by_text("Das Kapitel hat jetzt den Status „Veröffentlicht“.")).to_be_visible()
    zweiter_browser.check("vier-augen-kapitel-veroeffentlicht")
    kapitel.refresh_from_db()
    assert kapitel.status == Workflow.VEROEFFENTLICHT
    assert (kapitel.eingereicht_von, kapitel.veroeffentlicht_von) == (autorin, kollege)

    checker.assert_clean()
    zweiter_browser.assert_clean()


def test_a_measure_is_checked_by_two_and_decided_with_its_council_decision(
    live_server,
    checker: PageChecker,
    zweiter_browser: PageChecker,
    demo_data,
    nachhaltigkeitsziele,
    tmp_path,
):
    base = live_server.url
    stadt = Gebiet.objects.get(name="Kreisstadt Saarlouis")
    netzwerk = Netzwerk.objects.create(name="Netzwerk Sprachförderung", gebiet=stadt)
    erste = make_user(
        "erste@example.org", Rolle.NETZWERKKOORDINATION, mfa=False, first_name="Erika"
    )
    zweiter = make_user(
        "zweiter@example.org", Rolle.NETZWERKKOORDINATION, mfa=False, first_name="Zoran"
    )
    netzwerk.koordination.add(erste, zweiter)
    massnahme = Massnahme.objects.create(
        titel="Sprachcafé im Quartier Roden", netzwerk=netzwerk, gebiet=stadt
    )
    fill_pruefung(massnahme)  # rated and reasoned, ready to be submitted
    detail = f"{base}/netzwerke/verwaltung/massnahmen/{massnahme.pk}/"

    page = checker.page
    log_in(page, base, erste.email)
    page.goto(detail)
    with page.expect_navigation():
        page.get_by_role("button", name="Zur Freigabe vorlegen").click()
    expect(page.get_by_text("Die Prüfung ist zur Freigabe vorgelegt.")).to_be_visible()
    expect(page.get_by_role("heading", name="Vier-Augen-Prinzip")).to_be_visible()
    checker.check("vier-augen-pruefung-vorgelegt")
    with page.expect_navigation():
        page.get_by_role("button", name="Prüfung freigeben und abschließen").click()
    expect(
        page.get_by_text("Sie haben diese Prüfung selbst zur Freigabe vorgelegt.")
    ).to_be_visible()
    checker.check("vier-augen-pruefung-abgelehnt")
    massnahme.refresh_from_db()
    assert massnahme.status == MassnahmeStatus.IDEE

    # The second coordinator approves the check …
    zweite = zweiter_browser.page
    log_in(zweite, base, zweiter.email)
    zweite.goto(detail)
    with zweite.expect_navigation():
        zweite.get_by_role("button", name="Prüfung freigeben und abschließen").click()
    expect(zweite.get_by_text("Die Nachhaltigkeitsprüfung ist abgeschlossen.")).to_be_visible()

    # … tries "Beschlossen" without a decision: said at the field …
    zweite.select_option("#id_nach", MassnahmeStatus.BESCHLOSSEN)
    with zweite.expect_navigation():
        zweite.get_by_role("button", name="Status ändern").click()
    expect(zweite.locator("#id_nach")).to_have_attribute("aria-invalid", "true")
    expect(zweite.locator("#id_nach_error")).to_contain_text(
        "braucht die Maßnahme einen Ratsbeschluss"
    )
    zweiter_browser.check("vier-augen-status-ohne-beschluss")

    # … records the Saarlouis resolution (a javascript: link first, refused at the field) …
    zweite.get_by_role("link", name="Ratsbeschluss erfassen").click()
    expect(zweite.get_by_role("heading", level=1)).to_have_text("Ratsbeschluss erfassen")
    zweiter_browser.check("vier-augen-beschluss-neu")
    zweite.select_option("#id_gremium", "stadtrat")
    zweite.fill("#id_gremium_name", "Stadtrat der Kreisstadt Saarlouis")
    zweite.fill("#id_datum", "2023-02-09")
    zweite.fill("#id_vorlage", "Konzept „Wir gestalten Zukunft nachhaltig“")
    zweite.select_option("#id_ergebnis", "einstimmig")
    zweite.fill("#id_link", "javascript:alert(1)")
    with zweite.expect_navigation():
        zweite.get_by_role("button", name="Ratsbeschluss speichern").click()
    expect(zweite.locator("#id_link")).to_have_attribute("aria-invalid", "true")
    expect(zweite.get_by_role("alert")).to_contain_text("https://")
    zweiter_browser.check("vier-augen-beschluss-fehler")
    zweite.fill("#id_link", "https://ratsinfo.example.org/vo020?VOLFDNR=2023017")
    with zweite.expect_navigation():
        zweite.get_by_role("button", name="Ratsbeschluss speichern").click()
    expect(zweite.get_by_text("wurde gespeichert")).to_be_visible()

    # … and decides the measure.
    zweite.select_option("#id_nach", MassnahmeStatus.BESCHLOSSEN)
    with zweite.expect_navigation():
        zweite.get_by_role("button", name="Status ändern").click()
    expect(zweite.get_by_text("Der Status ist jetzt „Beschlossen“.")).to_be_visible()
    expect(zweite.get_by_role("table", name="Ratsbeschlüsse")).to_contain_text(
        "einstimmig beschlossen"
    )
    zweiter_browser.check("vier-augen-massnahme-beschlossen")
    massnahme.refresh_from_db()
    assert massnahme.status == MassnahmeStatus.BESCHLOSSEN
    assert (massnahme.pruefung.eingereicht_von, massnahme.pruefung.geprueft_von) == (erste, zweiter)

    # The PDF for the council file: tagged, fonts embedded, with the decision.
    with zweite.expect_download() as info:
        zweite.get_by_role("link", name="PDF für die Ratsakte").click()
    pdf = tmp_path / "massnahme.pdf"
    info.value.save_as(pdf)
    pdfinfo = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    assert re.search(r"^Tagged:\s+yes$", pdfinfo, re.M)
    assert "Sprachcafé im Quartier Roden" in pdfinfo  # the title
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True).stdout
    assert all(zeile.split()[-5] == "yes" for zeile in fonts.splitlines()[2:])
    struktur = subprocess.run(["pdfinfo", "-struct", str(pdf)], capture_output=True, text=True)
    assert "H1" in struktur.stdout
    assert "Table" in struktur.stdout
    text = " ".join(
        subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout.split()
    )
    assert "Stadtrat der Kreisstadt Saarlouis" in text
    assert "09.02.2023" in text
    assert "einstimmig beschlossen" in text
    png = zweiter_browser.screenshot_dir / "vier-augen-massnahme-pdf-seite1"
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", str(pdf), str(png)], check=True
    )

    # The public measure page and list show the decision.
    page.context.clear_cookies()
    page.goto(f"{base}/netzwerke/massnahmen/?beschluss=einstimmig")
    expect(page.get_by_text("Ratsbeschluss: Stadtrat,")).to_be_visible()
    checker.check("vier-augen-massnahmen-oeffentlich")
    page.get_by_role("link", name="Sprachcafé im Quartier Roden").click()
    table = page.get_by_role("table", name="Ratsbeschlüsse")
    expect(table).to_contain_text("Stadtrat der Kreisstadt Saarlouis")
    expect(table).to_contain_text("einstimmig beschlossen")
    checker.check("vier-augen-massnahme-oeffentlich")

    checker.assert_clean()
    zweiter_browser.assert_clean()
