"""Schedules and their slots: materialising the slots of a Sprechstunde (``generate_slots``),
cancelling a slot, giving it to one counsellor, the bookings a schedule change or a closure
leaves staff to handle, and deleting a Sprechstunde or Anlaufstelle nobody booked."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from auditlog.context import disable_auditlog
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sprechstunden import notifications, public_cache
from sprechstunden.models import (
    BELEGEND,
    OFFEN,
    Buchung,
    BuchungStatus,
    Schliesszeit,
    Sprechstunde,
    Termin,
)
from sprechstunden.services.errors import SprechstundenFehler
from sprechstunden.services.notify import _cancellation_sequence, _notify


@dataclass
class SlotPlan:
    created: int
    removed: int
    betroffen: list  # booked slots that no longer fit the schedule: staff must handle them


def _schedule_starts(sprechstunde: Sprechstunde, first: date, last: date):
    tz = timezone.get_default_timezone()
    step = timedelta(minutes=sprechstunde.slot_minuten + sprechstunde.puffer_minuten)
    length = timedelta(minutes=sprechstunde.slot_minuten)
    day = first
    while day <= last:
        if day.weekday() in sprechstunde.wochentage:
            start = datetime.combine(day, sprechstunde.beginn, tzinfo=tz)
            end_of_day = datetime.combine(day, sprechstunde.ende, tzinfo=tz)
            while start + length <= end_of_day:
                yield start, start + length
                start += step
        day += timedelta(days=1)


SLOT_INSERT_BATCH = 500


def _insert_slots(sprechstunde: Sprechstunde, new: list[tuple[datetime, datetime]]) -> None:
    """Insert the slots; rows that exist meanwhile (a parallel run) are skipped (ON CONFLICT
    DO NOTHING on PostgreSQL, INSERT OR IGNORE on SQLite). In batches: a year of a schedule is
    up to a few thousand rows, and PostgreSQL takes at most 65,535 bound parameters per
    statement."""
    Termin.objects.bulk_create(
        (
            Termin(
                sprechstunde_id=sprechstunde.pk,
                beginn=start,
                ende=end,
                kapazitaet=sprechstunde.kapazitaet,
            )
            for start, end in new
        ),
        batch_size=SLOT_INSERT_BATCH,
        ignore_conflicts=True,
    )


def generate_slots(
    sprechstunde: Sprechstunde, now: datetime | None = None, *, dry_run: bool = False
) -> SlotPlan:
    """Materialise the slots of a schedule for its booking horizon. Idempotent.

    Future slots that no longer fit the schedule are removed when nobody booked them; booked
    ones are kept and reported, never deleted or moved.
    """
    now = now or timezone.now()
    today = timezone.localtime(now, timezone.get_default_timezone()).date()
    first = max(today, sprechstunde.gueltig_ab)
    last = today + timedelta(days=sprechstunde.buchbar_tage)
    if sprechstunde.gueltig_bis:
        last = min(last, sprechstunde.gueltig_bis)
    wanted = dict(_schedule_starts(sprechstunde, first, last))
    # Plain tuples, not model instances: a year of slots is thousands of rows. Read from the
    # first day on (today's past slots too), so that none of them is inserted twice; only
    # future ones may be removed.
    existing = {
        beginn: (pk, ende)
        for pk, beginn, ende in Termin.objects.filter(
            sprechstunde=sprechstunde,
            beginn__gte=min(
                now, datetime.combine(first, time.min, tzinfo=timezone.get_default_timezone())
            ),
        ).values_list("pk", "beginn", "ende")
    }
    stale_ids = [
        pk
        for start, (pk, ende) in existing.items()
        if start >= now and (start not in wanted or ende != wanted[start])
    ]
    booked_ids, betroffen = set(), []
    if stale_ids:  # the usual daily run has none: two queries fewer per schedule
        booked_ids = set(
            Buchung.objects.filter(termin_id__in=stale_ids, status__in=BELEGEND).values_list(
                "termin_id", flat=True
            )
        )
        betroffen = list(Termin.objects.filter(pk__in=booked_ids).order_by("beginn"))
    removable = [pk for pk in stale_ids if pk not in booked_ids]
    new = [(start, end) for start, end in wanted.items() if start not in existing]
    if dry_run:
        return SlotPlan(len(new), len(removable), betroffen)
    with transaction.atomic():
        # Free slots the schedule dropped are generator housekeeping, not decisions: they stay
        # out of the audit trail (which would also cost a query and an entry per slot).
        if removable:
            with disable_auditlog():
                Termin.objects.filter(pk__in=removable).exclude(
                    buchungen__status__in=BELEGEND
                ).delete()
        _insert_slots(sprechstunde, new)
        if new or removable:
            public_cache.changed()  # bulk_create and QuerySet.delete send no save signals
        # Capacity follows the schedule, but never below the seats already taken.
        for termin in Termin.objects.filter(sprechstunde=sprechstunde, beginn__gte=now).exclude(
            kapazitaet=sprechstunde.kapazitaet
        ):
            taken = termin.buchungen.filter(status__in=BELEGEND).count()
            termin.kapazitaet = max(sprechstunde.kapazitaet, taken, 1)
            termin.save(update_fields=["kapazitaet"])
    return SlotPlan(len(new), len(removable), betroffen)


def materialise_past_slots(sprechstunde: Sprechstunde, first: date, last: date) -> int:
    """Insert the schedule's slots of the days ``first`` to ``last`` that do not exist yet, past
    days included (``generate_slots`` only looks ahead). Removes and changes nothing; for demo
    data and for recording consultations of the past. Returns how many slots were missing."""
    first = max(first, sprechstunde.gueltig_ab)
    if sprechstunde.gueltig_bis:
        last = min(last, sprechstunde.gueltig_bis)
    wanted = dict(_schedule_starts(sprechstunde, first, last))
    existing = set(
        Termin.objects.filter(sprechstunde=sprechstunde, beginn__in=list(wanted)).values_list(
            "beginn", flat=True
        )
    )
    new = [(start, end) for start, end in wanted.items() if start not in existing]
    if new:
        _insert_slots(sprechstunde, new)
        public_cache.changed()
    return len(new)


def cancel_termin(termin: Termin, grund: str, *, by, now: datetime | None = None) -> list[Buchung]:
    """Cancel a slot; everybody booked is told (by e-mail where they gave one)."""
    now = now or timezone.now()
    with transaction.atomic():
        termin = Termin.objects.select_for_update().get(pk=termin.pk)
        termin.abgesagt = True
        termin.absagegrund = grund
        termin.save(update_fields=["abgesagt", "absagegrund"])
        affected = list(
            termin.buchungen.select_for_update().filter(status__in=OFFEN).select_related("termin")
        )
        for buchung in affected:
            buchung.status = BuchungStatus.STORNIERT
            buchung.storniert_am = now
            sequence = _cancellation_sequence(buchung)
            buchung.save(update_fields=["status", "storniert_am", "kalender_sequenz"])
            if buchung.email:
                _notify(
                    buchung,
                    lambda b=buchung, s=sequence: notifications.send_slot_cancelled_mail(
                        b, grund, sequence=s
                    ),
                )
    return affected


def assign_beratende(termin: Termin, beratende) -> Termin:
    """Give one slot to one counsellor, or (None) back to all of the Sprechstunde's."""
    termin.beratende = beratende
    termin.save(update_fields=["beratende"])
    return termin


def affected_bookings(sprechstunde: Sprechstunde, now: datetime | None = None) -> list[Buchung]:
    """Open bookings staff must handle: their slot no longer fits the schedule or lies in a
    closure. Read only; nothing is cancelled or moved."""
    now = now or timezone.now()
    misfit = [t.pk for t in generate_slots(sprechstunde, now, dry_run=True).betroffen]
    closed = Schliesszeit.objects.filter(
        Q(sprechstunde=sprechstunde) | Q(anlaufstelle=sprechstunde.anlaufstelle_id),
        ende__gt=now,
    )
    in_closure = Q(pk__in=[])
    for beginn, ende in closed.values_list("beginn", "ende"):
        in_closure |= Q(termin__beginn__lt=ende, termin__ende__gt=beginn)
    return list(
        Buchung.objects.offen()
        .filter(Q(termin_id__in=misfit) | in_closure, termin__sprechstunde=sprechstunde)
        .filter(termin__beginn__gte=now, termin__abgesagt=False)
        .select_related("termin", "thema")
        .order_by("termin__beginn", "platz")
    )


def delete_sprechstunde(sprechstunde: Sprechstunde) -> None:
    """Delete a schedule with its slots, counsellors and closures, unless anybody booked it."""
    with transaction.atomic():
        if Buchung.objects.filter(termin__sprechstunde=sprechstunde).exists():
            raise SprechstundenFehler(
                _(
                    "Diese Sprechstunde hat Buchungen und kann nicht gelöscht werden. Setzen Sie "
                    "stattdessen „Gültig bis“ oder nehmen Sie sie aus der Online-Buchung."
                )
            )
        Termin.objects.filter(sprechstunde=sprechstunde).delete()
        sprechstunde.delete()


def delete_anlaufstelle(anlaufstelle) -> None:
    """Delete a place with its closures, unless it still has Sprechstunden, statistics or
    staffing and cost figures (``Stellenanteil``, ``Standortkosten``) that reports read."""
    with transaction.atomic():
        if anlaufstelle.sprechstunden.exists() or anlaufstelle.kontakte.exists():
            raise SprechstundenFehler(
                _(
                    "Diese Anlaufstelle hat Sprechstunden oder erfasste Beratungen und kann nicht "
                    "gelöscht werden. Setzen Sie sie stattdessen auf „nicht aktiv“."
                )
            )
        if anlaufstelle.stellenanteile.exists() or anlaufstelle.kosten.exists():
            raise SprechstundenFehler(
                _(
                    "Diese Anlaufstelle hat Stellenanteile oder Kosten, die in Berichte eingehen, "
                    "und kann nicht gelöscht werden. Setzen Sie sie stattdessen auf „nicht "
                    "aktiv“, oder löschen Sie zuerst die Einträge unter „Personal und Kosten je "
                    "Jahr“."
                )
            )
        anlaufstelle.delete()
