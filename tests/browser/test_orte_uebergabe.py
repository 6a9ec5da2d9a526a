"""A hand-off between two people in two browsers: the lead of a place proposes a new place and
requests the next stage of the place she leads; the planner, in another browser, finds both in
the Cockpit, accepts the stage and declines the proposal with a reason; the lead sees the
decisions on her pages and by e-mail. Every new page passes axe-core (WCAG 2.1 A/AA) and the
CSP, and is photographed."""

import importlib
from datetime import date, time

import pytest
from django.apps import apps as django_apps
from django.core import mail
from playwright.sync_api import Browser, expect

from begegnung.models import (
    Angebot,
    Antrag,
    AntragStatus,
    Oeffnungszeit,
    Ort,
    OrtArt,
    PartnerRolle,
    Partnerschaft,
    Stufe,
    StufeErreicht,
)
from saarlouis_portal.konten.roles import Rolle
from saarlouis_portal.stammdaten.models import Gebiet, GebietArt, Organisation, OrganisationArt
from tests.browser.conftest import PageChecker, log_in_with_code
from tests.conftest import make_user

pytestmark = pytest.mark.browser


@pytest.fixture
def kita(migration_data):
    importlib.import_module("begegnung.migrations.0002_stufenkriterien").seed(django_apps, None)
    stadt = Gebiet.objects.create(name="Kreisstadt Saarlouis", art=GebietArt.GEMEINDE)
    roden = Gebiet.objects.create(name="Roden", art=GebietArt.STADTTEIL, eltern=stadt)
    nord = Gebiet.objects.create(name="Roden Nord", art=GebietArt.SOZIALRAUM, eltern=roden)
    ort = Ort.objects.create(
        name="Kita Roden", art=OrtArt.KITA, stufe=Stufe.SATELLIT, gebiet=nord, strasse="Weg 8"
    )
    StufeErreicht.objects.create(ort=ort, stufe=Stufe.SATELLIT, erreicht_am=date(2024, 3, 1))
    for tag in range(5):
        Oeffnungszeit.objects.create(ort=ort, wochentag=tag, beginn=time(7), ende=time(16))
    Partnerschaft.objects.create(
        ort=ort,
        organisation=Organisation.objects.create(name="Kita-Träger", art=OrganisationArt.TRAEGER),
        rolle=PartnerRolle.TRAEGER,
    )
    Angebot.objects.create(ort=ort, titel="Eltern-Kind-Gruppe", wochentag=2, beginn=time(15))
    return ort


@pytest.fixture
def two_browsers(live_server, browser: Browser, browser_context_args, screenshot_dir):
    contexts = []

    def open_browser() -> PageChecker:
        context = browser.new_context(**browser_context_args)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(10_000)
        return PageChecker(page, screenshot_dir)

    yield open_browser
    for context in contexts:
        context.close()


def _submit(page, name: str) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name=name).click()


def test_the_lead_requests_and_the_planner_decides(kita, two_browsers, live_server):
    base = live_server.url
    leitung = make_user(
        "leitung@example.org", Rolle.ORTSLEITUNG, first_name="Lea", last_name="Leitung"
    )
    kita.leitung.add(leitung)
    planerin = make_user(
        "planerin@example.org", Rolle.SOZIALPLANUNG, first_name="Paula", last_name="Plan"
    )

    # The lead proposes a new place ...
    lea = two_browsers()
    page = lea.page
    log_in_with_code(page, base, leitung.email)
    page.goto(f"{base}/orte/verwaltung/")
    with page.expect_navigation():
        page.get_by_role("link", name="Neuen Ort vorschlagen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Neuen Ort vorschlagen")
    lea.check("orte-uebergabe-vorschlagen")
    page.locator("#id_name").fill("Pfarrzentrum St. Ludwig")
    page.locator("#id_art").select_option("pfarrzentrum")
    page.locator("#id_gebiet").select_option(str(kita.gebiet_id))
    page.get_by_label("Warum soll der Ort aufgenommen werden?").fill("Offener Treff mittwochs.")
    _submit(page, "Ort vorschlagen")
    expect(page.get_by_role("heading", level=1)).to_have_text("Pfarrzentrum St. Ludwig")
    expect(page.get_by_role("main")).to_contain_text("wartet auf die Aufnahme")
    lea.check("orte-uebergabe-vorgeschlagen")

    # ... and requests the next stage of the Kita, whose checklist is met.
    page.goto(f"{base}/orte/verwaltung/{kita.pk}/")
    with page.expect_navigation():
        page.get_by_role("link", name="Stufe „Ort der Begegnung“ beantragen").click()
    lea.check("orte-uebergabe-beantragen")
    _submit(page, "Antrag stellen")
    expect(page.get_by_text("Dieses Feld ist zwingend erforderlich.").first).to_be_visible()
    lea.check("orte-uebergabe-beantragen-fehler")
    page.get_by_label("Begründung").fill("Fünf Öffnungstage, ein Träger, ein laufendes Angebot.")
    _submit(page, "Antrag stellen")
    expect(page.get_by_role("main")).to_contain_text("offen, wartet auf die Sozialplanung")
    expect(page.get_by_role("link", name="Stufe „Ort der Begegnung“ beantragen")).to_have_count(0)
    lea.check("orte-uebergabe-ort-offen")

    # The planner, in her own browser, finds both requests in the Cockpit.
    paula = two_browsers()
    page = paula.page
    log_in_with_code(page, base, planerin.email)
    page.goto(f"{base}/cockpit/")
    karte = page.get_by_role("listitem").filter(has_text="Anträge zu Orten")
    expect(karte).to_contain_text("2 offene Anträge")
    paula.check("orte-uebergabe-cockpit")
    with page.expect_navigation():
        page.get_by_role("link", name="Anträge zu Orten").click()
    expect(page.get_by_role("status")).to_have_text("2 offene Anträge")
    paula.check("orte-uebergabe-antraege")

    with page.expect_navigation():
        page.get_by_role("link", name="Antrag zu Kita Roden entscheiden").click()
    expect(page.get_by_role("heading", name="Kriterien der beantragten Stufe")).to_be_visible()
    paula.check("orte-uebergabe-antrag")
    page.get_by_label("Annehmen").check()
    _submit(page, "Entscheidung speichern")
    expect(page.get_by_role("main")).to_contain_text("Der Antrag zu „Kita Roden“ ist angenommen.")
    expect(page.get_by_role("status").filter(has_text="offen")).to_have_text("1 offener Antrag")

    with page.expect_navigation():
        page.get_by_role("link", name="Antrag zu Pfarrzentrum St. Ludwig entscheiden").click()
    page.get_by_label("Ablehnen").check()
    _submit(page, "Entscheidung speichern")
    expect(page.get_by_text("Bitte begründen Sie die Ablehnung.").first).to_be_visible()
    paula.check("orte-uebergabe-antrag-fehler")
    page.get_by_label("Begründung der Entscheidung").fill("Liegt außerhalb des Stadtgebiets.")
    _submit(page, "Entscheidung speichern")
    expect(page.get_by_role("status").filter(has_text="offen")).to_have_text("0 offene Anträge")
    paula.check("orte-uebergabe-antraege-leer")

    # The lead sees the decisions on her pages and in her mail.
    page = lea.page
    page.goto(f"{base}/orte/verwaltung/{kita.pk}/")
    main = page.get_by_role("main")
    expect(main).to_contain_text("Kindertageseinrichtung · Ort der Begegnung")
    expect(main).to_contain_text("auf Antrag von Lea Leitung")
    expect(main).to_contain_text("angenommen")
    lea.check("orte-uebergabe-ort-angenommen")
    vorschlag = Antrag.objects.get(ort__name="Pfarrzentrum St. Ludwig")
    page.goto(f"{base}/orte/verwaltung/{vorschlag.ort_id}/")
    expect(page.get_by_role("main")).to_contain_text(
        "Begründung der Entscheidung: Liegt außerhalb des Stadtgebiets."
    )
    lea.check("orte-uebergabe-vorschlag-abgelehnt")

    assert sorted(a.status for a in Antrag.objects.all()) == [
        AntragStatus.ABGELEHNT,
        AntragStatus.ANGENOMMEN,
    ]
    assert sorted(m.subject for m in mail.outbox) == [
        "Ihr Stufenantrag für „Kita Roden“ wurde angenommen",
        "Ihr Vorschlag „Pfarrzentrum St. Ludwig“ wurde abgelehnt",
    ]
    assert all(m.to == [leitung.email] for m in mail.outbox)
    lea.assert_clean()
    paula.assert_clean()
