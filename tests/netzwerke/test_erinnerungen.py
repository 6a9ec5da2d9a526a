"""``manage.py network_reminders`` (issue 17): invited persons who did not decline are reminded
``MEETING_REMINDER_DAYS`` before the meeting, tasks are reminded to whoever is responsible on
their due date; each once, never for cancelled meetings or closed tasks."""

import io
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.test import TestCase, override_settings
from django.urls import reverse

from netzwerke import services
from netzwerke.models import Antwort, Aufgabe, AufgabeStatus, Einladung, Mitgliedschaft
from saarlouis_portal.postausgang.models import Nachricht
from saarlouis_portal.stammdaten.models import Ansprechperson, Organisation, OrganisationArt

pytestmark = pytest.mark.django_db

BERLIN = ZoneInfo("Europe/Berlin")
# ``treffen`` begins on 10 December 2026, 18:00; two days before is 8 December, 18:00.
ZU_FRUEH = datetime(2026, 12, 8, 17, 59, tzinfo=BERLIN)
FAELLIG = datetime(2026, 12, 8, 18, 0, tzinfo=BERLIN)


def run(*args) -> str:
    """The command as cron runs it: its mails leave when its transactions commit."""
    ausgabe = io.StringIO()
    with TestCase.captureOnCommitCallbacks(execute=True):
        call_command("network_reminders", *args, stdout=ausgabe)
    return ausgabe.getvalue()


def um(moment):
    return time_machine.travel(moment, tick=False)


@pytest.fixture
def zora(einladung, treffen, mitglied, caritas):
    person = Ansprechperson.objects.create(
        organisation=caritas, vorname="Zora", nachname="Zwei", email="zora@caritas.example"
    )
    mitglied.ansprechpersonen.add(person)
    return Einladung.objects.create(treffen=treffen, person=person, versendet_am=FAELLIG)


def test_invited_persons_are_reminded_two_days_before_once(einladung, treffen):
    with um(ZU_FRUEH):
        assert "Treffen: 0 Erinnerungen" in run()
    assert not mail.outbox
    with um(FAELLIG):
        assert "Treffen: 1 Erinnerungen" in run()
        assert "Treffen: 0 Erinnerungen" in run()
    with um(FAELLIG + timedelta(days=1)):
        run()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["clara@caritas.example"]
    assert message.subject == (
        "Erinnerung: Netzwerktreffen Dezember (Netzwerk Sprachförderung), 10.12.2026 18:00"
    )
    link = "http://testserver" + reverse("netzwerke:antwort", args=[einladung.token])
    assert link in message.body
    assert link in message.alternatives[0][0]
    assert message.attachments[0][0] == "treffen.ics"
    einladung.refresh_from_db()
    assert einladung.erinnert_am.astimezone(BERLIN) == FAELLIG


def test_who_declined_is_not_reminded_and_who_answered_sees_the_answer(einladung, zora):
    einladung.antwort = Antwort.ABSAGE
    einladung.save()
    zora.antwort = Antwort.VIELLEICHT
    zora.save()
    with um(FAELLIG):
        run()
    assert [m.to for m in mail.outbox] == [["zora@caritas.example"]]
    assert "Ihre bisherige Antwort: Vielleicht." in mail.outbox[0].body


def test_not_for_cancelled_or_past_meetings_or_uninvited_persons(einladung, zora, treffen):
    zora.versendet_am = None  # created, never sent
    zora.save()
    treffen.abgesagt = True
    treffen.save()
    with um(FAELLIG):
        run()
    treffen.abgesagt = False
    treffen.save()
    with um(treffen.beginn + timedelta(minutes=1)):
        run()
    assert not mail.outbox


def test_a_moved_meeting_reminds_again(client, einladung, treffen, koordination):
    with um(FAELLIG):
        run()
    assert len(mail.outbox) == 1
    with um(FAELLIG):
        client.force_login(koordination)
        response = client.post(
            reverse("netzwerke:treffen_update", args=[treffen.pk]),
            {"titel": treffen.titel, "beginn": "2026-12-17T18:00", "ende": "2026-12-17T20:00"},
        )
        assert response.status_code == 302
    einladung.refresh_from_db()
    assert einladung.erinnert_am is None
    with um(FAELLIG + timedelta(days=1)):
        run()
    assert len(mail.outbox) == 1
    with um(FAELLIG + timedelta(days=7)):
        run()
    assert len(mail.outbox) == 2


@override_settings(NETZWERKE_ERINNERUNG_TAGE=0)
def test_zero_days_switches_meeting_reminders_off(einladung):
    with um(FAELLIG):
        assert "Treffen: 0 Erinnerungen" in run()
    assert not mail.outbox


@override_settings(NETZWERKE_ERINNERUNG_TAGE=7)
def test_the_days_are_a_setting(einladung, treffen):
    with um(treffen.beginn - timedelta(days=7)):
        run()
    assert len(mail.outbox) == 1


def test_dry_run_counts_and_sends_nothing(einladung, zora):
    with um(FAELLIG):
        assert "Probelauf: Treffen: 2 Erinnerungen" in run("--dry-run")
    assert not mail.outbox
    assert not Einladung.objects.filter(erinnert_am__isnull=False).exists()


@override_settings(
    EMAIL_BACKEND="saarlouis_portal.postausgang.backend.QueuedEmailBackend",
    POSTAUSGANG_EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
)
def test_with_the_outbox_a_decline_before_sending_drops_the_reminder(einladung, zora):
    with um(FAELLIG):
        run()
        assert Nachricht.objects.count() == 2
        Einladung.objects.filter(pk=zora.pk).update(antwort=Antwort.ABSAGE)
        call_command("send_queued_mail", stdout=io.StringIO())
    assert [m.to for m in mail.outbox] == [["clara@caritas.example"]]


# --- Tasks ------------------------------------------------------------------------------------


@pytest.fixture
def clara(mitglied):
    return mitglied.ansprechpersonen.get()


def aufgabe(netzwerk, **felder):
    felder.setdefault("titel", "Raum für das Sprachcafé anfragen")
    felder.setdefault("faellig_am", date(2027, 1, 15))
    return Aufgabe.objects.create(netzwerk=netzwerk, **felder)


def am(tag: date):
    return um(datetime(tag.year, tag.month, tag.day, 8, 0, tzinfo=BERLIN))


def test_a_task_is_reminded_on_its_due_date_once(netzwerk, treffen, clara, koordination):
    a = aufgabe(netzwerk, person=clara, treffen=treffen)
    with am(date(2027, 1, 14)):
        assert "Aufgaben: 0 Erinnerungen" in run()
    with am(date(2027, 1, 15)):
        assert "Aufgaben: 1 Erinnerungen" in run()
        run()
    with am(date(2027, 1, 20)):
        run()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["clara@caritas.example"]
    assert message.reply_to == ["koordination@example.org"]
    assert message.subject == (
        "Aufgabe fällig am 15.01.2027: Raum für das Sprachcafé anfragen (Netzwerk Sprachförderung)"
    )
    assert "Vereinbart beim Treffen „Netzwerktreffen Dezember“ am 10.12.2026." in message.body
    assert "Raum für das Sprachcafé anfragen" in message.alternatives[0][0]
    a.refresh_from_db()
    assert a.erinnert_am is not None


def test_a_task_past_due_when_created_is_reminded_at_the_next_run(netzwerk, clara):
    with am(date(2027, 2, 1)):
        aufgabe(netzwerk, person=clara)
        run()
    assert len(mail.outbox) == 1


def test_an_organisations_task_goes_to_its_contacts_in_the_network(netzwerk, mitglied, caritas):
    zweite = Ansprechperson.objects.create(
        organisation=caritas, nachname="Zwei", email="zwei@caritas.example"
    )
    mitglied.ansprechpersonen.add(zweite)
    Ansprechperson.objects.create(organisation=caritas, nachname="Nicht im Netz", email="n@x.de")
    aufgabe(netzwerk, organisation=caritas)
    with am(date(2027, 1, 15)):
        run()
    assert sorted(m.to[0] for m in mail.outbox) == ["clara@caritas.example", "zwei@caritas.example"]
    assert all(len(m.to) == 1 for m in mail.outbox)


def test_no_reminder_without_an_address_or_for_closed_tasks(netzwerk, clara, caritas, mitglied):
    ohne = Organisation.objects.create(name="Verein ohne Mail", art=OrganisationArt.VEREIN)
    m = Mitgliedschaft.objects.create(netzwerk=netzwerk, organisation=ohne)
    m.ansprechpersonen.add(Ansprechperson.objects.create(organisation=ohne, nachname="Tel"))
    person_ohne = Ansprechperson.objects.create(organisation=caritas, nachname="Ohne")
    aufgabe(netzwerk, organisation=ohne)
    aufgabe(netzwerk, person=person_ohne)
    aufgabe(netzwerk, person=clara, status=AufgabeStatus.ERLEDIGT)
    aufgabe(netzwerk, person=clara, status=AufgabeStatus.ENTFAELLT)
    former = aufgabe(netzwerk, organisation=caritas)
    mitglied.bis = date(2026, 12, 31)
    mitglied.save()
    with am(date(2027, 1, 15)):
        assert "Aufgaben: 0 Erinnerungen" in run()
    assert not mail.outbox
    former.refresh_from_db()
    assert former.erinnert_am is None


def test_a_new_due_date_reminds_again(client, netzwerk, clara, koordination):
    a = aufgabe(netzwerk, person=clara)
    with am(date(2027, 1, 15)):
        run()
        client.force_login(koordination)
        response = client.post(
            reverse("netzwerke:aufgabe_update", args=[a.pk]),
            {"titel": a.titel, "person": clara.pk, "faellig_am": "2027-01-29", "status": "offen"},
        )
        assert response.status_code == 302
    a.refresh_from_db()
    assert a.erinnert_am is None
    with am(date(2027, 1, 29)):
        run()
    assert len(mail.outbox) == 2


def test_a_task_done_before_the_mail_is_built_sends_nothing(netzwerk, clara):
    from netzwerke.services_aufgaben import build_erinnerung

    a = aufgabe(netzwerk, person=clara, status=AufgabeStatus.ERLEDIGT)
    assert build_erinnerung({"aufgabe": a.pk, "an": "clara@caritas.example"}) is None
    assert build_erinnerung({"aufgabe": 999999, "an": "clara@caritas.example"}) is None


def test_the_invitation_sent_again_does_not_remind_again(einladung, treffen, koordination):
    with um(FAELLIG):
        run()
        services.send_einladung(treffen, koordination)  # an update
        mail.outbox.clear()
        run()
    assert not mail.outbox
