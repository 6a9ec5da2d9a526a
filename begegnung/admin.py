from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from begegnung import models


class StufeErreichtInline(admin.TabularInline):
    model = models.StufeErreicht
    extra = 0
    raw_id_fields = ["antrag"]


class PartnerschaftInline(admin.TabularInline):
    model = models.Partnerschaft
    extra = 0
    autocomplete_fields = ["organisation"]


class OeffnungszeitInline(admin.TabularInline):
    model = models.Oeffnungszeit
    extra = 0


class StelleInline(admin.TabularInline):
    model = models.Stelle
    extra = 0
    autocomplete_fields = ["arbeitgeber"]


@admin.register(models.Ort)
class OrtAdmin(TranslationAdmin):
    list_display = ["name", "art", "stufe", "gebiet", "oeffentlich", "ist_demo"]
    search_fields = ["name", "strasse", "ortsname", "gebiet__name"]
    list_filter = [
        "art",
        "stufe",
        "oeffentlich",
        "stufenloser_zugang",
        "ist_demo",
        ("gebiet", admin.RelatedOnlyFieldListFilter),
    ]
    autocomplete_fields = ["gebiet"]
    filter_horizontal = ["sprachen", "netzwerke", "leitung"]
    inlines = [StufeErreichtInline, OeffnungszeitInline, PartnerschaftInline, StelleInline]


@admin.register(models.StufeErreicht)
class StufeErreichtAdmin(admin.ModelAdmin):
    list_display = ["ort", "stufe", "erreicht_am"]
    search_fields = ["ort__name"]
    list_filter = ["stufe"]
    date_hierarchy = "erreicht_am"
    raw_id_fields = ["antrag"]


@admin.register(models.Antrag)
class AntragAdmin(admin.ModelAdmin):
    """Requests are made and decided on the staff pages; the admin shows them for support."""

    list_display = ["ort", "art", "stufe", "status", "gestellt_am", "entschieden_am"]
    search_fields = ["ort__name", "begruendung", "entscheidungsgrund"]
    list_filter = ["art", "status", "stufe"]
    date_hierarchy = "gestellt_am"
    raw_id_fields = ["ort", "gestellt_von", "entschieden_von"]


@admin.register(models.Partnerschaft)
class PartnerschaftAdmin(admin.ModelAdmin):
    list_display = ["ort", "organisation", "rolle"]
    search_fields = ["ort__name", "organisation__name"]
    list_filter = ["rolle"]
    autocomplete_fields = ["ort", "organisation"]


@admin.register(models.Oeffnungszeit)
class OeffnungszeitAdmin(admin.ModelAdmin):
    list_display = ["ort", "wochentag", "beginn", "ende"]
    search_fields = ["ort__name"]
    list_filter = ["wochentag"]
    autocomplete_fields = ["ort"]


@admin.register(models.Ausnahme)
class AusnahmeAdmin(TranslationAdmin):
    list_display = ["ort", "datum", "geschlossen", "beginn", "ende", "grund"]
    search_fields = ["ort__name", "grund"]
    list_filter = ["geschlossen"]
    date_hierarchy = "datum"
    autocomplete_fields = ["ort"]


@admin.register(models.Stelle)
class StelleAdmin(admin.ModelAdmin):
    list_display = ["ort", "fachbereich", "arbeitgeber", "anteil", "bezeichnung"]
    search_fields = ["ort__name", "arbeitgeber__name", "bezeichnung"]
    list_filter = ["fachbereich"]
    autocomplete_fields = ["ort", "arbeitgeber"]


@admin.register(models.Stufenkriterium)
class StufenkriteriumAdmin(admin.ModelAdmin):
    list_display = ["stufe", "art", "schwellwert", "aktiv"]
    search_fields = ["erlaeuterung"]
    list_filter = ["stufe", "art", "aktiv"]


class AngebotTerminInline(admin.TabularInline):
    model = models.AngebotTermin
    extra = 0


@admin.register(models.Angebot)
class AngebotAdmin(TranslationAdmin):
    list_display = ["titel", "ort", "wiederholung", "zielgruppe", "oeffentlich", "ist_demo"]
    search_fields = ["titel", "beschreibung", "ort__name"]
    list_filter = ["wiederholung", "zielgruppe", "oeffentlich", "kostenlos", "themen", "ist_demo"]
    autocomplete_fields = ["ort"]
    filter_horizontal = ["themen", "sprachen"]
    inlines = [AngebotTerminInline]


@admin.register(models.AngebotTermin)
class AngebotTerminAdmin(admin.ModelAdmin):
    list_display = ["angebot", "datum", "beginn", "ende"]
    search_fields = ["angebot__titel"]
    list_filter = ["datum"]
    date_hierarchy = "datum"
    autocomplete_fields = ["angebot"]


@admin.register(models.Treffpunkt)
class TreffpunktAdmin(admin.ModelAdmin):
    list_display = ["treffen", "ort"]
    search_fields = ["treffen__titel", "treffen__netzwerk__name", "ort__name"]
    list_filter = [("ort", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["treffen", "ort"]
    autocomplete_fields = ["treffen", "ort"]
