from django.urls import path

from netzwerke import views

app_name = "netzwerke"

urlpatterns = [
    path("", views.index, name="index"),
]
