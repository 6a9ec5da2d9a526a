"""Forms of the network pages: networks, members (with a new organisation in place), meetings
and bilateral talks. Plain-text fields reject markup; Markdown fields are sanitised when shown."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from netzwerke.models import Gespraech, Mitgliedschaft, Netzwerk, Treffen
from netzwerke.treffpunkte import registriert
from saarlouis_portal.forms import (
    BoundedModelMultipleChoiceField,
    NameField,
    SuchAuswahlMixin,
    TelefonField,
    kein_markup,
    model_formfield,
)
from saarlouis_portal.konten.models import User
from saarlouis_portal.konten.roles import Rolle
from saarlouis_portal.stammdaten.models import (
    Ansprechperson,
    Gebiet,
    Organisation,
    OrganisationArt,
    Sozialgesetzbuch,
)

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%d.%m.%Y %H:%M", "%Y-%m-%d %H:%M"]


def _datetime_field(label, help_text=""):
    return forms.DateTimeField(
        label=label,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=DATETIME_FORMATS,
        help_text=help_text,
    )


def koordinationspersonen():
    """Active accounts that may coordinate a network: Netzwerkkoordination or Sozialplanung."""
    return (
        User.objects.filter(
            groups__name__in=[Rolle.NETZWERKKOORDINATION.value, Rolle.SOZIALPLANUNG.value],
            is_active=True,
        )
        .distinct()
        .order_by("last_name", "first_name", "email")
    )


class UserChoiceField(BoundedModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.get_full_name() or obj.email


class GebietChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.get_art_display()})"


class NetzwerkForm(forms.ModelForm):
    koordination = UserChoiceField(
        label=_("Koordination"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Personen mit der Rolle Netzwerkkoordination oder Sozialplanung."),
    )
    gebiet = GebietChoiceField(
        label=_("Gebiet"),
        queryset=Gebiet.objects.none(),
        empty_label=_("Bitte wählen"),
        help_text=_("Die Ebene (Stadt, Stadtteil, Sozialraum) ergibt sich aus dem Gebiet."),
    )

    class Meta:
        model = Netzwerk
        formfield_callback = model_formfield
        fields = [
            "name",
            "art",
            "gebiet",
            "themen",
            "handlungsfelder",
            "beschreibung",
            "status",
            "gegruendet_am",
            "koordination",
            "oeffentlich",
        ]
        widgets = {
            "themen": forms.CheckboxSelectMultiple,
            "handlungsfelder": forms.CheckboxSelectMultiple,
            "beschreibung": forms.Textarea(attrs={"rows": 6}),
            "gegruendet_am": DATE_WIDGET,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["gebiet"].queryset = Gebiet.objects.by_level()
        self.fields["koordination"].queryset = koordinationspersonen()

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        clash = Netzwerk.objects.filter(name__iexact=name).exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(_("Ein Netzwerk mit diesem Namen gibt es schon."))
        return name

    def clean_gegruendet_am(self):
        value = self.cleaned_data.get("gegruendet_am")
        if value and value > timezone.localdate():
            raise forms.ValidationError(_("Das Gründungsdatum liegt in der Zukunft."))
        return value


class MitgliedschaftForm(forms.ModelForm):
    """A member: an existing organisation, or a new one created from the same screen.

    The "Neue Organisation" fields create the organisation only when the form is valid, so a
    mistake elsewhere never leaves a half-created organisation behind."""

    neue_organisation = forms.CharField(
        label=_("Name der neuen Organisation"),
        required=False,
        max_length=200,
        validators=[kein_markup],
        help_text=_("Nur ausfüllen, wenn die Organisation noch nicht in der Liste steht."),
    )
    neue_organisation_art = forms.ChoiceField(
        label=_("Art der neuen Organisation"),
        required=False,
        choices=[("", _("Bitte wählen")), *OrganisationArt.choices],
    )
    neue_organisation_sgb = BoundedModelMultipleChoiceField(
        label=_("Leistungen der neuen Organisation nach SGB"),
        required=False,
        queryset=Sozialgesetzbuch.objects.all(),
        widget=forms.CheckboxSelectMultiple,
    )
    person_vorname = NameField(
        label=_("Vorname der neuen Ansprechperson"),
        required=False,
        max_length=80,
        validators=[kein_markup],
    )
    person_nachname = NameField(
        label=_("Nachname der neuen Ansprechperson"),
        required=False,
        max_length=80,
        validators=[kein_markup],
    )
    person_email = forms.EmailField(
        label=_("E-Mail-Adresse der neuen Ansprechperson"),
        required=False,
        help_text=_("Erhält die Einladungen zu den Treffen; nur für Mitarbeitende sichtbar."),
    )
    person_telefon = TelefonField(
        label=_("Telefon der neuen Ansprechperson"),
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
    )

    class Meta:
        model = Mitgliedschaft
        formfield_callback = model_formfield
        fields = ["organisation", "rolle", "seit", "bis", "ansprechpersonen"]
        widgets = {
            "seit": DATE_WIDGET,
            "bis": DATE_WIDGET,
            "ansprechpersonen": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, netzwerk: Netzwerk, **kwargs):
        super().__init__(*args, **kwargs)
        self.netzwerk = netzwerk
        organisation = self.fields["organisation"]
        organisation.required = False
        organisation.empty_label = _("Bitte wählen")
        organisation.queryset = Organisation.objects.order_by("name")
        if self.instance.pk:
            # The organisation of a membership stays; a different one is a new membership.
            del self.fields["organisation"]
            for name in ("neue_organisation", "neue_organisation_art", "neue_organisation_sgb"):
                del self.fields[name]
            self.fields["ansprechpersonen"].queryset = Ansprechperson.objects.filter(
                organisation=self.instance.organisation_id
            )
        else:
            # Without JavaScript the list cannot follow the chosen organisation: on creation
            # all its contact persons are attached (narrow them down afterwards).
            del self.fields["ansprechpersonen"]

    def clean(self):
        cleaned = super().clean()
        if not self.instance.pk:
            organisation = cleaned.get("organisation")
            neu = " ".join((cleaned.get("neue_organisation") or "").split())
            cleaned["neue_organisation"] = neu
            if organisation and neu:
                self.add_error(
                    "neue_organisation",
                    _("Bitte wählen Sie eine Organisation aus oder legen Sie eine neue an."),
                )
            elif not organisation and not neu and "organisation" not in self.errors:
                self.add_error(
                    "organisation",
                    _("Bitte wählen Sie eine Organisation aus oder legen Sie eine neue an."),
                )
            elif neu:
                if Organisation.objects.filter(name__iexact=neu).exists():
                    self.add_error(
                        "neue_organisation",
                        _("Diese Organisation gibt es schon. Bitte wählen Sie sie oben aus."),
                    )
                if not cleaned.get("neue_organisation_art"):
                    self.add_error(
                        "neue_organisation_art",
                        _("Bitte wählen Sie die Art der neuen Organisation."),
                    )
            if (
                organisation
                and Mitgliedschaft.objects.filter(
                    netzwerk=self.netzwerk, organisation=organisation
                ).exists()
            ):
                self.add_error(
                    "organisation", _("Diese Organisation ist schon Mitglied des Netzwerks.")
                )
        seit, bis = cleaned.get("seit"), cleaned.get("bis")
        if seit and bis and bis < seit:
            self.add_error("bis", _("Das Ende der Mitgliedschaft liegt vor ihrem Beginn."))
        person = [cleaned.get(f"person_{k}") for k in ("vorname", "email", "telefon")]
        if any(person) and not cleaned.get("person_nachname"):
            self.add_error(
                "person_nachname", _("Bitte geben Sie den Nachnamen der Ansprechperson an.")
            )
        return cleaned

    def neue_organisation_daten(self) -> dict | None:
        """The organisation entered on this screen (when none was chosen), for the service."""
        data = self.cleaned_data
        if data.get("organisation") is not None:
            return None
        return {
            "name": data["neue_organisation"],
            "art": data["neue_organisation_art"],
            "sgb_buecher": list(data.get("neue_organisation_sgb") or []),
        }

    def neue_person_daten(self) -> dict | None:
        data = self.cleaned_data
        if not data.get("person_nachname"):
            return None
        return {
            "vorname": data.get("person_vorname", ""),
            "nachname": data["person_nachname"],
            "email": data.get("person_email", ""),
            "telefon": data.get("person_telefon", ""),
        }


class TreffenForm(SuchAuswahlMixin, forms.ModelForm):
    beginn = _datetime_field(_("Beginn"), _("Datum und Uhrzeit, z. B. 24.11.2026 18:00."))
    ende = _datetime_field(_("Ende"))

    class Meta:
        model = Treffen
        formfield_callback = model_formfield
        fields = [
            "titel",
            "beginn",
            "ende",
            "ort",
            "tagesordnung",
            "protokoll",
            "protokoll_oeffentlich",
            "anwesende",
            "abgesagt",
        ]
        widgets = {
            "tagesordnung": forms.Textarea(attrs={"rows": 5}),
            "protokoll": forms.Textarea(attrs={"rows": 8}),
            "anwesende": forms.CheckboxSelectMultiple,
        }
        help_texts = {
            "ort": _(
                "Zum Beispiel: Rathaus Saarlouis, Sitzungssaal 2 – oder nur der Raum, wenn "
                "oben ein Ort der Begegnung gewählt ist."
            ),
            "anwesende": _("Die Organisationen, die am Treffen teilgenommen haben."),
            "abgesagt": _("Abgesagte Treffen bleiben sichtbar und erscheinen als abgesagt."),
        }

    def __init__(self, *args, netzwerk: Netzwerk, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["anwesende"].queryset = Organisation.objects.filter(
            mitgliedschaften__netzwerk=netzwerk
        ).order_by("name")
        treffpunkte = registriert()
        if treffpunkte:
            # The Ort der Begegnung, offered by begegnung (netzwerke.treffpunkte), before "ort".
            self.fields["treffpunkt"] = treffpunkte.formfield()
            self.initial["treffpunkt"] = treffpunkte.von(self.instance)
            self.order_fields(["titel", "beginn", "ende", "treffpunkt"])
            # Beyond a number of places the field is a search (a SuchAuswahlField).
            self.suchauswahl_einrichten()
        if not self.instance.pk:
            for name in ("protokoll", "protokoll_oeffentlich", "anwesende", "abgesagt"):
                del self.fields[name]

    def clean(self):
        cleaned = super().clean()
        beginn, ende = cleaned.get("beginn"), cleaned.get("ende")
        if beginn and ende and ende <= beginn:
            self.add_error("ende", _("Das Ende muss nach dem Beginn liegen."))
        if self.instance.pk and "anwesende" in cleaned:
            self._check_anwesende(cleaned["anwesende"])
        return cleaned

    def _check_anwesende(self, anwesende) -> None:
        """An organisation one of whose invited persons is ticked as present stays present
        (issue 17): the person's tick is removed on the meeting page first."""
        mit_personen = Organisation.objects.filter(
            ansprechpersonen__einladungen__treffen=self.instance,
            ansprechpersonen__einladungen__anwesend=True,
        ).distinct()
        fehlend = [o.name for o in mit_personen if o not in anwesende]
        if fehlend:
            self.add_error(
                "anwesende",
                _(
                    "Von %(namen)s sind Personen als anwesend eingetragen. Entfernen Sie zuerst "
                    "deren Anwesenheit auf der Seite des Treffens (Rückmeldungen)."
                )
                % {"namen": ", ".join(sorted(fehlend))},
            )


class GespraechForm(forms.ModelForm):
    gebiet = GebietChoiceField(
        label=_("Gebiet"), queryset=Gebiet.objects.none(), empty_label=_("Bitte wählen")
    )

    class Meta:
        model = Gespraech
        formfield_callback = model_formfield
        fields = ["organisation", "datum", "gebiet", "themen", "notiz", "netzwerk"]
        widgets = {
            "datum": DATE_WIDGET,
            "themen": forms.CheckboxSelectMultiple,
            "notiz": forms.Textarea(attrs={"rows": 5}),
        }
        help_texts = {
            "notiz": _(
                "Nur für Mitarbeitende sichtbar. Bitte keine Gesundheits- oder Sozialdaten."
            ),
        }
        error_messages = {
            "themen": {"required": _("Bitte wählen Sie mindestens ein angesprochenes Thema.")}
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.order_by("name")
        self.fields["organisation"].empty_label = _("Bitte wählen")
        self.fields["gebiet"].queryset = Gebiet.objects.by_level()
        self.fields["netzwerk"].queryset = Netzwerk.objects.for_user(user).order_by("name")
        self.fields["netzwerk"].empty_label = _("Keinem Netzwerk zugeordnet")
        self.fields["notiz"].validators.append(kein_markup)

    def clean_datum(self):
        datum = self.cleaned_data["datum"]
        if datum > timezone.localdate():
            raise forms.ValidationError(_("Das Gespräch liegt in der Zukunft."))
        return datum
