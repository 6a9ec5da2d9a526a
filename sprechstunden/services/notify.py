"""Mails to the person about a change of their booking, sent when the change commits.

Mails to citizens go through ``_notify``. A mail server that fails a mail sent within the
request (outbox off) does not undo the change: ``Buchung.mail_fehlgeschlagen`` tells the view,
which says so. A change that mails a calendar file counts up ``Buchung.kalender_sequenz`` in
its transaction; the file carries that number as its SEQUENCE. The mails themselves are built
and sent by ``sprechstunden.notifications``."""

import logging

from django.db import DatabaseError, transaction

from saarlouis_portal.errors import DomainError
from saarlouis_portal.postausgang import outbox
from sprechstunden.models import Buchung, new_token

logger = logging.getLogger(__name__)


def _notify(buchung: Buchung, send) -> None:
    """Mail the person about a change of ``buchung`` exactly when the change is committed
    (``outbox.with_transaction``; call it inside the change's transaction). ``send`` returns
    False when the mail server failed a mail sent at once: ``buchung.mail_fehlgeschlagen``."""

    def run():
        if not send():
            buchung.mail_fehlgeschlagen = True

    outbox.with_transaction(run)


def _next_sequence(buchung: Buchung) -> int:
    """Count up the SEQUENCE for the .ics about to go out about ``buchung`` (locked by the
    caller, who saves ``kalender_sequenz`` with the change)."""
    buchung.kalender_sequenz += 1
    return buchung.kalender_sequenz


def _cancellation_sequence(buchung: Buchung) -> int | None:
    """The SEQUENCE of the cancellation .ics, or None when no .ics went out before: then no
    calendar has the appointment, and a cancellation file would only confuse."""
    if buchung.email and buchung.hat_kalenderdatei:
        return _next_sequence(buchung)
    return None


def _rotate_token(buchung: Buchung) -> str:
    """A fresh manage link for a mail sent without the old one at hand (the old one stops)."""
    token, token_hash = new_token()
    Buchung.objects.filter(pk=buchung.pk).update(token_hash=token_hash)
    buchung.token_hash = token_hash
    return token


def _offer_freed_seat(termin_id: int) -> None:
    """A seat of the slot frees up with the caller's change (a cancellation, a move, a lapsed
    reservation): once the change is committed, the first person on the waiting list is offered
    it (``services.warteliste``). Best effort: should that fail (the slot's row busy), the
    periodic ``process_waiting_list`` offers it a few minutes later."""

    def offer():
        from sprechstunden.services.warteliste import offer_freed_seat  # it imports booking

        try:
            offer_freed_seat(termin_id)
        except (DomainError, DatabaseError) as error:
            logger.warning("Seat of slot %s not offered yet: %s", termin_id, type(error).__name__)

    transaction.on_commit(offer)
