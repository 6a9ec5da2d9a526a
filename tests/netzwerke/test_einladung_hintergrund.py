"""Invitations to many contact persons leave the request (issue 15): the task worker (real
database backend) sends them in batches and the job's page says how many went out."""

import pytest
from django.core import mail
from django.urls import reverse

from netzwerke import services, tasks
from saarlouis_portal.auftraege.models import Auftrag, Status
from saarlouis_portal.stammdaten.models import Ansprechperson
from tests.auftraege.worker import worker_step

pytestmark = pytest.mark.django_db


@pytest.fixture
def viele(mitglied, caritas):
    """30 more contact persons: more than the request sends itself."""
    personen = Ansprechperson.objects.bulk_create(
        Ansprechperson(organisation=caritas, nachname=f"Person {i}", email=f"p{i}@example.org")
        for i in range(30)
    )
    mitglied.ansprechpersonen.add(*personen)
    return personen


def test_a_few_recipients_are_mailed_in_the_request(client, koordination, treffen, mitglied):
    client.force_login(koordination)
    client.post(reverse("netzwerke:treffen_einladen", args=[treffen.pk]))
    assert len(mail.outbox) == 1
    assert not Auftrag.objects.exists()


def test_many_recipients_are_mailed_by_the_worker_with_progress(
    client, koordination, treffen, viele, monkeypatch, django_capture_on_commit_callbacks
):
    assert len(services.empfaenger(treffen)) > tasks.SOFORT_HOECHSTENS_EMPFAENGER
    monkeypatch.setattr(services, "EINLADUNG_STAPEL", 10)
    client.force_login(koordination)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("netzwerke:treffen_einladen", args=[treffen.pk]))
    auftrag = Auftrag.objects.get()
    assert response["Location"] == auftrag.get_absolute_url()
    assert auftrag.titel == "E-Mail zum Treffen „Netzwerktreffen Dezember (10.12.2026)“"
    assert mail.outbox == []

    worker_step()
    auftrag.refresh_from_db()
    assert auftrag.status == Status.FERTIG
    assert (auftrag.erledigt, auftrag.gesamt) == (31, 31)
    assert len(mail.outbox) == 31
    assert all(len(m.to) == 1 for m in mail.outbox)
    html = client.get(auftrag.get_absolute_url()).content.decode()
    assert "Die E-Mail wurde an 31 Ansprechpersonen gesendet." in html
    assert "Zurück zum Treffen" in html
    treffen.refresh_from_db()
    assert treffen.einladung_versendet_am is not None


def test_the_job_checks_the_rights_again(
    client, koordination, treffen, viele, django_capture_on_commit_callbacks
):
    client.force_login(koordination)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("netzwerke:treffen_einladen", args=[treffen.pk]))
    treffen.netzwerk.koordination.remove(koordination)
    worker_step()
    auftrag = Auftrag.objects.get()
    assert auftrag.status == Status.FEHLGESCHLAGEN
    assert auftrag.fehler == "Das Treffen ist nicht mehr verfügbar."
    assert mail.outbox == []
