"""The Cockpit card "Prüfungen zur Freigabe" in a real browser (issue 16): a check one
coordinator submitted shows on the second coordinator's card, whose link opens the measure list
filtered to it; approved, it leaves the card. The submitter's own card counts nothing.

Every page passes axe-core (WCAG 2.1 A/AA) and the CSP; screenshots in
test-artifacts/screenshots/cockpit-freigaben-*.png."""

import pytest
from playwright.sync_api import expect

from netzwerke import services_massnahmen as services
from netzwerke.models import Massnahme, MassnahmeStatus, Netzwerk
from saarlouis_portal.konten.roles import Rolle
from saarlouis_portal.stammdaten.models import Gebiet
from tests.browser.conftest import PageChecker, log_in
from tests.browser.test_vier_augen import nachhaltigkeitsziele  # noqa: F401 (fixture)
from tests.conftest import make_user
from tests.netzwerke.conftest import fill_pruefung

pytestmark = pytest.mark.browser


def test_the_second_coordinator_finds_the_check_on_the_card_and_approves_it(
    live_server,
    checker: PageChecker,
    demo_data,
    nachhaltigkeitsziele,  # noqa: F811
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
    Massnahme.objects.create(titel="Noch eine Idee", netzwerk=netzwerk, gebiet=stadt)
    services.submit_check(fill_pruefung(massnahme), erste)

    page = checker.page
    karte = page.locator("#cockpit-freigaben")
    log_in(page, base, zweiter.email)
    expect(karte).to_contain_text("1 Prüfung wartet auf Ihre Freigabe")
    checker.check("cockpit-freigaben-karte")

    karte.get_by_role("link", name="Prüfungen zur Freigabe").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Maßnahmen und Projekte")
    expect(page.locator("#id_pruefung")).to_have_value("freizugeben")
    main = page.get_by_role("main")
    expect(main.get_by_role("link", name="Sprachcafé im Quartier Roden")).to_be_visible()
    expect(main.get_by_role("link", name="Noch eine Idee")).to_have_count(0)
    checker.check("cockpit-freigaben-liste")

    main.get_by_role("link", name="Sprachcafé im Quartier Roden").click()
    with page.expect_navigation():
        page.get_by_role("button", name="Prüfung freigeben und abschließen").click()
    expect(page.get_by_text("Die Nachhaltigkeitsprüfung ist abgeschlossen.")).to_be_visible()
    massnahme.refresh_from_db()
    assert massnahme.status == MassnahmeStatus.GEPRUEFT

    page.goto(f"{base}/cockpit/")
    expect(karte).to_contain_text("0 Prüfungen warten auf Ihre Freigabe")
    expect(karte).to_contain_text("Keine Nachhaltigkeitsprüfung wartet auf Ihre Freigabe.")
    checker.check("cockpit-freigaben-leer")
    checker.assert_clean()
