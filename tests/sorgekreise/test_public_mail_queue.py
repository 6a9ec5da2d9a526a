"""The public forms' mails through the outbox (EMAIL_QUEUE): one row per mail with the form's
row, built and sent by ``send_queued_mail``; data deleted in between means no mail."""

from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from saarlouis_portal.postausgang.models import Nachricht
from saarlouis_portal.postausgang.outbox import QUEUED_BACKEND
from sorgekreise.models import Helfende, Hilfeanfrage

from .test_public_hilfe_anbieten import valid as valid_angebot
from .test_public_hilfe_anfragen import valid as valid_anfrage

LOCMEM = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture
def queued(settings):
    settings.EMAIL_BACKEND = QUEUED_BACKEND
    settings.POSTAUSGANG_EMAIL_BACKEND = LOCMEM


def send_queued():
    call_command("send_queued_mail", stdout=StringIO())


def test_a_request_queues_its_mails_and_the_worker_sends_them(
    client, queued, kreis, einkaufen, roden_nord, ortsleitung
):
    client.post(
        reverse("sorgekreise:hilfe_anfragen"),
        valid_anfrage(kreis, einkaufen, roden_nord, email="yilmaz@example.net"),
    )
    assert Nachricht.objects.count() == 2
    # The stored recipe holds ids and the coordinator's address, never the person's data.
    stored = repr(list(Nachricht.objects.values_list("daten", flat=True)))
    assert "yilmaz" not in stored
    assert "Yilmaz" not in stored
    assert not mail.outbox
    send_queued()
    assert sorted(m.to[0] for m in mail.outbox) == [ortsleitung.email, "yilmaz@example.net"]


def test_an_offer_queues_its_mails(client, queued, kreis, einkaufen, ortsleitung):
    client.post(
        reverse("sorgekreise:hilfe_anbieten"), valid_angebot(einkaufen, sorgekreis=kreis.pk)
    )
    assert Nachricht.objects.count() == 2
    send_queued()
    assert sorted(m.to[0] for m in mail.outbox) == [ortsleitung.email, "paul@example.net"]


def test_no_mail_once_the_data_is_gone(client, queued, kreis, einkaufen, roden_nord, ortsleitung):
    client.post(
        reverse("sorgekreise:hilfe_anfragen"),
        valid_anfrage(kreis, einkaufen, roden_nord, email="yilmaz@example.net"),
    )
    client.post(
        reverse("sorgekreise:hilfe_anbieten"), valid_angebot(einkaufen, sorgekreis=kreis.pk)
    )
    Hilfeanfrage.objects.update(email="", telefon="", anonymisiert_am=timezone.now())
    Helfende.objects.update(email="", telefon="", anonymisiert_am=timezone.now())
    send_queued()
    assert not mail.outbox
