"""Forms of the data side: indicators, the value upload, the value export and the monitoring."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from berichte import importer
from berichte.models import Einheit, Indikator, KapitelArt, Monitoring
from saarlouis_portal.forms import BoundedModelMultipleChoiceField, kein_markup, model_formfield
from saarlouis_portal.stammdaten.models import Gebiet, GebietArt


class IndikatorForm(forms.ModelForm):
    class Meta:
        model = Indikator
        fields = [
            "schluessel",
            "name",
            "kapitel",
            "einheit",
            "definition",
            "zaehler",
            "nenner",
            "quelle",
            "richtung",
            "nachkommastellen",
        ]
        widgets = {"definition": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("definition", "zaehler", "nenner"):
            self.fields[name].validators.append(kein_markup)
        self.fields["schluessel"].help_text = _(
            "Kleinbuchstaben, Ziffern, „_“ und „-“, z. B. „sgb2_quote“. Steht so in Importdateien."
        )

    def clean_schluessel(self):
        return self.cleaned_data["schluessel"].strip().lower()

    def clean(self):
        cleaned = super().clean()
        einheit = cleaned.get("einheit")
        if einheit in (Einheit.PROZENT, Einheit.PROMILLE):
            for name in ("zaehler", "nenner"):
                if not cleaned.get(name):
                    self.add_error(
                        name,
                        _("Bei einer Quote oder einem Anteil bitte Zähler und Nenner angeben."),
                    )
        return cleaned


class ImportForm(forms.Form):
    datei = forms.FileField(
        label=_("Datei (CSV oder XLSX)"),
        help_text=_(
            "Langformat: Spalten indikator, gebiet, jahr, wert. Breitformat: indikator, gebiet "
            "und eine Spalte je Jahr. Das Gebiet wird über den amtlichen Schlüssel (Spalte "
            "gebiet_schluessel) oder den genauen Namen gefunden."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,text/csv"}),
    )

    def clean_datei(self):
        datei = self.cleaned_data["datei"]
        if not datei.name.lower().endswith((".csv", ".txt", ".xlsx")):
            raise forms.ValidationError(_("Bitte laden Sie eine CSV- oder XLSX-Datei hoch."))
        limit = settings.BERICHTE_IMPORT_MAX_MB * 1024 * 1024
        if datei.size > limit:
            raise forms.ValidationError(
                _("Die Datei ist größer als %(mb)s MB.") % {"mb": settings.BERICHTE_IMPORT_MAX_MB}
            )
        if datei.size == 0:
            raise forms.ValidationError(_("Die Datei ist leer."))
        # A file unreadable as a whole (broken, a zip bomb, too many rows ...) is refused here,
        # before it is stored; errors in single rows are the preview's.
        try:
            importer.vorpruefe(datei.name, datei.read())
        except importer.DateiFehler as error:
            raise forms.ValidationError(error.message) from error
        finally:
            datei.seek(0)
        return datei


class ExportForm(forms.Form):
    format = forms.ChoiceField(
        label=_("Dateiformat"),
        choices=[("csv", "CSV"), ("xlsx", "Excel (XLSX)")],
        initial="csv",
        widget=forms.RadioSelect,
    )
    form = forms.ChoiceField(
        label=_("Aufbau"),
        choices=[
            ("lang", _("Langformat (eine Zeile je Wert)")),
            ("breit", _("Breitformat (eine Spalte je Jahr)")),
        ],
        initial="lang",
        widget=forms.RadioSelect,
    )
    indikator = BoundedModelMultipleChoiceField(
        label=_("Indikatoren"),
        queryset=Indikator.objects.order_by("kapitel", "name"),
        required=False,
        help_text=_("Ohne Auswahl: alle."),
    )
    kapitel = forms.ChoiceField(
        label=_("Kapitel"), choices=[("", _("Alle")), *KapitelArt.choices], required=False
    )
    gebiet = forms.ModelChoiceField(
        label=_("Gebiet (mit allen darin liegenden)"),
        queryset=Gebiet.objects.by_level(),
        required=False,
        empty_label=_("Alle"),
    )
    jahr_von = forms.IntegerField(
        label=_("Von Jahr"), required=False, min_value=1900, max_value=2200
    )
    jahr_bis = forms.IntegerField(
        label=_("Bis Jahr"), required=False, min_value=1900, max_value=2200
    )

    def clean(self):
        cleaned = super().clean()
        von, bis = cleaned.get("jahr_von"), cleaned.get("jahr_bis")
        if von and bis and bis < von:
            self.add_error("jahr_bis", _("Das Bis-Jahr liegt vor dem Von-Jahr."))
        return cleaned


class MonitoringForm(forms.ModelForm):
    class Meta:
        model = Monitoring
        formfield_callback = model_formfield
        fields = [
            "name",
            "gebiet",
            "jahr",
            "indikatoren",
            "dynamik_jahre",
            "schwelle_hoch",
            "schwelle_niedrig",
            "schwelle_sehr_niedrig",
            "schwelle_dynamik",
            "mindest_einwohner",
        ]
        widgets = {"indikatoren": forms.CheckboxSelectMultiple}
        # German decimal commas ("-1,5") in the thresholds.
        localized_fields = (
            "schwelle_hoch",
            "schwelle_niedrig",
            "schwelle_sehr_niedrig",
            "schwelle_dynamik",
        )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["gebiet"].queryset = Gebiet.objects.filter(
            art__in=[GebietArt.GEMEINDE, GebietArt.STADTTEIL, GebietArt.LANDKREIS]
        ).by_level()
        self.fields["indikatoren"].queryset = Indikator.objects.order_by("kapitel", "name")
        self.fields["jahr"].validators.append(_jahr_validator)
        for name in ("schwelle_hoch", "schwelle_niedrig", "schwelle_sehr_niedrig"):
            self.fields[name].help_text = _(
                "In Standardabweichungen des Statusindex, z. B. 1 oder -1,5."
            )

    def clean_schwelle_dynamik(self):
        value = self.cleaned_data["schwelle_dynamik"]
        if value is not None and value <= 0:
            raise forms.ValidationError(_("Die Schwelle der Dynamik muss größer als 0 sein."))
        return value

    def clean(self):
        cleaned = super().clean()
        hoch = cleaned.get("schwelle_hoch")
        niedrig = cleaned.get("schwelle_niedrig")
        sehr = cleaned.get("schwelle_sehr_niedrig")
        if hoch is not None and niedrig is not None and not hoch > niedrig:
            self.add_error(
                "schwelle_niedrig",
                _("Die Schwelle „niedrig“ muss unter der Schwelle „hoch“ liegen."),
            )
        elif niedrig is not None and sehr is not None and not niedrig > sehr:
            self.add_error(
                "schwelle_sehr_niedrig",
                _("Die Schwelle „sehr niedrig“ muss unter der Schwelle „niedrig“ liegen."),
            )
        indikatoren = cleaned.get("indikatoren")
        if indikatoren is not None and len(indikatoren) < 2:
            self.add_error("indikatoren", _("Bitte wählen Sie mindestens zwei Indikatoren."))
        return cleaned


def _jahr_validator(value):
    if value is not None and not 1950 <= value <= 2200:
        raise forms.ValidationError(_("Bitte ein Jahr zwischen 1950 und 2200 angeben."))
