"""Taking a seat: booking a slot (``book_termin``) and moving a booking to another slot
(``move_buchung``). Both lock the slot's row before they read it and check under the lock that
it can be booked and has a free seat; should the lock ever miss a race, the seat constraint
gives the same answer, ``TerminBelegt``."""

import dataclasses
import functools
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, OperationalError, connection, transaction
from django.db.models import Func, IntegerField, OuterRef, Subquery, TextField
from django.db.models.expressions import RawSQL
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from saarlouis_portal import telefon as nummern
from saarlouis_portal.sprachen import mail_language
from sprechstunden import notifications
from sprechstunden.models import (
    BELEGEND,
    BUCHUNGSCODE_EINDEUTIG,
    OFFEN,
    Beratungsthema,
    Buchung,
    BuchungStatus,
    Kanal,
    Sprache,
    Sprechstunde,
    Termin,
    Wartelisteneintrag,
    WartelisteStatus,
    new_buchungscode,
    new_token,
)
from sprechstunden.services.errors import (
    AngebotAbgelaufen,
    SchonGebucht,
    SprechstundenFehler,
    TerminBelegt,
    TerminNichtBuchbar,
    ThemaNichtAngeboten,
    ZuVielAndrang,
    ZuVieleBuchungen,
)
from sprechstunden.services.manage import _check_changeable_by_citizen
from sprechstunden.services.notify import (
    _next_sequence,
    _notify,
    _offer_freed_seat,
    _rotate_token,
)

# The concurrency test switches this off once to prove that its harness catches a race.
LOCK_SLOTS = True
# A new booking draws a new code when its code was taken meanwhile (1 in 244 million per
# current booking); after this many draws the database is wrong, not unlucky.
CODE_ATTEMPTS = 5


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
    mailsprache: str = "de"  # the page's language: mails and .ics texts to the person speak it


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
    taken. Built once (resolving the subqueries costs about as much as running them); every
    use clones it. Of Sprechstunde and Anlaufstelle only what the checks and the slot's name
    need: a place's address and directions stay in the database."""
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
    held = (
        Wartelisteneintrag.objects.filter(termin=OuterRef("pk"), status=WartelisteStatus.HAELT)
        .order_by()
        .annotate(seats=_CommaList("platz"))
        .values("seats")
    )
    return (
        Termin.objects.select_related("sprechstunde__anlaufstelle")
        .only(
            *(field.name for field in Termin._meta.concrete_fields),
            "sprechstunde__titel",
            "sprechstunde__oeffentlich",
            "sprechstunde__vorlauf_stunden",
            "sprechstunde__buchbar_tage",
            "sprechstunde__anlaufstelle__aktiv",
        )
        .with_geschlossen()
        .annotate(
            themen_ids=Subquery(offered),
            belegte_plaetze=Subquery(seats),
            gehaltene_plaetze=Subquery(held),
        )
    )


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
    the row, it sets the timeout for this very wait (proven by test_lock_timeout). Plain SQL
    through the cursor: the same through ``select_for_update()`` cost 0.45 ms more Python per
    booking, which the booking's throughput target cannot spare (bench/README.md).
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
    if not (sprechstunde.oeffentlich and sprechstunde.anlaufstelle.aktiv):
        raise TerminNichtBuchbar
    if termin.beginn < now + timedelta(hours=sprechstunde.vorlauf_stunden):
        raise TerminNichtBuchbar
    if termin.beginn > now + timedelta(days=sprechstunde.buchbar_tage):
        raise TerminNichtBuchbar


def _free_seat(
    termin: Termin,
    exclude: Buchung | None = None,
    angebot: Wartelisteneintrag | None = None,
) -> int:
    """The lowest free seat of ``termin`` (from ``_lock_termin``): not taken by a booking nor
    held for the waiting list. ``exclude``, a booking being moved, does not count as taking a
    seat, nor does ``angebot``, the offer its holder is booking."""
    seats = _ids(termin.belegte_plaetze) | _ids(termin.gehaltene_plaetze)
    if exclude is not None and exclude.termin_id == termin.pk and exclude.status in BELEGEND:
        seats.discard(exclude.platz)
    if angebot is not None:
        seats.discard(angebot.platz)
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


def _contact_condition(data: BuchungsDaten | Buchung) -> tuple[str, list]:
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


def _same_contact(data: BuchungsDaten | Buchung, termin_id: int) -> RawSQL | None:
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


def _claim_offer(pk: int, termin: Termin, now: datetime) -> Wartelisteneintrag:
    """The waiting-list offer being booked, locked after the slot (the order every path takes);
    ``AngebotAbgelaufen`` unless it still holds a seat of this slot."""
    angebot = Wartelisteneintrag.objects.select_for_update().filter(pk=pk).first()
    if (
        angebot is None
        or angebot.status != WartelisteStatus.HAELT
        or angebot.termin_id != termin.pk
        or angebot.halten_bis is None
        or angebot.halten_bis <= now
    ):
        raise AngebotAbgelaufen
    return angebot


def _is_code_collision(error: IntegrityError) -> bool:
    """The new booking's code is taken: PostgreSQL names the constraint, SQLite the column."""
    text = str(error)
    return BUCHUNGSCODE_EINDEUTIG in text or f"{Buchung._meta.db_table}.code" in text


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
    angebot: int | None = None,
) -> tuple[Buchung, str]:
    """Book a seat in a slot. Returns the booking and its manage token (shown or mailed once).

    Online with an e-mail address the seat is reserved until the citizen confirms; online with
    a phone number only it is a request that staff confirm by phone; staff bookings are
    confirmed at once. ``angebot``: the id of the waiting-list entry whose held seat this
    booking takes (``services.warteliste``); with the e-mail address the entry confirmed, the
    booking is confirmed at once.

    Every booking gets a new booking code; should it be taken meanwhile, the booking is tried
    again with another one.
    """
    for attempt in range(1, CODE_ATTEMPTS + 1):
        try:
            return _book(termin_id, data, kanal=kanal, by=by, now=now, angebot=angebot)
        except IntegrityError as error:
            if not _is_code_collision(error) or attempt == CODE_ATTEMPTS:
                # The seat constraint caught a race the lock should have prevented: same answer.
                raise TerminBelegt from None
    raise AssertionError("unreachable")  # pragma: no cover


def _book(
    termin_id: int,
    data: BuchungsDaten,
    *,
    kanal: str,
    by,
    now: datetime | None,
    angebot: int | None,
) -> tuple[Buchung, str]:
    now = now or timezone.now()
    by_staff = by is not None
    if kanal == Kanal.ONLINE and not (data.email or data.telefon):
        raise SprechstundenFehler(_("Bitte geben Sie eine E-Mail-Adresse oder Telefonnummer an."))
    # The forms clean numbers to E.164; this covers callers that bypass them (demo data).
    data = dataclasses.replace(data, telefon=nummern.e164_or_unchanged(data.telefon))
    token, token_hash = new_token()
    with transaction.atomic():
        termin = _lock_termin(
            termin_id,
            offene_buchungen=None if by_staff else _open_bookings(data, now),
            gleicher_kontakt=_same_contact(data, termin_id),
        )
        if getattr(termin, "gleicher_kontakt", 0):
            raise SchonGebucht
        eintrag = _claim_offer(angebot, termin, now) if angebot is not None else None
        check_bookable(termin, now, by_staff=by_staff)
        if isinstance(data.thema, Beratungsthema):
            topic = {"thema": data.thema}
        else:
            topic = {"thema_id": data.thema}
        if not by_staff:  # staff forms offer only the Sprechstunde's topics
            _check_topic(termin, data.thema.pk if "thema" in topic else data.thema)
            _check_open_bookings_limit(termin)
        seat = _free_seat(termin, angebot=eintrag)
        if by_staff or _confirmed_address(eintrag, data):
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
            mailsprache=mail_language(data.mailsprache),
            token_hash=token_hash,
            token_gueltig_bis=termin.ende + timedelta(days=1),
            einwilligung_version=settings.SPRECHSTUNDEN_EINWILLIGUNG_VERSION,
            einwilligung_am=now,
            erstellt_von=by if by_staff else None,
            bestaetigt_am=now if status == BuchungStatus.BESTAETIGT else None,
            kalender_sequenz=sequence or 0,
            code=new_buchungscode(),
        )
        if eintrag is not None:
            eintrag.status = WartelisteStatus.GEBUCHT
            eintrag.buchung = buchung
            eintrag.beendet_am = now
            eintrag.save(update_fields=["status", "buchung", "beendet_am"])
        if buchung.email:
            _notify(
                buchung,
                lambda: notifications.send_booking_mail(buchung, token, sequence=sequence),
            )
    return buchung, token


def _confirmed_address(eintrag: Wartelisteneintrag | None, data: BuchungsDaten) -> bool:
    """The offer's holder books with the e-mail address they confirmed for the waiting list:
    no second confirmation needed."""
    return bool(
        eintrag is not None
        and eintrag.email
        and data.email
        and eintrag.email.casefold() == data.email.casefold()
    )


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
            # The booking's own e-mail or phone number: one person, one seat in the new slot too.
            termin = _lock_termin(
                new_termin_id, gleicher_kontakt=_same_contact(current, new_termin_id)
            )
            if (
                termin.sprechstunde_id != current.termin.sprechstunde_id
                or termin.pk == current.termin_id
            ):
                raise TerminNichtBuchbar
            if getattr(termin, "gleicher_kontakt", 0):
                raise SchonGebucht
            check_bookable(termin, now, by_staff=by is not None)
            current.platz = _free_seat(termin, exclude=current)
            if current.status in BELEGEND:
                _offer_freed_seat(current.termin_id)  # the seat left behind, once committed
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
