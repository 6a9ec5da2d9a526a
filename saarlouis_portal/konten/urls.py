"""The staff member's own account pages under ``konto/`` (staff URLs, no language prefix)."""

from django.urls import path

from saarlouis_portal.konten import views

app_name = "konten"

urlpatterns = [
    path("kalender/", views.kalender, name="kalender"),
    path("kalender/erzeugen/", views.kalender_erzeugen, name="kalender_erzeugen"),
    path("kalender/widerrufen/", views.kalender_widerrufen, name="kalender_widerrufen"),
]
