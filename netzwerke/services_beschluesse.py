"""Council decisions (``Ratsbeschluss``) of a measure: record, change, remove.

A measure's decisions are its "Beratungsfolge" (a committee's recommendation, then the council's
resolution, or a postponement first). Which record counts:

- to become *beschlossen* (``services_massnahmen.change_status``) the measure needs a decision
  that carries it: its newest complete record (by session date) is *einstimmig* or
  *mehrheitlich* (``traegender_beschluss``);
- a decided measure (beschlossen, laufend, abgeschlossen) keeps at least one record, and one that
  carries it if it had one: a change or removal that would take that away is refused.

Each change is one transaction with the measure's row locked; auditlog records the rows.
"""

from django.db import transaction
from django.utils.translation import gettext as _

from netzwerke.models import OEFFENTLICHE_STATUS, Massnahme, Ratsbeschluss
from saarlouis_portal.errors import DomainError

ENTSCHIEDEN = frozenset(OEFFENTLICHE_STATUS)


class BeschlussFehler(DomainError):
    """A change to a measure's council decisions that would leave a decided measure without
    the decision it rests on."""


def neuester_beschluss(massnahme: Massnahme) -> Ratsbeschluss | None:
    """The newest complete record (by session date, then entry)."""
    return (
        Ratsbeschluss.objects.filter(massnahme=massnahme)
        .vollstaendig()
        .order_by("-datum", "-pk")
        .first()
    )


def traegender_beschluss(massnahme: Massnahme) -> Ratsbeschluss | None:
    """The decision that carries the measure: its newest complete record, if that approves."""
    neuester = neuester_beschluss(massnahme)
    return neuester if neuester is not None and neuester.traegt else None


def _sichern(massnahme: Massnahme, beschluss: Ratsbeschluss, *, entfernen: bool) -> None:
    """Before changing or removing ``beschluss``: a decided measure still rests on its
    decision afterwards. Checked before writing, so a refusal leaves everything as it was."""
    if massnahme.status not in ENTSCHIEDEN:
        return
    alle = Ratsbeschluss.objects.filter(massnahme=massnahme)
    andere = alle.exclude(pk=beschluss.pk) if beschluss.pk else alle
    if entfernen and not andere.exists():
        raise BeschlussFehler(
            _(
                "Die Maßnahme ist „%(status)s“ und braucht ihren Ratsbeschluss. Ändern Sie den "
                "Eintrag, statt ihn zu entfernen."
            )
            % {"status": massnahme.get_status_display()}
        )
    traegt_danach = andere.zustimmend().exists() or (not entfernen and beschluss.traegt)
    if alle.zustimmend().exists() and not traegt_danach:
        raise BeschlussFehler(
            _(
                "Die Maßnahme ist „%(status)s“: Mindestens ein Ratsbeschluss muss „einstimmig“ "
                "oder „mehrheitlich“ lauten. Erfassen Sie eine Ablehnung oder Vertagung als "
                "weiteren Eintrag."
            )
            % {"status": massnahme.get_status_display()},
            field="ergebnis",
        )


@transaction.atomic
def save_beschluss(beschluss: Ratsbeschluss) -> Ratsbeschluss:
    """Store a new or changed record of ``beschluss.massnahme`` (set by the caller from the URL,
    never from input). Raises ``BeschlussFehler``; nothing is written then."""
    massnahme = Massnahme.objects.select_for_update().get(pk=beschluss.massnahme_id)
    _sichern(massnahme, beschluss, entfernen=False)
    beschluss.save()
    return beschluss


@transaction.atomic
def remove_beschluss(beschluss: Ratsbeschluss) -> None:
    massnahme = Massnahme.objects.select_for_update().get(pk=beschluss.massnahme_id)
    _sichern(massnahme, beschluss, entfernen=True)
    beschluss.delete()
