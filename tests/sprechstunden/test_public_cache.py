"""The public list and slot pages are cached for visitors; every change shows at once."""

from datetime import datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sprechstunden.models import Beratungsthema, Schliesszeit, Sprache, Termin
from sprechstunden.services.booking import BuchungsDaten, book_termin
from sprechstunden.services.manage import cancel_buchung
from sprechstunden.services.periodic import expire_reservations
from sprechstunden.services.slots import generate_slots
from tests.sprechstunden.conftest import BERLIN, JETZT

INDEX = reverse("sprechstunden:index")


@pytest.fixture(autouse=True)
def cache_on(settings):
    settings.SPRECHSTUNDEN_LISTE_CACHE_SEKUNDEN = 60


@pytest.fixture
def termine(vormittag, jetzt, django_capture_on_commit_callbacks):
    # Test transactions never commit: run the commit hooks of the setup here.
    with django_capture_on_commit_callbacks(execute=True):
        generate_slots(vormittag)
    return vormittag


def first_slot(response):
    return response.context["sprechstunden"][0].naechste_termine[0]


def slot(day, hour, minute=0):
    return Termin.objects.get(beginn=datetime(2026, 11, day, hour, minute, tzinfo=BERLIN))


def test_a_repeated_visit_is_served_from_the_cache_without_database_queries(client, termine):
    fresh = client.get(INDEX)
    with CaptureQueriesContext(connection) as queries:
        cached = client.get(INDEX)
    assert cached.status_code == 200
    assert cached.content == fresh.content
    # Only the cache itself (the database cache in tests) is read.
    assert all("cache" in q["sql"] for q in queries.captured_queries)
    assert len(queries) <= 2


def test_filters_are_cached_apart(client, termine, nachmittag_wohnen):
    all_ = client.get(INDEX).content.decode()
    wohnen = Beratungsthema.objects.get(slug="wohnen")
    arabic = Sprache.objects.get(code="ar")
    only = client.get(INDEX, {"sprache": arabic.pk, "thema": wohnen.pk}).content.decode()
    assert "Soziale Sprechstunde am Vormittag" in all_
    assert "Soziale Sprechstunde am Vormittag" not in only


@pytest.fixture
def nachmittag_wohnen(vormittag, termine, django_capture_on_commit_callbacks):
    from datetime import date, time

    from sprechstunden.models import Sprechstunde

    with django_capture_on_commit_callbacks(execute=True):
        other = Sprechstunde.objects.create(
            anlaufstelle=vormittag.anlaufstelle,
            titel="Wohnberatung",
            wochentage=[2],
            beginn=time(14),
            ende=time(15),
            gueltig_ab=date(2026, 1, 1),
        )
        other.themen.set([Beratungsthema.objects.get(slug="wohnen")])
        other.sprachen.set([Sprache.objects.get(code="ar")])
        generate_slots(other)
    return other


def test_a_booking_shows_at_once(client, termine, thema, django_capture_on_commit_callbacks):
    assert first_slot(client.get(INDEX)) == slot(23, 10)
    with django_capture_on_commit_callbacks(execute=True):
        book_termin(slot(23, 10).pk, BuchungsDaten(thema, telefon="0711 1"))
    assert first_slot(client.get(INDEX)) == slot(23, 10, 30)


def test_a_cancellation_shows_at_once(client, termine, thema, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        buchung, _token = book_termin(slot(23, 10).pk, BuchungsDaten(thema, telefon="0711 1"))
    assert first_slot(client.get(INDEX)) == slot(23, 10, 30)
    with django_capture_on_commit_callbacks(execute=True):
        cancel_buchung(buchung)
    assert first_slot(client.get(INDEX)) == slot(23, 10)


def test_an_expired_reservation_frees_its_slot_at_once(
    client, termine, thema, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        book_termin(slot(23, 10).pk, BuchungsDaten(thema, email="a@example.org"))
    assert first_slot(client.get(INDEX)) == slot(23, 10, 30)
    with django_capture_on_commit_callbacks(execute=True):
        assert expire_reservations(now=JETZT + timedelta(minutes=31)) == 1
    assert first_slot(client.get(INDEX)) == slot(23, 10)


def test_a_closure_and_a_schedule_change_show_at_once(
    client, termine, rathaus, django_capture_on_commit_callbacks
):
    client.get(INDEX)
    with django_capture_on_commit_callbacks(execute=True):
        Schliesszeit.objects.create(
            anlaufstelle=rathaus,
            beginn=datetime(2026, 11, 23, tzinfo=BERLIN),
            ende=datetime(2026, 11, 24, tzinfo=BERLIN),
            grund="Personalversammlung",
        )
    response = client.get(INDEX)
    assert "Personalversammlung" in response.content.decode()
    assert first_slot(response) == slot(26, 9)
    with django_capture_on_commit_callbacks(execute=True):
        termine.titel = "Offene Sprechstunde"
        termine.save()
    assert "Offene Sprechstunde" in client.get(INDEX).content.decode()


def test_new_slots_from_generate_slots_show_at_once(
    client, termine, django_capture_on_commit_callbacks
):
    Termin.objects.filter(sprechstunde=termine).delete()  # no signal, as in a bulk delete
    with django_capture_on_commit_callbacks(execute=True):
        termine.save()
    assert client.get(INDEX).context["sprechstunden"][0].naechste_termine == []
    with django_capture_on_commit_callbacks(execute=True):
        generate_slots(termine)
    assert first_slot(client.get(INDEX)) == slot(23, 10)


def test_the_slot_page_is_cached_and_invalidated_too(
    client, termine, thema, django_capture_on_commit_callbacks
):
    url = reverse("sprechstunden:sprechstunde", args=[termine.pk])
    client.get(url)
    with django_capture_on_commit_callbacks(execute=True):
        book_termin(slot(23, 10).pk, BuchungsDaten(thema, telefon="0711 1"))
    response = client.get(url)
    assert slot(23, 10) not in response.context["tage"][0][1]


def test_staff_and_visitors_with_messages_always_get_a_fresh_page(client, termine, planer):
    client.get(INDEX)
    client.force_login(planer)
    html = client.get(INDEX).content.decode()
    assert "Abmelden" in html


def test_pages_are_not_cached_when_switched_off(client, termine, settings, thema):
    settings.SPRECHSTUNDEN_LISTE_CACHE_SEKUNDEN = 0
    client.get(INDEX)
    # Without the commit hooks: only an uncached page can show this booking.
    book_termin(slot(23, 10).pk, BuchungsDaten(thema, telefon="0711 1"))
    assert first_slot(client.get(INDEX)) == slot(23, 10, 30)


def test_a_pending_message_is_shown_although_the_page_is_cached(client, termine, thema):
    buchung, token = book_termin(slot(26, 9).pk, BuchungsDaten(thema, telefon="0711 1"))
    client.get(INDEX)
    response = client.post(
        reverse("sprechstunden:buchung_daten_loeschen", args=[token]), follow=True
    )
    assert "Ihre Daten sind gelöscht" in response.content.decode()


def test_while_one_worker_renders_after_a_change_the_others_serve_the_previous_page(
    client, termine, thema, django_capture_on_commit_callbacks, rf
):
    from django.core.cache import cache

    from sprechstunden import public_cache

    before = client.get(INDEX)
    taken = first_slot(before)
    with django_capture_on_commit_callbacks(execute=True):
        book_termin(taken.pk, BuchungsDaten(thema=thema, telefon="07127 1"))
    request = rf.get(INDEX)
    request.LANGUAGE_CODE = "de"
    key = public_cache.page_key(request)
    assert cache.add(f"{key}:rendering", 1, 5)  # another worker has started rendering
    stale = client.get(INDEX)
    assert stale.content == before.content
    cache.delete(f"{key}:rendering")
    fresh = client.get(INDEX)
    assert fresh.content != before.content
    assert first_slot(fresh) != taken


def visit(page, rf):
    """A visitor's GET through the middleware the cache looks at (session, messages)."""
    from django.contrib.auth.models import AnonymousUser
    from django.contrib.messages.middleware import MessageMiddleware
    from django.contrib.sessions.middleware import SessionMiddleware

    request = rf.get("/sprechstunden/formular/")
    request.user = AnonymousUser()
    request.LANGUAGE_CODE = "de"
    SessionMiddleware(lambda r: None).process_request(request)
    MessageMiddleware(lambda r: None).process_request(request)
    return page(request)


@pytest.mark.django_db
@pytest.mark.parametrize(("body", "rendered"), [("{% csrf_token %}", 2), ("ohne Token", 1)])
def test_a_page_with_a_csrf_token_is_never_stored(rf, body, rendered):
    """The token belongs to one visitor; a page without one is stored (the control)."""
    from django.http import HttpResponse
    from django.template import RequestContext, Template

    from sprechstunden import public_cache

    calls = []

    @public_cache.for_visitors
    def form_page(request):
        calls.append(request)
        html = Template(f'<form method="post">{body}</form>').render(RequestContext(request))
        return HttpResponse(html)

    first = visit(form_page, rf)
    assert ('name="csrfmiddlewaretoken"' in first.content.decode()) is (rendered == 2)
    visit(form_page, rf)
    assert len(calls) == rendered
