from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BerichteConfig(AppConfig):
    name = "berichte"
    verbose_name = _("Berichte")

    def ready(self):
        from auditlog.registry import auditlog

        from berichte import models

        auditlog.register(models.Indikator)
        auditlog.register(models.Monitoring, m2m_fields={"indikatoren"})
        # Values arrive in bulk (bulk_create/bulk_update send no signals); their trail is the
        # Importlauf each value points to: who, when, which file, how many new/changed.
        auditlog.register(models.Importlauf)
        auditlog.register(models.Bericht)
        auditlog.register(models.Kapitel, exclude_fields=["snapshot"])
        auditlog.register(models.Baustein, m2m_fields={"indikatoren", "gebiete"})
        auditlog.register(models.Empfehlung)
