"""The audit trail (django-auditlog) and data retention.

The trail records who changed what. When personal data is deleted on schedule, its traces in
the trail must go too: ``redact_audit_trail`` keeps the fact that a change happened (when, by
whom, what kind of object) and removes everything that could name the person. The access log
(``saarlouis_portal.konten.zugriff``) lives in the same trail and survives redaction.
"""

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType

REDACTED = "[gelöscht]"


def mask_all(value) -> str:
    """The mask of every masked field (``AUDITLOG_MASK_CALLABLE``): the trail shows that a value
    was set or changed, and nothing of it. auditlog's own mask keeps the second half of the text
    ("*****Yilmaz", "*********ample.net"), which names the person."""
    return "***" if value not in (None, "", "None") else ""


def redact_audit_trail(model, pks) -> int:
    """Blank the recorded values and the object's name for these objects; returns the count."""
    content_type = ContentType.objects.get_for_model(model)
    entries = LogEntry.objects.filter(
        content_type=content_type, object_pk__in=[str(pk) for pk in pks]
    )
    redacted = {"changes": {}, "changes_text": "", "object_repr": REDACTED, "serialized_data": None}
    # An access entry keeps its additional data: only the kind of access (``konten.zugriff``),
    # which names nobody and is what the access log must still say.
    count = entries.filter(action=LogEntry.Action.ACCESS).update(**redacted)
    return count + entries.exclude(action=LogEntry.Action.ACCESS).update(
        **redacted, additional_data=None
    )
