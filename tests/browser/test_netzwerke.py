"""Network pages in a real browser: the public pages (index, network, meeting, map) and the
staff pages of a coordinator (list, network, member form with errors, meeting, talks, deleting
a talk) render, pass axe-core (WCAG 2.1 AA) and keep to the CSP."""

import pytest
from playwright.sync_api import expect

from netzwerke.demo import seed_netzwerke
from netzwerke.models import Gespraech, Netzwerk, Treffen
from tests.browser.conftest import PageChecker, log_in

pytestmark = pytest.mark.browser


@pytest.fixture
def netze(demo_data, koordinatorin):
    netze = seed_netzwerke()
    netze["Netzwerk Sprachförderung Saarlouis"].koordination.add(koordinatorin)
    return netze


def test_public_network_pages_are_accessible(live_server, checker: PageChecker, netze):
    page = checker.page
    base = live_server.url
    main = page.get_by_role("main")

    page.goto(f"{base}/netzwerke/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Netzwerke")
    expect(main.get_by_role("link", name="Faire Stadt Saarlouis")).to_be_visible()
    # Internal networks stay internal.
    expect(main.get_by_text("Interkulturelle Öffnung Steinrausch")).to_have_count(0)
    checker.check("netzwerke-index")

    main.get_by_role("link", name="Netzwerk Sprachförderung Saarlouis").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Netzwerk Sprachförderung Saarlouis")
    expect(main.get_by_text("@example.org")).to_have_count(0)
    checker.check("netzwerk-oeffentlich")

    treffen = Treffen.objects.filter(protokoll_oeffentlich=True).first()
    page.goto(f"{base}/netzwerke/treffen/{treffen.pk}/")
    expect(page.get_by_role("heading", name="Protokoll")).to_be_visible()
    checker.check("treffen-oeffentlich")

    page.goto(f"{base}/netzwerke/karte/")
    expect(page.get_by_role("img", name="Netzwerkkarte")).to_be_visible()
    expect(page.get_by_role("table")).to_be_visible()
    checker.check("netzwerkkarte")

    checker.assert_clean()


def test_staff_network_pages_are_accessible(
    live_server, checker: PageChecker, koordinatorin, netze
):
    page = checker.page
    base = live_server.url
    main = page.get_by_role("main")
    netz = netze["Netzwerk Sprachförderung Saarlouis"]

    log_in(page, base, koordinatorin.email)
    page.goto(f"{base}/netzwerke/verwaltung/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Netzwerke und Bündnisse")
    checker.check("netzwerke-verwaltung")

    main.get_by_role("link", name="Netzwerk Sprachförderung Saarlouis").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(netz.name)
    expect(page.get_by_role("heading", name="Was abgedeckt ist und was fehlt")).to_be_visible()
    checker.check("netzwerk-verwaltung-detail")

    page.get_by_role("link", name="Mitglied hinzufügen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mitglied hinzufügen")
    checker.check("mitglied-neu")
    with page.expect_navigation():
        page.get_by_role("button", name="Speichern").click()
    expect(page.get_by_role("alert")).to_be_visible()
    expect(page.locator("#id_organisation")).to_have_attribute("aria-invalid", "true")
    checker.check("mitglied-neu-fehler")
    page.fill("#id_neue_organisation", "Sprachschule Lingua")
    page.select_option("#id_neue_organisation_art", "verein")
    with page.expect_navigation():
        page.get_by_role("button", name="Speichern").click()
    expect(page.get_by_role("status").first).to_contain_text("Sprachschule Lingua")
    expect(main.get_by_role("link", name="Sprachschule Lingua", exact=True)).to_be_visible()

    page.get_by_role("link", name="Treffen anlegen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Treffen anlegen")
    checker.check("treffen-neu")
    treffen = netz.treffen.order_by("beginn").last()
    page.goto(f"{base}/netzwerke/verwaltung/treffen/{treffen.pk}/")
    # The demo's invitations to the coming meeting went out: the next sending is an update.
    expect(page.get_by_role("button", name="Aktualisierung senden")).to_be_visible()
    checker.check("treffen-verwaltung")
    page.goto(f"{base}/netzwerke/verwaltung/treffen/{treffen.pk}/bearbeiten/")
    checker.check("treffen-bearbeiten")

    page.goto(f"{base}/netzwerke/verwaltung/neu/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Netzwerk anlegen")
    checker.check("netzwerk-neu")

    page.goto(f"{base}/netzwerke/verwaltung/gespraeche/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Bilaterale Gespräche")
    checker.check("gespraeche")
    page.goto(f"{base}/netzwerke/verwaltung/gespraeche/neu/")
    checker.check("gespraech-neu")
    eigenes = Gespraech.objects.create(
        organisation=netz.mitglieder.first().organisation,
        datum=netz.erstellt_am.date(),
        gebiet=netz.gebiet,
        gefuehrt_von=koordinatorin,
    )
    page.goto(f"{base}/netzwerke/verwaltung/gespraeche/{eigenes.pk}/bearbeiten/")
    checker.check("gespraech-bearbeiten")
    with page.expect_navigation():
        main.get_by_role("link", name="Gespräch löschen").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("löschen?")
    checker.check("gespraech-loeschen")
    with page.expect_navigation():
        main.get_by_role("button", name="Gespräch löschen").click()
    expect(page.get_by_role("status").first).to_contain_text("Das Gespräch wurde gelöscht.")
    assert not Gespraech.objects.filter(pk=eigenes.pk).exists()
    page.goto(f"{base}/netzwerke/verwaltung/gespraeche/uebersicht/")
    expect(page.get_by_role("heading", name="Hier fehlt vielleicht ein Netzwerk")).to_be_visible()
    checker.check("gespraeche-uebersicht")

    # Another coordinator's internal network does not exist for this user.
    intern = Netzwerk.objects.get(oeffentlich=False)
    response = page.goto(f"{base}/netzwerke/verwaltung/{intern.pk}/")
    assert response.status == 404

    checker.assert_clean()
