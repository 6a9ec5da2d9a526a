"""Run code under the real settings module in a fresh interpreter, with a chosen environment.

Settings are read once per process, so production behaviour (refusals, security headers,
check --deploy) can only be proven in a subprocess.
"""

import os
import secrets
import subprocess
import sys
from pathlib import Path

from cryptography.fernet import Fernet

ROOT = Path(__file__).resolve().parent.parent

PRODUCTION_ENV = {
    "DEBUG": "false",
    "SECRET_KEY": secrets.token_urlsafe(64),
    "MFA_ENCRYPTION_KEYS": Fernet.generate_key().decode(),
    "ALLOWED_HOSTS": "portal.example.org",
    "CSRF_TRUSTED_ORIGINS": "https://portal.example.org",
    "EMAIL_HOST": "smtp.example.org",
    "SECURE_PROXY_SSL_HEADER": "true",
    "SECURE_HSTS_PRELOAD": "true",
    "PORTAL_BASE_URL": "https://portal.example.org",
}


def clean_env(**overrides) -> dict[str, str]:
    """The current environment without any portal setting, plus ``overrides``."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in PORTAL_VARIABLES
        and not key.startswith(("EMAIL_", "SECURE_", "RATE_LIMIT_", "BOOKING_"))
    }
    env["DJANGO_SETTINGS_MODULE"] = "saarlouis_portal.settings"
    env.update(overrides)
    return env


PORTAL_VARIABLES = {
    "DEBUG",
    "SECRET_KEY",
    "SECRET_KEY_FILE",
    "MFA_ENCRYPTION_KEYS",
    "MFA_ENCRYPTION_KEYS_FILE",
    "ALLOWED_HOSTS",
    "CSRF_TRUSTED_ORIGINS",
    "DEV_DISABLE_MFA_REQUIREMENT",
    "REDIS_URL",
    "PORTAL_NAME",
    "DJANGO_SETTINGS_MODULE",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
    "DATABASE_URL",
    "PORTAL_BASE_URL",
}


def run_python(code: str, **env) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=clean_env(**env),
        capture_output=True,
        text=True,
        timeout=120,
    )


def run_manage(*args: str, **env) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=clean_env(**env),
        capture_output=True,
        text=True,
        timeout=300,
    )
