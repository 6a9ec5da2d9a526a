"""The Redis cache backend: Django's own, which clears only the portal's keys."""

import os
import threading

import pytest
import redis

from saarlouis_portal.cache import PortalRedisCache

URL = "redis://127.0.0.1:6379/14"


@pytest.fixture
def cache():
    try:
        redis.Redis.from_url(URL).ping()
    except redis.ConnectionError:
        pytest.skip("needs Redis at 127.0.0.1:6379")
    prefix = "test-cache-" + os.environ.get("PYTEST_XDIST_WORKER", "main")
    backend = PortalRedisCache(URL, {"KEY_PREFIX": prefix})
    backend.clear()
    yield backend
    backend.clear()


def test_clear_leaves_the_keys_of_another_prefix(cache):
    other = PortalRedisCache(URL, {"KEY_PREFIX": cache.key_prefix + "-nachbar"})
    other.set("bleibt", 1, 60)
    cache.set("geht", 1, 60)
    try:
        cache.clear()
        assert cache.get("geht") is None
        assert other.get("bleibt") == 1
    finally:
        other.clear()


def test_it_still_behaves_as_a_cache(cache):
    assert cache.add("zaehler", 1, 60) is True
    assert cache.add("zaehler", 5, 60) is False
    assert cache.incr("zaehler") == 2
    cache.set("seite", {"inhalt": "Hallo"}, 60)
    assert cache.get("seite") == {"inhalt": "Hallo"}
    cache.delete("seite")
    assert cache.get("seite") is None
    with pytest.raises(ValueError, match="not found"):
        cache.incr("fehlt")


def test_threads_share_the_client_without_losing_counts(cache):
    cache.set("zaehler", 0, 60)
    barrier = threading.Barrier(8)

    def count():
        barrier.wait()
        for _ in range(50):
            cache.incr("zaehler")

    threads = [threading.Thread(target=count) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert cache.get("zaehler") == 400
