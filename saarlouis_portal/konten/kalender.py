"""Personal calendar feeds of staff: the secret in their addresses, and which feeds there are.

A staff member subscribes to their calendar in Outlook, Thunderbird or on the phone with an
address that carries a secret token instead of a login. The token is one per account
(``KalenderToken``); only its SHA-256 hash is stored, so the address is shown once when it is
made, like an API token. Renewing makes a new one and the old address stops at once; revoking
deletes it. The feeds answer 404 for a token that is unknown, revoked, or whose account is
inactive.

The core knows no app (docs/architecture.md): each app that offers a feed registers it here in
its ``AppConfig.ready()`` with ``register_feed`` (its URL name and who it is for); the token
page lists the feeds of the user, and the app's feed view asks ``user_for_token``.
"""

import hashlib
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from saarlouis_portal.konten.models import KalenderToken, User


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_token(user: User, now: datetime | None = None) -> str:
    """A new secret for ``user``'s feeds (replacing the old one, whose addresses stop working).
    Returns the token; it is stored only as a hash."""
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        KalenderToken.objects.filter(user=user).delete()
        KalenderToken.objects.create(
            user=user, token_hash=_hash(token), erstellt_am=now or timezone.now()
        )
    return token


def revoke_token(user: User) -> bool:
    """Delete ``user``'s secret: every feed address of theirs answers 404 from now on. Returns
    whether there was one."""
    deleted, _per_model = KalenderToken.objects.filter(user=user).delete()
    return deleted > 0


def token_of(user: User) -> KalenderToken | None:
    return KalenderToken.objects.filter(user=user).first()


def user_for_token(token: str) -> User | None:
    """The active account whose feeds ``token`` opens, or None (one query)."""
    if not token or len(token) > 100:
        return None
    found = (
        KalenderToken.objects.filter(token_hash=_hash(token), user__is_active=True)
        .select_related("user")
        .first()
    )
    return found.user if found else None


@dataclass(frozen=True)
class Feed:
    """A calendar feed an app offers: its URL name (with one argument, ``token``), its title and
    a sentence on what it holds, and whom it is for."""

    url_name: str
    titel: str
    beschreibung: str
    fuer: Callable[[User], bool]
    reihenfolge: int = 0

    def url(self, token: str) -> str:
        return settings.PORTAL_BASE_URL + reverse(self.url_name, kwargs={"token": token})


_feeds: dict[str, Feed] = {}


def register_feed(feed: Feed) -> None:
    _feeds[feed.url_name] = feed


def feeds_for(user: User) -> list[Feed]:
    return sorted(
        (feed for feed in _feeds.values() if feed.fuer(user)),
        key=lambda feed: (feed.reihenfolge, feed.url_name),
    )
