"""Settings of the Sozialplanungs-Portal: one file, configured through environment variables.

See docs/configuration.md for every variable. Production (DEBUG off) refuses to start without a
SECRET_KEY, MFA_ENCRYPTION_KEYS and a way to send e-mail.
"""

import base64
import hashlib
from datetime import date
from pathlib import Path

import dj_database_url
from cryptography.fernet import Fernet
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from saarlouis_portal.env import env_bool, env_int, env_list, env_rate, env_secret, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", default=False)

SECRET_KEY = env_secret("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Production (DEBUG off) refuses to start without it: set "
            "SECRET_KEY or SECRET_KEY_FILE, e.g. to the output of "
            "`python -c 'import secrets; print(secrets.token_urlsafe(64))'`."
        )
    SECRET_KEY = "insecure-development-key-only-used-with-DEBUG-on"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured(
        "ALLOWED_HOSTS is empty: set it to the portal's host name, e.g. portal.saarlouis.de."
    )
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# Development only: lets the demo staff log in without setting up a second factor. Refused in
# production so it cannot be switched on by accident.
DEV_DISABLE_MFA_REQUIREMENT = env_bool("DEV_DISABLE_MFA_REQUIREMENT", default=False)
if DEV_DISABLE_MFA_REQUIREMENT and not DEBUG:
    raise ImproperlyConfigured("DEV_DISABLE_MFA_REQUIREMENT may only be set together with DEBUG.")

PORTAL_NAME = env_str("PORTAL_NAME", "Kreisstadt Saarlouis")
PORTAL_CONTACT_EMAIL = env_str("PORTAL_CONTACT_EMAIL", "sozialplanung@example.org")
# Four eyes (issue 16): a chapter is published, and a sustainability check approved, by someone
# other than the person who submitted it. Small offices may switch it off; every switch is
# recorded in the audit trail (saarlouis_portal/vier_augen.py, docs/configuration.md).
PORTAL_VIER_AUGEN = env_bool("FOUR_EYES", default=True)

INSTALLED_APPS = [
    "whitenoise.runserver_nostatic",
    # Before the admin and the apps: registers <app>/translation.py when the apps are ready.
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_filters",
    "auditlog",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "saarlouis_portal.konten",
    "saarlouis_portal.stammdaten",
    "saarlouis_portal.postausgang",
    "saarlouis_portal.barrierefreiheit",
    "saarlouis_portal.auftraege",
    "netzwerke",
    "begegnung",
    "sorgekreise",
    "sprechstunden",
    "berichte",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "saarlouis_portal.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "saarlouis_portal.sprachen.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "saarlouis_portal.konten.middleware.RequireMFAMiddleware",
    "auditlog.middleware.AuditlogMiddleware",
    # A staff member's change gives the cached public pages a new data version.
    "saarlouis_portal.seiten_cache.AenderungenMiddleware",
]

ROOT_URLCONF = "saarlouis_portal.urls"
WSGI_APPLICATION = "saarlouis_portal.wsgi.application"

_extra_templates = env_str("PORTAL_EXTRA_TEMPLATES_DIR")
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        # An operator's own directory comes first, so Impressum, Datenschutz and the
        # accessibility statement can be replaced without touching the code.
        "DIRS": ([Path(_extra_templates)] if _extra_templates else []) + [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "csp.context_processors.nonce",
                "saarlouis_portal.context_processors.portal",
                "saarlouis_portal.sprachen.context",
            ],
        },
    },
]

FORM_RENDERER = "saarlouis_portal.forms.KernFormRenderer"

# Database: SQLite in the project as the embedded default, PostgreSQL in production and CI.
DATABASE_URL = env_str("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}"
try:
    _db = dj_database_url.parse(DATABASE_URL)
except Exception as exc:  # dj-database-url raises several types for a malformed URL
    raise ImproperlyConfigured(f"DATABASE_URL cannot be parsed: {exc}") from None
if _db["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers work while one writer writes; IMMEDIATE takes the write lock at the start
    # of a transaction, so two writers queue instead of failing with "database is locked".
    _db["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
elif _db["ENGINE"] == "django.db.backends.postgresql":
    _db["CONN_MAX_AGE"] = env_int("DB_CONN_MAX_AGE", 600)
    _db["CONN_HEALTH_CHECKS"] = True
    if env_bool("DB_PREPARED_STATEMENTS", True):
        # Parameters bound on the server, and a statement run five times on a connection is
        # prepared there (psycopg's default threshold): PostgreSQL then skips parsing and
        # planning it. Halves the database's CPU per booking. Needs a direct connection or a
        # pooler that supports prepared statements (PgBouncer 1.21+ with max_prepared_statements).
        _db["OPTIONS"] = {"server_side_binding": True, "prepare_threshold": 5}
DATABASES = {"default": _db}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# One cache shared by all gunicorn workers: it carries the rate limits, the public page cache
# and the sessions' cache layer. The database cache is the default; with REDIS_URL, Redis is,
# and the database cache stands in while Redis is unreachable (saarlouis_portal/cache.py).
_DATABASE_CACHE = {
    "BACKEND": "django.core.cache.backends.db.DatabaseCache",
    "LOCATION": "portal_cache",
    # The default of 300 entries would evict rate-limit counters under load.
    "OPTIONS": {"MAX_ENTRIES": 50000},
}
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "saarlouis_portal.cache.PortalRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "portal",
            "OPTIONS": {
                "FALLBACK": "database",
                "RETRY_SECONDS": env_int("REDIS_RETRY_SECONDS", 5),
            },
        },
        "database": _DATABASE_CACHE,
    }
else:
    CACHES = {"default": _DATABASE_CACHE}
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 60 * 60)

AUTH_USER_MODEL = "konten.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "cockpit"
LOGOUT_REDIRECT_URL = "home"

# django-allauth: staff log in with e-mail and password; nobody signs up publicly.
ACCOUNT_ADAPTER = "saarlouis_portal.konten.adapter.StaffAccountAdapter"
ACCOUNT_FORMS = {"login": "saarlouis_portal.konten.forms.StaffLoginForm"}
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS = False
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_PRESERVE_USERNAME_CASING = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = f"[{PORTAL_NAME}] "
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "change_password": "5/m/user",
    "reauthenticate": "10/m/user",
}
# Behind a reverse proxy every request comes from 127.0.0.1; allauth must read the client's
# address from X-Forwarded-For, or one attacker's failed logins would lock out all staff.
ALLAUTH_TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = f"Sozialplanungs-Portal {PORTAL_NAME}"
# A code typed in the last seconds of its 30-second step arrives in the next one; a phone's
# clock may be a few seconds off. One step either way (RFC 6238, 5.2); allauth still refuses a
# code used once within that window.
MFA_TOTP_TOLERANCE = 1
MFA_ADAPTER = "saarlouis_portal.konten.adapter.StaffMFAAdapter"
# The second factors' secrets are stored encrypted (saarlouis_portal/konten/mfa_crypto.py) with
# these Fernet keys, separated by commas or line breaks: the first encrypts, all decrypt.
MFA_ENCRYPTION_KEYS = (env_secret("MFA_ENCRYPTION_KEYS") or "").replace(",", " ").split()
if not MFA_ENCRYPTION_KEYS:
    if not DEBUG:
        raise ImproperlyConfigured(
            "MFA_ENCRYPTION_KEYS is not set. Production (DEBUG off) refuses to start without it: "
            "set MFA_ENCRYPTION_KEYS or MFA_ENCRYPTION_KEYS_FILE, e.g. to the output of `python "
            "-c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())'`."
        )
    # Development only (DEBUG on): a fixed key derived from SECRET_KEY, so a development
    # database stays readable across restarts without configuring a key.
    _digest = hashlib.sha256(b"mfa-encryption-key:" + SECRET_KEY.encode()).digest()
    MFA_ENCRYPTION_KEYS = [base64.urlsafe_b64encode(_digest).decode()]
for _number, _key in enumerate(MFA_ENCRYPTION_KEYS, start=1):
    try:
        Fernet(_key)
    except ValueError:
        raise ImproperlyConfigured(
            f"Key number {_number} in MFA_ENCRYPTION_KEYS is not a Fernet key (32 bytes in "
            "URL-safe base64, 44 characters)."
        ) from None

# E-mail: SMTP when EMAIL_HOST is set; the console in development.
EMAIL_HOST = env_str("EMAIL_HOST")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = env_int("EMAIL_PORT", 587)
    EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = env_secret("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=EMAIL_PORT == 587)
    EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", default=EMAIL_PORT == 465)
    EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 20)
    if EMAIL_USE_TLS and EMAIL_USE_SSL:
        raise ImproperlyConfigured("EMAIL_USE_TLS and EMAIL_USE_SSL exclude each other.")
else:
    EMAIL_BACKEND = env_str("EMAIL_BACKEND") or (
        "django.core.mail.backends.console.EmailBackend" if DEBUG else None
    )
    if not EMAIL_BACKEND:
        raise ImproperlyConfigured(
            "No way to send e-mail: set EMAIL_HOST (SMTP) or EMAIL_BACKEND. Password reset and "
            "booking confirmations need it."
        )
# The outbox (saarlouis_portal/postausgang): requests only store their mails and
# `manage.py send_queued_mail` sends them through the backend chosen above, so a slow or
# unreachable mail server never slows down or breaks a booking. On by default with SMTP.
EMAIL_QUEUE = env_bool("EMAIL_QUEUE", default=bool(EMAIL_HOST))
POSTAUSGANG_EMAIL_BACKEND = EMAIL_BACKEND
if EMAIL_QUEUE:
    if EMAIL_BACKEND == "saarlouis_portal.postausgang.backend.QueuedEmailBackend":
        raise ImproperlyConfigured("EMAIL_BACKEND must be the backend that really sends.")
    EMAIL_BACKEND = "saarlouis_portal.postausgang.backend.QueuedEmailBackend"
# Mails still unsent after this many days are deleted unsent (purge_personal_data).
POSTAUSGANG_AUFBEWAHRUNG_TAGE = env_int("EMAIL_QUEUE_RETENTION_DAYS", 7)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "portal@localhost")
SERVER_EMAIL = env_str("SERVER_EMAIL", DEFAULT_FROM_EMAIL)

# Public address of the portal, for links in e-mails sent outside a request (reminders).
PORTAL_BASE_URL = (env_str("PORTAL_BASE_URL") or "").rstrip("/")
if not PORTAL_BASE_URL:
    if not DEBUG:
        raise ImproperlyConfigured(
            "PORTAL_BASE_URL is not set: e-mails need the public address, e.g. "
            "https://portal.saarlouis.de"
        )
    PORTAL_BASE_URL = "http://127.0.0.1:8000"

# Rate limits per client address on public forms ("count/period"; set but empty switches one
# off, unset keeps the default; anything else refuses to start).
PORTAL_RATE_LIMITS = {
    "sprechstunden_buchung": env_rate("RATE_LIMIT_BOOKING", "10/10m"),
    "sprechstunden_link": env_rate("RATE_LIMIT_BOOKING_LINK", "30/10m"),
    "hausbesuch_anfrage": env_rate("RATE_LIMIT_HOME_VISIT", "5/h"),
    "sorgekreise_anfrage": env_rate("RATE_LIMIT_HELP_REQUEST", "5/h"),
    "sorgekreise_helfende": env_rate("RATE_LIMIT_VOLUNTEER", "5/h"),
    # Members' reply links to network meetings (netzwerke/views/antwort.py).
    "netzwerke_antwort": env_rate("RATE_LIMIT_MEETING_REPLY", "30/10m"),
    # Staff calendar feeds behind a secret address (konten/kalender.py): calendar programs poll
    # every few minutes, several colleagues may share one office address.
    "kalender_feed": env_rate("RATE_LIMIT_CALENDAR_FEED", "120/10m"),
}

# Netzwerke: invited members who did not decline are reminded this many days before a meeting
# (network_reminders, issue 17; 0: no reminders).
NETZWERKE_ERINNERUNG_TAGE = env_int("MEETING_REMINDER_DAYS", 2)

# Sprechstunden
SPRECHSTUNDEN_RESERVIERUNG_MINUTEN = env_int("BOOKING_RESERVATION_MINUTES", 30)
SPRECHSTUNDEN_MAX_OFFENE_BUCHUNGEN = env_int("BOOKING_MAX_OPEN_PER_CONTACT", 2)
SPRECHSTUNDEN_AUFBEWAHRUNG_TAGE = env_int("BOOKING_RETENTION_DAYS", 90)
# Home visits are often longer cases than one appointment; a municipality may keep them longer.
HAUSBESUCH_AUFBEWAHRUNG_TAGE = env_int("HOME_VISIT_RETENTION_DAYS", SPRECHSTUNDEN_AUFBEWAHRUNG_TAGE)
# A request nobody closes is deleted this many days after it came in and after its last planned
# visit (0: never), since the retention period above only starts at closing.
HAUSBESUCH_HOECHSTALTER_TAGE = env_int("HOME_VISIT_MAX_AGE_DAYS", 365)
# How long a booking waits for a slot row another booking holds before it gives up politely.
SPRECHSTUNDEN_LOCK_TIMEOUT_MS = env_int("BOOKING_LOCK_TIMEOUT_MS", 5000)
# Public list and slot pages are cached this long for visitors (0: off); every booking and
# schedule change invalidates them at once (sprechstunden/public_cache.py).
SPRECHSTUNDEN_LISTE_CACHE_SEKUNDEN = env_int("BOOKING_LIST_CACHE_SECONDS", 60)
# The other public pages (places, networks, circles, reports) for visitors without a login:
# served from the shared cache until a staff member changes something, at most this long
# (saarlouis_portal/seiten_cache.py); 0 switches it off.
PORTAL_SEITEN_CACHE_SEKUNDEN = env_int("PUBLIC_PAGE_CACHE_SECONDS", 60)
# Options of master data in filters and public forms (areas, topics, languages) come from the
# shared cache for this long (0: off); saarlouis_portal/forms.py, choices_from_cache.
PORTAL_AUSWAHL_CACHE_SEKUNDEN = env_int("CHOICES_CACHE_SECONDS", 60)
# Bump when the privacy notice of the booking form changes; each booking stores the version.
SPRECHSTUNDEN_EINWILLIGUNG_VERSION = "2026-11-1"
# Waiting list (issue 17): a seat offered to the first waiting person is held this long for
# them; an entry for a whole Sprechstunde waits this many days (one for a day ends with the day).
SPRECHSTUNDEN_WARTELISTE_HALTEN_MINUTEN = env_int("WAITING_LIST_HOLD_MINUTES", 120)
SPRECHSTUNDEN_WARTELISTE_TAGE = env_int("WAITING_LIST_DAYS", 14)
PORTAL_RATE_LIMITS["sprechstunden_warteliste"] = env_rate("RATE_LIMIT_WAITING_LIST", "5/10m")
# "Buchung finden": booking code plus phone number or e-mail address.
PORTAL_RATE_LIMITS["sprechstunden_finden"] = env_rate("RATE_LIMIT_BOOKING_FIND", "10/10m")

# Sorgekreise: days after a help request was closed or withdrawn (or a helper left) until
# purge_personal_data removes the personal data; the public forms state this period.
SORGEKREISE_AUFBEWAHRUNG_TAGE = env_int("CARE_RETENTION_DAYS", 90)
# Bump when the privacy notice of the Sorgekreise forms changes; each request/helper stores it.
SORGEKREISE_EINWILLIGUNG_VERSION = "2026-11-1"
# Proposals nobody answers (match_reminders, issue 17): the helper is reminded after this many
# days (0: no reminders), the coordination this many days after the helper.
SORGEKREISE_ERINNERUNG_TAGE = env_int("CARE_REMINDER_DAYS", 5)
SORGEKREISE_ERINNERUNG_KOORDINATION_TAGE = env_int("CARE_REMINDER_COORDINATION_DAYS", 3)

# Barrierefreiheit (BITV 2.0): the accessibility statement with its dates (ISO, e.g. 2026-12-07),
# where feedback goes, how long it is kept, the state's arbitration body (Schlichtungsstelle), the
# size limit of sign-language videos, and the phone number the Leichte-Sprache pages name
# (empty: none is shown). See docs/barrierefreiheit.md.
PORTAL_CONTACT_PHONE = env_str("PORTAL_CONTACT_PHONE", "")
BARRIEREFREIHEIT_EMAIL = env_str("ACCESSIBILITY_FEEDBACK_EMAIL", PORTAL_CONTACT_EMAIL)
BARRIEREFREIHEIT_AUFBEWAHRUNG_TAGE = env_int("ACCESSIBILITY_FEEDBACK_RETENTION_DAYS", 365)
PORTAL_RATE_LIMITS["barrierefreiheit_rueckmeldung"] = env_rate(
    "RATE_LIMIT_ACCESSIBILITY_FEEDBACK", "5/h"
)
BARRIEREFREIHEIT_SCHLICHTUNG_NAME = env_str(
    "ACCESSIBILITY_ARBITRATION_NAME",
    "Schlichtungsstelle nach § 12e Saarländisches Behindertengleichstellungsgesetz (SBGG)",
)
BARRIEREFREIHEIT_SCHLICHTUNG_URL = env_str("ACCESSIBILITY_ARBITRATION_URL", "")
BARRIEREFREIHEIT_SCHLICHTUNG_EMAIL = env_str("ACCESSIBILITY_ARBITRATION_EMAIL", "")
BARRIEREFREIHEIT_VIDEO_MAX_MB = env_int("SIGN_LANGUAGE_VIDEO_MAX_MB", 200)
try:
    BARRIEREFREIHEIT_ERSTELLT_AM = date.fromisoformat(
        env_str("ACCESSIBILITY_STATEMENT_CREATED", "2026-12-07")
    )
    BARRIEREFREIHEIT_GEPRUEFT_AM = date.fromisoformat(
        env_str("ACCESSIBILITY_STATEMENT_REVIEWED", "2026-12-07")
    )
except ValueError as exc:
    raise ImproperlyConfigured(
        f"ACCESSIBILITY_STATEMENT_CREATED/_REVIEWED must be dates like 2026-12-07: {exc}"
    ) from None

# Berichte: limits of one value import (CSV/XLSX); larger files are refused with a message.
BERICHTE_IMPORT_MAX_ZEILEN = env_int("REPORT_IMPORT_MAX_ROWS", 100_000)
BERICHTE_IMPORT_MAX_MB = env_int("REPORT_IMPORT_MAX_MB", 20)

# Map of the Orte der Begegnung. No tile server by default: tiles from a third party would send
# every visitor's address there, which the portal never does unasked. The operator opts in with
# their own tile server (or a provider they have a contract with); the map page then allows
# exactly that host in its Content-Security-Policy (begegnung/karte.py).
MAP_TILE_URL = env_str("MAP_TILE_URL", "")
MAP_TILE_ATTRIBUTION = env_str("MAP_TILE_ATTRIBUTION", "© OpenStreetMap-Mitwirkende")
if MAP_TILE_URL and not (
    MAP_TILE_URL.startswith(("https://", "http://"))
    and all(part in MAP_TILE_URL for part in ("{z}", "{x}", "{y}"))
):
    raise ImproperlyConfigured(
        f"MAP_TILE_URL={MAP_TILE_URL!r} is not a tile URL template: it must start with https:// "
        "and contain {z}, {x} and {y}, e.g. https://tile.openstreetmap.org/{z}/{x}/{y}.png"
    )

LANGUAGE_CODE = "de"
# Each language named in itself, as the switcher shows it (docs/i18n.md). Staff pages stay German.
LANGUAGES = [
    ("de", "Deutsch"),
    ("en", "English"),
    ("fr", "Français"),
    ("tr", "Türkçe"),
    ("ar", "العربية"),
    ("uk", "Українська"),
]
LANGUAGE_COOKIE_AGE = 365 * 24 * 60 * 60
LANGUAGE_COOKIE_SAMESITE = "Lax"
# Texts staff type for the public, per language (<app>/translation.py, docs/i18n.md): a column
# per language; German is the default and the fallback of every other language. Creating a row
# with a field's plain name fills its German column, whatever language is active.
MODELTRANSLATION_DEFAULT_LANGUAGE = "de"
MODELTRANSLATION_LANGUAGES = tuple(code for code, _name in LANGUAGES)
MODELTRANSLATION_FALLBACK_LANGUAGES = ("de",)
MODELTRANSLATION_AUTO_POPULATE = "default"
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT") or BASE_DIR / "staticfiles")
# Front-end packages come from npm and are served as our own static files, never from a CDN.
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/kern", BASE_DIR / "node_modules/@kern-ux/native/dist"),
    ("vendor/htmx", BASE_DIR / "node_modules/htmx.org/dist"),
    ("vendor/leaflet", BASE_DIR / "node_modules/leaflet/dist"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
if DEBUG:
    STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
MEDIA_ROOT = Path(env_str("MEDIA_ROOT") or BASE_DIR / "media")
MEDIA_URL = "media/"
# Uploaded and produced files (sign-language videos, published report exports) go through the
# storage API only: MEDIA_ROOT by default (a shared volume for several hosts), or an
# S3-compatible object store with STORAGE_BACKEND=s3, which needs the optional package
# `pip install "django-storages[s3]>=1.14,<2"` (docs/deployment.md, "Mehrere Server").
STORAGE_BACKEND = (env_str("STORAGE_BACKEND") or "filesystem").lower()
if STORAGE_BACKEND == "s3":
    _s3 = {
        "bucket_name": env_str("AWS_STORAGE_BUCKET_NAME"),
        "endpoint_url": env_str("AWS_S3_ENDPOINT_URL"),
        "region_name": env_str("AWS_S3_REGION_NAME"),
        "location": env_str("AWS_LOCATION", ""),
        "custom_domain": env_str("AWS_S3_CUSTOM_DOMAIN"),
        # Private bucket, signed links that expire (the videos' page links them).
        "querystring_auth": env_bool("AWS_QUERYSTRING_AUTH", default=True),
        "querystring_expire": env_int("AWS_QUERYSTRING_EXPIRE", 3600),
        # As on disk: a second upload of the same name gets a new name, never replaces a file.
        "file_overwrite": False,
    }
    if not _s3["bucket_name"]:
        raise ImproperlyConfigured("STORAGE_BACKEND=s3 needs AWS_STORAGE_BUCKET_NAME.")
    # Keys from the environment (or *_FILE); unset, boto3 finds its own (instance role, ~/.aws).
    for _option, _name in (
        ("access_key", "AWS_ACCESS_KEY_ID"),
        ("secret_key", "AWS_SECRET_ACCESS_KEY"),
    ):
        if env_secret(_name):
            _s3[_option] = env_secret(_name)
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {k: v for k, v in _s3.items() if v is not None},
    }
elif STORAGE_BACKEND != "filesystem":
    raise ImproperlyConfigured(
        f"STORAGE_BACKEND must be filesystem or s3, not {STORAGE_BACKEND!r}."
    )

# Background tasks (Django's Tasks API through the django-tasks backport): queued in the
# database, run by `manage.py db_worker` (docs/deployment.md). Workers on several hosts take
# each task once (SELECT ... FOR UPDATE SKIP LOCKED).
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    }
}
# Background jobs and the files they produced are deleted after this many days
# (saarlouis_portal/auftraege/retention.py, run by purge_personal_data).
AUFTRAEGE_AUFBEWAHRUNG_TAGE = env_int("BACKGROUND_JOB_RETENTION_DAYS", 7)

# Security headers. HTTPS settings follow DEBUG unless set explicitly (e.g. behind a proxy that
# terminates TLS, SECURE_PROXY_SSL_HEADER must be switched on).
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", default=not DEBUG)
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", default=not DEBUG)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=not DEBUG)
# Preload is a commitment for every subdomain of the municipality: the operator decides.
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=False)
if env_bool("SECURE_PROXY_SSL_HEADER", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
USE_X_FORWARDED_HOST = env_bool("USE_X_FORWARDED_HOST", default=False)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
PERMISSIONS_POLICY = (
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), "
    "interest-cohort=(), browsing-topics=()"
)

# Content-Security-Policy (django-csp 4): nothing from third parties, no inline code without a
# nonce. KERN's icons are data: URIs inside its CSS.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    },
}
if STORAGE_BACKEND == "s3":
    # Videos and captions then come from the object store's address, e.g.
    # https://portal-media.s3.eu-central-1.amazonaws.com (STORAGE_MEDIA_ORIGINS, comma-separated).
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["media-src"] = [
        SELF,
        *env_list("STORAGE_MEDIA_ORIGINS"),
    ]

# Audit trail: who changed what; the remote address is personal data we do not need.
AUDITLOG_DISABLE_REMOTE_ADDR = True
# Masked fields keep nothing of their value (auditlog's default keeps the second half).
AUDITLOG_MASK_CALLABLE = "saarlouis_portal.konten.audit.mask_all"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"redact_tokens": {"()": "saarlouis_portal.logfilters.RedactTokens"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["redact_tokens"]},
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        # Django's own console handler would print paths unredacted (with DEBUG on): replace it.
        "django": {"handlers": ["console"], "level": "INFO", "propagate": False},
        # Request lines carry tokens in query strings of some flows; never log them.
        "django.server": {"handlers": ["console"], "level": "WARNING", "propagate": False},
    },
}
