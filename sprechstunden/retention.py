"""Retention step of the Sprechstunden for ``manage.py purge_personal_data``."""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from saarlouis_portal.konten.audit import redact_audit_trail
from sprechstunden.models import Hausbesuch, HausbesuchStatus
from sprechstunden.services import purge_personal_data as purge_buchungen

ERLEDIGT = [HausbesuchStatus.ABGESCHLOSSEN, HausbesuchStatus.NICHT_ERREICHT]


def purge_hausbesuche(now=None, *, dry_run: bool = False) -> int:
    """Closed outreach visits lose their personal details after the retention period."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.SPRECHSTUNDEN_AUFBEWAHRUNG_TAGE)
    due = Hausbesuch.objects.filter(status__in=ERLEDIGT, abgeschlossen_am__lt=cutoff).exclude(
        name="", telefon="", email="", adresse="", hinweis="", wunschzeiten=""
    )
    ids = list(due.values_list("pk", flat=True))
    if dry_run or not ids:
        return len(ids)
    with transaction.atomic():
        Hausbesuch.objects.filter(pk__in=ids).update(
            name="", telefon="", email="", adresse="", hinweis="", wunschzeiten=""
        )
        redact_audit_trail(Hausbesuch, ids)
    return len(ids)


def purge(now=None, *, dry_run: bool = False) -> list[tuple[str, int]]:
    return [
        ("Sprechstunden-Buchungen", purge_buchungen(now, dry_run=dry_run)),
        ("Hausbesuche", purge_hausbesuche(now, dry_run=dry_run)),
    ]
