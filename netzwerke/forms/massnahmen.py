"""Forms of the measures: the measure itself, milestones, a status change, the
sustainability check (one form with a rating and a reason per premise) and a council
decision."""

from urllib.parse import urlsplit

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from netzwerke.models import (
    BeschlussErgebnis,
    Bewertung,
    Gremium,
    Massnahme,
    MassnahmeStatus,
    Meilenstein,
    Nachhaltigkeitsziel,
    Netzwerk,
    Praemisse,
    PruefErgebnis,
    Ratsbeschluss,
)
from saarlouis_portal.forms import (
    BoundedModelMultipleChoiceField,
    PlainTextField,
    kein_markup,
    model_formfield,
)
from saarlouis_portal.stammdaten.models import Gebiet, Handlungsfeld, Organisation

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class MassnahmeForm(forms.ModelForm):
    """Only networks the user may change can be chosen; another network's id is an invalid
    choice, said at the field."""

    class Meta:
        model = Massnahme
        formfield_callback = model_formfield
        fields = [
            "titel",
            "netzwerk",
            "gebiet",
            "handlungsfelder",
            "traeger",
            "partner",
            "beschreibung",
            "beginn",
            "ende",
            "budget",
            "fortschritt",
        ]
        # German decimal comma ("12500,50"); a dot is understood as well.
        localized_fields = ["budget"]
        widgets = {
            "partner": forms.CheckboxSelectMultiple,
            "handlungsfelder": forms.CheckboxSelectMultiple,
            "beschreibung": forms.Textarea(attrs={"rows": 6}),
            "beginn": DATE_WIDGET,
            "ende": DATE_WIDGET,
        }
        help_texts = {
            "fortschritt": _("Eine ganze Zahl von 0 bis 100."),
            "budget": _("In Euro, z. B. 12500,00. Leer lassen, wenn noch offen."),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        erlaubt = Q(pk__in=Netzwerk.objects.changeable_by(user).values("pk"))
        if self.instance.pk:
            # A measure may stay in its network even if that network would not be offered.
            erlaubt |= Q(pk=self.instance.netzwerk_id)
        self.fields["netzwerk"].queryset = Netzwerk.objects.filter(erlaubt).order_by("name")
        organisationen = Organisation.objects.for_user(user).active().order_by("name")
        self.fields["traeger"].queryset = organisationen
        self.fields["partner"].queryset = organisationen
        self.fields["gebiet"].queryset = Gebiet.objects.for_user(user).by_level()
        self.fields["handlungsfelder"].queryset = Handlungsfeld.objects.order_by("name")
        self.fields["beschreibung"].help_text = _(
            "Markdown ist erlaubt (z. B. **fett**, Listen mit -)."
        )
        self.fields["fortschritt"].widget.attrs.update({"min": 0, "max": 100})
        self.fields["budget"].widget.attrs.update({"inputmode": "decimal"})
        self.fields["traeger"].empty_label = _("– noch offen –")

    def clean(self):
        cleaned = super().clean()
        beginn, ende = cleaned.get("beginn"), cleaned.get("ende")
        if beginn and ende and ende < beginn:
            self.add_error("ende", _("Das Ende darf nicht vor dem Beginn liegen."))
        traeger = cleaned.get("traeger")
        partner = cleaned.get("partner")
        if traeger and partner and traeger in partner:
            self.add_error(
                "partner",
                _("Der federführende Träger ist nicht zugleich Partnerorganisation."),
            )
        return cleaned


class StatusForm(forms.Form):
    nach = forms.ChoiceField(
        label=_("Neuer Status"),
        # These errors reach the person as a message on the measure's page: say what is wrong.
        error_messages={
            "required": _("Bitte wählen Sie den neuen Status."),
            "invalid_choice": _("Dieser Statuswechsel ist von hier aus nicht möglich."),
        },
    )
    bemerkung = forms.CharField(
        label=_("Bemerkung"),
        required=False,
        max_length=500,
        validators=[kein_markup],
        help_text=_(
            "Steht im Verlauf. Den Ratsbeschluss selbst erfassen Sie unter „Ratsbeschlüsse“."
        ),
    )

    def __init__(self, *args, ziele, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["nach"].choices = [
            ("", _("– bitte wählen –")),
            *((z, MassnahmeStatus(z).label) for z in ziele),
        ]


class MeilensteinForm(forms.ModelForm):
    class Meta:
        model = Meilenstein
        fields = ["titel", "faellig_am", "erreicht_am"]
        widgets = {"faellig_am": DATE_WIDGET, "erreicht_am": DATE_WIDGET}


BEWERTUNG_CHOICES = [("", _("– noch nicht bewertet –")), *Bewertung.choices]


def _praemisse_feld(praemisse: str, art: str) -> str:
    return f"{art}_{praemisse}"


class PruefungForm(forms.Form):
    """The whole check as one form: one error summary, every error at its field. Ratings may
    stay empty while the check is a draft; completing it is the service's job."""

    ziele = BoundedModelMultipleChoiceField(
        label=_("Berührte Nachhaltigkeitsziele (SDGs)"),
        queryset=Nachhaltigkeitsziel.objects.order_by("nummer"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    ergebnis = forms.ChoiceField(
        label=_("Ergebnis"),
        choices=[("", _("– noch offen –")), *PruefErgebnis.choices],
        required=False,
    )
    empfehlung = forms.CharField(
        label=_("Empfehlung"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        validators=[kein_markup],
    )
    abwaegung = forms.CharField(
        label=_("Begründung bei stark negativer Bewertung"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        validators=[kein_markup],
        help_text=_("Pflicht, wenn eine Prämisse stark negativ bewertet ist."),
    )

    def __init__(self, *args, pruefung=None, **kwargs):
        if pruefung is not None and "initial" not in kwargs:
            kwargs["initial"] = self.initial_for(pruefung)
        super().__init__(*args, **kwargs)
        for praemisse in Praemisse:
            bewertung = forms.ChoiceField(
                label=_("Bewertung"), choices=BEWERTUNG_CHOICES, required=False
            )
            bewertung.summary_label = _("%(p)s – Bewertung") % {"p": praemisse.label}
            begruendung = forms.CharField(
                label=_("Begründung"),
                required=False,
                max_length=3000,
                widget=forms.Textarea(attrs={"rows": 2}),
                validators=[kein_markup],
                help_text=_("Pflicht, außer bei „nicht relevant“."),
            )
            begruendung.summary_label = _("%(p)s – Begründung") % {"p": praemisse.label}
            self.fields[_praemisse_feld(praemisse.value, "bewertung")] = bewertung
            self.fields[_praemisse_feld(praemisse.value, "begruendung")] = begruendung

    @staticmethod
    def initial_for(pruefung) -> dict:
        initial = {
            "ziele": list(pruefung.ziele.all()),
            "ergebnis": pruefung.ergebnis,
            "empfehlung": pruefung.empfehlung,
            "abwaegung": pruefung.abwaegung,
        }
        for b in pruefung.bewertungen.all():
            initial[_praemisse_feld(b.praemisse, "bewertung")] = b.bewertung
            initial[_praemisse_feld(b.praemisse, "begruendung")] = b.begruendung
        return initial

    def praemissen(self):
        """(label, rating field, reason field) per premise, for the template."""
        return [
            (
                p.label,
                self[_praemisse_feld(p.value, "bewertung")],
                self[_praemisse_feld(p.value, "begruendung")],
            )
            for p in Praemisse
        ]

    def clean(self):
        cleaned = super().clean()
        stark_negativ = False
        for praemisse in Praemisse:
            bewertung = cleaned.get(_praemisse_feld(praemisse.value, "bewertung"))
            feld = _praemisse_feld(praemisse.value, "begruendung")
            begruendung = (cleaned.get(feld) or "").strip()
            ungenannt = not begruendung and feld not in self.errors
            if bewertung and bewertung != Bewertung.NICHT_RELEVANT and ungenannt:
                self.add_error(feld, _("Bitte begründen Sie die Bewertung."))
            stark_negativ |= bewertung == Bewertung.STARK_NEGATIV
        if stark_negativ and not (cleaned.get("abwaegung") or "").strip():
            self.add_error(
                "abwaegung",
                _("Eine stark negative Bewertung braucht eine schriftliche Begründung."),
            )
        return cleaned

    def daten(self) -> dict:
        """The cleaned values in the shape ``services_massnahmen.save_pruefung`` expects."""
        c = self.cleaned_data
        return {
            "ziele": c["ziele"],
            "ergebnis": c["ergebnis"],
            "empfehlung": c["empfehlung"].strip(),
            "abwaegung": c["abwaegung"].strip(),
            "bewertungen": {p: c[_praemisse_feld(p, "bewertung")] for p in Praemisse.values},
            "begruendungen": {
                p: c[_praemisse_feld(p, "begruendung")].strip() for p in Praemisse.values
            },
        }


LINK_FEHLER = _("Bitte geben Sie eine Webadresse an, die mit https:// oder http:// beginnt.")


class RatsbeschlussForm(forms.ModelForm):
    """One council decision. The measure comes from the URL, never from the input."""

    link = forms.URLField(
        label=_("Link zum Ratsinformationssystem"),
        required=False,
        assume_scheme="https",
        max_length=500,
        help_text=_(
            "Die Seite des Beschlusses in OParl, ALLRIS, SessionNet o. Ä., mit https:// oder "
            "http://."
        ),
        error_messages={"invalid": LINK_FEHLER},
    )

    class Meta:
        model = Ratsbeschluss
        fields = ["gremium", "gremium_name", "datum", "vorlage", "ergebnis", "link", "notiz"]
        field_classes = {
            "gremium_name": PlainTextField,
            "vorlage": PlainTextField,
            "notiz": PlainTextField,
        }
        widgets = {"datum": DATE_WIDGET, "notiz": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["gremium"].choices = [("", _("– bitte wählen –")), *Gremium.choices]
        self.fields["ergebnis"].required = True
        self.fields["ergebnis"].choices = [("", _("– bitte wählen –")), *BeschlussErgebnis.choices]
        self.fields["notiz"].validators.append(kein_markup)
        self.fields["datum"].error_messages["invalid"] = _(
            "Bitte geben Sie ein gültiges Datum an, z. B. 09.02.2023."
        )

    def clean_datum(self):
        datum = self.cleaned_data["datum"]
        if datum > timezone.localdate():
            raise forms.ValidationError(
                _(
                    "Das Sitzungsdatum liegt in der Zukunft. Erfassen Sie den Beschluss nach "
                    "der Sitzung."
                )
            )
        if datum.year < 1990:
            raise forms.ValidationError(_("Bitte prüfen Sie das Jahr des Sitzungsdatums."))
        return datum

    def clean_link(self):
        link = self.cleaned_data.get("link", "")
        if link and urlsplit(link).scheme.lower() not in ("http", "https"):
            raise forms.ValidationError(LINK_FEHLER)
        return link

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("gremium") == Gremium.SONSTIGES and not cleaned.get("gremium_name"):
            self.add_error(
                "gremium_name", _("Bitte nennen Sie das Gremium, wenn Sie „Sonstiges“ wählen.")
            )
        return cleaned
