"""Admin of the Sorgekreise. Requests and helpers hold personal (possibly Art. 9) data: the
lists show no contact data, and the staff pages are the place to work with them; the admin is
for corrections by administrators. Opening a request here is written to the access log like
opening it on the staff pages; the log itself is in the audit trail's admin (action "access")."""

from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from saarlouis_portal.konten.zugriff import AccessLogAdminMixin
from sorgekreise import models


class TeilnahmeInline(admin.TabularInline):
    model = models.Teilnahme
    extra = 0
    autocomplete_fields = ["organisation"]


class TreffenInline(admin.TabularInline):
    model = models.Treffen
    extra = 0
    fields = ["beginn", "thema"]


@admin.register(models.Sorgekreis)
class SorgekreisAdmin(TranslationAdmin):
    list_display = ["name", "ort", "schwerpunkt", "oeffentlich", "nimmt_anfragen_an", "ist_demo"]
    search_fields = ["name", "ort__name"]
    list_filter = ["schwerpunkt", "oeffentlich", "ist_demo"]
    autocomplete_fields = ["ort", "koordination"]
    inlines = [TeilnahmeInline, TreffenInline]


@admin.register(models.Faehigkeit)
class FaehigkeitAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "schluessel",
        "braucht_fuehrungszeugnis",
        "braucht_sprache",
        "reihenfolge",
    ]
    search_fields = ["name", "schluessel"]
    list_filter = ["braucht_fuehrungszeugnis", "braucht_sprache"]


class VerfuegbarkeitInline(admin.TabularInline):
    model = models.Verfuegbarkeit
    extra = 0


@admin.register(models.Helfende)
class HelfendeAdmin(admin.ModelAdmin):
    list_display = [
        "__str__",
        "status",
        "geprueft_am",
        "fuehrungszeugnis_gueltig_bis",
        "quelle",
        "ist_demo",
    ]
    search_fields = ["name"]
    list_filter = ["status", "quelle", "faehigkeiten", "ist_demo"]
    filter_horizontal = ["faehigkeiten", "sprachen", "gebiete", "sorgekreise"]
    readonly_fields = [
        "einwilligung_version",
        "einwilligung_am",
        "ausgeschieden_am",
        "anonymisiert_am",
    ]
    inlines = [VerfuegbarkeitInline]


@admin.register(models.Hilfeanfrage)
class HilfeanfrageAdmin(AccessLogAdminMixin, admin.ModelAdmin):
    list_display = [
        "__str__",
        "sorgekreis",
        "gebiet",
        "status",
        "quelle",
        "erstellt_am",
        "ist_demo",
    ]
    # Searching by name or contact would expose them in the admin's URL and logs.
    search_fields = ["=id", "sorgekreis__name"]
    list_filter = ["status", "quelle", "dringlichkeit", "art", "ist_demo"]
    list_select_related = ["art", "gebiet", "sorgekreis"]
    date_hierarchy = "erstellt_am"
    raw_id_fields = ["sorgekreis", "gebiet"]
    readonly_fields = [
        "einwilligung_version",
        "einwilligung_am",
        "abgeschlossen_am",
        "anonymisiert_am",
    ]


@admin.register(models.Vermittlung)
class VermittlungAdmin(admin.ModelAdmin):
    list_display = ["__str__", "status", "ergebnis", "vorgeschlagen_am", "angenommen_am", "stunden"]
    search_fields = ["=anfrage__id", "helfende__name", "anfrage__sorgekreis__name"]
    list_filter = ["status", "ergebnis", "benachrichtigt_per"]
    readonly_fields = [
        "benachrichtigt_per",
        "benachrichtigt_am",
        "benachrichtigt_von",
        "erinnert_helfende_am",
        "erinnert_koordination_am",
    ]
    raw_id_fields = ["anfrage", "helfende"]
    list_select_related = ["anfrage__art", "helfende"]
