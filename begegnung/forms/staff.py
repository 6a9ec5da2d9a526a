"""Forms of the staff pages: places, opening hours and exceptions, staff posts, partners, offers
with their single dates, the stage history and the checklist settings.

Plain-text fields reject markup; ``clean_*`` return domain values. Formsets need no JavaScript:
they always show a few empty rows, and an emptied row is removed on saving.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from begegnung import services
from begegnung.models import (
    BEGRUENDUNG_MAX,
    Angebot,
    AntragArt,
    Ausnahme,
    Ort,
    Partnerschaft,
    Stelle,
    Stufe,
    StufeErreicht,
    Stufenkriterium,
    Wiederholung,
    Wochentag,
)
from begegnung.services_antraege import unmet_reason_message
from netzwerke.models import Netzwerk
from saarlouis_portal.forms import (
    PlainTextField,
    SuchAuswahlField,
    SuchAuswahlMixin,
    kein_markup,
    model_formfield,
)
from saarlouis_portal.konten.models import User
from saarlouis_portal.konten.roles import Rolle
from saarlouis_portal.stammdaten.forms import UebersetzungenMixin, uebersetzungen
from saarlouis_portal.stammdaten.models import Gebiet, Organisation, Sprache, Thema

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME_WIDGET = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class _PlainTextMixin:
    plain_text_fields: tuple[str, ...] = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.plain_text_fields:
            if name in self.fields:
                self.fields[name].validators.append(kein_markup)


def _ortsleitungen():
    return User.objects.filter(groups__name=Rolle.ORTSLEITUNG.value, is_active=True).order_by(
        "last_name", "first_name", "email"
    )


class OrtForm(UebersetzungenMixin, _PlainTextMixin, forms.ModelForm):
    """A place. Stage, leadership and visibility are decisions of the Sozialplanung: the form
    drops those fields for anybody else (``darf_planen=False``)."""

    plain_text_fields = (
        "strasse",
        "ortsname",
        "barrierefreiheit_hinweise",
        "interne_notiz",
        "beschreibung",
    )
    PLANUNGSFELDER = ("stufe", "stufe_erreicht_am", "stufe_begruendung", "leitung", "oeffentlich")

    website = forms.URLField(
        label=_("Website"),
        required=False,
        assume_scheme="https",
        max_length=200,
        help_text=_("Mit https://, z. B. https://www.beispiel.de"),
    )
    stufe_erreicht_am = forms.DateField(
        label=_("Stufe erreicht am"),
        required=False,
        widget=DATE_WIDGET,
        help_text=_("Nur bei einem Wechsel der Stufe; leer bedeutet heute."),
    )
    stufe_begruendung = PlainTextField(
        label=_("Begründung, wenn Kriterien der Stufe fehlen"),
        required=False,
        max_length=BEGRUENDUNG_MAX,
        validators=[kein_markup],
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Nur nötig, wenn der Ort die Kriterien der neuen Stufe nicht erfüllt; "
            "die Begründung steht in der Stufengeschichte."
        ),
    )

    class Meta:
        model = Ort
        formfield_callback = model_formfield
        fields = [
            "name",
            "art",
            "stufe",
            "stufe_erreicht_am",
            "stufe_begruendung",
            "gebiet",
            "beschreibung",
            "strasse",
            "plz",
            "ortsname",
            "breitengrad",
            "laengengrad",
            "telefon",
            "email",
            "website",
            "stufenloser_zugang",
            "barrierefreies_wc",
            "induktionsschleife",
            "barrierefreiheit_hinweise",
            "sprachen",
            "netzwerke",
            "leitung",
            "oeffentlich",
            "interne_notiz",
            *uebersetzungen("beschreibung", "barrierefreiheit_hinweise"),
        ]
        widgets = {
            "beschreibung": forms.Textarea(attrs={"rows": 6}),
            "barrierefreiheit_hinweise": forms.Textarea(attrs={"rows": 3}),
            "interne_notiz": forms.Textarea(attrs={"rows": 3}),
            "plz": forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
            "telefon": forms.TextInput(attrs={"type": "tel"}),
            "breitengrad": forms.TextInput(attrs={"inputmode": "decimal"}),
            "laengengrad": forms.TextInput(attrs={"inputmode": "decimal"}),
            "sprachen": forms.CheckboxSelectMultiple,
            "netzwerke": forms.CheckboxSelectMultiple,
            "leitung": forms.CheckboxSelectMultiple,
        }
        help_texts = {
            "breitengrad": _("Dezimalgrad (WGS 84) zwischen -90 und 90, z. B. 49,3165."),
            "laengengrad": _("Dezimalgrad (WGS 84) zwischen -180 und 180, z. B. 6,7496."),
            "telefon": _("Wird öffentlich angezeigt."),
            "email": _("Wird öffentlich angezeigt."),
            "leitung": _("Diese Personen dürfen den Ort, seine Zeiten und Angebote pflegen."),
        }
        localized_fields = ["breitengrad", "laengengrad"]

    def __init__(self, *args, darf_planen: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.darf_planen = darf_planen
        self.alte_stufe = self.instance.stufe if self.instance.pk else None
        self.fields["gebiet"].queryset = Gebiet.objects.select_related("eltern").by_level()
        self.fields["sprachen"].queryset = Sprache.objects.all()
        self.fields["netzwerke"].queryset = Netzwerk.objects.order_by("name")
        self.fields["leitung"].queryset = _ortsleitungen()
        self.fields["leitung"].label_from_instance = lambda u: u.get_full_name() or u.email
        for name in ("breitengrad", "laengengrad"):
            self.fields[name].error_messages["invalid"] = _(
                "Bitte geben Sie eine Zahl in Dezimalgrad ein, z. B. 49,3165."
            )
        if not darf_planen:
            for name in self.PLANUNGSFELDER:
                self.fields.pop(name, None)
        elif self.instance.pk and self._vorgeschlagen():
            # A proposed place becomes public by accepting the proposal, not on this form.
            self.fields.pop("oeffentlich", None)
        self.offene_kriterien = []

    def _vorgeschlagen(self) -> bool:
        return self.instance.antraege.offen().filter(art=AntragArt.AUFNAHME).exists()

    def clean_name(self):
        return " ".join(self.cleaned_data["name"].split())

    def _grad(self, name: str, grenze: int, text):
        wert = self.cleaned_data.get(name)
        if wert is not None and not -grenze <= wert <= grenze:
            raise ValidationError(text)
        return wert

    def clean_breitengrad(self):
        return self._grad(
            "breitengrad", 90, _("Der Breitengrad muss zwischen -90 und 90 Grad liegen.")
        )

    def clean_laengengrad(self):
        return self._grad(
            "laengengrad", 180, _("Der Längengrad muss zwischen -180 und 180 Grad liegen.")
        )

    def clean(self):
        cleaned = super().clean()
        breite, laenge = cleaned.get("breitengrad"), cleaned.get("laengengrad")
        if (breite is None) != (laenge is None) and not (
            self.has_error("breitengrad") or self.has_error("laengengrad")
        ):
            fehlend = "laengengrad" if laenge is None else "breitengrad"
            self.add_error(fehlend, _("Bitte geben Sie Breiten- und Längengrad gemeinsam an."))
        self._check_stufe(cleaned)
        return cleaned

    def _check_stufe(self, cleaned) -> None:
        """A stage raised above what the place's checklist allows needs a reason."""
        stufe = cleaned.get("stufe")
        if not stufe or stufe == self.alte_stufe:
            return
        punkte = services.build_checkliste_bis(self.instance, stufe, von=self.alte_stufe)
        self.offene_kriterien = [p for p in punkte if not p.erfuellt]
        if not self.offene_kriterien:
            cleaned["stufe_begruendung"] = ""
        elif not cleaned.get("stufe_begruendung") and not self.has_error("stufe_begruendung"):
            self.add_error("stufe_begruendung", unmet_reason_message(self.offene_kriterien))

    def save(self, commit=True):
        """Saves the place; a changed stage goes through the service so its date (and the
        reason for unmet criteria) is recorded. ``commit=False`` saves nothing, as usual."""
        neue_stufe = self.cleaned_data.get("stufe", self.instance.stufe)
        neu = self.instance.pk is None
        if not neu:
            self.instance.stufe = self.alte_stufe
        ort = super().save(commit=commit)
        if commit and (neu or neue_stufe != self.alte_stufe):
            services.set_stufe(
                ort,
                neue_stufe,
                self.cleaned_data.get("stufe_erreicht_am"),
                begruendung=self.cleaned_data.get("stufe_begruendung", ""),
            )
        return ort


class OeffnungszeitForm(forms.Form):
    wochentag = forms.TypedChoiceField(
        label=_("Wochentag"), choices=[("", "–"), *Wochentag.choices], coerce=int
    )
    beginn = forms.TimeField(label=_("Von"), widget=TIME_WIDGET)
    ende = forms.TimeField(label=_("Bis"), widget=TIME_WIDGET)

    def clean(self):
        cleaned = super().clean()
        beginn, ende = cleaned.get("beginn"), cleaned.get("ende")
        if beginn and ende and ende <= beginn:
            self.add_error("ende", _("Das Ende muss nach dem Beginn liegen."))
        return cleaned


class _ZeilenFormSet(forms.BaseFormSet):
    """Rows that were left empty or ticked "Entfernen" do not count."""

    def gueltige_zeilen(self):
        return [
            f.cleaned_data
            for f in self.forms
            if f.cleaned_data and not (self.can_delete and self._should_delete_form(f))
        ]

    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = _("Entfernen")


class BaseOeffnungszeitFormSet(_ZeilenFormSet):
    def clean(self):
        if any(self.errors):
            return
        for fehler in services.check_perioden(self.perioden()):
            raise ValidationError(fehler)

    def perioden(self):
        return [(z["wochentag"], z["beginn"], z["ende"]) for z in self.gueltige_zeilen()]


OeffnungszeitFormSet = forms.formset_factory(
    OeffnungszeitForm,
    formset=BaseOeffnungszeitFormSet,
    extra=3,
    max_num=40,
    validate_max=True,
    can_delete=True,
)


def oeffnungszeiten_formset(ort: Ort, data=None):
    initial = [
        {"wochentag": z.wochentag, "beginn": z.beginn, "ende": z.ende}
        for z in ort.oeffnungszeiten.all()
    ]
    return OeffnungszeitFormSet(data, initial=initial, prefix="zeiten")


class AusnahmeForm(UebersetzungenMixin, _PlainTextMixin, forms.ModelForm):
    class Meta:
        model = Ausnahme
        fields = ["datum", "geschlossen", "beginn", "ende", "grund", *uebersetzungen("grund")]
        widgets = {"datum": DATE_WIDGET, "beginn": TIME_WIDGET, "ende": TIME_WIDGET}
        help_texts = {
            "geschlossen": _("Ohne Haken: geöffnet zu den unten angegebenen Zeiten."),
            "grund": _("Wird öffentlich angezeigt, z. B. „Sommerfest“ oder „Betriebsausflug“."),
        }

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("geschlossen"):
            cleaned["beginn"] = cleaned["ende"] = None
            return cleaned
        beginn, ende = cleaned.get("beginn"), cleaned.get("ende")
        if not self.has_error("beginn") and beginn is None:
            self.add_error("beginn", _("Bitte geben Sie an, ab wann geöffnet ist."))
        if not self.has_error("ende") and ende is None:
            self.add_error("ende", _("Bitte geben Sie an, bis wann geöffnet ist."))
        if beginn and ende and ende <= beginn:
            self.add_error("ende", _("Das Ende muss nach dem Beginn liegen."))
        return cleaned


def _organisationen_feld(label) -> SuchAuswahlField:
    # Organisations are master data that grow with the municipality: a search once there are
    # more than fit into a select (the form needs SuchAuswahlMixin).
    return SuchAuswahlField(
        Organisation.objects.filter(aktiv=True).order_by("name"),
        search_fields=("name", "kurzname"),
        label=label,
    )


class StelleForm(SuchAuswahlMixin, _PlainTextMixin, forms.ModelForm):
    arbeitgeber = _organisationen_feld(_("Anstellungsträger"))

    class Meta:
        model = Stelle
        fields = ["fachbereich", "arbeitgeber", "anteil", "bezeichnung"]
        localized_fields = ["anteil"]
        help_texts = {
            "anteil": _("Zum Beispiel 0,5 für eine halbe Stelle oder 1 für eine volle Stelle."),
            "bezeichnung": _("Optional, z. B. „Schulsozialarbeit Grundschule“."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["anteil"].error_messages["invalid"] = _(
            "Bitte geben Sie den Stellenanteil als Zahl ein, z. B. 0,5."
        )

    def clean_anteil(self):
        anteil = self.cleaned_data["anteil"]
        if anteil is not None and not 0 < anteil <= 1:
            raise ValidationError(
                _("Der Stellenanteil muss größer als 0 und höchstens 1 (Vollzeit) sein.")
            )
        return anteil


class PartnerForm(SuchAuswahlMixin, forms.ModelForm):
    organisation = _organisationen_feld(_("Organisation"))

    class Meta:
        model = Partnerschaft
        fields = ["organisation", "rolle"]

    def clean_organisation(self):
        organisation = self.cleaned_data["organisation"]
        ort = self.instance.ort
        if ort.partnerschaften.filter(organisation=organisation).exists():
            raise ValidationError(_("Diese Organisation ist schon Partnerin dieses Ortes."))
        return organisation


class AngebotForm(UebersetzungenMixin, _PlainTextMixin, forms.ModelForm):
    plain_text_fields = ("beschreibung", "kontakt_name")

    # Only these weeks make sense (0 or 5 would be no date at all in most months).
    woche_im_monat = forms.TypedChoiceField(
        label=_("Woche im Monat"),
        choices=[
            ("", "–"),
            (1, _("erste Woche")),
            (2, _("zweite Woche")),
            (3, _("dritte Woche")),
            (4, _("vierte Woche")),
            (-1, _("letzte Woche")),
        ],
        coerce=int,
        empty_value=None,
        required=False,
        help_text=_("Nur bei monatlich, z. B. „jeden ersten Mittwoch“."),
    )

    class Meta:
        model = Angebot
        formfield_callback = model_formfield
        fields = [
            "titel",
            "beschreibung",
            "themen",
            "zielgruppe",
            "sprachen",
            "wiederholung",
            "wochentag",
            "woche_im_monat",
            "beginn",
            "ende",
            "gueltig_ab",
            "gueltig_bis",
            "kostenlos",
            "kosten",
            "anmeldung_noetig",
            "anmeldung_wie",
            "kontakt_name",
            "kontakt_email",
            "kontakt_telefon",
            "oeffentlich",
            *uebersetzungen("titel", "beschreibung", "kosten", "anmeldung_wie"),
        ]
        widgets = {
            "beschreibung": forms.Textarea(attrs={"rows": 5}),
            "themen": forms.CheckboxSelectMultiple,
            "sprachen": forms.CheckboxSelectMultiple,
            "wiederholung": forms.RadioSelect,
            "beginn": TIME_WIDGET,
            "ende": TIME_WIDGET,
            "gueltig_ab": DATE_WIDGET,
            "gueltig_bis": DATE_WIDGET,
            "kontakt_telefon": forms.TextInput(attrs={"type": "tel"}),
        }
        help_texts = {
            "wochentag": _("Bei wöchentlichen und monatlichen Angeboten."),
            "beginn": _("Bei einzelnen Terminen tragen Sie die Zeiten unten je Termin ein."),
            "kontakt_name": _("Wird öffentlich angezeigt."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["themen"].queryset = Thema.objects.all()
        self.fields["sprachen"].queryset = Sprache.objects.all()
        self.fields["wiederholung"].widget.choices = Wiederholung.choices

    def clean_titel(self):
        return " ".join(self.cleaned_data["titel"].split())

    def clean(self):
        cleaned = super().clean()
        wiederholung = cleaned.get("wiederholung")
        if wiederholung in (Wiederholung.WOECHENTLICH, Wiederholung.MONATLICH):
            if cleaned.get("wochentag") is None and not self.has_error("wochentag"):
                self.add_error("wochentag", _("Bitte wählen Sie den Wochentag."))
            if cleaned.get("beginn") is None and not self.has_error("beginn"):
                self.add_error("beginn", _("Bitte geben Sie an, wann das Angebot beginnt."))
        if (
            wiederholung == Wiederholung.MONATLICH
            and cleaned.get("woche_im_monat") is None
            and not self.has_error("woche_im_monat")
        ):
            self.add_error("woche_im_monat", _("Bitte wählen Sie, in welcher Woche des Monats."))
        if wiederholung != Wiederholung.MONATLICH:
            cleaned["woche_im_monat"] = None
        beginn, ende = cleaned.get("beginn"), cleaned.get("ende")
        if beginn and ende and ende <= beginn:
            self.add_error("ende", _("Das Ende muss nach dem Beginn liegen."))
        ab, bis = cleaned.get("gueltig_ab"), cleaned.get("gueltig_bis")
        if ab and bis and bis < ab:
            self.add_error("gueltig_bis", _("Das Enddatum darf nicht vor dem Startdatum liegen."))
        fehlt_wie = cleaned.get("anmeldung_noetig") and not cleaned.get("anmeldung_wie")
        if fehlt_wie and not self.has_error("anmeldung_wie"):
            self.add_error("anmeldung_wie", _("Bitte sagen Sie, wie man sich anmeldet."))
        fehlen_kosten = cleaned.get("kostenlos") is False and not cleaned.get("kosten")
        if fehlen_kosten and not self.has_error("kosten"):
            self.add_error("kosten", _("Bitte nennen Sie die Kosten."))
        return cleaned


class AngebotTerminForm(forms.Form):
    datum = forms.DateField(label=_("Datum"), widget=DATE_WIDGET)
    beginn = forms.TimeField(label=_("Von"), widget=TIME_WIDGET)
    ende = forms.TimeField(label=_("Bis"), widget=TIME_WIDGET)

    def clean(self):
        cleaned = super().clean()
        beginn, ende = cleaned.get("beginn"), cleaned.get("ende")
        if beginn and ende and ende <= beginn:
            self.add_error("ende", _("Das Ende muss nach dem Beginn liegen."))
        return cleaned


class BaseAngebotTerminFormSet(_ZeilenFormSet):
    def termine(self):
        return sorted({(z["datum"], z["beginn"], z["ende"]) for z in self.gueltige_zeilen()})


AngebotTerminFormSet = forms.formset_factory(
    AngebotTerminForm,
    formset=BaseAngebotTerminFormSet,
    extra=3,
    max_num=100,
    validate_max=True,
    can_delete=True,
)


def termine_formset(angebot: Angebot | None, data=None):
    initial = []
    if angebot is not None and angebot.pk:
        initial = [
            {"datum": t.datum, "beginn": t.beginn, "ende": t.ende} for t in angebot.termine.all()
        ]
    return AngebotTerminFormSet(data, initial=initial, prefix="termine")


class StufeErreichtForm(forms.ModelForm):
    class Meta:
        model = StufeErreicht
        fields = ["erreicht_am"]
        widgets = {"erreicht_am": DATE_WIDGET}


StufenFormSet = forms.modelformset_factory(
    StufeErreicht, form=StufeErreichtForm, extra=0, can_delete=True
)


class KriteriumForm(_PlainTextMixin, forms.ModelForm):
    plain_text_fields = ("erlaeuterung",)

    class Meta:
        model = Stufenkriterium
        fields = ["stufe", "art", "schwellwert", "erlaeuterung", "aktiv"]
        localized_fields = ["schwellwert"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A checklist leads *to* a stage; nothing leads to the first one.
        self.fields["stufe"].choices = [("", "–"), *Stufe.choices[1:]]


KriterienFormSet = forms.modelformset_factory(
    Stufenkriterium, form=KriteriumForm, extra=2, can_delete=True
)
