"""Settings of the benchmark server: the portal's own settings plus a bare "hello" URL.

Everything else (middleware, database, cache, sessions, security headers) stays as in
production; the values come from the environment that bench/run.py sets.
"""

from saarlouis_portal.settings import *  # noqa: F403
from saarlouis_portal.settings import STORAGES

ROOT_URLCONF = "bench.urls"

# No collectstatic run before the benchmark: the pages only link the static files, and the
# manifest storage would refuse to render without its manifest.
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
