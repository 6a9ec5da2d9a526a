from django.urls import path

from berichte import views

app_name = "berichte"

urlpatterns = [
    path("", views.index, name="index"),
]
