from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuftraegeConfig(AppConfig):
    name = "saarlouis_portal.auftraege"
    verbose_name = _("Hintergrundaufträge")
    default_auto_field = "django.db.models.BigAutoField"
