"""Uploaded and produced files go through the storage API only (issue 15): with another storage
(here Django's in-memory one, in production S3) nothing is written under MEDIA_ROOT, so several
hosts share the files through the storage."""

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from saarlouis_portal.barrierefreiheit.models import Gebaerdenvideo
from tests.barrierefreiheit.conftest import MP4, VTT
from tests.berichte.conftest import veroeffentlichen


@pytest.fixture
def speicher_im_arbeitsspeicher(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    }
    yield settings.MEDIA_ROOT
    assert not settings.MEDIA_ROOT.exists()


def test_a_sign_language_video_is_stored_and_linked_through_the_storage(
    client, administrator, speicher_im_arbeitsspeicher
):
    client.force_login(administrator)
    response = client.post(
        reverse("admin:barrierefreiheit_gebaerdenvideo_add"),
        {
            "titel": "Die Sorgekreise",
            "thema": "sorgekreise",
            "video": SimpleUploadedFile("sorgekreise.mp4", MP4, content_type="video/mp4"),
            "untertitel": SimpleUploadedFile("sorgekreise.vtt", VTT, content_type="text/vtt"),
            "textfassung": "Ein Sorgekreis hilft.",
            "reihenfolge": "1",
            "oeffentlich": "on",
        },
    )
    assert response.status_code == 302
    video = Gebaerdenvideo.objects.get()
    with default_storage.open(video.video.name, "rb") as datei:
        assert datei.read() == MP4
    with default_storage.open(video.untertitel.name, "rb") as datei:
        assert datei.read() == VTT
    seite = client.get(reverse("gebaerdensprache")).content.decode()
    assert default_storage.url(video.video.name) in seite


def test_a_published_export_is_kept_in_the_storage(
    client, planer, armut_kapitel, speicher_im_arbeitsspeicher
):
    kapitel = veroeffentlichen(armut_kapitel, planer)
    url = reverse("berichte:kapitel_download", args=[kapitel.pk, "xlsx"])
    erste = client.get(url).content
    ordner = f"berichte/exporte/{kapitel.bericht_id}"
    [name] = default_storage.listdir(ordner)[1]
    with default_storage.open(f"{ordner}/{name}", "rb") as datei:
        assert datei.read() == erste
    assert client.get(url).content == erste
