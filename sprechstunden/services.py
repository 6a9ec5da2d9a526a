"""Every change to bookings and slots: one function, one transaction, row locks where capacity is
involved, e-mails after commit. Views turn the domain errors into messages.

Mails to citizens go through ``_notify``. A mail server that fails a mail sent within the
request (outbox off) does not undo the change: ``Buchung.mail_fehlgeschlagen`` tells the view,
which says so. A change that mails a calendar file counts up ``Buchung.kalender_sequenz`` in
its transaction; the file carries that number as its SEQUENCE."""

import dataclasses
import functools
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from auditlog.context import disable_auditlog
from django.conf import settings
from django.db import IntegrityError, OperationalError, connection, transaction
from django.db.models import F, Func, IntegerField, OuterRef, Q, Subquery, TextField
from django.db.models.constants import OnConflict
from django.db.models.expressions import RawSQL
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from saarlouis_portal import telefon as nummern
from saarlouis_portal.konten.audit import redact_audit_trail
from saarlouis_portal.postausgang import outbox
from sprechstunden import notifications, public_cache
from sprechstunden.models import (
    BELEGEND,
    OFFEN,
    Beratungskontakt,
    Beratungsthema,
    Buchung,
    BuchungStatus,
    Kanal,
    Schliesszeit,
    Sprache,
    Sprechstunde,
    Termin,
    hash_token,
    new_token,
)

# The concurrency test switches this off once to prove that its harness catches a race.
LOCK_SLOTS = True


class SprechstundenFehler(Exception):
    """A domain error with a message for the person."""

    message = _("Das hat leider nicht geklappt.")

    def __init__(self, message=None):
        super().__init__(message or self.message)
        if message:
            self.message = message


class TerminBelegt(SprechstundenFehler):
    message = _("Dieser Termin ist leider gerade vergeben worden. Bitte wählen Sie einen anderen.")

    def __init__(self, message=None, *, termin=None):
        super().__init__(message)
        self.termin = termin  # the locked slot, when the service had it at hand


class ThemaNichtAngeboten(SprechstundenFehler):
    """The topic is not one the slot's Sprechstunde offers: a mistake at the form's topic field."""

    field = "thema"
    message = _("Bitte wählen Sie eines der angebotenen Themen.")


class TerminNichtBuchbar(SprechstundenFehler):
    message = _("Dieser Termin kann nicht (mehr) gebucht werden. Bitte wählen Sie einen anderen.")


class ZuVieleBuchungen(SprechstundenFehler):
    message = _(
        "Sie haben bereits die höchstmögliche Zahl offener Termine. Bitte sagen Sie einen davon "
        "ab oder rufen Sie uns an."
    )


class SchonGebucht(SprechstundenFehler):
    """The same person (e-mail address or phone number) holds a seat in this slot already: a
    form sent twice, or booked again by mistake. One person, one seat."""

    message = _(
        "Für diese E-Mail-Adresse oder Telefonnummer ist dieser Termin schon gebucht. Sie "
        "brauchen nichts weiter zu tun: Den Link zu Ihrer Buchung (bestätigen, verschieben, "
        "absagen) finden Sie in Ihrer E-Mail oder auf der Seite nach der Buchung."
    )


class BuchungNichtAenderbar(SprechstundenFehler):
    message = _(
        "Dieser Termin kann online nicht mehr geändert werden. Bitte rufen Sie die Anlaufstelle an."
    )


class ZuVielAndrang(SprechstundenFehler):
    message = _(
        "Gerade buchen sehr viele Menschen gleichzeitig. Bitte versuchen Sie es in einem Moment "
        "noch einmal."
    )


class LinkUngueltig(SprechstundenFehler):
    message = _("Dieser Link ist ungültig oder abgelaufen.")


@dataclass
class BuchungsDaten:
    thema: Beratungsthema | int  # online: the id as posted, checked against the slot's offer
    email: str = ""
    telefon: str = ""
    name: str = ""
    sprache: Sprache | None = None
    dolmetschen: bool = False
    barrierefreiheit: str = ""
    notiz: str = ""


def _tz():
    return ZoneInfo(settings.TIME_ZONE)


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


class _CommaList(Func):
    """A column's values as one text, "3,5": string_agg on PostgreSQL, group_concat on SQLite
    (Django has a generic StringAgg only from 6.0). A plain function, not an Aggregate, so
    that Django adds no GROUP BY to the outer query when it is used in a subquery."""

    function = "STRING_AGG"
    template = "%(function)s(CAST(%(expressions)s AS TEXT), ',')"
    output_field = TextField()

    def as_sqlite(self, compiler, connection, **extra_context):
        return super().as_sql(
            compiler,
            connection,
            function="GROUP_CONCAT",
            template="%(function)s(%(expressions)s)",
            **extra_context,
        )


@functools.cache
def _slot_query():
    """The slot with all its checks need, in one query: its Sprechstunde and Anlaufstelle,
    whether a closure covers it, which topics its Sprechstunde offers and which seats are
    taken. Built once (resolving the subqueries costs more than the query itself); every use
    clones it. Of Sprechstunde and Anlaufstelle only what the checks and the slot's name need:
    a place's address and directions stay in the database."""
    offered = (
        Sprechstunde.themen.through.objects.filter(sprechstunde=OuterRef("sprechstunde_id"))
        .order_by()
        .annotate(ids=_CommaList("beratungsthema_id"))
        .values("ids")
    )
    seats = (
        Buchung.objects.filter(termin=OuterRef("pk"), status__in=BELEGEND)
        .order_by()
        .annotate(seats=_CommaList("platz"))
        .values("seats")
    )
    base = Termin.objects.select_related("sprechstunde__anlaufstelle").only(
        *(field.name for field in Termin._meta.concrete_fields),
        "sprechstunde__titel",
        "sprechstunde__veroeffentlicht",
        "sprechstunde__vorlauf_stunden",
        "sprechstunde__buchbar_tage",
        "sprechstunde__anlaufstelle__aktiv",
    )
    annotated = base.with_geschlossen().annotate(
        themen_ids=Subquery(offered), belegte_plaetze=Subquery(seats)
    )
    return base.annotate(**_compiled_once(annotated))


def _compiled_once(queryset) -> dict:
    """The queryset's annotations as SQL, compiled now: compiling these subqueries anew for
    every booking cost more CPU than PostgreSQL needs to run them. Their SQL names the outer
    query's tables by their aliases, which stay the same in every clone filtered by pk."""
    compiler = queryset.query.get_compiler(using=queryset.db)
    compiler.setup_query()
    compiled = {}
    for name, annotation in queryset.query.annotations.items():
        sql, params = compiler.compile(annotation)
        compiled[name] = RawSQL(sql, params, output_field=annotation.output_field)
    return compiled


def _ids(text: str | None) -> set[int]:
    return {int(value) for value in text.split(",")} if text else set()


def _check_topic(termin: Termin, thema_id: int) -> None:
    """``termin`` comes from ``_lock_termin``."""
    if thema_id not in _ids(termin.themen_ids):
        raise ThemaNichtAngeboten


def _lock_row(termin_id: int) -> None:
    """Lock the slot's row (PostgreSQL), waiting at most the lock timeout for it.

    A statement of its own, before the slot is read: under READ COMMITTED a statement sees
    the data as of its start, so a query that read the seats while it waited for the lock
    would miss a booking committed during the wait. ``set_config(..., true)`` is SET LOCAL
    with a bound parameter; in the WHERE clause, which PostgreSQL evaluates before it locks
    the row, it sets the timeout for this very wait (proven by test_lock_timeout).
    """
    table = connection.ops.quote_name(Termin._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT 1 FROM {table} WHERE id = %s "
            "AND set_config('lock_timeout', %s, true) IS NOT NULL FOR UPDATE",
            [termin_id, f"{settings.SPRECHSTUNDEN_LOCK_TIMEOUT_MS}ms"],
        )
        if cursor.fetchone() is None:
            raise Termin.DoesNotExist


def _lock_termin(termin_id: int, **counts: RawSQL | None) -> Termin:
    """The slot, locked, with what ``_slot_query`` reads, read after the lock is held, plus the
    given ``counts`` (``_open_bookings``, ``_same_contact``) in the same query. SQLite has no
    row locks; it lets one writer at a time write anyway."""
    queryset = _slot_query()
    counts = {name: sql for name, sql in counts.items() if sql is not None}
    if counts:
        queryset = queryset.annotate(**counts)
    try:
        if LOCK_SLOTS and connection.vendor == "postgresql":
            _lock_row(termin_id)
        return queryset.get(pk=termin_id)
    except Termin.DoesNotExist:
        raise TerminNichtBuchbar from None
    except OperationalError as exc:
        # 55P03 lock_not_available: the row stayed locked longer than lock_timeout.
        if getattr(exc.__cause__, "sqlstate", None) == "55P03":
            raise ZuVielAndrang from None
        raise


def check_bookable(termin: Termin, now: datetime, *, by_staff: bool = False) -> None:
    """Raises ``TerminNichtBuchbar`` unless the slot may be booked (capacity aside).
    ``termin`` is annotated ``with_geschlossen`` (``_lock_termin`` does that)."""
    sprechstunde = termin.sprechstunde
    if termin.abgesagt or termin.geschlossen or termin.beginn <= now:
        raise TerminNichtBuchbar
    if by_staff:
        return  # staff may book at short notice and beyond the public horizon
    if not (sprechstunde.veroeffentlicht and sprechstunde.anlaufstelle.aktiv):
        raise TerminNichtBuchbar
    if termin.beginn < now + timedelta(hours=sprechstunde.vorlauf_stunden):
        raise TerminNichtBuchbar
    if termin.beginn > now + timedelta(days=sprechstunde.buchbar_tage):
        raise TerminNichtBuchbar


def _free_seat(termin: Termin, exclude: Buchung | None = None) -> int:
    """The lowest free seat of ``termin`` (from ``_lock_termin``); ``exclude``, a booking being
    moved, does not count as taking a seat."""
    seats = _ids(termin.belegte_plaetze)
    if exclude is not None and exclude.termin_id == termin.pk and exclude.status in BELEGEND:
        seats.discard(exclude.platz)
    for seat in range(1, termin.kapazitaet + 1):
        if seat not in seats:
            return seat
    raise TerminBelegt(termin=termin)


def _open_bookings(data: BuchungsDaten, now: datetime) -> RawSQL | None:
    """How many open bookings of future slots the e-mail address or phone number holds (the
    abuse limit), as a subquery that rides on the slot's query: one round trip less.

    Written as SQL because the ORM took longer to build and compile it for every booking than
    PostgreSQL takes to run it. It means ``Buchung.objects.offen().filter(Q(email__iexact=…) |
    Q(telefon=…), termin__beginn__gt=now)``; the upper-case comparison is the one the index
    ``buchung_email_upper`` serves (and, like SQLite's LIKE, folds ASCII letters only there).
    """
    contact, params = _contact_condition(data)
    if not contact:
        return None
    quote = connection.ops.quote_name
    statuses = ", ".join(["%s"] * len(OFFEN))
    sql = (
        f"SELECT COUNT(*) FROM {quote(Buchung._meta.db_table)} b "
        f"JOIN {quote(Termin._meta.db_table)} t ON t.id = b.termin_id "
        f"WHERE b.status IN ({statuses}) AND t.beginn > %s AND ({contact})"
    )
    when = connection.ops.adapt_datetimefield_value(now)
    return RawSQL(sql, [*map(str, OFFEN), when, *params], output_field=IntegerField())


def _contact_condition(data: BuchungsDaten) -> tuple[str, list]:
    """SQL that matches bookings (alias ``b``) of the same e-mail address (any case) or phone
    number (both as the forms clean them: the number in E.164)."""
    contact, params = [], []
    if data.email:
        contact.append("UPPER(b.email) = UPPER(%s)")
        params.append(data.email)
    if data.telefon:
        contact.append("b.telefon = %s")
        params.append(data.telefon)
    return " OR ".join(contact), params


def _same_contact(data: BuchungsDaten, termin_id: int) -> RawSQL | None:
    """How many seats of this slot the e-mail address or phone number holds already, as a
    subquery on the slot's query (read under its lock, so a second identical POST waits for
    the first and then sees its booking)."""
    contact, params = _contact_condition(data)
    if not contact:
        return None
    statuses = ", ".join(["%s"] * len(BELEGEND))
    sql = (
        f"SELECT COUNT(*) FROM {connection.ops.quote_name(Buchung._meta.db_table)} b "
        f"WHERE b.termin_id = %s AND b.status IN ({statuses}) AND ({contact})"
    )
    return RawSQL(sql, [termin_id, *map(str, BELEGEND), *params], output_field=IntegerField())


def _check_open_bookings_limit(termin: Termin) -> None:
    """``termin`` comes from ``_lock_termin`` with ``_open_bookings``."""
    if getattr(termin, "offene_buchungen", 0) >= settings.SPRECHSTUNDEN_MAX_OFFENE_BUCHUNGEN:
        raise ZuVieleBuchungen


def book_termin(
    termin_id: int,
    data: BuchungsDaten,
    *,
    kanal: str = Kanal.ONLINE,
    by=None,
    now: datetime | None = None,
) -> tuple[Buchung, str]:
    """Book a seat in a slot. Returns the booking and its manage token (shown or mailed once).

    Online with an e-mail address the seat is reserved until the citizen confirms; online with
    a phone number only it is a request that staff confirm by phone; staff bookings are
    confirmed at once.
    """
    now = now or timezone.now()
    by_staff = by is not None
    if kanal == Kanal.ONLINE and not (data.email or data.telefon):
        raise SprechstundenFehler(_("Bitte geben Sie eine E-Mail-Adresse oder Telefonnummer an."))
    # The forms clean numbers to E.164; this covers callers that bypass them (demo data).
    data = dataclasses.replace(data, telefon=nummern.e164_or_unchanged(data.telefon))
    token, token_hash = new_token()
    try:
        with transaction.atomic():
            termin = _lock_termin(
                termin_id,
                offene_buchungen=None if by_staff else _open_bookings(data, now),
                gleicher_kontakt=_same_contact(data, termin_id),
            )
            if getattr(termin, "gleicher_kontakt", 0):
                raise SchonGebucht
            check_bookable(termin, now, by_staff=by_staff)
            if isinstance(data.thema, Beratungsthema):
                topic = {"thema": data.thema}
            else:
                topic = {"thema_id": data.thema}
            if not by_staff:  # staff forms offer only the Sprechstunde's topics
                _check_topic(termin, data.thema.pk if "thema" in topic else data.thema)
                _check_open_bookings_limit(termin)
            seat = _free_seat(termin)
            if by_staff:
                status = BuchungStatus.BESTAETIGT
            elif data.email:
                status = BuchungStatus.RESERVIERT
            else:
                status = BuchungStatus.ANFRAGE
            # Only a confirmed booking goes into the person's calendar: the first .ics.
            sequence = 1 if status == BuchungStatus.BESTAETIGT and data.email else None
            buchung = Buchung.objects.create(
                termin=termin,
                platz=seat,
                status=status,
                kanal=kanal,
                **topic,
                name=data.name,
                email=data.email,
                telefon=data.telefon,
                sprache=data.sprache,
                dolmetschen=data.dolmetschen,
                barrierefreiheit=data.barrierefreiheit,
                notiz=data.notiz,
                token_hash=token_hash,
                token_gueltig_bis=termin.ende + timedelta(days=1),
                einwilligung_version=settings.SPRECHSTUNDEN_EINWILLIGUNG_VERSION,
                einwilligung_am=now,
                erstellt_von=by if by_staff else None,
                bestaetigt_am=now if status == BuchungStatus.BESTAETIGT else None,
                kalender_sequenz=sequence or 0,
            )
            if buchung.email:
                _notify(
                    buchung,
                    lambda: notifications.send_booking_mail(buchung, token, sequence=sequence),
                )
    except IntegrityError:
        # The seat constraint caught a race the lock should have prevented: same answer.
        raise TerminBelegt from None
    return buchung, token


def get_buchung_by_token(token: str, now: datetime | None = None) -> Buchung:
    now = now or timezone.now()
    if not token or len(token) > 100:
        raise LinkUngueltig
    buchung = (
        Buchung.objects.select_related("termin__sprechstunde__anlaufstelle", "thema", "sprache")
        .filter(token_hash=hash_token(token))
        .first()
    )
    if buchung is None or buchung.token_gueltig_bis <= now:
        raise LinkUngueltig
    return buchung


def confirm_buchung(token: str, now: datetime | None = None) -> Buchung:
    now = now or timezone.now()
    with transaction.atomic():
        buchung = get_buchung_by_token(token, now)
        buchung = Buchung.objects.select_for_update().get(pk=buchung.pk)
        if buchung.status == BuchungStatus.BESTAETIGT:
            return buchung  # a second click changes nothing
        if buchung.status != BuchungStatus.RESERVIERT:
            raise SprechstundenFehler(
                _("Diese Reservierung ist verfallen oder abgesagt. Bitte buchen Sie neu.")
            )
        buchung.status = BuchungStatus.BESTAETIGT
        buchung.bestaetigt_am = now
        sequence = _next_sequence(buchung)
        buchung.save(update_fields=["status", "bestaetigt_am", "kalender_sequenz"])
        _notify(
            buchung, lambda: notifications.send_confirmed_mail(buchung, token, sequence=sequence)
        )
    return buchung


def _check_changeable_by_citizen(buchung: Buchung, now: datetime) -> None:
    notice = timedelta(hours=buchung.termin.sprechstunde.vorlauf_stunden)
    if buchung.status not in OFFEN or buchung.termin.beginn < now + notice:
        raise BuchungNichtAenderbar


def cancel_buchung(buchung: Buchung, *, by=None, now: datetime | None = None) -> Buchung:
    """Cancel a booking; citizens only before the minimum notice, staff at any time."""
    now = now or timezone.now()
    with transaction.atomic():
        buchung = (
            Buchung.objects.select_for_update(of=("self",))
            .select_related("termin__sprechstunde")
            .get(pk=buchung.pk)
        )
        if buchung.status == BuchungStatus.STORNIERT:
            return buchung
        if by is None:
            _check_changeable_by_citizen(buchung, now)
        elif buchung.status not in OFFEN:
            raise BuchungNichtAenderbar(_("Diese Buchung ist nicht mehr offen."))
        buchung.status = BuchungStatus.STORNIERT
        buchung.storniert_am = now
        sequence = _cancellation_sequence(buchung)
        buchung.save(update_fields=["status", "storniert_am", "kalender_sequenz"])
        if buchung.email:
            _notify(buchung, lambda: notifications.send_cancelled_mail(buchung, sequence=sequence))
    return buchung


def _rotate_token(buchung: Buchung) -> str:
    """A fresh manage link for a mail sent without the old one at hand (the old one stops)."""
    token, token_hash = new_token()
    Buchung.objects.filter(pk=buchung.pk).update(token_hash=token_hash)
    buchung.token_hash = token_hash
    return token


def move_buchung(
    buchung: Buchung,
    new_termin_id: int,
    *,
    token: str | None = None,
    by=None,
    now: datetime | None = None,
) -> Buchung:
    """Move a booking to another free slot of the same Sprechstunde.

    ``token`` is the citizen's manage token (the mail repeats their link); staff moves send a
    new link instead.
    """
    now = now or timezone.now()
    try:
        with transaction.atomic():
            current = (
                Buchung.objects.select_for_update(of=("self",))
                .select_related("termin__sprechstunde")
                .get(pk=buchung.pk)
            )
            if by is None:
                _check_changeable_by_citizen(current, now)
            termin = _lock_termin(new_termin_id)
            if (
                termin.sprechstunde_id != current.termin.sprechstunde_id
                or termin.pk == current.termin_id
            ):
                raise TerminNichtBuchbar
            check_bookable(termin, now, by_staff=by is not None)
            current.platz = _free_seat(termin, exclude=current)
            current.termin = termin
            current.token_gueltig_bis = termin.ende + timedelta(days=1)
            current.erinnert_am = None
            sequence = None  # a reservation still to be confirmed is in no calendar yet
            if current.email and current.status == BuchungStatus.BESTAETIGT:
                sequence = _next_sequence(current)
            current.save(
                update_fields=[
                    "termin",
                    "platz",
                    "token_gueltig_bis",
                    "erinnert_am",
                    "kalender_sequenz",
                ]
            )
            if current.email:
                link = token or _rotate_token(current)
                _notify(
                    current,
                    lambda: notifications.send_moved_mail(current, link, sequence=sequence),
                )
    except IntegrityError:
        raise TerminBelegt from None
    return current


def expire_reservations(now: datetime | None = None, *, dry_run: bool = False) -> int:
    """Reservations not confirmed in time free their seat, and the person is told by e-mail
    (as pretix and the Berlin appointment system do), so nobody turns up for a slot that went
    to someone else. Idempotent.

    A reservation has had no .ics (that comes with the confirmation), so the mail usually
    carries none; should one have gone out, it carries the cancellation."""
    now = now or timezone.now()
    cutoff = now - timedelta(minutes=settings.SPRECHSTUNDEN_RESERVIERUNG_MINUTEN)
    stale = Buchung.objects.filter(status=BuchungStatus.RESERVIERT, erstellt_am__lt=cutoff)
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
    tomorrow = timezone.localtime(now, _tz()).date() + timedelta(days=1)
    start = datetime.combine(tomorrow, time.min, tzinfo=_tz())
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


@dataclass
class SlotPlan:
    created: int
    removed: int
    betroffen: list  # booked slots that no longer fit the schedule: staff must handle them


def _schedule_starts(sprechstunde: Sprechstunde, first: date, last: date):
    tz = _tz()
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
_SLOT_COLUMNS = ["sprechstunde", "beginn", "ende", "kapazitaet", "abgesagt", "absagegrund"]


def _insert_slots(sprechstunde: Sprechstunde, new: list[tuple[datetime, datetime]]) -> None:
    """Insert slots as plain rows; rows that exist meanwhile (a parallel run) are skipped.

    A year of a schedule is up to a few thousand rows. Through ``bulk_create`` most of the time
    went into building a model instance per row and preparing each value field by field; here
    the rows are tuples. PostgreSQL takes them through COPY, its fastest way in; should a
    parallel run have inserted one of them meanwhile, COPY fails as a whole (in a savepoint)
    and the rows go the portable way instead, which skips existing ones.
    """
    if not new:
        return
    constant = (sprechstunde.pk, sprechstunde.kapazitaet, False, "")
    if connection.vendor == "postgresql":
        try:
            with (
                transaction.atomic(),
                connection.cursor() as cursor,
                connection.wrap_database_errors,
            ):
                _copy_slots(cursor.cursor, constant, new)
            return
        except IntegrityError:
            pass
    _insert_slots_portable(constant, new)


def _copy_slots(cursor, constant, new) -> None:
    fields = [Termin._meta.get_field(name) for name in _SLOT_COLUMNS]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(field.column) for field in fields)
    sprechstunde_id, kapazitaet, abgesagt, absagegrund = constant
    with cursor.copy(f"COPY {quote(Termin._meta.db_table)} ({columns}) FROM STDIN") as copy:
        for start, end in new:
            copy.write_row((sprechstunde_id, start, end, kapazitaet, abgesagt, absagegrund))


def _insert_slots_portable(constant, new) -> None:
    """INSERT ... ON CONFLICT DO NOTHING (PostgreSQL) or INSERT OR IGNORE (SQLite), as Django's
    backend operations spell it, in batches of plain rows."""
    ops = connection.ops
    fields = [Termin._meta.get_field(name) for name in _SLOT_COLUMNS]
    prefix = (
        f"{ops.insert_statement(on_conflict=OnConflict.IGNORE)} "
        f"{ops.quote_name(Termin._meta.db_table)} "
        f"({', '.join(ops.quote_name(f.column) for f in fields)}) VALUES "
    )
    suffix = ops.on_conflict_suffix_sql(fields, OnConflict.IGNORE, None, None)
    row = "(" + ", ".join(["%s"] * len(fields)) + ")"
    adapt = ops.adapt_datetimefield_value
    sprechstunde_id, *rest = constant
    with connection.cursor() as cursor:
        for i in range(0, len(new), SLOT_INSERT_BATCH):
            batch = new[i : i + SLOT_INSERT_BATCH]
            params = []
            for start, end in batch:
                params += (sprechstunde_id, adapt(start), adapt(end), *rest)
            cursor.execute(f"{prefix}{', '.join([row] * len(batch))} {suffix}", params)


def generate_slots(
    sprechstunde: Sprechstunde, now: datetime | None = None, *, dry_run: bool = False
) -> SlotPlan:
    """Materialise the slots of a schedule for its booking horizon. Idempotent.

    Future slots that no longer fit the schedule are removed when nobody booked them; booked
    ones are kept and reported, never deleted or moved.
    """
    now = now or timezone.now()
    today = timezone.localtime(now, _tz()).date()
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
            beginn__gte=min(now, datetime.combine(first, time.min, tzinfo=_tz())),
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


def record_outcome(
    *,
    thema: Beratungsthema,
    erstkontakt: bool,
    by,
    buchung: Buchung | None = None,
    sprechstunde: Sprechstunde | None = None,
    vermittelt_an=None,
    datum: date | None = None,
    art: str = Beratungskontakt.Art.TERMIN,
    now: datetime | None = None,
) -> Beratungskontakt:
    """Record an anonymous outcome; for a booking it also marks the booking as attended."""
    now = now or timezone.now()
    with transaction.atomic():
        if buchung is not None:
            buchung = (
                Buchung.objects.select_for_update(of=("self",))
                .select_related("termin__sprechstunde__anlaufstelle")
                .get(pk=buchung.pk)
            )
            if hasattr(buchung, "kontakt"):
                raise SprechstundenFehler(_("Für diesen Termin ist schon ein Ergebnis erfasst."))
            buchung.status = BuchungStatus.WAHRGENOMMEN
            buchung.save(update_fields=["status"])
            sprechstunde = buchung.termin.sprechstunde
            datum = timezone.localtime(buchung.termin.beginn, _tz()).date()
            art = Beratungskontakt.Art.TERMIN
        anlaufstelle = sprechstunde.anlaufstelle if sprechstunde else None
        return Beratungskontakt.objects.create(
            anlaufstelle=anlaufstelle,
            gebiet=anlaufstelle.gebiet,
            sprechstunde=sprechstunde,
            datum=datum or timezone.localtime(now, _tz()).date(),
            art=art,
            thema=thema,
            erstkontakt=erstkontakt,
            vermittelt_an=vermittelt_an,
            buchung=buchung,
            erfasst_von=by,
        )


def mark_no_show(buchung: Buchung) -> Buchung:
    with transaction.atomic():
        buchung = Buchung.objects.select_for_update().get(pk=buchung.pk)
        if buchung.status not in (BuchungStatus.BESTAETIGT, BuchungStatus.ANFRAGE):
            raise SprechstundenFehler(_("Nur bestätigte Termine können so markiert werden."))
        buchung.status = BuchungStatus.NICHT_ERSCHIENEN
        buchung.save(update_fields=["status"])
    return buchung


def purge_personal_data(now: datetime | None = None, *, dry_run: bool = False) -> int:
    """Blank the personal fields of bookings whose slot lies past the retention period."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.SPRECHSTUNDEN_AUFBEWAHRUNG_TAGE)
    due = Buchung.objects.filter(termin__ende__lt=cutoff).exclude(
        name="", email="", telefon="", notiz="", barrierefreiheit=""
    )
    ids = list(due.values_list("pk", flat=True))
    if dry_run or not ids:
        return len(ids)
    with transaction.atomic():
        Buchung.objects.filter(pk__in=ids).update(
            name="", email="", telefon="", notiz="", barrierefreiheit="", dolmetschen=False
        )
        redact_audit_trail(Buchung, ids)
    return len(ids)


def confirm_request_by_staff(buchung: Buchung, *, by) -> Buchung:
    """Staff confirm a phone-only request after calling the person back, or a reservation the
    person could not confirm themselves. With an e-mail address the person gets the
    confirmation with the calendar file and a new manage link (made when the mail is built)."""
    with transaction.atomic():
        buchung = Buchung.objects.select_for_update().get(pk=buchung.pk)
        if buchung.status not in (BuchungStatus.ANFRAGE, BuchungStatus.RESERVIERT):
            raise SprechstundenFehler(_("Diese Buchung wartet nicht auf eine Bestätigung."))
        buchung.status = BuchungStatus.BESTAETIGT
        buchung.bestaetigt_am = timezone.now()
        sequence = _next_sequence(buchung) if buchung.email else None
        buchung.save(update_fields=["status", "bestaetigt_am", "kalender_sequenz"])
        if buchung.email:
            _notify(
                buchung,
                lambda: notifications.send_confirmed_mail(buchung, None, sequence=sequence),
            )
    return buchung


def delete_personal_data(buchung: Buchung, now: datetime | None = None) -> Buchung:
    """The citizen deletes what is stored about them: an open booking is cancelled first (if
    still allowed), then every personal field is blanked and the manage link stops working."""
    now = now or timezone.now()
    with transaction.atomic():
        buchung = (
            Buchung.objects.select_for_update(of=("self",))
            .select_related("termin__sprechstunde")
            .get(pk=buchung.pk)
        )
        if buchung.status in OFFEN:
            _check_changeable_by_citizen(buchung, now)
            buchung.status = BuchungStatus.STORNIERT
            buchung.storniert_am = now
        buchung.name = buchung.email = buchung.telefon = ""
        buchung.notiz = buchung.barrierefreiheit = ""
        buchung.dolmetschen = False
        buchung.token_gueltig_bis = now
        buchung.save()
        redact_audit_trail(Buchung, [buchung.pk])
    return buchung


# Staff side (Sozialplanung, Beratung)


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


def ensure_outcome_possible(buchung: Buchung, now: datetime | None = None) -> None:
    """Attended or no-show can only be said of a booking that was kept and has begun."""
    now = now or timezone.now()
    if buchung.status in (BuchungStatus.STORNIERT, BuchungStatus.ABGELAUFEN):
        raise SprechstundenFehler(_("Diese Buchung ist abgesagt oder verfallen."))
    if buchung.termin.beginn > now:
        raise SprechstundenFehler(_("Das geht erst ab Beginn des Termins."))


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
    """Delete a place with its closures, unless it still has Sprechstunden or statistics."""
    with transaction.atomic():
        if anlaufstelle.sprechstunden.exists() or anlaufstelle.kontakte.exists():
            raise SprechstundenFehler(
                _(
                    "Diese Anlaufstelle hat Sprechstunden oder erfasste Beratungen und kann nicht "
                    "gelöscht werden. Setzen Sie sie stattdessen auf „nicht aktiv“."
                )
            )
        anlaufstelle.delete()
