import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from saarlouis_portal.stammdaten.models import Gebiet, GebietArt, validate_geojson


def test_within_returns_the_area_and_everything_below(saarlouis, roden, roden_nord):
    other = Gebiet.objects.create(name="Lisdorf", art=GebietArt.STADTTEIL, eltern=saarlouis)
    assert set(Gebiet.objects.within(roden)) == {roden, roden_nord}
    assert set(Gebiet.objects.within(saarlouis)) == {saarlouis, roden, roden_nord, other}
    assert set(Gebiet.objects.within(saarlouis.eltern)) == {
        saarlouis.eltern,
        saarlouis,
        roden,
        roden_nord,
        other,
    }


def test_vorfahren_lists_parents_from_the_top(roden_nord, roden, saarlouis):
    assert roden_nord.vorfahren() == [saarlouis.eltern, saarlouis, roden]


@pytest.mark.parametrize(
    ("art", "eltern_art", "ok"),
    [
        (GebietArt.SOZIALRAUM, GebietArt.STADTTEIL, True),
        (GebietArt.SOZIALRAUM, GebietArt.GEMEINDE, True),
        (GebietArt.SOZIALRAUM, GebietArt.LANDKREIS, False),
        (GebietArt.STADTTEIL, GebietArt.LANDKREIS, False),
        (GebietArt.STADTTEIL, GebietArt.SOZIALRAUM, False),
        (GebietArt.GEMEINDE, GebietArt.LANDKREIS, True),
        (GebietArt.LANDKREIS, GebietArt.GEMEINDE, False),
        (GebietArt.FOERDERGEBIET, GebietArt.GEMEINDE, True),
    ],
)
def test_kinds_may_only_sit_below_their_allowed_parents(db, art, eltern_art, ok):
    eltern = Gebiet.objects.create(name="Oben", art=eltern_art)
    gebiet = Gebiet(name="Unten", art=art, eltern=eltern)
    if ok:
        gebiet.full_clean()
    else:
        with pytest.raises(ValidationError) as excinfo:
            gebiet.full_clean()
        assert "eltern" in excinfo.value.message_dict


def test_stadtteile_and_sozialraeume_need_a_parent(db):
    for art in (GebietArt.STADTTEIL, GebietArt.SOZIALRAUM, GebietArt.FOERDERGEBIET):
        with pytest.raises(ValidationError):
            Gebiet(name="Lose", art=art).full_clean()
    Gebiet(name="Gemeinde ohne Kreis", art=GebietArt.GEMEINDE).full_clean()


def test_names_are_unique_among_siblings_and_at_the_top(saarlouis, roden):
    Gebiet.objects.create(name="Roden", art=GebietArt.STADTTEIL, eltern=roden.eltern.eltern)
    with pytest.raises(IntegrityError):
        Gebiet.objects.create(name="Roden", art=GebietArt.STADTTEIL, eltern=saarlouis)


def test_top_level_names_are_unique(db):
    Gebiet.objects.create(name="Landkreis Reutlingen", art=GebietArt.LANDKREIS)
    with pytest.raises(IntegrityError):
        Gebiet.objects.create(name="Landkreis Reutlingen", art=GebietArt.LANDKREIS)


def test_a_foerdergebiet_covers_sozialraeume(saarlouis, roden_nord):
    foerder = Gebiet.objects.create(
        name="Sozialer Zusammenhalt Roden", art=GebietArt.FOERDERGEBIET, eltern=saarlouis
    )
    foerder.umfasst.add(roden_nord)
    assert list(roden_nord.foerdergebiete.all()) == [foerder]


@pytest.mark.parametrize(
    "value",
    [
        {"type": "Point", "coordinates": [6.75, 49.31]},
        {"type": "Polygon"},
        {"type": "Feature", "geometry": {"type": "LineString", "coordinates": [[0, 0], [1, 1]]}},
        "kein GeoJSON",
        [1, 2, 3],
    ],
)
def test_outlines_must_be_polygons(value):
    with pytest.raises(ValidationError):
        validate_geojson(value)


def test_a_polygon_feature_collection_is_a_valid_outline():
    square = [[[6.7, 49.3], [6.8, 49.3], [6.8, 49.4], [6.7, 49.3]]]
    validate_geojson(
        {
            "type": "FeatureCollection",
            "features": [
                {"type": "Feature", "geometry": {"type": "Polygon", "coordinates": square}}
            ],
        }
    )
