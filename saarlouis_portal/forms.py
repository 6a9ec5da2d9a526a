"""Form rendering on KERN UX, for every form of the portal (ours, allauth's, django-filter's),
and the fields every form shares for what people type: phone numbers and plain text; the contact
part and the honeypot of public forms (``KontaktFormMixin``).

The renderer gives each widget the KERN class for its kind and the error variant when the field
has errors; Django itself adds ``aria-invalid`` and ``aria-describedby`` (hint and error ids).
"""

import re
import unicodedata

import django_filters
from django import forms
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.forms.boundfield import BoundField
from django.forms.models import ModelChoiceIterator
from django.forms.renderers import TemplatesSetting
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
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
            # Without any option (no organisations yet) the link leads to the group itself
            # (forms/kern_field.html). ``subwidgets`` is cached: the options are read once.
            return f"{self.auto_id}_0" if self.subwidgets else f"{self.auto_id}_gruppe"
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


# Django's own widget templates, drawn in Python (issue 15). Through templates a select of 30
# options was 60 includes; a public form with a dozen fields cost 20 ms of template rendering.
# The functions write exactly what the templates in django/forms/templates/django/forms/widgets/
# write (tests/portal/test_widget_rendering.py compares both); any other template name, such as
# a widget's own template, is rendered from its template as before.


def _attrs(attrs: dict) -> str:
    # attrs.html: True gives a bare attribute, False none; values go through stringformat:'s',
    # which keeps a safe string safe and escapes anything else.
    return "".join(
        f" {conditional_escape(name)}"
        if value is True
        else f' {conditional_escape(name)}="{conditional_escape(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


def _text(value) -> str:
    # What {{ value }} writes: localised (numbers, dates), then escaped unless safe.
    return conditional_escape(localize(value))


def _input(renderer, widget: dict) -> str:
    value = widget["value"]
    shown = "" if value is None else f' value="{conditional_escape(value)}"'
    return (
        f'<input type="{conditional_escape(widget["type"])}" '
        f'name="{conditional_escape(widget["name"])}"{shown}{_attrs(widget["attrs"])}>\n'
    )


def _input_option(renderer, widget: dict) -> str:
    tag = _input(renderer, widget)
    if not widget.get("wrap_label"):
        return tag
    label_id = widget["attrs"].get("id")
    label_for = f' for="{conditional_escape(label_id)}"' if label_id else ""
    return f"<label{label_for}>{tag} {_text(widget['label'])}</label>"


def _select_option(renderer, widget: dict) -> str:
    return (
        f'<option value="{conditional_escape(widget["value"])}"{_attrs(widget["attrs"])}>'
        f"{_text(widget['label'])}</option>"
    )


def _textarea(renderer, widget: dict) -> str:
    value = _text(widget["value"]) if widget["value"] else ""
    return (
        f'<textarea name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>\n'
        f"{value}</textarea>"
    )


def _option(renderer, option: dict) -> str:
    # As {% include %} writes it: not stripped, unlike a whole widget.
    drawn = _WIDGETS.get(option["template_name"])
    if drawn is None:
        return renderer.get_template(option["template_name"]).render({"widget": option})
    draw, end = drawn
    return draw(renderer, option) + end


def _select(renderer, widget: dict) -> str:
    parts = [f'<select name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{_text(group_name)}">')
        parts.extend(f"\n  {_option(renderer, option)}" for option in options)
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


def _multiple_input(renderer, widget: dict) -> str:
    attrs = widget["attrs"]
    id_ = f' id="{conditional_escape(attrs["id"])}"' if attrs.get("id") else ""
    css = f' class="{conditional_escape(attrs["class"])}"' if attrs.get("class") else ""
    parts = [f"<div{id_}{css}>"]
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            parts.append(f"\n  <div><label>{_text(group_name)}</label>")
        parts.extend(f"<div>\n    {_option(renderer, option)}</div>" for option in options)
        if group_name:
            parts.append("\n  </div>")
    parts.append("\n</div>")
    return "".join(parts)


# Template name: (function, what follows). Each template file ends in a newline, and one that
# only includes another adds its own after the included one's; the renderer strips a whole
# widget, an included option keeps them.
_WIDGETS = {
    "django/forms/widgets/input.html": (_input, ""),
    **{
        f"django/forms/widgets/{name}.html": (_input, "\n")
        for name in (
            *("checkbox", "color", "date", "datetime", "email", "hidden", "number"),
            *("password", "search", "tel", "text", "time", "url"),
        )
    },
    "django/forms/widgets/input_option.html": (_input_option, "\n"),
    "django/forms/widgets/radio_option.html": (_input_option, "\n\n"),
    "django/forms/widgets/checkbox_option.html": (_input_option, "\n\n"),
    "django/forms/widgets/select_option.html": (_select_option, "\n"),
    "django/forms/widgets/textarea.html": (_textarea, "\n"),
    "django/forms/widgets/select.html": (_select, "\n"),
    "django/forms/widgets/multiple_input.html": (_multiple_input, "\n"),
    "django/forms/widgets/radio.html": (_multiple_input, "\n\n"),
    "django/forms/widgets/checkbox_select.html": (_multiple_input, "\n\n"),
}


class KernFormRenderer(TemplatesSetting):
    form_template_name = "forms/kern_form.html"
    field_template_name = "forms/kern_field.html"
    bound_field_class = KernBoundField

    def render(self, template_name, context, request=None):
        drawn = _WIDGETS.get(template_name)
        if drawn is not None and "widget" in context:
            draw, end = drawn
            return mark_safe((draw(self, context["widget"]) + end).strip())
        return super().render(template_name, context, request)


class ShortChoiceIterator(ModelChoiceIterator):
    """For a model choice field with a handful of options: one plain query. Django's iterator
    reads through ``QuerySet.iterator()``, which on PostgreSQL opens a server-side cursor
    (declare, fetch, close: three round trips) to spare memory on long lists."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.queryset.all():
            yield self.choice(obj)


# Ids beyond 64 bits in a multiple choice (issue 17 follow-up)

# The rows' ids are integers of at most 64 bits. Django refuses a larger number in a single
# choice (its "=" lookup knows the range), but a multiple choice asks "pk IN (…)", and SQLite
# cannot even bind such a number: posting "9" * 30 was a server error instead of a message.
ID_MIN, ID_MAX = -(2**63), 2**63 - 1


def id_out_of_range(value) -> bool:
    """Whether ``value`` reads as an integer, the way an integer model field reads it
    (``int()``), that no 64-bit id can have. Anything that is no integer at all is left to
    the field's own checks."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return False
    return not ID_MIN <= number <= ID_MAX


class BoundedModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """A ``ModelMultipleChoiceField`` that refuses an id beyond the 64-bit range with the
    field's own "invalid choice" message, on every database, before it asks the database. Use
    it (or a subclass) for every multiple choice of rows; model forms get it for their
    many-to-many fields through ``Meta.formfield_callback = model_formfield``.
    tests/portal/test_auswahl_ids.py checks that every form of the portal does."""

    def _key_is_integer(self) -> bool:
        meta = self.queryset.model._meta
        key = meta.get_field(self.to_field_name) if self.to_field_name else meta.pk
        return isinstance(key, models.IntegerField)

    def _check_values(self, value):
        if isinstance(value, list | tuple) and self._key_is_integer():
            for item in value:
                if id_out_of_range(item):
                    raise ValidationError(
                        self.error_messages["invalid_choice"],
                        code="invalid_choice",
                        params={"value": item},
                    )
        return super()._check_values(value)


def model_formfield(db_field, **kwargs):
    """``Meta.formfield_callback`` of the portal's model forms: a many-to-many field becomes a
    ``BoundedModelMultipleChoiceField`` (unless ``Meta.field_classes`` names another class);
    every other field is Django's default."""
    if isinstance(db_field, models.ManyToManyField):
        kwargs.setdefault("form_class", BoundedModelMultipleChoiceField)
    return db_field.formfield(**kwargs)


# Options of master data from the cache (issue 15)

# A filter's list of areas or topics cost more than the rest of the filter form: the query, a
# model instance per row. The options change seldom, so a page shows them from the shared cache
# for PORTAL_AUSWAHL_CACHE_SEKUNDEN; validation still asks the database, so a row deleted
# meanwhile is refused.


def choices_from_cache(form, keys: dict[str, str]) -> None:
    """Show the options of ``form``'s model choice fields (field name: cache key) as stored.
    The key must name everything the options depend on but the language (added here); options
    that depend on the user do not belong here."""
    seconds = settings.PORTAL_AUSWAHL_CACHE_SEKUNDEN
    if not seconds:
        return
    language = get_language() or ""
    full = {name: f"auswahl:{key}:{language}" for name, key in keys.items()}
    found = cache.get_many(list(full.values()))
    missing = {}
    for name, key in full.items():
        field = form.fields[name]
        choices = found.get(key)
        if choices is None:
            choices = [(str(value), str(label)) for value, label in field.choices]
            missing[key] = choices
        field.widget.choices = choices
    if missing:
        cache.set_many(missing, seconds)


# A select of more options than this becomes a name search (``KernFilterSet.bounded_by_search``).
AUSWAHL_HOECHSTENS = 50


class KernFilterSet(django_filters.FilterSet):
    """A FilterSet whose filters named in ``choices_cached`` show their options from the cache
    (``choices_from_cache``): for master data the same for everybody, never for options that
    depend on the request."""

    choices_cached: tuple[str, ...] = ()
    # Options that depend on the person (their circles): cached per account.
    choices_cached_per_user: tuple[str, ...] = ()
    # Selects that grow with the data (issue 15): {select filter: name search filter}. Up to
    # ``AUSWAHL_HOECHSTENS`` options the select shows and the search is dropped; beyond, the
    # search shows and the select stays as a hidden field, so links with ?<select>=<id> work.
    bounded_by_search: dict[str, str] = {}

    @property
    def form(self):
        form = super().form
        if not getattr(form, "choices_cached", False):
            for name, suche in self.bounded_by_search.items():
                field = form.fields[name]
                if field.queryset.count() > AUSWAHL_HOECHSTENS:
                    field.widget = forms.HiddenInput()
                else:
                    del form.fields[suche]
            prefix = f"{type(self).__module__}.{type(self).__name__}"
            keys = {
                name: f"{prefix}.{name}"
                for name in self.choices_cached
                if not isinstance(form.fields[name].widget, forms.HiddenInput)
            }
            user = getattr(self.request, "user", None)
            if user is not None and user.is_authenticated:
                for name in self.choices_cached_per_user:
                    keys[name] = f"{prefix}.{name}.{user.pk}"
            if keys:
                choices_from_cache(form, keys)
            form.choices_cached = True
        return form


# Choosing one of many rows without JavaScript (issue 15)

SUCHEN = "suchen"  # name of the search buttons; their value names the field searched


class SuchfeldInput(forms.TextInput):
    """The search box of a ``SuchAuswahlField``, with its button."""

    input_type = "search"
    template_name = "forms/suchfeld.html"

    def __init__(self, feld: str, attrs=None):
        super().__init__(attrs)
        self.feld = feld

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["feld"] = self.feld
        return context


class SuchAuswahlRadioSelect(forms.RadioSelect):
    """The hits of a ``SuchAuswahlField``. With none of them chosen, what was typed into the
    search box counts: a person who types a name and saves, without pressing "Suchen", gets it
    found (``SuchAuswahlField.to_python``)."""

    def value_from_datadict(self, data, files, name):
        if name in data:
            return super().value_from_datadict(data, files, name)
        return (data.get(f"{name}_suche") or "").strip() or None

    def value_omitted_from_data(self, data, files, name):
        return super().value_omitted_from_data(data, files, name) and f"{name}_suche" not in data


class SuchAuswahlField(forms.ModelChoiceField):
    """One row out of a list that grows with the data (organisations, accounts, circles): a
    search box with a button and at most ``limit`` hits as radio buttons, instead of a select
    with every row. While every row fits into ``limit``, it is the plain select it always was.
    The server searches, so it works without JavaScript; validation accepts any row of
    ``queryset`` (an id from elsewhere is refused like any wrong choice). Instead of an id, a
    name may come (typed into the search box and saved, or sent by a script): one match is
    taken, an exact name before names that contain it; several or none are an error, and the
    form shows the hits to choose from.

    The form needs ``SuchAuswahlMixin``, which adds the search box ``<name>_suche`` and turns a
    press on the search button into an unbound form that shows the hits. Give the queryset in
    the field's declaration: setting it later would put every row back into the choices."""

    widget = SuchAuswahlRadioSelect
    default_error_messages = {
        "keine": _("Kein Eintrag passt zu „%(text)s“. Bitte prüfen Sie die Schreibweise."),
        "mehrere": _(
            "Mehrere Einträge passen zu „%(text)s“. Bitte wählen Sie unten einen aus oder "
            "geben Sie den Namen genauer ein."
        ),
    }

    def __init__(
        self,
        queryset,
        *,
        search_fields: tuple[str, ...],
        limit: int = 20,
        label_from_instance=None,
        search_help=None,
        **kwargs,
    ):
        # A short list stays a select with its empty choice (which radios do not get).
        self.select_empty_label = kwargs.get("empty_label", "---------")
        super().__init__(queryset, **kwargs)
        self.search_fields = search_fields
        self.limit = limit
        self.search_help = search_help or _("Einen Teil des Namens eingeben und „Suchen“ drücken.")
        if label_from_instance is not None:
            self.label_from_instance = label_from_instance

    def hits(self, term: str):
        """The first ``limit`` rows (one more, to tell whether there are more) for the term."""
        queryset = self.queryset
        words = term.split()[:5]
        for word in words:
            match = Q()
            for lookup in self.search_fields:
                match |= Q(**{f"{lookup}__icontains": word})
            queryset = queryset.filter(match)
        return list(queryset[: self.limit + 1])

    def to_python(self, value):
        if not isinstance(value, str):
            return super().to_python(value)
        text = " ".join(value.split())
        if not text or text.isdigit():
            return super().to_python(text)  # an id (digits) or nothing
        hits = self.hits(text)
        if len(hits) > 1:
            exact = Q()
            for lookup in self.search_fields:
                exact |= Q(**{f"{lookup}__iexact": text})
            hits = list(self.queryset.filter(exact)[:2]) or hits
        if len(hits) == 1:
            return hits[0]
        code = "mehrere" if hits else "keine"
        raise ValidationError(self.error_messages[code], code=code, params={"text": text})


class SuchAuswahlMixin:
    """For forms with ``SuchAuswahlField``s: the search boxes, the bounded choices, and a search
    button press that shows the hits instead of validating (nothing is saved, no errors)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.sucht = False
        self._suchauswahl: list[str] = []
        self.suchauswahl_einrichten()

    def suchauswahl_einrichten(self) -> None:
        """Prepare the ``SuchAuswahlField``s not prepared yet. ``__init__`` does it; a form that
        adds such a field in its own ``__init__`` (one offered by another app) calls it again
        afterwards."""
        namen = [
            n
            for n, f in self.fields.items()
            if isinstance(f, SuchAuswahlField) and n not in self._suchauswahl
        ]
        if not namen:
            return
        self._suchauswahl += namen
        felder = {}
        for name, field in self.fields.items():
            if name in namen:
                felder[f"{name}_suche"] = forms.CharField(
                    label=_("%(feld)s suchen") % {"feld": field.label},
                    required=False,
                    max_length=100,
                    widget=SuchfeldInput(feld=name, attrs={"autocomplete": "off"}),
                    help_text=field.search_help,
                )
            felder[name] = field
        self.fields = felder
        # self.data is empty for an unbound form; a later call keeps the search going.
        if self.data.get(SUCHEN) in self._suchauswahl:
            self.sucht = True
            # Shown again with what was typed, as a form not yet sent: no errors, no saving.
            self.initial = {
                **self.initial,
                **{
                    name: field.widget.value_from_datadict(
                        self.data, self.files, self.add_prefix(name)
                    )
                    for name, field in self.fields.items()
                },
            }
            self.is_bound = False
        for name in namen:
            self._limit_choices(name)

    def _limit_choices(self, name: str) -> None:
        field = self.fields[name]
        term = str(self[f"{name}_suche"].value() or "").strip()[:100]
        hits = field.hits(term)
        more = len(hits) > field.limit
        hits = hits[: field.limit]
        chosen = self[name].value()
        known = any(str(row.pk) == str(chosen) for row in hits)
        if chosen not in (None, "") and str(chosen).isdigit() and not known:
            # The chosen row stays on the list while another search is shown.
            hits = [*field.queryset.filter(pk=int(chosen))[:1], *hits]
        choices = [(row.pk, field.label_from_instance(row)) for row in hits]
        if not term and not more:
            # Every row fits: the plain select of a short list, without a search.
            del self.fields[f"{name}_suche"]
            field.widget = forms.Select(choices=[("", field.select_empty_label), *choices])
            field.widget.is_required = field.required
            return
        if not field.required:
            choices.insert(0, ("", field.select_empty_label))
        field.widget.choices = choices
        if more:
            note = _(
                "Es gibt mehr als %(n)d Treffer; die Liste zeigt die ersten. Bitte suchen Sie "
                "genauer."
            ) % {"n": field.limit}
        elif not hits:
            note = _("Keine Treffer für „%(suche)s“.") % {"suche": term}
        else:
            note = _("Die Suche grenzt die Liste ein.")
        field.help_text = f"{field.help_text} {note}" if field.help_text else note
        self[name].help_text = field.help_text  # the bound field, made above, keeps a copy


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
