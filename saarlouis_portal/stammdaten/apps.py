from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StammdatenConfig(AppConfig):
    name = "saarlouis_portal.stammdaten"
    label = "stammdaten"
    verbose_name = _("Stammdaten")

    def ready(self):
        from auditlog.registry import auditlog

        from saarlouis_portal.stammdaten import models

        auditlog.register(models.Gebiet, exclude_fields=["pfad"])
        auditlog.register(models.Organisation, m2m_fields={"sgb_buecher", "gebiete"})
        auditlog.register(
            models.Ansprechperson, mask_fields=["vorname", "nachname", "email", "telefon"]
        )
