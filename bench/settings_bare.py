"""The ceiling for bench/pages.py: Django with no middleware and no apps, and a URLconf with the
hello view alone, so that ``/hello/`` measures Django's own request handling (URL resolution,
view, response) and nothing of the portal's."""

from bench.settings import *  # noqa: F403

INSTALLED_APPS = []
MIDDLEWARE = []
ROOT_URLCONF = "bench.urls_bare"
