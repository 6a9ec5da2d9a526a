from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from saarlouis_portal.stammdaten.models import (
    Ansprechperson,
    Gebiet,
    Handlungsfeld,
    Organisation,
    Sozialgesetzbuch,
    Sprache,
    Thema,
)


@admin.register(Gebiet)
class GebietAdmin(admin.ModelAdmin):
    list_display = ["name", "art", "eltern", "einwohnerzahl", "einwohnerzahl_stand", "ist_demo"]
    list_filter = ["art", "ist_demo", ("eltern", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["name", "schluessel"]
    list_select_related = ["eltern"]
    autocomplete_fields = ["eltern"]
    filter_horizontal = ["umfasst"]


@admin.register(Handlungsfeld)
class HandlungsfeldAdmin(TranslationAdmin):
    list_display = ["name", "slug", "reihenfolge"]
    search_fields = ["name", "slug"]
    list_filter = ["reihenfolge"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Thema)
class ThemaAdmin(TranslationAdmin):
    list_display = ["name", "slug", "reihenfolge"]
    search_fields = ["name", "slug"]
    list_filter = ["reihenfolge"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Sprache)
class SpracheAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "reihenfolge"]
    search_fields = ["name", "code"]
    list_filter = ["reihenfolge"]


@admin.register(Sozialgesetzbuch)
class SozialgesetzbuchAdmin(admin.ModelAdmin):
    list_display = ["nummer", "titel", "reihenfolge"]
    search_fields = ["nummer", "titel"]
    list_filter = ["reihenfolge"]


class AnsprechpersonInline(admin.TabularInline):
    model = Ansprechperson
    extra = 0
    autocomplete_fields = ["konto"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kurzname", "art", "ort", "aktiv", "ist_demo"]
    list_filter = ["art", "aktiv", "ist_demo", "sgb_buecher", "gebiete"]
    search_fields = ["name", "kurzname", "ort", "email"]
    filter_horizontal = ["sgb_buecher", "gebiete"]
    inlines = [AnsprechpersonInline]


@admin.register(Ansprechperson)
class AnsprechpersonAdmin(admin.ModelAdmin):
    list_display = ["nachname", "vorname", "funktion", "organisation"]
    list_filter = [("organisation", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["nachname", "vorname", "email", "organisation__name"]
    list_select_related = ["organisation"]
    autocomplete_fields = ["organisation", "konto"]
