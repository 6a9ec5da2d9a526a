"""Forms of the outreach visits: the request (public and staff), triage, and closing."""

import django_filters
from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from saarlouis_portal.forms import (
    KontaktFormMixin,
    NameField,
    PlainTextField,
    honeypot_field,
    kein_markup,
)
from saarlouis_portal.konten.models import User
from saarlouis_portal.konten.roles import Rolle
from saarlouis_portal.stammdaten.models import Gebiet, GebietArt, Organisation
from sprechstunden.models import Beratungsthema, Hausbesuch, HausbesuchStatus
from sprechstunden.services.hausbesuch import AnfrageDaten, Ergebnis

WOHNGEBIET_ARTEN = (GebietArt.GEMEINDE, GebietArt.STADTTEIL, GebietArt.SOZIALRAUM)
_TEXT_FIELDS = ("name", "adresse", "wunschzeiten", "hinweis")


def wohngebiete():
    return Gebiet.objects.filter(art__in=WOHNGEBIET_ARTEN).select_related("eltern").by_level()


class WohngebietField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        if obj.eltern_id and obj.art != GebietArt.GEMEINDE:
            return _("%(name)s (%(art)s in %(eltern)s)") % {
                "name": obj.name,
                "art": obj.get_art_display(),
                "eltern": obj.eltern.name,
            }
        return f"{obj.name} ({obj.get_art_display()})"


class OrganisationField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


STAFF_HELP_TEXTS = {
    "name": _("Wie die Person angesprochen werden möchte; ein Vorname genügt."),
    "telefon": _("Mindestens eine Telefonnummer, E-Mail-Adresse oder Adresse."),
    "email": "",
    "adresse": _("Straße, Hausnummer und Ort, wenn die Person anders nicht erreichbar ist."),
    "gebiet": "",
    "anliegen": _("Nur das Thema; Einzelheiten gehören nicht ins Portal."),
    "vermittelt_durch": _("Die Stelle, die die Person an uns verwiesen hat."),
}


class AnfrageForm(KontaktFormMixin, forms.ModelForm):
    """The request for a visit. ``for_staff`` words the consent for a request taken by phone.
    Someone without phone or e-mail can be reached at their address."""

    kontakt_felder = ("telefon", "email", "adresse")
    kontakt_fehlt = _(
        "Bitte geben Sie eine Telefonnummer, eine E-Mail-Adresse oder eine Adresse an, damit wir "
        "Sie erreichen."
    )
    honeypot_fehler = _("Ihre Anfrage sieht automatisch erzeugt aus und wurde nicht gesendet.")

    einwilligung = forms.BooleanField(required=True)

    class Meta:
        model = Hausbesuch
        fields = [
            "name",
            "telefon",
            "email",
            "adresse",
            "gebiet",
            "anliegen",
            "wunschzeiten",
            "vermittelt_durch",
            "hinweis",
        ]
        field_classes = {
            "name": NameField,
            "adresse": PlainTextField,
            "wunschzeiten": PlainTextField,
            "hinweis": PlainTextField,
            "gebiet": WohngebietField,
            "vermittelt_durch": OrganisationField,
        }
        widgets = {
            "name": forms.TextInput(attrs={"autocomplete": "name"}),
            "telefon": forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "adresse": forms.TextInput(attrs={"autocomplete": "address-line1"}),
            "hinweis": forms.Textarea(attrs={"rows": 3}),
        }
        labels = {
            "name": _("Name"),
            "gebiet": _("Wohngebiet"),
            "anliegen": _("Worum geht es?"),
            "wunschzeiten": _("Wann passt ein Besuch oder Anruf?"),
            "vermittelt_durch": _("Vermittelt durch"),
        }
        help_texts = {
            "name": _("Damit wir Sie ansprechen können. Ein Vorname genügt."),
            "telefon": _("Damit wir einen Termin mit Ihnen abstimmen können."),
            "email": _("Wenn Sie lieber per E-Mail erreicht werden möchten."),
            "adresse": _(
                "Straße, Hausnummer und Ort, wenn Sie weder Telefon noch E-Mail haben: Wir "
                "kommen dann vorbei oder schreiben Ihnen."
            ),
            "gebiet": _("Damit die Fachkraft aus Ihrer Nähe kommt."),
            "anliegen": _("Das Thema genügt, Einzelheiten besprechen wir persönlich."),
            "wunschzeiten": _("Zum Beispiel: vormittags, nicht mittwochs."),
            "vermittelt_durch": _(
                "Wenn eine Stelle Sie an uns verwiesen hat, z. B. das Integrationsmanagement."
            ),
            "hinweis": _(
                "Bitte schreiben Sie hier keine Gesundheitsdaten oder andere vertrauliche "
                "Einzelheiten. Das besprechen wir persönlich."
            ),
        }

    def __init__(self, *args, for_staff: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.for_staff = for_staff
        for name in _TEXT_FIELDS:
            self.fields[name].validators.append(kein_markup)
        self.fields["gebiet"].queryset = wohngebiete()
        self.fields["gebiet"].empty_label = _("Bitte wählen")
        self.fields["anliegen"].queryset = Beratungsthema.objects.all()
        self.fields["anliegen"].empty_label = _("Bitte wählen")
        self.fields["vermittelt_durch"].queryset = Organisation.objects.filter(aktiv=True).order_by(
            "name"
        )
        self.fields["vermittelt_durch"].empty_label = _("Niemand / weiß nicht")
        days = settings.HAUSBESUCH_AUFBEWAHRUNG_TAGE
        consent = self.fields["einwilligung"]
        consent.summary_label = _("Einverständnis")
        if for_staff:
            consent.label = _(
                "Die Person ist einverstanden, dass ihre Angaben für die Planung des Besuchs "
                "gespeichert werden; sie kennt die Datenschutzhinweise."
            )
            for name, text in STAFF_HELP_TEXTS.items():
                self.fields[name].help_text = text
        else:
            consent.label = _(
                "Ich bin einverstanden, dass die Sozialplanung und die zuständige Fachkraft "
                "meine Angaben speichern und nutzen, um den Hausbesuch mit mir zu vereinbaren."
            )
            self.fields["webseite"] = honeypot_field()
        consent.help_text = _(
            "Zweck: nur die Vereinbarung und Durchführung des Hausbesuchs. Ihre Angaben werden "
            "spätestens %(tage)s Tage nach Abschluss gelöscht; für die Statistik bleibt nur ein "
            "anonymer Eintrag (Thema, Gebiet, Monat). Sie können die Einwilligung jederzeit "
            "widerrufen."
        ) % {"tage": days}
        if settings.HAUSBESUCH_HOECHSTALTER_TAGE > 0:
            consent.help_text += " " + _(
                "Wird die Anfrage nicht abgeschlossen, werden sie spätestens %(tage)s Tage nach "
                "ihrem Eingang und nach dem zuletzt geplanten Besuch gelöscht."
            ) % {"tage": settings.HAUSBESUCH_HOECHSTALTER_TAGE}
        consent.error_messages["required"] = (
            _("Ohne Einverständnis der Person darf die Anfrage nicht gespeichert werden.")
            if for_staff
            else _("Ohne Ihr Einverständnis können wir die Anfrage nicht speichern.")
        )

    def daten(self) -> AnfrageDaten:
        c = self.cleaned_data
        return AnfrageDaten(
            name=c["name"],
            gebiet=c["gebiet"],
            anliegen=c["anliegen"],
            telefon=c.get("telefon", ""),
            email=c.get("email", ""),
            adresse=c.get("adresse", ""),
            wunschzeiten=c.get("wunschzeiten", ""),
            vermittelt_durch=c.get("vermittelt_durch"),
            hinweis=c.get("hinweis", ""),
        )


class BeratungUserField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.get_full_name() or obj.email


class NeuPlanenForm(forms.Form):
    """A new date for an assigned visit, and who comes along; the counsellor stays."""

    partner = OrganisationField(
        label=_("Begleitender Partner"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("Kein Partner"),
        help_text=_("Zum Beispiel das Integrationsmanagement, wenn es mitkommt."),
    )
    geplant_am = forms.DateTimeField(
        label=_("Geplant am"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_("Datum und Uhrzeit des Besuchs, z. B. 24.11.2026 10:00."),
        input_formats=["%Y-%m-%dT%H:%M", "%d.%m.%Y %H:%M", "%Y-%m-%d %H:%M"],
    )

    field_order = ["geplant_am", "partner"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = Organisation.objects.filter(aktiv=True).order_by("name")

    def clean_geplant_am(self):
        value = self.cleaned_data["geplant_am"]
        if value < timezone.now():
            raise forms.ValidationError(_("Der geplante Termin liegt in der Vergangenheit."))
        return value


class ZuteilungForm(NeuPlanenForm):
    """Triage (Sozialplanung): who visits, when, and who comes along."""

    zugewiesen = BeratungUserField(
        label=_("Zuständige Fachkraft"), queryset=User.objects.none(), empty_label=_("Bitte wählen")
    )

    field_order = ["zugewiesen", "partner", "geplant_am"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["zugewiesen"].queryset = (
            User.objects.filter(groups__name=Rolle.BERATUNG.value, is_active=True)
            .distinct()
            .order_by("last_name", "first_name", "email")
        )


class ErgebnisForm(forms.Form):
    """The anonymous outcome after a visit: nothing in here names the person."""

    datum = forms.DateField(
        label=_("Datum des Besuchs"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%d.%m.%Y"],
    )
    thema = forms.ModelChoiceField(
        label=_("Thema des Gesprächs"),
        queryset=Beratungsthema.objects.all(),
        empty_label=_("Bitte wählen"),
    )
    erstkontakt = forms.TypedChoiceField(
        label=_("Art des Kontakts"),
        choices=[("1", _("Erstkontakt")), ("0", _("Folgekontakt"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
        initial="1",
    )
    vermittelt_an = OrganisationField(
        label=_("Weitervermittelt an"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("Nicht weitervermittelt"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["vermittelt_an"].queryset = Organisation.objects.filter(aktiv=True).order_by(
            "name"
        )

    def clean_datum(self):
        value = self.cleaned_data["datum"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("Das Datum des Besuchs liegt in der Zukunft."))
        return value

    def ergebnis(self) -> Ergebnis:
        c = self.cleaned_data
        return Ergebnis(
            thema=c["thema"],
            erstkontakt=c["erstkontakt"],
            datum=c["datum"],
            vermittelt_an=c.get("vermittelt_an"),
        )


class HausbesuchFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=HausbesuchStatus.choices, empty_label=_("Alle")
    )
    gebiet = django_filters.ModelChoiceFilter(
        label=_("Wohngebiet"),
        queryset=lambda request: wohngebiete(),
        method="filter_gebiet",
        empty_label=_("Überall"),
    )

    class Meta:
        model = Hausbesuch
        fields = []

    def filter_gebiet(self, queryset, name, value):
        """The area itself and everything below it: a Stadtteil includes its Sozialräume."""
        return queryset.filter(gebiet__in=Gebiet.objects.within(value).values("pk"))
