"""Master data citizens read, per language (django-modeltranslation, see docs/i18n.md): the
topics of offers and the fields of action of networks. A column per language beside the German
one; German is shown where a translation is missing."""

from modeltranslation.translator import TranslationOptions, register

from saarlouis_portal.stammdaten.models import Handlungsfeld, Thema


class _Inhalt(TranslationOptions):
    # A missing translation is NULL, never "": names are unique per language.
    empty_values = None


@register(Thema)
class ThemaInhalt(_Inhalt):
    fields = ("name",)


@register(Handlungsfeld)
class HandlungsfeldInhalt(_Inhalt):
    fields = ("name",)
