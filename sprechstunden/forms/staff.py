"""Forms of the staff side: places, schedules, counsellors and closures.

Every plain-text field rejects markup; ``clean_*`` methods return domain values (aware
datetimes, lists of weekdays, booleans)."""

from datetime import datetime, time, timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from begegnung.models import Ort
from saarlouis_portal.forms import SuchAuswahlField, SuchAuswahlMixin, kein_markup, model_formfield
from saarlouis_portal.konten.models import User
from saarlouis_portal.konten.roles import Rolle
from saarlouis_portal.stammdaten.forms import UebersetzungenMixin, uebersetzungen
from saarlouis_portal.stammdaten.models import Gebiet, Organisation
from sprechstunden.models import (
    WOCHENTAGE,
    Anlaufstelle,
    Beratende,
    Beratungsthema,
    Schliesszeit,
    Sprache,
    Sprechstunde,
)

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME_WIDGET = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


def beratungsfachkraefte():
    """Active accounts with the Beratung role: the only people who can be counsellors."""
    return User.objects.filter(groups__name=Rolle.BERATUNG.value, is_active=True).order_by(
        "last_name", "first_name", "email"
    )


class _PlainTextMixin:
    """Reject markup in the named plain-text fields."""

    plain_text_fields: tuple[str, ...] = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.plain_text_fields:
            if name in self.fields:
                self.fields[name].validators.append(kein_markup)


class AnlaufstelleForm(SuchAuswahlMixin, UebersetzungenMixin, _PlainTextMixin, forms.ModelForm):
    plain_text_fields = ("name", "strasse", "ort", "raum", "wegbeschreibung", "barrierefreiheit")

    # Every place of the directory: found by a search once there are more than 20.
    ort_begegnung = SuchAuswahlField(
        Ort.objects.order_by("name"),
        search_fields=("name",),
        required=False,
        label=_("Ort der Begegnung"),
        empty_label=_("– kein Ort der Begegnung –"),
        help_text=_("Wenn die Sprechstunde an einem Ort der Begegnung stattfindet."),
    )

    class Meta:
        model = Anlaufstelle
        fields = [
            "name",
            "gebiet",
            "strasse",
            "plz",
            "ort",
            "raum",
            "wegbeschreibung",
            "barrierefreiheit",
            "stufenlos",
            "telefon",
            "email",
            "ort_begegnung",
            "aktiv",
            *uebersetzungen("wegbeschreibung", "barrierefreiheit"),
        ]
        widgets = {
            "wegbeschreibung": forms.Textarea(attrs={"rows": 3}),
            "barrierefreiheit": forms.Textarea(attrs={"rows": 3}),
            "plz": forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
            "telefon": forms.TextInput(attrs={"type": "tel"}),
        }
        help_texts = {
            "raum": _("Zum Beispiel: Zimmer 1.12, erster Stock."),
            "telefon": _("Wird öffentlich angezeigt: für Rückfragen und Absagen."),
            "email": _("Wird öffentlich angezeigt."),
            "aktiv": _("Nur aktive Anlaufstellen werden öffentlich gezeigt und sind buchbar."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["gebiet"].queryset = Gebiet.objects.select_related("eltern").by_level()

    def clean_name(self):
        return " ".join(self.cleaned_data["name"].split())


class SprechstundeForm(UebersetzungenMixin, _PlainTextMixin, forms.ModelForm):
    plain_text_fields = ("titel", "beschreibung")

    wochentage = forms.TypedMultipleChoiceField(
        label=_("Wochentage"),
        choices=WOCHENTAGE,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Bitte wählen Sie mindestens einen Wochentag.")},
    )

    class Meta:
        model = Sprechstunde
        formfield_callback = model_formfield
        fields = [
            "anlaufstelle",
            "titel",
            "beschreibung",
            "wochentage",
            "beginn",
            "ende",
            "slot_minuten",
            "puffer_minuten",
            "kapazitaet",
            "vorlauf_stunden",
            "buchbar_tage",
            "gueltig_ab",
            "gueltig_bis",
            "themen",
            "sprachen",
            "modus",
            "oeffentlich",
            *uebersetzungen("titel", "beschreibung"),
        ]
        widgets = {
            "beschreibung": forms.Textarea(attrs={"rows": 3}),
            "beginn": TIME_WIDGET,
            "ende": TIME_WIDGET,
            "gueltig_ab": DATE_WIDGET,
            "gueltig_bis": DATE_WIDGET,
            "themen": forms.CheckboxSelectMultiple,
            "sprachen": forms.CheckboxSelectMultiple,
            "modus": forms.RadioSelect,
        }
        help_texts = {
            "titel": _("Zum Beispiel: Offene Sprechstunde am Vormittag."),
            "beschreibung": _("Wird öffentlich angezeigt."),
            "beginn": _("Uhrzeit, zu der der erste Termin beginnt."),
            "ende": _("Bis zu dieser Uhrzeit muss der letzte Termin beendet sein."),
            "gueltig_bis": _("Leer lassen, wenn die Sprechstunde unbefristet stattfindet."),
            "sprachen": _("In welchen Sprachen beraten werden kann."),
            "oeffentlich": _(
                "Nur veröffentlichte Sprechstunden sind online buchbar; Mitarbeitende können "
                "immer buchen."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["anlaufstelle"].queryset = Anlaufstelle.objects.order_by("name")
        self.fields["themen"].queryset = Beratungsthema.objects.all()
        self.fields["sprachen"].queryset = Sprache.objects.all()
        self.fields["gueltig_ab"].initial = timezone.localdate()
        for name in ("slot_minuten", "puffer_minuten", "kapazitaet"):
            self.fields[name].widget.attrs["inputmode"] = "numeric"

    def clean_wochentage(self):
        return sorted(set(self.cleaned_data["wochentage"]))


class BeratendeForm(SuchAuswahlMixin, forms.ModelForm):
    """Add one counsellor with their Träger to a Sprechstunde. Both lists grow with the data
    (every counsellor, every organisation): each is a search with a bounded list of hits."""

    user = SuchAuswahlField(
        beratungsfachkraefte(),
        search_fields=("first_name", "last_name", "email"),
        label=_("Beratungsfachkraft"),
        help_text=_("Nur Konten mit der Rolle Beratungsfachkraft stehen zur Auswahl."),
        label_from_instance=lambda u: f"{u} ({u.email})",
    )
    traeger = SuchAuswahlField(
        Organisation.objects.active().order_by("name"),
        search_fields=("name", "kurzname"),
        label=_("Träger"),
        help_text=_("Die Organisation, bei der die Fachkraft angestellt ist."),
    )

    class Meta:
        model = Beratende
        fields = ["user", "traeger"]

    def __init__(self, *args, sprechstunde: Sprechstunde, **kwargs):
        super().__init__(*args, **kwargs)
        self.sprechstunde = sprechstunde
        self.instance.sprechstunde = sprechstunde

    def clean_user(self):
        user = self.cleaned_data["user"]
        if self.sprechstunde.beratende_zuordnungen.filter(user=user).exists():
            raise forms.ValidationError(_("Diese Fachkraft berät in dieser Sprechstunde schon."))
        return user

    def validate_unique(self):
        pass  # clean_user says it in words; the constraint stays the backstop


class SchliesszeitForm(UebersetzungenMixin, forms.ModelForm):
    """A closure given as dates, optionally with times; without times it covers whole days."""

    von_datum = forms.DateField(label=_("Von (Datum)"), widget=DATE_WIDGET)
    von_uhrzeit = forms.TimeField(
        label=_("Von (Uhrzeit)"),
        required=False,
        widget=TIME_WIDGET,
        help_text=_("Leer lassen für den ganzen Tag."),
    )
    bis_datum = forms.DateField(
        label=_("Bis (Datum)"),
        widget=DATE_WIDGET,
        help_text=_("Bei einem einzelnen Tag dasselbe Datum wie „Von“."),
    )
    bis_uhrzeit = forms.TimeField(
        label=_("Bis (Uhrzeit)"),
        required=False,
        widget=TIME_WIDGET,
        help_text=_("Leer lassen für den ganzen Tag."),
    )

    class Meta:
        model = Schliesszeit
        fields = ["grund", *uebersetzungen("grund")]

    field_order = ["von_datum", "von_uhrzeit", "bis_datum", "bis_uhrzeit", "grund"]

    def __init__(self, *args, anlaufstelle=None, sprechstunde=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.anlaufstelle = anlaufstelle
        self.instance.sprechstunde = sprechstunde
        for name in ("grund", *self.uebersetzt):
            self.fields[name].validators.append(kein_markup)

    def clean(self):
        cleaned = super().clean()
        von, bis = cleaned.get("von_datum"), cleaned.get("bis_datum")
        if von is None or bis is None:
            return cleaned
        beginn = datetime.combine(
            von, cleaned.get("von_uhrzeit") or time.min, tzinfo=timezone.get_default_timezone()
        )
        if cleaned.get("bis_uhrzeit"):
            ende = datetime.combine(
                bis, cleaned["bis_uhrzeit"], tzinfo=timezone.get_default_timezone()
            )
        else:
            ende = datetime.combine(
                bis + timedelta(days=1), time.min, tzinfo=timezone.get_default_timezone()
            )
        if ende <= beginn:
            self.add_error("bis_datum", _("Das Ende muss nach dem Beginn liegen."))
        elif ende - beginn > timedelta(days=366):
            self.add_error("bis_datum", _("Eine Schließzeit darf höchstens ein Jahr dauern."))
        else:
            self.instance.beginn = beginn
            self.instance.ende = ende
        return cleaned
