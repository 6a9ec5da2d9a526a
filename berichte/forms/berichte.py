"""Forms of reports, chapters, blocks, recommendations and the chapter workflow.

The block form offers only the fields its kind uses (``berichte.blocks.FELDER``) and checks
what that kind needs (a chart's indicators share one unit, a map shows exactly one indicator).
Areas and monitorings are limited to those of the report's area: anything else is an invalid
choice, not a silent cross-report reference.
"""

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from berichte import portalzahlen
from berichte.blocks import FELDER
from berichte.models import (
    Baustein,
    BausteinArt,
    Bericht,
    Empfehlung,
    Indikator,
    Kapitel,
    Monitoring,
    Workflow,
)
from saarlouis_portal.forms import kein_markup, model_formfield
from saarlouis_portal.stammdaten.models import Gebiet, GebietArt

JAHR_MIN, JAHR_MAX = 1900, 2200
MAX_REIHEN = 8
MAX_TABELLEN_INDIKATOREN = 40
DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _jahr_feld(field):
    field.validators += [MinValueValidator(JAHR_MIN), MaxValueValidator(JAHR_MAX)]
    field.widget.attrs.update({"min": JAHR_MIN, "max": JAHR_MAX})


class BerichtForm(forms.ModelForm):
    class Meta:
        model = Bericht
        fields = ("titel", "gebiet", "jahr", "einleitung")
        widgets = {"einleitung": forms.Textarea(attrs={"rows": 8})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["gebiet"].queryset = Gebiet.objects.exclude(
            art__in=[GebietArt.SOZIALRAUM, GebietArt.FOERDERGEBIET]
        ).by_level()
        self.fields["gebiet"].help_text = _("Die Gemeinde oder Stadt, über die berichtet wird.")
        _jahr_feld(self.fields["jahr"])


class KapitelForm(forms.ModelForm):
    class Meta:
        model = Kapitel
        fields = ("titel", "art")


class BausteinForm(forms.ModelForm):
    quelle_app = forms.ChoiceField(label=_("Zahlen aus"), choices=(), required=False)

    class Meta:
        model = Baustein
        formfield_callback = model_formfield
        fields = (
            "titel",
            "text",
            "indikatoren",
            "gebiete",
            "monitoring",
            "quelle_app",
            "jahr",
            "jahr_von",
            "jahr_bis",
        )
        widgets = {
            "indikatoren": forms.CheckboxSelectMultiple,
            "gebiete": forms.CheckboxSelectMultiple,
            "text": forms.Textarea(attrs={"rows": 8}),
        }

    def __init__(self, *args, art: str, bericht: Bericht, **kwargs):
        super().__init__(*args, **kwargs)
        self.art = art
        self.bericht = bericht
        for name in list(self.fields):
            if name not in FELDER[art]:
                del self.fields[name]
        f = self.fields
        if "indikatoren" in f:
            f["indikatoren"].queryset = Indikator.objects.order_by("kapitel", "name")
            f["indikatoren"].required = True
            if art == BausteinArt.KARTE:
                f["indikatoren"].help_text = _("Genau ein Indikator, der je Sozialraum vorliegt.")
        if "gebiete" in f:
            f["gebiete"].queryset = Gebiet.objects.within(bericht.gebiet).by_level()
            f["gebiete"].help_text = _("Ohne Auswahl: alle Sozialräume von %(gebiet)s.") % {
                "gebiet": bericht.gebiet.name
            }
        if "monitoring" in f:
            oben = (
                [g.pk for g in bericht.gebiet.vorfahren()]
                if hasattr(bericht.gebiet, "vorfahren")
                else []
            )
            f["monitoring"].queryset = Monitoring.objects.filter(
                Q(gebiet__in=Gebiet.objects.within(bericht.gebiet)) | Q(gebiet__in=oben)
            )
            f["monitoring"].required = True
        if "quelle_app" in f:
            f["quelle_app"].choices = [("", "---------"), *portalzahlen.auswahl()]
            f["quelle_app"].required = True
        for name in ("jahr", "jahr_von", "jahr_bis"):
            if name in f:
                _jahr_feld(f[name])
                f[name].help_text = _("Ohne Angabe: das Berichtsjahr %(jahr)s.") % {
                    "jahr": bericht.jahr
                }
        if "jahr_von" in f:
            f["jahr_von"].help_text = _("Ohne Angabe: fünf Jahre vor dem Endjahr.")
        if "text" in f:
            f["text"].required = art == BausteinArt.TEXT
            if art != BausteinArt.TEXT:
                f["text"].label = _("Erläuterung")
                f["text"].help_text = _("Optional, Markdown ist erlaubt; steht über dem Inhalt.")

    def clean(self):
        data = super().clean()
        indikatoren = list(data.get("indikatoren") or [])
        if self.art == BausteinArt.KARTE and len(indikatoren) > 1:
            self.add_error("indikatoren", _("Eine Karte zeigt genau einen Indikator."))
        if self.art == BausteinArt.TABELLE and len(indikatoren) > MAX_TABELLEN_INDIKATOREN:
            self.add_error(
                "indikatoren",
                _("Höchstens %(n)s Indikatoren je Tabelle.") % {"n": MAX_TABELLEN_INDIKATOREN},
            )
        if self.art == BausteinArt.ZEITREIHE and indikatoren:
            if len({i.einheit for i in indikatoren}) > 1:
                self.add_error(
                    "indikatoren",
                    _("Ein Diagramm zeigt nur Indikatoren mit derselben Einheit."),
                )
            # Without a choice the chart draws every Sozialraum of the report's area.
            gebiete = len(data.get("gebiete") or []) or max(
                Gebiet.objects.within(self.bericht.gebiet).sozialraeume().count(), 1
            )
            if len(indikatoren) * gebiete > MAX_REIHEN:
                self.add_error(
                    "gebiete",
                    _("Höchstens %(n)s Linien je Diagramm (Indikatoren × Gebiete).")
                    % {"n": MAX_REIHEN},
                )
            von, bis = data.get("jahr_von"), data.get("jahr_bis")
            if von and bis and von > bis:
                self.add_error("jahr_bis", _("Das Endjahr darf nicht vor dem Anfangsjahr liegen."))
        return data


class EmpfehlungForm(forms.ModelForm):
    class Meta:
        model = Empfehlung
        fields = ("art", "text", "zustaendig", "faellig_am", "umsetzungsstand")
        widgets = {"faellig_am": DATE_WIDGET, "text": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text"].validators.append(kein_markup)
        self.fields["zustaendig"].validators.append(kein_markup)
        self.fields["zustaendig"].help_text = _(
            "Zum Beispiel ein Amt, ein Träger oder ein Netzwerk."
        )


class StatusForm(forms.Form):
    nach = forms.ChoiceField(choices=Workflow.choices)
    bemerkung = forms.CharField(
        label=_("Bemerkung"), max_length=500, required=False, validators=[kein_markup]
    )


class NeueAusgabeForm(forms.Form):
    jahr = forms.IntegerField(
        label=_("Berichtsjahr der neuen Ausgabe"), min_value=JAHR_MIN, max_value=JAHR_MAX
    )


class RichtungForm(forms.Form):
    richtung = forms.ChoiceField(choices=[("hoch", "hoch"), ("runter", "runter")])
