"""Reports, chapters and blocks: editing, workflow, exports, and the public report pages."""

from django.shortcuts import render
from django.urls import path

from saarlouis_portal.bereiche import BEREICHE_NACH_KEY


def index(request):
    """Public entry point (placeholder until the report pages arrive)."""
    bereich = BEREICHE_NACH_KEY["berichte"]
    return render(request, "portal/im_aufbau.html", {"bereich": bereich})


urlpatterns = [
    path("", index, name="index"),
]
