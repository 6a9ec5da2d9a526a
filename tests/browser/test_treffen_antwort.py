"""Following a meeting up in a real browser (issue 17).

A member opens the reply link from the invitation in the outbox, answers, and the coordinator
sees the answer and ticks the attendance. A task's life: created from the meeting (first with
errors), past its due date it is flagged "Überfällig" on the meeting page, in the Cockpit and in
the task list, the minutes with the task go out, and it is marked done. Every page passes
axe-core (WCAG 2.1 A/AA) and the CSP; dates are relative to today."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from netzwerke.models import (
    Antwort,
    Aufgabe,
    AufgabeStatus,
    Einladung,
    Mitgliedschaft,
    Netzwerk,
    Treffen,
)
from saarlouis_portal.stammdaten.models import Ansprechperson, Gebiet, Organisation
from tests.browser.conftest import PageChecker, log_in

pytestmark = pytest.mark.browser


@pytest.fixture
def netz(demo_data, koordinatorin):
    stadt = Gebiet.objects.get(name="Kreisstadt Saarlouis")
    netzwerk = Netzwerk.objects.create(name="Netzwerk Sprachförderung", gebiet=stadt)
    netzwerk.koordination.add(koordinatorin)
    caritas = Organisation.objects.create(name="Caritasverband Saar-Hochwald", art="traeger")
    mitglied = Mitgliedschaft.objects.create(netzwerk=netzwerk, organisation=caritas)
    clara = Ansprechperson.objects.create(
        organisation=caritas, vorname="Clara", nachname="Kontakt", email="clara@caritas.example"
    )
    mitglied.ansprechpersonen.add(clara)
    return netzwerk


@pytest.fixture
def treffen(netz):
    beginn = timezone.localtime().replace(hour=18, minute=0, second=0, microsecond=0)
    beginn += timedelta(days=5)
    return Treffen.objects.create(
        netzwerk=netz,
        titel="Netzwerktreffen Sprachcafé",
        beginn=beginn,
        ende=beginn + timedelta(hours=2),
        ort="Rathaus Saarlouis, Sitzungssaal 2",
        tagesordnung="1. Begrüßung\n2. Sprachcafé im Quartier",
        protokoll="## Ergebnisse\n\nDas Sprachcafé startet im Januar.",
    )


def test_a_member_replies_and_the_coordinator_sees_it(
    live_server, checker: PageChecker, koordinatorin, treffen
):
    page = checker.page
    base = live_server.url
    main = page.get_by_role("main")

    log_in(page, base, koordinatorin.email)
    page.goto(f"{base}/netzwerke/verwaltung/treffen/{treffen.pk}/")
    expect(main.get_by_text("Noch keine persönlichen Einladungen")).to_be_visible()
    with page.expect_navigation():
        main.get_by_role("button", name="Einladung senden").click()
    expect(page.get_by_text("Die E-Mail wurde an 1 Ansprechpersonen gesendet.")).to_be_visible()

    # The member: the link from the mail, in a browser of their own (no login).
    [einladung_mail] = mail.outbox
    pfad = re.search(r"https?://[^/\s]+(/netzwerke/antwort/[\w-]+/)", einladung_mail.body)[1]
    mitglied_page = page.context.browser.new_page(locale="de-DE", timezone_id="Europe/Berlin")
    mitglied = PageChecker(mitglied_page, checker.screenshot_dir)
    mitglied_page.goto(f"{base}{pfad}")
    expect(mitglied_page.get_by_role("heading", level=1)).to_have_text(treffen.titel)
    expect(mitglied_page.get_by_text("Sie haben noch nicht geantwortet.")).to_be_visible()
    mitglied.check("treffen-antwort")
    assert Einladung.objects.get().antwort == Antwort.OFFEN  # opening changed nothing

    with mitglied_page.expect_navigation():
        mitglied_page.get_by_role("button", name="Ich komme", exact=True).click()
    expect(mitglied_page.get_by_text("Danke! Sie haben zugesagt.")).to_be_visible()
    expect(mitglied_page.locator("#ihre-antwort")).to_contain_text("Zusage")
    mitglied.check("treffen-antwort-zugesagt")

    mitglied_page.goto(f"{base}/netzwerke/antwort/gibt-es-nicht/")
    expect(mitglied_page.get_by_role("heading", level=1)).to_have_text("Dieser Link ist ungültig")
    mitglied.console.clear()  # the 404 is the point here
    mitglied.check("treffen-antwort-ungueltig")
    mitglied_page.close()

    # The coordinator sees the answer and ticks who came.
    page.reload()
    expect(main.locator("#rueckmeldungen-zahlen")).to_contain_text(
        "Eingeladen: 1 · Zusage: 1 · Vielleicht: 0 · Absage: 0 · ohne Antwort: 0"
    )
    zeile = main.locator("#rueckmeldungen-tabelle tbody tr", has_text="Clara Kontakt")
    expect(zeile).to_contain_text("Zusage")
    checker.check("treffen-rueckmeldungen")
    zeile.get_by_label("anwesend").check()
    with page.expect_navigation():
        main.get_by_role("button", name="Anwesenheit speichern").click()
    expect(page.get_by_text("Anwesenheit wurde gespeichert: 1 Person anwesend.")).to_be_visible()
    expect(main.get_by_text("Caritasverband Saar-Hochwald").first).to_be_visible()
    assert list(treffen.anwesende.values_list("name", flat=True)) == [
        "Caritasverband Saar-Hochwald"
    ]
    checker.check("treffen-anwesenheit")
    checker.assert_clean()
    mitglied.assert_clean()


def test_a_tasks_life(live_server, checker: PageChecker, koordinatorin, treffen):
    page = checker.page
    base = live_server.url
    main = page.get_by_role("main")
    gestern = timezone.localdate() - timedelta(days=1)

    log_in(page, base, koordinatorin.email)
    page.goto(f"{base}/netzwerke/verwaltung/treffen/{treffen.pk}/")
    main.get_by_role("link", name="Aufgabe anlegen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Aufgabe anlegen")
    checker.check("aufgabe-neu")
    with page.expect_navigation():
        main.get_by_role("button", name="Speichern").click()
    expect(page.get_by_role("alert")).to_be_visible()
    expect(page.locator("#id_titel")).to_have_attribute("aria-invalid", "true")
    checker.check("aufgabe-neu-fehler")

    page.fill("#id_titel", "Raum für das Sprachcafé anfragen")
    page.select_option("#id_person", label="Clara Kontakt (Caritasverband Saar-Hochwald)")
    page.fill("#id_faellig_am", gestern.isoformat())
    with page.expect_navigation():
        main.get_by_role("button", name="Speichern").click()
    expect(page.get_by_text("Die Aufgabe wurde angelegt.")).to_be_visible()
    zeile = main.locator("#aufgaben-tabelle tbody tr", has_text="Raum für das Sprachcafé")
    expect(zeile).to_contain_text("Überfällig")
    expect(zeile).to_contain_text("Clara Kontakt (Caritasverband Saar-Hochwald)")
    checker.check("treffen-aufgaben")

    # The minutes go out with the task.
    main.get_by_role("link", name="Protokoll freigeben und versenden").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Protokoll freigeben und versenden")
    expect(main.get_by_text("Raum für das Sprachcafé anfragen")).to_be_visible()
    checker.check("protokoll-versenden")
    with page.expect_navigation():
        main.get_by_role("button", name="Protokoll freigeben und versenden").click()
    expect(page.get_by_text("Das Protokoll ist freigegeben")).to_be_visible()
    expect(main.locator("#protokoll-versand")).to_contain_text("Freigegeben und versendet am")
    [protokoll] = [m for m in mail.outbox if m.subject.startswith("Protokoll: ")]
    assert "Raum für das Sprachcafé anfragen" in protokoll.body

    # The Cockpit flags it in words, its link leads to the list of the person's networks.
    page.goto(f"{base}/cockpit/")
    karte = main.locator("#cockpit-aufgaben")
    expect(karte).to_contain_text("1 offene Aufgabe, davon 1 überfällig")
    expect(karte).to_contain_text("Überfällig: Raum für das Sprachcafé anfragen")
    checker.check("cockpit-aufgaben")
    karte.get_by_role("link", name="Aufgaben Ihrer Netzwerke").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Aufgaben der Netzwerke")
    expect(main.get_by_text("1 Aufgabe gefunden")).to_be_visible()
    checker.check("aufgaben-liste")

    with page.expect_navigation():
        main.get_by_role("button", name=re.compile(r"^Erledigt\W+Raum für das Sprachcafé")).click()
    expect(page.get_by_text("ist erledigt")).to_be_visible()
    expect(main.get_by_text("0 Aufgaben gefunden")).to_be_visible()
    aufgabe = Aufgabe.objects.get()
    assert aufgabe.status == AufgabeStatus.ERLEDIGT
    assert aufgabe.erledigt_von == koordinatorin
    page.goto(f"{base}/cockpit/")
    expect(main.locator("#cockpit-aufgaben")).to_contain_text("0 offene Aufgaben")
    page.goto(f"{base}/netzwerke/verwaltung/treffen/{treffen.pk}/")
    expect(main.locator("#aufgaben-tabelle")).to_contain_text("Erledigt")
    checker.check("treffen-aufgabe-erledigt")

    # Editing the minutes after sending: the form says so, the page offers the update.
    main.get_by_role("link", name="Bearbeiten", exact=True).click()
    expect(page.locator("#protokoll-versendet")).to_be_visible()
    checker.check("treffen-bearbeiten-protokoll-versendet")
    page.fill("#id_protokoll", "Das Sprachcafé startet im Februar.")
    with page.expect_navigation():
        main.get_by_role("button", name="Speichern").click()
    expect(main.locator("#protokoll-geaendert")).to_contain_text(
        "Das Protokoll wurde nach dem Versand geändert."
    )
    checker.check("treffen-protokoll-geaendert")
    checker.assert_clean()
