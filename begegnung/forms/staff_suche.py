"""A choice among many rows without a select of thousands of options, and without JavaScript.

``SuchAuswahlField`` is a ``ModelChoiceField`` drawn as a text input. The person types a name
(or a part of it) and saves: one match is taken; several show at most ``MAX_TREFFER`` of them as
radio buttons under the input, with a message, and the next save takes the one chosen; none is
an error. A page with such a field so costs the same for twenty organisations as for twenty
thousand, and the form needs no second page.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

MAX_TREFFER = 20
WAHL = "__wahl"
SUCH_HINWEIS = _("Geben Sie den Namen oder einen Teil davon ein.")


class SuchWidget(forms.TextInput):
    template_name = "begegnung/staff/widgets/suchauswahl.html"

    def __init__(self, attrs=None):
        super().__init__({"autocomplete": "off", **(attrs or {})})
        self.treffer: list = []

    def __deepcopy__(self, memo):
        kopie = super().__deepcopy__(memo)
        kopie.treffer = []
        return kopie

    def value_from_datadict(self, data, files, name):
        gewaehlt = data.get(name + WAHL)
        if gewaehlt:
            return f"#{gewaehlt}"
        return super().value_from_datadict(data, files, name)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["wahl_name"] = name + WAHL
        context["widget"]["treffer"] = [(obj.pk, str(obj)) for obj in self.treffer]
        return context


class SuchAuswahlField(forms.ModelChoiceField):
    """``such_felder``: the text fields searched (``icontains``); an exact name wins."""

    widget = SuchWidget
    default_error_messages = {
        "keine": _("Kein Eintrag passt zu „%(text)s“. Bitte prüfen Sie die Schreibweise."),
        "mehrere": _(
            "Mehrere Einträge passen zu „%(text)s“. Bitte wählen Sie unten einen aus oder "
            "geben Sie den Namen genauer ein."
        ),
    }

    def __init__(self, queryset, *, such_felder=("name",), **kwargs):
        kwargs.setdefault("help_text", SUCH_HINWEIS)
        super().__init__(queryset, **kwargs)
        self.such_felder = such_felder

    def prepare_value(self, value):
        """The name for the input: of the chosen row, or of the row a pk or ``#pk`` names."""
        if hasattr(value, "_meta"):
            return str(value)
        if isinstance(value, int) or (isinstance(value, str) and value.lstrip("#").isdigit()):
            obj = self.queryset.filter(pk=str(value).lstrip("#")).first()
            return str(obj) if obj else ""
        return value

    def to_python(self, value):
        text = " ".join(str(value or "").split())
        if not text:
            return None
        # "#12" comes from a radio button; digits alone from older forms and scripts.
        if text.lstrip("#").isdigit():
            obj = self.queryset.filter(pk=text.lstrip("#")).first()
            if obj is None:
                raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
            return obj
        exakt = Q()
        teil = Q()
        for feld in self.such_felder:
            exakt |= Q(**{f"{feld}__iexact": text})
            teil |= Q(**{f"{feld}__icontains": text})
        for bedingung in (exakt, teil):
            treffer = list(self.queryset.filter(bedingung)[: MAX_TREFFER + 1])
            if len(treffer) == 1:
                return treffer[0]
            if treffer:
                self.widget.treffer = treffer[:MAX_TREFFER]
                raise ValidationError(
                    self.error_messages["mehrere"], code="mehrere", params={"text": text}
                )
        raise ValidationError(self.error_messages["keine"], code="keine", params={"text": text})
