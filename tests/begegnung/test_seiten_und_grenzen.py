"""Every list of the Orte der Begegnung is bounded (issue 15): the map and its list show one
page, the directory pages, the staff overview turns into numbers beyond a size, and the
number of queries stays the same for 5 and for 50 places."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from begegnung import karte
from begegnung.hsds import ablage
from begegnung.models import OrtArt, Stufe
from begegnung.views import orte as orte_views
from begegnung.views import verwaltung
from tests.begegnung.conftest import make_orte

KARTE = reverse("begegnung:karte")
DATEN = reverse("begegnung:karte_daten")
UEBERSICHT = reverse("begegnung:uebersicht")


def _orte_features(response) -> list[str]:
    return [
        f["properties"]["name"]
        for f in response.json()["features"]
        if f["properties"]["typ"] == "ort"
    ]


@pytest.fixture
def zehn_orte(roden_sozialraum, monkeypatch):
    """Ten public places ("Ort 000" to "Ort 009", odd ones Kitas), four to a map page."""
    monkeypatch.setattr(karte, "SEITE", 4)
    return make_orte(roden_sozialraum, 10)


# --- The map and its list ----------------------------------------------------------------------


def test_the_map_list_shows_one_page_and_says_so(client, zehn_orte):
    response = client.get(KARTE)
    html = response.content.decode()
    assert len(response.context["orte"]) == 4
    assert "10 Orte gefunden" in html
    assert "Die Karte zeigt die Orte 1 bis 4 von 10" in html
    assert "Seite 1 von 3" in html
    assert 'aria-describedby="karte-hinweis karte-seite"' in html


def test_the_markers_are_those_of_the_list_page(client, zehn_orte):
    assert _orte_features(client.get(DATEN)) == ["Ort 000", "Ort 001", "Ort 002", "Ort 003"]
    assert _orte_features(client.get(DATEN, {"seite": 3})) == ["Ort 008", "Ort 009"]
    html = client.get(KARTE, {"seite": 2}).content.decode()
    assert f'data-geojson-url="{DATEN}?seite=2"' in html
    assert "Die Karte zeigt die Orte 5 bis 8 von 10" in html


def test_page_links_keep_the_filters(client, zehn_orte):
    html = client.get(KARTE, {"art": OrtArt.KITA}).content.decode()
    assert "5 Orte gefunden" in html
    assert f'href="?art={OrtArt.KITA}&amp;seite=2"' in html


@pytest.mark.parametrize(
    ("seite", "erste"), [("abc", "Ort 000"), ("0", "Ort 008"), ("999", "Ort 008"), ("", "Ort 000")]
)
def test_a_bad_page_number_shows_the_first_or_the_last_page(client, zehn_orte, seite, erste):
    response = client.get(KARTE, {"seite": seite})
    assert response.status_code == 200
    assert response.context["orte"][0].name == erste
    assert _orte_features(client.get(DATEN, {"seite": seite}))[0] == erste


def test_one_page_needs_no_note(client, quartiersbuero):
    html = client.get(KARTE).content.decode()
    assert "karte-seite" not in html
    assert "Seite 1 von" not in html


def test_the_real_page_size_bounds_the_map(client, roden_sozialraum):
    assert karte.SEITE == 50


# --- The directory -----------------------------------------------------------------------------


def test_directory_page_two_and_filters_in_links(client, roden_sozialraum, monkeypatch):
    monkeypatch.setattr(orte_views, "PAGE_SIZE", 3)
    make_orte(roden_sozialraum, 8)
    response = client.get("/orte/", {"art": OrtArt.KITA, "seite": 2})
    assert [o.name for o in response.context["page"].object_list] == ["Ort 007"]
    assert f'href="?art={OrtArt.KITA}&amp;seite=1"' in response.content.decode()


# --- The staff overview ------------------------------------------------------------------------


def test_the_overview_names_places_while_few(client, planer, roden_sozialraum):
    make_orte(roden_sozialraum, 3)
    client.force_login(planer)
    html = client.get(UEBERSICHT).content.decode()
    assert "Ort 000" in html
    assert "In Klammern" in html


def test_beyond_the_limit_the_overview_counts_and_links_to_the_list(
    client, planer, roden_sozialraum, monkeypatch
):
    monkeypatch.setattr(verwaltung, "UEBERSICHT_NAMEN", 2)
    make_orte(roden_sozialraum, 3)
    client.force_login(planer)
    html = client.get(UEBERSICHT).content.decode()
    assert "Ort 000" not in html
    assert "3 Orte" in html
    link = f"/orte/verwaltung/?gebiet={roden_sozialraum.pk}&amp;stufe={Stufe.SATELLIT}"
    assert f'href="{link}"' in html
    # The link leads to exactly these places.
    liste = client.get("/orte/verwaltung/", {"gebiet": roden_sozialraum.pk, "stufe": "satellit"})
    assert liste.context["page"].paginator.count == 3


# --- Queries stay flat as places grow ----------------------------------------------------------


def _queries(client, url, params=None) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url, params or {}).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize(
    ("url", "staff"),
    [
        ("/orte/", False),
        ("/orte/?seite=2", False),
        (KARTE, False),
        (DATEN, False),
        ("/orte/verwaltung/", True),
        (UEBERSICHT, True),
    ],
)
def test_queries_stay_flat_from_5_to_50_places(client, planer, roden_sozialraum, url, staff):
    if staff:
        client.force_login(planer)
    make_orte(roden_sozialraum, 5)
    few = _queries(client, url)
    make_orte(roden_sozialraum, 45, start=5)
    assert _queries(client, url) <= few


def test_the_stored_export_is_served_in_a_fixed_number_of_queries(client, roden_sozialraum):
    url = reverse("begegnung:hsds_json")
    make_orte(roden_sozialraum, 5)
    build_few = _queries(client, url)
    serve = _queries(client, url)
    make_orte(roden_sozialraum, 45, start=5)
    ablage.bump()
    assert _queries(client, url) <= build_few
    assert _queries(client, url) <= serve <= 2
