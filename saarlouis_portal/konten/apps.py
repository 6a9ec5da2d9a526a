from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KontenConfig(AppConfig):
    name = "saarlouis_portal.konten"
    label = "konten"
    verbose_name = _("Konten und Rollen")

    def ready(self):
        from auditlog.registry import auditlog

        from saarlouis_portal.konten.models import KalenderToken, User

        auditlog.register(
            User,
            include_fields=[
                "email",
                "first_name",
                "last_name",
                "is_active",
                "is_staff",
                "is_superuser",
                "groups",
            ],
            mask_fields=["email", "first_name", "last_name"],
            m2m_fields={"groups"},
        )
        # Who made, renewed or revoked a calendar address, and when; never the secret's hash.
        auditlog.register(KalenderToken, exclude_fields=["token_hash"])
