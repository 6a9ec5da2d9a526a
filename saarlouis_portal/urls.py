from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from saarlouis_portal import views

# The admin login goes through allauth, so it gets the same rate limits and second factor.
admin.site.login = secure_admin_login(admin.site.login)
admin.site.site_header = _("Sozialplanungs-Portal – Verwaltung")
admin.site.site_title = _("Sozialplanungs-Portal")

urlpatterns = [
    path("", views.home, name="home"),
    path("cockpit/", views.cockpit, name="cockpit"),
    path("impressum/", views.rechtliches, {"seite": "impressum"}, name="impressum"),
    path("datenschutz/", views.rechtliches, {"seite": "datenschutz"}, name="datenschutz"),
    path(
        "barrierefreiheit/",
        views.rechtliches,
        {"seite": "barrierefreiheit"},
        name="barrierefreiheit",
    ),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("stammdaten/", include("saarlouis_portal.stammdaten.urls")),
    path("netzwerke/", include("netzwerke.urls")),
    path("orte/", include("begegnung.urls")),
    path("sorgekreise/", include("sorgekreise.urls")),
    path("sprechstunden/", include("sprechstunden.urls")),
    path("berichte/", include("berichte.urls")),
]

handler500 = "saarlouis_portal.views.server_error"
