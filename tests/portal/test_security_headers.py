import json

import pytest

from tests.helpers import PRODUCTION_ENV, run_manage, run_python

# A real request through the whole middleware stack under production settings.
FETCH_HEADERS = """
import json, django
django.setup()
from django.test import Client
response = Client(HTTP_HOST="portal.example.org").get(
    "/impressum/", secure=True, headers={"X-Forwarded-Proto": "https"}
)
print(json.dumps({"status": response.status_code, "headers": dict(response.headers),
                  "cookies": {k: dict(v) for k, v in response.cookies.items()}}))
"""


@pytest.fixture(scope="module")
def production(tmp_path_factory):
    """Production settings with static files collected the way a deployment does it."""
    tmp = tmp_path_factory.mktemp("production")
    env = {
        **PRODUCTION_ENV,
        "STATIC_ROOT": str(tmp / "static"),
        "DATABASE_URL": f"sqlite:///{tmp / 'db.sqlite3'}",
    }
    result = run_manage("collectstatic", "--no-input", **env)
    assert result.returncode == 0, result.stdout + result.stderr
    return env


def fetch(code, env):
    result = run_python(code, **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_collectstatic_writes_a_manifest_with_kern_fonts_and_htmx(production):
    from pathlib import Path

    manifest = json.loads((Path(production["STATIC_ROOT"]) / "staticfiles.json").read_text())
    paths = manifest["paths"]
    assert "vendor/kern/kern.min.css" in paths
    assert "vendor/htmx/htmx.min.js" in paths
    assert "vendor/kern/fonts/fira-sans/FiraSans-Regular.woff2" in paths


def test_production_response_carries_the_security_headers(production):
    response = fetch(FETCH_HEADERS, production)
    headers = {k.lower(): v for k, v in response["headers"].items()}
    assert response["status"] == 200
    assert headers["strict-transport-security"] == "max-age=31536000; includeSubDomains; preload"
    assert headers["x-frame-options"] == "DENY"
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "same-origin"
    assert "camera=()" in headers["permissions-policy"]
    assert headers["cross-origin-opener-policy"] == "same-origin"
    csp = headers["content-security-policy"]
    assert "default-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "unsafe-eval" not in csp


def test_production_redirects_plain_http_to_https(production):
    code = FETCH_HEADERS.replace('secure=True, headers={"X-Forwarded-Proto": "https"}', "")
    response = fetch(code, production)
    assert response["status"] == 301
    assert response["headers"]["Location"].startswith("https://portal.example.org/")


def test_pages_carry_no_inline_code_that_the_policy_would_block(client, db):
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    html = response.content.decode()
    assert " style=" not in html
    assert "<script>" not in html
    assert " on" + "click=" not in html
