"""Reminders for proposals nobody answers (issue 17), run by ``manage.py match_reminders``.

A proposal (a ``Vermittlung`` *vorgeschlagen* of an open request) that has waited
``SORGEKREISE_ERINNERUNG_TAGE`` days reminds the helper by e-mail, in the helper's language. If
still nobody answered ``SORGEKREISE_ERINNERUNG_KOORDINATION_TAGE`` days after that, the circle's
coordination gets one mail listing its waiting proposals; for a helper without an e-mail address
the coordination is reminded at the first date instead. Each reminder goes out once: its time is
stored on the match (``erinnert_helfende_am``, ``erinnert_koordination_am``). The mails name the
request by number and kind of help, never the person seeking help.

Several hosts may run the command at the same moment (docs/deployment.md): a run locks the rows
it reminds (``SELECT … FOR UPDATE SKIP LOCKED``) and marks them in the same transaction in which
it queues the mails, so another run skips them while they are locked and no longer finds them
due after the commit.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from saarlouis_portal.postausgang import outbox
from sorgekreise.models import AnfrageStatus, Sorgekreis, Vermittlung, VermittlungStatus
from sorgekreise.notifications import koordination_addresses
from sorgekreise.services import build_helfende_mail


def offene_aufgaben(user):
    """The call tasks and the unanswered proposals ``user`` sees, oldest first (two QuerySets;
    the staff page "Aufgaben" and the Cockpit card show them)."""
    sichtbar = Vermittlung.objects.for_user(user).select_related(
        "anfrage__art", "anfrage__sorgekreis", "helfende"
    )
    anrufe = sichtbar.anruf_offen().order_by("angenommen_am", "pk")
    frist = timezone.now() - timedelta(days=max(settings.SORGEKREISE_ERINNERUNG_TAGE, 0))
    vorschlaege = (
        sichtbar.ohne_antwort_seit(frist)
        .filter(anfrage__status=AnfrageStatus.OFFEN)
        .order_by("vorgeschlagen_am", "pk")
    )
    return anrufe, vorschlaege


@dataclass(frozen=True)
class Erinnerungen:
    """How many proposals a run reminded: to their helpers, to the coordination."""

    helfende: int
    koordination: int


def _offen():
    return Vermittlung.objects.filter(
        status=VermittlungStatus.VORGESCHLAGEN,
        anfrage__status=AnfrageStatus.OFFEN,
        helfende__anonymisiert_am__isnull=True,
    )


def _fristen(now: datetime) -> tuple[datetime, datetime]:
    """Proposals made before the first are due for the helper; helpers reminded before the
    second are due for the coordination."""
    tage = settings.SORGEKREISE_ERINNERUNG_TAGE
    danach = max(settings.SORGEKREISE_ERINNERUNG_KOORDINATION_TAGE, 0)
    return now - timedelta(days=tage), now - timedelta(days=danach)


def helfende_faellig(now: datetime):
    frist, _danach = _fristen(now)
    return (
        _offen()
        .filter(vorgeschlagen_am__lte=frist, erinnert_helfende_am__isnull=True)
        .exclude(helfende__email="")
    )


def koordination_faellig(now: datetime):
    frist, danach = _fristen(now)
    return (
        _offen()
        .filter(erinnert_koordination_am__isnull=True)
        .filter(
            Q(erinnert_helfende_am__lte=danach) | Q(helfende__email="", vorgeschlagen_am__lte=frist)
        )
    )


def _sperren(queryset) -> list[int]:
    """The due rows' ids, locked until this run's commit; rows another run holds are skipped."""
    return list(
        queryset.select_for_update(skip_locked=True, of=("self",))
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def _merken(ids: list[int], feld: str, now: datetime) -> None:
    Vermittlung.objects.filter(pk__in=ids).update(**{feld: now})


def _je_empfaenger(ids: list[int]) -> dict[str, list[int]]:
    """The coordination's addresses (``koordination_addresses``), each with its matches."""
    je_kreis: dict[int, list[int]] = {}
    for pk, kreis in Vermittlung.objects.filter(pk__in=ids).values_list(
        "pk", "anfrage__sorgekreis"
    ):
        je_kreis.setdefault(kreis, []).append(pk)
    result: dict[str, list[int]] = {}
    for kreis in Sorgekreis.objects.filter(pk__in=je_kreis).order_by("pk"):
        for address in koordination_addresses(kreis):
            result.setdefault(address, []).extend(je_kreis[kreis.pk])
    return result


def match_reminders(*, now: datetime | None = None, dry_run: bool = False) -> Erinnerungen:
    """Remind the proposals that are due (see the module's docstring); ``dry_run`` counts."""
    now = now or timezone.now()
    if settings.SORGEKREISE_ERINNERUNG_TAGE <= 0:
        return Erinnerungen(0, 0)
    if dry_run:
        return Erinnerungen(helfende_faellig(now).count(), koordination_faellig(now).count())
    with transaction.atomic():
        helfende = _sperren(helfende_faellig(now))
        _merken(helfende, "erinnert_helfende_am", now)
        for pk in helfende:
            data = {"vermittlung": pk, "template": "nachfrage"}
            outbox.with_transaction(lambda data=data: outbox.deliver(build_helfende_mail, data))
    with transaction.atomic():
        koordination = _sperren(koordination_faellig(now))
        _merken(koordination, "erinnert_koordination_am", now)
        for address, pks in sorted(_je_empfaenger(koordination).items()):
            data = {"an": address, "vermittlungen": pks}
            outbox.with_transaction(lambda data=data: outbox.deliver(build_koordination_mail, data))
    return Erinnerungen(len(helfende), len(koordination))


@outbox.builder
def build_koordination_mail(data: dict):
    """One mail per coordinator: the proposals still waiting for an answer (request number,
    kind of help, helper, date, link), built from the matches as they are then."""
    vermittlungen = list(
        Vermittlung.objects.filter(
            pk__in=data["vermittlungen"],
            status=VermittlungStatus.VORGESCHLAGEN,
            anfrage__status=AnfrageStatus.OFFEN,
        )
        .select_related("helfende", "anfrage__art", "anfrage__sorgekreis")
        .order_by("vorgeschlagen_am", "pk")
    )
    if not vermittlungen:
        return None
    context = {
        "vermittlungen": [
            {
                "nr": v.anfrage_id,
                "art": v.anfrage.art.name,
                "kreis": v.anfrage.sorgekreis.name,
                "helfende": v.helfende.name,
                "vorgeschlagen_am": v.vorgeschlagen_am,
                "helfende_erinnert_am": v.erinnert_helfende_am,
                "url": settings.PORTAL_BASE_URL
                + reverse("sorgekreise:vermittlung_update", args=[v.pk]),
            }
            for v in vermittlungen
        ],
        "aufgaben_url": settings.PORTAL_BASE_URL + reverse("sorgekreise:aufgaben"),
        "PORTAL_NAME": settings.PORTAL_NAME,
    }
    return EmailMessage(
        subject=render_to_string(
            "sorgekreise/staff/mail_vorschlaege_offen_betreff.txt", context
        ).strip(),
        body=render_to_string("sorgekreise/staff/mail_vorschlaege_offen.txt", context),
        to=[data["an"]],
    )
