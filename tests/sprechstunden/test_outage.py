"""Booking while Redis is unreachable: the booking is made once, the list shows it at once."""

from datetime import datetime

import pytest
from django.urls import reverse

from sprechstunden.models import Beratungsthema, Buchung, Sprache, Termin
from sprechstunden.services.slots import generate_slots
from tests.portal.test_outage import free_port, redis_caches
from tests.sprechstunden.conftest import BERLIN

FERTIG = reverse("sprechstunden:fertig")


@pytest.fixture(autouse=True)
def redis_down(settings):
    settings.CACHES = redis_caches(free_port())
    settings.SPRECHSTUNDEN_LISTE_CACHE_SEKUNDEN = 60
    settings.PORTAL_RATE_LIMITS = {**settings.PORTAL_RATE_LIMITS, "sprechstunden_buchung": "2/h"}


@pytest.fixture
def termin(vormittag, jetzt, django_capture_on_commit_callbacks):
    vormittag.themen.set(Beratungsthema.objects.filter(slug="geldsorgen"))
    with django_capture_on_commit_callbacks(execute=True):
        generate_slots(vormittag)
    return Termin.objects.get(beginn=datetime(2026, 11, 26, 9, tzinfo=BERLIN))


def data(**overrides):
    return {
        "thema": Beratungsthema.objects.get(slug="geldsorgen").pk,
        "email": "ayse@example.org",
        "name": "Ayşe",
        "sprache": Sprache.objects.get(code="de").pk,
        "einwilligung": "on",
        "webseite": "",
        **overrides,
    }


def test_a_citizen_books_while_redis_is_unreachable(
    client, termin, django_capture_on_commit_callbacks
):
    index = reverse("sprechstunden:index")
    url = reverse("sprechstunden:buchen", args=[termin.pk])
    assert url in client.get(index).content.decode()  # cached in the database meanwhile
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, data())
    assert response.status_code == 302
    assert response["Location"].startswith(f"{FERTIG}?b=")
    assert client.get(response["Location"]).status_code == 200
    assert Buchung.objects.filter(termin=termin).count() == 1
    # The booking marked the cached list stale in the database cache, where it was cached:
    # the taken slot is no longer offered.
    assert url not in client.get(index).content.decode()


def test_the_booking_rate_limit_still_holds(client, termin):
    url = reverse("sprechstunden:buchen", args=[termin.pk])
    statuses = [client.post(url, {}).status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
