"""Data protection of the Sorgekreise: retention step for ``manage.py purge_personal_data`` and
deleting a helper's data on request.

Personal data is *anonymised*, not the rows deleted: what the statistics count (kind of help,
area, month, outcome, hours, skills and status of helpers) stays, what names or describes a person
(name, contact, mail language, notes, time window, languages, weekly times, vetting notes) goes.
Who phoned a person seeking help (``Vermittlung.benachrichtigt_von``) is a staff member and
stays, like the access log. Every change is an ``update()``, so the audit trail records no new
copy of the old values, and the existing trail of the anonymised rows is redacted
(``saarlouis_portal.konten.audit``). The access log of a request
(``saarlouis_portal.konten.zugriff``: which staff member, when, what kind of access) stays: it
names no citizen, and redaction keeps it.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from saarlouis_portal.konten.audit import REDACTED, redact_audit_trail
from saarlouis_portal.konten.zugriff import ZugriffAktion, log_access_many
from sorgekreise.models import (
    ABGESCHLOSSEN,
    AnfrageStatus,
    Helfende,
    HelfendeStatus,
    Hilfeanfrage,
    Verfuegbarkeit,
    Vermittlung,
    VermittlungStatus,
)


def _cutoff(now: datetime) -> datetime:
    return now - timedelta(days=settings.SORGEKREISE_AUFBEWAHRUNG_TAGE)


def _anonymise_requests(ids: list[int], now: datetime) -> None:
    Hilfeanfrage.objects.filter(pk__in=ids).update(
        name="",
        telefon="",
        email="",
        # The language of the person's mails can hint at their origin; it has no use any more.
        mailsprache="de",
        notiz="",
        zeitfenster="",
        anonymisiert_am=now,
    )
    vermittlungen = list(Vermittlung.objects.filter(anfrage__in=ids).values_list("pk", flat=True))
    Vermittlung.objects.filter(pk__in=vermittlungen).update(notiz="")
    # Every change of a request is in its access log; this one was made by the system.
    log_access_many(
        Hilfeanfrage.objects.filter(pk__in=ids).select_related("art").order_by("pk"),
        None,
        ZugriffAktion.LOESCHEN,
        zeitpunkt=now,
    )
    redact_audit_trail(Hilfeanfrage, ids)
    redact_audit_trail(Vermittlung, vermittlungen)


def _anonymise_helpers(ids: list[int], now: datetime) -> None:
    Helfende.objects.filter(pk__in=ids).update(
        name=REDACTED,
        email="",
        telefon="",
        notiz="",
        pruefung_notiz="",
        geprueft_von=None,
        fuehrungszeugnis_vom=None,
        fuehrungszeugnis_gueltig_bis=None,
        status=HelfendeStatus.AUSGESCHIEDEN,
        anonymisiert_am=now,
    )
    Helfende.objects.filter(pk__in=ids, ausgeschieden_am__isnull=True).update(ausgeschieden_am=now)
    # Languages can hint at a person's origin; the weekly times describe their life.
    Helfende.sprachen.through.objects.filter(helfende__in=ids).delete()
    Verfuegbarkeit.objects.filter(helfende__in=ids).delete()
    vermittlungen = list(Vermittlung.objects.filter(helfende__in=ids).values_list("pk", flat=True))
    Vermittlung.objects.filter(pk__in=vermittlungen).update(notiz="")
    redact_audit_trail(Helfende, ids)
    redact_audit_trail(Vermittlung, vermittlungen)


def purge_requests(now: datetime | None = None, *, dry_run: bool = False) -> int:
    """Requests done or withdrawn longer ago than the retention period lose their personal data."""
    now = now or timezone.now()
    cutoff = _cutoff(now)
    due = Hilfeanfrage.objects.filter(
        Q(abgeschlossen_am__lt=cutoff) | Q(abgeschlossen_am__isnull=True, geaendert_am__lt=cutoff),
        status__in=ABGESCHLOSSEN,
        anonymisiert_am__isnull=True,
    )
    ids = list(due.values_list("pk", flat=True))
    if dry_run or not ids:
        return len(ids)
    with transaction.atomic():
        _anonymise_requests(ids, now)
    return len(ids)


def purge_helpers(now: datetime | None = None, *, dry_run: bool = False) -> int:
    """Helpers who left longer ago than the retention period lose their personal data."""
    now = now or timezone.now()
    cutoff = _cutoff(now)
    due = Helfende.objects.filter(
        Q(ausgeschieden_am__lt=cutoff) | Q(ausgeschieden_am__isnull=True, geaendert_am__lt=cutoff),
        status=HelfendeStatus.AUSGESCHIEDEN,
        anonymisiert_am__isnull=True,
    )
    ids = list(due.values_list("pk", flat=True))
    if dry_run or not ids:
        return len(ids)
    with transaction.atomic():
        _anonymise_helpers(ids, now)
    return len(ids)


def purge(now=None, *, dry_run: bool = False) -> list[tuple[str, int]]:
    return [
        ("Sorgekreise-Hilfeanfragen", purge_requests(now, dry_run=dry_run)),
        ("Sorgekreise-Helfende", purge_helpers(now, dry_run=dry_run)),
    ]


def delete_helper_data(helfende: Helfende, by, *, now: datetime | None = None) -> Helfende:
    """A helper asked for deletion: end their running matches, anonymise them at once.

    A request whose only running match ends this way is open again, so the coordinator finds
    another helper; each such request gets an access-log entry.
    """
    now = now or timezone.now()
    with transaction.atomic():
        helfende = Helfende.objects.select_for_update().get(pk=helfende.pk)
        laufend = Vermittlung.objects.filter(
            helfende=helfende,
            status__in=(VermittlungStatus.VORGESCHLAGEN, VermittlungStatus.ANGENOMMEN),
        )
        anfragen = list(laufend.values_list("anfrage", flat=True))
        laufend.filter(status=VermittlungStatus.VORGESCHLAGEN).update(
            status=VermittlungStatus.ABGELEHNT, abgeschlossen_am=now
        )
        laufend.filter(status=VermittlungStatus.ANGENOMMEN).update(
            status=VermittlungStatus.ABGESCHLOSSEN, abgeschlossen_am=now
        )
        Hilfeanfrage.objects.filter(pk__in=anfragen, status=AnfrageStatus.VERMITTELT).exclude(
            vermittlungen__status__in=(
                VermittlungStatus.VORGESCHLAGEN,
                VermittlungStatus.ANGENOMMEN,
            )
        ).update(status=AnfrageStatus.OFFEN)
        log_access_many(
            Hilfeanfrage.objects.filter(pk__in=anfragen).select_related("art").order_by("pk"),
            by,
            ZugriffAktion.VERMITTELN,
            zeitpunkt=now,
        )
        _anonymise_helpers([helfende.pk], now)
    helfende.refresh_from_db()
    return helfende
