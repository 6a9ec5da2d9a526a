from django.urls import path

from sorgekreise import views

app_name = "sorgekreise"

urlpatterns = [
    path("", views.index, name="index"),
]
