"""Outages: Redis unreachable or blinking, the database out of reach or restarted.

A calm page, never a 500; nothing half-saved. Redis here is real: an address where nothing
listens, and a private redis-server that is paused (CLIENT PAUSE) as a blinking Redis would be.
"""

import logging
import os
import shutil
import socket
import subprocess
import time
from wsgiref.util import setup_testing_defaults

import psycopg
import pytest
import redis
from django.core.cache import caches
from django.core.handlers.wsgi import WSGIHandler
from django.db import connection
from django.test import Client

from tests.conftest import PASSWORD

DATABASE_CACHE = {
    "BACKEND": "django.core.cache.backends.db.DatabaseCache",
    "LOCATION": "portal_cache",
    "OPTIONS": {"MAX_ENTRIES": 50000},
}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def redis_caches(port: int, retry_seconds: float = 60) -> dict:
    return {
        "default": {
            "BACKEND": "saarlouis_portal.cache.PortalRedisCache",
            "LOCATION": f"redis://127.0.0.1:{port}/0",
            "KEY_PREFIX": "portal-outage",
            "OPTIONS": {"FALLBACK": "database", "RETRY_SECONDS": retry_seconds},
        },
        "database": DATABASE_CACHE,
    }


@pytest.fixture
def redis_down(settings):
    """REDIS_URL points at an address where nothing listens."""
    settings.CACHES = redis_caches(free_port())
    settings.SPRECHSTUNDEN_LISTE_CACHE_SEKUNDEN = 60


@pytest.mark.django_db
@pytest.mark.usefixtures("redis_down")
@pytest.mark.parametrize("path", ["/", "/sprechstunden/", "/orte/", "/netzwerke/", "/sorgekreise/"])
def test_public_pages_answer_while_redis_is_unreachable(client, path):
    assert client.get(path).status_code == 200
    # The page cache falls back to the database cache: the second visit is served from it.
    assert client.get(path).status_code == 200


@pytest.mark.django_db
@pytest.mark.usefixtures("redis_down")
def test_the_outage_is_logged_once_not_per_request(client, caplog):
    with caplog.at_level(logging.WARNING, logger="saarlouis_portal.cache"):
        for _ in range(3):
            client.get("/sprechstunden/")
    warnings = [r for r in caplog.records if r.name == "saarlouis_portal.cache"]
    assert len(warnings) == 1
    assert "Redis nicht erreichbar" in warnings[0].getMessage()


@pytest.mark.django_db
@pytest.mark.usefixtures("redis_down")
def test_rate_limits_keep_counting_in_the_database(client, settings):
    settings.PORTAL_RATE_LIMITS = {**settings.PORTAL_RATE_LIMITS, "hausbesuch_anfrage": "2/h"}
    statuses = [client.post("/sprechstunden/hausbesuch/", {}).status_code for _ in range(3)]
    assert statuses[:2] == [200, 200]  # the form with its messages
    assert statuses[2] == 429
    # The counter lives in the database cache table.
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM portal_cache")
        assert cursor.fetchone()[0] >= 1


@pytest.mark.django_db
@pytest.mark.usefixtures("redis_down")
def test_staff_log_in_and_keep_their_session(client, koordination):
    response = client.post(
        "/accounts/login/", {"login": "koordination@example.org", "password": PASSWORD}
    )
    assert response.status_code == 302
    # Sessions are cached_db: the session row is in the database, Redis is not needed.
    assert client.get("/cockpit/").status_code == 200


@pytest.fixture
def private_redis():
    """A redis-server of the test's own, on a free port, keeping nothing on disk."""
    binary = shutil.which("redis-server")
    if binary is None:
        if os.environ.get("CI") == "true":
            pytest.fail("redis-server is missing (apt-get install redis-server)")
        pytest.skip("redis-server not found (apt-get install redis-server)")
    port = free_port()
    process = subprocess.Popen(
        [binary, "--port", str(port), "--save", "", "--appendonly", "no", "--bind", "127.0.0.1"],
        stdout=subprocess.DEVNULL,
    )
    control = redis.Redis(port=port)
    for _ in range(100):
        try:
            control.ping()
            break
        except redis.ConnectionError:
            time.sleep(0.05)
    yield port, control
    process.terminate()
    process.wait(timeout=10)


@pytest.mark.django_db
def test_nothing_stale_comes_back_after_redis_blinked(settings, private_redis, caplog):
    port, control = private_redis
    settings.CACHES = redis_caches(port, retry_seconds=0)
    cache = caches["default"]
    cache.set("liste", "alte Seite", 600)
    assert cache.get("liste") == "alte Seite"

    # Redis stops answering for 1.5 s (the socket timeout is 1 s): a booking marks the list
    # stale meanwhile, which only the database cache hears about.
    control.execute_command("CLIENT", "PAUSE", 1500, "ALL")
    with caplog.at_level(logging.WARNING, logger="saarlouis_portal.cache"):
        cache.delete("liste")
        assert cache.get("liste") is None
    time.sleep(1.6)

    # Back again: the keys from before the outage are gone, the stale page does not return.
    assert cache.get("liste") is None
    assert control.keys("portal-outage:*") == []
    cache.set("liste", "neue Seite", 600)
    assert cache.get("liste") == "neue Seite"
    messages = [r.getMessage() for r in caplog.records if r.name == "saarlouis_portal.cache"]
    assert messages == [
        "Redis nicht erreichbar (TimeoutError); der Datenbank-Cache springt ein.",
        "Redis wieder erreichbar; 1 Schlüssel von vor dem Ausfall gelöscht.",
    ]


@pytest.mark.django_db
def test_clear_deletes_only_the_portals_keys(settings, private_redis):
    port, control = private_redis
    settings.CACHES = redis_caches(port)
    control.set("fremd", "bleibt")
    caches["default"].set("eigen", 1)
    caches["default"].clear()
    assert control.get("fremd") == b"bleibt"
    assert control.keys("portal-outage:*") == []


# The database: PostgreSQL only (an SQLite file cannot be out of reach).

needs_postgresql = pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")),
    reason="needs PostgreSQL (DATABASE_URL=postgres://...); .ci/run runs it",
)


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_database_out_of_reach_answers_503_with_retry_after(settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    client = Client(raise_request_exception=False)
    original = connection.settings_dict["PORT"]
    connection.close()
    connection.settings_dict["PORT"] = free_port()
    try:
        response = client.get("/orte/")
    finally:
        connection.close()
        connection.settings_dict["PORT"] = original
    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    assert "kurz nicht erreichbar" in response.content.decode()


def wsgi_get(path: str) -> int:
    """One request through Django's WSGI handler as gunicorn sends it: unlike the test client,
    it lets request_started close or check the worker's persistent database connection."""
    environ = {"REQUEST_METHOD": "GET", "PATH_INFO": path, "HTTP_HOST": "testserver"}
    setup_testing_defaults(environ)
    status = []
    response = WSGIHandler()(environ, lambda line, headers: status.append(line))
    b"".join(response)
    response.close()
    return int(status[0].split()[0])


@needs_postgresql
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(("health_checks", "expected"), [(True, 200), (False, 503)])
def test_a_connection_cut_by_a_restart_is_replaced_without_an_error(health_checks, expected):
    """A persistent connection (CONN_MAX_AGE) that a database restart has cut: the health
    check at the start of the next request notices and connects anew. The control run without
    the check shows that the test sees the cut."""
    assert wsgi_get("/orte/") == 200
    pid = connection.connection.info.backend_pid
    params = connection.get_connection_params()
    admin_params = {k: v for k, v in params.items() if k in ("host", "port", "user", "dbname")}
    with psycopg.connect(**admin_params, autocommit=True) as admin:
        admin.execute("SELECT pg_terminate_backend(%s)", [pid])
    # Read from CONN_HEALTH_CHECKS when the connection was opened.
    connection.health_check_enabled = health_checks
    try:
        assert wsgi_get("/orte/") == expected
    finally:
        connection.close()
