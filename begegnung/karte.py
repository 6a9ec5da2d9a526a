"""The public map of places: which places it shows (the directory's filters), the GeoJSON of
their markers and Sozialraum outlines, and the tile server's origin for the CSP.

The map page is progressive enhancement: the server renders the accessible list of places; a
small static script (static/js/karte.js) draws the same places from the GeoJSON endpoint.
"""

from urllib.parse import urlsplit

from django.core.paginator import Page, Paginator
from django.urls import reverse

from begegnung.filters import OrtFilter
from begegnung.models import Ort
from saarlouis_portal.stammdaten.models import Gebiet

# Places per page of the list, and so markers on the map at most: a map of thousands of
# markers costs the server as much as the browser and helps nobody find a place.
SEITE = 50

# Columns the list and the markers need; everything else (internal note, staff fields) stays
# in the database.
ORT_FELDER = (
    "pk",
    "name",
    "art",
    "stufe",
    "strasse",
    "plz",
    "ortsname",
    "breitengrad",
    "laengengrad",
    "stufenloser_zugang",
    "gebiet",
)


def tile_origin(tile_url: str) -> str:
    """The origin (scheme and host) of a tile URL template, as the CSP needs it.

    ``https://{s}.tile.example.org/{z}/{x}/{y}.png`` becomes ``https://*.tile.example.org``:
    Leaflet fills ``{s}`` with a subdomain, so the policy must allow all of them (and only
    them)."""
    if not tile_url:
        return ""
    parts = urlsplit(tile_url.replace("{s}", "subdomain-placeholder"))
    host = parts.netloc.replace("subdomain-placeholder", "*")
    return f"{parts.scheme}://{host}"


def orte_fuer_karte(params) -> tuple[OrtFilter, Page]:
    """The directory's filter (begegnung/filters.py) bound to the query parameters and one
    page (``seite``) of the public places it selects, in two queries whatever their number.
    The list and the markers show the same page, so neither grows with the directory. An
    invalid value is ignored and the form shows its message, so a broken link still lists
    places; a page number out of range shows the last page, an invalid one the first."""
    filterset = OrtFilter(params or None, queryset=Ort.objects.public())
    orte = filterset.qs.only(*ORT_FELDER).order_by("name", "pk")
    return filterset, Paginator(orte, SEITE).get_page(params.get("seite"))


def adresse(ort: Ort) -> str:
    ort_zeile = " ".join(part for part in (ort.plz, ort.ortsname) if part)
    return ", ".join(part for part in (ort.strasse, ort_zeile) if part)


def geojson(orte: list[Ort]) -> dict:
    """A FeatureCollection: one point per place with coordinates, then the outlines of the
    Sozialräume these places lie in (for a map without tiles)."""
    features = []
    for ort in orte:
        if ort.breitengrad is None or ort.laengengrad is None:
            continue
        features.append(
            {
                "type": "Feature",
                # GeoJSON order is longitude, latitude (RFC 7946).
                "geometry": {
                    "type": "Point",
                    "coordinates": [float(ort.laengengrad), float(ort.breitengrad)],
                },
                "properties": {
                    "typ": "ort",
                    "id": ort.pk,
                    "name": ort.name,
                    "art": str(ort.get_art_display()),
                    "stufe": str(ort.get_stufe_display()),
                    "adresse": adresse(ort),
                    "url": reverse("begegnung:ort", args=[ort.pk]),
                },
            }
        )
    gebiet_ids = {ort.gebiet_id for ort in orte}
    umrisse = (
        Gebiet.objects.filter(pk__in=gebiet_ids, umriss__isnull=False)
        .only("pk", "name", "umriss")
        .order_by("name")
    )
    for gebiet in umrisse:
        for geometry in _geometries(gebiet.umriss):
            features.append(
                {
                    "type": "Feature",
                    "geometry": geometry,
                    "properties": {"typ": "gebiet", "id": gebiet.pk, "name": gebiet.name},
                }
            )
    return {"type": "FeatureCollection", "features": features}


def _geometries(umriss) -> list[dict]:
    """The polygon geometries of an outline (validated by stammdaten's ``validate_geojson``)."""
    if not isinstance(umriss, dict):
        return []
    if umriss.get("type") == "FeatureCollection":
        return [f["geometry"] for f in umriss.get("features") or [] if f.get("geometry")]
    if umriss.get("type") == "Feature":
        return [umriss["geometry"]] if umriss.get("geometry") else []
    return [umriss]
