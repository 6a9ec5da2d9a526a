"""Forms of the staff side: places, schedules, counsellors, closures, the day list filter,
bookings on behalf of callers and the anonymous outcomes.

Every plain-text field rejects markup; ``clean_*`` methods return domain values (aware
datetimes, lists of weekdays, booleans)."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django import forms
from django.conf import settings
from django.db.models import F, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from begegnung.models import Ort
from saarlouis_portal.forms import NameField, PlainTextField, TelefonField, kein_markup
from saarlouis_portal.konten.models import User
from saarlouis_portal.konten.roles import Rolle
from saarlouis_portal.stammdaten.models import Gebiet, Organisation
from sprechstunden.models import (
    WOCHENTAGE,
    Anlaufstelle,
    Beratende,
    Beratungsthema,
    Schliesszeit,
    Sprache,
    Sprechstunde,
    Termin,
)
from sprechstunden.services import BuchungsDaten

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME_WIDGET = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


def _tz():
    return ZoneInfo(settings.TIME_ZONE)


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


class AnlaufstelleForm(_PlainTextMixin, forms.ModelForm):
    plain_text_fields = ("name", "strasse", "ort", "raum", "wegbeschreibung", "barrierefreiheit")

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
        self.fields["ort_begegnung"].queryset = Ort.objects.order_by("name")
        self.fields["ort_begegnung"].empty_label = _("– kein Ort der Begegnung –")

    def clean_name(self):
        return " ".join(self.cleaned_data["name"].split())


class SprechstundeForm(_PlainTextMixin, forms.ModelForm):
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
            "veroeffentlicht",
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
            "veroeffentlicht": _(
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


class BeratendeForm(forms.ModelForm):
    """Add one counsellor with their Träger to a Sprechstunde."""

    class Meta:
        model = Beratende
        fields = ["user", "traeger"]
        help_texts = {
            "user": _("Nur Konten mit der Rolle Beratungsfachkraft stehen zur Auswahl."),
            "traeger": _("Die Organisation, bei der die Fachkraft angestellt ist."),
        }

    def __init__(self, *args, sprechstunde: Sprechstunde, **kwargs):
        super().__init__(*args, **kwargs)
        self.sprechstunde = sprechstunde
        self.instance.sprechstunde = sprechstunde
        self.fields["user"].queryset = beratungsfachkraefte()
        self.fields["user"].label_from_instance = lambda u: f"{u} ({u.email})"
        self.fields["traeger"].queryset = Organisation.objects.active().order_by("name")

    def clean_user(self):
        user = self.cleaned_data["user"]
        if self.sprechstunde.beratende_zuordnungen.filter(user=user).exists():
            raise forms.ValidationError(_("Diese Fachkraft berät in dieser Sprechstunde schon."))
        return user

    def validate_unique(self):
        pass  # clean_user says it in words; the constraint stays the backstop


class SchliesszeitForm(forms.ModelForm):
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
        fields = ["grund"]

    field_order = ["von_datum", "von_uhrzeit", "bis_datum", "bis_uhrzeit", "grund"]

    def __init__(self, *args, anlaufstelle=None, sprechstunde=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.anlaufstelle = anlaufstelle
        self.instance.sprechstunde = sprechstunde
        self.fields["grund"].validators.append(kein_markup)

    def clean(self):
        cleaned = super().clean()
        von, bis = cleaned.get("von_datum"), cleaned.get("bis_datum")
        if von is None or bis is None:
            return cleaned
        beginn = datetime.combine(von, cleaned.get("von_uhrzeit") or time.min, tzinfo=_tz())
        if cleaned.get("bis_uhrzeit"):
            ende = datetime.combine(bis, cleaned["bis_uhrzeit"], tzinfo=_tz())
        else:
            ende = datetime.combine(bis + timedelta(days=1), time.min, tzinfo=_tz())
        if ende <= beginn:
            self.add_error("bis_datum", _("Das Ende muss nach dem Beginn liegen."))
        elif ende - beginn > timedelta(days=366):
            self.add_error("bis_datum", _("Eine Schließzeit darf höchstens ein Jahr dauern."))
        else:
            self.instance.beginn = beginn
            self.instance.ende = ende
        return cleaned


class TageslisteForm(forms.Form):
    """Which day, place and counsellor the day list and the week view show."""

    datum = forms.DateField(label=_("Datum"), required=False, widget=DATE_WIDGET)
    anlaufstelle = forms.ModelChoiceField(
        label=_("Anlaufstelle"),
        queryset=Anlaufstelle.objects.order_by("name"),
        required=False,
        empty_label=_("Alle"),
    )
    beratende = forms.ModelChoiceField(
        label=_("Beratungsfachkraft"),
        queryset=beratungsfachkraefte(),
        required=False,
        empty_label=_("Alle"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["beratende"].queryset = beratungsfachkraefte()

    def values(self) -> tuple[date, Anlaufstelle | None, User | None]:
        """The chosen filters; a field with bad input falls back to its default."""
        errors = self.errors if self.is_bound else {}
        data = self.cleaned_data if self.is_bound else {}

        def get(name):
            return None if name in errors else data.get(name)

        return get("datum") or timezone.localdate(), get("anlaufstelle"), get("beratende")


def termin_label(termin: Termin, frei: int | None = None) -> str:
    local = timezone.localtime(termin.beginn)
    text = f"{date_format(local, 'D, d.m.Y')}, {local:%H:%M}"
    if frei is not None:
        text += " – " + str(_("%(frei)d von %(plaetze)d frei")) % {
            "frei": frei,
            "plaetze": termin.kapazitaet,
        }
    return text


class StaffBuchungForm(_PlainTextMixin, forms.Form):
    """Book on behalf of a caller. One way to reach them is needed; an e-mail is not."""

    plain_text_fields = ("name", "barrierefreiheit", "notiz")

    thema = forms.ModelChoiceField(label=_("Thema"), queryset=Beratungsthema.objects.none())
    name = NameField(
        label=_("Name oder Vorname"),
        max_length=80,
        required=False,
        help_text=_("Ein Vorname oder Initialen genügen: damit Sie die Person zuordnen können."),
    )
    telefon = TelefonField(
        label=_("Telefon"),
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
        help_text=_(
            "Telefon oder E-Mail-Adresse: eines von beiden wird gebraucht, falls der Termin "
            "ausfällt."
        ),
    )
    email = forms.EmailField(
        label=_("E-Mail-Adresse"),
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
        help_text=_(
            "Nur wenn die Person eine Bestätigung mit Kalendereintrag und Link zum Absagen möchte."
        ),
    )
    sprache = forms.ModelChoiceField(
        label=_("Sprache"),
        queryset=Sprache.objects.none(),
        required=False,
        empty_label=_("Deutsch / keine Angabe"),
    )
    dolmetschen = forms.BooleanField(label=_("Dolmetschen gewünscht"), required=False)
    barrierefreiheit = PlainTextField(
        label=_("Bedarf an Barrierefreiheit"),
        max_length=300,
        required=False,
        help_text=_("Zum Beispiel: kommt mit Rollstuhl, braucht Gebärdensprache."),
    )
    notiz = PlainTextField(
        label=_("Kurze Notiz"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Bitte keine Gesundheits- oder anderen sensiblen Angaben."),
    )
    einwilligung = forms.BooleanField(
        label=_("Die Person wurde auf die Datenschutzhinweise hingewiesen und ist einverstanden"),
        error_messages={
            "required": _("Bitte weisen Sie die Person auf die Datenschutzhinweise hin.")
        },
    )

    def __init__(self, *args, sprechstunde: Sprechstunde, **kwargs):
        super().__init__(*args, **kwargs)
        themen = sprechstunde.themen.all()
        self.fields["thema"].queryset = themen if themen.exists() else Beratungsthema.objects
        self.fields["sprache"].queryset = Sprache.objects.all()

    def clean(self):
        cleaned = super().clean()
        contact_valid = "telefon" not in self.errors and "email" not in self.errors
        if contact_valid and not (cleaned.get("telefon") or cleaned.get("email")):
            self.add_error(
                "telefon",
                _(
                    "Bitte geben Sie eine Telefonnummer oder E-Mail-Adresse an, damit die Person "
                    "bei einer Absage erreicht werden kann."
                ),
            )
        return cleaned

    def buchungsdaten(self) -> BuchungsDaten:
        data = self.cleaned_data
        return BuchungsDaten(
            thema=data["thema"],
            email=data["email"],
            telefon=data["telefon"],
            name=" ".join(data["name"].split()),
            sprache=data["sprache"],
            dolmetschen=data["dolmetschen"],
            barrierefreiheit=data["barrierefreiheit"],
            notiz=data["notiz"],
        )


class TerminAbsagenForm(forms.Form):
    grund = forms.CharField(
        label=_("Grund der Absage"),
        max_length=200,
        validators=[kein_markup],
        help_text=_(
            "Wird den gebuchten Personen per E-Mail mitgeteilt, z. B. „Erkrankung der Beraterin“."
        ),
    )


class TerminZustaendigForm(forms.Form):
    """Which of the Sprechstunde's counsellors takes this one slot (e.g. the other one is on
    leave); empty: all of them, as the Sprechstunde says."""

    beratende = forms.ModelChoiceField(
        label=_("Zuständige Beratungsfachkraft"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("Alle Beratenden der Sprechstunde"),
        help_text=_("Der Termin erscheint dann nur in der Tagesliste dieser Person."),
    )

    def __init__(self, *args, termin: Termin, **kwargs):
        kwargs.setdefault("initial", {"beratende": termin.beratende_id})
        super().__init__(*args, **kwargs)
        field = self.fields["beratende"]
        # The Sprechstunde's active counsellors, and whoever the slot has now (so that a
        # counsellor who left the Sprechstunde is still shown, not silently replaced).
        field.queryset = beratungsfachkraefte().filter(
            Q(beratende_zuordnungen__sprechstunde_id=termin.sprechstunde_id)
            | Q(pk=termin.beratende_id or 0)
        )
        field.error_messages["invalid_choice"] = _(
            "Bitte wählen Sie eine Beratungsfachkraft dieser Sprechstunde."
        )


class VerschiebenForm(forms.Form):
    """Another slot of the same Sprechstunde that still has a free seat."""

    termin = forms.ModelChoiceField(
        label=_("Neuer Termin"), queryset=Termin.objects.none(), empty_label=None
    )

    def __init__(self, *args, buchung, now=None, **kwargs):
        super().__init__(*args, **kwargs)
        now = now or timezone.now()
        current = buchung.termin
        self.fields["termin"].queryset = (
            Termin.objects.filter(
                sprechstunde_id=current.sprechstunde_id, abgesagt=False, beginn__gt=now
            )
            .exclude(pk=current.pk)
            .with_belegt()
            .filter(belegt__lt=F("kapazitaet"))
            .order_by("beginn")
        )
        self.fields["termin"].label_from_instance = lambda t: termin_label(
            t, t.kapazitaet - t.belegt
        )
        self.fields["termin"].error_messages["invalid_choice"] = _(
            "Bitte wählen Sie einen freien Termin derselben Sprechstunde."
        )


ERSTKONTAKT_CHOICES = [
    ("ja", _("Erstkontakt: die Person kommt zum ersten Mal")),
    ("nein", _("Folgekontakt: die Person war schon einmal in der Beratung")),
]


class ErgebnisForm(forms.Form):
    """The anonymous outcome of a consultation: nothing here identifies the person."""

    thema = forms.ModelChoiceField(label=_("Thema"), queryset=Beratungsthema.objects.all())
    erstkontakt = forms.TypedChoiceField(
        label=_("Erst- oder Folgekontakt"),
        choices=ERSTKONTAKT_CHOICES,
        coerce=lambda value: value == "ja",
        widget=forms.RadioSelect,
    )
    vermittelt_an = forms.ModelChoiceField(
        label=_("Weitervermittelt an"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("Nicht weitervermittelt"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["vermittelt_an"].queryset = Organisation.objects.active().order_by("name")


class KontaktForm(ErgebnisForm):
    """A consultation without a booking (walk-in), recorded the same anonymous way."""

    sprechstunde = forms.ModelChoiceField(
        label=_("Sprechstunde"), queryset=Sprechstunde.objects.none()
    )
    datum = forms.DateField(label=_("Datum"), widget=DATE_WIDGET)

    field_order = ["sprechstunde", "datum", "thema", "erstkontakt", "vermittelt_an"]

    def __init__(self, *args, sprechstunden, **kwargs):
        """``sprechstunden``: the ones the user counsels in (another's id is an invalid choice)."""
        super().__init__(*args, **kwargs)
        self.fields["sprechstunde"].queryset = sprechstunden.select_related("anlaufstelle")
        self.fields["datum"].initial = timezone.localdate()

    def clean_datum(self):
        datum = self.cleaned_data["datum"]
        today = timezone.localdate()
        if datum > today:
            raise forms.ValidationError(_("Das Datum liegt in der Zukunft."))
        if datum < today - timedelta(days=366):
            raise forms.ValidationError(_("Das Datum liegt mehr als ein Jahr zurück."))
        return datum
