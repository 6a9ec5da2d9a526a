"""One background job as the person who started it sees it: how far it is, what came out."""

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    WARTET = "wartet", _("Wartet auf den Start")
    LAEUFT = "laeuft", _("Läuft")
    FERTIG = "fertig", _("Fertig")
    FEHLGESCHLAGEN = "fehlgeschlagen", _("Fehlgeschlagen")


OFFEN = (Status.WARTET, Status.LAEUFT)


def _dateipfad(auftrag: "Auftrag", dateiname: str) -> str:
    # One folder per job: the unguessable id, and two jobs never overwrite each other's file.
    return f"auftraege/{auftrag.pk}/{dateiname}"


class AuftragQuerySet(models.QuerySet):
    def for_user(self, user):
        """Only the person who started a job sees it (others get a 404)."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(gestartet_von=user)

    def offen(self):
        return self.filter(status__in=OFFEN)


class Auftrag(models.Model):
    """A job queued with Django's Tasks API. The task function lives in the app that owns the
    work (``<app>/tasks.py``) and reports through ``saarlouis_portal.auftraege.services``."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    # What kind of job, as a dotted word of the owning app ("berichte.entwurf_export").
    art = models.CharField(_("Art"), max_length=60)
    titel = models.CharField(_("Titel"), max_length=200)
    gestartet_von = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gestartet von"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    task_result_id = models.CharField(_("Task-Ergebnis"), max_length=64, blank=True)
    status = models.CharField(_("Status"), max_length=20, choices=Status, default=Status.WARTET)
    erledigt = models.PositiveIntegerField(_("erledigt"), default=0)
    gesamt = models.PositiveIntegerField(_("gesamt"), default=0)
    # The word after "12 von 40" in the dative plural: "Abschnitten", "Schritten".
    einheit = models.CharField(_("Einheit"), max_length=40, default="Schritten")
    datei = models.FileField(_("Datei"), upload_to=_dateipfad, blank=True, max_length=300)
    dateiname = models.CharField(_("Dateiname"), max_length=200, blank=True)
    content_type = models.CharField(_("Inhaltstyp"), max_length=200, blank=True)
    # The result for the person: a sentence and, if useful, a link onwards (or back).
    ergebnis = models.CharField(_("Ergebnis"), max_length=500, blank=True)
    weiter_url = models.CharField(_("Link"), max_length=500, blank=True)
    weiter_text = models.CharField(_("Linktext"), max_length=100, blank=True)
    # A calm sentence for the person; never a traceback (that stays in the task result).
    fehler = models.CharField(_("Fehler"), max_length=500, blank=True)
    erstellt_am = models.DateTimeField(_("erstellt am"), auto_now_add=True, db_index=True)
    beendet_am = models.DateTimeField(_("beendet am"), null=True, blank=True)

    objects = AuftragQuerySet.as_manager()

    class Meta:
        verbose_name = _("Hintergrundauftrag")
        verbose_name_plural = _("Hintergrundaufträge")
        ordering = ["-erstellt_am"]

    def __str__(self):
        return self.titel

    def get_absolute_url(self) -> str:
        return reverse("auftraege:detail", args=[self.pk])

    @property
    def offen(self) -> bool:
        return self.status in OFFEN
