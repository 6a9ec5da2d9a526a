"""Every URL of the Sprechstunden: the citizens' pages first, then the staff pages under
``verwaltung/``; nested lists per resource."""

from django.urls import include, path

from sprechstunden.views import (
    hausbesuch,
    public_booking,
    public_finden,
    public_list,
    public_manage,
    public_warteliste,
    staff_buchung,
    staff_kalender,
    staff_planungsdaten,
    staff_schliesszeit,
    staff_sprechstunde,
    staff_tagesliste,
    staff_termin,
    staff_warteliste,
)

app_name = "sprechstunden"

# Behind the citizen's manage link: buchung/<token>/...
buchung_urls = [
    path("", public_manage.buchung_verwalten, name="buchung_verwalten"),
    path("bestaetigen/", public_manage.buchung_bestaetigen, name="buchung_bestaetigen"),
    path("absagen/", public_manage.buchung_absagen, name="buchung_absagen"),
    path("verschieben/", public_manage.buchung_verschieben, name="buchung_verschieben"),
    path("daten/", public_manage.buchung_daten, name="buchung_daten"),
    path("daten/loeschen/", public_manage.buchung_daten_loeschen, name="buchung_daten_loeschen"),
]

# Behind the link of a waiting-list entry: warteliste/<token>/...
warteliste_urls = [
    path("", public_warteliste.eintrag, name="warteliste_eintrag"),
    path("bestaetigen/", public_warteliste.bestaetigen, name="warteliste_bestaetigen"),
    path("abmelden/", public_warteliste.abmelden, name="warteliste_abmelden"),
    path("buchen/", public_warteliste.buchen, name="warteliste_buchen"),
]

hausbesuch_urls = [
    path("", hausbesuch.anfrage, name="hausbesuch_anfrage"),
    path("danke/", hausbesuch.danke, name="hausbesuch_danke"),
    path("zurueckgezogen/", hausbesuch.zurueckgezogen, name="hausbesuch_zurueckgezogen"),
    path("anfrage/<str:token>/", hausbesuch.meine_anfrage, name="hausbesuch_link"),
    path(
        "anfrage/<str:token>/zurueckziehen/",
        hausbesuch.zurueckziehen,
        name="hausbesuch_zurueckziehen",
    ),
]

# Staff: verwaltung/anlaufstellen/<pk>/...
anlaufstelle_urls = [
    path("", staff_sprechstunde.anlaufstelle_detail, name="staff_anlaufstelle"),
    path(
        "bearbeiten/",
        staff_sprechstunde.anlaufstelle_update,
        name="staff_anlaufstelle_bearbeiten",
    ),
    path(
        "loeschen/",
        staff_sprechstunde.anlaufstelle_delete,
        name="staff_anlaufstelle_loeschen",
    ),
    path(
        "schliesszeiten/neu/",
        staff_schliesszeit.anlaufstelle_schliesszeit_create,
        name="staff_anlaufstelle_schliesszeit_neu",
    ),
    # Personal und Kosten je Jahr (Sozialplanung)
    path(
        "stellenanteile/neu/",
        staff_planungsdaten.stellenanteil_create,
        name="staff_stellenanteil_neu",
    ),
    path(
        "stellenanteile/<int:eintrag_pk>/bearbeiten/",
        staff_planungsdaten.stellenanteil_update,
        name="staff_stellenanteil_bearbeiten",
    ),
    path(
        "stellenanteile/<int:eintrag_pk>/loeschen/",
        staff_planungsdaten.stellenanteil_delete,
        name="staff_stellenanteil_loeschen",
    ),
    path("kosten/neu/", staff_planungsdaten.kosten_create, name="staff_kosten_neu"),
    path(
        "kosten/<int:eintrag_pk>/bearbeiten/",
        staff_planungsdaten.kosten_update,
        name="staff_kosten_bearbeiten",
    ),
    path(
        "kosten/<int:eintrag_pk>/loeschen/",
        staff_planungsdaten.kosten_delete,
        name="staff_kosten_loeschen",
    ),
]

# Staff: verwaltung/sprechstunden/<pk>/...
sprechstunde_urls = [
    path("", staff_sprechstunde.sprechstunde_detail, name="staff_sprechstunde"),
    path(
        "bearbeiten/",
        staff_sprechstunde.sprechstunde_update,
        name="staff_sprechstunde_bearbeiten",
    ),
    path(
        "loeschen/",
        staff_sprechstunde.sprechstunde_delete,
        name="staff_sprechstunde_loeschen",
    ),
    path("beratende/", staff_sprechstunde.beratende_add, name="staff_beratende_neu"),
    path(
        "beratende/<int:beratende_pk>/entfernen/",
        staff_sprechstunde.beratende_remove,
        name="staff_beratende_entfernen",
    ),
    path(
        "schliesszeiten/neu/",
        staff_schliesszeit.sprechstunde_schliesszeit_create,
        name="staff_sprechstunde_schliesszeit_neu",
    ),
    path("warteliste/", staff_warteliste.liste, name="staff_warteliste"),
]

# Staff: verwaltung/warteliste/<pk>/... (one entry: a call task or a removal)
staff_warteliste_urls = [
    path("buchen/", staff_warteliste.angebot_buchen, name="staff_warteliste_buchen"),
    path(
        "weitergeben/",
        staff_warteliste.angebot_weitergeben,
        name="staff_warteliste_weitergeben",
    ),
    path("entfernen/", staff_warteliste.eintrag_entfernen, name="staff_warteliste_entfernen"),
]

# Staff: verwaltung/termine/<pk>/...
termin_urls = [
    path("", staff_termin.termin, name="termin"),
    path("buchen/", staff_termin.staff_buchen, name="staff_buchen"),
    path("absagen/", staff_termin.termin_absagen, name="staff_termin_absagen"),
    path("zustaendig/", staff_termin.termin_zustaendig, name="staff_termin_zustaendig"),
]

# Staff: verwaltung/buchungen/<pk>/...
staff_buchung_urls = [
    path(
        "bestaetigen/",
        staff_buchung.buchung_bestaetigen,
        name="staff_buchung_bestaetigen",
    ),
    path(
        "nicht-erschienen/",
        staff_buchung.buchung_nicht_erschienen,
        name="staff_buchung_nicht_erschienen",
    ),
    path("ergebnis/", staff_buchung.buchung_ergebnis, name="staff_buchung_ergebnis"),
    path("folgetermin/", staff_buchung.buchung_folgetermin, name="staff_buchung_folgetermin"),
    path("absagen/", staff_buchung.buchung_absagen, name="staff_buchung_absagen"),
    path(
        "verschieben/",
        staff_buchung.buchung_verschieben,
        name="staff_buchung_verschieben",
    ),
]

# Staff: verwaltung/hausbesuche/...
hausbesuch_staff_urls = [
    path("", hausbesuch.hausbesuch_list, name="hausbesuch_list"),
    path("neu/", hausbesuch.hausbesuch_create, name="hausbesuch_create"),
    path("<int:pk>/", hausbesuch.hausbesuch_detail, name="hausbesuch_detail"),
    path("<int:pk>/zuteilen/", hausbesuch.hausbesuch_zuteilen, name="hausbesuch_zuteilen"),
    path(
        "<int:pk>/neu-planen/",
        hausbesuch.hausbesuch_neu_planen,
        name="hausbesuch_neu_planen",
    ),
    path("<int:pk>/besucht/", hausbesuch.hausbesuch_besucht, name="hausbesuch_besucht"),
    path(
        "<int:pk>/nicht-erreicht/",
        hausbesuch.hausbesuch_nicht_erreicht,
        name="hausbesuch_nicht_erreicht",
    ),
    path(
        "<int:pk>/abschliessen/",
        hausbesuch.hausbesuch_abschliessen,
        name="hausbesuch_abschliessen",
    ),
]

# Every staff page (Sozialplanung, Beratung) lies under verwaltung/.
verwaltung_urls = [
    path("", staff_sprechstunde.verwaltung, name="verwaltung"),
    path(
        "anlaufstellen/neu/",
        staff_sprechstunde.anlaufstelle_create,
        name="staff_anlaufstelle_neu",
    ),
    path("anlaufstellen/<int:pk>/", include(anlaufstelle_urls)),
    path(
        "sprechstunden/neu/",
        staff_sprechstunde.sprechstunde_create,
        name="staff_sprechstunde_neu",
    ),
    path("sprechstunden/<int:pk>/", include(sprechstunde_urls)),
    path("schliesszeiten/", staff_schliesszeit.schliesszeit_list, name="staff_schliesszeiten"),
    path(
        "schliesszeiten/<int:pk>/loeschen/",
        staff_schliesszeit.schliesszeit_delete,
        name="staff_schliesszeit_loeschen",
    ),
    path("tagesliste/", staff_tagesliste.tagesliste, name="tagesliste"),
    path("tagesliste.csv", staff_tagesliste.tagesliste_csv, name="tagesliste_csv"),
    path("woche/", staff_tagesliste.woche, name="woche"),
    path("termine/<int:pk>/", include(termin_urls)),
    path("buchungen/<int:pk>/", include(staff_buchung_urls)),
    path("kontakte/neu/", staff_buchung.kontakt_neu, name="kontakt_neu"),
    path("hausbesuche/", include(hausbesuch_staff_urls)),
    path("warteliste/<int:pk>/", include(staff_warteliste_urls)),
]

urlpatterns = [
    path("", public_list.index, name="index"),
    path("<int:pk>/", public_list.sprechstunde_detail, name="sprechstunde"),
    path("termin/<int:termin_pk>/buchen/", public_booking.buchen, name="buchen"),
    path("buchung/fertig/", public_booking.fertig, name="fertig"),
    path("buchung/verlaengern/", public_booking.verlaengern, name="buchung_verlaengern"),
    path("buchung-finden/", public_finden.buchung_finden, name="buchung_finden"),
    path("<int:pk>/warteliste/", public_warteliste.eintragen, name="warteliste"),
    path(
        "<int:pk>/warteliste/eingetragen/",
        public_warteliste.eingetragen,
        name="warteliste_eingetragen",
    ),
    path("warteliste/<str:token>/", include(warteliste_urls)),
    path("buchung/<str:token>/", include(buchung_urls)),
    path("hausbesuch/", include(hausbesuch_urls)),
    path("verwaltung/", include(verwaltung_urls)),
    # The counsellor's calendar feed: no login, the secret address of their account.
    path("kalender/<str:token>.ics", staff_kalender.kalender_feed, name="kalender_feed"),
]
