"""The hello view alone, for bench/settings_bare.py (and bench/urls.py, which adds the portal)."""

from django.http import HttpResponse
from django.urls import path


def hello(request):
    """A bare Django view: no database, no template."""
    return HttpResponse("Hallo", content_type="text/plain")


urlpatterns = [path("hello/", hello)]
