from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PostausgangConfig(AppConfig):
    name = "saarlouis_portal.postausgang"
    label = "postausgang"
    verbose_name = _("Postausgang")
