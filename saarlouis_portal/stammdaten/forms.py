from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

from saarlouis_portal.forms import kein_markup
from saarlouis_portal.stammdaten.models import (
    ERLAUBTE_ELTERN,
    Ansprechperson,
    Gebiet,
    GebietArt,
    Organisation,
    OrganisationArt,
)

_TEXT_FIELDS = ("name", "kurzname", "schluessel", "strasse", "ort", "beschreibung", "funktion")


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
