"""Settings of the benchmark server: the portal's own settings plus a bare "hello" URL.

Everything else (middleware, database, cache, sessions, security headers) stays as in
production; the values come from the environment that bench/run.py sets. Added for the
benchmarks only: the ``bench`` app (its ``seed_scale`` command), the cold-cache header of
bench/nonce.py (for the cache and the file storage), and a key prefix of the benchmarks' own
in Redis (BENCH_KEY_PREFIX), so that clearing the cache deletes only the benchmarks' keys,
never those of a portal sharing the Redis database.
"""

import os

from saarlouis_portal.settings import *  # noqa: F403
from saarlouis_portal.settings import CACHES, INSTALLED_APPS, MIDDLEWARE, STORAGES

ROOT_URLCONF = "bench.urls"

INSTALLED_APPS = [*INSTALLED_APPS, "bench"]

# No collectstatic run before the benchmark: the pages only link the static files, and the
# manifest storage would refuse to render without its manifest.
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

BENCH_KEY_PREFIX = os.environ.get("BENCH_KEY_PREFIX", "bench")
CACHES = {
    alias: {**config, "KEY_PREFIX": BENCH_KEY_PREFIX, "KEY_FUNCTION": "bench.nonce.make_key"}
    for alias, config in CACHES.items()
}
MIDDLEWARE = ["bench.nonce.CacheNonceMiddleware", *MIDDLEWARE]
if STORAGES["default"]["BACKEND"] == "django.core.files.storage.FileSystemStorage":
    STORAGES["default"] = {"BACKEND": "bench.nonce.NonceFileSystemStorage"}
