"""Issue 15: the network lists cost the same queries however many networks there are, and their
pages keep the filters."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from netzwerke.models import Netzwerk
from netzwerke.views.netzwerke import PAGE_SIZE


def make_netzwerke(gebiet, count, *, start=0, **extra):
    extra.setdefault("oeffentlich", True)
    made = Netzwerk.objects.bulk_create(
        Netzwerk(name=f"Netzwerk {i:03d}", gebiet=gebiet, **extra)
        for i in range(start, start + count)
    )
    return made


def count_queries(client, url):
    client.get(url)  # caches warm
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("url", [reverse("netzwerke:index"), reverse("netzwerke:netzwerk_list")])
def test_the_lists_cost_the_same_queries_for_5_and_50(client, planer, stadt, thema_sprache, url):
    client.force_login(planer)
    for netz in make_netzwerke(stadt, 5):
        netz.themen.add(thema_sprache)
    few = count_queries(client, url)
    for netz in make_netzwerke(stadt, 45, start=5):
        netz.themen.add(thema_sprache)
    assert count_queries(client, url) == few


def test_the_public_list_comes_in_pages_that_keep_the_filter(client, stadt):
    make_netzwerke(stadt, PAGE_SIZE + 2)
    url = reverse("netzwerke:index")
    html = client.get(url, {"q": "Netzwerk"}).content.decode()
    assert html.count('class="kern-card"') == PAGE_SIZE
    assert "q=Netzwerk&amp;seite=2" in html
    second = client.get(url, {"q": "Netzwerk", "seite": 2}).content.decode()
    assert second.count('class="kern-card"') == 2


@pytest.mark.parametrize("seite", ["abc", "0", "999", "<script>"])
def test_a_bad_page_number_shows_a_page_calmly(client, stadt, seite):
    make_netzwerke(stadt, PAGE_SIZE + 1)
    response = client.get(reverse("netzwerke:index"), {"seite": seite})
    assert response.status_code == 200
