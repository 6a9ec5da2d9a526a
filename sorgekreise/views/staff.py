"""Staff pages of the Sorgekreise (skeleton; filled in by part A)."""

from django.http import Http404
from django.urls import path

from saarlouis_portal.konten.access import rolle_required


@rolle_required()
def _noch_nicht(request, *args, **kwargs):
    raise Http404


urlpatterns = [
    path("verwaltung/", _noch_nicht, name="kreis_list"),
    path("verwaltung/neu/", _noch_nicht, name="kreis_create"),
    path("verwaltung/<int:pk>/", _noch_nicht, name="kreis_detail"),
    path("verwaltung/<int:pk>/bearbeiten/", _noch_nicht, name="kreis_update"),
    path("verwaltung/helfende/", _noch_nicht, name="helfende_list"),
    path("verwaltung/helfende/neu/", _noch_nicht, name="helfende_create"),
    path("verwaltung/helfende/<int:pk>/", _noch_nicht, name="helfende_detail"),
    path("verwaltung/helfende/<int:pk>/bearbeiten/", _noch_nicht, name="helfende_update"),
    path("verwaltung/anfragen/", _noch_nicht, name="anfrage_list"),
    path("verwaltung/anfragen/neu/", _noch_nicht, name="anfrage_create"),
    path("verwaltung/anfragen/<int:pk>/", _noch_nicht, name="anfrage_detail"),
    path("verwaltung/anfragen/<int:pk>/bearbeiten/", _noch_nicht, name="anfrage_update"),
    path(
        "verwaltung/anfragen/<int:pk>/vorschlagen/",
        _noch_nicht,
        name="vermittlung_vorschlagen",
    ),
    path("verwaltung/vermittlungen/<int:pk>/", _noch_nicht, name="vermittlung_update"),
]
