"""Starting background jobs and reporting on them, for every app.

An app's view calls ``start`` with its task (a ``@task`` function in ``<app>/tasks.py`` whose
first argument is the job's id) and redirects to the job's page. The task wraps its work in
``run``, reports progress with ``report`` and ends with ``finish`` (or ``fail``). The portal
core never imports an app: the app hands in its task object.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta

from django.conf import settings
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_tasks import TaskResultStatus, default_task_backend
from django_tasks.exceptions import TaskResultDoesNotExist

from saarlouis_portal.auftraege.models import OFFEN, Auftrag, Status
from saarlouis_portal.errors import DomainError

logger = logging.getLogger(__name__)

FEHLER_ALLGEMEIN = _(
    "Der Auftrag konnte leider nicht abgeschlossen werden. Bitte versuchen Sie es später noch "
    "einmal; bleibt der Fehler, hilft Ihnen die Fachadministration."
)


# No job of the portal takes this long; one still open after it has lost its worker.
HOECHSTDAUER = timedelta(hours=2)


class AuftragFehler(DomainError):
    """A task refuses to go on; its message is what the person reads on the job's page."""


def start(
    task,
    *,
    art: str,
    titel: str,
    user,
    args: tuple = (),
    einheit: str = "Schritten",
    zurueck_url: str = "",
    zurueck_text: str = "",
) -> Auftrag:
    """Create the job and queue ``task(auftrag_id, *args)`` once the caller's transaction has
    committed, so no worker ever picks up a task whose job (or data) is not there yet."""
    auftrag = Auftrag.objects.create(
        art=art,
        titel=titel[:200],
        gestartet_von=user,
        einheit=einheit,
        weiter_url=zurueck_url,
        weiter_text=zurueck_text,
    )
    auftrag_id = str(auftrag.pk)

    def enqueue():
        result = task.enqueue(auftrag_id, *args)
        Auftrag.objects.filter(pk=auftrag_id).update(task_result_id=str(result.id))

    transaction.on_commit(enqueue)
    return auftrag


def _fortschritt_schluessel(auftrag_id) -> str:
    return f"auftraege:fortschritt:{auftrag_id}"


def report(auftrag_id, erledigt: int, gesamt: int) -> None:
    """Progress: one UPDATE of three columns, never a save of the row.

    Inside a transaction (an import saves all values or none) that UPDATE is seen by nobody
    until the commit; so there the numbers go to the shared cache as well, which the page
    reads (Redis in production: outside every database transaction)."""
    Auftrag.objects.filter(pk=auftrag_id, status__in=OFFEN).update(
        erledigt=erledigt, gesamt=gesamt, status=Status.LAEUFT
    )
    if transaction.get_connection().in_atomic_block:
        cache.set(_fortschritt_schluessel(auftrag_id), [erledigt, gesamt], 24 * 3600)


def fortschritt(auftrag: Auftrag) -> tuple[int, int]:
    """(erledigt, gesamt) as far as anybody can know it now."""
    erledigt, gesamt = auftrag.erledigt, auftrag.gesamt
    if auftrag.status == Status.LAEUFT:
        gemerkt = cache.get(_fortschritt_schluessel(auftrag.pk))
        if gemerkt and gemerkt[0] > erledigt:
            erledigt, gesamt = gemerkt
    elif auftrag.status == Status.FERTIG and gesamt:
        erledigt = gesamt
    return erledigt, gesamt


def finish(
    auftrag_id,
    *,
    inhalt: bytes | None = None,
    dateiname: str = "",
    content_type: str = "application/octet-stream",
    ergebnis: str = "",
    weiter_url: str = "",
    weiter_text: str = "",
) -> None:
    """The job is done: store its file (through Django's storage API) and its result text."""
    auftrag = Auftrag.objects.get(pk=auftrag_id)
    felder = {
        "status": Status.FERTIG,
        "beendet_am": timezone.now(),
        "ergebnis": ergebnis[:500],
        "erledigt": auftrag.gesamt,
    }
    if weiter_url:
        felder.update(weiter_url=weiter_url, weiter_text=weiter_text)
    if inhalt is not None:
        auftrag.datei.save(dateiname, ContentFile(inhalt), save=False)
        felder.update(datei=auftrag.datei.name, dateiname=dateiname, content_type=content_type)
    Auftrag.objects.filter(pk=auftrag_id).update(**felder)
    cache.delete(_fortschritt_schluessel(auftrag_id))


def fail(auftrag_id, meldung: str = "") -> None:
    """The job failed: a calm sentence for the person (the traceback stays in the log and the
    task result, where operators look)."""
    Auftrag.objects.filter(pk=auftrag_id, status__in=OFFEN).update(
        status=Status.FEHLGESCHLAGEN,
        fehler=(str(meldung) or str(FEHLER_ALLGEMEIN))[:500],
        beendet_am=timezone.now(),
    )
    cache.delete(_fortschritt_schluessel(auftrag_id))


def run(auftrag_id, work: Callable[[Auftrag], None]) -> None:
    """Run ``work(auftrag)`` in the task and record how it ended.

    ``AuftragFehler`` (any ``DomainError``) is a refusal with a message for the person; any
    other exception is logged, shown as a general message and raised again, so the task result
    keeps the traceback for operators."""
    auftrag = Auftrag.objects.filter(pk=auftrag_id).select_related("gestartet_von").first()
    if auftrag is None or not auftrag.offen:
        return  # deleted after its retention period, or already ended
    report(auftrag_id, 0, auftrag.gesamt)
    try:
        work(auftrag)
    except DomainError as error:
        fail(auftrag_id, str(error.message))
    except Exception:
        logger.exception("Background job %s (%s) failed", auftrag_id, auftrag.art)
        fail(auftrag_id)
        raise


def abgleichen(auftrag: Auftrag, now: datetime | None = None) -> Auftrag:
    """A job still open whose task has failed outside ``run`` (task failed or pruned) or that
    is older than ``HOECHSTDAUER`` (a worker killed mid-task leaves it "running" for ever):
    mark it failed, so nobody waits for ever."""
    if not auftrag.offen:
        return auftrag
    zu_alt = auftrag.erstellt_am < (now or timezone.now()) - HOECHSTDAUER
    gescheitert = False
    if auftrag.task_result_id and not zu_alt:
        try:
            result = default_task_backend.get_result(auftrag.task_result_id)
        except TaskResultDoesNotExist:
            gescheitert = True
        else:
            gescheitert = result.status == TaskResultStatus.FAILED
    if zu_alt or gescheitert:
        fail(auftrag.pk)
        auftrag.refresh_from_db()
    return auftrag


def purge(now: datetime | None = None, *, dry_run: bool = False) -> int:
    """Jobs older than ``AUFTRAEGE_AUFBEWAHRUNG_TAGE`` are deleted with their files."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.AUFTRAEGE_AUFBEWAHRUNG_TAGE)
    alte = list(Auftrag.objects.filter(erstellt_am__lt=cutoff))
    if dry_run:
        return len(alte)
    for auftrag in alte:
        if auftrag.datei:
            auftrag.datei.delete(save=False)
        auftrag.delete()
    return len(alte)
