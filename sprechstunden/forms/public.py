"""Forms of the public booking flow: the list filter, the booking form, moving a booking.

Nothing here writes: the views hand the cleaned values to ``sprechstunden.services``.
"""

import django_filters
from django import forms
from django.conf import settings
from django.utils.functional import lazy
from django.utils.translation import get_language, ngettext_lazy
from django.utils.translation import gettext_lazy as _

from saarlouis_portal.forms import (
    KernFilterSet,
    NameField,
    PlainTextField,
    ShortChoiceIterator,
    TelefonField,
    honeypot_field,
    kein_markup,
)
from sprechstunden.models import Anlaufstelle, Beratungsthema, Sprache, Sprechstunde
from sprechstunden.services.booking import BuchungsDaten


def _offered_themen(request):
    return Beratungsthema.objects.filter(sprechstunden__in=Sprechstunde.objects.public()).distinct()


def _offered_sprachen(request):
    return Sprache.objects.filter(sprechstunden__in=Sprechstunde.objects.public()).distinct()


def _public_anlaufstellen(request):
    return Anlaufstelle.objects.filter(
        pk__in=Sprechstunde.objects.public().values("anlaufstelle")
    ).order_by("name")


class SprechstundenFilter(KernFilterSet):
    """Filters of the public list. ``ab`` does not narrow the list: it moves the slot window.
    The options may lag a change by a minute (``choices_from_cache``)."""

    choices_cached = ("thema", "sprache", "anlaufstelle")
    # A Landkreis has hundreds of Anlaufstellen: beyond 50 the place is found by its name.
    bounded_by_search = {"anlaufstelle": "ort_name"}

    thema = django_filters.ModelChoiceFilter(
        label=_("Thema"),
        field_name="themen",
        queryset=_offered_themen,
        empty_label=_("Alle Themen"),
    )
    sprache = django_filters.ModelChoiceFilter(
        label=_("Sprache"),
        field_name="sprachen",
        queryset=_offered_sprachen,
        empty_label=_("Alle Sprachen"),
    )
    anlaufstelle = django_filters.ModelChoiceFilter(
        label=_("Ort"),
        queryset=_public_anlaufstellen,
        empty_label=_("Alle Orte"),
    )
    ort_name = django_filters.CharFilter(
        label=_("Ort (Name enthält)"), method="filter_ort_name", max_length=100
    )
    ab = django_filters.DateFilter(
        label=_("Freie Termine ab"),
        method="filter_ab",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    class Meta:
        model = Sprechstunde
        fields = []

    def filter_ab(self, queryset, name, value):
        return queryset

    def filter_ort_name(self, queryset, name, value):
        return queryset.filter(anlaufstelle__name__icontains=value)

    @property
    def ab_datum(self):
        """The date asked for, if valid, else None."""
        if not self.is_bound or "ab" in self.errors:
            return None
        return self.form.cleaned_data.get("ab")


def _einwilligung_text() -> str:
    tage = settings.SPRECHSTUNDEN_AUFBEWAHRUNG_TAGE
    return ngettext_lazy(
        "Ich bin einverstanden, dass meine Angaben gespeichert werden, um diesen Termin zu "
        "vereinbaren, mich dazu zu erreichen und das Gespräch vorzubereiten. Sie werden "
        "%(tage)d Tag nach dem Termin gelöscht. Ich kann sie vorher jederzeit über den Link "
        "zu meiner Buchung einsehen und löschen.",
        "Ich bin einverstanden, dass meine Angaben gespeichert werden, um diesen Termin zu "
        "vereinbaren, mich dazu zu erreichen und das Gespräch vorzubereiten. Sie werden "
        "%(tage)d Tage nach dem Termin gelöscht. Ich kann sie vorher jederzeit über den Link "
        "zu meiner Buchung einsehen und löschen.",
        tage,
    ) % {"tage": tage}


# Lazy: translated and formatted only when a page shows it, not for every POST.
_einwilligung_label = lazy(_einwilligung_text, str)


KONTAKT_FEHLT = _(
    "Bitte geben Sie eine E-Mail-Adresse oder eine Telefonnummer an, damit wir Sie erreichen "
    "können."
)


class AngebotenesThemaField(forms.ModelChoiceField):
    """A topic of the slot's Sprechstunde, shown as a list of them. A POST is checked here only
    for the form of its value (an id); whether the Sprechstunde offers that topic the booking
    service checks in the query that locks the slot, which spares a query per booking. The
    service's refusal comes back to this field (``services.errors.ThemaNichtAngeboten``)."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            value = int(str(value))
        except ValueError:
            value = 0
        if not 0 < value < 2**31:
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            )
        return value

    def validate(self, value):
        forms.Field.validate(self, value)  # required or not; the choice is the service's check


class BuchungForm(forms.Form):
    """Screen 2 of the booking: what the person tells us. Only what the consultation needs."""

    thema = AngebotenesThemaField(
        label=_("Worum geht es?"),
        queryset=Beratungsthema.objects.none(),
        empty_label=_("Bitte wählen"),
        help_text=_("Damit eine passende Fachkraft für Sie da ist."),
        error_messages={
            "required": _("Bitte wählen Sie ein Thema."),
            "invalid_choice": _("Bitte wählen Sie eines der angebotenen Themen."),
        },
    )
    email = forms.EmailField(
        label=_("E-Mail-Adresse"),
        required=False,
        max_length=254,
        help_text=_(
            "Dorthin schicken wir die Bestätigung und einen Link, mit dem Sie den Termin "
            "verschieben oder absagen können."
        ),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        template_name="sprechstunden/public/_kontakt_feld.html",
    )
    telefon = TelefonField(
        label=_("Telefonnummer"),
        required=False,
        help_text=_(
            "Ohne E-Mail-Adresse rufen wir Sie unter dieser Nummer an, um den Termin zu "
            "bestätigen. Mit E-Mail-Adresse nur, falls sich etwas ändert."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
        template_name="sprechstunden/public/_kontakt_feld.html",
    )
    name = NameField(
        label=_("Name oder Vorname"),
        required=False,
        max_length=80,
        validators=[kein_markup],
        help_text=_("Ein Vorname oder Initialen genügen. So können wir Sie ansprechen."),
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
    )
    sprache = forms.ModelChoiceField(
        label=_("In welcher Sprache möchten Sie sprechen?"),
        required=False,
        queryset=Sprache.objects.none(),
        empty_label=_("Keine Angabe"),
        help_text=_("Damit eine Fachkraft mit dieser Sprache für Sie da ist."),
        error_messages={"invalid_choice": _("Bitte wählen Sie eine der angebotenen Sprachen.")},
    )
    dolmetschen = forms.BooleanField(
        label=_("Ich brauche Unterstützung durch eine Dolmetscherin oder einen Dolmetscher."),
        required=False,
        help_text=_("Dann versuchen wir, eine Übersetzung zu organisieren."),
    )
    barrierefreiheit = PlainTextField(
        label=_("Was brauchen Sie, damit der Besuch für Sie barrierefrei ist?"),
        required=False,
        max_length=300,
        validators=[kein_markup],
        help_text=_(
            "Zum Beispiel: stufenloser Zugang, Gebärdensprache, Leichte Sprache. Damit wir "
            "uns vorbereiten können."
        ),
    )
    notiz = PlainTextField(
        label=_("Kurze Notiz"),
        required=False,
        max_length=500,
        validators=[kein_markup],
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Bitte schreiben Sie hier keine sensiblen Angaben, z. B. zu Gesundheit. Ein "
            "Stichwort zur Vorbereitung genügt; alles Weitere besprechen wir vertraulich im "
            "Termin. Höchstens 500 Zeichen."
        ),
    )
    einwilligung = forms.BooleanField(
        label="",  # set per instance: it names the retention period from the settings
        help_text=_("Ohne Ihr Einverständnis können wir den Termin nicht für Sie speichern."),
        error_messages={
            "required": _("Bitte bestätigen Sie, dass wir Ihre Angaben speichern dürfen.")
        },
    )
    # The portal's one honeypot: in a hidden wrapper, so no screen reader reads it out.
    webseite = honeypot_field()

    def __init__(self, *args, termin_pk: int, **kwargs):
        # The choices are those of the slot's Sprechstunde, found through the slot itself.
        # A POST checks a language in one query, without loading the slot first; the booking
        # service checks the topic under the slot's lock. The topics are listed only when the
        # form is shown (``for_display``).
        super().__init__(*args, **kwargs)
        self.fields["thema"].iterator = self.fields["sprache"].iterator = ShortChoiceIterator
        self.termin_pk = termin_pk
        # Languages are looked up only when one was chosen or the form is shown.
        if self.data.get("sprache"):
            self.fields["sprache"].queryset = self._sprachen()
        self.fields["einwilligung"].label = _einwilligung_label()
        self.fields["einwilligung"].summary_label = _("Einverständnis")

    def for_display(self, sprechstunde: Sprechstunde) -> "BuchungForm":
        """Before the form is shown: a Sprechstunde without languages asks for none. (A
        language posted for it anyway is refused; the message moves to the top of the form.)"""
        self.fields["thema"].queryset = Beratungsthema.objects.filter(
            sprechstunden__termine=self.termin_pk
        )
        if not sprechstunde.sprachen.exists():
            errors = self.errors.pop("sprache", None) if self.is_bound else None
            del self.fields["sprache"]
            for error in errors or ():
                self.add_error(None, error)
        else:
            sprachen = self._sprachen()
            self.fields["sprache"].queryset = sprachen
            if not self.is_bound:
                # The language of the page, when the Sprechstunde offers it.
                page = sprachen.filter(code=get_language()).values_list("pk", flat=True).first()
                self.initial.setdefault("sprache", page)
        return self

    def _sprachen(self):
        return Sprache.objects.filter(sprechstunden__termine=self.termin_pk)

    @property
    def is_bot(self) -> bool:
        """The honeypot was filled in: pretend success, save nothing."""
        return bool(self.data.get("webseite", "").strip())

    def clean(self):
        cleaned = super().clean()
        if (
            not cleaned.get("email")
            and not cleaned.get("telefon")
            and "email" not in self.errors
            and "telefon" not in self.errors
        ):
            # One message, at the first of the two fields (the group's legend explains both).
            self.add_error("email", KONTAKT_FEHLT)
        return cleaned

    def buchungs_daten(self) -> BuchungsDaten:
        data = self.cleaned_data
        return BuchungsDaten(
            thema=data["thema"],
            email=data["email"],
            telefon=data["telefon"],
            name=data["name"],
            sprache=data.get("sprache"),
            dolmetschen=data["dolmetschen"],
            barrierefreiheit=data["barrierefreiheit"],
            notiz=data["notiz"],
            mailsprache=get_language(),
        )


class VerschiebenForm(forms.Form):
    """The new slot for a booking; the service checks that it is free and of the same schedule."""

    termin = forms.IntegerField(
        label=_("Neuer Termin"),
        min_value=1,
        error_messages={
            "required": _("Bitte wählen Sie einen neuen Termin."),
            "invalid": _("Bitte wählen Sie einen der angezeigten Termine."),
            "min_value": _("Bitte wählen Sie einen der angezeigten Termine."),
        },
    )
