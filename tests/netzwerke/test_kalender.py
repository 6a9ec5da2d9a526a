"""iCalendar: one .ics per meeting and the feed per public network."""

import pytest
import time_machine
from django.urls import reverse
from icalendar import Calendar

pytestmark = pytest.mark.django_db


def _events(content: bytes):
    return Calendar.from_ical(content).walk("VEVENT")


def test_the_meeting_ics_has_local_time_uid_and_sequence(client, treffen):
    treffen.sequenz = 3
    treffen.save()
    response = client.get(reverse("netzwerke:treffen_ics", args=[treffen.pk]))
    assert response["Content-Type"].startswith("text/calendar")
    (event,) = _events(response.content)
    start = event.decoded("dtstart")
    assert str(start.tzinfo) == "Europe/Berlin"
    assert (start.hour, start.minute) == (18, 0)
    assert event.decoded("dtend").hour == 20
    assert str(event["uid"]).startswith(f"treffen-{treffen.uid}@")
    assert int(event["sequence"]) == 3
    assert str(event["status"]) == "CONFIRMED"
    assert "TZID:Europe/Berlin" in response.content.decode()
    # Minutes never go into a calendar.
    assert "Geheimes" not in response.content.decode()


def test_summer_time_is_right_too(client, treffen):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    treffen.beginn = datetime(2026, 7, 1, 9, 30, tzinfo=ZoneInfo("Europe/Berlin"))
    treffen.ende = datetime(2026, 7, 1, 11, 0, tzinfo=ZoneInfo("Europe/Berlin"))
    treffen.save()
    (event,) = _events(client.get(reverse("netzwerke:treffen_ics", args=[treffen.pk])).content)
    start = event.decoded("dtstart")
    assert (start.hour, start.minute) == (9, 30)
    assert start.utcoffset().total_seconds() == 7200


def test_a_cancelled_meeting_says_so(client, treffen):
    treffen.abgesagt = True
    treffen.save()
    (event,) = _events(client.get(reverse("netzwerke:treffen_ics", args=[treffen.pk])).content)
    assert str(event["status"]) == "CANCELLED"


@time_machine.travel("2026-11-26 12:00 +0100", tick=False)
def test_the_feed_lists_the_networks_meetings_with_a_stable_uid(client, treffen, netzwerk):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from netzwerke.models import Treffen

    berlin = ZoneInfo("Europe/Berlin")
    Treffen.objects.create(
        netzwerk=netzwerk,
        titel="Uralt",
        beginn=datetime(2024, 1, 1, 10, tzinfo=berlin),
        ende=datetime(2024, 1, 1, 11, tzinfo=berlin),
    )
    url = reverse("netzwerke:netzwerk_feed", args=[netzwerk.pk])
    first = client.get(url).content
    events = _events(first)
    assert [str(e["summary"]) for e in events] == [
        "Netzwerktreffen Dezember (Netzwerk Sprachförderung)"
    ]
    assert "X-WR-CALNAME:Netzwerk Sprachförderung" in first.decode()
    assert client.get(url).content == first


def test_the_feed_of_an_internal_network_is_a_404(client, planer, fremdes_netzwerk):
    client.force_login(planer)
    url = reverse("netzwerke:netzwerk_feed", args=[fremdes_netzwerk.pk])
    assert client.get(url).status_code == 404


def test_staff_get_the_ics_of_internal_meetings(
    client, planer, koordination, fremdes_netzwerk, treffen
):
    treffen.netzwerk = fremdes_netzwerk
    treffen.save()
    client.force_login(planer)
    assert client.get(reverse("netzwerke:treffen_ics", args=[treffen.pk])).status_code == 200
    client.force_login(koordination)
    assert client.get(reverse("netzwerke:treffen_ics", args=[treffen.pk])).status_code == 404


def test_the_feed_answers_304_while_nothing_changed(client, treffen, netzwerk):
    url = reverse("netzwerke:netzwerk_feed", args=[netzwerk.pk])
    etag = client.get(url)["ETag"]
    assert client.get(url, headers={"if-none-match": etag}).status_code == 304
    treffen.ort = "Anderswo"
    treffen.save()
    assert client.get(url, headers={"if-none-match": etag}).status_code == 200
