"""Places and offers: the public directory and detail pages, and the staff pages."""

from django.http import Http404
from django.shortcuts import render
from django.urls import path

from saarlouis_portal.bereiche import BEREICHE_NACH_KEY


def index(request):
    """Public entry point (placeholder until the directory arrives)."""
    bereich = BEREICHE_NACH_KEY["begegnung"]
    return render(request, "portal/im_aufbau.html", {"bereich": bereich})


def _todo(request, *args, **kwargs):
    raise Http404


urlpatterns = [
    path("", index, name="index"),
    path("<int:pk>/", _todo, name="ort"),
    path("<int:pk>/angebote.ics", _todo, name="ort_feed"),
    path("angebote/<int:pk>/", _todo, name="angebot"),
    path("verwaltung/", _todo, name="ort_list"),
    path("verwaltung/neu/", _todo, name="ort_create"),
    path("verwaltung/uebersicht/", _todo, name="uebersicht"),
    path("verwaltung/kriterien/", _todo, name="kriterien"),
    path("verwaltung/<int:pk>/", _todo, name="ort_detail"),
    path("verwaltung/<int:pk>/bearbeiten/", _todo, name="ort_update"),
    path("verwaltung/<int:pk>/oeffnungszeiten/", _todo, name="oeffnungszeiten"),
    path("verwaltung/<int:pk>/ausnahmen/neu/", _todo, name="ausnahme_create"),
    path("verwaltung/<int:pk>/stellen/neu/", _todo, name="stelle_create"),
    path("verwaltung/stellen/<int:pk>/bearbeiten/", _todo, name="stelle_update"),
    path("verwaltung/stellen/<int:pk>/loeschen/", _todo, name="stelle_delete"),
    path("verwaltung/<int:pk>/partner/neu/", _todo, name="partner_create"),
    path("verwaltung/partner/<int:pk>/loeschen/", _todo, name="partner_delete"),
    path("verwaltung/<int:pk>/angebote/neu/", _todo, name="angebot_create"),
    path("verwaltung/angebote/<int:pk>/bearbeiten/", _todo, name="angebot_update"),
]
