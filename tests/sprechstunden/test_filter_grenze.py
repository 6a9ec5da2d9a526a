"""The place filter of the public Sprechstunden list stays bounded as places grow (issue 15): a
select up to AUSWAHL_HOECHSTENS Anlaufstellen, beyond that a name search; ?anlaufstelle=<id>
links keep working."""

from datetime import date, time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from saarlouis_portal.forms import AUSWAHL_HOECHSTENS
from sprechstunden.models import Anlaufstelle, Sprechstunde

pytestmark = pytest.mark.django_db
URL = reverse("sprechstunden:index")


def _weitere_orte(pliezhausen, anzahl):
    schon = Anlaufstelle.objects.count()
    orte = Anlaufstelle.objects.bulk_create(
        Anlaufstelle(name=f"Außenstelle {i:03}", gebiet=pliezhausen)
        for i in range(schon, schon + anzahl)
    )
    Sprechstunde.objects.bulk_create(
        Sprechstunde(
            anlaufstelle=ort, titel=f"Sprechstunde {ort.name}", wochentage=[1],
            beginn=time(9), ende=time(10), slot_minuten=30, kapazitaet=1,
            gueltig_ab=date(2026, 1, 1),
        )
        for ort in orte
    )  # fmt: skip


def test_few_places_are_a_select(client, jetzt, vormittag):
    html = client.get(URL).content.decode()
    assert '<select name="anlaufstelle"' in html
    assert 'name="ort_name"' not in html


def test_many_places_become_a_name_search_and_links_by_id_still_work(
    client, jetzt, vormittag, pliezhausen
):
    _weitere_orte(pliezhausen, AUSWAHL_HOECHSTENS)
    html = client.get(URL).content.decode()
    assert '<select name="anlaufstelle"' not in html
    assert 'name="ort_name"' in html
    assert "Außenstelle 049" not in html  # not an option (nor on the first page of the list)
    treffer = client.get(URL, {"ort_name": "rathaus plie"}).context["sprechstunden"]
    assert [s.pk for s in treffer] == [vormittag.pk]
    treffer = client.get(URL, {"anlaufstelle": vormittag.anlaufstelle_id}).context["sprechstunden"]
    assert [s.pk for s in treffer] == [vormittag.pk]
    # An unknown id, markup or an overlong name are answered calmly, never with an error page.
    assert client.get(URL, {"anlaufstelle": "999999"}).status_code == 200
    assert client.get(URL, {"ort_name": "<script>x</script>"}).status_code == 200
    assert client.get(URL, {"ort_name": "x" * 500}).status_code == 200


def test_the_list_costs_the_same_queries_with_ten_or_a_hundred_more_places(
    client, jetzt, vormittag, pliezhausen
):
    _weitere_orte(pliezhausen, AUSWAHL_HOECHSTENS + 10)
    with CaptureQueriesContext(connection) as wenige:
        assert client.get(URL).status_code == 200
    _weitere_orte(pliezhausen, 100)
    with CaptureQueriesContext(connection) as viele:
        html = client.get(URL).content.decode()
    assert len(viele) == len(wenige)
    assert html.count("<option") < AUSWAHL_HOECHSTENS
