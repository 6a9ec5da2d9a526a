"""The map of places and the open-data exports (HSDS 3.0). All public, no login."""

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from django.views.decorators.http import require_GET

from begegnung.hsds import ablage
from begegnung.karte import geojson, orte_fuer_karte, tile_origin
from saarlouis_portal import seiten_cache


@seiten_cache.for_visitors
@require_GET
def karte(request):
    """The map page: the list of places is the page; the map enhances it when JavaScript runs."""
    filterset, page = orte_fuer_karte(request.GET)
    tile_url = settings.MAP_TILE_URL
    response = render(
        request,
        "begegnung/karte.html",
        {
            "filter": filterset,
            "page": page,
            "orte": page.object_list,
            # The markers are those of the list page shown, so the page number travels too.
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
    _filterset, page = orte_fuer_karte(request.GET)
    response = JsonResponse(geojson(list(page.object_list)), content_type="application/geo+json")
    response["Cache-Control"] = "public, max-age=300"
    return response


def _dateiname(endung: str) -> str:
    return f"hsds-orte-{timezone.localdate():%Y-%m-%d}.{endung}"


def _export(request, endung: str):
    """The stored export (begegnung/hsds/ablage.py, built once per data change), or 304 when
    the client has the current version; the file is read only for a full answer."""
    datei = ablage.aktuelle_datei(endung)
    response = get_conditional_response(request, etag=datei.etag, last_modified=datei.erstellt)
    if response is None:
        datei, inhalt = ablage.lesen(datei)
        response = HttpResponse(inhalt, content_type=datei.content_type)
        disposition = "inline" if endung == "json" else "attachment"
        response["Content-Disposition"] = f'{disposition}; filename="{_dateiname(endung)}"'
    response["ETag"] = datei.etag
    response["Last-Modified"] = http_date(datei.erstellt)
    # Caches may keep the file but must ask again; the answer is a cheap 304 while unchanged.
    response["Cache-Control"] = "public, no-cache"
    response["Access-Control-Allow-Origin"] = "*"
    response["Access-Control-Expose-Headers"] = "ETag, Last-Modified"
    return response


@require_GET
def hsds_json(request):
    return _export(request, "json")


@require_GET
def hsds_zip(request):
    return _export(request, "zip")
