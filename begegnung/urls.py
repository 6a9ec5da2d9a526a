"""Every URL of begegnung: directory and map for citizens, staff pages under ``verwaltung/``."""

from django.urls import path

from begegnung.views import opendata, orte, staff_antraege, verwaltung

app_name = "begegnung"

urlpatterns = [
    # orte
    path("", orte.index, name="index"),
    path("<int:pk>/", orte.ort, name="ort"),
    path("<int:pk>/angebote.ics", orte.ort_feed, name="ort_feed"),
    path("angebote/<int:pk>/", orte.angebot, name="angebot"),
    # verwaltung
    path("verwaltung/", verwaltung.ort_list, name="ort_list"),
    path("verwaltung/neu/", verwaltung.ort_create, name="ort_create"),
    path("verwaltung/uebersicht/", verwaltung.uebersicht, name="uebersicht"),
    path("verwaltung/kriterien/", verwaltung.kriterien, name="kriterien"),
    path("verwaltung/vorschlagen/", staff_antraege.ort_vorschlagen, name="ort_vorschlagen"),
    path("verwaltung/antraege/", staff_antraege.antrag_list, name="antrag_list"),
    path("verwaltung/antraege/<int:pk>/", staff_antraege.antrag_detail, name="antrag_detail"),
    path(
        "verwaltung/<int:pk>/stufe-beantragen/",
        staff_antraege.stufe_beantragen,
        name="stufe_beantragen",
    ),
    path("verwaltung/<int:pk>/", verwaltung.ort_detail, name="ort_detail"),
    path("verwaltung/<int:pk>/bearbeiten/", verwaltung.ort_update, name="ort_update"),
    path("verwaltung/<int:pk>/stufen/", verwaltung.stufen, name="stufen"),
    path(
        "verwaltung/<int:pk>/oeffnungszeiten/", verwaltung.oeffnungszeiten, name="oeffnungszeiten"
    ),
    path(
        "verwaltung/<int:pk>/ausnahmen/neu/",
        verwaltung.ausnahme.create_view(),
        name="ausnahme_create",
    ),
    path(
        "verwaltung/ausnahmen/<int:pk>/bearbeiten/",
        verwaltung.ausnahme.update_view(),
        name="ausnahme_update",
    ),
    path(
        "verwaltung/ausnahmen/<int:pk>/loeschen/",
        verwaltung.ausnahme.delete_view(),
        name="ausnahme_delete",
    ),
    path("verwaltung/<int:pk>/stellen/neu/", verwaltung.stelle.create_view(), name="stelle_create"),
    path(
        "verwaltung/stellen/<int:pk>/bearbeiten/",
        verwaltung.stelle.update_view(),
        name="stelle_update",
    ),
    path(
        "verwaltung/stellen/<int:pk>/loeschen/",
        verwaltung.stelle.delete_view(),
        name="stelle_delete",
    ),
    path(
        "verwaltung/<int:pk>/partner/neu/",
        verwaltung.partnerschaft.create_view(),
        name="partner_create",
    ),
    path(
        "verwaltung/partner/<int:pk>/loeschen/",
        verwaltung.partnerschaft.delete_view(),
        name="partner_delete",
    ),
    path("verwaltung/<int:pk>/angebote/neu/", verwaltung.angebot_create, name="angebot_create"),
    path(
        "verwaltung/angebote/<int:pk>/bearbeiten/", verwaltung.angebot_update, name="angebot_update"
    ),
    path(
        "verwaltung/angebote/<int:pk>/loeschen/", verwaltung.angebot_delete, name="angebot_delete"
    ),
    # opendata
    path("karte/", opendata.karte, name="karte"),
    path("karte/daten.geojson", opendata.karte_daten, name="karte_daten"),
    path("export/hsds.json", opendata.hsds_json, name="hsds_json"),
    path("export/hsds.zip", opendata.hsds_zip, name="hsds_zip"),
]
