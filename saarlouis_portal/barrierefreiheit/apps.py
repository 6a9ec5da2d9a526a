from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BarrierefreiheitConfig(AppConfig):
    name = "saarlouis_portal.barrierefreiheit"
    label = "barrierefreiheit"
    verbose_name = _("Barrierefreiheit")

    def ready(self):
        from auditlog.registry import auditlog
        from django.db.models.signals import post_delete, pre_save

        from saarlouis_portal.barrierefreiheit import models

        auditlog.register(models.Barriere)
        auditlog.register(models.Gebaerdenvideo)
        # Feedback often tells of the writer's disability (Art. 9 DSGVO): the trail records
        # that something changed, never the text, the name or the address.
        auditlog.register(models.Rueckmeldung, mask_fields=["seite", "nachricht", "name", "email"])
        pre_save.connect(models.delete_replaced_files, sender=models.Gebaerdenvideo)
        post_delete.connect(models.delete_files, sender=models.Gebaerdenvideo)
