"""A published chapter comes from the page cache to visitors (saarlouis_portal/seiten_cache.py)
with its validators: the stored page still answers a conditional request with 304."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from berichte import seiten
from tests.berichte.conftest import veroeffentlichen


@pytest.fixture(autouse=True)
def cache_on(settings):
    settings.PORTAL_SEITEN_CACHE_SEKUNDEN = 60
    seiten._im_speicher.clear()
    yield
    seiten._im_speicher.clear()


@pytest.fixture
def url(armut_kapitel, planer):
    return reverse("berichte:kapitel", args=[veroeffentlichen(armut_kapitel, planer).pk])


def test_the_stored_page_keeps_its_validators(client, url):
    erste = client.get(url)
    with CaptureQueriesContext(connection) as queries:
        zweite = client.get(url)
    assert all("cache" in q["sql"] for q in queries.captured_queries)  # only the cache is read
    assert zweite.content == erste.content
    for name in ("ETag", "Last-Modified", "Cache-Control"):
        assert zweite[name] == erste[name]


def test_the_stored_page_answers_a_conditional_request_with_304(client, url):
    erste = client.get(url)
    client.get(url)  # now stored
    with CaptureQueriesContext(connection) as queries:
        nochmal = client.get(url, headers={"if-none-match": erste["ETag"]})
    assert all("cache" in q["sql"] for q in queries.captured_queries)
    assert nochmal.status_code == 304
    assert nochmal.content == b""
    assert nochmal["ETag"] == erste["ETag"]
    seit = client.get(url, headers={"if-modified-since": erste["Last-Modified"]})
    assert seit.status_code == 304
    anders = client.get(url, headers={"if-none-match": '"ein-anderer-stand"'})
    assert anders.status_code == 200
    assert anders.content == erste.content
