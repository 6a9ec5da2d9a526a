"""What cron runs through the management commands: reservations that lapse
(``expire_reservations``), reminders for tomorrow (``send_reminders``) and blanking personal
data after the retention period (``purge_personal_data``). Idempotent, each with a dry run."""

from datetime import datetime, time, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from saarlouis_portal.konten.audit import redact_audit_trail
from sprechstunden import notifications, public_cache
from sprechstunden.models import Buchung, BuchungStatus
from sprechstunden.services.notify import (
    _cancellation_sequence,
    _notify,
    _offer_freed_seat,
    _rotate_token,
)


def expire_reservations(now: datetime | None = None, *, dry_run: bool = False) -> int:
    """Reservations not confirmed in time free their seat, and the person is told by e-mail
    (as pretix and the Berlin appointment system do), so nobody turns up for a slot that went
    to someone else. Idempotent.

    A reservation has had no .ics (that comes with the confirmation), so the mail usually
    carries none; should one have gone out, it carries the cancellation."""
    now = now or timezone.now()
    cutoff = now - timedelta(minutes=settings.SPRECHSTUNDEN_RESERVIERUNG_MINUTEN)
    extended_cutoff = now - 2 * timedelta(minutes=settings.SPRECHSTUNDEN_RESERVIERUNG_MINUTEN)
    stale = Buchung.objects.filter(
        Q(verlaengert=False, erstellt_am__lt=cutoff)
        | Q(verlaengert=True, erstellt_am__lt=extended_cutoff),
        status=BuchungStatus.RESERVIERT,
    )
    if dry_run:
        return stale.count()
    with transaction.atomic():
        lapsed = list(
            stale.select_for_update(of=("self",)).select_related(
                "termin__sprechstunde__anlaufstelle", "thema"
            )
        )
        if not lapsed:
            return 0
        Buchung.objects.filter(pk__in=[b.pk for b in lapsed]).update(
            status=BuchungStatus.ABGELAUFEN
        )
        with_calendar = [b.pk for b in lapsed if b.email and b.hat_kalenderdatei]
        if with_calendar:
            Buchung.objects.filter(pk__in=with_calendar).update(
                kalender_sequenz=F("kalender_sequenz") + 1
            )
        for termin_id in {b.termin_id for b in lapsed}:
            _offer_freed_seat(termin_id)
        for buchung in lapsed:
            buchung.status = BuchungStatus.ABGELAUFEN
            sequence = _cancellation_sequence(buchung)  # the same count as the update above
            if buchung.email:
                _notify(
                    buchung,
                    lambda b=buchung, s=sequence: notifications.send_lapsed_mail(b, sequence=s),
                )
    public_cache.changed()  # QuerySet.update sends no signal
    return len(lapsed)


def send_reminders(now: datetime | None = None, *, dry_run: bool = False) -> int:
    """E-mail a reminder for tomorrow's confirmed bookings; never twice."""
    now = now or timezone.now()
    tomorrow = timezone.localtime(now, timezone.get_default_timezone()).date() + timedelta(days=1)
    start = datetime.combine(tomorrow, time.min, tzinfo=timezone.get_default_timezone())
    due = Buchung.objects.filter(
        status=BuchungStatus.BESTAETIGT,
        erinnert_am__isnull=True,
        termin__beginn__gte=start,
        termin__beginn__lt=start + timedelta(days=1),
        termin__abgesagt=False,
    ).exclude(email="")
    if dry_run:
        return due.count()
    sent = 0
    for buchung in due.select_related("termin__sprechstunde__anlaufstelle", "thema"):
        # Claim the row first: a second run (or a parallel cron) finds it taken.
        with transaction.atomic():
            claimed = Buchung.objects.filter(pk=buchung.pk, erinnert_am__isnull=True).update(
                erinnert_am=now, kalender_sequenz=F("kalender_sequenz") + 1
            )
            if claimed:
                token = _rotate_token(buchung)
                buchung.kalender_sequenz = (
                    Buchung.objects.filter(pk=buchung.pk)
                    .values_list("kalender_sequenz", flat=True)
                    .get()
                )
        if claimed and notifications.send_reminder_mail(
            buchung, token, sequence=buchung.kalender_sequenz
        ):
            sent += 1
    return sent


def purge_personal_data(now: datetime | None = None, *, dry_run: bool = False) -> int:
    """Blank the personal fields of bookings whose slot lies past the retention period, and
    their booking code (which then may be drawn again)."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.SPRECHSTUNDEN_AUFBEWAHRUNG_TAGE)
    due = Buchung.objects.filter(termin__ende__lt=cutoff).exclude(
        name="", email="", telefon="", notiz="", barrierefreiheit="", code=""
    )
    ids = list(due.values_list("pk", flat=True))
    if dry_run or not ids:
        return len(ids)
    with transaction.atomic():
        Buchung.objects.filter(pk__in=ids).update(
            name="",
            email="",
            telefon="",
            notiz="",
            barrierefreiheit="",
            dolmetschen=False,
            code="",
        )
        redact_audit_trail(Buchung, ids)
    return len(ids)
