import copy

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils import translation
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from modeltranslation.translator import NotRegistered, translator
from modeltranslation.utils import build_localized_fieldname

from saarlouis_portal.forms import kein_markup, model_formfield
from saarlouis_portal.stammdaten.inhalt import GERMAN, other_languages
from saarlouis_portal.stammdaten.models import (
    ERLAUBTE_ELTERN,
    Ansprechperson,
    Gebiet,
    GebietArt,
    Organisation,
    OrganisationArt,
)

_TEXT_FIELDS = ("name", "kurzname", "schluessel", "strasse", "ort", "beschreibung", "funktion")


def uebersetzungen(*felder: str) -> list[str]:
    """The other languages' fields of ``felder`` (``titel_en``, ``beschreibung_en``, ``titel_fr``
    …), language by language: for the ``Meta.fields`` of a form with ``UebersetzungenMixin``."""
    return [
        build_localized_fieldname(feld, code)
        for code, _name in other_languages()
        for feld in felder
    ]


class UebersetzungenMixin:
    """Staff type a public text in German as before; its translations (see ``uebersetzungen``)
    are optional and wait in a collapsed section "Übersetzungen (optional)" at the end of the
    form (docs/i18n.md). Each translation gets the German field's widget and checks (length,
    no markup), a label like "Beschreibung – English" and its language on the input."""

    template_name = "stammdaten/_form_uebersetzungen.html"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        sprachen = dict(other_languages())
        herkunft = _translation_fields(self._meta.model)
        # In the form's order: language by language, as ``uebersetzungen()`` lists them.
        self.uebersetzt = [
            name for name in self.fields if herkunft.get(name, ("", GERMAN))[1] != GERMAN
        ]
        for name in self.uebersetzt:
            feld, code = herkunft[name]
            field, deutsch = self.fields[name], self.fields.get(feld)
            field.required = False
            field.label = format_html(
                '{} – <span lang="{}">{}</span>',
                deutsch.label if deutsch else self._meta.model._meta.get_field(feld).verbose_name,
                code,
                sprachen[code],
            )
            if deutsch is None:
                continue
            field.widget = copy.deepcopy(deutsch.widget)
            field.widget.attrs["lang"] = code
            if translation.get_language_info(code)["bidi"]:
                field.widget.attrs["dir"] = "rtl"
            field.validators.extend(v for v in deutsch.validators if v not in field.validators)

    def felder_deutsch(self):
        return [bf for bf in self.visible_fields() if bf.name not in self.uebersetzt]

    def felder_uebersetzt(self):
        return [self[name] for name in self.uebersetzt]

    def uebersetzungen_offen(self) -> bool:
        """Open when a translation has an error or a text, closed on an untranslated form."""
        return any(bf.errors or bf.value() for bf in self.felder_uebersetzt())


def _translation_fields(model) -> dict[str, tuple[str, str]]:
    """Field name of each translation -> (the translated field, its language)."""
    try:
        options = translator.get_options_for_model(model)
    except NotRegistered:
        return {}
    return {
        field.name: (feld, field.language)
        for feld, fields in options.all_fields.items()
        for field in fields
    }


class _PlainTextMixin:
    """Strip and reject markup in every plain-text field the form has."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in _TEXT_FIELDS:
            if name in self.fields:
                self.fields[name].validators.append(kein_markup)


class GebietForm(_PlainTextMixin, forms.ModelForm):
    class Meta:
        model = Gebiet
        formfield_callback = model_formfield
        fields = [
            "name",
            "art",
            "eltern",
            "umfasst",
            "schluessel",
            "einwohnerzahl",
            "einwohnerzahl_stand",
            "umriss",
            "beschreibung",
        ]
        widgets = {
            "umfasst": forms.CheckboxSelectMultiple,
            "umriss": forms.Textarea(attrs={"rows": 4}),
            "beschreibung": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        parent_kinds = {k for kinds in ERLAUBTE_ELTERN.values() for k in kinds}
        eltern = Gebiet.objects.filter(art__in=parent_kinds).select_related("eltern")
        if self.instance.pk:
            eltern = eltern.exclude(pk=self.instance.pk)
        self.fields["eltern"].queryset = eltern.by_level()
        self.fields["eltern"].empty_label = _("Keines (oberste Ebene)")
        self.fields["art"].choices = [("", _("Bitte wählen")), *GebietArt.choices]
        self.fields["umfasst"].queryset = Gebiet.objects.sozialraeume().select_related("eltern")
        stand = self.fields["einwohnerzahl_stand"]
        stand.widget.attrs.update(min=1900, max=2100)
        stand.validators += [MinValueValidator(1900), MaxValueValidator(2100)]

    def clean(self):
        cleaned = super().clean()
        art = cleaned.get("art")
        umfasst = cleaned.get("umfasst")
        if umfasst and art != GebietArt.FOERDERGEBIET:
            self.add_error(
                "umfasst",
                _("Nur ein Fördergebiet umfasst Sozialräume. Bitte leeren Sie die Auswahl."),
            )
        eltern = cleaned.get("eltern")
        if umfasst and art == GebietArt.FOERDERGEBIET and eltern:
            inside = set(Gebiet.objects.within(eltern).values_list("pk", flat=True))
            ausserhalb = [s for s in umfasst if s.pk not in inside]
            if ausserhalb:
                self.add_error(
                    "umfasst",
                    _("Diese Sozialräume liegen nicht in %(eltern)s: %(namen)s.")
                    % {"eltern": eltern.name, "namen": ", ".join(s.name for s in ausserhalb)},
                )
        if cleaned.get("einwohnerzahl_stand") and cleaned.get("einwohnerzahl") is None:
            self.add_error(
                "einwohnerzahl", _("Bitte geben Sie die Einwohnerzahl zum genannten Jahr an.")
            )
        return cleaned


class OrganisationForm(_PlainTextMixin, forms.ModelForm):
    website = forms.URLField(
        label=_("Website"),
        required=False,
        assume_scheme="https",
        max_length=200,
        help_text=_("Mit https://, z. B. https://www.beispiel.de"),
    )

    class Meta:
        model = Organisation
        formfield_callback = model_formfield
        fields = [
            "name",
            "kurzname",
            "art",
            "sgb_buecher",
            "gebiete",
            "beschreibung",
            "strasse",
            "plz",
            "ort",
            "telefon",
            "email",
            "website",
            "aktiv",
        ]
        widgets = {
            "sgb_buecher": forms.CheckboxSelectMultiple,
            "gebiete": forms.CheckboxSelectMultiple,
            "beschreibung": forms.Textarea(attrs={"rows": 4}),
            "plz": forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
            "telefon": forms.TextInput(attrs={"type": "tel"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["gebiete"].queryset = Gebiet.objects.exclude(art=GebietArt.SOZIALRAUM).order_by(
            "art", "name"
        )
        self.fields["art"].choices = [("", _("Bitte wählen")), *OrganisationArt.choices]
        self.fields["gebiete"].help_text = _(
            "Gemeinden und Stadtteile, in denen die Organisation tätig ist."
        )

    def clean_website(self):
        url = self.cleaned_data.get("website", "")
        if url and not url.lower().startswith(("https://", "http://")):
            raise forms.ValidationError(_("Bitte geben Sie eine Adresse mit https:// an."))
        return url

    def clean_name(self):
        return " ".join(self.cleaned_data["name"].split())


class AnsprechpersonForm(_PlainTextMixin, forms.ModelForm):
    class Meta:
        model = Ansprechperson
        fields = ["vorname", "nachname", "funktion", "email", "telefon"]
        widgets = {"telefon": forms.TextInput(attrs={"type": "tel", "autocomplete": "off"})}
        help_texts = {
            "email": _("Dienstliche Adresse; sie wird nur Mitarbeitenden im Portal gezeigt."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("vorname", "nachname"):
            self.fields[name].validators.append(kein_markup)
