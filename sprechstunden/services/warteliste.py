"""The waiting list of a full Sprechstunde or a full day: joining it (double opt-in for an
e-mail address), offering a freed seat to the first waiting entry, holding it for a limited
time, booking it, passing it on, and ending entries.

The hand-over locks the slot's row first, as every booking does (``booking._lock_termin``), so
a freed seat goes to exactly one: a booking or one waiting entry. The waiting entry is picked
with ``FOR UPDATE SKIP LOCKED``, so two hosts handing over seats of the same Sprechstunde at the
same moment pick two different entries instead of waiting for each other. A held seat counts as
taken everywhere (``Termin.objects.with_belegt``, ``booking._free_seat``) until the entry books
it, the hold ends or is passed on.

Periodic work (``process_waiting_list``, every few minutes): offers whose hold ran out pass on,
entries past their day (or never confirmed) end, free seats go to waiting entries. Personal data
of ended entries is blanked by ``purge_personal_data`` (``retention``)."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Exists, Q
from django.utils import timezone

from saarlouis_portal import telefon as nummern
from saarlouis_portal.konten.audit import redact_audit_trail
from saarlouis_portal.sprachen import mail_language
from sprechstunden import notifications_warteliste as mails
from sprechstunden import public_cache
from sprechstunden.models import (
    WARTELISTE_BESTAETIGEN_FRIST,
    Sprechstunde,
    Termin,
    Wartelisteneintrag,
    WartelisteStatus,
    _closures_covering,
    hash_token,
    new_token,
)
from sprechstunden.services.booking import (
    BuchungsDaten,
    _free_seat,
    _lock_termin,
    book_termin,
    check_bookable,
)
from sprechstunden.services.errors import (
    AngebotAbgelaufen,
    LinkUngueltig,
    SchonAufWarteliste,
    TerminBelegt,
    TerminNichtBuchbar,
    WartelisteNichtMoeglich,
    ZuVielAndrang,
)
from sprechstunden.services.notify import _offer_freed_seat

# Seats offered per run of ``offer_free_seats`` at most: every list is bounded.
OFFERS_PER_RUN = 200
ENDED = [
    WartelisteStatus.GEBUCHT,
    WartelisteStatus.VERPASST,
    WartelisteStatus.ABGELAUFEN,
    WartelisteStatus.ABGEMELDET,
]


@dataclass
class WartelistenDaten:
    email: str = ""
    telefon: str = ""
    name: str = ""
    tag: date | None = None  # None: any slot of the Sprechstunde
    mailsprache: str = "de"


@dataclass
class Wartemoeglichkeiten:
    """What a person can wait for: full days (with slots, none free), and the whole
    Sprechstunde when nothing at all is free within its booking horizon."""

    tage: list[date]
    ganze_sprechstunde: bool

    @property
    def moeglich(self) -> bool:
        return bool(self.tage) or self.ganze_sprechstunde


def _tz():
    return timezone.get_default_timezone()


def _local_day(moment: datetime) -> date:
    return timezone.localtime(moment, _tz()).date()


def _day_end(day: date) -> datetime:
    return datetime.combine(day + timedelta(days=1), time.min, tzinfo=_tz())


def options(sprechstunde: Sprechstunde, now: datetime | None = None) -> Wartemoeglichkeiten:
    """The days of the booking horizon whose slots are all taken, in one query."""
    now = now or timezone.now()
    slots = (
        Termin.objects.filter(
            sprechstunde=sprechstunde,
            abgesagt=False,
            beginn__gte=now + timedelta(hours=sprechstunde.vorlauf_stunden),
            beginn__lte=now + timedelta(days=sprechstunde.buchbar_tage),
        )
        .exclude(Exists(_closures_covering()))
        .with_belegt()
        .values_list("beginn", "kapazitaet", "belegt")
    )
    days: dict[date, bool] = {}  # day -> has a free seat
    for beginn, kapazitaet, belegt in slots:
        day = _local_day(beginn)
        days[day] = days.get(day, False) or belegt < kapazitaet
    full = sorted(day for day, free in days.items() if not free)
    return Wartemoeglichkeiten(tage=full, ganze_sprechstunde=not any(days.values()))


# Joining, confirming, withdrawing


def join(
    sprechstunde_id: int, data: WartelistenDaten, now: datetime | None = None
) -> tuple[Wartelisteneintrag, str]:
    """Put a person on the waiting list. Returns the entry and its token (mailed for the
    confirmation of an e-mail address). With an e-mail address the entry counts only once the
    address is confirmed; with a phone number only it counts at once."""
    now = now or timezone.now()
    telefon = nummern.e164_or_unchanged(data.telefon)
    if not (data.email or telefon):
        raise WartelisteNichtMoeglich(field="email")
    sprechstunde = Sprechstunde.objects.public().filter(pk=sprechstunde_id).first()
    if sprechstunde is None:
        raise WartelisteNichtMoeglich
    possible = options(sprechstunde, now)
    if data.tag is None and not possible.ganze_sprechstunde:
        raise WartelisteNichtMoeglich
    if data.tag is not None and data.tag not in possible.tage:
        raise WartelisteNichtMoeglich
    contact = Q(pk__in=[])
    if data.email:
        contact |= Q(email__iexact=data.email)
    if telefon:
        contact |= Q(telefon=telefon)
    token, token_hash = new_token()
    with transaction.atomic():
        if (
            Wartelisteneintrag.objects.aktiv()
            .filter(contact, sprechstunde=sprechstunde, tag=data.tag)
            .exists()
        ):
            raise SchonAufWarteliste
        confirmed = not data.email
        eintrag = Wartelisteneintrag.objects.create(
            sprechstunde=sprechstunde,
            tag=data.tag,
            status=WartelisteStatus.WARTET if confirmed else WartelisteStatus.UNBESTAETIGT,
            name=data.name,
            email=data.email,
            telefon=telefon,
            mailsprache=mail_language(data.mailsprache),
            token_hash=token_hash,
            gueltig_bis=(
                _day_end(data.tag)
                if data.tag
                else now + timedelta(days=settings.SPRECHSTUNDEN_WARTELISTE_TAGE)
            ),
            einwilligung_version=settings.SPRECHSTUNDEN_EINWILLIGUNG_VERSION,
            einwilligung_am=now,
            bestaetigt_am=now if confirmed else None,
        )
        if eintrag.email:
            mails.deliver_on_commit(eintrag, mails.BESTAETIGEN, token=token)
    return eintrag, token


def get_by_token(token: str) -> Wartelisteneintrag:
    """The entry behind a link; ``LinkUngueltig`` for an unknown one or one whose data is
    gone."""
    if not token or len(token) > 100:
        raise LinkUngueltig
    eintrag = (
        Wartelisteneintrag.objects.select_related("sprechstunde__anlaufstelle", "termin")
        .filter(token_hash=hash_token(token))
        .first()
    )
    if eintrag is None or not (eintrag.email or eintrag.telefon):
        raise LinkUngueltig
    return eintrag


def confirm(token: str, now: datetime | None = None) -> Wartelisteneintrag:
    """The person confirms their e-mail address (a POST from the link's page): from now on the
    entry counts, in the order of confirmation. A second click changes nothing."""
    now = now or timezone.now()
    with transaction.atomic():
        eintrag = Wartelisteneintrag.objects.select_for_update().get(pk=get_by_token(token).pk)
        if eintrag.status != WartelisteStatus.UNBESTAETIGT:
            return eintrag
        if eintrag.bestaetigen_bis <= now:
            raise LinkUngueltig
        eintrag.status = WartelisteStatus.WARTET
        eintrag.bestaetigt_am = now
        eintrag.save(update_fields=["status", "bestaetigt_am"])
    return eintrag


def withdraw(
    eintrag: Wartelisteneintrag, *, by=None, now: datetime | None = None
) -> Wartelisteneintrag:
    """The person leaves the waiting list (or staff take them off): the entry ends, a held seat
    passes on, the personal data is deleted at once."""
    now = now or timezone.now()
    with transaction.atomic():
        eintrag = Wartelisteneintrag.objects.select_for_update().get(pk=eintrag.pk)
        if eintrag.status not in ENDED:
            held = eintrag.termin_id if eintrag.status == WartelisteStatus.HAELT else None
            eintrag.status = WartelisteStatus.ABGEMELDET
            eintrag.beendet_am = now
            if held:
                _pass_on(held)
        _blank(eintrag)
        eintrag.save()
        redact_audit_trail(Wartelisteneintrag, [eintrag.pk])
    return eintrag


def _blank(eintrag: Wartelisteneintrag) -> None:
    eintrag.name = eintrag.email = eintrag.telefon = ""


# Offering a freed seat


def _next_waiting(termin: Termin, now: datetime) -> Wartelisteneintrag | None:
    """The first confirmed entry waiting for this slot's Sprechstunde or day; entries another
    transaction has locked right now (being offered another seat) are skipped."""
    return (
        Wartelisteneintrag.objects.select_for_update(skip_locked=True)
        .filter(
            Q(tag__isnull=True) | Q(tag=_local_day(termin.beginn)),
            sprechstunde_id=termin.sprechstunde_id,
            status=WartelisteStatus.WARTET,
            gueltig_bis__gt=now,
        )
        .order_by("bestaetigt_am", "pk")
        .first()
    )


def _hold_until(termin: Termin, now: datetime) -> datetime:
    """The hold time from the settings, but never past the end of online booking."""
    last = termin.beginn - timedelta(hours=termin.sprechstunde.vorlauf_stunden)
    return min(now + timedelta(minutes=settings.SPRECHSTUNDEN_WARTELISTE_HALTEN_MINUTEN), last)


def offer_slot(termin_id: int, now: datetime | None = None) -> list[Wartelisteneintrag]:
    """Offer the free seats of a slot to the first waiting entries, one seat each, and tell
    them (an e-mail with a booking link; an entry with a phone number only becomes a call task
    for staff). Returns the entries offered a seat."""
    now = now or timezone.now()
    offered = []
    with transaction.atomic():
        try:
            termin = _lock_termin(termin_id)
            check_bookable(termin, now)
        except TerminNichtBuchbar:
            return []
        while True:
            try:
                seat = _free_seat(termin)
            except TerminBelegt:
                break
            eintrag = _next_waiting(termin, now)
            if eintrag is None:
                break
            eintrag.status = WartelisteStatus.HAELT
            eintrag.termin = termin
            eintrag.platz = seat
            eintrag.halten_bis = _hold_until(termin, now)
            eintrag.benachrichtigt_am = now
            eintrag.save(
                update_fields=["status", "termin", "platz", "halten_bis", "benachrichtigt_am"]
            )
            held = f"{termin.gehaltene_plaetze},{seat}" if termin.gehaltene_plaetze else str(seat)
            termin.gehaltene_plaetze = held
            if eintrag.email:
                mails.deliver_on_commit(eintrag, mails.ANGEBOT)
            offered.append(eintrag)
        if offered:
            public_cache.changed()
    return offered


def offer_freed_seat(termin_id: int, now: datetime | None = None) -> list[Wartelisteneintrag]:
    """Right after a seat freed up: offer it, if anybody waits for its Sprechstunde (one cheap
    query when nobody does, as after most cancellations)."""
    if not Wartelisteneintrag.objects.filter(
        sprechstunde__termine=termin_id, status=WartelisteStatus.WARTET
    ).exists():
        return []
    return offer_slot(termin_id, now)


def _pass_on(termin_id: int) -> None:
    """A held seat was given up: once that is committed, offer it to the next entry."""
    public_cache.changed()
    _offer_freed_seat(termin_id)


def offer_free_seats(now: datetime | None = None, *, dry_run: bool = False) -> int:
    """Offer every free seat somebody waits for (seats freed while no hand-over ran, entries
    confirmed while seats were free). Bounded per run; a slot another host is handing over
    right now is left to it."""
    now = now or timezone.now()
    waiting: dict[int, set[date] | None] = {}
    for sprechstunde_id, tag in (
        Wartelisteneintrag.objects.filter(status=WartelisteStatus.WARTET, gueltig_bis__gt=now)
        .values_list("sprechstunde_id", "tag")
        .distinct()
    ):
        days = waiting.setdefault(sprechstunde_id, set())
        if tag is None or days is None:
            waiting[sprechstunde_id] = None  # any day
        else:
            days.add(tag)
    count = 0
    for sprechstunde_id, days in waiting.items():
        slots = Termin.objects.bookable(now, sprechstunden=[sprechstunde_id]).filter(
            sprechstunde_id=sprechstunde_id
        )
        if days is not None:
            on_days = Q(pk__in=[])
            for day in days:
                start = datetime.combine(day, time.min, tzinfo=_tz())
                on_days |= Q(beginn__gte=start, beginn__lt=_day_end(day))
            slots = slots.filter(on_days)
        for termin_id in slots.order_by("beginn").values_list("pk", flat=True)[:OFFERS_PER_RUN]:
            if dry_run:
                count += 1
                continue
            try:
                offered = offer_slot(termin_id, now)
            except ZuVielAndrang:
                continue  # another host hands this slot over right now
            count += len(offered)
            if count >= OFFERS_PER_RUN:
                return count
    return count


# Booking an offer


def book_offer(
    token: str, data: BuchungsDaten, *, by=None, kanal: str | None = None, now=None
) -> tuple:
    """The holder books the held seat with the usual form (``by``: staff booking it for a
    caller). Returns the booking and its manage token, like ``book_termin``."""
    eintrag = get_by_token(token)
    return book_held(eintrag, data, by=by, kanal=kanal, now=now)


def book_held(eintrag: Wartelisteneintrag, data: BuchungsDaten, *, by=None, kanal=None, now=None):
    if eintrag.status != WartelisteStatus.HAELT or eintrag.termin_id is None:
        raise AngebotAbgelaufen
    extra = {"kanal": kanal} if kanal else {}
    return book_termin(eintrag.termin_id, data, by=by, now=now, angebot=eintrag.pk, **extra)


def pass_on(eintrag: Wartelisteneintrag, *, now: datetime | None = None) -> Wartelisteneintrag:
    """Staff could not reach the person of a call task in time: the offer ends and the seat
    goes to the next entry."""
    now = now or timezone.now()
    with transaction.atomic():
        eintrag = Wartelisteneintrag.objects.select_for_update().get(pk=eintrag.pk)
        if eintrag.status != WartelisteStatus.HAELT:
            raise AngebotAbgelaufen
        eintrag.status = WartelisteStatus.VERPASST
        eintrag.beendet_am = now
        eintrag.save(update_fields=["status", "beendet_am"])
        _pass_on(eintrag.termin_id)
    return eintrag


# Periodic work


@dataclass
class Lauf:
    verpasst: int = 0
    abgelaufen: int = 0
    angeboten: int = 0


def expire(now: datetime | None = None, *, dry_run: bool = False) -> Lauf:
    """End what ran out: holds past ``halten_bis`` (their seat passes on), holds whose slot was
    cancelled or deleted (the entry waits again, in its place), entries past their day or never
    confirmed. Rows another host is handling right now are skipped (SKIP LOCKED)."""
    now = now or timezone.now()
    holds = Wartelisteneintrag.objects.filter(status=WartelisteStatus.HAELT)
    lapsed = holds.filter(halten_bis__lte=now)
    lost = holds.filter(Q(termin__isnull=True) | Q(termin__abgesagt=True)).exclude(
        halten_bis__lte=now
    )
    stale = Wartelisteneintrag.objects.filter(
        Q(gueltig_bis__lte=now)
        | Q(
            status=WartelisteStatus.UNBESTAETIGT,
            erstellt_am__lte=now - WARTELISTE_BESTAETIGEN_FRIST,
        ),
        status__in=[WartelisteStatus.UNBESTAETIGT, WartelisteStatus.WARTET],
    )
    if dry_run:
        return Lauf(verpasst=lapsed.count(), abgelaufen=stale.count())
    skip = connection.features.has_select_for_update_skip_locked
    result = Lauf()
    with transaction.atomic():
        ids = list(
            lapsed.select_for_update(skip_locked=skip, of=("self",)).values_list("pk", flat=True)
        )
        result.verpasst = Wartelisteneintrag.objects.filter(pk__in=ids).update(
            status=WartelisteStatus.VERPASST, beendet_am=now
        )
        lost_ids = list(
            lost.select_for_update(skip_locked=skip, of=("self",)).values_list("pk", flat=True)
        )
        Wartelisteneintrag.objects.filter(pk__in=lost_ids).update(
            status=WartelisteStatus.WARTET, termin=None, platz=None, halten_bis=None
        )
        stale_ids = list(
            stale.select_for_update(skip_locked=skip, of=("self",)).values_list("pk", flat=True)
        )
        result.abgelaufen = Wartelisteneintrag.objects.filter(pk__in=stale_ids).update(
            status=WartelisteStatus.ABGELAUFEN, beendet_am=now
        )
        if ids or lost_ids:
            public_cache.changed()  # QuerySet.update sends no signal
    return result


def process(now: datetime | None = None, *, dry_run: bool = False) -> Lauf:
    """What ``process_waiting_list`` runs: end what ran out, then offer free seats."""
    now = now or timezone.now()
    result = expire(now, dry_run=dry_run)
    result.angeboten = offer_free_seats(now, dry_run=dry_run)
    return result


def purge_personal_data(now: datetime | None = None, *, dry_run: bool = False) -> int:
    """Blank the personal data of ended entries (booked, lapsed, expired, withdrawn): a waiting
    list needs nobody's address once they no longer wait. The rows stay, without anything
    personal, as the count of the waiting-list demand."""
    due = Wartelisteneintrag.objects.filter(status__in=ENDED).exclude(name="", email="", telefon="")
    ids = list(due.values_list("pk", flat=True))
    if dry_run or not ids:
        return len(ids)
    with transaction.atomic():
        Wartelisteneintrag.objects.filter(pk__in=ids).update(name="", email="", telefon="")
        redact_audit_trail(Wartelisteneintrag, ids)
    return len(ids)
