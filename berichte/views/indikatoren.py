"""Indicators, their values, imports and exports, and the social monitoring (staff)."""

from django.http import HttpResponse
from django.urls import path

from berichte.models import REDAKTION
from saarlouis_portal.konten.access import rolle_required


@rolle_required(*REDAKTION)
def _stub(request, *args, **kwargs):  # replaced by the real views within the hour
    return HttpResponse("")


indikator_list = indikator_create = indikator_detail = indikator_update = _stub
import_upload = import_vorschau = import_bestaetigen = werte_export = _stub
monitoring_list = monitoring_create = monitoring_update = monitoring_detail = _stub

V = "verwaltung/"
urlpatterns = [
    path(f"{V}indikatoren/", indikator_list, name="indikator_list"),
    path(f"{V}indikatoren/neu/", indikator_create, name="indikator_create"),
    path(f"{V}indikatoren/<int:pk>/", indikator_detail, name="indikator_detail"),
    path(f"{V}indikatoren/<int:pk>/bearbeiten/", indikator_update, name="indikator_update"),
    path(f"{V}werte/import/", import_upload, name="import"),
    path(f"{V}werte/import/<str:token>/", import_vorschau, name="import_vorschau"),
    path(
        f"{V}werte/import/<str:token>/bestaetigen/",
        import_bestaetigen,
        name="import_bestaetigen",
    ),
    path(f"{V}werte/export/", werte_export, name="werte_export"),
    path(f"{V}monitoring/", monitoring_list, name="monitoring_list"),
    path(f"{V}monitoring/neu/", monitoring_create, name="monitoring_create"),
    path(f"{V}monitoring/<int:pk>/", monitoring_detail, name="monitoring_detail"),
    path(f"{V}monitoring/<int:pk>/bearbeiten/", monitoring_update, name="monitoring_update"),
]
