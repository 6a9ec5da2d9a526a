"""A booking once made: found by its manage link, confirmed, cancelled, its personal data deleted
by the citizen; confirmed or cancelled by staff."""

from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from saarlouis_portal import telefon as nummern
from saarlouis_portal.konten.audit import redact_audit_trail
from sprechstunden import notifications
from sprechstunden.models import OFFEN, Buchung, BuchungStatus, hash_token
from sprechstunden.services.errors import (
    BuchungNichtAenderbar,
    BuchungNichtGefunden,
    LinkUngueltig,
    NichtVerlaengerbar,
    SprechstundenFehler,
)
from sprechstunden.services.notify import (
    _cancellation_sequence,
    _next_sequence,
    _notify,
    _offer_freed_seat,
    _rotate_token,
)


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


def extend_reservation(pk: int, now: datetime | None = None) -> Buchung:
    """More time to confirm (WCAG 2.2.1), once, while the reservation still waits: it then
    waits twice the reservation time from its start."""
    now = now or timezone.now()
    with transaction.atomic():
        buchung = Buchung.objects.select_for_update().filter(pk=pk).first()
        if (
            buchung is None
            or buchung.status != BuchungStatus.RESERVIERT
            or buchung.verlaengert
            or now >= notifications.reservation_deadline(buchung)
        ):
            raise NichtVerlaengerbar()
        buchung.verlaengert = True
        buchung.save(update_fields=["verlaengert"])
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
        _offer_freed_seat(buchung.termin_id)
    return buchung


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
            _offer_freed_seat(buchung.termin_id)
        buchung.name = buchung.email = buchung.telefon = buchung.code = ""
        buchung.notiz = buchung.barrierefreiheit = ""
        buchung.dolmetschen = False
        buchung.token_gueltig_bis = now
        buchung.save()
        redact_audit_trail(Buchung, [buchung.pk])
    return buchung


def find_by_code(
    code: str, *, email: str = "", telefon: str = "", now: datetime | None = None
) -> tuple[Buchung, str]:
    """ "Buchung finden": the booking with this code whose e-mail address (any case) or phone
    number (compared in E.164) is the one given, as long as its manage link would still work.
    Returns it with a new manage link (only the hash of the old one is stored, so the old link
    stops working). ``BuchungNichtGefunden`` alike for an unknown code and a wrong contact."""
    now = now or timezone.now()
    with transaction.atomic():
        buchung = (
            Buchung.objects.select_for_update()
            .filter(code=code, token_gueltig_bis__gt=now)
            .exclude(code="")
            .first()
        )
        if buchung is None or not _same_person(buchung, email, telefon):
            raise BuchungNichtGefunden
        token = _rotate_token(buchung)
    return buchung, token


def _same_person(buchung: Buchung, email: str, telefon: str) -> bool:
    if email and buchung.email:
        return buchung.email.casefold() == email.casefold()
    if telefon and buchung.telefon:
        return nummern.e164_or_unchanged(buchung.telefon) == telefon
    return False
