"""Places and offers: the public directory and detail pages, and the staff pages."""

from django.shortcuts import render
from django.urls import path

from saarlouis_portal.bereiche import BEREICHE_NACH_KEY


def index(request):
    """Public entry point (placeholder until the directory arrives)."""
    bereich = BEREICHE_NACH_KEY["begegnung"]
    return render(request, "portal/im_aufbau.html", {"bereich": bereich})


urlpatterns = [
    path("", index, name="index"),
]
