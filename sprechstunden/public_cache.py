"""Cache of the public Sprechstunden pages (list and slot pages) for visitors without a login.

How it stays correct: a page is stored together with the *data version* it was rendered from,
and served only while that version is current. Every change that can alter what these pages
show sets a new version once its transaction has committed:

- saving or deleting an Anlaufstelle, Sprechstunde, Beratende or Schliesszeit, saving a Termin
  or a Buchung, and changing a Sprechstunde's topics or languages (signals, connected in
  ``SprechstundenConfig.ready`` so that web workers and cron commands alike send them);
- the bulk operations that send no signals call ``changed()`` themselves: ``generate_slots``
  (bulk_create) and ``expire_reservations`` (QuerySet.update).

The version is read before the page's data, and set anew only after the commit, so a page
rendered from data older than a change is never stored under the version that follows it.
Time alone also changes the pages (slots pass their minimum notice), so entries expire after
``SPRECHSTUNDEN_LISTE_CACHE_SEKUNDEN`` (0 switches the cache off). The cache is the shared one
(Redis or the database), so every worker sees the same version.
"""

import hashlib
import secrets

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

VERSION_KEY = "sprechstunden:public:version"
# At most this long one worker renders a page while the others serve the previous one.
RENDER_LOCK_SECONDS = 5


def _new_version() -> str:
    return secrets.token_hex(8)


def bump() -> None:
    """A new data version: every page stored under the old one is never served again."""
    cache.set(VERSION_KEY, _new_version(), None)


class _Changes:
    """The changes of one transaction: the first of its commit hooks bumps, the others skip.
    (A rolled-back transaction never runs its hooks; the next one joins and bumps.)"""

    def __init__(self):
        self.bumped = False

    def on_commit(self):
        if not self.bumped:
            self.bumped = True
            bump()


def changed(**_kwargs) -> None:
    """Something the public pages show has changed: bump once the transaction commits."""
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        bump()
        return
    changes = getattr(connection, "_public_cache_changes", None)
    if changes is None or changes.bumped:
        changes = connection._public_cache_changes = _Changes()
    transaction.on_commit(changes.on_commit)


def page_key(request) -> str:
    query = sorted(request.GET.lists())
    digest = hashlib.sha256(repr((request.path, query)).encode()).hexdigest()[:32]
    return f"sprechstunden:public:page:{request.LANGUAGE_CODE}:{digest}"


def lookup(key: str) -> tuple[str, bytes | None]:
    """The current version, and the page stored under ``key`` if it was made from it."""
    found = cache.get_many([VERSION_KEY, key])
    version = found.get(VERSION_KEY)
    if version is None:
        version = _new_version()
        if not cache.add(VERSION_KEY, version, None):
            version = cache.get(VERSION_KEY, version)
        return version, None
    stored = found.get(key)
    if stored and stored[0] == version:
        return version, stored[1]
    if stored and not cache.add(f"{key}:rendering", 1, RENDER_LOCK_SECONDS):
        # Another worker is already rendering this page for the new version. Rather than all
        # of them rendering the same page at once after every booking, the others answer with
        # the page of a moment ago; a slot taken meanwhile is refused politely when chosen.
        return version, stored[1]
    return version, None


def store(key: str, version: str, content: bytes, seconds: int) -> None:
    cache.set(key, (version, content), seconds)
    cache.delete(f"{key}:rendering")


def connect_signals() -> None:
    from sprechstunden import models

    for model in (
        models.Anlaufstelle,
        models.Sprechstunde,
        models.Beratende,
        models.Schliesszeit,
        models.Buchung,
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
