"""The page of a background job, its fragment for htmx and its file (staff, no language
prefix)."""

from django.urls import path

from saarlouis_portal.auftraege import views

app_name = "auftraege"

urlpatterns = [
    path("<uuid:pk>/", views.detail, name="detail"),
    path("<uuid:pk>/stand/", views.stand, name="stand"),
    path("<uuid:pk>/datei/", views.datei, name="datei"),
]
