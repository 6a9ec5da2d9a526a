"""Cache of the public Sprechstunden pages (list and slot pages) for visitors without a login.

A small versioned-key scheme on Django's cache API (``get_many``, ``add``, ``set``), in the
shared cache (Redis or the database), so every worker sees the same state:

- ``VERSION_KEY`` holds the *data version*, a random token. Every change that can alter what
  these pages show sets a new one once its transaction has committed
  (``transaction.on_commit``; at once outside a transaction): saving or deleting an
  Anlaufstelle, Sprechstunde, Beratende, Schliesszeit or Stellenanteil, saving a Termin or a
  Buchung, changing a Sprechstunde's topics or languages (signals, connected in
  ``SprechstundenConfig.ready`` so that web workers and cron commands alike send them); the
  bulk operations that send no signals call ``changed()`` themselves (``generate_slots``,
  ``expire_reservations``).
- A page is stored under its URL and language together with the version it was rendered from,
  and served only while that version is current. Version and page come in one ``get_many``.
  The version is read before the page's data, so a page rendered from data older than a change
  is never stored under the version that follows it.
- After a change one worker renders the page anew (``add`` of a short render lock); the others
  answer with the page of a moment ago meanwhile instead of all rendering the same page after
  every booking. A slot taken meanwhile is refused politely when chosen.

Time alone also changes the pages (slots pass their minimum notice), so entries expire after
``SPRECHSTUNDEN_LISTE_CACHE_SEKUNDEN`` (0 switches the cache off).

Not ``cache_page``: its entries carry no data version, so a booking could not make them stale,
and it would store the pages of logged-in staff as well.
"""

import hashlib
import secrets
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse

VERSION_KEY = "sprechstunden:seiten:stand"
# At most this long one worker renders a page while the others serve the previous one.
RENDER_LOCK_SECONDS = 5


def bump() -> None:
    """A new data version: every page stored under the old one is never served again."""
    cache.set(VERSION_KEY, secrets.token_hex(8), None)


def changed(**kwargs) -> None:
    """Something the public pages show has changed: bump once the transaction commits."""
    if kwargs.get("action", "post_").startswith("pre_"):
        return  # m2m_changed announces each change before and after it; the latter counts
    transaction.on_commit(bump)


def page_key(request) -> str:
    query = sorted(request.GET.lists())
    digest = hashlib.sha256(repr((request.path, query)).encode()).hexdigest()[:32]
    return f"sprechstunden:seiten:{request.LANGUAGE_CODE}:{digest}"


def _lookup(key: str) -> tuple[str, bytes | None]:
    """The current version, and the page stored under ``key`` if it was made from it (or,
    while another worker renders it anew, the one made from the version before)."""
    found = cache.get_many([VERSION_KEY, key])
    version = found.get(VERSION_KEY)
    if version is None:
        version = secrets.token_hex(8)
        if not cache.add(VERSION_KEY, version, None):
            version = cache.get(VERSION_KEY, version)
        return version, None
    stored = found.get(key)
    if stored and stored[0] == version:
        return version, stored[1]
    if stored and not cache.add(f"{key}:rendering", 1, RENDER_LOCK_SECONDS):
        return version, stored[1]
    return version, None


def _store(key: str, version: str, content: bytes, seconds: int) -> None:
    cache.set(key, (version, content), seconds)
    cache.delete(f"{key}:rendering")


def for_visitors(view):
    """Serve the page from the shared cache to visitors without a login and without pending
    messages; staff and anybody with a message get it fresh."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        seconds = settings.SPRECHSTUNDEN_LISTE_CACHE_SEKUNDEN
        if not seconds or request.user.is_authenticated or len(messages.get_messages(request)):
            return view(request, *args, **kwargs)
        key = page_key(request)
        version, content = _lookup(key)
        if content is not None:
            return HttpResponse(content)
        response = view(request, *args, **kwargs)
        # A page with a form carries a CSRF token, which belongs to one visitor: never stored.
        if response.status_code == 200 and b'name="csrfmiddlewaretoken"' not in response.content:
            _store(key, version, response.content, seconds)
        return response

    return wrapper


def connect_signals() -> None:
    from sprechstunden import models

    for model in (
        models.Anlaufstelle,
        models.Sprechstunde,
        models.Beratende,
        models.Schliesszeit,
        models.Buchung,
        models.Stellenanteil,  # its employers are the place's Träger on the public pages
    ):
        post_save.connect(changed, sender=model, dispatch_uid=f"public_cache_save_{model.__name__}")
        post_delete.connect(
            changed, sender=model, dispatch_uid=f"public_cache_delete_{model.__name__}"
        )
    # Slots are deleted only with their Sprechstunde or by generate_slots, which both bump; a
    # delete receiver would make Django load every deleted slot to send it a signal.
    post_save.connect(changed, sender=models.Termin, dispatch_uid="public_cache_save_Termin")
    for through in (models.Sprechstunde.themen.through, models.Sprechstunde.sprachen.through):
        m2m_changed.connect(
            changed, sender=through, dispatch_uid=f"public_cache_m2m_{through.__name__}"
        )
