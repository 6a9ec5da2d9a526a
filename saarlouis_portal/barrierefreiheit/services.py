"""Writes of the accessibility feedback: storing it (staff are told by e-mail) and marking it
answered."""

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from saarlouis_portal.barrierefreiheit import notifications
from saarlouis_portal.barrierefreiheit.models import Rueckmeldung
from saarlouis_portal.postausgang import outbox


def submit_rueckmeldung(daten: dict, *, now: datetime | None = None) -> Rueckmeldung:
    """Store feedback from the public form (``seite``, ``nachricht``, ``name``, ``email``)."""
    with transaction.atomic():
        rueckmeldung = Rueckmeldung.objects.create(
            seite=daten.get("seite", ""),
            nachricht=daten["nachricht"],
            name=daten.get("name", ""),
            email=daten.get("email", ""),
            erstellt_am=now or timezone.now(),
        )
        outbox.with_transaction(lambda: notifications.send_rueckmeldung_mail(rueckmeldung))
    return rueckmeldung


def mark_answered(ids, *, now: datetime | None = None) -> int:
    """Mark feedback as answered (those not yet answered); returns how many."""
    return Rueckmeldung.objects.filter(pk__in=list(ids), beantwortet_am__isnull=True).update(
        beantwortet_am=now or timezone.now()
    )
