"""The public pages of places (and the other public pages) are served from the shared cache to
visitors without a login (saarlouis_portal/seiten_cache.py); a staff member's change shows at
the next visit, a visitor's post changes nothing, time ends every entry."""

import datetime as dt

import pytest
import time_machine
from django.contrib.messages import constants
from django.contrib.messages.storage.cookie import CookieStorage
from django.test import RequestFactory
from django.utils import timezone

from begegnung.models import Ort, OrtArt, Stufe
from saarlouis_portal import seiten_cache

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def cache_on(settings):
    settings.PORTAL_SEITEN_CACHE_SEKUNDEN = 60


def neuer_ort(gebiet, name="Bürgertreff Neu"):
    """A place written past every request, as a command or a task would: no new data version."""
    return Ort.objects.create(
        name=name, art=OrtArt.KITA, stufe=Stufe.SATELLIT, gebiet=gebiet, plz="66740"
    )


def test_a_visitor_gets_the_stored_page_until_a_staff_member_changes_something(
    client, ortsleitung, quartiersbuero, roden_sozialraum, django_capture_on_commit_callbacks
):
    assert "Quartiersbüro Roden" in client.get("/orte/").text
    neuer_ort(roden_sozialraum)
    assert "Bürgertreff Neu" not in client.get("/orte/").text  # the stored page

    staff = client.__class__()
    staff.force_login(ortsleitung)
    tag = timezone.localdate() + dt.timedelta(days=7)
    with django_capture_on_commit_callbacks(execute=True):
        response = staff.post(
            f"/orte/verwaltung/{quartiersbuero.pk}/ausnahmen/neu/",
            {"datum": tag.isoformat(), "geschlossen": "on", "grund": "Betriebsausflug"},
        )
    assert response.status_code == 302
    assert "Bürgertreff Neu" in client.get("/orte/").text
    assert "Betriebsausflug" in client.get(f"/orte/{quartiersbuero.pk}/").text


def test_staff_always_get_a_fresh_page_and_store_none(
    client, ortsleitung, quartiersbuero, roden_sozialraum
):
    client.force_login(ortsleitung)
    client.get("/orte/")
    neuer_ort(roden_sozialraum)
    assert "Bürgertreff Neu" in client.get("/orte/").text
    client.logout()
    assert "Bürgertreff Neu" in client.get("/orte/").text  # nothing stored from staff visits


def test_a_visitors_post_does_not_renew_the_pages(
    client, quartiersbuero, roden_sozialraum, django_capture_on_commit_callbacks
):
    client.get("/orte/")
    neuer_ort(roden_sozialraum)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/sorgekreise/hilfe/", {"beschreibung": "Ich brauche Hilfe beim Einkaufen."})
    assert "Bürgertreff Neu" not in client.get("/orte/").text


def test_each_entry_ends_after_the_configured_seconds(
    settings, client, quartiersbuero, roden_sozialraum
):
    # The database cache reads the clock of the process; Redis keeps its own.
    settings.CACHES = {"default": settings.CACHES.get("database", settings.CACHES["default"])}
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client.get("/orte/")
    neuer_ort(roden_sozialraum)
    with time_machine.travel(start + dt.timedelta(seconds=59), tick=False):
        assert "Bürgertreff Neu" not in client.get("/orte/").text
    with time_machine.travel(start + dt.timedelta(seconds=61), tick=False):
        assert "Bürgertreff Neu" in client.get("/orte/").text


def test_languages_and_filters_are_stored_apart(client, quartiersbuero, anderer_ort):
    german = client.get("/orte/").text
    english = client.get("/en/orte/").text
    assert 'lang="de"' in german
    assert 'lang="en"' in english
    assert client.get("/en/orte/").text == english
    gefiltert = client.get("/orte/", {"q": "Kita"}).text
    assert "Kita Sonnenschein" in gefiltert
    assert "Quartiersbüro Roden" not in gefiltert
    assert "Quartiersbüro Roden" in client.get("/orte/").text


def test_a_page_stored_keeps_its_content_type(client, quartiersbuero):
    first = client.get("/orte/karte/")
    second = client.get("/orte/karte/")
    assert second["Content-Type"] == first["Content-Type"] == "text/html; charset=utf-8"


def test_a_visitor_with_a_message_gets_a_fresh_page_and_the_message(
    client, quartiersbuero, roden_sozialraum
):
    client.get("/orte/")
    neuer_ort(roden_sozialraum)
    request = RequestFactory().get("/")
    storage = CookieStorage(request)
    storage.add(constants.SUCCESS, "Vielen Dank für Ihre Nachricht.")
    response = client.__class__().get("/")  # any response to carry the message cookie
    storage.update(response)
    client.cookies["messages"] = response.cookies["messages"].value
    page = client.get("/orte/")
    assert "Bürgertreff Neu" in page.text
    assert "Vielen Dank für Ihre Nachricht." in page.text


def test_switched_off_with_zero_seconds(settings, client, quartiersbuero, roden_sozialraum):
    settings.PORTAL_SEITEN_CACHE_SEKUNDEN = 0
    client.get("/orte/")
    neuer_ort(roden_sozialraum)
    assert "Bürgertreff Neu" in client.get("/orte/").text


def test_the_other_public_pages_are_stored_too(client, roden_sozialraum):
    for path in ("/", "/netzwerke/", "/netzwerke/massnahmen/", "/sorgekreise/", "/berichte/"):
        client.get(path)
    key = seiten_cache.PORTAL.page_key
    factory = RequestFactory()
    for path in ("/", "/netzwerke/", "/netzwerke/massnahmen/", "/sorgekreise/", "/berichte/"):
        request = factory.get(path)
        request.LANGUAGE_CODE = "de"
        assert seiten_cache.cache.get(key(request)) is not None, path


def test_a_failing_cache_costs_speed_never_the_page(settings, client, quartiersbuero, caplog):
    # A cache server nobody answers at (the portal's own Redis cache falls back to the
    # database; this one has no fallback).
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",
        }
    }
    response = client.get("/orte/")
    assert response.status_code == 200
    assert "Quartiersbüro Roden" in response.text
    seiten_cache.PORTAL.bump()  # a staff change is saved even if the pages cannot be renewed
    assert "Seitencache nicht erreichbar" in caplog.text
    assert "Neuer Datenstand nicht gespeichert" in caplog.text
