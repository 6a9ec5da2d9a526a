"""Cache of public pages for visitors without a login, with a data version per area.

A small versioned-key scheme on Django's cache API (``get_many``, ``add``, ``set``), in the
shared cache (Redis or the database), so every worker and every host sees the same state:

- Each area (``Seitencache``) has a *data version*, a random token under its own key. Whatever
  changes what the area's pages show sets a new one (``bump``) once its transaction has
  committed (``changed``, via ``transaction.on_commit``). The Sprechstunden pages
  (``sprechstunden.public_cache``) bump on their models' signals, because a booking changes
  them; the other public pages (``PORTAL``) bump after every changing request of a logged-in
  person (``AenderungenMiddleware``): staff change places, networks, circles and reports
  through forms, bulk operations included, and nothing a visitor sends shows on these pages.
- A page is stored under its area, URL (path and query) and language together with the version
  it was rendered from, and served only while that version is current. Version and page come
  in one ``get_many``. The version is read before the page's data, so a page rendered from data
  older than a change is never stored under the version that follows it.
- After a change one worker renders the page anew (``add`` of a short render lock); the others
  answer with the page of a moment ago meanwhile instead of all rendering the same page.

Time alone changes pages too (slots pass their notice, a place opens, a meeting passes), and
commands or tasks change data outside requests, so every entry expires after the area's
seconds setting (0 switches the area's cache off). Only GET and HEAD of visitors without a
login and without pending messages are served or stored, and never a page with a CSRF token
(a form that posts), which belongs to one visitor.

Not ``cache_page``: its entries carry no data version, and it would store staff pages too.
"""

import hashlib
import logging
import secrets
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.utils.cache import get_conditional_response
from django.utils.http import parse_http_date_safe

logger = logging.getLogger(__name__)

# At most this long one worker renders a page while the others serve the previous one.
RENDER_LOCK_SECONDS = 5
# Headers a stored page keeps: a page with validators (a published chapter) still answers a
# conditional request with 304 when it comes from the cache.
KEPT_HEADERS = ("ETag", "Last-Modified", "Cache-Control")


class Seitencache:
    def __init__(self, name: str, seconds_setting: str):
        self.prefix = f"{name}:seiten"
        self.version_key = f"{self.prefix}:stand"
        self.seconds_setting = seconds_setting

    def bump(self) -> None:
        """A new data version: every page stored under the old one is never served again."""
        try:
            cache.set(self.version_key, secrets.token_hex(8), None)
        except Exception:
            # The change is saved; the pages show it when their entries end.
            logger.warning("Neuer Datenstand nicht gespeichert: %s", self.prefix, exc_info=True)

    def changed(self, **kwargs) -> None:
        """Something the pages show has changed: bump once the transaction commits. Usable as
        a signal receiver."""
        if kwargs.get("action", "post_").startswith("pre_"):
            return  # m2m_changed announces each change before and after it; the latter counts
        transaction.on_commit(self.bump)

    def page_key(self, request) -> str:
        query = sorted(request.GET.lists())
        digest = hashlib.sha256(repr((request.path, query)).encode()).hexdigest()[:32]
        return f"{self.prefix}:{request.LANGUAGE_CODE}:{digest}"

    def _lookup(self, key: str) -> tuple[str, tuple | None]:
        """The current version, and the page stored under ``key`` if it was made from it (or,
        while another worker renders it anew, the one made from the version before)."""
        found = cache.get_many([self.version_key, key])
        version = found.get(self.version_key)
        if version is None:
            version = secrets.token_hex(8)
            if not cache.add(self.version_key, version, None):
                version = cache.get(self.version_key, version)
            return version, None
        stored = found.get(key)
        if stored and stored[0] == version:
            return version, stored
        if stored and not cache.add(f"{key}:rendering", 1, RENDER_LOCK_SECONDS):
            return version, stored
        return version, None

    def _store(self, key: str, version: str, response, seconds: int) -> None:
        headers = {name: response[name] for name in KEPT_HEADERS if response.has_header(name)}
        cache.set(key, (version, response.content, response["Content-Type"], headers), seconds)
        cache.delete(f"{key}:rendering")

    @staticmethod
    def _answer(request, stored) -> HttpResponse:
        # Entries of an earlier release hold (version, content) or lack the headers.
        response = HttpResponse(stored[1], content_type=stored[2] if len(stored) > 2 else None)
        for name, value in (stored[3] if len(stored) > 3 else {}).items():
            response[name] = value
        etag, modified = response.get("ETag"), response.get("Last-Modified")
        if etag or modified:
            return get_conditional_response(
                request,
                etag=etag,
                last_modified=parse_http_date_safe(modified) if modified else None,
                response=response,
            )
        return response

    def for_visitors(self, view):
        """Serve the page from the shared cache to visitors without a login and without
        pending messages; staff and anybody with a message get it fresh."""

        @wraps(view)
        def wrapper(request, *args, **kwargs):
            seconds = getattr(settings, self.seconds_setting)
            if (
                not seconds
                or request.method not in ("GET", "HEAD")
                or request.user.is_authenticated
                or len(messages.get_messages(request))
            ):
                return view(request, *args, **kwargs)
            key = self.page_key(request)
            try:
                version, stored = self._lookup(key)
            except Exception:
                # A cache that fails (its table missing, its server away) costs speed, never
                # the page.
                logger.warning("Seitencache nicht erreichbar: %s", key, exc_info=True)
                return view(request, *args, **kwargs)
            if stored is not None:
                return self._answer(request, stored)
            response = view(request, *args, **kwargs)
            if (
                response.status_code == 200
                and not response.streaming
                and b'name="csrfmiddlewaretoken"' not in response.content
            ):
                try:
                    self._store(key, version, response, seconds)
                except Exception:
                    logger.warning("Seite nicht gespeichert: %s", key, exc_info=True)
            return response

        return wrapper


# Places, networks, measures, circles, reports, Leichte Sprache and the other public pages.
PORTAL = Seitencache("portal", "PORTAL_SEITEN_CACHE_SEKUNDEN")
for_visitors = PORTAL.for_visitors


class AenderungenMiddleware:
    """After every POST, PUT, PATCH or DELETE of a logged-in person (staff forms, the admin),
    the public pages get a new data version: whatever a form changed, in one row or in many,
    shows at the next visit. Visitors' posts (bookings, requests for help, feedback) change
    nothing these pages show."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.method not in ("GET", "HEAD", "OPTIONS") and request.user.is_authenticated:
            PORTAL.changed()
        return response
