"""Forms of a place's staffing and costs per year ("Personal und Kosten je Jahr"): a share of a
post and who employs it, a cost item and who bears it. Sozialplanung enters them; the pilot
report reads them. Amounts take the German decimal comma ("27,5", "6000,00")."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from saarlouis_portal.forms import SuchAuswahlField, SuchAuswahlMixin, kein_markup
from saarlouis_portal.stammdaten.models import Organisation
from sprechstunden.models import Standortkosten, Stellenanteil


def _organisationen():
    return Organisation.objects.active().order_by("name")


class _JahrMixin:
    """The year field: a number input, this year by default."""

    def _jahr_einrichten(self):
        feld = self.fields["jahr"]
        feld.widget.attrs.update({"inputmode": "numeric", "min": 2000, "max": 2100})
        if not self.instance.pk:
            feld.initial = timezone.localdate().year


class StellenanteilForm(SuchAuswahlMixin, _JahrMixin, forms.ModelForm):
    traeger = SuchAuswahlField(
        _organisationen(),
        search_fields=("name", "kurzname"),
        label=_("Anstellungsträger"),
        help_text=_("Die Organisation, bei der die Stelle angesiedelt ist."),
    )

    class Meta:
        model = Stellenanteil
        fields = ["jahr", "traeger", "prozent", "aufgabe"]
        # German decimal comma ("27,5"); a dot is understood as well.
        localized_fields = ["prozent"]

    def __init__(self, *args, anlaufstelle, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.anlaufstelle = anlaufstelle
        self._jahr_einrichten()
        self.fields["prozent"].widget.attrs["inputmode"] = "decimal"
        self.fields["aufgabe"].validators.append(kein_markup)

    def clean_aufgabe(self):
        return " ".join(self.cleaned_data["aufgabe"].split())

    def clean(self):
        cleaned = super().clean()
        traeger, jahr = cleaned.get("traeger"), cleaned.get("jahr")
        if traeger is None or jahr is None or "aufgabe" not in cleaned:
            return cleaned
        doppelt = (
            Stellenanteil.objects.filter(
                anlaufstelle=self.instance.anlaufstelle,
                traeger=traeger,
                jahr=jahr,
                aufgabe=cleaned["aufgabe"],
            )
            .exclude(pk=self.instance.pk)
            .exists()
        )
        if doppelt:
            self.add_error(
                "aufgabe",
                _(
                    "Für diesen Träger gibt es in diesem Jahr schon einen Stellenanteil mit dieser "
                    "Aufgabe. Bitte ändern Sie den vorhandenen Eintrag oder nennen Sie eine andere "
                    "Aufgabe."
                ),
            )
        return cleaned

    def validate_unique(self):
        pass  # clean() says it at the field; the constraint stays the backstop


class StandortkostenForm(SuchAuswahlMixin, _JahrMixin, forms.ModelForm):
    getragen_von = SuchAuswahlField(
        _organisationen(),
        search_fields=("name", "kurzname"),
        required=False,
        label=_("Getragen von"),
        empty_label=_("– nicht angegeben –"),
        help_text=_("Wer die Kosten trägt, z. B. der Landkreis oder die Gemeinde."),
    )

    class Meta:
        model = Standortkosten
        fields = ["jahr", "bezeichnung", "betrag", "getragen_von"]
        localized_fields = ["betrag"]
        help_texts = {"betrag": _("Mit Komma, z. B. 6000,00.")}

    def __init__(self, *args, anlaufstelle, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.anlaufstelle = anlaufstelle
        self._jahr_einrichten()
        self.fields["betrag"].widget.attrs["inputmode"] = "decimal"
        self.fields["bezeichnung"].validators.append(kein_markup)

    def clean_bezeichnung(self):
        return " ".join(self.cleaned_data["bezeichnung"].split())
