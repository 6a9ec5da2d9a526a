"""Networks, members, meetings, bilateral talks, the network map; public and staff pages."""

from django.shortcuts import render
from django.urls import path

from saarlouis_portal.bereiche import BEREICHE_NACH_KEY


def index(request):
    """Public entry point (placeholder until the network pages arrive)."""
    bereich = BEREICHE_NACH_KEY["netzwerke"]
    return render(request, "portal/im_aufbau.html", {"bereich": bereich})


urlpatterns = [
    path("", index, name="index"),
]
