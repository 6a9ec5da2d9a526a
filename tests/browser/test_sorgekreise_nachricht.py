"""Issue 17 in a real browser: a person seeking help is told that a helper was found.

A citizen asks for help on the Turkish page and gives an e-mail address; the coordinator
proposes a helper and records the helper's yes: the citizen's mail is in the outbox, in Turkish.
For a person who gave a phone number only, the yes becomes a call task: it shows on the request
and on the page "Aufgaben" (and the Cockpit card counts it), and the coordinator marks it done.
Every page passes axe-core (WCAG 2.1 A/AA); the screenshots are in test-artifacts/screenshots/.
"""

import datetime
import importlib
import re

import pytest
from django.apps import apps as django_apps
from django.core import mail
from django.core.cache import cache
from playwright.sync_api import expect

from begegnung.models import Ort, OrtArt, Stufe
from saarlouis_portal.konten.roles import Rolle
from saarlouis_portal.stammdaten.models import Gebiet, GebietArt
from sorgekreise.models import (
    Benachrichtigung,
    Faehigkeit,
    Helfende,
    HelfendeStatus,
    Hilfeanfrage,
    Quelle,
    Sorgekreis,
    Verfuegbarkeit,
    Vermittlung,
    VermittlungStatus,
)
from tests.browser.conftest import PageChecker, log_in_with_code
from tests.conftest import make_user

pytestmark = pytest.mark.browser


@pytest.fixture
def kreis(migration_data):
    # Kinds of help come from a data migration; transactional tests empty the table.
    importlib.import_module("sorgekreise.migrations.0002_faehigkeiten").seed(django_apps, None)
    cache.clear()  # rate-limit counters of earlier browser tests: all share one address
    stadt = Gebiet.objects.create(name="Kreisstadt Saarlouis", art=GebietArt.GEMEINDE)
    roden = Gebiet.objects.create(name="Roden", art=GebietArt.STADTTEIL, eltern=stadt)
    nord = Gebiet.objects.create(name="Roden Nord", art=GebietArt.SOZIALRAUM, eltern=roden)
    ort = Ort.objects.create(
        name="Kita Roden",
        art=OrtArt.KITA,
        stufe=Stufe.ORT_DER_BEGEGNUNG,
        gebiet=nord,
        telefon="06831 44440",
    )
    kreis = Sorgekreis.objects.create(name="Sorgekreis Roden Nord", ort=ort)
    helfende = Helfende.objects.create(
        name="Hanna Helfer",
        email="hanna@example.org",
        telefon="06831 12345",
        status=HelfendeStatus.AKTIV,
        quelle=Quelle.VERWALTUNG,
    )
    helfende.faehigkeiten.set([Faehigkeit.objects.get(schluessel="einkaufen")])
    helfende.gebiete.set([nord])
    helfende.sorgekreise.set([kreis])
    Verfuegbarkeit.objects.create(
        helfende=helfende, wochentag=1, beginn=datetime.time(9), ende=datetime.time(12)
    )
    return kreis


@pytest.fixture
def koordination(kreis):
    user = make_user(
        "koordination@example.org", Rolle.ORTSLEITUNG, first_name="Olli", last_name="Ort"
    )
    kreis.koordination.add(user)
    return user


def record_yes(checker: PageChecker, base: str, anfrage, tag: str) -> None:
    """On the request's page: open the match and record the helper's yes."""
    page = checker.page
    with page.expect_navigation():
        page.get_by_role("link", name=re.compile(r"^Zusage, Absage, Beginn oder Ergebnis")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Vermittlung an Hanna Helfer")
    checker.check(f"sorgekreise-nachricht-vermittlung-{tag}")
    page.get_by_label("Zusage: Die helfende Person übernimmt die Hilfe").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Speichern").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"Anfrage {anfrage.pk}")


def test_a_seeker_with_an_email_address_is_told_in_their_language(
    live_server, checker: PageChecker, kreis, koordination
):
    page = checker.page
    base = live_server.url
    einkaufen = Faehigkeit.objects.get(schluessel="einkaufen")

    # The citizen asks on the Turkish page (fields found by name: the labels are Turkish).
    page.goto(f"{base}/tr/sorgekreise/hilfe/?kreis={kreis.pk}")
    expect(page.locator("html")).to_have_attribute("lang", "tr")
    page.locator("#id_art").select_option(str(einkaufen.pk))
    page.locator("#id_gebiet").select_option(str(Gebiet.objects.get(name="Roden Nord").pk))
    page.locator("input[name=dringlichkeit][value=bald]").check()
    page.locator("#id_name").fill("Ayşe")
    page.locator("#id_email").fill("ayse@example.net")
    page.locator("#id_einwilligung").check()
    with page.expect_navigation():
        page.locator("main form button[type=submit]").last.click()
    anfrage = Hilfeanfrage.objects.get()
    assert anfrage.mailsprache == "tr"
    mail.outbox.clear()  # the receipt and the coordinators' notice

    page.context.clear_cookies()
    log_in_with_code(page, base, koordination.email)
    page.goto(f"{base}/sorgekreise/verwaltung/anfragen/{anfrage.pk}/")
    with page.expect_navigation():
        page.get_by_role("button", name="Hanna Helfer vorschlagen").click()
    record_yes(checker, base, anfrage, "email")
    vermittlungen = page.get_by_role("region", name="Vermittlungen")
    expect(vermittlungen).to_contain_text("Hilfesuchende Person per E-Mail informiert am")
    expect(page.get_by_role("region", name=re.compile("^Anruf offen"))).to_have_count(0)
    checker.check("sorgekreise-nachricht-anfrage-email")
    checker.assert_clean()

    [an_person] = [m for m in mail.outbox if m.to == ["ayse@example.net"]]
    assert an_person.body.startswith("Merhaba Ayşe,")  # Turkish, as the page she asked on
    assert "Guten Tag" not in an_person.body
    assert "Hanna Helfer" in an_person.body
    assert "hanna@example.org" not in an_person.body
    assert "12345" not in an_person.body
    [an_helfende] = [m for m in mail.outbox if m.to == ["hanna@example.org"]][-1:]
    assert "ayse@example.net" in an_helfende.body  # the helper gets the contact after the yes


def test_a_phone_only_seeker_becomes_a_call_task_that_is_marked_done(
    live_server, checker: PageChecker, kreis, koordination
):
    page = checker.page
    base = live_server.url
    anfrage = Hilfeanfrage.objects.create(
        sorgekreis=kreis,
        art=Faehigkeit.objects.get(schluessel="einkaufen"),
        gebiet=Gebiet.objects.get(name="Roden Nord"),
        name="Herr Becker",
        telefon="06831 98765",
        quelle=Quelle.VERWALTUNG,
    )
    vermittlung = Vermittlung.objects.create(
        anfrage=anfrage, helfende=Helfende.objects.get(), vorgeschlagen_von=koordination
    )
    log_in_with_code(page, base, koordination.email)
    page.goto(f"{base}/sorgekreise/verwaltung/anfragen/{anfrage.pk}/")
    record_yes(checker, base, anfrage, "telefon")

    aufgabe = page.get_by_role("region", name="Anruf offen: Hilfe gefunden")
    expect(aufgabe).to_contain_text("Hanna Helfer hat am")
    expect(aufgabe).to_contain_text("98765")
    checker.check("sorgekreise-nachricht-anruf-auf-der-anfrage")
    assert not [m for m in mail.outbox if "Hilfe für Sie" in m.subject]

    page.goto(f"{base}/cockpit/")
    karte = page.get_by_role("listitem").filter(has_text="Sorgekreise: Aufgaben")
    expect(karte).to_contain_text("1 Anruf offen")
    checker.check("sorgekreise-nachricht-cockpit")
    with page.expect_navigation():
        page.get_by_role("link", name="Sorgekreise: Aufgaben").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Aufgaben der Sorgekreise")
    anrufe = page.get_by_role("region", name="Anrufe: Hilfe gefunden")
    expect(anrufe.get_by_role("row")).to_have_count(2)  # header and one call
    expect(anrufe).not_to_contain_text("98765")  # the list shows no numbers
    checker.check("sorgekreise-nachricht-aufgaben")

    with page.expect_navigation():
        anrufe.get_by_role("button", name=re.compile("^Angerufen: erledigt")).click()
    expect(page.get_by_text(f"Die Person zu Anfrage {anfrage.pk} wurde angerufen.")).to_be_visible()
    expect(page.get_by_role("region", name="Anrufe: Hilfe gefunden")).to_contain_text(
        "0 Anrufe offen"
    )
    checker.check("sorgekreise-nachricht-aufgaben-erledigt")
    checker.assert_clean()

    vermittlung.refresh_from_db()
    assert vermittlung.status == VermittlungStatus.ANGENOMMEN
    assert vermittlung.benachrichtigt_per == Benachrichtigung.TELEFON
    assert vermittlung.benachrichtigt_von == koordination
    assert vermittlung.benachrichtigt_am is not None
