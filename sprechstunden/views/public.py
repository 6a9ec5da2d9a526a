from django.shortcuts import render
from django.urls import path

from saarlouis_portal.bereiche import BEREICHE_NACH_KEY


def index(request):
    return render(request, "portal/im_aufbau.html", {"bereich": BEREICHE_NACH_KEY["sprechstunden"]})


def buchung_verwalten(request, token):
    return render(request, "portal/im_aufbau.html", {"bereich": BEREICHE_NACH_KEY["sprechstunden"]})


urlpatterns = [
    path("", index, name="index"),
    path("buchung/<str:token>/", buchung_verwalten, name="buchung_verwalten"),
]
