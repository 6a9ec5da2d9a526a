from django.contrib import admin

from saarlouis_portal.auftraege.models import Auftrag


@admin.register(Auftrag)
class AuftragAdmin(admin.ModelAdmin):
    list_display = ("titel", "art", "status", "gestartet_von", "erstellt_am", "beendet_am")
    list_filter = ("status", "art")
    search_fields = ("titel", "gestartet_von__email")
    readonly_fields = [f.name for f in Auftrag._meta.fields]

    def has_add_permission(self, request):
        return False
