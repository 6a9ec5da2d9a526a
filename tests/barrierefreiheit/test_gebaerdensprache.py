"""The page in Deutsche Gebärdensprache: public videos with captions and a text version; without
videos the text version of the portal and ways to get in touch without speaking. Staff upload
videos in the admin, where wrong files are refused."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from saarlouis_portal.barrierefreiheit.models import Gebaerdenvideo

from .conftest import MP4, VTT, WEBM, make_video

pytestmark = pytest.mark.django_db

URL = reverse("gebaerdensprache")
ADD = reverse("admin:barrierefreiheit_gebaerdenvideo_add")


def test_without_videos_the_page_gives_the_text_version_and_written_ways_to_reach_us(
    client, settings
):
    settings.PORTAL_CONTACT_EMAIL = "sozial@saarlouis.example"
    make_video(oeffentlich=False, titel="Noch geheim")
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert re.search(r"<h1[^>]*>Informationen in Deutscher Gebärdensprache</h1>", html)
    assert "<video" not in html
    assert "Noch geheim" not in html
    assert "Das bietet das Portal" in html
    for name in ["sprechstunden:index", "sorgekreise:index", "begegnung:index"]:
        assert f'href="{reverse(name)}"' in html
    assert 'href="mailto:sozial@saarlouis.example"' in html
    assert f'href="{reverse("sorgekreise:hilfe_anfragen")}"' in html
    assert f'href="{reverse("barrierefreiheit")}#rueckmeldung"' in html


def test_a_public_video_is_shown_with_captions_and_its_text(client, media_root):
    video = make_video(textfassung="Erster Absatz.\n\nZweiter <Absatz>.")
    make_video(thema="versteckt", titel="Entwurf", oeffentlich=False)
    html = client.get(URL).content.decode()
    assert '<video class="portal-video__player" controls preload="none"' in html
    assert f'<source src="/media/{video.video.name}" type="video/mp4">' in html
    assert (
        f'<track kind="captions" src="/media/{video.untertitel.name}" srclang="de" '
        'label="Deutsch" default>'
    ) in html
    assert "Textfassung: Die Sprechstunde" in html
    assert "<p>Erster Absatz.</p>" in html
    assert "Zweiter &lt;Absatz&gt;." in html
    assert "Entwurf" not in html
    assert (media_root / video.video.name).read_bytes() == MP4


def test_videos_appear_in_their_order(client):
    make_video(thema="zwei", titel="Zweites Video", reihenfolge=2)
    make_video(thema="eins", titel="Erstes Video", reihenfolge=1)
    html = client.get(URL).content.decode()
    assert html.index("Erstes Video") < html.index("Zweites Video")


def _upload(client, **overrides):
    data = {
        "titel": "Die Sorgekreise",
        "thema": "sorgekreise",
        "video": SimpleUploadedFile("sorgekreise.mp4", MP4, content_type="video/mp4"),
        "untertitel": SimpleUploadedFile("sorgekreise.vtt", VTT, content_type="text/vtt"),
        "textfassung": "Ein Sorgekreis hilft.",
        "reihenfolge": "1",
        "oeffentlich": "on",
    }
    data.update(overrides)
    return client.post(ADD, data)


def test_staff_upload_a_video_in_the_admin(client, administrator, media_root):
    client.force_login(administrator)
    response = _upload(client)
    assert response.status_code == 302
    video = Gebaerdenvideo.objects.get()
    assert video.video.name.startswith("gebaerdensprache/videos/")
    assert (media_root / video.untertitel.name).read_bytes() == VTT
    response = _upload(
        client,
        thema="webm",
        video=SimpleUploadedFile("clip.webm", WEBM, content_type="video/webm"),
        untertitel=SimpleUploadedFile(
            "clip.vtt", b"\xef\xbb\xbfWEBVTT - DGS\n", content_type="text/vtt"
        ),
    )
    assert response.status_code == 302
    assert Gebaerdenvideo.objects.get(thema="webm").video_typ == "video/webm"


@pytest.mark.parametrize(
    ("field", "upload", "message"),
    [
        ("video", ("film.avi", MP4), "MP4- oder WebM-Datei"),
        ("video", ("film.mp4", b"<html>kein Video</html>" * 3), "kein MP4- oder WebM-Video"),
        ("video", ("film.webm", MP4), "kein MP4- oder WebM-Video"),
        ("video", ("film.mp4", b""), "Datei ist leer"),
        ("untertitel", ("text.srt", VTT), "als WebVTT-Datei hoch"),
        ("untertitel", ("text.vtt", b"1\n00:00:00,000 --> 00:00:02,000\nHallo\n"), "WEBVTT"),
        ("untertitel", ("text.vtt", b"WEBVTTX\n"), "WEBVTT"),
        ("untertitel", ("text.vtt", b"WEBVTT\n\xff\xfe"), "UTF-8"),
    ],
    ids=[
        "endung",
        "falsche-bytes",
        "webm-mit-mp4-bytes",
        "leer",
        "srt",
        "ohne-kopf",
        "kopf",
        "kodierung",
    ],
)
def test_wrong_files_are_refused_at_their_field(client, administrator, field, upload, message):
    client.force_login(administrator)
    name, content = upload
    response = _upload(client, **{field: SimpleUploadedFile(name, content)})
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert message in " ".join(form.errors[field])
    assert not Gebaerdenvideo.objects.exists()


def test_a_video_over_the_size_limit_is_refused(client, administrator, settings):
    settings.BARRIEREFREIHEIT_VIDEO_MAX_MB = 1
    client.force_login(administrator)
    big = MP4 + b"\x00" * (1024 * 1024)
    response = _upload(client, video=SimpleUploadedFile("gross.mp4", big))
    assert response.status_code == 200
    assert "höchstens 1 MB" in " ".join(response.context["adminform"].form.errors["video"])
    assert not Gebaerdenvideo.objects.exists()


def test_replaced_and_deleted_files_leave_no_orphans(
    client, administrator, media_root, django_capture_on_commit_callbacks
):
    video = make_video()
    alt_video, alt_untertitel = video.video.name, video.untertitel.name
    client.force_login(administrator)
    change = reverse("admin:barrierefreiheit_gebaerdenvideo_change", args=[video.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            change,
            {
                "titel": video.titel,
                "thema": video.thema,
                "video": SimpleUploadedFile("neu.mp4", MP4),
                "textfassung": video.textfassung,
                "reihenfolge": "0",
                "oeffentlich": "on",
            },
        )
    assert response.status_code == 302
    video.refresh_from_db()
    assert not (media_root / alt_video).exists()
    assert (media_root / video.video.name).exists()
    assert video.untertitel.name == alt_untertitel  # unchanged, kept
    assert (media_root / alt_untertitel).exists()
    with django_capture_on_commit_callbacks(execute=True):
        video.delete()
    assert not (media_root / video.video.name).exists()
    assert not (media_root / alt_untertitel).exists()
