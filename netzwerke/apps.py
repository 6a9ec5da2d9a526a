from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetzwerkeConfig(AppConfig):
    name = "netzwerke"
    verbose_name = _("Netzwerke")

    def ready(self):
        from auditlog.registry import auditlog

        from netzwerke import kalender_persoenlich, models
        from saarlouis_portal.konten.kalender import register_feed

        auditlog.register(models.Netzwerk, m2m_fields={"themen", "handlungsfelder", "koordination"})
        auditlog.register(models.Mitgliedschaft, m2m_fields={"ansprechpersonen"})
        auditlog.register(models.Treffen, m2m_fields={"anwesende"})
        # The note of a talk may mention people: kept out of the audit log in clear text.
        auditlog.register(
            models.Gespraech,
            mask_fields=["notiz"],
            m2m_fields={"themen"},
        )
        auditlog.register(models.Massnahme, m2m_fields={"partner", "handlungsfelder"})
        auditlog.register(models.Meilenstein)
        auditlog.register(models.Nachhaltigkeitspruefung, m2m_fields={"ziele"})
        auditlog.register(models.PruefBewertung)
        # Following up (issue 17): replies and attendance per person (never the link's secret),
        # the minutes sent, tasks. The person is named by id only (Ansprechperson is masked).
        auditlog.register(models.Einladung, exclude_fields=["token"])
        auditlog.register(models.ProtokollVersand, exclude_fields=["fingerabdruck"])
        auditlog.register(models.Aufgabe)
        auditlog.register(models.Ratsbeschluss)
        # A staff member's feed of meetings, listed on the account's calendar page.
        register_feed(kalender_persoenlich.FEED)
