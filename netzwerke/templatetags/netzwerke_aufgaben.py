"""The open tasks of a coordinator's networks for the Cockpit card (issue 17). The portal core
names this library only in its template, so it imports no app (docs/architecture.md)."""

from django import template
from django.db.models import Count, Q
from django.utils import timezone

from netzwerke.models import Aufgabe
from saarlouis_portal.konten.roles import Rolle

register = template.Library()

# Tasks listed on the card; the rest are behind its link.
AUF_DER_KARTE = 5


@register.simple_tag
def aufgaben_fuer(user):
    """For Sozialplanung and Netzwerkkoordination: the open tasks of the networks ``user``
    coordinates, ``anzahl`` and ``ueberfaellig`` (one query) and the first ones due (``liste``,
    one query, each with ``ueberfaellig``); None for everybody else."""
    if not user.is_authenticated or not user.has_rolle(
        Rolle.SOZIALPLANUNG, Rolle.NETZWERKKOORDINATION
    ):
        return None
    heute = timezone.localdate()
    offen = Aufgabe.objects.der_koordination(user).offen()
    zahlen = offen.aggregate(
        anzahl=Count("pk"), ueberfaellig=Count("pk", filter=Q(faellig_am__lt=heute))
    )
    liste = []
    if zahlen["anzahl"]:
        liste = list(
            offen.select_related("netzwerk", "person__organisation", "organisation").order_by(
                "faellig_am", "pk"
            )[:AUF_DER_KARTE]
        )
        for aufgabe in liste:
            aufgabe.ueberfaellig = aufgabe.faellig_am < heute
    return {**zahlen, "liste": liste}
