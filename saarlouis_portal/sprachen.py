"""The citizens' languages: URL prefixes, the first visit, the switcher and the alternates.

German keeps the portal's URLs; English, French, Turkish, Arabic and Ukrainian put their code in
front (``/tr/sprechstunden/``, Django's ``i18n_patterns`` without a German prefix). Staff pages
stay German: a staff URL with a prefix is sent to its German address.

A first visit to a German URL follows the browser (``Accept-Language``): someone whose browser
asks for Turkish first is sent to the Turkish page. The language a visitor picks in the switcher
is kept in Django's language cookie and wins over the browser from then on; picking German
keeps the visitor on the German URLs. The switcher is a list of links (no JavaScript, no form,
so cached public pages carry no per-visitor token); each goes through ``choose`` which sets the
cookie and returns to the same page in the chosen language.
"""

import re
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme

GERMAN = "de"
_PREFIX = re.compile(r"^/(?P<code>[a-z]{2})(?=/|$)")
# Staff pages (German only): the staff sections of the apps, the Cockpit, the own account pages,
# master data, login.
_STAFF = re.compile(r"(^|/)verwaltung/|^/(cockpit|konto|stammdaten|accounts|admin)/")


def codes() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def mail_language(code: str | None) -> str:
    """The language to store with a booking or request for its mails: the page's, if the portal
    offers it, else German."""
    code = (code or "").split("-")[0]
    return code if code in codes() else GERMAN


def split(path: str) -> tuple[str, str]:
    """(language, path without prefix) of a path; German when there is no prefix."""
    match = _PREFIX.match(path)
    if match and match["code"] in codes() and match["code"] != GERMAN:
        return match["code"], path[match.end() :] or "/"
    return GERMAN, path


def localised(path: str, code: str) -> str:
    """``path`` (with or without a prefix) in language ``code``."""
    _code, bare = split(path)
    return bare if code == GERMAN else f"/{code}{bare}"


def is_staff_path(path: str) -> bool:
    return bool(_STAFF.search(split(path)[1]))


class LanguageMiddleware:
    """After Django's LocaleMiddleware: staff pages in German, the first visit by the browser."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        code, bare = split(request.path_info)
        if request.method in ("GET", "HEAD"):
            target = None
            if code != GERMAN and is_staff_path(request.path_info):
                target = bare
            elif code == GERMAN and not is_staff_path(bare) and _wants_html(request):
                wanted = translation.get_language_from_request(request)
                if wanted in codes() and wanted != GERMAN:
                    target = localised(bare, wanted)
            if target is not None:
                script = request.path[: len(request.path) - len(request.path_info)]
                query = request.META.get("QUERY_STRING")
                response = HttpResponseRedirect(script + target + (f"?{query}" if query else ""))
                response.headers["Vary"] = "Accept-Language, Cookie"
                return response
        return self.get_response(request)


def _wants_html(request) -> bool:
    # Calendar feeds, GeoJSON and the open-data export are read by programs: no redirects there.
    return "text/html" in request.headers.get("Accept", "")


def choose(request, code: str):
    """The switcher's link: keep the choice in the language cookie, back to the same page."""
    nxt = request.GET.get("next", "/")
    if not url_has_allowed_host_and_scheme(nxt, {request.get_host()}, request.is_secure()):
        nxt = "/"
    if code not in codes():
        code = GERMAN
    response = HttpResponseRedirect(localised(nxt, code))
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        code,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    return response


def context(request) -> dict:
    """The switcher and the ``hreflang`` alternates of a public page (none on staff pages)."""
    if is_staff_path(request.path):
        return {"SPRACHWAHL": []}
    current = translation.get_language()
    full = request.get_full_path()
    entries = []
    for code, name in settings.LANGUAGES:
        entries.append(
            {
                "code": code,
                "name": name,
                "aktiv": code == current,
                "wechsel": reverse("sprache", args=[code]) + "?" + urlencode({"next": full}),
                "alternate": request.build_absolute_uri(localised(request.path, code)),
            }
        )
    return {"SPRACHWAHL": entries}
