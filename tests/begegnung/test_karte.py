"""The public map page /orte/karte/ and its GeoJSON endpoint: the list works without JavaScript,
the directory's filters apply, only public places appear, queries stay flat, and the CSP allows
a tile server only when one is configured."""

import pytest
from django.test import override_settings
from django.urls import reverse

from begegnung.karte import tile_origin
from begegnung.models import Ort, OrtArt
from saarlouis_portal.stammdaten.models import Gebiet, GebietArt
from tests.begegnung.conftest import make_orte

KARTE = reverse("begegnung:karte")
DATEN = reverse("begegnung:karte_daten")
OSM = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"


def _img_src(response) -> list[str]:
    policy = response["Content-Security-Policy"]
    directive = next(d.strip() for d in policy.split(";") if d.strip().startswith("img-src"))
    return directive.split()[1:]


def _features(response, typ="ort") -> list[dict]:
    return [f for f in response.json()["features"] if f["properties"]["typ"] == typ]


# --- The page without JavaScript ---------------------------------------------------------------


def test_it_lists_public_places_with_kind_stage_address_and_link(client, oeffentliches_verzeichnis):
    response = client.get(KARTE)
    assert response.status_code == 200
    html = response.content.decode()
    ort = oeffentliches_verzeichnis
    assert f'href="{reverse("begegnung:ort", args=[ort.pk])}"' in html
    assert "Quartiersbüro Roden" in html
    assert "Quartiersbüro</td>" in html
    assert "Ort der Begegnung</td>" in html
    assert 'Holzmühler Weg 1, <span lang="de">66740 Saarlouis</span>' in html
    assert "1 Ort gefunden" in html


def test_it_never_shows_hidden_places_or_internal_notes(client, oeffentliches_verzeichnis):
    html = client.get(KARTE).content.decode()
    assert "Noch nicht öffentlicher Ort" not in html
    assert "GEHEIM" not in html


def test_the_map_is_an_enhancement_loaded_from_static_files(client, quartiersbuero):
    html = client.get(KARTE).content.decode()
    # The map section stays hidden until the script has run; the list is the page.
    assert "data-karte" in html
    assert "hidden\n  data-karte" in html
    assert 'src="/static/vendor/leaflet/leaflet.js"' in html
    assert 'src="/static/js/karte.js"' in html
    assert "<script>" not in html
    assert f'data-geojson-url="{DATEN}"' in html


def test_the_filters_travel_to_the_geojson_url(client, quartiersbuero):
    html = client.get(KARTE, {"art": "kita", "stufenlos": "on"}).content.decode()
    assert f'data-geojson-url="{DATEN}?art=kita&amp;stufenlos=on"' in html


def test_it_says_when_no_place_matches(client, quartiersbuero):
    html = client.get(KARTE, {"art": OrtArt.KIRCHE}).content.decode()
    assert "Kein Ort passt zu Ihrer Auswahl" in html


@pytest.mark.parametrize(
    "params",
    [
        {"gebiet": "999999"},
        {"gebiet": "abc"},
        {"art": "<script>alert(1)</script>"},
        {"thema": "-1"},
        {"sprache": "x" * 500},
        {"stufenlos": "vielleicht"},
    ],
)
def test_bad_filter_values_never_fail(client, quartiersbuero, params):
    assert client.get(KARTE, params).status_code == 200
    response = client.get(DATEN, params)
    assert response.status_code == 200
    assert "<script>" not in client.get(KARTE, params).content.decode()


# --- Filters (shared with the directory) -------------------------------------------------------


def test_kind_filter(client, quartiersbuero, roden_sozialraum):
    make_orte(roden_sozialraum, 2)  # Ort 000 is a Schule, Ort 001 a Kita
    response = client.get(DATEN, {"art": OrtArt.KITA})
    assert [f["properties"]["name"] for f in _features(response)] == ["Ort 001"]
    html = client.get(KARTE, {"art": OrtArt.KITA}).content.decode()
    assert "Ort 001" in html
    assert "Ort 000" not in html
    assert "Quartiersbüro Roden" not in html


def test_stadtteil_filter_includes_its_sozialraeume(client, quartiersbuero, roden_stadtteil, stadt):
    anderer = Gebiet.objects.create(name="Fraulautern", art=GebietArt.STADTTEIL, eltern=stadt)
    make_orte(anderer, 1, start=50)
    names = [
        f["properties"]["name"]
        for f in _features(client.get(DATEN, {"gebiet": roden_stadtteil.pk}))
    ]
    assert names == ["Quartiersbüro Roden"]


def test_step_free_topic_and_language_filters(client, oeffentliches_verzeichnis, roden_sozialraum):
    from saarlouis_portal.stammdaten.models import Sprache, Thema

    make_orte(roden_sozialraum, 2)
    names = lambda params: [f["properties"]["name"] for f in _features(client.get(DATEN, params))]  # noqa: E731
    assert names({"stufenlos": "on"}) == ["Quartiersbüro Roden"]
    thema = Thema.objects.get(slug="sprachfoerderung-test")
    assert names({"thema": thema.pk}) == ["Quartiersbüro Roden"]
    franzoesisch = Sprache.objects.get(code="fr")
    assert names({"sprache": franzoesisch.pk}) == ["Quartiersbüro Roden"]


# --- GeoJSON -----------------------------------------------------------------------------------


def test_geojson_has_a_point_per_public_place(client, oeffentliches_verzeichnis):
    response = client.get(DATEN)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"
    data = response.json()
    assert data["type"] == "FeatureCollection"
    (feature,) = _features(response)
    ort = oeffentliches_verzeichnis
    # RFC 7946: longitude first.
    assert feature["geometry"] == {"type": "Point", "coordinates": [6.762, 49.327]}
    assert feature["properties"] == {
        "typ": "ort",
        "id": ort.pk,
        "name": "Quartiersbüro Roden",
        "art": "Quartiersbüro",
        "stufe": "Ort der Begegnung",
        "adresse": "Holzmühler Weg 1, 66740 Saarlouis",
        "url": reverse("begegnung:ort", args=[ort.pk]),
    }
    assert "GEHEIM" not in response.content.decode()


def test_places_without_coordinates_are_listed_but_not_drawn(client, roden_sozialraum):
    Ort.objects.create(name="Ohne Koordinaten", art=OrtArt.KIRCHE, gebiet=roden_sozialraum)
    assert _features(client.get(DATEN)) == []
    assert "Ohne Koordinaten" in client.get(KARTE).content.decode()


def test_geojson_carries_the_outlines_of_the_sozialraeume(client, quartiersbuero, roden_sozialraum):
    umriss = {
        "type": "Polygon",
        "coordinates": [[[6.75, 49.32], [6.77, 49.32], [6.77, 49.33], [6.75, 49.32]]],
    }
    roden_sozialraum.umriss = umriss
    roden_sozialraum.save()
    (outline,) = _features(client.get(DATEN), typ="gebiet")
    assert outline["geometry"] == umriss
    assert outline["properties"]["name"] == "Roden-Nord"


def test_query_count_stays_flat_as_places_grow(
    client, roden_sozialraum, django_assert_num_queries, django_assert_max_num_queries
):
    make_orte(roden_sozialraum, 3)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few_page:
        client.get(KARTE)
    with CaptureQueriesContext(connection) as few_data:
        client.get(DATEN)
    make_orte(roden_sozialraum, 30, start=3)
    with django_assert_max_num_queries(len(few_page)):
        assert "33 Orte gefunden" in client.get(KARTE).content.decode()
    with django_assert_max_num_queries(len(few_data)):
        assert len(_features(client.get(DATEN))) == 33


# --- Tile server and CSP -----------------------------------------------------------------------


def test_without_tile_server_no_external_host_is_allowed(client, quartiersbuero):
    response = client.get(KARTE)
    assert _img_src(response) == ["'self'", "data:"]
    assert 'data-tile-url=""' in response.content.decode()


@override_settings(MAP_TILE_URL=OSM, MAP_TILE_ATTRIBUTION="© OpenStreetMap-Mitwirkende")
def test_a_configured_tile_server_is_allowed_on_the_map_page_only(client, quartiersbuero):
    response = client.get(KARTE)
    assert _img_src(response) == ["'self'", "data:", "https://tile.openstreetmap.org"]
    html = response.content.decode()
    assert f'data-tile-url="{OSM}"' in html
    assert "© OpenStreetMap-Mitwirkende" in html
    assert "externen Kartendienst" in html
    # Every other page keeps the strict policy.
    assert _img_src(client.get(reverse("home"))) == ["'self'", "data:"]


@pytest.mark.parametrize(
    ("url", "origin"),
    [
        ("", ""),
        (OSM, "https://tile.openstreetmap.org"),
        ("https://{s}.tiles.example.org/{z}/{x}/{y}.png", "https://*.tiles.example.org"),
        (
            "https://karten.saarlouis.de:8443/osm/{z}/{x}/{y}.png",
            "https://karten.saarlouis.de:8443",
        ),
    ],
)
def test_tile_origin(url, origin):
    assert tile_origin(url) == origin


def test_every_row_is_an_anchor_for_links_from_place_pages(client, quartiersbuero):
    html = client.get(KARTE).content.decode()
    assert f'id="ort-{quartiersbuero.pk}"' in html
