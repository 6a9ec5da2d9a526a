"""The staff roles. Each role is a Django group of the same name, created by a data migration."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Rolle(models.TextChoices):
    SOZIALPLANUNG = "Sozialplanung", _("Sozialplanung")
    NETZWERKKOORDINATION = "Netzwerkkoordination", _("Netzwerkkoordination")
    ORTSLEITUNG = "Ortsleitung", _("Ortsleitung / Sorgekreis-Koordination")
    BERATUNG = "Beratung", _("Beratungsfachkraft")
    BERICHTSWESEN = "Berichtswesen", _("Berichtswesen")

    @property
    def sees_personal_data(self) -> bool:
        """Roles that see citizens' personal data must use a second factor."""
        return self in MFA_REQUIRED


MFA_REQUIRED = frozenset({Rolle.SOZIALPLANUNG, Rolle.BERATUNG, Rolle.ORTSLEITUNG})

# What each role may do, shown in the Cockpit and used by the access helpers.
BESCHREIBUNG = {
    Rolle.SOZIALPLANUNG: _(
        "Alles verwalten: Stammdaten, Netzwerke, Orte, Sorgekreise, Sprechstunden und Berichte."
    ),
    Rolle.NETZWERKKOORDINATION: _(
        "Eigene Netzwerke, Mitglieder, Treffen und Maßnahmen pflegen; Organisationen anlegen."
    ),
    Rolle.ORTSLEITUNG: _(
        "Eigene Orte der Begegnung, Angebote und Sorgekreise pflegen; Organisationen anlegen."
    ),
    Rolle.BERATUNG: _(
        "Sprechstunden halten, Tageslisten sehen, für Anrufende buchen, Hausbesuche planen."
    ),
    Rolle.BERICHTSWESEN: _(
        "Kennzahlen ansehen und exportieren, Berichtskapitel erstellen, veröffentlichen und "
        "exportieren."
    ),
}
