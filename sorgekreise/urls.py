"""Every URL of sorgekreise: circles and forms for citizens, staff pages under ``verwaltung/``."""

from django.urls import path

from sorgekreise.views import datenschutz, helfende, public, staff, staff_aufgaben

app_name = "sorgekreise"

urlpatterns = [
    # public
    path("", public.index, name="index"),
    path("<int:pk>/", public.kreis, name="kreis"),
    path("hilfe/", public.hilfe_anfragen, name="hilfe_anfragen"),
    path("mithelfen/", public.hilfe_anbieten, name="hilfe_anbieten"),
    path("danke/", public.danke, name="danke"),
    # staff
    path("verwaltung/", staff.kreis_list, name="kreis_list"),
    path("verwaltung/neu/", staff.kreis_create, name="kreis_create"),
    path("verwaltung/<int:pk>/", staff.kreis_detail, name="kreis_detail"),
    path("verwaltung/<int:pk>/bearbeiten/", staff.kreis_update, name="kreis_update"),
    path("verwaltung/<int:pk>/mitwirkende/neu/", staff.teilnahme_create, name="teilnahme_create"),
    path(
        "verwaltung/mitwirkende/<int:pk>/bearbeiten/",
        staff.teilnahme_update,
        name="teilnahme_update",
    ),
    path(
        "verwaltung/mitwirkende/<int:pk>/entfernen/",
        staff.teilnahme_delete,
        name="teilnahme_delete",
    ),
    path("verwaltung/<int:pk>/treffen/neu/", staff.treffen_create, name="treffen_create"),
    path("verwaltung/treffen/<int:pk>/", staff.treffen_update, name="treffen_update"),
    path("verwaltung/anfragen/", staff.anfrage_list, name="anfrage_list"),
    path("verwaltung/anfragen/neu/", staff.anfrage_create, name="anfrage_create"),
    path("verwaltung/anfragen/<int:pk>/", staff.anfrage_detail, name="anfrage_detail"),
    path("verwaltung/anfragen/<int:pk>/bearbeiten/", staff.anfrage_update, name="anfrage_update"),
    path(
        "verwaltung/anfragen/<int:pk>/vorschlagen/",
        staff.vermittlung_vorschlagen,
        name="vermittlung_vorschlagen",
    ),
    path("verwaltung/vermittlungen/<int:pk>/", staff.vermittlung_update, name="vermittlung_update"),
    path(
        "verwaltung/vermittlungen/<int:pk>/angerufen/",
        staff_aufgaben.anruf_erledigt,
        name="anruf_erledigt",
    ),
    path("verwaltung/aufgaben/", staff_aufgaben.aufgaben, name="aufgaben"),
    # helfende
    path("verwaltung/helfende/", helfende.helfende_list, name="helfende_list"),
    path("verwaltung/helfende/neu/", helfende.helfende_create, name="helfende_create"),
    path("verwaltung/helfende/<int:pk>/", helfende.helfende_detail, name="helfende_detail"),
    path(
        "verwaltung/helfende/<int:pk>/bearbeiten/", helfende.helfende_update, name="helfende_update"
    ),
    # datenschutz
    path(
        "verwaltung/helfende/<int:pk>/daten-loeschen/",
        datenschutz.helfende_loeschen,
        name="helfende_loeschen",
    ),
]
