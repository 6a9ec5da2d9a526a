"""Django's Redis cache with one Redis client per connection pool instead of one per call.

Django wraps its connection pool in a new ``redis.Redis`` for every cache operation, and building
one (it fills a table of about 80 response callbacks) costs more than the round trip to Redis
itself: a booking, which counts its rate limit and marks the public pages stale, paid for it
twice. A ``redis.Redis`` holds no connection of its own and may be shared between threads (it
takes a connection from the pool for each command), so one per pool does.
"""

from django.core.cache.backends.redis import RedisCache, RedisCacheClient


class _SharedClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class PortalRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = _SharedClient
