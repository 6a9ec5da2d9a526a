"""The counsellor's calendar feed (sprechstunden/kalender.py, views/staff_kalender.py): their
slots with time, place, "gebucht"/"frei" and topic, behind the secret address of their account;
nothing about the people who booked."""

import itertools
from datetime import date, datetime, time, timedelta

import pytest
import time_machine
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from icalendar import Calendar

from saarlouis_portal.konten.kalender import create_token, revoke_token
from sprechstunden.models import (
    Anlaufstelle,
    Beratende,
    Beratungsthema,
    Kanal,
    Schliesszeit,
    Sprechstunde,
    Termin,
)
from sprechstunden.services.booking import BuchungsDaten, book_termin
from sprechstunden.services.slots import cancel_termin, generate_slots
from tests.sprechstunden.conftest import BERLIN

pytestmark = pytest.mark.usefixtures("beratung_im_vormittag")

# What a citizen gave when booking; none of it may reach the feed.
PERSON = {
    "name": "Ida Beispielfrau",
    "telefon": "07127 987654",
    "email": "ida.beispiel@example.org",
    "notiz": "Bringt Bescheid vom Jobcenter mit",
    "barrierefreiheit": "Kommt mit Rollstuhl",
}
SPUREN = [
    "Ida",
    "Beispielfrau",
    "987654",
    "+497127",
    "ida.beispiel",
    "example.org",
    "Jobcenter",
    "Rollstuhl",
]
CALLERS = itertools.count(5000)


def slot(sprechstunde, day, hour, minute=0, month=11):
    return Termin.objects.get(
        sprechstunde=sprechstunde,
        beginn=datetime(2026, month, day, hour, minute, tzinfo=BERLIN),
    )


def book(termin, by, thema=None, **data):
    thema = thema or Beratungsthema.objects.get(slug="geldsorgen")
    data = {"telefon": f"07127 {next(CALLERS)}", **data}
    return book_termin(termin.pk, BuchungsDaten(thema=thema, **data), kanal=Kanal.TELEFON, by=by)[0]


def feed_url(token):
    return reverse("sprechstunden:kalender_feed", args=[token])


def events(response):
    assert response.status_code == 200
    return {
        event.decoded("dtstart").strftime("%d.%m. %H:%M"): event
        for event in Calendar.from_ical(response.content).walk("VEVENT")
    }


@pytest.fixture
def termine(vormittag, jetzt):
    generate_slots(vormittag)
    return vormittag


@pytest.fixture
def token(beratung, termine):
    return create_token(beratung)


def test_the_feed_lists_the_counsellors_slots_booked_and_free(client, beratung, termine, token):
    book(slot(termine, 26, 9), beratung, **PERSON)
    response = client.get(feed_url(token))
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    found = events(response)
    booked, free = found["26.11. 09:00"], found["26.11. 09:30"]
    assert str(booked["summary"]) == "Soziale Sprechstunde am Vormittag: gebucht"
    assert str(free["summary"]) == "Soziale Sprechstunde am Vormittag: frei"
    assert "Thema: Geldsorgen und Schulden" in str(booked["description"])
    assert "Thema" not in str(free["description"])
    assert str(booked["location"]) == (
        "Büro im Rathaus Pliezhausen, Marktplatz 1, 72124 Pliezhausen, Zimmer 12"
    )
    start = booked.decoded("dtstart")
    assert str(start.tzinfo) == "Europe/Berlin"
    assert booked.decoded("dtend") - start == timedelta(minutes=30)
    assert str(booked["status"]) == "CONFIRMED"
    assert str(booked["url"]).endswith(
        reverse("sprechstunden:termin", args=[slot(termine, 26, 9).pk])
    )
    calendar = Calendar.from_ical(response.content)
    assert str(calendar["x-wr-calname"]) == "Meine Sprechstunden-Termine"


def test_no_name_phone_number_or_e_mail_of_a_citizen_is_in_it(client, beratung, termine, token):
    book(slot(termine, 26, 9), beratung, **PERSON)
    book_termin(  # an online request too
        slot(termine, 26, 10).pk,
        BuchungsDaten(thema=Beratungsthema.objects.get(slug="wohnen"), **PERSON),
    )
    response = client.get(feed_url(token))
    text = response.content.decode()
    for trace in SPUREN:
        assert trace not in text
    for event in Calendar.from_ical(response.content).walk("VEVENT"):
        for key in ("summary", "description", "location"):
            value = str(event.get(key, ""))
            assert "@" not in value
            assert not any(trace in value for trace in SPUREN)
    assert "Thema: Wohnen" in text


def test_slots_of_colleagues_and_other_sprechstunden_are_not_in_it(
    client, beratung, beratung_diakonie, diakoniestation, termine, token, rathaus
):
    nachmittag = Sprechstunde.objects.create(
        anlaufstelle=rathaus,
        titel="Sprechstunde der Diakonie",
        wochentage=[3],
        beginn=time(14),
        ende=time(15),
        gueltig_ab=date(2026, 1, 1),
    )
    Beratende.objects.create(
        sprechstunde=nachmittag, user=beratung_diakonie, traeger=diakoniestation
    )
    generate_slots(nachmittag)
    # The morning Sprechstunde has a second counsellor, who takes one slot
    Beratende.objects.create(sprechstunde=termine, user=beratung_diakonie, traeger=diakoniestation)
    Termin.objects.filter(pk=slot(termine, 26, 9).pk).update(beratende=beratung_diakonie)
    found = events(client.get(feed_url(token)))
    assert "26.11. 09:00" not in found
    assert "26.11. 09:30" in found
    assert "26.11. 14:00" not in found
    # Each slot once, though two counsellors counsel in the Sprechstunde
    total = Termin.objects.filter(sprechstunde=termine).count() - 1
    assert len(found) == total
    colleague = events(client.get(feed_url(create_token(beratung_diakonie))))
    assert "26.11. 09:00" in colleague
    assert "26.11. 14:00" in colleague


def test_a_slot_assigned_to_the_counsellor_elsewhere_is_in_it(
    client, beratung, termine, token, rathaus
):
    """Someone's slot of a Sprechstunde they do not counsel in, handed to them."""
    andere = Sprechstunde.objects.create(
        anlaufstelle=rathaus,
        titel="Vertretung",
        wochentage=[4],
        beginn=time(10),
        ende=time(11),
        gueltig_ab=date(2026, 1, 1),
    )
    generate_slots(andere)
    Termin.objects.filter(pk=slot(andere, 27, 10).pk).update(beratende=beratung)
    found = events(client.get(feed_url(token)))
    assert str(found["27.11. 10:00"]["summary"]) == "Vertretung: frei"
    assert "27.11. 10:30" not in found


def test_cancelled_and_closed_slots_say_so(client, beratung, planer, termine, token):
    book(slot(termine, 26, 9), beratung, **PERSON)
    cancel_termin(slot(termine, 26, 9), "Erkrankung der Beraterin", by=planer)
    Schliesszeit.objects.create(
        sprechstunde=termine,
        beginn=datetime(2026, 11, 30, tzinfo=BERLIN),
        ende=datetime(2026, 12, 1, tzinfo=BERLIN),
        grund="Teamtag",
    )
    found = events(client.get(feed_url(token)))
    cancelled = found["26.11. 09:00"]
    assert str(cancelled["summary"]) == "Soziale Sprechstunde am Vormittag: abgesagt"
    assert str(cancelled["status"]) == "CANCELLED"
    assert "Erkrankung der Beraterin" in str(cancelled["description"])
    assert "Thema" not in str(cancelled["description"])
    closed = found["30.11. 09:00"]
    assert str(closed["summary"]) == "Soziale Sprechstunde am Vormittag: geschlossen"
    assert str(closed["status"]) == "CANCELLED"


def test_a_slot_with_several_seats_counts_them(client, beratung, termine, token):
    Sprechstunde.objects.filter(pk=termine.pk).update(kapazitaet=2)
    Termin.objects.filter(sprechstunde=termine).update(kapazitaet=2)
    book(slot(termine, 26, 9), beratung)
    book(slot(termine, 26, 10), beratung)
    book(slot(termine, 26, 10), beratung, thema=Beratungsthema.objects.get(slug="wohnen"))
    found = events(client.get(feed_url(token)))
    assert str(found["26.11. 09:00"]["summary"]).endswith(": 1 von 2 gebucht")
    assert str(found["26.11. 10:00"]["summary"]).endswith(": gebucht (2 von 2)")
    assert "Thema: Geldsorgen und Schulden, Wohnen" in str(found["26.11. 10:00"]["description"])
    assert str(found["26.11. 09:30"]["summary"]).endswith(": frei")


def test_a_follow_up_is_marked(client, beratung, termine, token):
    buchung = book(slot(termine, 26, 9), beratung)
    type(buchung).objects.filter(pk=buchung.pk).update(folgetermin=True)
    found = events(client.get(feed_url(token)))
    assert "Folgetermin" in str(found["26.11. 09:00"]["description"])
    assert "Folgetermin" not in str(found["26.11. 09:30"]["description"])


def test_the_feed_covers_four_weeks_back_and_what_lies_ahead(client, beratung, termine, token):
    with time_machine.travel(datetime(2026, 12, 28, 8, tzinfo=BERLIN), tick=False):
        found = events(client.get(feed_url(token)))
    days = {key[:6] for key in found}
    assert "30.11." in days  # four weeks back
    assert "26.11." not in days  # longer ago


def test_summer_time_slots_keep_their_local_time(client, beratung, rathaus, token):
    with time_machine.travel(datetime(2027, 6, 1, 8, tzinfo=BERLIN), tick=False):
        sommer = Sprechstunde.objects.create(
            anlaufstelle=rathaus,
            titel="Sommer",
            wochentage=[3],
            beginn=time(9),
            ende=time(10),
            gueltig_ab=date(2027, 6, 1),
        )
        Beratende.objects.create(
            sprechstunde=sommer, user=beratung, traeger=Beratende.objects.first().traeger
        )
        generate_slots(sommer)
        response = client.get(feed_url(token))
    event = events(response)["03.06. 09:00"]
    assert event.decoded("dtstart").utcoffset() == timedelta(hours=2)


# Refused


def test_an_unknown_token_is_a_404(client, token):
    assert client.get(feed_url("x" * 43)).status_code == 404


def test_a_revoked_token_is_a_404(client, beratung, token):
    revoke_token(beratung)
    assert client.get(feed_url(token)).status_code == 404


def test_a_renewed_token_replaces_the_old_one(client, beratung, token):
    new = create_token(beratung)
    assert client.get(feed_url(token)).status_code == 404
    assert client.get(feed_url(new)).status_code == 200


def test_an_account_that_is_no_counsellor_has_no_such_feed(client, koordination, termine):
    assert client.get(feed_url(create_token(koordination))).status_code == 404


def test_a_deactivated_account_has_no_feed(client, beratung, token):
    beratung.is_active = False
    beratung.save()
    assert client.get(feed_url(token)).status_code == 404


def test_the_feed_is_private_and_read_only(client, token):
    response = client.get(feed_url(token))
    assert "private" in response["Cache-Control"]
    assert "no-store" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert client.head(feed_url(token)).status_code == 200
    assert client.post(feed_url(token)).status_code == 405


@override_settings(PORTAL_RATE_LIMITS={"kalender_feed": "3/10m"})
def test_the_feed_is_rate_limited(client, token):
    for _ in range(3):
        assert client.get(feed_url(token)).status_code == 200
    response = client.get(feed_url(token))
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    # Guessing tokens counts too
    assert client.get(feed_url("y" * 43)).status_code == 429


# Cost


def _queries(client, url):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


def test_query_count_stays_flat_as_slots_and_bookings_grow(client, beratung, termine, token, roden):
    book(slot(termine, 26, 9), beratung)
    few = _queries(client, feed_url(token))
    buero = Anlaufstelle.objects.create(
        name="Stadtteilbüro Roden", gebiet=roden, strasse="Weg 1", plz="66740", ort="Saarlouis"
    )
    traeger = Beratende.objects.first().traeger
    for titel in ("Montag", "Dienstag", "Mittwoch"):
        weitere = Sprechstunde.objects.create(
            anlaufstelle=buero,
            titel=titel,
            wochentage=[0, 1, 2],
            beginn=time(13),
            ende=time(17),
            kapazitaet=2,
            gueltig_ab=date(2026, 1, 1),
        )
        Beratende.objects.create(sprechstunde=weitere, user=beratung, traeger=traeger)
        generate_slots(weitere)
    for termin in Termin.objects.all()[:30]:
        book(termin, beratung)
    Schliesszeit.objects.create(
        anlaufstelle=buero,
        beginn=datetime(2026, 12, 1, tzinfo=BERLIN),
        ende=datetime(2026, 12, 2, tzinfo=BERLIN),
        grund="Feier",
    )
    assert Termin.objects.of_counsellor(beratung).count() > 200
    assert _queries(client, feed_url(token)) == few
