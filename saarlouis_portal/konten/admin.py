from allauth.account.forms import default_token_generator
from allauth.account.utils import user_pk_to_url_str
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from saarlouis_portal.konten.models import KalenderToken, User


@admin.register(User)
class StaffUserAdmin(UserAdmin):
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "rollen_anzeige", "is_active", "is_staff"]
    list_filter = ["is_active", "is_staff", "is_superuser", "groups"]
    search_fields = ["email", "first_name", "last_name"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Person"), {"fields": ["first_name", "last_name"]}),
        (
            _("Rollen und Rechte"),
            {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]},
        ),
        (_("Daten"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (
            None,
            {
                "classes": ["wide"],
                "fields": [
                    "email",
                    "first_name",
                    "last_name",
                    "groups",
                    "usable_password",
                    "password1",
                    "password2",
                ],
            },
        ),
    ]
    actions = ["einladung_senden"]

    @admin.display(description=_("Rollen"))
    def rollen_anzeige(self, obj):
        return ", ".join(g.name for g in obj.groups.all())

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("groups")

    @admin.action(description=_("Einladung senden (Link zum Setzen des Passworts)"))
    def einladung_senden(self, request, queryset):
        """Invite staff: a one-time link to set their own password, valid like a reset link."""
        sent = 0
        for user in queryset.filter(is_active=True):
            path = reverse(
                "account_reset_password_from_key",
                kwargs={
                    "uidb36": user_pk_to_url_str(user),
                    "key": default_token_generator.make_token(user),
                },
            )
            context = {
                "user": user,
                "url": request.build_absolute_uri(path),
                "PORTAL_NAME": settings.PORTAL_NAME,
            }
            send_mail(
                subject=render_to_string("konten/einladung_betreff.txt", context).strip(),
                message=render_to_string("konten/einladung.txt", context),
                from_email=None,
                recipient_list=[user.email],
            )
            sent += 1
        self.message_user(
            request,
            ngettext("%d Einladung versandt.", "%d Einladungen versandt.", sent) % sent,
            messages.SUCCESS,
        )


@admin.register(KalenderToken)
class KalenderTokenAdmin(admin.ModelAdmin):
    """Who has a calendar address and since when; deleting one stops that person's feeds (for
    a lost device). The address itself is never shown: only its hash is stored."""

    list_display = ["user", "erstellt_am"]
    list_filter = ["erstellt_am"]
    search_fields = ["user__email", "user__first_name", "user__last_name"]
    fields = ["user", "erstellt_am"]
    readonly_fields = ["user", "erstellt_am"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
