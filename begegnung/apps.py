from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BegegnungConfig(AppConfig):
    name = "begegnung"
    verbose_name = _("Orte der Begegnung")
