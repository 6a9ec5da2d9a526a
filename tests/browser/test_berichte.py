"""Reports in a real browser: a Berichtswesen colleague builds a chapter with a table and a
chart, publishes it and exports the PDF; the first PDF page is rendered to PNG (pdftoppm) for a
human look; the chapter editor and the public report and chapter pages pass axe-core."""

import subprocess

import pytest
from playwright.sync_api import expect

from berichte.models import Bericht, Einheit, Indikator, Kapitel, Messwert, Workflow
from saarlouis_portal.konten.roles import Rolle
from saarlouis_portal.stammdaten.models import Gebiet, GebietArt
from tests.browser.conftest import PageChecker, log_in
from tests.conftest import make_user

pytestmark = pytest.mark.browser


@pytest.fixture
def daten(demo_data):
    stadt = Gebiet.objects.get(name="Kreisstadt Saarlouis")
    quote = Indikator.objects.create(
        schluessel="sgb2_quote",
        name="SGB-II-Quote",
        einheit=Einheit.PROZENT,
        quelle="Bundesagentur für Arbeit",
    )
    raeume = list(Gebiet.objects.filter(art=GebietArt.SOZIALRAUM).order_by("name"))
    Messwert.objects.bulk_create(
        Messwert(indikator=quote, gebiet=g, jahr=j, wert=8 + n + 0.5 * (j - 2021))
        for n, g in enumerate(raeume)
        for j in range(2021, 2027)
    )
    bericht = Bericht.objects.create(titel="Sozialbericht 2026", gebiet=stadt, jahr=2026)
    user = make_user("berichtswesen@example.org", Rolle.BERICHTSWESEN, mfa=False)
    return {"bericht": bericht, "raeume": raeume, "user": user}


def test_staff_build_publish_and_export_a_chapter(
    live_server, checker: PageChecker, daten, tmp_path, settings
):
    # One person builds and publishes here: the second pair of eyes is switched off (a small
    # office); tests/browser/test_vier_augen.py publishes with two people.
    settings.PORTAL_VIER_AUGEN = False
    page = checker.page
    base = live_server.url
    bericht = daten["bericht"]
    log_in(page, base, daten["user"].email)

    page.goto(f"{base}/berichte/verwaltung/berichte/{bericht.pk}/")
    checker.check("bericht-verwaltung")
    page.get_by_role("link", name="Kapitel anlegen").click()
    page.get_by_label("Titel").fill("Armut")
    page.get_by_label("Art").select_option("armut")
    page.get_by_role("button", name="Speichern").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Armut")

    # A table of the indicator for all Sozialräume.
    page.get_by_label("Art des neuen Bausteins").select_option("tabelle")
    page.get_by_role("button", name="Baustein hinzufügen").click()
    page.get_by_label("Überschrift").fill("SGB-II-Quote je Sozialraum")
    page.get_by_label("SGB-II-Quote").check()
    page.get_by_role("button", name="Speichern").click()
    expect(page.get_by_text("Der Baustein wurde hinzugefügt.")).to_be_visible()

    # A chart: first sent without a choice of areas (too many lines), then corrected.
    page.get_by_label("Art des neuen Bausteins").select_option("zeitreihe")
    page.get_by_role("button", name="Baustein hinzufügen").click()
    page.get_by_label("Überschrift").fill("Entwicklung der SGB-II-Quote")
    page.get_by_label("SGB-II-Quote").check()
    page.get_by_role("button", name="Speichern").click()
    expect(page.get_by_text("Höchstens 8 Linien")).to_have_count(2)  # summary and field
    checker.check("baustein-fehler")
    for raum in daten["raeume"][:2]:
        page.get_by_label(f"{raum.name} (Sozialraum)", exact=True).check()
    page.get_by_role("button", name="Speichern").click()
    expect(page.get_by_text("Der Baustein wurde hinzugefügt.")).to_be_visible()

    main = page.get_by_role("main")
    expect(
        main.get_by_role("img", name="Liniendiagramm Entwicklung der SGB-II-Quote")
    ).to_be_visible()
    checker.check("kapitel-editor")

    page.get_by_role("button", name="Zur Prüfung geben").click()
    page.get_by_role("button", name="Veröffentlichen und Zahlen einfrieren").click()
    expect(page.get_by_text("Veröffentlicht", exact=True).first).to_be_visible()
    kapitel = Kapitel.objects.get(bericht=bericht)
    assert kapitel.status == Workflow.VEROEFFENTLICHT

    # The public, logged out.
    page.context.clear_cookies()
    page.goto(f"{base}/berichte/")
    page.get_by_role("link", name="Sozialbericht 2026").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sozialbericht 2026")
    checker.check("bericht-oeffentlich")
    page.get_by_role("link", name="Armut").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Armut")
    checker.check("kapitel-oeffentlich")

    with page.expect_download() as info:
        page.get_by_role("link", name="PDF des Kapitels „Armut“").click()
    pdf = tmp_path / "kapitel.pdf"
    info.value.save_as(pdf)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    assert "Armut" in text
    assert "Bundesagentur für Arbeit" in text
    png = checker.screenshot_dir / "berichte-pdf-seite1"
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", str(pdf), str(png)], check=True
    )
    assert list(checker.screenshot_dir.glob("berichte-pdf-seite1*.png"))
    checker.assert_clean()
