"""Staff keep the sign-language videos, the known barriers and the feedback here
(docs/barrierefreiheit.md)."""

from django.contrib import admin, messages
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from saarlouis_portal.barrierefreiheit.models import Barriere, Gebaerdenvideo, Rueckmeldung
from saarlouis_portal.barrierefreiheit.services import mark_answered


@admin.register(Gebaerdenvideo)
class GebaerdenvideoAdmin(admin.ModelAdmin):
    list_display = ["titel", "thema", "reihenfolge", "oeffentlich", "geaendert_am"]
    list_editable = ["reihenfolge", "oeffentlich"]
    list_filter = ["oeffentlich"]
    search_fields = ["titel", "thema", "textfassung"]
    prepopulated_fields = {"thema": ["titel"]}
    fields = ["titel", "thema", "video", "untertitel", "textfassung", "reihenfolge", "oeffentlich"]


@admin.register(Barriere)
class BarriereAdmin(admin.ModelAdmin):
    list_display = ["betrifft", "beschreibung", "seit", "behoben"]
    list_filter = ["behoben", "seit"]
    search_fields = ["betrifft", "beschreibung"]
    date_hierarchy = "seit"


class FristFilter(admin.SimpleListFilter):
    title = _("Antwort")
    parameter_name = "antwort"

    def lookups(self, request, model_admin):
        return [("offen", _("noch offen")), ("beantwortet", _("beantwortet"))]

    def queryset(self, request, queryset):
        if self.value() == "offen":
            return queryset.offen()
        if self.value() == "beantwortet":
            return queryset.filter(beantwortet_am__isnull=False)
        return queryset


@admin.register(Rueckmeldung)
class RueckmeldungAdmin(admin.ModelAdmin):
    list_display = ["erstellt_am", "seite", "antwort_bis", "beantwortet_am"]
    list_filter = [FristFilter, "erstellt_am"]
    search_fields = ["seite", "nachricht", "name", "email"]
    date_hierarchy = "erstellt_am"
    readonly_fields = ["erstellt_am", "antwort_bis", "seite", "nachricht", "name", "email"]
    fields = ["erstellt_am", "antwort_bis", "seite", "nachricht", "name", "email", "beantwortet_am"]
    actions = ["als_beantwortet"]

    @admin.display(description=_("Antwort bis"))
    def antwort_bis(self, obj):
        return obj.antwort_bis

    def has_add_permission(self, request):
        return False  # feedback comes through the public form only

    @admin.action(description=_("Als beantwortet markieren"), permissions=["change"])
    def als_beantwortet(self, request, queryset):
        count = mark_answered(queryset.values_list("pk", flat=True), now=timezone.now())
        self.message_user(
            request,
            _("%(anzahl)s Rückmeldungen als beantwortet markiert.") % {"anzahl": count},
            messages.SUCCESS,
        )
