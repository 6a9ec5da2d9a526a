"""The shared Redis cache: Django's own Redis backend, and the database when Redis blinks.

``PortalRedisCache`` is Django's ``RedisCache`` and uses only its public cache methods: each
one is wrapped so that a Redis error sends the call to the database cache named by the option
``FALLBACK`` (the alias of a ``DatabaseCache``) instead of failing the request. Rate limits keep
counting there, page caches miss and are filled there, sessions (``cached_db``) are read from
their table. After the first error Redis is left alone for ``RETRY_SECONDS`` so that an outage
costs no connection attempt per request. Writes made during the outage (a logout deleting its
session, a booking marking the slot list stale) never reached Redis, so the portal's keys in
Redis are deleted before it is used again: nothing stale comes back from before the outage.

Deleting "the portal's keys" (after an outage, and for ``clear()``, where Django's backend
would empty the whole Redis database with FLUSHDB) needs SCAN, which the cache API does not
offer: a plain redis-py client of our own, made on first use, does that.
"""

import logging
import threading
import time
from itertools import islice

import redis
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger("saarlouis_portal.cache")

# Without timeouts a Redis that does not answer (host down, packets dropped) holds the request.
DEFAULT_SOCKET_OPTIONS = {"socket_connect_timeout": 0.5, "socket_timeout": 1.0}


def _degrading(name):
    redis_method = getattr(RedisCache, name)

    def method(self, *args, **kwargs):
        return self._call(name, redis_method, *args, **kwargs)

    method.__name__ = name
    method.__doc__ = redis_method.__doc__
    return method


class PortalRedisCache(RedisCache):
    def __init__(self, server, params):
        options = {**DEFAULT_SOCKET_OPTIONS, **params.get("OPTIONS", {})}
        self._fallback_alias = options.pop("FALLBACK", None)
        self._retry_seconds = float(options.pop("RETRY_SECONDS", 5))
        super().__init__(server, {**params, "OPTIONS": options})
        # Writes go to the first server (Django's rule); our own keys are deleted there.
        self._write_url = (server.split(",") if isinstance(server, str) else server)[0]
        self._socket_options = {key: options[key] for key in DEFAULT_SOCKET_OPTIONS}
        self._scanner = None
        self._down_until = 0.0
        self._stale = False  # writes were missed: Redis holds keys from before the outage
        self._lock = threading.Lock()

    def _call(self, name, redis_method, *args, **kwargs):
        if self._fallback_alias is None:
            return redis_method(self, *args, **kwargs)
        if time.monotonic() < self._down_until:
            return getattr(caches[self._fallback_alias], name)(*args, **kwargs)
        try:
            if self._stale:
                self._purge()
            return redis_method(self, *args, **kwargs)
        except RedisError as error:
            self._went_down(error)
            return getattr(caches[self._fallback_alias], name)(*args, **kwargs)

    def _went_down(self, error: RedisError) -> None:
        with self._lock:
            if not self._stale:
                logger.warning(
                    "Redis nicht erreichbar (%s); der Datenbank-Cache springt ein.",
                    type(error).__name__,
                )
            self._stale = True
            self._down_until = time.monotonic() + self._retry_seconds

    def _delete_own_keys(self) -> int:
        if self._scanner is None:
            self._scanner = redis.Redis.from_url(self._write_url, **self._socket_options)
        keys = self._scanner.scan_iter(match=f"{self.key_prefix}:*", count=1000)
        deleted = 0
        while chunk := list(islice(keys, 500)):
            deleted += self._scanner.delete(*chunk)
        return deleted

    def _clear_own_keys(self) -> bool:
        # Django's clear() empties the whole Redis database (FLUSHDB), whatever else lives in
        # it; the portal deletes only the keys under its own prefix.
        self._delete_own_keys()
        return True

    def _purge(self) -> None:
        """Delete the portal's keys in Redis (those under its key prefix) after an outage."""
        with self._lock:
            if not self._stale:
                return
            deleted = self._delete_own_keys()
            self._stale = False
        logger.warning(
            "Redis wieder erreichbar; %d Schlüssel von vor dem Ausfall gelöscht.", deleted
        )

    add = _degrading("add")
    get = _degrading("get")
    set = _degrading("set")
    touch = _degrading("touch")
    delete = _degrading("delete")
    get_many = _degrading("get_many")
    has_key = _degrading("has_key")
    incr = _degrading("incr")
    set_many = _degrading("set_many")
    delete_many = _degrading("delete_many")

    def clear(self):
        return self._call("clear", PortalRedisCache._clear_own_keys)
