"""Admin of the Sprechstunden. A home visit holds a person's name, contact and address: opening
one here is written to the access log (``saarlouis_portal.konten.zugriff``), as on the staff
pages."""

from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from saarlouis_portal.konten.zugriff import AccessLogAdminMixin
from sprechstunden import models


@admin.register(models.Beratungsthema)
class BeratungsthemaAdmin(TranslationAdmin):
    list_display = ["name", "slug", "reihenfolge"]
    search_fields = ["name", "slug"]
    list_filter = ["reihenfolge"]


class StellenanteilInline(admin.TabularInline):
    model = models.Stellenanteil
    extra = 0
    autocomplete_fields = ["traeger"]


class StandortkostenInline(admin.TabularInline):
    model = models.Standortkosten
    extra = 0
    autocomplete_fields = ["getragen_von"]


@admin.register(models.Anlaufstelle)
class AnlaufstelleAdmin(TranslationAdmin):
    list_display = ["name", "ort", "gebiet", "stufenlos", "aktiv"]
    search_fields = ["name", "ort", "strasse"]
    list_filter = ["aktiv", "stufenlos", ("gebiet", admin.RelatedOnlyFieldListFilter)]
    autocomplete_fields = ["gebiet"]
    inlines = [StellenanteilInline, StandortkostenInline]


class BeratendeInline(admin.TabularInline):
    model = models.Beratende
    extra = 0
    autocomplete_fields = ["user", "traeger"]


@admin.register(models.Sprechstunde)
class SprechstundeAdmin(TranslationAdmin):
    list_display = ["titel", "anlaufstelle", "beginn", "ende", "kapazitaet", "oeffentlich"]
    search_fields = ["titel", "anlaufstelle__name"]
    list_filter = ["oeffentlich", "modus", "anlaufstelle", "themen"]
    filter_horizontal = ["themen", "sprachen"]
    inlines = [BeratendeInline]


@admin.register(models.Schliesszeit)
class SchliesszeitAdmin(TranslationAdmin):
    list_display = ["grund", "beginn", "ende", "anlaufstelle", "sprechstunde"]
    search_fields = ["grund"]
    list_filter = ["anlaufstelle", "sprechstunde"]


@admin.register(models.Termin)
class TerminAdmin(admin.ModelAdmin):
    list_display = ["sprechstunde", "beginn", "ende", "kapazitaet", "abgesagt"]
    search_fields = ["sprechstunde__titel"]
    list_filter = ["abgesagt", "sprechstunde"]
    date_hierarchy = "beginn"
    list_select_related = ["sprechstunde__anlaufstelle"]


@admin.register(models.Buchung)
class BuchungAdmin(admin.ModelAdmin):
    list_display = ["termin", "status", "kanal", "thema", "erstellt_am"]
    search_fields = ["name", "email", "telefon"]
    list_filter = ["status", "kanal", "thema"]
    list_select_related = ["termin__sprechstunde__anlaufstelle", "thema"]
    readonly_fields = ["token_gueltig_bis", "einwilligung_version", "einwilligung_am"]
    raw_id_fields = ["termin"]


@admin.register(models.Beratungskontakt)
class BeratungskontaktAdmin(admin.ModelAdmin):
    list_display = ["datum", "art", "thema", "erstkontakt", "anlaufstelle", "vermittelt_an"]
    search_fields = ["thema__name", "anlaufstelle__name"]
    list_filter = ["art", "erstkontakt", "thema", "anlaufstelle"]
    raw_id_fields = ["buchung"]


@admin.register(models.Hausbesuch)
class HausbesuchAdmin(AccessLogAdminMixin, admin.ModelAdmin):
    list_display = ["pk", "status", "anliegen", "gebiet", "zugewiesen", "geplant_am"]
    search_fields = ["name", "adresse"]
    list_filter = ["status", "anliegen", ("gebiet", admin.RelatedOnlyFieldListFilter)]
    autocomplete_fields = ["gebiet", "zugewiesen", "partner", "vermittelt_durch"]
