"""Every URL of netzwerke: public pages first, staff pages under ``verwaltung/``."""

from django.urls import path

from netzwerke.views import (
    antwort,
    gespraeche,
    massnahmen,
    netzwerke,
    staff_aufgaben,
    staff_beschluesse,
    staff_kalender,
    staff_treffen,
    treffen,
)

app_name = "netzwerke"

urlpatterns = [
    # netzwerke
    path("", netzwerke.index, name="index"),
    path("<int:pk>/", netzwerke.netzwerk, name="netzwerk"),
    path("<int:pk>/kalender.ics", netzwerke.netzwerk_feed, name="netzwerk_feed"),
    path("treffen/<int:pk>/", treffen.public_treffen, name="treffen"),
    path("treffen/<int:pk>.ics", treffen.treffen_ics, name="treffen_ics"),
    # A staff member's meetings feed: no login, the secret address of their account.
    path("kalender/<str:token>.ics", staff_kalender.kalender_feed, name="kalender_feed"),
    path("karte/", netzwerke.karte, name="karte"),
    path("verwaltung/", netzwerke.netzwerk_list, name="netzwerk_list"),
    path("verwaltung/neu/", netzwerke.netzwerk_create, name="netzwerk_create"),
    path("verwaltung/export/", netzwerke.netzwerk_export, name="netzwerk_export"),
    path("verwaltung/<int:pk>/", netzwerke.netzwerk_detail, name="netzwerk_detail"),
    path("verwaltung/<int:pk>/bearbeiten/", netzwerke.netzwerk_update, name="netzwerk_update"),
    path("verwaltung/<int:pk>/mitglieder/neu/", netzwerke.mitglied_create, name="mitglied_create"),
    path(
        "verwaltung/mitglieder/<int:pk>/bearbeiten/",
        netzwerke.mitglied_update,
        name="mitglied_update",
    ),
    path(
        "verwaltung/mitglieder/<int:pk>/entfernen/",
        netzwerke.mitglied_delete,
        name="mitglied_delete",
    ),
    path("verwaltung/<int:pk>/treffen/neu/", treffen.treffen_create, name="treffen_create"),
    path("verwaltung/treffen/<int:pk>/", treffen.treffen_detail, name="treffen_detail"),
    path("verwaltung/treffen/<int:pk>/bearbeiten/", treffen.treffen_update, name="treffen_update"),
    path(
        "verwaltung/treffen/<int:pk>/einladen/", treffen.treffen_einladen, name="treffen_einladen"
    ),
    # following a meeting up (issue 17): replies, attendance, minutes, tasks
    path("antwort/<str:token>/", antwort.antwort, name="antwort"),
    path(
        "verwaltung/treffen/<int:pk>/anwesenheit/",
        staff_treffen.treffen_anwesenheit,
        name="treffen_anwesenheit",
    ),
    path(
        "verwaltung/treffen/<int:pk>/protokoll/versenden/",
        staff_treffen.protokoll_versenden,
        name="protokoll_versenden",
    ),
    path(
        "verwaltung/treffen/<int:pk>/aufgaben/neu/",
        staff_aufgaben.treffen_aufgabe_create,
        name="treffen_aufgabe_create",
    ),
    path("verwaltung/<int:pk>/aufgaben/neu/", staff_aufgaben.aufgabe_create, name="aufgabe_create"),
    path("verwaltung/aufgaben/", staff_aufgaben.aufgabe_list, name="aufgabe_list"),
    path(
        "verwaltung/aufgaben/<int:pk>/bearbeiten/",
        staff_aufgaben.aufgabe_update,
        name="aufgabe_update",
    ),
    path(
        "verwaltung/aufgaben/<int:pk>/status/",
        staff_aufgaben.aufgabe_status,
        name="aufgabe_status",
    ),
    path("verwaltung/gespraeche/", gespraeche.gespraech_list, name="gespraech_list"),
    path("verwaltung/gespraeche/neu/", gespraeche.gespraech_create, name="gespraech_create"),
    path(
        "verwaltung/gespraeche/uebersicht/",
        gespraeche.gespraech_uebersicht,
        name="gespraech_uebersicht",
    ),
    path(
        "verwaltung/gespraeche/<int:pk>/bearbeiten/",
        gespraeche.gespraech_update,
        name="gespraech_update",
    ),
    path(
        "verwaltung/gespraeche/<int:pk>/loeschen/",
        gespraeche.gespraech_delete,
        name="gespraech_delete",
    ),
    # massnahmen
    path("massnahmen/", massnahmen.massnahmen, name="massnahmen"),
    path("massnahmen/<int:pk>/", massnahmen.massnahme, name="massnahme"),
    path("verwaltung/massnahmen/", massnahmen.massnahme_list, name="massnahme_list"),
    path("verwaltung/massnahmen/neu/", massnahmen.massnahme_create, name="massnahme_create"),
    path("verwaltung/massnahmen/export/", massnahmen.massnahme_export, name="massnahme_export"),
    path("verwaltung/massnahmen/<int:pk>/", massnahmen.massnahme_detail, name="massnahme_detail"),
    path(
        "verwaltung/massnahmen/<int:pk>/bearbeiten/",
        massnahmen.massnahme_update,
        name="massnahme_update",
    ),
    path(
        "verwaltung/massnahmen/<int:pk>/status/",
        massnahmen.massnahme_status,
        name="massnahme_status",
    ),
    path(
        "verwaltung/massnahmen/<int:pk>/meilensteine/neu/",
        massnahmen.meilenstein_create,
        name="meilenstein_create",
    ),
    path(
        "verwaltung/meilensteine/<int:pk>/bearbeiten/",
        massnahmen.meilenstein_update,
        name="meilenstein_update",
    ),
    path(
        "verwaltung/meilensteine/<int:pk>/erreicht/",
        massnahmen.meilenstein_erreicht,
        name="meilenstein_erreicht",
    ),
    path(
        "verwaltung/meilensteine/<int:pk>/loeschen/",
        massnahmen.meilenstein_delete,
        name="meilenstein_delete",
    ),
    path("verwaltung/massnahmen/<int:pk>/pruefung/", massnahmen.pruefung, name="pruefung"),
    path(
        "verwaltung/massnahmen/<int:pk>/pruefung/vorlegen/",
        massnahmen.pruefung_vorlegen,
        name="pruefung_vorlegen",
    ),
    path(
        "verwaltung/massnahmen/<int:pk>/pruefung/abschliessen/",
        massnahmen.pruefung_abschliessen,
        name="pruefung_abschliessen",
    ),
    path(
        "verwaltung/massnahmen/<int:pk>/pruefung/druck/",
        massnahmen.pruefung_druck,
        name="pruefung_druck",
    ),
    path(
        "verwaltung/massnahmen/<int:pk>/pruefung.pdf",
        massnahmen.pruefung_pdf_view,
        name="pruefung_pdf",
    ),
    path(
        "verwaltung/massnahmen/<int:pk>/beschluesse/neu/",
        staff_beschluesse.beschluss_create,
        name="beschluss_create",
    ),
    path(
        "verwaltung/beschluesse/<int:pk>/bearbeiten/",
        staff_beschluesse.beschluss_update,
        name="beschluss_update",
    ),
    path(
        "verwaltung/beschluesse/<int:pk>/entfernen/",
        staff_beschluesse.beschluss_delete,
        name="beschluss_delete",
    ),
]
