from django.urls import path

from saarlouis_portal.stammdaten import views

app_name = "stammdaten"

urlpatterns = [
    path("gebiete/", views.gebiet_list, name="gebiet_list"),
    path("gebiete/neu/", views.gebiet_create, name="gebiet_create"),
    path("gebiete/<int:pk>/", views.gebiet_detail, name="gebiet_detail"),
    path("gebiete/<int:pk>/bearbeiten/", views.gebiet_update, name="gebiet_update"),
    path("organisationen/", views.organisation_list, name="organisation_list"),
    path("organisationen/neu/", views.organisation_create, name="organisation_create"),
    path("organisationen/<int:pk>/", views.organisation_detail, name="organisation_detail"),
    path(
        "organisationen/<int:pk>/bearbeiten/",
        views.organisation_update,
        name="organisation_update",
    ),
    path(
        "organisationen/<int:pk>/ansprechpersonen/neu/",
        views.ansprechperson_create,
        name="ansprechperson_create",
    ),
    path(
        "organisationen/<int:pk>/ansprechpersonen/<int:person_pk>/",
        views.ansprechperson_update,
        name="ansprechperson_update",
    ),
    path(
        "organisationen/<int:pk>/ansprechpersonen/<int:person_pk>/entfernen/",
        views.ansprechperson_delete,
        name="ansprechperson_delete",
    ),
]
