from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BegegnungConfig(AppConfig):
    name = "begegnung"
    verbose_name = _("Orte der Begegnung")

    def ready(self):
        from auditlog.registry import auditlog

        from begegnung import models
        from begegnung.hsds import ablage
        from begegnung.treffpunkte import OrteAlsTreffpunkte
        from netzwerke import treffpunkte

        # A network meeting may take place at an Ort der Begegnung: netzwerke offers the
        # choice without importing this app (netzwerke/treffpunkte.py).
        treffpunkte.registrieren(OrteAlsTreffpunkte())
        # The stored HSDS export is rebuilt after every change it shows.
        ablage.connect_signals()

        auditlog.register(models.Ort, m2m_fields={"sprachen", "netzwerke", "leitung"})
        auditlog.register(models.StufeErreicht)
        auditlog.register(models.Antrag)
        auditlog.register(models.Partnerschaft)
        auditlog.register(models.Oeffnungszeit)
        auditlog.register(models.Ausnahme)
        auditlog.register(models.Stelle)
        auditlog.register(models.Stufenkriterium)
        # The contact person of an offer is shown publicly, but it is still a person's data:
        # the log keeps that it changed, not the values.
        auditlog.register(
            models.Angebot,
            m2m_fields={"themen", "sprachen"},
            mask_fields=["kontakt_name", "kontakt_email", "kontakt_telefon"],
        )
        auditlog.register(models.AngebotTermin)
        auditlog.register(models.Treffpunkt)
