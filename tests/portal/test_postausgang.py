"""The outbox: every mail of the portal, queued when EMAIL_QUEUE is on (production with SMTP)."""

import json
from io import StringIO

import pytest
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.core.management import call_command

from saarlouis_portal.postausgang import outbox
from saarlouis_portal.postausgang.models import Nachricht
from tests.helpers import PRODUCTION_ENV, run_python

LOCMEM = "django.core.mail.backends.locmem.EmailBackend"
PRINT_MAIL_SETTINGS = (
    "import json, django; django.setup(); from django.conf import settings as s; "
    "print(json.dumps([s.EMAIL_BACKEND, s.POSTAUSGANG_EMAIL_BACKEND]))"
)


@pytest.fixture
def queued(settings):
    settings.EMAIL_BACKEND = outbox.QUEUED_BACKEND
    settings.POSTAUSGANG_EMAIL_BACKEND = LOCMEM


def test_any_mail_is_stored_as_json_and_sent_unchanged_by_the_worker(queued, db):
    message = EmailMultiAlternatives(
        "Passwort zurücksetzen",
        "Text",
        "portal@example.org",
        ["a@example.org"],
        reply_to=["hilfe@example.org"],
        headers={"X-Portal": "1"},
    )
    message.attach_alternative("<p>Text</p>", "text/html")
    message.attach("liste.pdf", b"%PDF-\x00\xff", "application/pdf")
    message.attach("notiz.txt", "Grüße", "text/plain")
    assert message.send() == 1
    assert mail.outbox == []
    json.dumps(Nachricht.objects.get().daten)  # plain JSON, no pickle
    call_command("send_queued_mail", stdout=StringIO())
    [sent] = mail.outbox
    assert (sent.subject, sent.body, sent.to) == (
        "Passwort zurücksetzen",
        "Text",
        ["a@example.org"],
    )
    assert sent.reply_to == ["hilfe@example.org"]
    assert sent.extra_headers["X-Portal"] == "1"
    assert sent.alternatives == [("<p>Text</p>", "text/html")]
    assert sent.attachments == [
        ("liste.pdf", b"%PDF-\x00\xff", "application/pdf"),
        ("notiz.txt", "Grüße", "text/plain"),
    ]
    assert not Nachricht.objects.exists()


def test_without_the_queue_mails_leave_at_once(db):
    mail.send_mail("Betreff", "Text", None, ["a@example.org"])
    assert len(mail.outbox) == 1
    assert not Nachricht.objects.exists()


def test_only_marked_builders_are_accepted(queued, db):
    with pytest.raises(TypeError, match="builder"):
        outbox.deliver(print, {})
    Nachricht.objects.create(erzeuger="os.system", daten={})
    assert outbox.send_queued()["fehlgeschlagen"] == 1
    assert Nachricht.objects.get().fehler.startswith("TypeError")


def test_production_with_smtp_queues_by_default():
    result = run_python(PRINT_MAIL_SETTINGS, **PRODUCTION_ENV)
    assert json.loads(result.stdout) == [
        outbox.QUEUED_BACKEND,
        "django.core.mail.backends.smtp.EmailBackend",
    ]
    result = run_python(PRINT_MAIL_SETTINGS, **PRODUCTION_ENV, EMAIL_QUEUE="false")
    assert json.loads(result.stdout)[0] == "django.core.mail.backends.smtp.EmailBackend"
