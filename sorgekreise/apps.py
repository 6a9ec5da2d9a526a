from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SorgekreiseConfig(AppConfig):
    name = "sorgekreise"
    verbose_name = _("Sorgekreise")

    def ready(self):
        from auditlog.registry import auditlog

        from sorgekreise import models

        auditlog.register(models.Sorgekreis, m2m_fields={"koordination"})
        auditlog.register(models.Teilnahme, mask_fields=["name"])
        auditlog.register(models.Treffen)
        auditlog.register(
            models.Helfende,
            mask_fields=["name", "email", "telefon", "notiz", "pruefung_notiz"],
            m2m_fields={"faehigkeiten", "sorgekreise"},
        )
        # Requests: the access log (konten.zugriff) records views, the audit trail records
        # changes, with every field that could identify the person or reveal Art. 9 data masked.
        auditlog.register(
            models.Hilfeanfrage, mask_fields=["name", "email", "telefon", "notiz", "zeitfenster"]
        )
        auditlog.register(models.Vermittlung, mask_fields=["notiz"])
