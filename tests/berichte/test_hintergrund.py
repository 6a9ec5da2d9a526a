"""Large drafts and large imports leave the request (issue 15): the staff member lands on the
job's page, the task worker (real database backend) does the work, the page offers the file or
the result. Small drafts and small files still come straight back (tests/berichte/test_export.py,
test_import_views.py)."""

import io
import subprocess

import pytest
from django.urls import reverse
from docx import Document

from berichte import services_indikatoren, tasks
from berichte.models import Importlauf, Messwert
from saarlouis_portal.auftraege.models import Auftrag, Status
from tests.auftraege.worker import worker_step
from tests.berichte.conftest import veroeffentlichen
from tests.berichte.test_import_views import KOPF, hochladen

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def immer_im_hintergrund(monkeypatch):
    """Every draft counts as large, every import file as big."""
    monkeypatch.setattr(tasks, "SOFORT_HOECHSTENS_WERTE", {"pdf": 0, "docx": 0})
    monkeypatch.setattr(tasks, "IMPORT_SOFORT_HOECHSTENS_BYTES", 0)


def _starten(client, url, capture):
    with capture(execute=True):
        response = client.post(url)
    assert response.status_code == 302
    auftrag = Auftrag.objects.get()
    assert response["Location"] == auftrag.get_absolute_url()
    return auftrag


def test_a_small_draft_chapter_pdf_comes_straight_back(client, berichtswesen, armut_kapitel):
    client.force_login(berichtswesen)
    url = reverse("berichte:kapitel_download", args=[armut_kapitel.pk, "pdf"])
    response = client.get(url)
    assert response.content.startswith(b"%PDF")
    assert not Auftrag.objects.exists()


def test_a_large_draft_chapter_pdf_is_made_by_the_worker(
    client, berichtswesen, armut_kapitel, immer_im_hintergrund, django_capture_on_commit_callbacks
):
    client.force_login(berichtswesen)
    url = reverse("berichte:kapitel_download", args=[armut_kapitel.pk, "pdf"])
    # GET asks first (a link must not start work) and says why.
    html = client.get(url).content.decode()
    assert "PDF des Entwurfs erstellen" in html
    assert '<form method="post">' in html
    assert not Auftrag.objects.exists()

    auftrag = _starten(client, url, django_capture_on_commit_callbacks)
    assert auftrag.titel == "PDF des Kapitels „Armut“"
    assert auftrag.gestartet_von == berichtswesen
    seite = client.get(auftrag.get_absolute_url()).content.decode()
    assert "Der Auftrag wartet auf den Start." in seite
    assert 'http-equiv="refresh"' in seite

    worker_step()
    auftrag.refresh_from_db()
    assert auftrag.status == Status.FERTIG
    # One chapter's data, the HTML, the PDF.
    assert (auftrag.erledigt, auftrag.gesamt) == (3, 3)
    seite = client.get(auftrag.get_absolute_url()).content.decode()
    assert "http-equiv" not in seite
    assert "Zurück zum Kapitel" in seite
    datei = client.get(reverse("auftraege:datei", args=[auftrag.pk]))
    assert datei["Content-Type"] == "application/pdf"
    assert 'filename="sozialbericht-2026-armut.pdf"' in datei["Content-Disposition"]
    inhalt = b"".join(datei.streaming_content)
    assert inhalt.startswith(b"%PDF")


def test_the_report_pdf_and_a_chapter_docx_go_the_same_way(
    client, planer, armut_kapitel, immer_im_hintergrund, django_capture_on_commit_callbacks,
    tmp_path,
):  # fmt: skip
    client.force_login(planer)
    bericht = armut_kapitel.bericht
    auftrag = _starten(
        client,
        reverse("berichte:bericht_download", args=[bericht.pk, "pdf"]),
        django_capture_on_commit_callbacks,
    )
    worker_step()
    auftrag.refresh_from_db()
    assert auftrag.status == Status.FERTIG
    assert auftrag.titel == "PDF des Berichts „Sozialbericht 2026“"
    pdf = tmp_path / "bericht.pdf"
    pdf.write_bytes(auftrag.datei.read())
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    assert "Einleitung" in text
    assert "Armut" in text

    Auftrag.objects.all().delete()
    auftrag = _starten(
        client,
        reverse("berichte:kapitel_download", args=[armut_kapitel.pk, "docx"]),
        django_capture_on_commit_callbacks,
    )
    worker_step()
    auftrag.refresh_from_db()
    doc = Document(io.BytesIO(auftrag.datei.read()))
    assert any(p.text == "1. Armut" for p in doc.paragraphs)


def test_spreadsheets_stay_in_the_request_and_published_files_are_no_job(
    client, planer, armut_kapitel, immer_im_hintergrund
):
    client.force_login(planer)
    xlsx = reverse("berichte:kapitel_download", args=[armut_kapitel.pk, "xlsx"])
    assert client.get(xlsx).status_code == 200
    assert client.post(xlsx).status_code == 405
    veroeffentlichen(armut_kapitel, planer)
    # A large published file is made by the worker after publishing, never in the request and
    # never as a person's job (tests/berichte/test_veroeffentlichung_vorbereiten.py).
    pdf = reverse("berichte:kapitel_download", args=[armut_kapitel.pk, "pdf"])
    assert client.get(pdf).status_code == 503
    assert client.post(pdf).status_code == 405
    assert not Auftrag.objects.exists()


def test_the_public_cannot_start_a_draft_export(client, armut_kapitel, immer_im_hintergrund):
    url = reverse("berichte:kapitel_download", args=[armut_kapitel.pk, "pdf"])
    assert client.post(url).status_code == 404
    assert not Auftrag.objects.exists()


def test_a_draft_that_became_invisible_fails_calmly(
    client, berichtswesen, armut_kapitel, immer_im_hintergrund, django_capture_on_commit_callbacks
):
    client.force_login(berichtswesen)
    url = reverse("berichte:kapitel_download", args=[armut_kapitel.pk, "pdf"])
    auftrag = _starten(client, url, django_capture_on_commit_callbacks)
    armut_kapitel.delete()
    worker_step()
    auftrag.refresh_from_db()
    assert auftrag.status == Status.FEHLGESCHLAGEN
    assert auftrag.fehler == "Das Kapitel oder der Bericht ist nicht mehr verfügbar."


# Import


@pytest.fixture
def daten(sozialraeume, sgb2_quote, einwohner_indikator):
    return sozialraeume


def _vorschau(client, inhalt: str) -> str:
    return hochladen(client, inhalt.encode())["Location"]


def test_a_large_import_runs_in_the_worker_with_progress_per_batch(
    client, planer, daten, immer_im_hintergrund, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(services_indikatoren, "BATCH", 1)
    client.force_login(planer)
    vorschau = _vorschau(client, KOPF + "sgb2_quote;Nord;2024;12,5\neinwohner;SR02;2024;1.020\n")
    token = vorschau.rstrip("/").split("/")[-1]
    auftrag = _starten(
        client,
        reverse("berichte:import_bestaetigen", args=[token]),
        django_capture_on_commit_callbacks,
    )
    assert auftrag.titel == "Import von „werte.csv“"
    assert not Messwert.objects.exists()

    worker_step()
    auftrag.refresh_from_db()
    assert auftrag.status == Status.FERTIG
    assert (auftrag.erledigt, auftrag.gesamt) == (3, 3)  # the check, then two batches of one
    lauf = Importlauf.objects.get()
    assert (lauf.importiert_von, lauf.zeilen_neu) == (planer, 2)
    assert Messwert.objects.count() == 2
    html = client.get(auftrag.get_absolute_url()).content.decode()
    assert "„werte.csv“ wurde importiert: 2 neue, 0 geänderte, 0 unveränderte Werte." in html
    assert f'href="{reverse("berichte:import")}"' in html
    assert "Zu den Importen" in html


def test_a_large_import_whose_file_turned_stale_fails_and_leads_back(
    client, planer, daten, sgb2_quote, immer_im_hintergrund, django_capture_on_commit_callbacks
):
    client.force_login(planer)
    vorschau = _vorschau(client, KOPF + "sgb2_quote;Nord;2024;50\n")
    token = vorschau.rstrip("/").split("/")[-1]
    auftrag = _starten(
        client,
        reverse("berichte:import_bestaetigen", args=[token]),
        django_capture_on_commit_callbacks,
    )
    sgb2_quote.schluessel = "sgb2"
    sgb2_quote.save()
    worker_step()
    auftrag.refresh_from_db()
    assert auftrag.status == Status.FEHLGESCHLAGEN
    assert "enthält Fehler" in auftrag.fehler
    html = client.get(auftrag.get_absolute_url()).content.decode()
    assert f'href="{vorschau}"' in html
    assert "Zurück zur Vorschau" in html
    assert not Messwert.objects.exists()
