"""The stored HSDS export (begegnung/hsds/ablage.py): built once per data change, served from
the file storage with ETag and Last-Modified, 304 for a client that has it, rebuilt after a
change has committed, and never built by two workers at once."""

import datetime as dt
import json

import pytest
import time_machine
from django.core.cache import cache
from django.core.files.storage import default_storage
from django.urls import reverse

from begegnung.hsds import ablage
from begegnung.models import Angebot, Oeffnungszeit

JSON_URL = reverse("begegnung:hsds_json")
ZIP_URL = reverse("begegnung:hsds_zip")


def _namen(response) -> list[str]:
    return [location["name"] for location in json.loads(response.content)["locations"]]


def _gebaut(monkeypatch) -> list[str]:
    """Records each build of the export (the call that reads the database)."""
    builds = []
    original = ablage.export_json

    def zaehlend():
        builds.append("gebaut")
        return original()

    monkeypatch.setattr(ablage, "export_json", zaehlend)
    return builds


@pytest.mark.parametrize("url", [JSON_URL, ZIP_URL])
def test_it_sends_etag_last_modified_and_asks_caches_to_revalidate(client, quartiersbuero, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["ETag"].startswith('"')
    assert response["ETag"].endswith('"')
    assert response["Last-Modified"].endswith(" GMT")
    assert response["Cache-Control"] == "public, no-cache"
    assert "ETag" in response["Access-Control-Expose-Headers"]


@pytest.mark.parametrize("url", [JSON_URL, ZIP_URL])
def test_a_client_with_the_current_version_gets_304(client, quartiersbuero, url):
    first = client.get(url)
    again = client.get(url, headers={"if-none-match": first["ETag"]})
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == first["ETag"]
    by_date = client.get(url, headers={"if-modified-since": first["Last-Modified"]})
    assert by_date.status_code == 304


def test_another_etag_gets_the_whole_file(client, quartiersbuero):
    response = client.get(JSON_URL, headers={"if-none-match": '"veraltet"'})
    assert response.status_code == 200
    assert _namen(response) == ["Quartiersbüro Roden"]


def test_it_is_built_once_and_then_read_from_the_storage(client, quartiersbuero, monkeypatch):
    builds = _gebaut(monkeypatch)
    first = client.get(JSON_URL)
    for _ in range(3):
        assert client.get(JSON_URL).content == first.content
    client.get(ZIP_URL)  # built together with the JSON
    assert builds == ["gebaut"]
    meta = cache.get(ablage._meta_key("de"))
    assert default_storage.exists(meta["json"]["name"])
    assert default_storage.exists(meta["zip"]["name"])


def test_a_committed_change_makes_a_new_version(
    client, quartiersbuero, django_capture_on_commit_callbacks
):
    first = client.get(JSON_URL)
    with django_capture_on_commit_callbacks(execute=True):
        quartiersbuero.name = "Quartiersbüro Roden-Nord"
        quartiersbuero.save()
    response = client.get(JSON_URL, headers={"if-none-match": first["ETag"]})
    assert response.status_code == 200
    assert response["ETag"] != first["ETag"]
    assert _namen(response) == ["Quartiersbüro Roden-Nord"]


@pytest.mark.parametrize(
    "aenderung",
    [
        pytest.param(lambda ort: Angebot.objects.create(ort=ort, titel="Neu"), id="new offer"),
        pytest.param(
            lambda ort: Oeffnungszeit.objects.create(
                ort=ort, wochentag=0, beginn=dt.time(9), ende=dt.time(12)
            ),
            id="opening hours",
        ),
        pytest.param(lambda ort: ort.delete(), id="place deleted"),
    ],
)
def test_changes_of_what_the_export_shows_bump_the_version(
    quartiersbuero, django_capture_on_commit_callbacks, aenderung
):
    ablage.bump()
    before = cache.get(ablage.STAND_KEY)
    with django_capture_on_commit_callbacks(execute=True):
        aenderung(quartiersbuero)
    assert cache.get(ablage.STAND_KEY) != before


def test_saving_opening_hours_through_the_service_bumps_the_version(
    quartiersbuero, django_capture_on_commit_callbacks
):
    from begegnung import services

    ablage.bump()
    before = cache.get(ablage.STAND_KEY)
    with django_capture_on_commit_callbacks(execute=True):
        services.save_oeffnungszeiten(quartiersbuero, [])
    assert cache.get(ablage.STAND_KEY) != before


def test_nothing_changes_before_the_transaction_commits(client, quartiersbuero):
    first = client.get(JSON_URL)
    quartiersbuero.name = "Noch nicht bestätigt"
    quartiersbuero.save()  # the test's transaction never commits
    assert client.get(JSON_URL).content == first.content


def test_the_next_day_builds_anew(client, quartiersbuero, monkeypatch):
    builds = _gebaut(monkeypatch)
    with time_machine.travel("2026-03-10 12:00 +01:00", tick=False):
        client.get(JSON_URL)
        client.get(JSON_URL)
    with time_machine.travel("2026-03-11 00:30 +01:00", tick=False):
        response = client.get(JSON_URL)
    assert builds == ["gebaut", "gebaut"]
    assert response["Content-Disposition"] == 'inline; filename="hsds-orte-2026-03-11.json"'


def test_while_one_worker_builds_the_others_serve_the_previous_version(
    client, quartiersbuero, monkeypatch, django_capture_on_commit_callbacks
):
    first = client.get(JSON_URL)
    with django_capture_on_commit_callbacks(execute=True):
        quartiersbuero.name = "Umbenannt"
        quartiersbuero.save()
    builds = _gebaut(monkeypatch)
    # Another worker holds the lock of the build.
    assert cache.add(f"{ablage._meta_key('de')}:bau", 1, 60)
    response = client.get(JSON_URL)
    assert builds == []
    assert response.content == first.content
    cache.delete(f"{ablage._meta_key('de')}:bau")
    assert _namen(client.get(JSON_URL)) == ["Umbenannt"]
    assert builds == ["gebaut"]


def test_only_the_current_and_the_previous_files_are_kept(
    client, quartiersbuero, django_capture_on_commit_callbacks
):
    names = []
    for i in range(4):
        with django_capture_on_commit_callbacks(execute=True):
            quartiersbuero.name = f"Name {i}"
            quartiersbuero.save()
        client.get(JSON_URL)
        names.append(cache.get(ablage._meta_key("de"))["json"]["name"])
    assert [default_storage.exists(name) for name in names] == [False, False, True, True]


def test_lost_files_are_built_again(client, quartiersbuero):
    client.get(JSON_URL)
    meta = cache.get(ablage._meta_key("de"))
    default_storage.delete(meta["json"]["name"])
    response = client.get(JSON_URL)
    assert response.status_code == 200
    assert _namen(response) == ["Quartiersbüro Roden"]


def test_each_language_has_its_own_files(client, quartiersbuero):
    assert client.get(JSON_URL).status_code == 200
    assert client.get("/en" + JSON_URL).status_code == 200
    assert cache.get(ablage._meta_key("de"))["json"]["name"].startswith("opendata/hsds/de/")
    assert cache.get(ablage._meta_key("en"))["json"]["name"].startswith("opendata/hsds/en/")


def test_last_modified_is_the_time_of_the_build(client, quartiersbuero):
    with time_machine.travel("2026-05-04 10:00 +02:00", tick=False):
        response = client.get(JSON_URL)
    assert response["Last-Modified"] == "Mon, 04 May 2026 08:00:00 GMT"


def test_without_any_stored_version_a_request_waits_then_builds_itself(
    client, quartiersbuero, monkeypatch
):
    """Another worker holds the lock but never finishes (it died): after the wait this request
    builds the export itself rather than failing."""
    monkeypatch.setattr(ablage, "WARTE_SEKUNDEN", 0.3)
    assert cache.add(f"{ablage._meta_key('de')}:bau", 1, 60)
    response = client.get(JSON_URL)
    assert response.status_code == 200
    assert _namen(response) == ["Quartiersbüro Roden"]
