"""Anonymous outcomes (``Beratungskontakt``) for the statistics: a booking attended, a
consultation without a booking; and a booking whose person did not come."""

from datetime import date, datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sprechstunden.models import (
    Beratungskontakt,
    Beratungsthema,
    Buchung,
    BuchungStatus,
    Sprechstunde,
)
from sprechstunden.services.errors import SprechstundenFehler


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
    """Record an anonymous outcome; for a booking it also marks the booking as attended. The
    consultation of a follow-up booking (``Buchung.folgetermin``) is a follow-up contact."""
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
            if buchung.folgetermin:
                erstkontakt = False
            sprechstunde = buchung.termin.sprechstunde
            datum = timezone.localtime(
                buchung.termin.beginn, timezone.get_default_timezone()
            ).date()
            art = Beratungskontakt.Art.TERMIN
        anlaufstelle = sprechstunde.anlaufstelle if sprechstunde else None
        return Beratungskontakt.objects.create(
            anlaufstelle=anlaufstelle,
            gebiet=anlaufstelle.gebiet,
            sprechstunde=sprechstunde,
            datum=datum or timezone.localtime(now, timezone.get_default_timezone()).date(),
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


def ensure_outcome_possible(buchung: Buchung, now: datetime | None = None) -> None:
    """Attended or no-show can only be said of a booking that was kept and has begun."""
    now = now or timezone.now()
    if buchung.status in (BuchungStatus.STORNIERT, BuchungStatus.ABGELAUFEN):
        raise SprechstundenFehler(_("Diese Buchung ist abgesagt oder verfallen."))
    if buchung.termin.beginn > now:
        raise SprechstundenFehler(_("Das geht erst ab Beginn des Termins."))
