"""Issue 17: proposals nobody answers remind the helper after SORGEKREISE_ERINNERUNG_TAGE days
and the coordination SORGEKREISE_ERINNERUNG_KOORDINATION_TAGE days later, each once
(management command match_reminders). Times are Europe/Berlin; the clock is moved explicitly."""

import datetime
import zoneinfo

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command

from sorgekreise import services
from sorgekreise.models import Helfende, Vermittlung, VermittlungStatus
from sorgekreise.services_erinnerung import build_koordination_mail, match_reminders
from tests.sorgekreise.conftest import make_helfende

pytestmark = pytest.mark.django_db

BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")
VORGESCHLAGEN = datetime.datetime(2026, 11, 2, 9, 0, tzinfo=BERLIN)  # a Monday


def am(tag: int, stunde: int = 10) -> datetime.datetime:
    """``tag`` days after the proposal's date, at ``stunde`` o'clock in Berlin."""
    datum = VORGESCHLAGEN.date() + datetime.timedelta(days=tag)
    return datetime.datetime.combine(datum, datetime.time(stunde), tzinfo=BERLIN)


@pytest.fixture
def vorschlag(anfrage, helfende, ortsleitung):
    return Vermittlung.objects.create(
        anfrage=anfrage,
        helfende=helfende,
        vorgeschlagen_von=ortsleitung,
        vorgeschlagen_am=VORGESCHLAGEN,
    )


def lauf(zeit, capture) -> list:
    """One run of the reminders at ``zeit``; every mail sent so far."""
    with time_machine.travel(zeit, tick=False), capture(execute=True):
        match_reminders()
    return list(mail.outbox)


def test_the_helper_is_reminded_after_five_days_once(
    vorschlag, helfende, django_capture_on_commit_callbacks
):
    assert lauf(am(4, 23), django_capture_on_commit_callbacks) == []
    assert lauf(am(5, 8), django_capture_on_commit_callbacks) == []  # 4 days 23 hours
    [nachricht] = lauf(am(5, 10), django_capture_on_commit_callbacks)
    assert nachricht.to == [helfende.email]
    assert nachricht.subject.startswith("Erinnerung: Können Sie helfen?")
    assert "am 02.11.2026 hat die Koordination des Sorgekreises Sorgekreis Roden" in nachricht.body
    # No contact data of the person seeking help before a yes, never the note.
    assert "99999" not in nachricht.body
    assert "Erika" not in nachricht.body
    assert "VERTRAULICH" not in nachricht.body
    vorschlag.refresh_from_db()
    assert vorschlag.erinnert_helfende_am.astimezone(BERLIN) == am(5, 10)
    assert len(lauf(am(6, 10), django_capture_on_commit_callbacks)) == 1  # not again


def test_the_coordination_is_reminded_three_days_later_once(
    vorschlag, ortsleitung, django_capture_on_commit_callbacks
):
    lauf(am(5), django_capture_on_commit_callbacks)
    assert len(lauf(am(7, 23), django_capture_on_commit_callbacks)) == 1
    nachrichten = lauf(am(8, 11), django_capture_on_commit_callbacks)
    [an_koordination] = nachrichten[1:]
    assert an_koordination.to == [ortsleitung.email]
    assert an_koordination.subject == "Ein Vorschlag ohne Antwort"
    assert f"Anfrage {vorschlag.anfrage_id} (Einkaufen, Sorgekreis Roden): Hanna Helfer" in (
        an_koordination.body
    )
    assert f"/sorgekreise/verwaltung/vermittlungen/{vorschlag.pk}/" in an_koordination.body
    assert "Erika" not in an_koordination.body
    assert "99999" not in an_koordination.body
    assert len(lauf(am(20), django_capture_on_commit_callbacks)) == 2  # not again


def test_a_helper_without_an_address_brings_the_coordination_in_at_once(
    kreis, anfrage, ortsleitung, einkaufen, roden_nord, django_capture_on_commit_callbacks
):
    ohne = make_helfende(
        kreis, name="Otto Ohnemail", email="", telefon="06831 1", faehigkeiten=[einkaufen]
    )
    Vermittlung.objects.create(anfrage=anfrage, helfende=ohne, vorgeschlagen_am=VORGESCHLAGEN)
    [nachricht] = lauf(am(5), django_capture_on_commit_callbacks)
    assert nachricht.to == [ortsleitung.email]
    assert "Otto Ohnemail" in nachricht.body


def test_answered_proposals_and_proposals_of_matched_requests_are_left_alone(
    kreis, vorschlag, ortsleitung, einkaufen, django_capture_on_commit_callbacks
):
    zweite = make_helfende(kreis, name="Zora Zweit", faehigkeiten=[einkaufen])
    wartet = Vermittlung.objects.create(
        anfrage=vorschlag.anfrage, helfende=zweite, vorgeschlagen_am=VORGESCHLAGEN
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.accept_vermittlung(vorschlag, ortsleitung)
    mail.outbox.clear()
    # The request is matched now: the other helper's proposal waits for nothing.
    assert lauf(am(30), django_capture_on_commit_callbacks) == []
    wartet.refresh_from_db()
    assert wartet.erinnert_helfende_am is None


def test_the_mail_is_dropped_when_the_answer_came_before_it_was_built(vorschlag, ortsleitung):
    from sorgekreise.services import build_helfende_mail

    data = {"vermittlung": vorschlag.pk, "template": "nachfrage"}
    assert build_helfende_mail(data) is not None
    Vermittlung.objects.filter(pk=vorschlag.pk).update(status=VermittlungStatus.ANGENOMMEN)
    assert build_helfende_mail(data) is None
    assert (
        build_koordination_mail({"an": ortsleitung.email, "vermittlungen": [vorschlag.pk]}) is None
    )


def test_the_reminder_speaks_the_helpers_language(
    vorschlag, helfende, django_capture_on_commit_callbacks
):
    Helfende.objects.filter(pk=helfende.pk).update(mailsprache="fr")
    [nachricht] = lauf(am(5), django_capture_on_commit_callbacks)
    assert nachricht.body.startswith("Bonjour Hanna Helfer,")
    assert "Guten Tag" not in nachricht.body


def test_dry_run_counts_and_sends_nothing(vorschlag, capsys):
    with time_machine.travel(am(5), tick=False):
        call_command("match_reminders", "--dry-run")
    assert "Probelauf: 1 Erinnerungen an Helfende, 0 Vorschläge" in capsys.readouterr().out
    assert mail.outbox == []
    vorschlag.refresh_from_db()
    assert vorschlag.erinnert_helfende_am is None


def test_the_command_reports_what_it_sent(vorschlag, capsys, django_capture_on_commit_callbacks):
    with time_machine.travel(am(9), tick=False), django_capture_on_commit_callbacks(execute=True):
        call_command("match_reminders")
    # Late cron: the helper first; the coordination only three days after the helper's mail.
    assert "1 Erinnerungen an Helfende, 0 Vorschläge an die Koordination" in (
        capsys.readouterr().out
    )
    assert len(mail.outbox) == 1


def test_zero_days_switch_the_reminders_off(
    vorschlag, settings, django_capture_on_commit_callbacks
):
    settings.SORGEKREISE_ERINNERUNG_TAGE = 0
    assert lauf(am(60), django_capture_on_commit_callbacks) == []


def test_the_periods_come_from_the_settings(
    vorschlag, settings, django_capture_on_commit_callbacks
):
    settings.SORGEKREISE_ERINNERUNG_TAGE = 2
    settings.SORGEKREISE_ERINNERUNG_KOORDINATION_TAGE = 1
    assert len(lauf(am(2, 10), django_capture_on_commit_callbacks)) == 1
    assert len(lauf(am(3, 10), django_capture_on_commit_callbacks)) == 2
