from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from saarlouis_portal import sprachen, views

# The admin login goes through allauth, so it gets the same rate limits and second factor.
admin.site.login = secure_admin_login(admin.site.login)
admin.site.site_header = _("Sozialplanungs-Portal – Verwaltung")
admin.site.site_title = _("Sozialplanungs-Portal")

# Staff and technical URLs: German only, no language prefix.
urlpatterns = [
    path("cockpit/", views.cockpit, name="cockpit"),
    # The staff member's own account pages beside allauth's (calendar feed addresses).
    path("konto/", include("saarlouis_portal.konten.urls")),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    path("sprache/<str:code>/", sprachen.choose, name="sprache"),
    path("stammdaten/", include("saarlouis_portal.stammdaten.urls")),
    # Background jobs (issue 15): progress page and file of a job, for the person who started it.
    path("auftraege/", include("saarlouis_portal.auftraege.urls")),
]

# Citizens' pages: German at today's URLs, the other languages under /en/, /fr/, /tr/, /ar/,
# /uk/ (saarlouis_portal.sprachen). The apps' staff pages sit here too, under their
# "verwaltung/" paths; the language middleware keeps them German.
urlpatterns += i18n_patterns(
    path("", views.home, name="home"),
    path("impressum/", views.rechtliches, {"seite": "impressum"}, name="impressum"),
    path("datenschutz/", views.rechtliches, {"seite": "datenschutz"}, name="datenschutz"),
    # Accessibility statement with feedback form, Leichte Sprache, Gebärdensprache (BITV 2.0).
    path("", include("saarlouis_portal.barrierefreiheit.urls")),
    path("netzwerke/", include("netzwerke.urls")),
    path("orte/", include("begegnung.urls")),
    path("sorgekreise/", include("sorgekreise.urls")),
    path("sprechstunden/", include("sprechstunden.urls")),
    path("berichte/", include("berichte.urls")),
    prefix_default_language=False,
)

# Uploaded files (sign-language videos) in development only; in production the web server
# serves MEDIA_ROOT (docs/barrierefreiheit.md). ``static()`` adds nothing without DEBUG.
urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

handler500 = "saarlouis_portal.views.server_error"
