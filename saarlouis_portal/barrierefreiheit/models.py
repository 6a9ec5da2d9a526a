"""Sign-language videos, known barriers and feedback on accessibility, kept by staff in the
Django admin."""

from datetime import date, datetime, timedelta

from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from saarlouis_portal.barrierefreiheit.validators import (
    VIDEO_TYPEN,
    extension,
    validate_untertitel,
    validate_video,
)

# BITV 2.0 and the state laws: feedback is answered within six weeks.
ANTWORTFRIST = timedelta(weeks=6)


def antwort_bis(eingang: datetime) -> date:
    """The last day of the answer period for feedback received at ``eingang`` (Europe/Berlin)."""
    return timezone.localdate(eingang) + ANTWORTFRIST


class GebaerdenvideoQuerySet(models.QuerySet):
    def public(self):
        return self.filter(oeffentlich=True).order_by("reihenfolge", "titel")


class Gebaerdenvideo(models.Model):
    """A video in Deutsche Gebärdensprache with its captions and a text version."""

    titel = models.CharField(_("Titel"), max_length=200)
    thema = models.SlugField(
        _("Thema (Kurzname)"),
        unique=True,
        help_text=_("Kleinbuchstaben und Bindestriche, z. B. sprechstunde (Sprungmarke #video-…)."),
    )
    video = models.FileField(
        _("Video"),
        upload_to="gebaerdensprache/videos/",
        max_length=200,
        validators=[validate_video],
        help_text=_("MP4 oder WebM."),
    )
    untertitel = models.FileField(
        _("Untertitel"),
        upload_to="gebaerdensprache/untertitel/",
        max_length=200,
        validators=[validate_untertitel],
        help_text=_("WebVTT-Datei (.vtt) mit den deutschen Untertiteln."),
    )
    textfassung = models.TextField(
        _("Textfassung"), help_text=_("Der Inhalt des Videos als Text; er steht unter dem Video.")
    )
    reihenfolge = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)
    oeffentlich = models.BooleanField(
        _("öffentlich"), default=False, help_text=_("Erst dann zeigt die Seite das Video.")
    )
    geaendert_am = models.DateTimeField(_("geändert am"), auto_now=True)

    objects = GebaerdenvideoQuerySet.as_manager()

    class Meta:
        verbose_name = _("Video in Gebärdensprache")
        verbose_name_plural = _("Videos in Gebärdensprache")
        ordering = ["reihenfolge", "titel"]

    def __str__(self):
        return self.titel

    @property
    def video_typ(self) -> str:
        return VIDEO_TYPEN.get(extension(self.video.name), "video/mp4")


def _delete_stored(fieldfile) -> None:
    storage, name = fieldfile.storage, fieldfile.name
    if name:
        # After the commit: a rolled-back change keeps the row and so must keep its file.
        transaction.on_commit(lambda: storage.delete(name))


def delete_files(sender, instance, **kwargs) -> None:
    """post_delete: the video's files go with its row (also for deletes of many in the admin)."""
    _delete_stored(instance.video)
    _delete_stored(instance.untertitel)


def delete_replaced_files(sender, instance, **kwargs) -> None:
    """pre_save: a file replaced by a new upload is deleted, so no orphan stays in MEDIA_ROOT."""
    if not instance.pk:
        return
    alt = Gebaerdenvideo.objects.filter(pk=instance.pk).first()
    if alt is None:
        return
    for field in ("video", "untertitel"):
        if getattr(alt, field).name and getattr(alt, field).name != getattr(instance, field).name:
            _delete_stored(getattr(alt, field))


class BarriereQuerySet(models.QuerySet):
    def offen(self):
        return self.filter(behoben=False).order_by("seit", "pk")


class Barriere(models.Model):
    """A known barrier of the portal, listed in the accessibility statement until it is fixed."""

    beschreibung = models.TextField(_("Beschreibung"), help_text=_("Was nicht barrierefrei ist."))
    betrifft = models.CharField(
        _("betrifft"), max_length=200, help_text=_("Die Seite oder der Bereich, z. B. Karte.")
    )
    alternative = models.TextField(
        _("Alternative"),
        blank=True,
        help_text=_("Wie man den Inhalt trotzdem erreicht, z. B. die Liste statt der Karte."),
    )
    seit = models.DateField(_("bekannt seit"), default=timezone.localdate)
    behoben = models.BooleanField(_("behoben"), default=False)

    objects = BarriereQuerySet.as_manager()

    class Meta:
        verbose_name = _("bekannte Barriere")
        verbose_name_plural = _("bekannte Barrieren")
        ordering = ["behoben", "seit", "pk"]

    def __str__(self):
        return f"{self.betrifft}: {self.beschreibung[:60]}"


class RueckmeldungQuerySet(models.QuerySet):
    def offen(self):
        return self.filter(beantwortet_am__isnull=True)


class Rueckmeldung(models.Model):
    """Feedback from the form of the accessibility statement; deleted after the retention
    period (``retention.py``)."""

    seite = models.CharField(_("Seite"), max_length=500, blank=True)
    nachricht = models.TextField(_("Nachricht"))
    name = models.CharField(_("Name"), max_length=120, blank=True)
    email = models.EmailField(_("E-Mail-Adresse"), blank=True)
    erstellt_am = models.DateTimeField(_("eingegangen am"), default=timezone.now, db_index=True)
    beantwortet_am = models.DateTimeField(_("beantwortet am"), null=True, blank=True)

    objects = RueckmeldungQuerySet.as_manager()

    class Meta:
        verbose_name = _("Rückmeldung zur Barrierefreiheit")
        verbose_name_plural = _("Rückmeldungen zur Barrierefreiheit")
        ordering = ["-erstellt_am"]

    def __str__(self):
        return _("Rückmeldung vom %(datum)s") % {
            "datum": timezone.localtime(self.erstellt_am).strftime("%d.%m.%Y %H:%M")
        }

    @property
    def antwort_bis(self) -> date:
        return antwort_bis(self.erstellt_am)
