"""The texts of this app that citizens read, per language (django-modeltranslation, see
docs/i18n.md): a column per language beside the German one; German is shown where a
translation is missing. Names of places stay as they are."""

from modeltranslation.translator import TranslationOptions, register

from begegnung.models import Angebot, Ausnahme, Ort


class _Inhalt(TranslationOptions):
    # A missing translation is NULL, never "".
    empty_values = None


@register(Ort)
class OrtInhalt(_Inhalt):
    fields = ("beschreibung", "barrierefreiheit_hinweise")


@register(Ausnahme)
class AusnahmeInhalt(_Inhalt):
    fields = ("grund",)


@register(Angebot)
class AngebotInhalt(_Inhalt):
    fields = ("titel", "beschreibung", "kosten", "anmeldung_wie")
