"""Measures (Maßnahmen/Projekte), milestones, timeline and the sustainability check."""

from django.http import Http404
from django.urls import path


def _bald(request, *args, **kwargs):
    # Placeholder until the measure pages arrive (URL names exist so the network pages can link).
    raise Http404


urlpatterns = [
    path("massnahmen/", _bald, name="massnahmen"),
    path("massnahmen/<int:pk>/", _bald, name="massnahme"),
    path("verwaltung/massnahmen/", _bald, name="massnahme_list"),
    path("verwaltung/massnahmen/neu/", _bald, name="massnahme_create"),
    path("verwaltung/massnahmen/export/", _bald, name="massnahme_export"),
    path("verwaltung/massnahmen/<int:pk>/", _bald, name="massnahme_detail"),
    path("verwaltung/massnahmen/<int:pk>/bearbeiten/", _bald, name="massnahme_update"),
    path("verwaltung/massnahmen/<int:pk>/status/", _bald, name="massnahme_status"),
    path("verwaltung/massnahmen/<int:pk>/meilensteine/neu/", _bald, name="meilenstein_create"),
    path("verwaltung/meilensteine/<int:pk>/bearbeiten/", _bald, name="meilenstein_update"),
    path("verwaltung/meilensteine/<int:pk>/loeschen/", _bald, name="meilenstein_delete"),
    path("verwaltung/massnahmen/<int:pk>/pruefung/", _bald, name="pruefung"),
    path(
        "verwaltung/massnahmen/<int:pk>/pruefung/abschliessen/", _bald, name="pruefung_abschliessen"
    ),
    path("verwaltung/massnahmen/<int:pk>/pruefung.pdf", _bald, name="pruefung_pdf"),
]
