from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SprechstundenConfig(AppConfig):
    name = "sprechstunden"
    verbose_name = _("Sprechstunden")
