"""Issue 16 in a real browser: Berichtswesen imports values that change a published chapter,
sees the frozen-chapter warning in the preview and confirms; the public chapter page still
shows the published figure, the chapter's staff page says that newer values exist and offers a
new edition; then the monitoring page with its map of the status classes, the flagged areas and
the downloads. Every page passes axe-core (WCAG 2.1 A/AA) and keeps to the CSP."""

import io

import pytest
from playwright.sync_api import expect

from berichte import demo, formate
from berichte.models import Bericht, Importlauf, Kapitel, Messwert, Monitoring, Workflow
from saarlouis_portal.konten.roles import Rolle
from tests.browser.conftest import PageChecker, log_in
from tests.conftest import make_user

pytestmark = pytest.mark.browser

NEUER_WERT = "33,3"  # far above every invented SGB-II-Quote of the demo


@pytest.fixture
def berichtswesen(demo_data, settings):
    demo.seed(io.StringIO())  # indicators, the demo monitoring, the report: Armut published
    settings.DEV_DISABLE_MFA_REQUIREMENT = True
    return make_user("berichtswesen@example.org", Rolle.BERICHTSWESEN, mfa=False, first_name="Bea")


def test_berichtswesen_imports_and_published_chapters_stay_frozen(
    live_server, checker: PageChecker, berichtswesen, tmp_path
):
    page = checker.page
    base = live_server.url
    main = page.get_by_role("main")
    armut = Kapitel.objects.get(titel="Armut", bericht__ist_demo=True)
    assert armut.status == Workflow.VEROEFFENTLICHT
    jahr = armut.bericht.jahr
    alt = Messwert.objects.get(
        indikator__schluessel="sgb2_quote", gebiet__name="Roden Nord", jahr=jahr
    )
    alt_text = formate.zahl(alt.wert, 1)
    log_in(page, base, berichtswesen.email)

    # The import is open to Berichtswesen now: the link is in the Kennzahlen navigation.
    page.goto(f"{base}/berichte/verwaltung/indikatoren/")
    page.get_by_role("navigation", name="Kennzahlen und Sozialmonitoring").get_by_role(
        "link", name="Werte importieren"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Werte importieren")
    datei = tmp_path / "sgb2.csv"
    datei.write_text(
        f"indikator;gebiet;jahr;wert\nsgb2_quote;Roden Nord;{jahr};{NEUER_WERT}\n",
        encoding="utf-8",
    )
    page.get_by_label("Datei (CSV oder XLSX)").set_input_files(str(datei))
    with page.expect_navigation():
        page.get_by_role("button", name="Datei prüfen").click()

    # The preview warns before anything is saved.
    expect(page.get_by_role("heading", level=1)).to_have_text("Vorschau des Imports")
    warnung = page.get_by_role("alert").filter(
        has_text="Der Import ändert Werte, die veröffentlichte Kapitel zeigen"
    )
    expect(warnung).to_be_visible()
    expect(warnung).to_contain_text("„Armut“ (Sozialbericht 2026): 1 geänderter Wert")
    expect(warnung.get_by_role("link", name="„Armut“")).to_have_attribute(
        "href", f"/berichte/verwaltung/berichte/kapitel/{armut.pk}/"
    )
    checker.check("import-berichtswesen-vorschau")
    assert not Importlauf.objects.filter(importiert_von=berichtswesen).exists()

    with page.expect_navigation():
        page.get_by_role("button", name="Import bestätigen").click()
    meldung = page.get_by_role("status").first
    expect(meldung).to_contain_text("wurde importiert: 0 neue, 1 geänderte")
    expect(meldung).to_contain_text(
        "Veröffentlichte Kapitel bleiben unverändert; neuere Werte gibt es jetzt für: „Armut“"
    )
    checker.check("import-berichtswesen-fertig")
    assert Importlauf.objects.get(importiert_von=berichtswesen).zeilen_geaendert == 1

    # The published chapter still shows the published figure.
    page.goto(f"{base}/berichte/kapitel/{armut.pk}/")
    zeile = main.get_by_role("row").filter(has_text="Roden Nord").first
    expect(zeile).to_contain_text(alt_text)
    expect(main).not_to_contain_text(NEUER_WERT)
    checker.check("import-berichtswesen-kapitel-oeffentlich")

    # Its staff page says that newer values exist and offers a new edition.
    page.goto(f"{base}/berichte/verwaltung/berichte/kapitel/{armut.pk}/")
    hinweis = page.get_by_role("region", name="Es gibt neuere Werte")
    expect(hinweis).to_contain_text("Seit der Veröffentlichung hat sich 1 Wert geändert")
    expect(hinweis.get_by_role("row").filter(has_text="Roden Nord")).to_contain_text(NEUER_WERT)
    expect(hinweis.get_by_role("row").filter(has_text="Roden Nord")).to_contain_text(alt_text)
    checker.check("import-berichtswesen-kapitel-verwaltung")

    hinweis.get_by_label("Berichtsjahr der neuen Ausgabe").fill(str(jahr))
    with page.expect_navigation():
        hinweis.get_by_role("button", name="Neue Ausgabe des Berichts anlegen").click()
    expect(page.get_by_role("status").first).to_contain_text("als Entwurf angelegt")
    neu = Bericht.objects.get(vorgaenger=armut.bericht)
    assert neu.status == Workflow.ENTWURF
    assert not neu.kapitel.filter(status=Workflow.VEROEFFENTLICHT).exists()
    checker.check("import-berichtswesen-neue-ausgabe")
    checker.assert_clean()


def test_the_monitoring_page_with_its_map(live_server, checker: PageChecker, berichtswesen):
    page = checker.page
    base = live_server.url
    main = page.get_by_role("main")
    monitoring = Monitoring.objects.get(name=demo.MONITORING_NAME)
    log_in(page, base, berichtswesen.email)

    page.goto(f"{base}/berichte/verwaltung/monitoring/{monitoring.pk}/")
    titel = f"Statusklassen je Sozialraum, {monitoring.jahr}"
    karte = main.get_by_role("img", name=titel, exact=True)
    expect(karte).to_be_visible()
    expect(karte).to_have_accessible_description(
        "Karte der Sozialräume in Kreisstadt Saarlouis. Jede Fläche trägt ihren Namen, ihre "
        "Status- und Dynamikklasse und ein Muster je Statusklasse. Dieselben Angaben stehen in "
        "der Tabelle „Ergebnis je Sozialraum“ unter der Karte."
    )
    expect(karte.locator("text").filter(has_text="Roden Nord")).to_have_count(1)
    expect(
        main.get_by_role("list", name="Legende der Karte").get_by_role("listitem")
    ).to_have_count(5)
    auffaellig = page.get_by_role("region", name="Sozialräume mit besonderem Aufmerksamkeitsbedarf")
    expect(auffaellig.get_by_role("heading", level=3).first).to_be_visible()
    expect(auffaellig).to_contain_text("unter der Schwelle")
    expect(main.get_by_role("link", name="Dieselben Angaben als Tabelle")).to_have_attribute(
        "href", "#ergebnis"
    )
    checker.check("monitoring-karte")

    with page.expect_download() as download:
        main.get_by_role("link", name="CSV").click()
    inhalt = download.value.path().read_text(encoding="utf-8-sig")
    assert inhalt.splitlines()[0].startswith("Sozialraum;Einwohner;z: ")
    assert "Roden Nord" in inhalt

    # Without JavaScript the map is the same: it is drawn on the server.
    kontext = page.context.browser.new_context(java_script_enabled=False, locale="de-DE")
    ohne_js = kontext.new_page()
    ohne_js.context.add_cookies(page.context.cookies())
    ohne_js.goto(f"{base}/berichte/verwaltung/monitoring/{monitoring.pk}/")
    expect(
        ohne_js.get_by_role("img", name=f"Statusklassen je Sozialraum, {monitoring.jahr}")
    ).to_be_visible()
    kontext.close()
    checker.assert_clean()
