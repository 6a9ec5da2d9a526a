"""Minutes approved and sent to the members (issue 17): a confirmation page, text and HTML mail
with the tasks agreed, when and by whom recorded, a later change offered as an update; many
recipients through the task worker like the invitation."""

from datetime import date

import pytest
from django.core import mail
from django.urls import reverse

from netzwerke import services, tasks
from netzwerke.models import Aufgabe, ProtokollVersand
from saarlouis_portal.auftraege.models import Auftrag, Status
from saarlouis_portal.stammdaten.models import Ansprechperson
from tests.auftraege.worker import worker_step

pytestmark = pytest.mark.django_db


def url(treffen) -> str:
    return reverse("netzwerke:protokoll_versenden", args=[treffen.pk])


def detail(client, treffen) -> str:
    return client.get(reverse("netzwerke:treffen_detail", args=[treffen.pk])).content.decode()


@pytest.fixture
def aufgabe(treffen, mitglied, caritas):
    return Aufgabe.objects.create(
        netzwerk=treffen.netzwerk,
        treffen=treffen,
        titel="Raum für das Sprachcafé anfragen",
        organisation=caritas,
        faellig_am=date(2027, 1, 15),
    )


def test_the_meeting_page_offers_to_approve_and_send(client, koordination, treffen, mitglied):
    client.force_login(koordination)
    html = detail(client, treffen)
    assert "Protokoll freigeben und versenden" in html
    assert url(treffen) in html
    treffen.protokoll = ""
    treffen.save()
    assert url(treffen) not in detail(client, treffen)


def test_get_shows_what_is_sent_and_changes_nothing(
    client, koordination, treffen, mitglied, aufgabe
):
    client.force_login(koordination)
    response = client.get(url(treffen))
    html = response.content.decode()
    assert response.status_code == 200
    assert "an 1 Ansprechperson der Mitglieder" in html
    assert "Geheimes internes Protokoll" in html
    assert "Raum für das Sprachcafé anfragen" in html
    assert "Es ist intern" in html
    assert not mail.outbox
    assert not ProtokollVersand.objects.exists()


def test_approving_sends_text_and_html_with_the_tasks_and_records_who(
    client, koordination, treffen, mitglied, aufgabe, caritas
):
    zweite = Ansprechperson.objects.create(
        organisation=caritas, nachname="Zwei", email="zwei@caritas.example"
    )
    mitglied.ansprechpersonen.add(zweite)
    treffen.protokoll = "## Ergebnisse\n\nDas Sprachcafé startet im Januar & läuft."
    treffen.save()
    client.force_login(koordination)
    response = client.post(url(treffen), follow=True)
    assert "an 2 Ansprechpersonen gesendet" in response.content.decode()
    assert sorted(m.to[0] for m in mail.outbox) == ["clara@caritas.example", "zwei@caritas.example"]
    message = mail.outbox[0]
    assert len(message.to) == 1
    assert not message.cc
    assert not message.bcc
    assert message.subject == (
        "Protokoll: Netzwerktreffen Dezember (Netzwerk Sprachförderung), 10.12.2026"
    )
    assert "Das Sprachcafé startet im Januar & läuft." in message.body
    assert "Raum für das Sprachcafé anfragen – Caritasverband Saar-Hochwald, bis 15.01.2027" in (
        message.body
    )
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert "<h2>Ergebnisse</h2>" in html
    assert "<td>Raum für das Sprachcafé anfragen</td>" in html
    versand = ProtokollVersand.objects.get()
    assert versand.versendet_von == koordination
    assert versand.empfaenger == 2
    page = detail(client, treffen)
    assert "Freigegeben und versendet am" in page
    assert "koordination@example.org an 2 Ansprechpersonen" in page
    assert "Protokoll freigeben und versenden" not in page


def test_a_change_after_sending_offers_the_update(client, koordination, treffen, mitglied):
    client.force_login(koordination)
    client.post(url(treffen))
    assert 'id="protokoll-geaendert"' not in detail(client, treffen)
    edit = client.get(reverse("netzwerke:treffen_update", args=[treffen.pk])).content.decode()
    assert 'id="protokoll-versendet"' in edit
    assert "freigegeben und an die Mitglieder versendet" in edit
    client.post(
        reverse("netzwerke:treffen_update", args=[treffen.pk]),
        {
            "titel": treffen.titel,
            "beginn": "2026-12-10T18:00",
            "ende": "2026-12-10T20:00",
            "protokoll": "Berichtigt: Das Sprachcafé startet im Februar.",
        },
    )
    page = detail(client, treffen)
    assert 'id="protokoll-geaendert"' in page
    assert "Aktualisiertes Protokoll versenden" in page
    mail.outbox.clear()
    client.post(url(treffen))
    assert mail.outbox[0].subject.startswith("Aktualisiertes Protokoll: ")
    assert "sie ersetzt die frühere" in mail.outbox[0].body
    assert "Berichtigt" in mail.outbox[0].body
    assert ProtokollVersand.objects.count() == 2
    assert 'id="protokoll-geaendert"' not in detail(client, treffen)


def test_empty_minutes_are_not_sent(client, koordination, treffen, mitglied):
    treffen.protokoll = "   "
    treffen.save()
    client.force_login(koordination)
    assert "Das Protokoll ist noch leer" in client.get(url(treffen)).content.decode()
    response = client.post(url(treffen), follow=True)
    assert "Das Protokoll ist noch leer" in response.content.decode()
    assert not mail.outbox
    assert not ProtokollVersand.objects.exists()


def test_without_recipients_it_says_so(client, koordination, treffen):
    client.force_login(koordination)
    response = client.post(url(treffen), follow=True)
    assert "Keine Ansprechperson" in response.content.decode()
    assert not ProtokollVersand.objects.exists()


def test_only_who_may_change_the_network_sends(
    client, beratung, planer, koordination, treffen, mitglied, fremdes_netzwerk
):
    assert client.get(url(treffen)).status_code == 302
    client.force_login(beratung)
    assert client.get(url(treffen)).status_code == 403
    assert client.post(url(treffen)).status_code == 403
    assert "Protokoll freigeben und versenden" not in detail(client, treffen)
    client.force_login(koordination)
    assert client.put(url(treffen)).status_code == 405
    treffen.netzwerk = fremdes_netzwerk
    treffen.save()
    assert client.post(url(treffen)).status_code == 404
    assert not mail.outbox
    treffen.netzwerk = mitglied.netzwerk
    treffen.save()
    client.force_login(planer)  # Sozialplanung may change every network
    assert client.post(url(treffen)).status_code == 302
    assert ProtokollVersand.objects.get().versendet_von == planer


def test_many_recipients_are_mailed_by_the_worker(
    client, koordination, treffen, mitglied, caritas, django_capture_on_commit_callbacks
):
    personen = Ansprechperson.objects.bulk_create(
        Ansprechperson(organisation=caritas, nachname=f"P{i}", email=f"p{i}@example.org")
        for i in range(30)
    )
    mitglied.ansprechpersonen.add(*personen)
    assert len(services.empfaenger(treffen)) > tasks.SOFORT_HOECHSTENS_EMPFAENGER
    client.force_login(koordination)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url(treffen))
    auftrag = Auftrag.objects.get()
    assert response["Location"] == auftrag.get_absolute_url()
    assert not mail.outbox
    worker_step()
    auftrag.refresh_from_db()
    assert auftrag.status == Status.FERTIG
    assert len(mail.outbox) == 31
    seite = client.get(auftrag.get_absolute_url()).content.decode()
    assert "an 31 Ansprechpersonen gesendet" in seite
    assert ProtokollVersand.objects.get().versendet_von == koordination


def test_the_worker_checks_the_rights_again(
    client, koordination, treffen, mitglied, caritas, django_capture_on_commit_callbacks
):
    personen = Ansprechperson.objects.bulk_create(
        Ansprechperson(organisation=caritas, nachname=f"P{i}", email=f"p{i}@example.org")
        for i in range(30)
    )
    mitglied.ansprechpersonen.add(*personen)
    client.force_login(koordination)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url(treffen))
    treffen.netzwerk.koordination.remove(koordination)
    worker_step()
    assert Auftrag.objects.get().status == Status.FEHLGESCHLAGEN
    assert not mail.outbox
    assert not ProtokollVersand.objects.exists()
