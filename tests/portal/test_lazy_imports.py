"""Heavy libraries load when first used, not when a worker starts (issue 15).

WeasyPrint, matplotlib (with numpy), openpyxl and python-docx together take about 50 MB per
gunicorn worker, for pages most workers never serve. A fresh interpreter with production settings
imports every view (all URL patterns resolved) and must not have loaded any of them.
"""

import os
import subprocess
import sys

from cryptography.fernet import Fernet
from django.conf import settings

HEAVY = ("weasyprint", "matplotlib", "numpy", "openpyxl", "docx")

SCRIPT = """
import sys

import django

django.setup()

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

get_wsgi_application()


def every_view(patterns):
    for pattern in patterns:
        if hasattr(pattern, "url_patterns"):
            every_view(pattern.url_patterns)
        else:
            pattern.callback  # imports the view module


every_view(get_resolver().url_patterns)
print(" ".join(sorted(name for name in sys.modules if name.split(".")[0] in {heavy!r})))
"""


def test_no_heavy_library_is_loaded_with_the_urlconf():
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "saarlouis_portal.settings",
        "DEBUG": "false",
        "SECRET_KEY": "lazy-imports-test-" + "x" * 50,
        "MFA_ENCRYPTION_KEYS": Fernet.generate_key().decode(),
        "ALLOWED_HOSTS": "localhost",
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "PORTAL_BASE_URL": "https://portal.example.org",
    }
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT.format(heavy=set(HEAVY))],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == []
