"""The queue of place requests for pages outside begegnung's views: the Cockpit card and the
staff navigation of the places. The portal core names this library only in its template, so it
imports no app (docs/architecture.md)."""

from django import template
from django.db.models import Count, Min, Q

from begegnung.models import Antrag, AntragArt

register = template.Library()


@register.simple_tag
def antraege_fuer(user):
    """The open requests ``user`` decides: ``anzahl``, ``orte`` (new places among them) and
    ``seit`` (when the oldest was made), in one query; None for people who decide none."""
    if not Antrag.may_decide(user):
        return None
    return (
        Antrag.objects.decidable_by(user)
        .offen()
        .aggregate(
            anzahl=Count("pk"),
            orte=Count("pk", filter=Q(art=AntragArt.AUFNAHME)),
            seit=Min("gestellt_am"),
        )
    )
