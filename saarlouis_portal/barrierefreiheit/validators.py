"""Checks of the files staff upload for the sign-language page: a video (MP4 or WebM) and its
captions (WebVTT).

The extension alone proves nothing, so the first bytes must fit it: an MP4 file has the box
type ``ftyp`` at offset 4, a WebM file starts with the EBML magic number and names the document
type ``webm``. Captions are UTF-8 text starting with ``WEBVTT``. Files already stored are not
read again when a video's other fields change.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.utils.translation import gettext_lazy as _

VIDEO_TYPEN = {"mp4": "video/mp4", "webm": "video/webm"}
EBML_MAGIC = b"\x1a\x45\xdf\xa3"
UNTERTITEL_MAX_BYTES = 2 * 1024 * 1024

video_extension = FileExtensionValidator(
    allowed_extensions=list(VIDEO_TYPEN),
    message=_("Bitte laden Sie ein Video als MP4- oder WebM-Datei hoch (.mp4 oder .webm)."),
)
untertitel_extension = FileExtensionValidator(
    allowed_extensions=["vtt"],
    message=_("Bitte laden Sie die Untertitel als WebVTT-Datei hoch (.vtt)."),
)


def _is_new_upload(value) -> bool:
    # A FieldFile of a stored file is "committed"; an upload in a form is not yet.
    return not getattr(value, "_committed", False)


def _head(value, size: int) -> bytes:
    value.seek(0)
    head = value.read(size)
    value.seek(0)
    return head


def extension(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def looks_like(head: bytes, ext: str) -> bool:
    """Whether the first bytes of a file are those of its kind of video."""
    if ext == "mp4":
        return len(head) >= 12 and head[4:8] == b"ftyp"
    if ext == "webm":
        return head.startswith(EBML_MAGIC) and b"webm" in head[:64]
    return False


def validate_video(value) -> None:
    if not _is_new_upload(value):
        return
    video_extension(value)
    max_mb = settings.BARRIEREFREIHEIT_VIDEO_MAX_MB
    if value.size > max_mb * 1024 * 1024:
        raise ValidationError(
            _("Das Video ist zu groß: höchstens %(mb)s MB.") % {"mb": max_mb}, code="too_large"
        )
    if not looks_like(_head(value, 64), extension(value.name)):
        raise ValidationError(
            _("Die Datei ist kein MP4- oder WebM-Video, auch wenn ihr Name so endet."),
            code="not_a_video",
        )


def validate_untertitel(value) -> None:
    if not _is_new_upload(value):
        return
    untertitel_extension(value)
    if value.size > UNTERTITEL_MAX_BYTES:
        raise ValidationError(
            _("Die Untertitel-Datei ist zu groß: höchstens 2 MB."), code="too_large"
        )
    try:
        text = _head(value, UNTERTITEL_MAX_BYTES).decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError(
            _("Die Untertitel-Datei ist nicht in UTF-8 gespeichert."), code="encoding"
        ) from None
    # The WebVTT signature: "WEBVTT", then the end of the line (or a space or tab and a title).
    if not (text.startswith("WEBVTT") and (len(text) == 6 or text[6] in " \t\r\n")):
        raise ValidationError(
            _("Die Untertitel-Datei ist keine WebVTT-Datei: Sie muss mit „WEBVTT“ beginnen."),
            code="not_webvtt",
        )
