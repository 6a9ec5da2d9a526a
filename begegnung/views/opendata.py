"""The map of places and the open-data exports (HSDS 3.0). All public, no login."""

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from begegnung import hsds
from begegnung.karte import geojson, orte_fuer_karte, tile_origin


@require_GET
def karte(request):
    """The map page: the list of places is the page; the map enhances it when JavaScript runs."""
    filterset, orte = orte_fuer_karte(request.GET)
    tile_url = settings.MAP_TILE_URL
    response = render(
        request,
        "begegnung/karte.html",
        {
            "filter": filterset,
            "orte": orte,
            "query": request.GET.urlencode(),
            "tile_url": tile_url,
            "tile_attribution": settings.MAP_TILE_ATTRIBUTION if tile_url else "",
        },
    )
    if tile_url:
        # Only this page may load images from the tile server, and only from its host.
        response._csp_update = {"img-src": [tile_origin(tile_url)]}
    return response


@require_GET
def karte_daten(request):
    _filterset, orte = orte_fuer_karte(request.GET)
    response = JsonResponse(geojson(orte), content_type="application/geo+json")
    response["Cache-Control"] = "public, max-age=300"
    return response


def _dateiname(endung: str) -> str:
    return f"hsds-orte-{timezone.localdate():%Y-%m-%d}.{endung}"


@require_GET
def hsds_json(request):
    response = JsonResponse(
        hsds.export_json(), json_dumps_params={"ensure_ascii": False, "indent": 2}
    )
    response["Content-Disposition"] = f'inline; filename="{_dateiname("json")}"'
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_GET
def hsds_zip(request):
    response = HttpResponse(hsds.export_zip(), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{_dateiname("zip")}"'
    response["Access-Control-Allow-Origin"] = "*"
    return response
