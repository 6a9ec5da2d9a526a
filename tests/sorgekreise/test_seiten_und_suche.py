"""Issue 15: the public list of Sorgekreise comes in pages, and the public forms find a circle by
a search (without JavaScript) once there are more circles than a list can show."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sorgekreise.models import Hilfeanfrage, Sorgekreis
from sorgekreise.views.public import PAGE_SIZE
from tests.sorgekreise.test_public_hilfe_anfragen import valid

INDEX = reverse("sorgekreise:index")
HILFE = reverse("sorgekreise:hilfe_anfragen")
MITHELFEN = reverse("sorgekreise:hilfe_anbieten")


def make_kreise(ort, count, *, start=0, **extra):
    return Sorgekreis.objects.bulk_create(
        Sorgekreis(name=f"Nachbarschaftskreis {i:03d}", ort=ort, **extra)
        for i in range(start, start + count)
    )


def count_queries(client, url):
    client.get(url)  # caches warm
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_the_list_costs_the_same_queries_for_5_and_50(client, quartiersbuero, anderer_ort):
    make_kreise(quartiersbuero, 5)
    few = count_queries(client, INDEX)
    make_kreise(quartiersbuero, 25, start=5)
    make_kreise(anderer_ort, 20, start=30)
    assert count_queries(client, INDEX) == few


def test_the_list_comes_in_pages_in_the_order_of_the_stadtteile(
    client, quartiersbuero, anderer_ort
):
    make_kreise(anderer_ort, PAGE_SIZE)  # Fraulautern comes before Roden
    make_kreise(quartiersbuero, 2, start=100)
    html = client.get(INDEX).content.decode()
    assert html.count('class="kern-card"') == PAGE_SIZE
    assert "Fraulautern" in html
    assert "Nachbarschaftskreis 100" not in html
    assert "Seite 1 von 2" in html
    second = client.get(INDEX, {"seite": 2}).content.decode()
    assert second.count('class="kern-card"') == 2
    assert ">Roden<" in second  # the Stadtteil above the Sozialraum Roden-Nord


@pytest.mark.parametrize("seite", ["abc", "0", "999", "<script>"])
def test_a_bad_page_number_shows_a_page_calmly(client, quartiersbuero, seite):
    make_kreise(quartiersbuero, PAGE_SIZE + 1)
    response = client.get(INDEX, {"seite": seite})
    assert response.status_code == 200
    assert response.content.decode().count('class="kern-card"') >= 1


def test_a_few_circles_stay_a_select(client, kreis):
    html = client.get(HILFE).content.decode()
    assert '<select name="sorgekreis"' in html
    assert 'name="sorgekreis_suche"' not in html


def test_many_circles_are_found_by_a_search(client, quartiersbuero, anderer_ort):
    make_kreise(quartiersbuero, 30, nimmt_anfragen_an=True)
    gesucht = Sorgekreis.objects.create(name="Sorgekreis Fraulautern", ort=anderer_ort)
    html = client.get(HILFE).content.decode()
    assert '<select name="sorgekreis"' not in html
    assert len(re.findall(r'type="radio" name="sorgekreis"', html)) == 20
    assert 'name="sorgekreis_suche"' in html

    # Searched by the place's name: one hit, nothing stored, no error shown.
    response = client.post(
        HILFE, {"suchen": "sorgekreis", "sorgekreis_suche": "pfarrzentrum", "name": "Frau Yilmaz"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert re.findall(r'name="sorgekreis" value="(\d+)"', html) == [str(gesucht.pk)]
    assert 'value="Frau Yilmaz"' in html
    assert "kern-error" not in html
    assert not Hilfeanfrage.objects.exists()


def test_a_circle_found_by_search_is_chosen_and_sent(
    client, quartiersbuero, anderer_ort, einkaufen, roden_nord
):
    make_kreise(quartiersbuero, 30)
    gesucht = Sorgekreis.objects.create(name="Sorgekreis Fraulautern", ort=anderer_ort)
    data = valid(gesucht, einkaufen, roden_nord, sorgekreis_suche="Fraulautern")
    response = client.post(HILFE, data)
    assert response.status_code == 302
    assert Hilfeanfrage.objects.get().sorgekreis == gesucht


@pytest.mark.parametrize("value", ["", "987654", "<script>alert(1)</script>", "versteckt"])
def test_a_bad_circle_gives_a_field_error(
    client, quartiersbuero, einkaufen, roden_nord, versteckter_kreis, value
):
    make_kreise(quartiersbuero, 30)
    kreis = Sorgekreis.objects.filter(name__startswith="Nachbarschaftskreis").first()
    value = versteckter_kreis.pk if value == "versteckt" else value
    response = client.post(HILFE, valid(kreis, einkaufen, roden_nord, sorgekreis=value))
    assert response.status_code == 200
    assert response.context["form"].errors["sorgekreis"]
    assert "<script>alert(1)</script>" not in response.content.decode()
    assert not Hilfeanfrage.objects.exists()


def test_script_tags_in_the_search_are_shown_harmlessly(client, quartiersbuero):
    make_kreise(quartiersbuero, 30)
    response = client.post(
        MITHELFEN, {"suchen": "sorgekreis", "sorgekreis_suche": "<script>alert(1)</script>"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "Keine Treffer" in html


def test_the_forms_cost_the_same_queries_with_5_and_50_circles(client, quartiersbuero):
    make_kreise(quartiersbuero, 5)
    few = count_queries(client, MITHELFEN), count_queries(client, HILFE)
    make_kreise(quartiersbuero, 45, start=5)
    assert (count_queries(client, MITHELFEN), count_queries(client, HILFE)) == few
