"""The form of the staff action "Projektbericht Sozialraumorientierung anlegen": the area (a
Landkreis or a Gemeinde), the year and, if wished, another title."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from berichte.forms.berichte import JAHR_MAX, JAHR_MIN
from berichte.services_projektbericht import GEBIETSARTEN
from saarlouis_portal.forms import kein_markup
from saarlouis_portal.stammdaten.models import Gebiet


class ProjektberichtForm(forms.Form):
    gebiet = forms.ModelChoiceField(
        label=_("Gebiet"),
        queryset=Gebiet.objects.none(),
        help_text=_(
            "Ein Landkreis vergleicht seine Standorte (die Gemeinden mit Anlaufstellen); eine "
            "Gemeinde berichtet über ihren eigenen Standort."
        ),
        error_messages={
            "required": _("Bitte wählen Sie einen Landkreis oder eine Gemeinde."),
            "invalid_choice": _("Bitte wählen Sie einen Landkreis oder eine Gemeinde der Liste."),
        },
    )
    jahr = forms.IntegerField(
        label=_("Berichtsjahr"),
        min_value=JAHR_MIN,
        max_value=JAHR_MAX,
        help_text=_("Die Zahlen dieses Kalenderjahres stehen im Bericht."),
        error_messages={
            "required": _("Bitte geben Sie das Berichtsjahr an."),
            "invalid": _("Bitte geben Sie das Berichtsjahr als Zahl an, z. B. 2026."),
        },
    )
    titel = forms.CharField(
        label=_("Titel"),
        max_length=200,
        required=False,
        validators=[kein_markup],
        help_text=_("Ohne Angabe: „Projektbericht Sozialraumorientierung“ und das Jahr."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["gebiet"].queryset = Gebiet.objects.filter(art__in=GEBIETSARTEN).by_level()
        self.fields["jahr"].initial = timezone.localdate().year - 1
        self.fields["jahr"].widget.attrs.update({"min": JAHR_MIN, "max": JAHR_MAX})

    def clean_titel(self):
        return " ".join(self.cleaned_data["titel"].split())
