"""Publishing a chapter has the worker make its files and pages (issue 15: no visitor waits for
the first PDF of a large chapter); a large file that is missing anyway is asked of the worker
again while the visitor gets a short page, never seconds of rendering in the request."""

import pytest
from django.conf import settings
from django.core.files.storage import default_storage
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from berichte import services, tasks
from berichte.exports import EXPORTE, Dokument
from berichte.models import GespeicherteSeite, Workflow
from berichte.snapshot import kapitel_daten
from tests.auftraege.worker import worker_step

pytestmark = pytest.mark.django_db


def _veroeffentlichen(kapitel, planer, berichtswesen, capture):
    services.change_status(kapitel, Workflow.PRUEFUNG, planer)
    with capture(execute=True):
        return services.change_status(kapitel, Workflow.VEROEFFENTLICHT, berichtswesen)


def _dateien(bericht) -> list[str]:
    ordner = f"berichte/exporte/{bericht.pk}"
    return sorted(default_storage.listdir(ordner)[1]) if default_storage.exists(ordner) else []


def test_publishing_queues_the_files_and_pages_and_the_worker_makes_them(
    planer, berichtswesen, armut_kapitel, django_capture_on_commit_callbacks
):
    bericht = armut_kapitel.bericht
    kapitel = _veroeffentlichen(
        armut_kapitel, planer, berichtswesen, django_capture_on_commit_callbacks
    )
    assert DBTaskResult.objects.count() == 1
    assert _dateien(bericht) == []
    assert not GespeicherteSeite.objects.exists()

    worker_step()

    # Every format of the report and of the chapter on its own.
    dateien = _dateien(bericht)
    assert len(dateien) == 2 * len(EXPORTE)
    assert {name.rsplit(".", 1)[1] for name in dateien} == set(EXPORTE)
    assert sum(name.startswith(f"kapitel-{kapitel.pk}-") for name in dateien) == len(EXPORTE)
    # The chapter page and the report page in every language.
    sprachen = len(settings.LANGUAGES)
    assert GespeicherteSeite.objects.filter(kapitel=kapitel).count() == sprachen
    assert GespeicherteSeite.objects.filter(kapitel=None, bericht=bericht).count() == sprachen


def test_a_download_after_publishing_reads_the_stored_file(
    client, planer, berichtswesen, armut_kapitel, django_capture_on_commit_callbacks
):
    kapitel = _veroeffentlichen(
        armut_kapitel, planer, berichtswesen, django_capture_on_commit_callbacks
    )
    worker_step()
    dokument = Dokument(kapitel.bericht, [(kapitel, kapitel_daten(kapitel))], einzeln=True)
    pfad = dokument.ablage_pfad("pdf")
    with default_storage.open(pfad, "rb") as datei:
        gespeichert = datei.read()
    assert gespeichert.startswith(b"%PDF")
    response = client.get(reverse("berichte:kapitel_download", args=[kapitel.pk, "pdf"]))
    assert response.status_code == 200
    assert response.content == gespeichert


def test_running_the_task_again_makes_nothing_new(
    planer, berichtswesen, armut_kapitel, django_capture_on_commit_callbacks
):
    kapitel = _veroeffentlichen(
        armut_kapitel, planer, berichtswesen, django_capture_on_commit_callbacks
    )
    worker_step()
    vorher = _dateien(kapitel.bericht)
    seiten = list(GespeicherteSeite.objects.values_list("pk", flat=True).order_by("pk"))
    tasks.veroeffentlichung_vorbereiten.call(kapitel.bericht_id)
    assert _dateien(kapitel.bericht) == vorher
    assert list(GespeicherteSeite.objects.values_list("pk", flat=True).order_by("pk")) == seiten


@pytest.fixture
def alles_gross(monkeypatch):
    """Every PDF and Word file counts as large."""
    monkeypatch.setattr(tasks, "SOFORT_HOECHSTENS_WERTE", {"pdf": 0, "docx": 0})


def test_a_large_missing_file_is_asked_of_the_worker_and_the_visitor_waits_calmly(
    client, planer, berichtswesen, armut_kapitel, alles_gross, django_capture_on_commit_callbacks
):
    services.change_status(armut_kapitel, Workflow.PRUEFUNG, planer)
    kapitel = services.change_status(armut_kapitel, Workflow.VEROEFFENTLICHT, berichtswesen)
    assert not DBTaskResult.objects.exists()  # the publishing's task was not run (no commit)
    url = reverse("berichte:kapitel_download", args=[kapitel.pk, "pdf"])
    for _versuch in range(3):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.get(url)
        assert response.status_code == 503
        assert response["Retry-After"] == "60"
        html = response.content.decode()
        assert "Die Datei wird vorbereitet" in html
        assert f'href="{url}"' in html
    assert DBTaskResult.objects.count() == 1  # asked once, however often the page is reloaded
    assert _dateien(kapitel.bericht) == []

    worker_step()

    response = client.get(url)
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")


def test_small_published_files_and_spreadsheets_still_come_straight_back(
    client, planer, berichtswesen, armut_kapitel
):
    services.change_status(armut_kapitel, Workflow.PRUEFUNG, planer)
    kapitel = services.change_status(armut_kapitel, Workflow.VEROEFFENTLICHT, berichtswesen)
    for fmt in EXPORTE:
        response = client.get(reverse("berichte:kapitel_download", args=[kapitel.pk, fmt]))
        assert response.status_code == 200, fmt
    assert not DBTaskResult.objects.exists()
