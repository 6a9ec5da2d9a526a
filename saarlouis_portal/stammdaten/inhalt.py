"""Texts staff type for the public, per language (issue 14, docs/i18n.md).

Each app names these fields in its ``translation.py``; django-modeltranslation adds a column per
language (``beschreibung_de``, ``beschreibung_en``, …) and makes ``beschreibung`` read the
active language, falling back to German. This module says whether a shown text is that German
fallback (the page must then mark it ``lang="de"``) and builds searches over every language.
"""

from django.conf import settings
from django.db.models import Q
from modeltranslation.fields import TranslationFieldDescriptor
from modeltranslation.utils import build_localized_fieldname, get_language

GERMAN = "de"


def other_languages() -> list[tuple[str, str]]:
    """(code, name in itself) of every language but German, in the switcher's order."""
    return [(code, name) for code, name in settings.LANGUAGES if code != GERMAN]


def is_translated(model, feld: str) -> bool:
    return isinstance(getattr(model, feld, None), TranslationFieldDescriptor)


def shown(obj, feld: str) -> tuple[str, bool]:
    """The text of ``feld`` in the active language and whether it is the German one standing
    in for a missing translation."""
    text = getattr(obj, feld, None) or ""
    code = get_language()
    if not text or code == GERMAN or not is_translated(type(obj), feld):
        return text, False
    own = getattr(obj, build_localized_fieldname(feld, code), None)
    return text, not own


def in_every_language(feld: str, lookup: str, value) -> Q:
    """``feld__lookup=value`` in any language's column: a search on an English page still finds
    a German text that has no translation (a plain ``feld__icontains`` looks only at the active
    language's column)."""
    query = Q()
    for code, _name in settings.LANGUAGES:
        query |= Q(**{f"{build_localized_fieldname(feld, code)}__{lookup}": value})
    return query
