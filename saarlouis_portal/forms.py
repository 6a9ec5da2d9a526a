"""Form rendering on KERN UX, for every form of the portal (ours, allauth's, django-filter's).

The renderer gives each widget the KERN class for its kind and the error variant when the field
has errors; Django itself adds ``aria-invalid`` and ``aria-describedby`` (hint and error ids).
"""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.forms.boundfield import BoundField
from django.forms.models import ModelChoiceIterator
from django.forms.renderers import TemplatesSetting
from django.utils.translation import gettext_lazy as _

_CHOICE_WIDGETS = (forms.CheckboxSelectMultiple, forms.RadioSelect)


def kern_class(widget, has_errors: bool) -> str:
    # CheckboxSelectMultiple is a subclass of RadioSelect: ask for checkboxes first.
    if isinstance(widget, forms.CheckboxInput | forms.CheckboxSelectMultiple):
        base = "kern-form-check__checkbox"
    elif isinstance(widget, forms.RadioSelect):
        base = "kern-form-check__radio"
    elif isinstance(widget, forms.Select):
        base = "kern-form-input__select"
    else:
        base = "kern-form-input__input"
    return f"{base} {base}--error" if has_errors else base


class KernBoundField(BoundField):
    def build_widget_attrs(self, attrs, widget=None):
        attrs = super().build_widget_attrs(attrs, widget)
        widget = widget or self.field.widget
        extra = kern_class(widget, bool(self.errors))
        attrs["class"] = f"{attrs.get('class', '')} {extra}".strip()
        return attrs

    @property
    def summary_label(self) -> str:
        """The name of the field in the error summary; a long checkbox sentence (consent) may
        give a short one as ``field.summary_label``."""
        return getattr(self.field, "summary_label", None) or self.label

    @property
    def kern_kind(self) -> str:
        """Which wrapper the field template draws: input, select, check or choices."""
        widget = self.field.widget
        if isinstance(widget, _CHOICE_WIDGETS):
            return "choices"
        if isinstance(widget, forms.CheckboxInput):
            return "check"
        if isinstance(widget, forms.Select):
            return "select"
        return "input"


class KernFormRenderer(TemplatesSetting):
    form_template_name = "forms/kern_form.html"
    field_template_name = "forms/kern_field.html"
    bound_field_class = KernBoundField


class ShortChoiceIterator(ModelChoiceIterator):
    """For a model choice field with a handful of options: one plain query. Django's iterator
    reads through ``QuerySet.iterator()``, which on PostgreSQL opens a server-side cursor
    (declare, fetch, close: three round trips) to spare memory on long lists."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.queryset.all():
            yield self.choice(obj)


# Plain-text fields reject anything that looks like an HTML tag: output is escaped anyway, but a
# tag in a name is a mistake or an attack, and the person deserves a clear message.
_TAG = re.compile(r"<\s*/?\s*[a-zA-Z!?]")


def kein_markup(value: str) -> None:
    if value and _TAG.search(value):
        raise ValidationError(
            _("Bitte geben Sie Text ohne HTML-Auszeichnungen (< … >) ein."), code="markup"
        )
