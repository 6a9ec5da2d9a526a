from django.contrib import admin

from berichte import models


@admin.register(models.Indikator)
class IndikatorAdmin(admin.ModelAdmin):
    list_display = ["name", "schluessel", "kapitel", "einheit", "richtung", "ist_demo"]
    search_fields = ["name", "schluessel", "quelle"]
    list_filter = ["kapitel", "einheit", "richtung", "ist_demo"]


@admin.register(models.Messwert)
class MesswertAdmin(admin.ModelAdmin):
    list_display = ["indikator", "gebiet", "jahr", "wert", "importlauf", "geaendert_am"]
    search_fields = ["indikator__name", "indikator__schluessel", "gebiet__name"]
    list_filter = ["jahr", "indikator__kapitel", "indikator"]
    list_select_related = ["indikator", "gebiet", "importlauf"]
    autocomplete_fields = ["indikator", "gebiet"]
    raw_id_fields = ["importlauf"]
    readonly_fields = ["geaendert_von", "geaendert_am"]


@admin.register(models.Importlauf)
class ImportlaufAdmin(admin.ModelAdmin):
    list_display = [
        "dateiname",
        "format",
        "importiert_am",
        "importiert_von",
        "zeilen_neu",
        "zeilen_geaendert",
        "zeilen_unveraendert",
    ]
    search_fields = ["dateiname", "sha256"]
    list_filter = ["format", "importiert_am"]
    readonly_fields = [f.name for f in models.Importlauf._meta.fields]


@admin.register(models.ImportDatei)
class ImportDateiAdmin(admin.ModelAdmin):
    list_display = ["dateiname", "hochgeladen_von", "hochgeladen_am"]
    search_fields = ["dateiname"]
    list_filter = ["hochgeladen_am"]
    exclude = ["inhalt"]
    readonly_fields = ["dateiname", "sha256", "hochgeladen_von", "hochgeladen_am"]


@admin.register(models.Monitoring)
class MonitoringAdmin(admin.ModelAdmin):
    list_display = ["name", "gebiet", "jahr", "dynamik_jahre", "mindest_einwohner"]
    search_fields = ["name", "gebiet__name"]
    list_filter = ["jahr"]
    filter_horizontal = ["indikatoren"]
    autocomplete_fields = ["gebiet"]


class KapitelInline(admin.TabularInline):
    model = models.Kapitel
    extra = 0
    fields = ["titel", "art", "reihenfolge", "status"]
    show_change_link = True


@admin.register(models.Bericht)
class BerichtAdmin(admin.ModelAdmin):
    list_display = ["titel", "gebiet", "jahr", "status", "veroeffentlicht_am", "ist_demo"]
    search_fields = ["titel", "gebiet__name"]
    list_filter = ["status", "jahr", "ist_demo"]
    autocomplete_fields = ["gebiet"]
    raw_id_fields = ["vorgaenger"]
    inlines = [KapitelInline]


class BausteinInline(admin.TabularInline):
    model = models.Baustein
    extra = 0
    fields = ["art", "titel", "reihenfolge"]
    show_change_link = True


class StatuswechselInline(admin.TabularInline):
    model = models.KapitelStatuswechsel
    extra = 0
    readonly_fields = ["von", "nach", "bemerkung", "wer", "wann"]
    can_delete = False


@admin.register(models.Kapitel)
class KapitelAdmin(admin.ModelAdmin):
    list_display = ["titel", "bericht", "art", "reihenfolge", "status", "veroeffentlicht_am"]
    search_fields = ["titel", "bericht__titel"]
    list_filter = ["status", "art"]
    list_select_related = ["bericht"]
    inlines = [BausteinInline, StatuswechselInline]


class EmpfehlungInline(admin.TabularInline):
    model = models.Empfehlung
    extra = 0
    fields = ["art", "text", "zustaendig", "faellig_am", "umsetzungsstand", "reihenfolge"]


@admin.register(models.Baustein)
class BausteinAdmin(admin.ModelAdmin):
    list_display = ["__str__", "kapitel", "art", "reihenfolge"]
    search_fields = ["titel", "text", "kapitel__titel"]
    list_filter = ["art"]
    list_select_related = ["kapitel"]
    filter_horizontal = ["indikatoren", "gebiete"]
    raw_id_fields = ["kapitel", "monitoring"]
    inlines = [EmpfehlungInline]


@admin.register(models.Empfehlung)
class EmpfehlungAdmin(admin.ModelAdmin):
    list_display = ["__str__", "art", "zustaendig", "faellig_am", "umsetzungsstand"]
    search_fields = ["text", "zustaendig"]
    list_filter = ["art", "umsetzungsstand"]
    raw_id_fields = ["baustein", "vorgaenger"]
