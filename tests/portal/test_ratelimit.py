import pytest
from django.test import RequestFactory

from saarlouis_portal.ratelimit import hit, parse_rate


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
