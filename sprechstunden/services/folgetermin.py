"""Follow-up appointments: at the end of a consultation the counsellor books the next one for
the same person, in the same Sprechstunde or another one they counsel in.

The booking is a staff booking like one for a caller (``booking.book_termin``: the slot's row
lock, confirmed at once, the usual confirmation with its calendar file and the person's link if
they gave an e-mail address), made in the same transaction as its mark: ``Buchung.folgetermin``
and the consultation it follows (``folge_von``), which reports need to tell first from
follow-up consultations. The privacy notice (``templates/rechtliches/datenschutz.html``) asks
consent for one appointment, so the form asks the counsellor to confirm that the person agreed
again; the new booking stores that consent with the current version of the notice.
"""

from datetime import datetime

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from sprechstunden.models import Buchung, BuchungStatus, Kanal
from sprechstunden.services.booking import BuchungsDaten, book_termin
from sprechstunden.services.errors import SprechstundenFehler


class FolgeterminNichtMoeglich(SprechstundenFehler):
    message = _(
        "Einen Folgetermin buchen Sie, nachdem Sie die Beratung als wahrgenommen erfasst haben."
    )


def book_folgetermin(
    vorher: Buchung,
    termin_id: int,
    data: BuchungsDaten,
    *,
    by,
    now: datetime | None = None,
) -> tuple[Buchung, str]:
    """Book slot ``termin_id`` as the follow-up of the attended booking ``vorher``. Returns the
    booking and its manage token (as ``book_termin``). Raises ``FolgeterminNichtMoeglich`` unless
    ``vorher`` was attended, and what ``book_termin`` raises (slot taken, not bookable, the
    person holds a seat in it already)."""
    with transaction.atomic():
        vorher = Buchung.objects.select_for_update(of=("self",)).get(pk=vorher.pk)
        if vorher.status != BuchungStatus.WAHRGENOMMEN:
            raise FolgeterminNichtMoeglich
        buchung, token = book_termin(termin_id, data, kanal=Kanal.BERATUNG, by=by, now=now)
        # The confirmation is built once this commits (sent directly, from this very object;
        # queued, by the worker from the stored booking), so it reads the mark and says that it
        # is the follow-up.
        buchung.folgetermin = True
        buchung.folge_von = vorher
        buchung.save(update_fields=["folgetermin", "folge_von"])
    return buchung, token
