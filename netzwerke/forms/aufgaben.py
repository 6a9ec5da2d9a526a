"""Forms of the follow-up of a meeting (issue 17): who attended, tasks and their status. Staff
pages only. The members' reply is three buttons (netzwerke/views/antwort.py), not a form here."""

from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from netzwerke.forms.netzwerke import DATE_WIDGET
from netzwerke.models import Aufgabe, AufgabeStatus, Einladung, Netzwerk
from saarlouis_portal.forms import BoundedModelMultipleChoiceField
from saarlouis_portal.stammdaten.models import Ansprechperson, Organisation


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        name = f"{obj.vorname} {obj.nachname}".strip()
        return f"{name} ({obj.organisation.name})"


class EinladungChoiceField(BoundedModelMultipleChoiceField):
    def label_from_instance(self, obj):
        name = f"{obj.person.vorname} {obj.person.nachname}".strip()
        return f"{name} ({obj.person.organisation.name})"


class AnwesenheitForm(forms.Form):
    """Tick the invited persons who attended."""

    anwesend = EinladungChoiceField(
        label=_("Anwesende Personen"),
        queryset=Einladung.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Ihre Organisationen zählen dann auch als anwesend. Organisationen ohne eingeladene "
            "Person kreuzen Sie unter „Bearbeiten“ an."
        ),
    )

    def __init__(self, *args, einladungen, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["anwesend"].queryset = einladungen
        if "anwesend" not in self.initial and not self.is_bound:
            self.initial["anwesend"] = [e.pk for e in einladungen if e.anwesend]


class AufgabeForm(forms.ModelForm):
    """What, who (a contact person of a member or a member organisation), due date; the status
    when a task is edited."""

    person = PersonChoiceField(
        label=_("Verantwortliche Person"),
        queryset=Ansprechperson.objects.none(),
        required=False,
        empty_label=_("– keine Person –"),
        help_text=_("Eine Ansprechperson der Mitglieder. Sie wird am Fälligkeitstag erinnert."),
    )

    class Meta:
        model = Aufgabe
        fields = ["titel", "person", "organisation", "faellig_am", "status"]
        widgets = {
            "titel": forms.Textarea(attrs={"rows": 3}),
            "faellig_am": DATE_WIDGET,
        }
        help_texts = {
            "titel": _("Kurz und konkret, z. B. „Raum für das Sprachcafé anfragen“."),
            "organisation": _(
                "Oder eine Mitgliedsorganisation: Dann werden ihre Ansprechpersonen im Netzwerk "
                "erinnert."
            ),
        }

    def __init__(self, *args, netzwerk: Netzwerk, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = (
            Ansprechperson.objects.filter(mitgliedschaften__netzwerk=netzwerk)
            .select_related("organisation")
            .distinct()
            .order_by("organisation__name", "nachname", "vorname")
        )
        organisation = self.fields["organisation"]
        organisation.queryset = Organisation.objects.filter(
            mitgliedschaften__netzwerk=netzwerk
        ).order_by("name")
        organisation.empty_label = _("– keine Organisation –")
        if not self.instance.pk:
            del self.fields["status"]

    def clean_faellig_am(self):
        faellig_am = self.cleaned_data["faellig_am"]
        if faellig_am.year < 2000 or faellig_am > timezone.localdate() + timedelta(days=3660):
            raise forms.ValidationError(
                _("Bitte geben Sie ein Datum zwischen 2000 und den nächsten zehn Jahren an.")
            )
        return faellig_am

    def clean_titel(self):
        return " ".join(self.cleaned_data["titel"].split())

    def clean(self):
        cleaned = super().clean()
        person, organisation = cleaned.get("person"), cleaned.get("organisation")
        if person and organisation:
            self.add_error(
                "organisation",
                _("Bitte wählen Sie entweder eine Person oder eine Organisation, nicht beides."),
            )
        elif not (person or organisation or self.has_error("person")) and not self.has_error(
            "organisation"
        ):
            self.add_error(
                "person",
                _("Bitte wählen Sie, wer die Aufgabe übernimmt: Person oder Organisation."),
            )
        return cleaned


class AufgabeStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=AufgabeStatus.choices)
