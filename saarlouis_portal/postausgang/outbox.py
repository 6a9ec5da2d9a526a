"""A mail outbox: requests store what a mail needs, a worker builds and sends it.

Sending over SMTP inside a request costs the person time and fails the request when the mail
server is slow or down. With ``EMAIL_QUEUE`` on (the default with SMTP), ``deliver`` stores one
row in the request's transaction, so the mail exists exactly when the booking does, and
``manage.py send_queued_mail`` builds and sends it, retrying with a growing pause on failure.

Mails are stored as a *recipe*: the dotted path of a function marked with ``@builder`` and the
JSON it needs (for a booking mail: the booking's id, the template and the manage token). The
worker builds the mail from that, so rendering HTML, text and ``.ics`` leaves the request too,
and a mail whose recipient deleted their data in the meantime is dropped instead of sent.
Every other mail (password reset, invitations) goes through ``QueuedEmailBackend``, which
stores the finished message as JSON (no pickle) and is sent by the same worker.

Without the queue (development, tests) ``deliver`` builds and sends at once.
"""

import base64
import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import connection, transaction
from django.utils import timezone, translation
from django.utils.module_loading import import_string

from saarlouis_portal.postausgang.models import Nachricht

logger = logging.getLogger(__name__)

QUEUED_BACKEND = "saarlouis_portal.postausgang.backend.QueuedEmailBackend"
MAX_PAUSE = timedelta(hours=1)
MAX_FAILURES_IN_A_ROW = 3


def builder(func):
    """Mark a function the worker may call to build a mail from stored JSON."""
    func.postausgang_builder = True
    return func


def is_queued() -> bool:
    return settings.EMAIL_BACKEND == QUEUED_BACKEND


def deliver(build, data: dict, **now_kwargs) -> None:
    """Send the mail ``build(data)`` returns (None: nothing to send).

    Queued: one INSERT, in the caller's transaction if there is one; the worker builds and
    sends the mail. Otherwise: built with ``now_kwargs`` (objects at hand) and sent at once.
    """
    if not getattr(build, "postausgang_builder", False):
        raise TypeError(f"{build!r} is not marked with @builder")
    if is_queued():
        Nachricht.objects.create(erzeuger=f"{build.__module__}.{build.__qualname__}", daten=data)
        return
    message = build(data, **now_kwargs)
    if message is not None:
        message.send()


def with_transaction(send) -> None:
    """Call ``send`` (which delivers a mail about a change) so that the mail goes out exactly
    when the change is committed: queued, at once, so its row joins the transaction; sent
    directly, only after the commit."""
    if is_queued():
        send()
    else:
        transaction.on_commit(send)


# Finished messages (from QueuedEmailBackend) as JSON


def _encode(content):
    if isinstance(content, bytes):
        return {"b64": base64.b64encode(content).decode("ascii")}
    return {"text": content}


def _decode(value):
    return base64.b64decode(value["b64"]) if "b64" in value else value["text"]


def message_to_data(message) -> dict:
    attachments = []
    for attachment in message.attachments:
        if not isinstance(attachment, tuple):
            raise TypeError("MIMEBase attachments cannot be queued; attach (name, content, type)")
        filename, content, mimetype = attachment
        attachments.append([filename, _encode(content), mimetype])
    return {
        "subject": str(message.subject),
        "body": str(message.body),
        "from_email": message.from_email,
        "to": list(message.to),
        "cc": list(message.cc),
        "bcc": list(message.bcc),
        "reply_to": list(message.reply_to),
        "headers": dict(message.extra_headers),
        "content_subtype": message.content_subtype,
        "alternatives": [
            [str(content), mimetype] for content, mimetype in getattr(message, "alternatives", [])
        ],
        "attachments": attachments,
    }


@builder
def message_from_data(data: dict) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject=data["subject"],
        body=data["body"],
        from_email=data["from_email"],
        to=data["to"],
        cc=data["cc"],
        bcc=data["bcc"],
        reply_to=data["reply_to"],
        headers=data["headers"],
        alternatives=[tuple(alternative) for alternative in data["alternatives"]],
    )
    message.content_subtype = data["content_subtype"]
    for filename, content, mimetype in data["attachments"]:
        message.attach(filename, _decode(content), mimetype)
    return message


# The worker


def _pause(attempts: int) -> timedelta:
    return min(timedelta(minutes=2 ** (attempts - 1)), MAX_PAUSE)


def _build(nachricht: Nachricht):
    build = import_string(nachricht.erzeuger)
    if not getattr(build, "postausgang_builder", False):
        raise TypeError(f"{nachricht.erzeuger} is not marked with @builder")
    with translation.override(settings.LANGUAGE_CODE):
        return build(nachricht.daten)


def due(now: datetime | None = None):
    return Nachricht.objects.filter(faellig_ab__lte=now or timezone.now())


def send_queued(now: datetime | None = None, *, limit: int | None = None) -> dict:
    """Build and send the due mails, each in its own transaction; returns the counts.

    A row is locked while its mail is sent (other workers skip it) and deleted once sent. A
    failure leaves the row for a later run, after a pause that doubles up to an hour.
    """
    now = now or timezone.now()
    counts = {"gesendet": 0, "fehlgeschlagen": 0, "verworfen": 0}
    ids = list(due(now).order_by("faellig_ab", "pk").values_list("pk", flat=True)[:limit])
    if not ids:
        return counts
    skip_locked = connection.features.has_select_for_update_skip_locked
    mail_connection = get_connection(settings.POSTAUSGANG_EMAIL_BACKEND)
    opened, failures_in_a_row = False, 0
    try:
        for pk in ids:
            if failures_in_a_row >= MAX_FAILURES_IN_A_ROW:
                break  # the mail server is probably down: the next run tries again
            with transaction.atomic():
                nachricht = (
                    Nachricht.objects.select_for_update(skip_locked=skip_locked)
                    .filter(pk=pk, faellig_ab__lte=now)
                    .first()
                )
                if nachricht is None:
                    continue  # sent or taken by another worker meanwhile
                try:
                    with transaction.atomic():  # a failing build must not break the outer one
                        message = _build(nachricht)
                        if message is not None:
                            if not opened:  # one connection for the whole run
                                mail_connection.open()
                                opened = True
                            message.connection = mail_connection
                            message.send()
                except Exception as error:
                    failures_in_a_row += 1
                    nachricht.versuche += 1
                    nachricht.faellig_ab = now + _pause(nachricht.versuche)
                    # The type and the start of the message only: enough to diagnose, and the
                    # log line below carries no address or token.
                    nachricht.fehler = f"{type(error).__name__}: {error}"[:300]
                    nachricht.save(update_fields=["versuche", "faellig_ab", "fehler"])
                    counts["fehlgeschlagen"] += 1
                    logger.warning(
                        "Mail %s (%s) not sent, attempt %s: %s",
                        nachricht.pk,
                        nachricht.erzeuger,
                        nachricht.versuche,
                        type(error).__name__,
                    )
                    continue
                failures_in_a_row = 0
                nachricht.delete()
                counts["gesendet" if message is not None else "verworfen"] += 1
    finally:
        if opened:
            mail_connection.close()
    return counts


def purge(now: datetime | None = None, *, dry_run: bool = False) -> int:
    """Mails that could not be sent within the retention period are deleted unsent."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.POSTAUSGANG_AUFBEWAHRUNG_TAGE)
    stale = Nachricht.objects.filter(erstellt_am__lt=cutoff)
    if dry_run:
        return stale.count()
    deleted, _ = stale.delete()
    if deleted:
        logger.warning("%s mails deleted unsent after the retention period", deleted)
    return deleted
