"""The texts of this app that citizens read, per language (django-modeltranslation, see
docs/i18n.md): a column per language beside the German one; German is shown where a
translation is missing. A circle's name is a name and stays as it is."""

from modeltranslation.translator import TranslationOptions, register

from sorgekreise.models import Sorgekreis


@register(Sorgekreis)
class SorgekreisInhalt(TranslationOptions):
    fields = ("kurzbeschreibung", "beschreibung")
    # A missing translation is NULL, never "".
    empty_values = None
