"""The page of a job: only for the person who started it; refreshes itself while open (meta
refresh inside <noscript>, htmx polling with JavaScript); the file for the owner only."""

import pytest
from django.urls import reverse

from saarlouis_portal.auftraege import services
from saarlouis_portal.auftraege.models import Auftrag, Status
from tests.auftraege import aufgaben
from tests.auftraege.worker import worker_step

pytestmark = pytest.mark.django_db

META_REFRESH = '<meta http-equiv="refresh" content="2">'


@pytest.fixture
def auftrag(berichtswesen, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        auftrag = services.start(
            aufgaben.mit_datei,
            art="test",
            titel="PDF des Kapitels „Armut“",
            user=berichtswesen,
            args=("Inhalt der Datei",),
            einheit="Abschnitten",
            zurueck_url="/cockpit/",
            zurueck_text="Zurück zum Kapitel",
        )
    return auftrag


def _url(auftrag, name="detail"):
    return reverse(f"auftraege:{name}", args=[auftrag.pk])


def test_anonymous_people_are_sent_to_the_login(client, auftrag):
    for name in ("detail", "stand", "datei"):
        response = client.get(_url(auftrag, name))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))


def test_somebody_else_gets_a_404(client, auftrag, planer, administrator):
    for user in (planer, administrator):
        client.force_login(user)
        for name in ("detail", "stand", "datei"):
            assert client.get(_url(auftrag, name)).status_code == 404


def test_waiting_page_refreshes_itself_and_polls_with_htmx(client, berichtswesen, auftrag):
    client.force_login(berichtswesen)
    response = client.get(_url(auftrag))
    assert response.status_code == 200
    html = response.content.decode()
    assert "PDF des Kapitels „Armut“" in html
    assert f"<noscript>{META_REFRESH}</noscript>" in html
    assert "vendor/htmx/htmx.min.js" in html
    assert f'hx-get="{_url(auftrag, "stand")}"' in html
    assert 'role="status"' in html
    assert "Der Auftrag wartet auf den Start." in html
    assert response["Cache-Control"] == "private, no-store"


def test_running_page_shows_a_real_progress_bar_with_text(client, berichtswesen, auftrag):
    services.report(auftrag.pk, 12, 40)
    client.force_login(berichtswesen)
    html = client.get(_url(auftrag)).content.decode()
    assert 'max="40" value="12"' in html
    assert "12 von 40 Abschnitten erledigt" in html
    assert "Der Auftrag läuft." in html
    assert META_REFRESH in html
    fragment = client.get(_url(auftrag, "stand"))
    assert fragment.status_code == 200
    assert "12 von 40 Abschnitten" in fragment.content.decode()
    assert "<html" not in fragment.content.decode()


def test_done_page_stops_refreshing_and_offers_the_file(client, berichtswesen, auftrag):
    worker_step()
    client.force_login(berichtswesen)
    html = client.get(_url(auftrag)).content.decode()
    assert "http-equiv" not in html
    assert "hx-get" not in html
    assert "htmx.min.js" not in html
    assert "Fertig." in html
    assert "Die Datei ist erstellt." in html
    assert f'href="{_url(auftrag, "datei")}"' in html
    # The last poll tells htmx to stop (286) and still brings the final state.
    fragment = client.get(_url(auftrag, "stand"))
    assert fragment.status_code == 286
    assert "ergebnis.txt herunterladen" in fragment.content.decode()


def test_only_the_owner_downloads_the_file(client, berichtswesen, planer, auftrag):
    worker_step()
    client.force_login(berichtswesen)
    response = client.get(_url(auftrag, "datei"))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="ergebnis.txt"'
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert b"".join(response.streaming_content) == b"Inhalt der Datei"
    client.force_login(planer)
    assert client.get(_url(auftrag, "datei")).status_code == 404


def test_no_file_before_the_job_is_done(client, berichtswesen, auftrag):
    client.force_login(berichtswesen)
    assert client.get(_url(auftrag, "datei")).status_code == 404


def test_failure_shows_a_calm_message_and_a_way_back(
    client, berichtswesen, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        auftrag = services.start(
            aufgaben.stuerzt_ab,
            art="test",
            titel="Import",
            user=berichtswesen,
            zurueck_url="/cockpit/",
            zurueck_text="Zurück zur Vorschau",
        )
    worker_step()
    client.force_login(berichtswesen)
    html = client.get(_url(auftrag)).content.decode()
    assert "Der Auftrag wurde nicht abgeschlossen." in html
    assert "Bitte versuchen Sie es später noch einmal" in html
    assert "Zurück zur Vorschau" in html
    assert "RuntimeError" not in html
    assert "geheim.py" not in html
    assert "Traceback" not in html
    assert "http-equiv" not in html
    assert Auftrag.objects.get(pk=auftrag.pk).status == Status.FEHLGESCHLAGEN
