"""The access log: which staff member opened or changed a record with personal data, and when.

Decision (issue 18): every app writes it with ``log_access`` into django-auditlog, as a
``LogEntry`` with ``action=ACCESS`` and the kind of access in ``additional_data``
(``{"zugriff": "ansehen"}``); the separate table ``sorgekreise.Zugriff`` is gone (sorgekreise 0004
moved its rows here). One store needs no second table and no second admin, and an entry has no
foreign key to its record, so the log of an anonymised, withdrawn or deleted record stays;
``redact_audit_trail`` blanks the entry's object name and keeps who, when and what kind of
access, which names no citizen.
"""

from auditlog.cid import get_cid
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Case, ExpressionWrapper, F, Value, When
from django.db.models.fields.json import KT
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.encoding import smart_str
from django.utils.translation import gettext_lazy as _

# The key in ``LogEntry.additional_data`` that holds the kind of access.
KEY = "zugriff"


class ZugriffAktion(models.TextChoices):
    ANSEHEN = "ansehen", _("angesehen")
    ANLEGEN = "anlegen", _("angelegt")
    AENDERN = "aendern", _("geändert")
    VERMITTELN = "vermitteln", _("Vermittlung bearbeitet")
    LOESCHEN = "loeschen", _("Daten gelöscht")


def _entry(obj, user, aktion: str, zeitpunkt) -> LogEntry:
    return LogEntry(
        content_type=ContentType.objects.get_for_model(obj),
        object_pk=smart_str(obj.pk),
        object_id=obj.pk if isinstance(obj.pk, int) else None,
        object_repr=smart_str(obj),
        action=LogEntry.Action.ACCESS,
        changes={},
        actor=user,
        actor_email=getattr(user, "email", None),
        timestamp=zeitpunkt or timezone.now(),
        additional_data={KEY: str(aktion)},
        cid=get_cid(),
    )


def log_access(obj, user, aktion: str = ZugriffAktion.ANSEHEN, *, zeitpunkt=None) -> LogEntry:
    """Record that ``user`` (``None``: the system) looked at or changed ``obj``."""
    entry = _entry(obj, user, aktion, zeitpunkt)
    entry.save()
    return entry


def log_access_many(objs, user, aktion: str, *, zeitpunkt=None) -> list[LogEntry]:
    """The same access to many records at once (a retention run), in one insert."""
    return LogEntry.objects.bulk_create(_entry(obj, user, aktion, zeitpunkt) for obj in objs)


def access_log(obj):
    """The access entries of ``obj``, newest first, with the old ``Zugriff`` vocabulary as
    annotations: ``zeitpunkt``, ``benutzer`` (the user's id), ``aktion`` and its ``aktion_label``;
    the user itself is ``actor``."""
    return (
        LogEntry.objects.get_for_object(obj)
        .filter(action=LogEntry.Action.ACCESS)
        .select_related("actor")
        .annotate(
            zeitpunkt=F("timestamp"),
            benutzer=ExpressionWrapper(F("actor"), LogEntry._meta.get_field("actor")),
            aktion=Cast(KT(f"additional_data__{KEY}"), models.TextField()),
        )
        .annotate(
            aktion_label=Case(
                *(
                    When(aktion=value, then=Value(str(label)))
                    for value, label in ZugriffAktion.choices
                ),
                default=F("aktion"),
                output_field=models.TextField(),
            )
        )
        .order_by("-timestamp", "-pk")
    )


class AccessLogAdminMixin:
    """For the admin of a model with personal data: showing a record's change page (to change
    or only to view it) is an access like any other and is logged."""

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and not add:
            log_access(obj, request.user)
        return super().render_change_form(
            request, context, add=add, change=change, form_url=form_url, obj=obj
        )
