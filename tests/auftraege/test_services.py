"""The job service: start queues a real task (database backend), the worker runs it, the job
records progress, file and outcome; failures keep no traceback; old jobs go with their files."""

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tasks import TaskResultStatus, default_task_backend

from saarlouis_portal.auftraege import services
from saarlouis_portal.auftraege.models import Auftrag, Status
from saarlouis_portal.auftraege.retention import purge
from tests.auftraege import aufgaben
from tests.auftraege.worker import worker_step

pytestmark = pytest.mark.django_db


def _start(user, task, *args, capture):
    with capture(execute=True):
        auftrag = services.start(task, art="test", titel="Test", user=user, args=args)
    auftrag.refresh_from_db()
    return auftrag


def test_it_queues_the_task_only_when_the_transaction_commits(
    planer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        auftrag = services.start(
            aufgaben.mit_datei, art="test", titel="T", user=planer, args=("x",)
        )
        assert auftrag.task_result_id == ""
    assert len(callbacks) == 1
    callbacks[0]()
    auftrag.refresh_from_db()
    result = default_task_backend.get_result(auftrag.task_result_id)
    assert result.status == TaskResultStatus.READY
    assert result.args == [str(auftrag.pk), "x"]
    assert auftrag.status == Status.WARTET


def test_the_worker_runs_it_and_the_file_is_stored(planer, django_capture_on_commit_callbacks):
    auftrag = _start(
        planer, aufgaben.mit_datei, "Hallo", capture=django_capture_on_commit_callbacks
    )
    worker_step()
    auftrag.refresh_from_db()
    assert auftrag.status == Status.FERTIG
    assert (auftrag.erledigt, auftrag.gesamt) == (2, 2)
    assert auftrag.datei.name.startswith(f"auftraege/{auftrag.pk}/")
    assert auftrag.datei.read() == b"Hallo"
    assert auftrag.dateiname == "ergebnis.txt"
    assert auftrag.ergebnis == "Die Datei ist erstellt."
    assert auftrag.beendet_am is not None
    result = default_task_backend.get_result(auftrag.task_result_id)
    assert result.status == TaskResultStatus.SUCCESSFUL


def test_report_is_one_update_of_the_progress_columns(planer):
    auftrag = Auftrag.objects.create(art="test", titel="T", gestartet_von=planer)
    with CaptureQueriesContext(connection) as queries:
        services.report(auftrag.pk, 12, 40)
    updates = [q["sql"] for q in queries if q["sql"].startswith("UPDATE")]
    assert len(updates) == 1
    assert '"titel"' not in updates[0]
    assert '"erledigt"' in updates[0]
    auftrag.refresh_from_db()
    assert (auftrag.erledigt, auftrag.gesamt, auftrag.status) == (12, 40, Status.LAEUFT)


def test_progress_inside_a_transaction_is_readable_from_the_cache(planer):
    auftrag = Auftrag.objects.create(
        art="test", titel="T", gestartet_von=planer, status=Status.LAEUFT
    )
    services.report(auftrag.pk, 5, 9)  # tests run inside a transaction
    Auftrag.objects.filter(pk=auftrag.pk).update(erledigt=1)  # as others see the row meanwhile
    auftrag.refresh_from_db()
    assert services.fortschritt(auftrag) == (5, 9)


def test_an_unexpected_error_leaves_a_calm_message_and_no_traceback(
    planer, django_capture_on_commit_callbacks
):
    auftrag = _start(planer, aufgaben.stuerzt_ab, capture=django_capture_on_commit_callbacks)
    worker_step()
    auftrag.refresh_from_db()
    assert auftrag.status == Status.FEHLGESCHLAGEN
    assert auftrag.fehler == str(services.FEHLER_ALLGEMEIN)
    gespeichert = " ".join(
        str(v) for v in Auftrag.objects.filter(pk=auftrag.pk).values().get().values()
    )
    assert "Traceback" not in gespeichert
    assert "geheim.py" not in gespeichert
    # Operators find the traceback in the task result.
    result = default_task_backend.get_result(auftrag.task_result_id)
    assert result.status == TaskResultStatus.FAILED
    assert "geheim.py" in result.errors[0].traceback


def test_a_refusal_shows_its_own_sentence(planer, django_capture_on_commit_callbacks):
    auftrag = _start(planer, aufgaben.lehnt_ab, capture=django_capture_on_commit_callbacks)
    worker_step()
    auftrag.refresh_from_db()
    assert auftrag.status == Status.FEHLGESCHLAGEN
    assert auftrag.fehler == "Die Vorlage ist nicht mehr verfügbar."


def test_a_job_whose_task_failed_elsewhere_is_marked_failed(
    planer, django_capture_on_commit_callbacks
):
    auftrag = _start(planer, aufgaben.mit_datei, "x", capture=django_capture_on_commit_callbacks)
    from django_tasks_db.models import DBTaskResult

    DBTaskResult.objects.filter(pk=auftrag.task_result_id).update(status=TaskResultStatus.FAILED)
    auftrag = services.abgleichen(auftrag)
    assert auftrag.status == Status.FEHLGESCHLAGEN
    assert auftrag.fehler == str(services.FEHLER_ALLGEMEIN)


def test_old_jobs_are_deleted_with_their_files(
    planer, settings, django_capture_on_commit_callbacks
):
    settings.AUFTRAEGE_AUFBEWAHRUNG_TAGE = 7
    start = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False):
        alt = _start(planer, aufgaben.mit_datei, "alt", capture=django_capture_on_commit_callbacks)
        worker_step()
    with time_machine.travel(start + dt.timedelta(days=6), tick=False):
        neu = _start(planer, aufgaben.mit_datei, "neu", capture=django_capture_on_commit_callbacks)
        worker_step()
    alt.refresh_from_db()
    speicher = alt.datei.storage
    pfad = alt.datei.name
    assert speicher.exists(pfad)
    jetzt = start + dt.timedelta(days=7, hours=1)
    assert purge(jetzt, dry_run=True) == [("Hintergrundaufträge mit ihren Dateien", 1)]
    assert Auftrag.objects.count() == 2
    purge(jetzt)
    assert list(Auftrag.objects.all()) == [neu]
    assert not speicher.exists(pfad)


def test_a_job_open_for_hours_lost_its_worker_and_is_marked_failed(planer):
    start = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False):
        auftrag = Auftrag.objects.create(
            art="test", titel="T", gestartet_von=planer, status=Status.LAEUFT
        )
    assert services.abgleichen(auftrag, start + dt.timedelta(minutes=90)).status == Status.LAEUFT
    auftrag = services.abgleichen(auftrag, start + services.HOECHSTDAUER + dt.timedelta(minutes=1))
    assert auftrag.status == Status.FEHLGESCHLAGEN
