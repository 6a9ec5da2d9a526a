"""Test overrides on top of the one settings file (the environment decides the database)."""

import os

os.environ.setdefault("SECRET_KEY", "only-for-tests-" + "x" * 40)
# A fixed Fernet key (base64 of "only-for-tests-mfa-key-32-bytes!") for the second factors.
os.environ.setdefault("MFA_ENCRYPTION_KEYS", "b25seS1mb3ItdGVzdHMtbWZhLWtleS0zMi1ieXRlcyE=")
os.environ.setdefault("EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("PORTAL_BASE_URL", "http://testserver")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
# Playwright's sync API runs an event loop in the test thread; Django must allow ORM use there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from saarlouis_portal.settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# No manifest in tests: collectstatic is proven separately (tests/portal/test_deploy.py).
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Serve static files from the finders (no collectstatic run before tests).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# The public Sprechstunden pages are not cached in tests (test transactions never commit, so
# nothing would invalidate them); tests/sprechstunden/test_public_cache.py switches it on.
SPRECHSTUNDEN_LISTE_CACHE_SEKUNDEN = 0
# Likewise the other public pages; tests/portal/test_seiten_cache.py switches it on.
PORTAL_SEITEN_CACHE_SEKUNDEN = 0
# Nor are the options of filters and forms (each test has its own data);
# tests/portal/test_widget_rendering.py switches it on.
PORTAL_AUSWAHL_CACHE_SEKUNDEN = 0

# pytest-xdist workers share one Redis database: each keeps its keys under its own prefix, and
# clearing the cache after a test deletes only those (saarlouis_portal/cache.py).
if CACHES["default"]["BACKEND"].endswith("PortalRedisCache"):  # noqa: F405
    CACHES["default"]["KEY_PREFIX"] = "portal-" + os.environ.get("PYTEST_XDIST_WORKER", "main")  # noqa: F405
