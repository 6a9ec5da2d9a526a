from django.shortcuts import render

from saarlouis_portal.bereiche import BEREICHE_NACH_KEY


def index(request):
    """Public entry point; the app's features arrive with its own issue."""
    bereich = BEREICHE_NACH_KEY[request.resolver_match.app_name]
    return render(request, "portal/im_aufbau.html", {"bereich": bereich})
