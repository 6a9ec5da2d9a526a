"""The hand-off services of the places: proposing a place, requesting the next stage, deciding,
the e-mail to the person who asked, the stage history with its reason and the audit trail."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from auditlog.models import LogEntry
from django.db import IntegrityError, transaction

from begegnung import services, services_antraege
from begegnung.models import (
    Antrag,
    AntragArt,
    AntragStatus,
    Oeffnungszeit,
    Ort,
    OrtArt,
    Stufe,
    StufeErreicht,
)
from begegnung.services_antraege import (
    AntragEntschieden,
    AntragSchonOffen,
    EigenerAntrag,
    GrundFehlt,
    KeineNaechsteStufe,
    KriterienNichtErfuellt,
    NichtAufgenommen,
)
from saarlouis_portal.konten.roles import Rolle
from tests.conftest import make_user

pytestmark = pytest.mark.django_db

BERLIN = ZoneInfo("Europe/Berlin")


@pytest.fixture
def zweite_planerin(db):
    return make_user("planerin2@example.org", Rolle.SOZIALPLANUNG, first_name="Petra")


def _vorschlag(user, gebiet, **extra):
    ort = Ort(name="Pfarrzentrum St. Ludwig", art=OrtArt.PFARRZENTRUM, gebiet=gebiet, **extra)
    return services_antraege.propose_ort(ort, {}, user, "Offener Treff jeden Mittwoch.")


def test_a_proposed_place_is_a_hidden_satellite_led_by_its_proposer(ortsleitung, roden_sozialraum):
    antrag = _vorschlag(ortsleitung, roden_sozialraum, stufe=Stufe.ANLAUFSTELLE, oeffentlich=True)
    ort = antrag.ort
    assert (ort.stufe, ort.oeffentlich) == (Stufe.SATELLIT, False)
    assert list(ort.leitung.all()) == [ortsleitung]
    assert [s.stufe for s in ort.stufen.all()] == [Stufe.SATELLIT]
    assert (antrag.art, antrag.status, antrag.gestellt_von) == (
        AntragArt.AUFNAHME,
        AntragStatus.OFFEN,
        ortsleitung,
    )
    assert not Ort.objects.public().filter(pk=ort.pk).exists()


def test_accepting_a_proposal_publishes_the_place(
    ortsleitung, planer, roden_sozialraum, mailoutbox, django_capture_on_commit_callbacks
):
    antrag = _vorschlag(ortsleitung, roden_sozialraum)
    with django_capture_on_commit_callbacks(execute=True):
        services_antraege.decide(antrag, planer, annehmen=True)
    antrag.refresh_from_db()
    assert antrag.status == AntragStatus.ANGENOMMEN
    assert antrag.entschieden_von == planer
    assert Ort.objects.public().filter(pk=antrag.ort_id).exists()
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == [ortsleitung.email]
    assert mail.subject == "Ihr Vorschlag „Pfarrzentrum St. Ludwig“ wurde angenommen"
    assert f"/orte/verwaltung/{antrag.ort_id}/" in mail.body


def test_declining_a_proposal_needs_a_reason_and_keeps_the_place_hidden(
    ortsleitung, planer, roden_sozialraum, mailoutbox, django_capture_on_commit_callbacks
):
    antrag = _vorschlag(ortsleitung, roden_sozialraum)
    with pytest.raises(GrundFehlt):
        services_antraege.decide(antrag, planer, annehmen=False, grund="   ")
    antrag.refresh_from_db()
    assert antrag.ist_offen
    with django_capture_on_commit_callbacks(execute=True):
        services_antraege.decide(
            antrag, planer, annehmen=False, grund="Liegt außerhalb der Sozialräume & Co."
        )
    antrag.refresh_from_db()
    assert (antrag.status, antrag.entscheidungsgrund) == (
        AntragStatus.ABGELEHNT,
        "Liegt außerhalb der Sozialräume & Co.",
    )
    assert not Ort.objects.get(pk=antrag.ort_id).oeffentlich
    [mail] = mailoutbox
    assert "abgelehnt" in mail.subject
    # Plain text: the reason as typed, not HTML-escaped.
    assert "Liegt außerhalb der Sozialräume & Co." in mail.body


def test_the_lead_requests_the_next_stage_once_the_checklist_is_met(bereiter_satellit, ortsleitung):
    antrag = services_antraege.request_stufe(bereiter_satellit, ortsleitung, "Alles erfüllt.")
    assert (antrag.art, antrag.stufe, antrag.status) == (
        AntragArt.STUFE,
        Stufe.ORT_DER_BEGEGNUNG,
        AntragStatus.OFFEN,
    )
    bereiter_satellit.refresh_from_db()
    assert bereiter_satellit.stufe == Stufe.SATELLIT


def test_one_open_request_per_place(bereiter_satellit, ortsleitung):
    services_antraege.request_stufe(bereiter_satellit, ortsleitung, "Erster Antrag.")
    with pytest.raises(AntragSchonOffen):
        services_antraege.request_stufe(bereiter_satellit, ortsleitung, "Zweiter Antrag.")
    assert Antrag.objects.count() == 1
    # The database refuses a second open request too, whoever writes it.
    with pytest.raises(IntegrityError), transaction.atomic():
        Antrag.objects.create(
            ort=bereiter_satellit, art=AntragArt.STUFE, stufe=Stufe.ORT_DER_BEGEGNUNG
        )


def test_a_request_needs_the_checklist_met(bereiter_satellit, ortsleitung):
    Oeffnungszeit.objects.filter(ort=bereiter_satellit, wochentag=2).delete()
    with pytest.raises(KriterienNichtErfuellt) as error:
        services_antraege.request_stufe(bereiter_satellit, ortsleitung, "Bitte.")
    assert "Mindestzahl der Öffnungstage je Woche für „Ort der Begegnung“ (ist 1" in str(
        error.value
    )
    assert not Antrag.objects.exists()


def test_no_request_above_the_top_stage(bereiter_satellit, ortsleitung):
    services.set_stufe(bereiter_satellit, Stufe.ANLAUFSTELLE)
    with pytest.raises(KeineNaechsteStufe):
        services_antraege.request_stufe(bereiter_satellit, ortsleitung, "Noch höher.")


def test_a_declined_proposal_cannot_grow(ortsleitung, planer, roden_sozialraum):
    antrag = _vorschlag(ortsleitung, roden_sozialraum)
    services_antraege.decide(antrag, planer, annehmen=False, grund="Nein.")
    with pytest.raises(NichtAufgenommen):
        services_antraege.request_stufe(antrag.ort, ortsleitung, "Trotzdem.")


def test_accepting_a_stage_sets_it_through_the_history(
    bereiter_satellit, ortsleitung, planer, mailoutbox, django_capture_on_commit_callbacks
):
    antrag = services_antraege.request_stufe(bereiter_satellit, ortsleitung, "Alles erfüllt.")
    with (
        time_machine.travel(datetime(2026, 5, 4, 9, 0, tzinfo=BERLIN), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        services_antraege.decide(antrag, planer, annehmen=True)
    bereiter_satellit.refresh_from_db()
    assert bereiter_satellit.stufe == Stufe.ORT_DER_BEGEGNUNG
    eintrag = bereiter_satellit.stufen.get(stufe=Stufe.ORT_DER_BEGEGNUNG)
    assert (eintrag.erreicht_am.isoformat(), eintrag.antrag, eintrag.begruendung) == (
        "2026-05-04",
        antrag,
        "",
    )
    [mail] = mailoutbox
    assert mail.subject == "Ihr Stufenantrag für „Kita Roden“ wurde angenommen"
    assert "ist jetzt Ort der Begegnung" in mail.body


def test_accepting_a_stage_whose_criteria_fell_away_needs_a_reason(
    bereiter_satellit, ortsleitung, planer
):
    antrag = services_antraege.request_stufe(bereiter_satellit, ortsleitung, "Alles erfüllt.")
    bereiter_satellit.angebote.all().delete()
    with pytest.raises(GrundFehlt) as error:
        services_antraege.decide(antrag, planer, annehmen=True)
    assert "Mindestzahl laufender Angebote" in str(error.value)
    assert error.value.field == "grund"
    bereiter_satellit.refresh_from_db()
    assert bereiter_satellit.stufe == Stufe.SATELLIT
    services_antraege.decide(antrag, planer, annehmen=True, grund="Angebot startet im Mai.")
    eintrag = StufeErreicht.objects.get(ort=bereiter_satellit, stufe=Stufe.ORT_DER_BEGEGNUNG)
    assert eintrag.begruendung == "Angebot startet im Mai."


def test_a_stage_set_meanwhile_is_not_set_again(bereiter_satellit, ortsleitung, planer):
    antrag = services_antraege.request_stufe(bereiter_satellit, ortsleitung, "Bitte.")
    services.set_stufe(bereiter_satellit, Stufe.ANLAUFSTELLE, begruendung="Direkt gesetzt.")
    services_antraege.decide(antrag, planer, annehmen=True)
    bereiter_satellit.refresh_from_db()
    assert bereiter_satellit.stufe == Stufe.ANLAUFSTELLE
    assert Antrag.objects.get().status == AntragStatus.ANGENOMMEN


def test_a_decision_is_made_once(bereiter_satellit, ortsleitung, planer, zweite_planerin):
    antrag = services_antraege.request_stufe(bereiter_satellit, ortsleitung, "Bitte.")
    services_antraege.decide(antrag, planer, annehmen=False, grund="Noch nicht.")
    with pytest.raises(AntragEntschieden):
        services_antraege.decide(antrag, zweite_planerin, annehmen=True)
    antrag.refresh_from_db()
    assert (antrag.status, antrag.entschieden_von) == (AntragStatus.ABGELEHNT, planer)


def test_nobody_decides_their_own_request(bereiter_satellit, planer, zweite_planerin, settings):
    planer.groups.add(*ortsleitung_gruppe())
    bereiter_satellit.leitung.add(planer)
    planer = type(planer).objects.get(pk=planer.pk)
    antrag = services_antraege.request_stufe(bereiter_satellit, planer, "Selbst beantragt.")
    with pytest.raises(EigenerAntrag):
        services_antraege.decide(antrag, planer, annehmen=True)
    assert Antrag.objects.get().ist_offen
    services_antraege.decide(antrag, zweite_planerin, annehmen=True)
    assert Antrag.objects.get().status == AntragStatus.ANGENOMMEN


def test_small_offices_may_switch_the_four_eyes_rule_off(bereiter_satellit, planer, settings):
    settings.PORTAL_VIER_AUGEN = False
    planer.groups.add(*ortsleitung_gruppe())
    bereiter_satellit.leitung.add(planer)
    planer = type(planer).objects.get(pk=planer.pk)
    antrag = services_antraege.request_stufe(bereiter_satellit, planer, "Selbst beantragt.")
    services_antraege.decide(antrag, planer, annehmen=True)
    assert Antrag.objects.get().status == AntragStatus.ANGENOMMEN


def ortsleitung_gruppe():
    from django.contrib.auth.models import Group

    return [Group.objects.get(name=Rolle.ORTSLEITUNG.value)]


def test_no_mail_to_a_deactivated_requester(
    bereiter_satellit, ortsleitung, planer, mailoutbox, django_capture_on_commit_callbacks
):
    antrag = services_antraege.request_stufe(bereiter_satellit, ortsleitung, "Bitte.")
    ortsleitung.is_active = False
    ortsleitung.save()
    with django_capture_on_commit_callbacks(execute=True):
        services_antraege.decide(antrag, planer, annehmen=False, grund="Nein.")
    assert mailoutbox == []


def test_the_queued_mail_is_built_from_the_stored_request(
    bereiter_satellit, ortsleitung, planer, settings, mailoutbox
):
    from saarlouis_portal.postausgang import outbox
    from saarlouis_portal.postausgang.models import Nachricht

    settings.EMAIL_BACKEND = outbox.QUEUED_BACKEND
    antrag = services_antraege.request_stufe(bereiter_satellit, ortsleitung, "Bitte.")
    services_antraege.decide(antrag, planer, annehmen=False, grund="Noch zu früh.")
    [nachricht] = Nachricht.objects.all()
    assert nachricht.daten == {"antrag": antrag.pk}
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    outbox.send_queued()
    [mail] = mailoutbox
    assert "Noch zu früh." in mail.body


def test_requests_and_decisions_are_in_the_audit_trail(bereiter_satellit, ortsleitung, planer):
    antrag = services_antraege.request_stufe(bereiter_satellit, ortsleitung, "Bitte.")
    services_antraege.decide(antrag, planer, annehmen=True)
    eintraege = LogEntry.objects.get_for_object(antrag)
    assert {e.action for e in eintraege} == {LogEntry.Action.CREATE, LogEntry.Action.UPDATE}
    update = eintraege.get(action=LogEntry.Action.UPDATE)
    assert update.changes_dict["status"] == ["offen", "angenommen"]
    stufe = StufeErreicht.objects.get(ort=bereiter_satellit, stufe=Stufe.ORT_DER_BEGEGNUNG)
    assert LogEntry.objects.get_for_object(stufe).filter(action=LogEntry.Action.CREATE).exists()


def test_the_checklist_of_a_skipped_stage_counts_too(bereiter_satellit):
    punkte = services.build_checkliste_bis(
        bereiter_satellit, Stufe.ANLAUFSTELLE, von=Stufe.SATELLIT
    )
    stufen = {p.kriterium.stufe for p in punkte}
    assert stufen == {Stufe.ORT_DER_BEGEGNUNG, Stufe.ANLAUFSTELLE}
    assert all(p.erfuellt for p in punkte if p.kriterium.stufe == Stufe.ORT_DER_BEGEGNUNG)
    assert not services.build_checkliste_bis(
        bereiter_satellit, Stufe.SATELLIT, von=Stufe.ORT_DER_BEGEGNUNG
    )
    # A place not saved yet has nothing: every criterion of the stage is open.
    neu = Ort(name="Neu", art=OrtArt.KITA, gebiet=bereiter_satellit.gebiet)
    assert not any(
        p.erfuellt for p in services.build_checkliste_bis(neu, Stufe.ANLAUFSTELLE, von=None)
    )
