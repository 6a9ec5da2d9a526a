"""A counsellor runs their day in a real browser: logs in with the second factor, opens the
overview, the day list and the week, opens a slot, hands it to a colleague, and the colleague's
day list shows it. Every page passes axe-core (WCAG 2.1 A/AA) and keeps to the CSP."""

import importlib
from datetime import time, timedelta

import pytest
from django.apps import apps as django_apps
from django.core.cache import cache
from django.utils import timezone
from playwright.sync_api import expect

from saarlouis_portal.konten.roles import Rolle
from saarlouis_portal.stammdaten.models import Gebiet, GebietArt, Organisation, OrganisationArt
from sprechstunden.models import (
    Anlaufstelle,
    Beratende,
    Beratungsthema,
    Sprechstunde,
    Termin,
)
from sprechstunden.services.booking import BuchungsDaten, book_termin
from sprechstunden.services.slots import generate_slots
from tests.browser.conftest import PageChecker, log_in_with_code
from tests.conftest import make_user

pytestmark = pytest.mark.browser


@pytest.fixture
def sprechstunde(migration_data) -> Sprechstunde:
    """Every day 9–12 in 30-minute slots from today; two counsellors of the Diakoniestation."""
    importlib.import_module("sprechstunden.migrations.0002_seed").seed_themen(django_apps, None)
    cache.clear()  # rate-limit counters of earlier browser tests: all share one address
    gebiet = Gebiet.objects.create(name="Gemeinde Pliezhausen", art=GebietArt.GEMEINDE)
    anlaufstelle = Anlaufstelle.objects.create(
        name="Büro im Rathaus Pliezhausen",
        gebiet=gebiet,
        strasse="Marktplatz 1",
        plz="72124",
        ort="Pliezhausen",
    )
    sprechstunde = Sprechstunde.objects.create(
        anlaufstelle=anlaufstelle,
        titel="Soziale Sprechstunde am Vormittag",
        wochentage=list(range(7)),
        beginn=time(9, 0),
        ende=time(12, 0),
        slot_minuten=30,
        kapazitaet=1,
        buchbar_tage=14,
        gueltig_ab=timezone.localdate(),
    )
    sprechstunde.themen.set(Beratungsthema.objects.all())
    generate_slots(sprechstunde)
    return sprechstunde


def test_a_counsellor_hands_a_slot_to_a_colleague(live_server, checker: PageChecker, sprechstunde):
    page = checker.page
    base = live_server.url
    diakonie = Organisation.objects.create(
        name="Diakoniestation Pliezhausen", art=OrganisationArt.TRAEGER
    )
    bea = make_user("bea@example.org", Rolle.BERATUNG, first_name="Bea", last_name="Berger")
    kim = make_user("kim@example.org", Rolle.BERATUNG, first_name="Kim", last_name="Sommer")
    for user in (bea, kim):
        Beratende.objects.create(sprechstunde=sprechstunde, user=user, traeger=diakonie)
    tomorrow = timezone.localdate() + timedelta(days=1)
    termin = Termin.objects.filter(sprechstunde=sprechstunde, beginn__date=tomorrow).earliest(
        "beginn"
    )
    book_termin(
        termin.pk,
        BuchungsDaten(thema=Beratungsthema.objects.first(), telefon="07127 555", name="Frau A."),
    )
    day = tomorrow.isoformat()

    log_in_with_code(page, base, bea.email)

    page.goto(f"{base}/sprechstunden/verwaltung/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    checker.check("sprechstunden-verwaltung")

    page.goto(f"{base}/sprechstunden/verwaltung/tagesliste/?datum={day}&beratende={bea.pk}")
    link = page.get_by_role("main").locator(
        f'a[href="/sprechstunden/verwaltung/termine/{termin.pk}/"]'
    )
    expect(link.first).to_be_visible()
    checker.check("sprechstunden-tagesliste")

    page.goto(f"{base}/sprechstunden/verwaltung/woche/?datum={day}")
    checker.check("sprechstunden-woche")

    with page.expect_navigation():
        link.first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Termin am")
    expect(page.get_by_role("main")).to_contain_text("Frau A.")
    checker.check("sprechstunden-termin")

    page.get_by_label("Zuständige Beratungsfachkraft").select_option(label="Kim Sommer")
    with page.expect_navigation():
        page.get_by_role("button", name="Zuständigkeit speichern").click()
    expect(page.get_by_role("main")).to_contain_text(
        "Für diesen Termin ist jetzt Kim Sommer zuständig."
    )
    expect(page.get_by_label("Zuständige Beratungsfachkraft")).to_have_value(str(kim.pk))
    checker.check("sprechstunden-termin-zustaendig")
    termin.refresh_from_db()
    assert termin.beratende == kim

    page.goto(f"{base}/sprechstunden/verwaltung/tagesliste/?datum={day}&beratende={bea.pk}")
    expect(link).to_have_count(0)
    page.goto(f"{base}/sprechstunden/verwaltung/tagesliste/?datum={day}&beratende={kim.pk}")
    expect(link.first).to_be_visible()
    checker.assert_clean()
