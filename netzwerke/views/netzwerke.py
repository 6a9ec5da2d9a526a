"""Networks, members, meetings, bilateral talks, the network map; public and staff pages."""

from django.http import Http404
from django.shortcuts import render
from django.urls import path

from saarlouis_portal.bereiche import BEREICHE_NACH_KEY


def index(request):
    """Public entry point (placeholder until the network pages arrive)."""
    bereich = BEREICHE_NACH_KEY["netzwerke"]
    return render(request, "portal/im_aufbau.html", {"bereich": bereich})


def _stub(request, *args, **kwargs):
    # Temporary: the URL names exist so the measures part can link to them.
    raise Http404


urlpatterns = [
    path("", index, name="index"),
    path("<int:pk>/", _stub, name="netzwerk"),
    path("<int:pk>/kalender.ics", _stub, name="netzwerk_feed"),
    path("treffen/<int:pk>/", _stub, name="treffen"),
    path("treffen/<int:pk>.ics", _stub, name="treffen_ics"),
    path("karte/", _stub, name="karte"),
    path("verwaltung/", _stub, name="netzwerk_list"),
    path("verwaltung/neu/", _stub, name="netzwerk_create"),
    path("verwaltung/export/", _stub, name="netzwerk_export"),
    path("verwaltung/<int:pk>/", _stub, name="netzwerk_detail"),
    path("verwaltung/<int:pk>/bearbeiten/", _stub, name="netzwerk_update"),
    path("verwaltung/<int:pk>/mitglieder/neu/", _stub, name="mitglied_create"),
    path("verwaltung/mitglieder/<int:pk>/bearbeiten/", _stub, name="mitglied_update"),
    path("verwaltung/mitglieder/<int:pk>/entfernen/", _stub, name="mitglied_delete"),
    path("verwaltung/<int:pk>/treffen/neu/", _stub, name="treffen_create"),
    path("verwaltung/treffen/<int:pk>/", _stub, name="treffen_detail"),
    path("verwaltung/treffen/<int:pk>/bearbeiten/", _stub, name="treffen_update"),
    path("verwaltung/treffen/<int:pk>/einladen/", _stub, name="treffen_einladen"),
    path("verwaltung/gespraeche/", _stub, name="gespraech_list"),
    path("verwaltung/gespraeche/neu/", _stub, name="gespraech_create"),
    path("verwaltung/gespraeche/uebersicht/", _stub, name="gespraech_uebersicht"),
    path("verwaltung/gespraeche/<int:pk>/bearbeiten/", _stub, name="gespraech_update"),
]
