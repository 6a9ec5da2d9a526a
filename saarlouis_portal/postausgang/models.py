"""E-mails waiting to be sent (see ``saarlouis_portal.postausgang.outbox``)."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Nachricht(models.Model):
    """One e-mail to send: the function that builds it and what that function needs.

    A row is deleted as soon as its mail is sent, so no copy of a sent mail (with its manage
    link) stays behind. Rows that cannot be sent are retried and, after the retention period,
    deleted unsent by ``purge_personal_data``.
    """

    erstellt_am = models.DateTimeField(_("erstellt am"), default=timezone.now, db_index=True)
    faellig_ab = models.DateTimeField(_("fällig ab"), default=timezone.now, db_index=True)
    versuche = models.PositiveSmallIntegerField(_("Versuche"), default=0)
    fehler = models.CharField(_("letzter Fehler"), max_length=300, blank=True)
    # Dotted path of a function marked with @outbox.builder; it gets ``daten`` back.
    erzeuger = models.CharField(_("erzeugt von"), max_length=200)
    daten = models.JSONField(_("Daten"), default=dict)

    class Meta:
        verbose_name = _("wartende E-Mail")
        verbose_name_plural = _("wartende E-Mails")

    def __str__(self):
        return f"{self.erzeuger} #{self.pk}"
