"""Retention step for ``manage.py purge_personal_data``: feedback on accessibility is deleted
``BARRIEREFREIHEIT_AUFBEWAHRUNG_TAGE`` days after it came in, with its traces in the audit trail.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from saarlouis_portal.barrierefreiheit.models import Rueckmeldung
from saarlouis_portal.konten.audit import redact_audit_trail


def purge_rueckmeldungen(now: datetime | None = None, *, dry_run: bool = False) -> int:
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.BARRIEREFREIHEIT_AUFBEWAHRUNG_TAGE)
    ids = list(Rueckmeldung.objects.filter(erstellt_am__lt=cutoff).values_list("pk", flat=True))
    if dry_run or not ids:
        return len(ids)
    with transaction.atomic():
        Rueckmeldung.objects.filter(pk__in=ids).delete()
        # The deletion itself is logged (masked); redact it with the earlier entries.
        redact_audit_trail(Rueckmeldung, ids)
    return len(ids)


def purge(now=None, *, dry_run: bool = False) -> list[tuple[str, int]]:
    return [("Rückmeldungen zur Barrierefreiheit", purge_rueckmeldungen(now, dry_run=dry_run))]
