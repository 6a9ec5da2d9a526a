"""Forms of the staff side about slots and bookings: the day list filter, bookings on behalf of
callers, cancelling a slot, who takes it, moving a booking and the anonymous outcomes.

Every plain-text field rejects markup."""

from datetime import date, datetime, timedelta

from django import forms
from django.db.models import F, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from saarlouis_portal import telefon as nummern
from saarlouis_portal.forms import NameField, PlainTextField, TelefonField, kein_markup
from saarlouis_portal.konten.models import User
from saarlouis_portal.stammdaten.models import Organisation
from sprechstunden.forms.staff import DATE_WIDGET, _PlainTextMixin, beratungsfachkraefte
from sprechstunden.models import (
    Anlaufstelle,
    Beratungsthema,
    Buchung,
    Sprache,
    Sprechstunde,
    Termin,
)
from sprechstunden.services.booking import BuchungsDaten


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


# How far ahead the follow-up page lists free slots from the chosen day on.
FOLGETERMIN_WOCHEN = 4


class FolgeterminAuswahlForm(forms.Form):
    """Which slots the follow-up page offers: a Sprechstunde the user counsels in (the same as
    the consultation's or another) and the day from which on (four weeks)."""

    sprechstunde = forms.ModelChoiceField(
        label=_("Sprechstunde"), queryset=Sprechstunde.objects.none(), empty_label=None
    )
    ab = forms.DateField(label=_("Freie Termine ab"), required=False, widget=DATE_WIDGET)

    def __init__(self, *args, sprechstunden, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sprechstunde"].queryset = sprechstunden.select_related("anlaufstelle")
        self.fields["sprechstunde"].label_from_instance = lambda s: f"{s.titel} ({s.anlaufstelle})"

    def values(self, default: Sprechstunde | None) -> tuple[Sprechstunde | None, date]:
        """The chosen Sprechstunde and day; bad input falls back to ``default`` and today."""
        errors = self.errors if self.is_bound else {}
        data = self.cleaned_data if self.is_bound else {}
        sprechstunde = None if "sprechstunde" in errors else data.get("sprechstunde")
        ab = None if "ab" in errors else data.get("ab")
        today = timezone.localdate()
        return sprechstunde or default, max(ab or today, today)


class FolgeterminForm(StaffBuchungForm):
    """The follow-up for the person of an attended booking: a free slot, the topic, their
    contact (taken over from the booking, to be checked with them) and their consent once more:
    the privacy notice says that it covers one appointment."""

    termin = forms.ModelChoiceField(
        label=_("Termin"), queryset=Termin.objects.none(), empty_label=_("Bitte wählen")
    )

    field_order = ["termin", "thema"]

    def __init__(self, *args, vorher: Buchung, sprechstunde: Sprechstunde, ab: date, **kwargs):
        kwargs.setdefault("initial", self._initial(vorher))
        super().__init__(*args, sprechstunde=sprechstunde, **kwargs)
        tz = timezone.get_default_timezone()
        start = datetime.combine(ab, datetime.min.time(), tzinfo=tz)
        field = self.fields["termin"]
        field.queryset = (
            Termin.objects.filter(
                sprechstunde=sprechstunde,
                abgesagt=False,
                beginn__gt=timezone.now(),
                beginn__gte=start,
                beginn__lt=start + timedelta(weeks=FOLGETERMIN_WOCHEN),
            )
            .with_geschlossen()
            .filter(geschlossen=False)
            .with_belegt()
            .filter(belegt__lt=F("kapazitaet"))
            .order_by("beginn")
        )
        field.label_from_instance = lambda t: termin_label(t, t.kapazitaet - t.belegt)
        field.error_messages["invalid_choice"] = _(
            "Bitte wählen Sie einen freien Termin aus der Liste."
        )
        self.fields["einwilligung"].label = _(
            "Die Person ist mit dem Folgetermin einverstanden und wurde erneut auf die "
            "Datenschutzhinweise hingewiesen"
        )
        self.fields["einwilligung"].help_text = _(
            "Ihre Einwilligung gilt nach den Datenschutzhinweisen nur für einen Termin; für den "
            "Folgetermin fragen Sie sie bitte noch einmal."
        )
        self.fields["einwilligung"].error_messages["required"] = _(
            "Bitte fragen Sie die Person, ob sie mit dem Folgetermin und der Speicherung ihrer "
            "Angaben einverstanden ist."
        )

    @staticmethod
    def _initial(vorher: Buchung) -> dict:
        kontakt = getattr(vorher, "kontakt", None)
        return {
            "thema": kontakt.thema_id if kontakt else vorher.thema_id,
            "name": vorher.name,
            "telefon": nummern.for_display(vorher.telefon),
            "email": vorher.email,
            "sprache": vorher.sprache_id,
            "dolmetschen": vorher.dolmetschen,
            "barrierefreiheit": vorher.barrierefreiheit,
        }


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

    def __init__(self, *args, folgetermin: bool = False, **kwargs):
        """``folgetermin``: the booking is a follow-up, so the consultation is one: not asked."""
        super().__init__(*args, **kwargs)
        self.fields["vermittelt_an"].queryset = Organisation.objects.active().order_by("name")
        if folgetermin:
            del self.fields["erstkontakt"]


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
