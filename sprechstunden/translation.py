"""The texts of this app that citizens read, per language (django-modeltranslation, see
docs/i18n.md): a column per language beside the German one; German is shown where a
translation is missing. Names of places and organisations stay as they are."""

from modeltranslation.translator import TranslationOptions, register

from sprechstunden.models import Anlaufstelle, Beratungsthema, Schliesszeit, Sprechstunde


class _Inhalt(TranslationOptions):
    # A missing translation is NULL, never "": names are unique per language.
    empty_values = None


@register(Beratungsthema)
class BeratungsthemaInhalt(_Inhalt):
    fields = ("name",)


@register(Anlaufstelle)
class AnlaufstelleInhalt(_Inhalt):
    fields = ("wegbeschreibung", "barrierefreiheit")


@register(Sprechstunde)
class SprechstundeInhalt(_Inhalt):
    fields = ("titel", "beschreibung")


@register(Schliesszeit)
class SchliesszeitInhalt(_Inhalt):
    fields = ("grund",)
