from django.urls import path

from sprechstunden import views

app_name = "sprechstunden"

urlpatterns = [
    path("", views.index, name="index"),
]
