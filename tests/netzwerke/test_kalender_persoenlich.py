"""A staff member's own feed of network meetings (netzwerke/kalender_persoenlich.py): the
meetings of every network they may see, internal ones included, behind the secret address of
their account; no minutes."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from icalendar import Calendar

from netzwerke.models import Netzwerk, Treffen
from saarlouis_portal.konten.kalender import create_token, revoke_token

BERLIN = ZoneInfo("Europe/Berlin")
JETZT = datetime(2026, 11, 23, 8, 0, tzinfo=BERLIN)


@pytest.fixture(autouse=True)
def jetzt():
    with time_machine.travel(JETZT, tick=False):
        yield JETZT


def feed_url(token):
    return reverse("netzwerke:kalender_feed", args=[token])


def titles(response):
    assert response.status_code == 200
    return sorted(str(e["summary"]) for e in Calendar.from_ical(response.content).walk("VEVENT"))


def meeting(netzwerk, titel, when, **fields):
    return Treffen.objects.create(
        netzwerk=netzwerk, titel=titel, beginn=when, ende=when + timedelta(hours=2), **fields
    )


@pytest.fixture
def internes(netzwerk, stadt, koordination):
    """An internal network the coordinator coordinates."""
    netz = Netzwerk.objects.create(name="Steuerungsrunde", gebiet=stadt, oeffentlich=False)
    netz.koordination.add(koordination)
    return netz


@pytest.fixture
def treffen_alle(treffen, internes, fremdes_netzwerk):
    meeting(internes, "Steuerung Dezember", datetime(2026, 12, 3, 17, tzinfo=BERLIN))
    meeting(fremdes_netzwerk, "Roden intern", datetime(2026, 12, 4, 17, tzinfo=BERLIN))
    return treffen


def test_a_coordinator_gets_public_meetings_and_those_of_their_internal_networks(
    client, koordination, treffen_alle
):
    found = titles(client.get(feed_url(create_token(koordination))))
    assert found == [
        "Netzwerktreffen Dezember (Netzwerk Sprachförderung)",
        "Steuerung Dezember (Steuerungsrunde)",
    ]


def test_sozialplanung_gets_every_network(client, planer, treffen_alle):
    found = titles(client.get(feed_url(create_token(planer))))
    assert "Roden intern (Internes Netzwerk Roden)" in found
    assert len(found) == 3


def test_a_counsellor_gets_the_public_ones(client, beratung, treffen_alle):
    found = titles(client.get(feed_url(create_token(beratung))))
    assert found == ["Netzwerktreffen Dezember (Netzwerk Sprachförderung)"]


def test_the_feed_has_place_agenda_and_local_time_but_no_minutes(
    client, koordination, treffen_alle
):
    response = client.get(feed_url(create_token(koordination)))
    (event,) = [
        e
        for e in Calendar.from_ical(response.content).walk("VEVENT")
        if str(e["summary"]).startswith("Netzwerktreffen")
    ]
    assert str(event["location"]) == "Rathaus Saarlouis, Sitzungssaal"
    assert "Sprachcafé" in str(event["description"])
    start = event.decoded("dtstart")
    assert (str(start.tzinfo), start.hour) == ("Europe/Berlin", 18)
    assert "Geheimes internes Protokoll" not in response.content.decode()
    assert str(Calendar.from_ical(response.content)["x-wr-calname"]) == "Treffen meiner Netzwerke"


def test_meetings_older_than_a_year_are_left_out(client, koordination, netzwerk):
    meeting(netzwerk, "Vor langer Zeit", datetime(2025, 10, 1, 17, tzinfo=BERLIN))
    meeting(netzwerk, "Im Frühjahr", datetime(2026, 3, 1, 17, tzinfo=BERLIN))
    found = titles(client.get(feed_url(create_token(koordination))))
    assert found == ["Im Frühjahr (Netzwerk Sprachförderung)"]


def test_unknown_and_revoked_tokens_are_a_404(client, koordination, treffen):
    token = create_token(koordination)
    assert client.get(feed_url("z" * 43)).status_code == 404
    revoke_token(koordination)
    assert client.get(feed_url(token)).status_code == 404


def test_an_account_without_role_has_no_feed(client, outsider, treffen):
    assert client.get(feed_url(create_token(outsider))).status_code == 404


def test_the_feed_is_private(client, koordination, treffen):
    response = client.get(feed_url(create_token(koordination)))
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert "private" in response["Cache-Control"]
    assert "no-store" in response["Cache-Control"]


@override_settings(PORTAL_RATE_LIMITS={"kalender_feed": "2/10m"})
def test_the_feed_is_rate_limited(client, koordination, treffen):
    token = create_token(koordination)
    assert client.get(feed_url(token)).status_code == 200
    assert client.get(feed_url(token)).status_code == 200
    response = client.get(feed_url(token))
    assert response.status_code == 429
    assert "Retry-After" in response


def _queries(client, url):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


def test_query_count_stays_flat_as_meetings_grow(client, planer, treffen, fremdes_netzwerk):
    token = create_token(planer)
    few = _queries(client, feed_url(token))
    for i in range(20):
        netz = treffen.netzwerk if i % 2 else fremdes_netzwerk
        meeting(netz, f"Treffen {i}", datetime(2026, 12, 1 + i, 17, tzinfo=BERLIN))
    assert _queries(client, feed_url(token)) == few
