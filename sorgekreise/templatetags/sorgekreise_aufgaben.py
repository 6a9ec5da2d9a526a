"""The coordination's follow-ups for the Cockpit card (issue 17). The portal core names this
library only in its template, so it imports no app (docs/architecture.md)."""

from django import template

from saarlouis_portal.konten.roles import Rolle
from sorgekreise.services_erinnerung import offene_aufgaben

register = template.Library()


@register.simple_tag
def sorgekreise_aufgaben_fuer(user):
    """``anrufe`` (people to phone: a helper was found) and ``vorschlaege`` (proposals waiting
    for an answer) that ``user`` sees, in two counting queries; None for other roles."""
    if not user.is_authenticated or not user.has_rolle(Rolle.SOZIALPLANUNG, Rolle.ORTSLEITUNG):
        return None
    anrufe, vorschlaege = offene_aufgaben(user)
    return {"anrufe": anrufe.count(), "vorschlaege": vorschlaege.count()}
