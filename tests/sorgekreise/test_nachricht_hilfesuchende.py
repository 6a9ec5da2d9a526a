"""Issue 17: when a helper says yes, the person who asked for help is told through the channel
they gave: an e-mail in their language (the helper's name, never the helper's contact), or, with
a phone number only, a call task for the coordination that records who called and when."""

import datetime
import zoneinfo

import pytest
import time_machine
from django.core import mail

from sorgekreise import services
from sorgekreise.models import (
    AnfrageStatus,
    Benachrichtigung,
    Hilfeanfrage,
    Vermittlung,
    VermittlungStatus,
)
from sorgekreise.notifications import build_hilfe_gefunden
from sorgekreise.retention import purge_requests

pytestmark = pytest.mark.django_db

BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")


def _accept(anfrage, helfende, user, capture):
    with capture(execute=True):
        vermittlung = services.propose_vermittlung(anfrage, helfende, user)
    with capture(execute=True):
        return services.accept_vermittlung(vermittlung, user)


def _an(adresse):
    return [m for m in mail.outbox if m.to == [adresse]]


def test_a_seeker_with_an_address_gets_an_email_naming_the_helper_only(
    anfrage, helfende, ortsleitung, django_capture_on_commit_callbacks
):
    anfrage.email = "erika@example.net"
    anfrage.save()
    vermittlung = _accept(anfrage, helfende, ortsleitung, django_capture_on_commit_callbacks)

    [nachricht] = _an("erika@example.net")
    assert nachricht.subject == "Wir haben Hilfe für Sie gefunden"
    assert "Guten Tag Erika Muster," in nachricht.body
    assert "Hanna Helfer hat zugesagt und meldet sich" in nachricht.body
    assert "Einkaufen" in nachricht.body
    # Nothing of the helper's contact, nothing of the internal note.
    assert helfende.email not in nachricht.body
    assert "12345" not in nachricht.body
    assert "VERTRAULICH" not in nachricht.body
    assert vermittlung.benachrichtigt_per == Benachrichtigung.EMAIL
    assert vermittlung.benachrichtigt_am is not None
    assert not vermittlung.anruf_offen


def test_the_email_speaks_the_language_the_seeker_asked_in(
    anfrage, helfende, ortsleitung, django_capture_on_commit_callbacks
):
    anfrage.email = "oksana@example.net"
    anfrage.name = ""
    anfrage.mailsprache = "uk"
    anfrage.save()
    _accept(anfrage, helfende, ortsleitung, django_capture_on_commit_callbacks)
    [nachricht] = _an("oksana@example.net")
    # "Guten Tag," and the emergency line are long translated; German is not used.
    assert nachricht.body.startswith("Добрий день!")
    assert "Guten Tag" not in nachricht.body
    assert "112" in nachricht.body
    # The helper's mail stays in the helper's language.
    [an_helfende] = [m for m in _an(helfende.email) if "Zusage" in m.subject]
    assert "Guten Tag Hanna Helfer," in an_helfende.body


def test_a_phone_only_seeker_becomes_a_call_task(
    anfrage, helfende, ortsleitung, django_capture_on_commit_callbacks
):
    assert anfrage.email == ""
    vermittlung = _accept(anfrage, helfende, ortsleitung, django_capture_on_commit_callbacks)
    # Only the helper's two mails went out; the person is to be phoned.
    assert {tuple(m.to) for m in mail.outbox} == {(helfende.email,)}
    assert vermittlung.benachrichtigt_per == Benachrichtigung.TELEFON
    assert vermittlung.benachrichtigt_am is None
    assert list(Vermittlung.objects.anruf_offen()) == [vermittlung]


def test_recording_the_call_keeps_who_and_when_in_berlin_time(
    anfrage, helfende, ortsleitung, django_capture_on_commit_callbacks
):
    vermittlung = _accept(anfrage, helfende, ortsleitung, django_capture_on_commit_callbacks)
    with time_machine.travel(datetime.datetime(2026, 12, 3, 9, 30, tzinfo=BERLIN), tick=False):
        services.record_anruf(vermittlung, ortsleitung)
    vermittlung.refresh_from_db()
    assert vermittlung.benachrichtigt_von == ortsleitung
    assert vermittlung.benachrichtigt_am.astimezone(BERLIN) == datetime.datetime(
        2026, 12, 3, 9, 30, tzinfo=BERLIN
    )
    assert not Vermittlung.objects.anruf_offen().exists()
    assert anfrage.zugriffe.filter(aktion="vermitteln").count() == 3  # propose, accept, call


def test_a_call_is_recorded_once(anfrage, helfende, ortsleitung, planer):
    vermittlung = Vermittlung.objects.create(
        anfrage=anfrage,
        helfende=helfende,
        status=VermittlungStatus.ANGENOMMEN,
        benachrichtigt_per=Benachrichtigung.TELEFON,
    )
    services.record_anruf(vermittlung, ortsleitung)
    with pytest.raises(services.SorgekreisFehler, match="kein Anruf offen"):
        services.record_anruf(vermittlung, planer)
    vermittlung.refresh_from_db()
    assert vermittlung.benachrichtigt_von == ortsleitung


def test_a_match_that_fell_through_before_the_call_leaves_no_task(
    anfrage, helfende, ortsleitung, django_capture_on_commit_callbacks
):
    vermittlung = _accept(anfrage, helfende, ortsleitung, django_capture_on_commit_callbacks)
    services.decline_vermittlung(vermittlung, ortsleitung)
    assert not Vermittlung.objects.anruf_offen().exists()
    with pytest.raises(services.SorgekreisFehler):
        services.record_anruf(vermittlung, ortsleitung)


def test_the_queued_mail_is_dropped_when_the_match_ended_or_the_data_is_gone(
    anfrage, helfende, ortsleitung
):
    anfrage.email = "erika@example.net"
    anfrage.save()
    vermittlung = Vermittlung.objects.create(
        anfrage=anfrage, helfende=helfende, status=VermittlungStatus.ANGENOMMEN
    )
    assert build_hilfe_gefunden({"vermittlung": vermittlung.pk}) is not None
    Vermittlung.objects.filter(pk=vermittlung.pk).update(status=VermittlungStatus.ABGELEHNT)
    assert build_hilfe_gefunden({"vermittlung": vermittlung.pk}) is None
    Vermittlung.objects.filter(pk=vermittlung.pk).update(status=VermittlungStatus.ANGENOMMEN)
    Hilfeanfrage.objects.filter(pk=anfrage.pk).update(email="")
    assert build_hilfe_gefunden({"vermittlung": vermittlung.pk}) is None
    assert build_hilfe_gefunden({"vermittlung": vermittlung.pk + 999}) is None


def test_a_request_on_a_turkish_page_stores_its_mail_language(client, kreis, einkaufen, roden_nord):
    daten = {
        "sorgekreis": kreis.pk,
        "art": einkaufen.pk,
        "gebiet": roden_nord.pk,
        "dringlichkeit": "normal",
        "telefon": "06831 4711",
        "einwilligung": "on",
        "webseite": "",
    }
    response = client.post("/tr/sorgekreise/hilfe/", daten)
    assert response.status_code == 302, response.content.decode()[:500]
    assert Hilfeanfrage.objects.get(telefon__endswith="4711").mailsprache == "tr"


def test_staff_choose_the_mail_language_after_a_call(client, ortsleitung, kreis, anfrage):
    client.force_login(ortsleitung)
    daten = {
        "sorgekreis": kreis.pk,
        "art": anfrage.art_id,
        "gebiet": anfrage.gebiet_id,
        "dringlichkeit": "normal",
        "telefon": anfrage.telefon,
        "email": "ahmad@example.net",
        "status": "offen",
    }
    url = f"/sorgekreise/verwaltung/anfragen/{anfrage.pk}/bearbeiten/"
    assert client.post(url, {**daten, "mailsprache": "ar"}).status_code == 302
    anfrage.refresh_from_db()
    assert anfrage.mailsprache == "ar"
    # Sent without the field (an older form): the stored language stays.
    assert client.post(url, daten).status_code == 302
    anfrage.refresh_from_db()
    assert anfrage.mailsprache == "ar"


@pytest.mark.parametrize("sprache", ["xx", "<script>alert(1)</script>", "de" * 10])
def test_a_mail_language_the_portal_does_not_offer_is_refused(
    client, ortsleitung, kreis, anfrage, sprache
):
    client.force_login(ortsleitung)
    response = client.post(
        f"/sorgekreise/verwaltung/anfragen/{anfrage.pk}/bearbeiten/",
        {
            "sorgekreis": kreis.pk,
            "art": anfrage.art_id,
            "gebiet": anfrage.gebiet_id,
            "dringlichkeit": "normal",
            "telefon": anfrage.telefon,
            "status": "offen",
            "mailsprache": sprache,
        },
    )
    assert response.status_code == 200
    assert "mailsprache" in response.context["form"].errors
    anfrage.refresh_from_db()
    assert anfrage.mailsprache == "de"


def test_retention_forgets_the_mail_language(anfrage):
    Hilfeanfrage.objects.filter(pk=anfrage.pk).update(
        mailsprache="ar",
        status=AnfrageStatus.ERLEDIGT,
        abgeschlossen_am=datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC),
    )
    assert purge_requests(datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)) == 1
    anfrage.refresh_from_db()
    assert anfrage.mailsprache == "de"
    assert anfrage.anonymisiert_am is not None
