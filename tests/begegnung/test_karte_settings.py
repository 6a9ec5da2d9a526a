"""The tile server settings of the map: off by default, read from the environment, and a
value that is no tile URL stops the start."""

from tests.helpers import PRODUCTION_ENV, run_python

PRINT_MAP = (
    "import json, django; django.setup(); from django.conf import settings as s; "
    "print(json.dumps([s.MAP_TILE_URL, s.MAP_TILE_ATTRIBUTION]))"
)


def test_no_tiles_by_default():
    result = run_python(PRINT_MAP, **PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == '["", "\\u00a9 OpenStreetMap-Mitwirkende"]'


def test_tile_server_from_the_environment():
    result = run_python(
        PRINT_MAP,
        **PRODUCTION_ENV,
        MAP_TILE_URL="https://tiles.saarlouis.example/{z}/{x}/{y}.png",
        MAP_TILE_ATTRIBUTION="© Kreisstadt Saarlouis, OpenStreetMap-Mitwirkende",
    )
    assert result.returncode == 0, result.stderr
    assert "https://tiles.saarlouis.example/{z}/{x}/{y}.png" in result.stdout


def test_a_tile_url_without_placeholders_stops_the_start():
    result = run_python(PRINT_MAP, **PRODUCTION_ENV, MAP_TILE_URL="https://tiles.example/map.png")
    assert result.returncode != 0
    assert "MAP_TILE_URL" in result.stderr


def test_a_tile_url_with_another_scheme_stops_the_start():
    result = run_python(PRINT_MAP, **PRODUCTION_ENV, MAP_TILE_URL="javascript:{z}{x}{y}")
    assert result.returncode != 0
    assert "MAP_TILE_URL" in result.stderr
