"""Uploaded files go to a temporary MEDIA_ROOT; small files that pass (or fail) the checks."""

import pytest
from django.core.files.base import ContentFile

from saarlouis_portal.barrierefreiheit.models import Gebaerdenvideo

# The start of an MP4 file: a box of 24 bytes of type "ftyp" (brand isom), then padding.
MP4 = b"\x00\x00\x00\x18ftypisom\x00\x00\x02\x00isomiso2" + b"\x00" * 40
# The start of a WebM file: the EBML magic number, a header naming the document type "webm".
WEBM = b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01\x42\x82\x84webm" + b"\x00" * 40
VTT = b"WEBVTT\n\n00:00.000 --> 00:03.000\nHallo und willkommen.\n"


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def make_video(*, oeffentlich=True, thema="sprechstunde", **extra) -> Gebaerdenvideo:
    video = Gebaerdenvideo(
        titel=extra.pop("titel", "Die Sprechstunde"),
        thema=thema,
        textfassung=extra.pop("textfassung", "In der Sprechstunde beraten Sie Fachkräfte."),
        oeffentlich=oeffentlich,
        **extra,
    )
    video.video.save(f"{thema}.mp4", ContentFile(MP4), save=False)
    video.untertitel.save(f"{thema}.vtt", ContentFile(VTT), save=False)
    video.save()
    return video
