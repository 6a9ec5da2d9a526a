"""The portal's URLs plus ``/hello/``: the yardstick every other figure is compared with."""

from django.http import HttpResponse
from django.urls import path

# handler500 is looked up on the root URLconf only. The portal's patterns are spliced in, not
# include()d: i18n_patterns (the language prefixes) must sit in the root URLconf.
from saarlouis_portal.urls import handler500  # noqa: F401
from saarlouis_portal.urls import urlpatterns as portal_urlpatterns


def hello(request):
    """A bare Django view: the full middleware stack, no database, no template."""
    return HttpResponse("Hallo", content_type="text/plain")


urlpatterns = [path("hello/", hello), *portal_urlpatterns]
