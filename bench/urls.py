"""The portal's URLs plus ``/hello/``: the yardstick every other figure is compared with."""

from django.urls import path

from bench.urls_bare import hello

# handler500 is looked up on the root URLconf only. The portal's patterns are spliced in, not
# include()d: i18n_patterns (the language prefixes) must sit in the root URLconf.
from saarlouis_portal.urls import handler500  # noqa: F401
from saarlouis_portal.urls import urlpatterns as portal_urlpatterns

# The full middleware stack, no database, no template.
urlpatterns = [path("hello/", hello), *portal_urlpatterns]
