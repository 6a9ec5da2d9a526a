"""Dates in the visitor's language: ``{{ termin.beginn|datum:"tag" }}``.

Django's date filter takes one format for every language, so "l, j. F Y" gives a German order
with Turkish month names. Here a template names what it shows (a day, a day with time, a month)
and each language says how it writes that. German keeps the portal's formats exactly. Times are
24-hour everywhere and, like Django's own filter, shown in Europe/Berlin.
"""

from django import template
from django.utils import dateformat
from django.utils.translation import get_language

register = template.Library()

FORMATE = {
    "de": {
        "datum": "d.m.Y",
        "datum_lang": "j. F Y",
        "datum_ohne_jahr": "j. F",
        "monat": "F Y",
        "tag": "l, j. F Y",
        "tag_ohne_jahr": "l, j. F",
        "tag_kurz": "D, j. M.",
        "zeitpunkt": "d.m.Y H:i",
        "zeitpunkt_lang": "j. F Y, H:i",
        "tag_zeit": "l, d.m.Y, H:i",
        "tag_zeit_lang": "l, j. F Y, H:i",
        "tag_kurz_zeit": "D, j. F Y, H:i",
    },
    "en": {
        "datum": "j M Y",
        "datum_lang": "j F Y",
        "datum_ohne_jahr": "j F",
        "monat": "F Y",
        "tag": "l, j F Y",
        "tag_ohne_jahr": "l, j F",
        "tag_kurz": "D, j M",
        "zeitpunkt": "j M Y, H:i",
        "zeitpunkt_lang": "j F Y, H:i",
        "tag_zeit": "l, j M Y, H:i",
        "tag_zeit_lang": "l, j F Y, H:i",
        "tag_kurz_zeit": "D, j F Y, H:i",
    },
    "fr": {
        "datum": "d/m/Y",
        "datum_lang": "j F Y",
        "datum_ohne_jahr": "j F",
        "monat": "F Y",
        "tag": "l j F Y",
        "tag_ohne_jahr": "l j F",
        "tag_kurz": "D j M",
        "zeitpunkt": "d/m/Y H:i",
        "zeitpunkt_lang": "j F Y, H:i",
        "tag_zeit": "l d/m/Y, H:i",
        "tag_zeit_lang": "l j F Y, H:i",
        "tag_kurz_zeit": "D j F Y, H:i",
    },
    "tr": {
        "datum": "d.m.Y",
        "datum_lang": "j F Y",
        "datum_ohne_jahr": "j F",
        "monat": "F Y",
        "tag": "j F Y l",
        "tag_ohne_jahr": "j F l",
        "tag_kurz": "j M D",
        "zeitpunkt": "d.m.Y H:i",
        "zeitpunkt_lang": "j F Y, H:i",
        "tag_zeit": "d.m.Y l, H:i",
        "tag_zeit_lang": "j F Y l, H:i",
        "tag_kurz_zeit": "j F Y D, H:i",
    },
    "ar": {
        "datum": "d/m/Y",
        "datum_lang": "j F Y",
        "datum_ohne_jahr": "j F",
        "monat": "F Y",
        "tag": "l، j F Y",
        "tag_ohne_jahr": "l، j F",
        "tag_kurz": "D، j F",
        "zeitpunkt": "d/m/Y، H:i",
        "zeitpunkt_lang": "j F Y، H:i",
        "tag_zeit": "l، d/m/Y، H:i",
        "tag_zeit_lang": "l، j F Y، H:i",
        "tag_kurz_zeit": "D، j F Y، H:i",
    },
    "uk": {
        "datum": "d.m.Y",
        "datum_lang": "j E Y",
        "datum_ohne_jahr": "j E",
        "monat": "F Y",
        "tag": "l, j E Y",
        "tag_ohne_jahr": "l, j E",
        "tag_kurz": "D, j E",
        "zeitpunkt": "d.m.Y, H:i",
        "zeitpunkt_lang": "j E Y, H:i",
        "tag_zeit": "l, d.m.Y, H:i",
        "tag_zeit_lang": "l, j E Y, H:i",
        "tag_kurz_zeit": "D, j E Y, H:i",
    },
}


def format_for(art: str, language: str | None = None) -> str:
    code = (language or get_language() or "de").split("-")[0]
    return FORMATE.get(code, FORMATE["de"])[art]


@register.filter(expects_localtime=True, is_safe=False)
def datum(value, art: str = "datum"):
    """``value`` (a date or datetime) written the way the current language writes ``art``."""
    if value in (None, ""):
        return ""
    return dateformat.format(value, format_for(art))
