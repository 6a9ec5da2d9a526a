import json
import os

import pytest
from django.core.exceptions import ImproperlyConfigured

from saarlouis_portal.env import env_bool, env_int, env_list, env_secret
from tests.helpers import PRODUCTION_ENV, run_manage, run_python

PRINT_SETTINGS = (
    "import json, django; django.setup(); from django.conf import settings as s; "
    "print(json.dumps({'db': s.DATABASES['default'], 'cache': s.CACHES['default']['BACKEND'], "
    "'debug': s.DEBUG, 'tz': s.TIME_ZONE, 'lang': s.LANGUAGE_CODE, 'name': s.PORTAL_NAME}, "
    "default=str))"
)


def test_env_bool_reads_common_spellings(monkeypatch):
    monkeypatch.setenv("X_FLAG", "Yes")
    assert env_bool("X_FLAG") is True
    monkeypatch.setenv("X_FLAG", "0")
    assert env_bool("X_FLAG", default=True) is False
    monkeypatch.delenv("X_FLAG")
    assert env_bool("X_FLAG", default=True) is True


def test_env_bool_fails_loudly_on_a_typo(monkeypatch):
    monkeypatch.setenv("X_FLAG", "ture")
    with pytest.raises(ImproperlyConfigured, match="X_FLAG"):
        env_bool("X_FLAG")


def test_env_int_fails_loudly_on_a_non_number(monkeypatch):
    monkeypatch.setenv("X_NUMBER", "zehn")
    with pytest.raises(ImproperlyConfigured, match="X_NUMBER"):
        env_int("X_NUMBER", 3)
    monkeypatch.setenv("X_NUMBER", " 12 ")
    assert env_int("X_NUMBER", 3) == 12


def test_env_list_drops_empty_items(monkeypatch):
    monkeypatch.setenv("X_HOSTS", "a.example.org, ,b.example.org,")
    assert env_list("X_HOSTS") == ["a.example.org", "b.example.org"]


def test_env_secret_reads_a_file(monkeypatch, tmp_path):
    secret_file = tmp_path / "secret"
    secret_file.write_text("geheim\n")
    monkeypatch.setenv("X_SECRET_FILE", str(secret_file))
    assert env_secret("X_SECRET") == "geheim"
    monkeypatch.setenv("X_SECRET_FILE", str(tmp_path / "missing"))
    with pytest.raises(ImproperlyConfigured, match="X_SECRET_FILE"):
        env_secret("X_SECRET")


def test_production_refuses_to_start_without_secret_key():
    result = run_python(PRINT_SETTINGS, DEBUG="false", EMAIL_HOST="smtp.example.org")
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_production_refuses_to_start_without_a_mail_server():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "EMAIL_HOST"}
    result = run_python(PRINT_SETTINGS, **env)
    assert result.returncode != 0
    assert "EMAIL_HOST" in result.stderr


def test_production_refuses_the_development_mfa_switch():
    result = run_python(PRINT_SETTINGS, **PRODUCTION_ENV, DEV_DISABLE_MFA_REQUIREMENT="true")
    assert result.returncode != 0
    assert "DEV_DISABLE_MFA_REQUIREMENT" in result.stderr


def test_a_bad_boolean_stops_the_start():
    result = run_python(PRINT_SETTINGS, **{**PRODUCTION_ENV, "DEBUG": "maybe"})
    assert result.returncode != 0
    assert "DEBUG='maybe' is not a boolean" in result.stderr


def test_defaults_are_sqlite_in_wal_mode_with_immediate_transactions(tmp_path):
    code = (
        "import django; django.setup(); from django.db import connection; "
        "c = connection.cursor(); c.execute('PRAGMA journal_mode'); "
        "print(c.fetchone()[0], connection.settings_dict['OPTIONS']['transaction_mode'])"
    )
    result = run_python(code, DEBUG="true", DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["wal", "IMMEDIATE"]


def test_postgresql_keeps_connections_with_health_checks():
    result = run_python(
        PRINT_SETTINGS, DEBUG="true", DATABASE_URL="postgres://postgres@127.0.0.1:5432/portal"
    )
    assert result.returncode == 0, result.stderr
    db = json.loads(result.stdout)["db"]
    assert db["ENGINE"] == "django.db.backends.postgresql"
    assert db["CONN_MAX_AGE"] == 600
    assert db["CONN_HEALTH_CHECKS"] is True
    assert db["OPTIONS"] == {"server_side_binding": True, "prepare_threshold": 5}


def test_prepared_statements_can_be_switched_off_for_a_pooler():
    result = run_python(
        PRINT_SETTINGS,
        DEBUG="true",
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/portal",
        DB_PREPARED_STATEMENTS="false",
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["db"]["OPTIONS"] == {}


def test_locale_time_zone_and_portal_name():
    result = run_python(PRINT_SETTINGS, DEBUG="true", PORTAL_NAME="Gemeinde Pliezhausen")
    values = json.loads(result.stdout)
    assert values["tz"] == "Europe/Berlin"
    assert values["lang"] == "de"
    assert values["name"] == "Gemeinde Pliezhausen"


def test_cache_is_the_database_unless_redis_is_configured():
    without = json.loads(run_python(PRINT_SETTINGS, DEBUG="true").stdout)
    with_redis = json.loads(
        run_python(PRINT_SETTINGS, DEBUG="true", REDIS_URL="redis://127.0.0.1:6379/1").stdout
    )
    assert without["cache"] == "django.core.cache.backends.db.DatabaseCache"
    assert with_redis["cache"] == "saarlouis_portal.cache.PortalRedisCache"


def test_check_deploy_has_no_warnings_in_production():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="REDIS_URL not set (CI sets it)")
def test_the_shared_cache_reaches_redis():
    from django.core.cache import caches

    cache = caches["default"]
    assert type(cache).__name__ == "PortalRedisCache"
    cache.set("portal-ci-probe", "ok", 10)
    assert cache.get("portal-ci-probe") == "ok"


def test_production_refuses_to_start_without_allowed_hosts():
    result = run_python(PRINT_SETTINGS, **{**PRODUCTION_ENV, "ALLOWED_HOSTS": " "})
    assert result.returncode != 0
    assert "ALLOWED_HOSTS is empty" in result.stderr


def test_an_empty_variable_falls_back_to_the_default():
    result = run_python(PRINT_SETTINGS, DEBUG="true", PORTAL_NAME="")
    assert json.loads(result.stdout)["name"] == "Kreisstadt Saarlouis"


def test_production_refuses_to_start_without_the_public_address():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "PORTAL_BASE_URL"}
    result = run_python(PRINT_SETTINGS, **env)
    assert result.returncode != 0
    assert "PORTAL_BASE_URL" in result.stderr


def test_rate_limits_are_read_from_the_environment():
    code = (
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.PORTAL_RATE_LIMITS['sprechstunden_buchung'])"
    )
    result = run_python(code, DEBUG="true", RATE_LIMIT_BOOKING="1000000/s")
    assert result.stdout.strip() == "1000000/s"


def test_an_empty_rate_limit_variable_switches_that_limit_off():
    """docs/configuration.md: "Empty switches the limit off" (other strings fall back to their
    default when empty; rate limits do not)."""
    code = (
        "import django, json; django.setup(); from django.conf import settings; "
        "print(json.dumps(settings.PORTAL_RATE_LIMITS))"
    )
    limits = json.loads(run_python(code, DEBUG="true", RATE_LIMIT_BOOKING="").stdout)
    assert limits["sprechstunden_buchung"] == ""
    assert limits["sprechstunden_link"] == "30/10m"  # unset: the default


def test_a_rate_limit_that_is_no_rate_refuses_to_start():
    result = run_python(PRINT_SETTINGS, DEBUG="true", RATE_LIMIT_HOME_VISIT="5 pro Stunde")
    assert result.returncode != 0
    assert "RATE_LIMIT_HOME_VISIT" in result.stderr


def test_home_visits_keep_the_booking_retention_unless_set_apart():
    code = (
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.SPRECHSTUNDEN_AUFBEWAHRUNG_TAGE, settings.HAUSBESUCH_AUFBEWAHRUNG_TAGE)"
    )
    assert run_python(code, DEBUG="true", BOOKING_RETENTION_DAYS="60").stdout.split() == [
        "60",
        "60",
    ]
    result = run_python(
        code, DEBUG="true", BOOKING_RETENTION_DAYS="60", HOME_VISIT_RETENTION_DAYS="365"
    )
    assert result.stdout.split() == ["60", "365"]
