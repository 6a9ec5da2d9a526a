"""The sustainability checks waiting for the signed-in person's approval, for the Cockpit card
"Prüfungen zur Freigabe" (issue 16, four eyes). The portal core names this library only in its
template, so it imports no app (docs/architecture.md)."""

from django import template
from django.db.models import Count, Min

from netzwerke.models import Massnahme
from saarlouis_portal.konten.roles import Rolle

register = template.Library()


@register.simple_tag
def pruefungen_zur_freigabe(user):
    """For Sozialplanung and Netzwerkkoordination: how many checks ``user`` may approve
    (``anzahl``) and since when the oldest of them waits (``seit``), in one query; None for
    everybody else."""
    if not user.is_authenticated or not user.has_rolle(
        Rolle.SOZIALPLANUNG, Rolle.NETZWERKKOORDINATION
    ):
        return None
    return Massnahme.objects.zur_freigabe_durch(user).aggregate(
        anzahl=Count("pk"), seit=Min("pruefung__eingereicht_am")
    )
