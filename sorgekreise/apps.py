from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SorgekreiseConfig(AppConfig):
    name = "sorgekreise"
    verbose_name = _("Sorgekreise")
