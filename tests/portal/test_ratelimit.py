from datetime import UTC, datetime

import pytest
import time_machine
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpResponse
from django.test import RequestFactory

from saarlouis_portal.env import env_rate
from saarlouis_portal.ratelimit import hit, parse_rate, retry_after, too_many


@pytest.mark.parametrize(
    ("rate", "expected"),
    [("10/m", (10, 60)), ("5/10m", (5, 600)), ("30/h", (30, 3600)), (" 2 / d ", (2, 86400))],
)
def test_rates_read_like_allauths(rate, expected):
    assert parse_rate(rate) == expected


@pytest.mark.parametrize("rate", ["zehn/m", "10", "10/w", "10/m/ip"])
def test_bad_rates_are_refused(rate):
    with pytest.raises(ValueError, match="Invalid rate"):
        parse_rate(rate)


def test_a_client_over_the_limit_is_stopped_and_others_are_not(db, settings):
    settings.PORTAL_RATE_LIMITS = {"probe": "3/h"}
    factory = RequestFactory()
    first = factory.post("/", REMOTE_ADDR="192.0.2.1")
    other = factory.post("/", REMOTE_ADDR="192.0.2.2")
    assert [hit(first, "probe") for _ in range(4)] == [True, True, True, False]
    assert hit(other, "probe") is True


def test_an_empty_rate_switches_the_limit_off(db, settings):
    settings.PORTAL_RATE_LIMITS = {"probe": ""}
    request = RequestFactory().post("/", REMOTE_ADDR="192.0.2.1")
    assert all(hit(request, "probe") for _ in range(50))


# Retry-After: the windows are fixed, so the end of the client's window is known.


def test_retry_after_is_the_time_until_the_window_ends(settings):
    settings.PORTAL_RATE_LIMITS = {"probe": "5/h", "kurz": "10/10m", "aus": ""}
    # 10:20:30 UTC: the hour's window ends at 11:00, the 10-minute one at 10:30.
    with time_machine.travel(datetime(2026, 11, 23, 10, 20, 30, tzinfo=UTC), tick=False):
        assert retry_after("probe") == 39 * 60 + 30
        assert retry_after("kurz") == 9 * 60 + 30
        assert retry_after("aus") == 0


def test_a_limited_answer_carries_retry_after(settings):
    settings.PORTAL_RATE_LIMITS = {"probe": "1/m"}
    with time_machine.travel(datetime(2026, 11, 23, 10, 20, 45, tzinfo=UTC), tick=False):
        response = too_many(HttpResponse(status=429), "probe")
    assert response["Retry-After"] == "15"


# RATE_LIMIT_* variables: unset keeps the default, empty switches the limit off


def test_an_unset_rate_variable_keeps_the_default(monkeypatch):
    monkeypatch.delenv("RATE_LIMIT_PROBE", raising=False)
    assert env_rate("RATE_LIMIT_PROBE", "5/h") == "5/h"


@pytest.mark.parametrize("value", ["", "  "])
def test_an_empty_rate_variable_switches_the_limit_off(monkeypatch, value):
    monkeypatch.setenv("RATE_LIMIT_PROBE", value)
    assert env_rate("RATE_LIMIT_PROBE", "5/h") == ""


def test_a_rate_variable_that_is_no_rate_refuses_to_start(monkeypatch):
    monkeypatch.setenv("RATE_LIMIT_PROBE", "zehn pro Minute")
    with pytest.raises(ImproperlyConfigured, match="RATE_LIMIT_PROBE"):
        env_rate("RATE_LIMIT_PROBE", "5/h")
