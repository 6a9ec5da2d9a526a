"""Form rendering on KERN UX, for every form of the portal (ours, allauth's, django-filter's),
and the fields every form shares for what people type: phone numbers and plain text; the contact
part and the honeypot of public forms (``KontaktFormMixin``).

The renderer gives each widget the KERN class for its kind and the error variant when the field
has errors; Django itself adds ``aria-invalid`` and ``aria-describedby`` (hint and error ids).
"""

import re
import unicodedata

from django import forms
from django.core.exceptions import ValidationError
from django.forms.boundfield import BoundField
from django.forms.models import ModelChoiceIterator
from django.forms.renderers import TemplatesSetting
from django.utils.translation import gettext_lazy as _

from saarlouis_portal import telefon

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
    def summary_anchor(self) -> str:
        """Where the error summary's link leads: the field, or the first box or button of a
        group (a group's own id names no input, so the link would lead nowhere)."""
        if isinstance(self.field.widget, _CHOICE_WIDGETS):
            return f"{self.auto_id}_0"
        return self.auto_id

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


# Phone numbers


class TelefonField(forms.CharField):
    """A phone number in any usual spelling (``06831 4430``, ``+49 6831 443-0``), cleaned to
    E.164 (``+4968314430``) so that one number is stored one way; numbers without a country
    code are German. Shown again (a stored value, e.g. in an edit form) in national format.
    Model fields give this field to model forms (``stammdaten.models.TelefonModelField``)."""

    default_error_messages = {
        "invalid": _(
            "Bitte geben Sie eine gültige Telefonnummer an, z. B. 06831 4430 oder, aus dem "
            "Ausland, +33 1 23 45 67 89."
        ),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 30)
        super().__init__(**kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return self.empty_value
        if len(value) > (self.max_length or 30):
            return value  # the length validator says what is wrong
        try:
            return telefon.to_e164(value)
        except telefon.UngueltigeNummer:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None

    def prepare_value(self, value):
        if isinstance(value, str) and value.startswith("+"):
            return telefon.for_display(value)
        return value


# Plain text: what people type into names and notes

# Bidirectional embeddings, overrides and isolates reorder how text is shown: "Ayşe\u202eelif"
# is displayed with its second half mirrored. In a note that only garbles the display, in a name
# it can make one person look like another in a staff list.
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
# Format characters that words need: the zero-width non-joiner and joiner shape Persian, Arabic
# and Indic words and join emoji sequences.
_KEPT_FORMAT = frozenset("\u200c\u200d")
_KEPT_CONTROL = frozenset("\t\n\r")


def clean_text(value: str, *, refuse_bidi: bool = False) -> str:
    """Text as typed, minus what nobody types on purpose: control characters (C0 except tab
    and line breaks, DEL, C1) and invisible format characters (zero-width space, direction
    marks, bidi controls, word joiner, byte order mark, soft hyphen, tag characters) are removed;
    the zero-width (non-)joiner stays. The result is in Unicode NFC, so an "ş" typed as two
    code points equals the one typed as one. With ``refuse_bidi`` (names) bidi controls are
    refused with a message instead of removed."""
    if not value:
        return value
    if value.isascii() and value.isprintable():
        return value
    if refuse_bidi and not BIDI_CONTROLS.isdisjoint(value):
        raise ValidationError(
            _(
                "Diese Eingabe enthält unsichtbare Steuerzeichen, die die Schreibrichtung "
                "umkehren. Bitte tippen Sie sie neu ein, statt sie einzufügen."
            ),
            code="bidi",
        )
    kept = (
        char
        for char in value
        if char in _KEPT_CONTROL
        or char in _KEPT_FORMAT
        or unicodedata.category(char) not in ("Cc", "Cf")
    )
    return unicodedata.normalize("NFC", "".join(kept))


class PlainTextField(forms.CharField):
    """A ``CharField`` whose value goes through ``clean_text`` (and is stripped again after
    that). ``is_name=True`` for names: bidi controls are refused there, not removed. Model forms
    get it through ``Meta.field_classes``."""

    def __init__(self, *, is_name: bool = False, **kwargs):
        self.is_name = is_name
        super().__init__(**kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return value
        value = clean_text(value, refuse_bidi=self.is_name)
        return value.strip() if self.strip else value


class NameField(PlainTextField):
    """A person's name: plain text in which bidi controls are refused with a message."""

    def __init__(self, **kwargs):
        super().__init__(is_name=True, **kwargs)


# Public forms: how to reach the person, and a honeypot against bots


class HoneypotInput(forms.TextInput):
    """A text field people never see (the wrapper is ``hidden``); bots fill it in."""

    template_name = "forms/honeypot_widget.html"
    is_hidden = True

    def __init__(self):
        super().__init__(attrs={"tabindex": "-1", "autocomplete": "off"})


def honeypot_field() -> forms.CharField:
    """The honeypot, named ``webseite`` in a form with ``KontaktFormMixin``."""
    return forms.CharField(
        label=_("Bitte leer lassen"), required=False, max_length=200, widget=HoneypotInput()
    )


class KontaktFormMixin:
    """The contact part of a public form where a person leaves their details: the ``name`` is
    written with single spaces, a filled-in honeypot ``webseite`` is refused, and at least one
    of ``kontakt_felder`` is needed (the message goes to the first). A form sets the fields
    itself and may word ``kontakt_fehlt`` and ``honeypot_fehler`` for its purpose."""

    kontakt_felder: tuple[str, ...] = ("telefon", "email")
    kontakt_fehlt = _(
        "Bitte geben Sie eine Telefonnummer oder eine E-Mail-Adresse an, damit wir Sie erreichen."
    )
    honeypot_fehler = _("Ihre Angaben sehen automatisch erzeugt aus und wurden nicht gesendet.")

    def clean_name(self):
        return " ".join(self.cleaned_data["name"].split())

    def clean_webseite(self):
        if self.cleaned_data.get("webseite"):
            raise ValidationError(self.honeypot_fehler, code="honeypot")
        return ""

    def clean(self):
        cleaned = super().clean()
        felder = self.kontakt_felder
        # A field with an error of its own says what is wrong there; no second message.
        if not any(cleaned.get(f) for f in felder) and not any(f in self.errors for f in felder):
            self.add_error(felder[0], self.kontakt_fehlt)
        return cleaned
