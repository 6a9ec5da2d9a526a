from django.urls import path

from begegnung import views

app_name = "begegnung"

urlpatterns = [
    path("", views.index, name="index"),
]
