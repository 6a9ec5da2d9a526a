"""The portal's URLs plus ``/hello/``: the yardstick every other figure is compared with."""

from django.http import HttpResponse
from django.urls import include, path

from saarlouis_portal.urls import handler500  # noqa: F401  (looked up on the root URLconf only)


def hello(request):
    """A bare Django view: the full middleware stack, no database, no template."""
    return HttpResponse("Hallo", content_type="text/plain")


urlpatterns = [
    path("hello/", hello),
    path("", include("saarlouis_portal.urls")),
]
