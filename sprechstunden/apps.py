from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SprechstundenConfig(AppConfig):
    name = "sprechstunden"
    verbose_name = _("Sprechstunden")

    def ready(self):
        from auditlog.registry import auditlog

        from saarlouis_portal.konten.kalender import register_feed
        from sprechstunden import kalender, models, public_cache

        auditlog.register(models.Anlaufstelle)
        auditlog.register(models.Sprechstunde, m2m_fields={"themen", "sprachen"})
        auditlog.register(models.Schliesszeit)
        auditlog.register(models.Termin, include_fields=["abgesagt", "absagegrund", "beratende"])
        personal = ["name", "email", "telefon", "notiz", "barrierefreiheit"]
        # "kontakt" is the reverse side of the outcome: auditing it cost a query per booking
        # and said nothing (the outcome has its own audit entries). "kalender_sequenz" only
        # counts the calendar files the mails carried.
        auditlog.register(
            models.Buchung,
            mask_fields=personal,
            exclude_fields=["token_hash", "kontakt", "kalender_sequenz"],
        )
        auditlog.register(
            models.Hausbesuch,
            mask_fields=["name", "email", "telefon", "adresse", "hinweis"],
            exclude_fields=["token_hash"],
        )
        auditlog.register(
            models.Wartelisteneintrag,
            mask_fields=["name", "email", "telefon"],
            exclude_fields=["token_hash"],
        )
        # Planning figures of a place (staffing shares, costs): nothing personal.
        auditlog.register(models.Stellenanteil)
        auditlog.register(models.Standortkosten)
        public_cache.connect_signals()
        # The counsellor's calendar feed, listed on the account's calendar page.
        register_feed(kalender.FEED)
