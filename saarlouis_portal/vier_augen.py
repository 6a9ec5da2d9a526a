"""The four-eyes rule (issue 16): a report chapter is published, and a measure's sustainability
check approved, by another person than the one who submitted it.

The rule is on unless the installation switches it off (``PORTAL_VIER_AUGEN``, environment
variable ``FOUR_EYES``; docs/configuration.md). Each app keeps who submitted (``eingereicht_von``)
and asks ``gleiche_person`` in its service before publishing or approving; the service raises its
own domain error with the sentence the person reads.

Every switch of the setting lands in the audit trail. The trail itself holds the last recorded
value: an auditlog ``LogEntry`` whose ``object_pk`` is the setting's name (content type: Django's
``ContentType``, because the entry belongs to no record) with ``additional_data`` ``{"einstellung":
"PORTAL_VIER_AUGEN", "wert": true}``. ``einstellung_protokollieren`` compares the current value
with the newest such entry and writes a new one when they differ (the first one when there is
none). Services call it before their own transaction whenever they are about to apply the rule,
so a change made between two runs is recorded (and committed, even if the change is then
refused) before the first chapter or check is handled under the new value; a process asks the
database again only when the value it saw recorded differs from the current one.
"""

from auditlog.cid import get_cid
from auditlog.models import LogEntry
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

EINSTELLUNG = "PORTAL_VIER_AUGEN"
OBJEKT = "Einstellung PORTAL_VIER_AUGEN (Vier-Augen-Prinzip)"

# The value this process has seen recorded (set after the recording transaction committed).
_bestaetigt: dict[str, bool] = {}


def aktiv() -> bool:
    """Whether the rule holds in this installation (reads the setting, no query)."""
    return bool(getattr(settings, EINSTELLUNG, True))


def _eintraege():
    return LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(ContentType), object_pk=EINSTELLUNG
    )


def zuletzt_protokolliert() -> bool | None:
    """The value of the newest entry in the trail, or None when there is none yet."""
    eintrag = _eintraege().order_by("-timestamp", "-pk").first()
    if eintrag is None or not isinstance(eintrag.additional_data, dict):
        return None
    return bool(eintrag.additional_data.get("wert"))


def einstellung_protokollieren() -> LogEntry | None:
    """Write an entry when the current value differs from the last recorded one; returns it."""
    wert = aktiv()
    if _bestaetigt.get(EINSTELLUNG) is wert:
        return None
    vorher = zuletzt_protokolliert()
    eintrag = None
    if vorher is not wert:
        eintrag = LogEntry.objects.create(
            content_type=ContentType.objects.get_for_model(ContentType),
            object_pk=EINSTELLUNG,
            object_repr=OBJEKT,
            action=LogEntry.Action.CREATE if vorher is None else LogEntry.Action.UPDATE,
            changes={EINSTELLUNG: [str(vorher), str(wert)]},
            changes_text=f"{EINSTELLUNG}: {vorher} -> {wert}",
            actor=None,
            timestamp=timezone.now(),
            additional_data={"einstellung": EINSTELLUNG, "wert": wert},
            cid=get_cid(),
        )

    def merken():
        _bestaetigt[EINSTELLUNG] = wert

    # Inside a service's transaction the entry may still be rolled back (the change refused):
    # only a committed entry counts as seen, so the next call writes it again.
    transaction.on_commit(merken)
    return eintrag


def gleiche_person(eingereicht_von_id: int | None, user) -> bool:
    """True when the rule forbids ``user`` to approve or publish what the account
    ``eingereicht_von_id`` submitted (the system, ``user=None``, is never refused)."""
    if not aktiv() or eingereicht_von_id is None or user is None:
        return False
    return eingereicht_von_id == getattr(user, "pk", None)
