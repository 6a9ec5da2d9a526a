"""Every URL of berichte: the published report for citizens, editing and indicators for staff."""

from django.urls import path

from berichte.views import bausteine, indikatoren, public, redaktion

app_name = "berichte"

FMT = "<str:fmt>"  # pdf, docx, xlsx: the views answer 404 to any other
V = "verwaltung/berichte/"  # reports and chapters
K = "verwaltung/"  # indicators, values, monitoring

urlpatterns = [
    # public
    path("", public.index, name="index"),
    path("<int:pk>/", public.bericht, name="bericht"),
    path(f"<int:pk>/download.{FMT}", public.bericht_download, name="bericht_download"),
    path("kapitel/<int:pk>/", public.kapitel, name="kapitel"),
    path(f"kapitel/<int:pk>/download.{FMT}", public.kapitel_download, name="kapitel_download"),
    # redaktion
    path(V, redaktion.verwaltung, name="verwaltung"),
    path(f"{V}neu/", redaktion.bericht_create, name="bericht_create"),
    path(f"{V}projektbericht/neu/", redaktion.projektbericht_create, name="projektbericht_create"),
    path(f"{V}<int:pk>/", redaktion.bericht_detail, name="bericht_detail"),
    path(f"{V}<int:pk>/bearbeiten/", redaktion.bericht_update, name="bericht_update"),
    path(f"{V}<int:pk>/neue-ausgabe/", redaktion.bericht_neue_ausgabe, name="bericht_neue_ausgabe"),
    path(f"{V}<int:pk>/kapitel/neu/", redaktion.kapitel_create, name="kapitel_create"),
    path(f"{V}kapitel/<int:pk>/", redaktion.kapitel_detail, name="kapitel_detail"),
    path(f"{V}kapitel/<int:pk>/bearbeiten/", redaktion.kapitel_update, name="kapitel_update"),
    path(f"{V}kapitel/<int:pk>/entfernen/", redaktion.kapitel_delete, name="kapitel_delete"),
    path(f"{V}kapitel/<int:pk>/status/", redaktion.kapitel_status, name="kapitel_status"),
    path(
        f"{V}kapitel/<int:pk>/verschieben/",
        redaktion.kapitel_verschieben,
        name="kapitel_verschieben",
    ),
    # bausteine
    path(f"{V}kapitel/<int:pk>/bausteine/neu/", bausteine.baustein_create, name="baustein_create"),
    path(f"{V}bausteine/<int:pk>/bearbeiten/", bausteine.baustein_update, name="baustein_update"),
    path(f"{V}bausteine/<int:pk>/entfernen/", bausteine.baustein_delete, name="baustein_delete"),
    path(
        f"{V}bausteine/<int:pk>/verschieben/",
        bausteine.baustein_verschieben,
        name="baustein_verschieben",
    ),
    path(
        f"{V}bausteine/<int:pk>/empfehlungen/neu/",
        bausteine.empfehlung_create,
        name="empfehlung_create",
    ),
    path(
        f"{V}empfehlungen/<int:pk>/bearbeiten/",
        bausteine.empfehlung_update,
        name="empfehlung_update",
    ),
    path(
        f"{V}empfehlungen/<int:pk>/entfernen/",
        bausteine.empfehlung_delete,
        name="empfehlung_delete",
    ),
    path(
        f"{V}empfehlungen/<int:pk>/verschieben/",
        bausteine.empfehlung_verschieben,
        name="empfehlung_verschieben",
    ),
    # indikatoren
    path(f"{K}indikatoren/", indikatoren.indikator_list, name="indikator_list"),
    path(f"{K}indikatoren/neu/", indikatoren.indikator_create, name="indikator_create"),
    path(f"{K}indikatoren/<int:pk>/", indikatoren.indikator_detail, name="indikator_detail"),
    path(
        f"{K}indikatoren/<int:pk>/bearbeiten/",
        indikatoren.indikator_update,
        name="indikator_update",
    ),
    path(f"{K}werte/import/", indikatoren.import_upload, name="import"),
    path(f"{K}werte/import/<str:token>/", indikatoren.import_vorschau, name="import_vorschau"),
    path(
        f"{K}werte/import/<str:token>/bestaetigen/",
        indikatoren.import_bestaetigen,
        name="import_bestaetigen",
    ),
    path(f"{K}werte/export/", indikatoren.werte_export, name="werte_export"),
    path(f"{K}monitoring/", indikatoren.monitoring_list, name="monitoring_list"),
    path(f"{K}monitoring/neu/", indikatoren.monitoring_create, name="monitoring_create"),
    path(f"{K}monitoring/<int:pk>/", indikatoren.monitoring_detail, name="monitoring_detail"),
    path(
        f"{K}monitoring/<int:pk>/tabelle.<str:fmt>",
        indikatoren.monitoring_export,
        name="monitoring_export",
    ),
    path(
        f"{K}monitoring/<int:pk>/bearbeiten/",
        indikatoren.monitoring_update,
        name="monitoring_update",
    ),
]
