from django.contrib import admin

from netzwerke.models import (
    Gespraech,
    Massnahme,
    Meilenstein,
    Mitgliedschaft,
    Nachhaltigkeitspruefung,
    Nachhaltigkeitsziel,
    Netzwerk,
    PruefBewertung,
    Ratsbeschluss,
    Statuswechsel,
    Treffen,
)


class MitgliedschaftInline(admin.TabularInline):
    model = Mitgliedschaft
    extra = 0
    autocomplete_fields = ["organisation"]
    filter_horizontal = ["ansprechpersonen"]


@admin.register(Netzwerk)
class NetzwerkAdmin(admin.ModelAdmin):
    list_display = ["name", "art", "gebiet", "status", "oeffentlich", "ist_demo"]
    list_filter = ["art", "status", "oeffentlich", "ist_demo", "gebiet__art", "themen"]
    search_fields = ["name", "beschreibung"]
    list_select_related = ["gebiet"]
    autocomplete_fields = ["gebiet"]
    filter_horizontal = ["themen", "handlungsfelder", "koordination"]
    inlines = [MitgliedschaftInline]


@admin.register(Mitgliedschaft)
class MitgliedschaftAdmin(admin.ModelAdmin):
    list_display = ["organisation", "netzwerk", "rolle", "seit", "bis"]
    list_filter = ["rolle", ("netzwerk", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["organisation__name", "netzwerk__name"]
    list_select_related = ["organisation", "netzwerk"]
    autocomplete_fields = ["organisation", "netzwerk"]
    filter_horizontal = ["ansprechpersonen"]


@admin.register(Treffen)
class TreffenAdmin(admin.ModelAdmin):
    list_display = ["titel", "netzwerk", "beginn", "abgesagt", "protokoll_oeffentlich"]
    list_filter = [
        "abgesagt",
        "protokoll_oeffentlich",
        ("netzwerk", admin.RelatedOnlyFieldListFilter),
    ]
    search_fields = ["titel", "ort", "netzwerk__name"]
    list_select_related = ["netzwerk"]
    date_hierarchy = "beginn"
    autocomplete_fields = ["netzwerk"]
    filter_horizontal = ["anwesende"]
    readonly_fields = ["uid", "sequenz", "einladung_versendet_am"]


@admin.register(Gespraech)
class GespraechAdmin(admin.ModelAdmin):
    list_display = ["datum", "organisation", "gebiet", "netzwerk"]
    list_filter = ["themen", ("gebiet", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["organisation__name", "gebiet__name", "netzwerk__name"]
    list_select_related = ["organisation", "gebiet", "netzwerk"]
    autocomplete_fields = ["organisation", "gebiet", "netzwerk"]
    filter_horizontal = ["themen"]
    date_hierarchy = "datum"


class MeilensteinInline(admin.TabularInline):
    model = Meilenstein
    extra = 0


@admin.register(Massnahme)
class MassnahmeAdmin(admin.ModelAdmin):
    list_display = ["titel", "netzwerk", "status", "fortschritt", "gebiet", "ist_demo"]
    list_filter = [
        "status",
        "ist_demo",
        "handlungsfelder",
        ("netzwerk", admin.RelatedOnlyFieldListFilter),
    ]
    search_fields = ["titel", "beschreibung", "netzwerk__name", "traeger__name"]
    list_select_related = ["netzwerk", "gebiet"]
    autocomplete_fields = ["netzwerk", "traeger", "gebiet"]
    filter_horizontal = ["partner", "handlungsfelder"]
    inlines = [MeilensteinInline]
    # Status changes go through the service (timeline and the check rule), not the admin.
    readonly_fields = ["status"]


@admin.register(Meilenstein)
class MeilensteinAdmin(admin.ModelAdmin):
    list_display = ["titel", "massnahme", "faellig_am", "erreicht_am"]
    list_filter = ["faellig_am", "erreicht_am"]
    search_fields = ["titel", "massnahme__titel"]
    list_select_related = ["massnahme"]
    autocomplete_fields = ["massnahme"]


@admin.register(Statuswechsel)
class StatuswechselAdmin(admin.ModelAdmin):
    list_display = ["massnahme", "von", "nach", "wer", "wann"]
    list_filter = ["nach", "von"]
    search_fields = ["massnahme__titel", "bemerkung"]
    list_select_related = ["massnahme", "wer"]
    # The timeline is a record: it is not edited by hand.
    readonly_fields = ["massnahme", "von", "nach", "bemerkung", "wer", "wann"]

    def has_add_permission(self, request):
        return False


@admin.register(Nachhaltigkeitsziel)
class NachhaltigkeitszielAdmin(admin.ModelAdmin):
    list_display = ["nummer", "titel"]
    list_filter = ["nummer"]
    search_fields = ["titel", "nummer"]


class PruefBewertungInline(admin.TabularInline):
    model = PruefBewertung
    extra = 0


@admin.register(Nachhaltigkeitspruefung)
class NachhaltigkeitspruefungAdmin(admin.ModelAdmin):
    list_display = ["massnahme", "ergebnis", "geprueft_von", "abgeschlossen_am"]
    list_filter = ["ergebnis", "abgeschlossen_am", "ziele"]
    search_fields = ["massnahme__titel", "empfehlung", "abwaegung"]
    list_select_related = ["massnahme", "geprueft_von"]
    autocomplete_fields = ["massnahme"]
    filter_horizontal = ["ziele"]
    inlines = [PruefBewertungInline]
    # Four eyes: who submitted and who approved are set by the services only.
    readonly_fields = ["eingereicht_von", "eingereicht_am", "geprueft_von", "abgeschlossen_am"]


@admin.register(PruefBewertung)
class PruefBewertungAdmin(admin.ModelAdmin):
    list_display = ["pruefung", "praemisse", "bewertung"]
    list_filter = ["praemisse", "bewertung"]
    search_fields = ["pruefung__massnahme__titel", "begruendung"]
    list_select_related = ["pruefung", "pruefung__massnahme"]


@admin.register(Ratsbeschluss)
class RatsbeschlussAdmin(admin.ModelAdmin):
    list_display = ["massnahme", "gremium", "gremium_name", "datum", "ergebnis"]
    list_filter = ["gremium", "ergebnis", "datum"]
    search_fields = ["massnahme__titel", "gremium_name", "vorlage", "notiz"]
    list_select_related = ["massnahme"]
    autocomplete_fields = ["massnahme"]
    date_hierarchy = "datum"
