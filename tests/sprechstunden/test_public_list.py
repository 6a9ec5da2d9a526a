"""The public list of Sprechstunden and the slot page of one Sprechstunde (screen 1)."""

from datetime import date, datetime, time, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from saarlouis_portal.stammdaten.models import Organisation, OrganisationArt
from sprechstunden.models import (
    Anlaufstelle,
    Beratende,
    Beratungsthema,
    Schliesszeit,
    Sprache,
    Sprechstunde,
    Termin,
)
from sprechstunden.services.booking import BuchungsDaten, book_termin
from sprechstunden.services.slots import generate_slots
from tests.conftest import make_user
from tests.sprechstunden.conftest import BERLIN

INDEX = reverse("sprechstunden:index")


def slot(sprechstunde, day, hour, minute=0, *, month=11):
    return Termin.objects.get(
        sprechstunde=sprechstunde, beginn=datetime(2026, month, day, hour, minute, tzinfo=BERLIN)
    )


@pytest.fixture
def jugendamt(db):
    return Organisation.objects.create(name="Jugendamt Reutlingen", art=OrganisationArt.BEHOERDE)


@pytest.fixture
def vormittag_mit_terminen(vormittag, jugendamt, beratung, jetzt):
    Beratende.objects.create(sprechstunde=vormittag, user=beratung, traeger=jugendamt)
    generate_slots(vormittag)
    return vormittag


@pytest.fixture
def mehrgenerationenhaus(pliezhausen):
    return Anlaufstelle.objects.create(
        name="Mehrgenerationenhaus Gniebel",
        gebiet=pliezhausen,
        strasse="Schulstraße 3",
        plz="72124",
        ort="Pliezhausen",
    )


def make_sprechstunde(anlaufstelle, titel, *, themen, sprachen, **extra):
    sprechstunde = Sprechstunde.objects.create(
        anlaufstelle=anlaufstelle,
        titel=titel,
        wochentage=extra.pop("wochentage", [2]),
        beginn=time(14, 0),
        ende=time(16, 0),
        slot_minuten=30,
        gueltig_ab=date(2026, 1, 1),
        **extra,
    )
    sprechstunde.themen.set(Beratungsthema.objects.filter(slug__in=themen))
    sprechstunde.sprachen.set(Sprache.objects.filter(code__in=sprachen))
    generate_slots(sprechstunde)
    return sprechstunde


@pytest.fixture
def nachmittag(mehrgenerationenhaus, jetzt):
    """Wednesday 14–16 in another place: only housing, in German and Arabic."""
    return make_sprechstunde(
        mehrgenerationenhaus, "Wohnberatung am Nachmittag", themen=["wohnen"], sprachen=["de", "ar"]
    )


def titles(response):
    return [s.titel for s in response.context["sprechstunden"]]


# The list


def test_it_lists_place_times_organisations_topics_languages_and_next_free_slots(
    client, vormittag_mit_terminen
):
    response = client.get(INDEX)
    html = response.content.decode()
    assert response.status_code == 200
    assert titles(response) == ["Soziale Sprechstunde am Vormittag"]
    assert "Büro im Rathaus Pliezhausen" in html
    assert "Marktplatz 1, 72124 Pliezhausen, Zimmer 12" in html
    assert 'Montag, Donnerstag, <bdi dir="ltr">09:00–11:00</bdi> Uhr' in html
    assert "Jugendamt Reutlingen" in html
    assert "Geldsorgen und Schulden" in html
    assert "Türkisch" in html
    # 08:00 now, two hours' notice: 9:00 and 9:30 today are gone, 10:00 is the first free one.
    first = response.context["sprechstunden"][0].naechste_termine[0]
    assert first == slot(vormittag_mit_terminen, 23, 10)
    assert reverse("sprechstunden:buchen", args=[first.pk]) in html


def test_it_shows_at_most_six_next_slots_and_skips_full_ones(client, vormittag_mit_terminen, thema):
    book_termin(slot(vormittag_mit_terminen, 23, 10).pk, BuchungsDaten(thema, telefon="0711 1"))
    response = client.get(INDEX)
    naechste = response.context["sprechstunden"][0].naechste_termine
    assert len(naechste) == 6
    assert naechste[0] == slot(vormittag_mit_terminen, 23, 10, 30)


def test_it_hides_unpublished_and_expired_sprechstunden(
    client, vormittag_mit_terminen, mehrgenerationenhaus
):
    make_sprechstunde(
        mehrgenerationenhaus, "Intern", themen=["wohnen"], sprachen=[], oeffentlich=False
    )
    make_sprechstunde(
        mehrgenerationenhaus,
        "Ausgelaufen",
        themen=["wohnen"],
        sprachen=[],
        gueltig_bis=date(2026, 10, 31),
    )
    assert titles(client.get(INDEX)) == ["Soziale Sprechstunde am Vormittag"]


def test_it_hides_sprechstunden_of_an_inactive_place(client, vormittag_mit_terminen, rathaus):
    rathaus.aktiv = False
    rathaus.save()
    assert titles(client.get(INDEX)) == []


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"thema": "wohnen"}, ["Soziale Sprechstunde am Vormittag", "Wohnberatung am Nachmittag"]),
        ({"thema": "geldsorgen"}, ["Soziale Sprechstunde am Vormittag"]),
        ({"sprache": "ar"}, ["Wohnberatung am Nachmittag"]),
        ({"sprache": "de"}, ["Soziale Sprechstunde am Vormittag", "Wohnberatung am Nachmittag"]),
        ({"anlaufstelle": "mgh"}, ["Wohnberatung am Nachmittag"]),
        ({"thema": "geldsorgen", "sprache": "ar"}, []),
    ],
)
def test_it_filters_by_topic_language_and_place(
    client, vormittag_mit_terminen, nachmittag, query, expected
):
    ids = {
        "thema": lambda v: Beratungsthema.objects.get(slug=v).pk,
        "sprache": lambda v: Sprache.objects.get(code=v).pk,
        "anlaufstelle": lambda v: nachmittag.anlaufstelle_id,
    }
    response = client.get(INDEX, {key: ids[key](value) for key, value in query.items()})
    assert sorted(titles(response)) == expected


def test_the_topic_filter_offers_only_topics_somebody_advises_on(client, nachmittag):
    choices = client.get(INDEX).context["filter"].form.fields["thema"].queryset
    assert [t.slug for t in choices] == ["wohnen"]


def test_the_date_filter_shows_free_slots_from_that_day(client, vormittag_mit_terminen):
    response = client.get(INDEX, {"ab": "2026-12-03"})
    naechste = response.context["sprechstunden"][0].naechste_termine
    assert naechste[0] == slot(vormittag_mit_terminen, 3, 9, month=12)
    assert "Freie Termine ab 3. Dezember 2026" in response.content.decode()


@pytest.mark.parametrize(
    "query",
    [
        {"ab": "morgen"},
        {"ab": "2026-02-30"},
        {"thema": "999999"},
        {"thema": "<script>alert(1)</script>"},
        {"sprache": "abc"},
        {"anlaufstelle": "-1"},
    ],
)
def test_bad_filter_values_are_named_and_the_list_still_shows(
    client, vormittag_mit_terminen, query
):
    response = client.get(INDEX, query)
    assert response.status_code == 200
    assert response.context["filter"].errors
    assert titles(response) == ["Soziale Sprechstunde am Vormittag"]
    assert "<script>alert(1)</script>" not in response.content.decode()


def test_a_date_in_the_past_shows_slots_from_now(client, vormittag_mit_terminen):
    response = client.get(INDEX, {"ab": "2020-01-01"})
    assert response.context["sprechstunden"][0].naechste_termine[0] == slot(
        vormittag_mit_terminen, 23, 10
    )


def test_it_says_when_nothing_is_free_and_gives_the_phone_number(client, vormittag, jetzt):
    response = client.get(INDEX)
    assert "In den nächsten acht Wochen sind online keine Termine frei" in response.content.decode()
    assert "07127 9770" in response.content.decode()


def test_it_shows_upcoming_closures(client, vormittag_mit_terminen, rathaus):
    Schliesszeit.objects.create(
        anlaufstelle=rathaus,
        beginn=datetime(2026, 12, 24, tzinfo=BERLIN),
        ende=datetime(2026, 12, 27, tzinfo=BERLIN),
        grund="Weihnachten",
    )
    Schliesszeit.objects.create(
        anlaufstelle=rathaus,
        beginn=datetime(2027, 6, 1, tzinfo=BERLIN),
        ende=datetime(2027, 6, 2, tzinfo=BERLIN),
        grund="Fern in der Zukunft",
    )
    html = client.get(INDEX).content.decode()
    assert "24. Dezember – 26. Dezember 2026" in html
    assert "Weihnachten" in html
    assert "Fern in der Zukunft" not in html


def test_the_list_needs_the_same_number_of_queries_for_many_sprechstunden(
    client, vormittag_mit_terminen, mehrgenerationenhaus, thema
):
    client.get(INDEX)  # warm up: content types, sessions
    with CaptureQueriesContext(connection) as one:
        client.get(INDEX)
    for i in range(5):
        extra = make_sprechstunde(
            mehrgenerationenhaus,
            f"Sprechstunde {i}",
            themen=["wohnen", "arbeit"],
            sprachen=["de", "en"],
            wochentage=[0, 1, 2, 3, 4],
            kapazitaet=2,
        )
        Beratende.objects.create(
            sprechstunde=extra,
            user=make_user(f"beratung{i}@example.org"),
            traeger=Organisation.objects.create(name=f"Träger {i}", art=OrganisationArt.TRAEGER),
        )
        for n, termin in enumerate(Termin.objects.filter(sprechstunde=extra)[5:8]):
            wohnen = Beratungsthema.objects.get(slug="wohnen")
            book_termin(termin.pk, BuchungsDaten(wohnen, telefon=f"0711 {i}{n}"))
        Schliesszeit.objects.create(
            sprechstunde=extra,
            beginn=datetime(2026, 12, 1, tzinfo=BERLIN),
            ende=datetime(2026, 12, 2, tzinfo=BERLIN),
            grund="Fortbildung",
        )
    with CaptureQueriesContext(connection) as many:
        response = client.get(INDEX)
    assert len(response.context["sprechstunden"]) == 6
    assert len(many) == len(one)


# One Sprechstunde: choose a slot


def detail(sprechstunde):
    return reverse("sprechstunden:sprechstunde", args=[sprechstunde.pk])


def test_the_slot_page_shows_free_slots_of_the_week_by_day(client, vormittag_mit_terminen, thema):
    book_termin(slot(vormittag_mit_terminen, 26, 9).pk, BuchungsDaten(thema, telefon="0711 1"))
    response = client.get(detail(vormittag_mit_terminen))
    tage = dict(response.context["tage"])
    assert list(tage) == [date(2026, 11, 23), date(2026, 11, 26)]
    assert [t.beginn.astimezone(BERLIN).time() for t in tage[date(2026, 11, 23)]] == [
        time(10, 0),
        time(10, 30),
    ]
    assert slot(vormittag_mit_terminen, 26, 9) not in tage[date(2026, 11, 26)]
    html = response.content.decode()
    assert "Schritt 1 von 3" in html
    assert "Woche vom 23. November bis 29. November 2026" in html
    assert reverse("sprechstunden:buchen", args=[slot(vormittag_mit_terminen, 26, 10).pk]) in html


def test_the_slot_page_moves_by_week(client, vormittag_mit_terminen):
    response = client.get(detail(vormittag_mit_terminen), {"ab": "2026-12-02"})
    assert [day for day, _ in response.context["tage"]] == [date(2026, 11, 30), date(2026, 12, 3)]
    assert response.context["woche"]["vorher"] == date(2026, 11, 23)
    assert response.context["woche"]["nachher"] == date(2026, 12, 7)
    assert "?ab=2026-11-23" in response.content.decode()


def test_the_slot_page_ends_at_the_booking_horizon(client, vormittag_mit_terminen):
    # 28 days ahead of Monday 23 November, 08:00: Thursday 17 December is the last slot.
    url = detail(vormittag_mit_terminen)
    response = client.get(url, {"ab": "2026-12-14"})
    assert [day for day, _ in response.context["tage"]] == [date(2026, 12, 14), date(2026, 12, 17)]
    response = client.get(url, {"ab": "2026-12-21"})
    assert response.context["woche"]["nachher"] is None
    assert response.context["tage"] == []
    assert "In dieser Woche sind online keine Termine frei" in response.content.decode()


@pytest.mark.parametrize("ab", ["gestern", "2026-13-01", "2020-01-01", ""])
def test_a_bad_or_past_week_shows_the_current_week(client, vormittag_mit_terminen, ab):
    response = client.get(detail(vormittag_mit_terminen), {"ab": ab})
    assert response.status_code == 200
    assert response.context["woche"]["montag"] == date(2026, 11, 23)


@pytest.mark.parametrize("ab", ["2027-06-01", "9999-12-31"])
def test_a_week_beyond_the_horizon_shows_the_last_bookable_week(client, vormittag_mit_terminen, ab):
    response = client.get(detail(vormittag_mit_terminen), {"ab": ab})
    assert response.status_code == 200
    assert response.context["woche"]["montag"] == date(2026, 12, 21)
    assert response.context["woche"]["nachher"] is None


def test_the_list_survives_the_last_day_of_the_calendar(client, vormittag_mit_terminen):
    response = client.get(INDEX, {"ab": "9999-12-31"})
    assert response.status_code == 200
    assert response.context["sprechstunden"][0].naechste_termine == []


def test_an_empty_week_offers_the_next_free_slot(client, vormittag_mit_terminen, rathaus):
    Schliesszeit.objects.create(
        anlaufstelle=rathaus,
        beginn=datetime(2026, 11, 30, tzinfo=BERLIN),
        ende=datetime(2026, 12, 7, tzinfo=BERLIN),
        grund="Betriebsausflug",
    )
    response = client.get(detail(vormittag_mit_terminen), {"ab": "2026-11-30"})
    html = response.content.decode()
    assert response.context["tage"] == []
    assert response.context["naechster"] == slot(vormittag_mit_terminen, 7, 9, month=12)
    assert "Betriebsausflug" in html
    assert "Nächster freier Termin: Montag, 7. Dezember 2026, 09:00 Uhr" in html


def test_without_a_week_it_opens_at_the_first_free_slot(client, vormittag_mit_terminen, rathaus):
    Schliesszeit.objects.create(
        anlaufstelle=rathaus,
        beginn=datetime(2026, 11, 23, tzinfo=BERLIN),
        ende=datetime(2026, 11, 30, tzinfo=BERLIN),
        grund="Urlaub",
    )
    response = client.get(detail(vormittag_mit_terminen))
    assert response.context["woche"]["montag"] == date(2026, 11, 30)
    assert response.context["tage"][0][0] == date(2026, 11, 30)


@pytest.mark.parametrize("state", ["unpublished", "inactive place", "missing"])
def test_the_slot_page_of_a_hidden_sprechstunde_is_not_found(
    client, vormittag_mit_terminen, rathaus, state
):
    url = detail(vormittag_mit_terminen)
    if state == "unpublished":
        vormittag_mit_terminen.oeffentlich = False
        vormittag_mit_terminen.save()
    elif state == "inactive place":
        rathaus.aktiv = False
        rathaus.save()
    else:
        url = reverse("sprechstunden:sprechstunde", args=[999999])
    assert client.get(url).status_code == 404


def test_the_slot_page_needs_the_same_number_of_queries_for_many_slots_and_bookings(
    client, vormittag, jetzt, thema
):
    vormittag.ende = time(10, 0)
    vormittag.save()
    generate_slots(vormittag)
    url = detail(vormittag)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    vormittag.ende = time(17, 0)
    vormittag.wochentage = [0, 1, 2, 3, 4]
    vormittag.kapazitaet = 3
    vormittag.save()
    generate_slots(vormittag)
    later = Termin.objects.filter(sprechstunde=vormittag, beginn__gte=jetzt + timedelta(days=1))
    for n, termin in enumerate(later[:10]):
        book_termin(termin.pk, BuchungsDaten(thema, telefon=f"0711 {n}"))
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert sum(len(termine) for _, termine in response.context["tage"]) > 40
    assert len(many) == len(few)


# Booking by phone: people without internet or e-mail are told whom to call


def test_list_detail_and_form_say_whom_to_call_to_book_by_phone(client, vormittag_mit_terminen):
    anlaufstelle = vormittag_mit_terminen.anlaufstelle
    anlaufstelle.telefon = "+4971279770"
    anlaufstelle.save()
    detail = reverse("sprechstunden:sprechstunde", args=[vormittag_mit_terminen.pk])
    termin = slot(vormittag_mit_terminen, 26, 9)
    for url in (INDEX, detail):
        html = client.get(url).content.decode()
        assert "Termin am Telefon" in html
        assert (
            '<a class="kern-link" href="tel:+4971279770"><bdi dir="ltr">07127 9770</bdi></a>'
            in html
        )
        assert "Ohne Internet oder E-Mail-Adresse? Rufen Sie an" in html
    form = client.get(reverse("sprechstunden:buchen", args=[termin.pk])).content.decode()
    phone = '<bdi dir="ltr">07127 9770</bdi>'
    assert f"Die Anlaufstelle bucht den Termin auch für Sie: {phone}." in form
