"""Public pages of the Sorgekreise (part B fills these in)."""

from django.shortcuts import render
from django.urls import path

from saarlouis_portal.bereiche import BEREICHE_NACH_KEY


def index(request):
    """Public entry point; replaced by the list of public care circles."""
    bereich = BEREICHE_NACH_KEY[request.resolver_match.app_name]
    return render(request, "portal/im_aufbau.html", {"bereich": bereich})


urlpatterns = [
    path("", index, name="index"),
]
