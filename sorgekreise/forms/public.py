"""Forms of the public side: asking a Sorgekreis for help, offering help as a volunteer.

Both ask only what the help needs, state purpose and retention at the consent, and carry a
honeypot field (name, contact check and honeypot: the portal's ``KontaktFormMixin``). Nothing
here writes: the views hand the cleaned values to ``sorgekreise.services_public``.
"""

from datetime import time

from django import forms
from django.conf import settings
from django.utils.functional import lazy
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from begegnung.models import Wochentag
from saarlouis_portal.forms import (
    BoundedModelMultipleChoiceField,
    KontaktFormMixin,
    NameField,
    PlainTextField,
    SuchAuswahlField,
    SuchAuswahlMixin,
    TelefonField,
    choices_from_cache,
    honeypot_field,
    kein_markup,
)
from saarlouis_portal.stammdaten.models import Gebiet, GebietArt, Sprache
from sorgekreise.models import ART9_HINWEIS, Dringlichkeit, Faehigkeit, Sorgekreis
from sorgekreise.services_public import AnfrageDaten, HelfendeDaten

WOHNGEBIET_ARTEN = (GebietArt.GEMEINDE, GebietArt.STADTTEIL, GebietArt.SOZIALRAUM)

# Parts of the day offered instead of exact times: what people can say without a calendar.
TAGESZEITEN = {
    "vormittag": (_("vormittags"), time(8), time(12)),
    "nachmittag": (_("nachmittags"), time(12), time(17)),
    "abend": (_("abends"), time(17), time(20)),
}

KONTAKT_HILFE = _(
    "Damit die Koordination Sie anruft. Eine Telefonnummer oder eine E-Mail-Adresse brauchen "
    "wir, eines von beiden genügt."
)


def oeffentliche_kreise():
    """Circles a citizen may write to: public, taking requests, at a public place."""
    return (
        Sorgekreis.objects.public()
        .filter(ort__oeffentlich=True)
        .select_related("ort", "ort__gebiet")
        .order_by("name")
    )


def wohngebiete():
    return Gebiet.objects.filter(art__in=WOHNGEBIET_ARTEN).select_related("eltern").by_level()


class GebietField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        if obj.eltern_id and obj.art != GebietArt.GEMEINDE:
            return _("%(name)s (%(art)s in %(eltern)s)") % {
                "name": obj.name,
                "art": obj.get_art_display(),
                "eltern": obj.eltern.name,
            }
        return f"{obj.name} ({obj.get_art_display()})"


class GebieteField(BoundedModelMultipleChoiceField):
    label_from_instance = GebietField.label_from_instance


class KreisField(SuchAuswahlField):
    """A circle, found by its name, place or area: the list of circles grows with the data, so
    the form shows a search and at most 20 hits (``SuchAuswahlField``)."""

    def __init__(self, queryset, **kwargs):
        kwargs.setdefault("search_fields", ("name", "ort__name", "ort__gebiet__name"))
        kwargs.setdefault(
            "search_help", _("Name, Ort oder Stadtteil eingeben und „Suchen“ drücken.")
        )
        super().__init__(queryset, **kwargs)

    def label_from_instance(self, obj):
        return _("%(name)s (%(ort)s, %(gebiet)s)") % {
            "name": obj.name,
            "ort": obj.ort.name,
            "gebiet": obj.ort.gebiet.name,
        }


def _einwilligung(label, zweck):
    tage = settings.SORGEKREISE_AUFBEWAHRUNG_TAGE
    field = forms.BooleanField(
        label=label,
        help_text=_(
            "%(zweck)s Wir löschen Ihre Angaben spätestens %(tage)s Tage nach Abschluss. Für die "
            "Statistik bleibt nur eine anonyme Zählung. Sie können die Einwilligung jederzeit "
            "widerrufen."
        )
        % {"zweck": zweck, "tage": tage},
        error_messages={
            "required": _("Ohne Ihr Einverständnis können wir Ihre Angaben nicht speichern.")
        },
    )
    field.summary_label = _("Einverständnis")
    return field


def _telefon(help_text):
    return TelefonField(
        label=_("Telefonnummer"),
        required=False,
        help_text=help_text,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
        template_name="sorgekreise/public/_kontakt_feld.html",
    )


def _email(help_text):
    return forms.EmailField(
        label=_("E-Mail-Adresse"),
        required=False,
        max_length=254,
        help_text=help_text,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        template_name="sorgekreise/public/_kontakt_feld.html",
    )


class HilfeanfrageForm(SuchAuswahlMixin, KontaktFormMixin, forms.Form):
    """Asking for help. The note is optional and warned about: Art. 9 data is rarely needed."""

    sorgekreis = KreisField(
        # Given here, not in __init__: the search limits its choices as the form is made.
        oeffentliche_kreise().filter(nimmt_anfragen_an=True),
        label=_("Welcher Sorgekreis ist in Ihrer Nähe?"),
        empty_label=_("Bitte wählen"),
        help_text=_("Der Sorgekreis, der sich bei Ihnen meldet. Die Liste zeigt auch den Ort."),
        error_messages={
            "required": _("Bitte wählen Sie einen Sorgekreis."),
            "invalid_choice": _("Bitte wählen Sie einen der angezeigten Sorgekreise."),
        },
    )
    art = forms.ModelChoiceField(
        label=_("Wobei brauchen Sie Hilfe?"),
        queryset=Faehigkeit.objects.none(),
        empty_label=_("Bitte wählen"),
        error_messages={
            "required": _("Bitte wählen Sie, wobei Sie Hilfe brauchen."),
            "invalid_choice": _("Bitte wählen Sie eine der angezeigten Arten der Hilfe."),
        },
    )
    sprache = forms.ModelChoiceField(
        label=_("Brauchen Sie Hilfe in einer bestimmten Sprache?"),
        queryset=Sprache.objects.none(),
        required=False,
        empty_label=_("Nein, Deutsch ist gut"),
        error_messages={"invalid_choice": _("Bitte wählen Sie eine der angezeigten Sprachen.")},
    )
    gebiet = GebietField(
        label=_("Wo wird die Hilfe gebraucht?"),
        queryset=Gebiet.objects.none(),
        empty_label=_("Bitte wählen"),
        help_text=_("Ihr Stadtteil oder Wohngebiet, damit die Hilfe aus Ihrer Nähe kommt."),
        error_messages={
            "required": _("Bitte wählen Sie Ihr Wohngebiet."),
            "invalid_choice": _("Bitte wählen Sie eines der angezeigten Gebiete."),
        },
    )
    dringlichkeit = forms.ChoiceField(
        label=_("Wie dringend ist es?"),
        choices=Dringlichkeit.choices,
        initial=Dringlichkeit.NORMAL,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Bitte wählen Sie eine der Antworten.")},
    )
    wochentag = forms.TypedChoiceField(
        label=_("An welchem Tag passt es am besten?"),
        choices=[("", _("Egal"))] + list(Wochentag.choices),
        coerce=int,
        empty_value=None,
        required=False,
        error_messages={"invalid_choice": _("Bitte wählen Sie einen der Wochentage.")},
    )
    tageszeit = forms.ChoiceField(
        label=_("Zu welcher Tageszeit?"),
        choices=[("", _("Egal"))] + [(k, v[0]) for k, v in TAGESZEITEN.items()],
        required=False,
        error_messages={"invalid_choice": _("Bitte wählen Sie eine der Tageszeiten.")},
    )
    zeitfenster = PlainTextField(
        label=_("Sonst noch etwas zur Zeit?"),
        required=False,
        max_length=200,
        validators=[kein_markup],
        help_text=_("Zum Beispiel: ab dem 1. Dezember, für drei Wochen. Höchstens 200 Zeichen."),
    )
    name = NameField(
        label=_("Name"),
        required=False,
        max_length=120,
        validators=[kein_markup],
        help_text=_("Damit wir Sie ansprechen können. Ein Vorname genügt."),
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
    )
    telefon = _telefon(KONTAKT_HILFE)
    email = _email(_("Dorthin schicken wir eine Bestätigung."))
    notiz = PlainTextField(
        label=_("Was sollen wir noch wissen?"),
        required=False,
        max_length=1000,
        validators=[kein_markup],
        widget=forms.Textarea(attrs={"rows": 3}),
        # Lazy as a whole: "%" on a lazy text would fix the language when the module loads.
        help_text=lazy(
            lambda: _("%(hinweis)s Höchstens 1000 Zeichen.") % {"hinweis": ART9_HINWEIS}, str
        )(),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["art"].queryset = Faehigkeit.objects.all()
        self.fields["sprache"].queryset = Sprache.objects.all()
        self.fields["gebiet"].queryset = wohngebiete()
        # Master data, the same for everybody: shown from the cache (issue 15).
        choices_from_cache(
            self,
            {
                "art": "sorgekreise.anfrage.art",
                "sprache": "sorgekreise.anfrage.sprache",
                "gebiet": "sorgekreise.anfrage.gebiet",
            },
        )
        self.fields["einwilligung"] = _einwilligung(
            _(
                "Ich bin einverstanden, dass die Koordination des Sorgekreises und die "
                "Sozialplanung meine Angaben speichern und nutzen, um eine passende Hilfe für "
                "mich zu finden."
            ),
            _(
                "Zweck: nur die Vermittlung der Hilfe. Eine Helferin oder ein Helfer erfährt Ihren "
                "Namen und Ihre Telefonnummer erst, wenn die Koordination die Hilfe mit Ihnen "
                "abgesprochen hat."
            ),
        )
        self.fields["webseite"] = honeypot_field()

    def daten(self) -> AnfrageDaten:
        c = self.cleaned_data
        von = bis = None
        if c.get("tageszeit"):
            _label, von, bis = TAGESZEITEN[c["tageszeit"]]
        return AnfrageDaten(
            sorgekreis=c["sorgekreis"],
            art=c["art"],
            gebiet=c["gebiet"],
            dringlichkeit=c["dringlichkeit"],
            sprache=c.get("sprache"),
            wochentag=c.get("wochentag"),
            uhrzeit_von=von,
            uhrzeit_bis=bis,
            zeitfenster=c.get("zeitfenster", ""),
            name=c.get("name", ""),
            telefon=c.get("telefon", ""),
            email=c.get("email", ""),
            notiz=c.get("notiz", ""),
            mailsprache=get_language(),
        )


def _zeiten_choices():
    return [
        (f"{tag}-{key}", f"{label} {zeit[0]}")
        for tag, label in Wochentag.choices
        for key, zeit in TAGESZEITEN.items()
    ]


class HelfendeForm(SuchAuswahlMixin, KontaktFormMixin, forms.Form):
    """Offering help. The person starts as *new*: a coordinator meets and vets them first."""

    name = NameField(
        label=_("Name"),
        max_length=120,
        validators=[kein_markup],
        help_text=_("Vor- und Nachname, damit die Koordination Sie ansprechen kann."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={"required": _("Bitte geben Sie Ihren Namen an.")},
    )
    telefon = _telefon(KONTAKT_HILFE)
    email = _email(_("Dorthin schicken wir eine Bestätigung."))
    faehigkeiten = BoundedModelMultipleChoiceField(
        label=_("Wobei möchten Sie helfen?"),
        queryset=Faehigkeit.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Für Kinderbetreuung, Hausaufgabenhilfe und Patenschaften brauchen wir vorher ein "
            "erweitertes Führungszeugnis; die Koordination bespricht das mit Ihnen."
        ),
        error_messages={
            "required": _("Bitte wählen Sie mindestens eine Art der Hilfe."),
            "invalid_choice": _("Bitte wählen Sie nur die angezeigten Arten der Hilfe."),
            "invalid_pk_value": _("Bitte wählen Sie nur die angezeigten Arten der Hilfe."),
        },
    )
    sprachen = BoundedModelMultipleChoiceField(
        label=_("Welche Sprachen sprechen Sie?"),
        queryset=Sprache.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Wichtig für Sprachmittlung und Begleitung zu Ämtern."),
        error_messages={
            "invalid_choice": _("Bitte wählen Sie nur die angezeigten Sprachen."),
            "invalid_pk_value": _("Bitte wählen Sie nur die angezeigten Sprachen."),
        },
    )
    sorgekreis = KreisField(
        oeffentliche_kreise(),
        label=_("Bei welchem Sorgekreis möchten Sie mithelfen?"),
        required=False,
        empty_label=_("Weiß ich noch nicht"),
        error_messages={"invalid_choice": _("Bitte wählen Sie einen der angezeigten Sorgekreise.")},
    )
    gebiete = GebieteField(
        label=_("Wo möchten Sie helfen?"),
        queryset=Gebiet.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Ohne Auswahl fragen wir Sie im Gespräch."),
        error_messages={
            "invalid_choice": _("Bitte wählen Sie nur die angezeigten Gebiete."),
            "invalid_pk_value": _("Bitte wählen Sie nur die angezeigten Gebiete."),
        },
    )
    zeiten = forms.MultipleChoiceField(
        label=_("Wann haben Sie meistens Zeit?"),
        choices=_zeiten_choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Vormittags heißt 8 bis 12 Uhr, nachmittags 12 bis 17 Uhr, abends 17 bis 20 Uhr."
        ),
        error_messages={"invalid_choice": _("Bitte wählen Sie nur die angezeigten Zeiten.")},
        template_name="sorgekreise/public/_zeiten_feld.html",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["faehigkeiten"].queryset = Faehigkeit.objects.all()
        self.fields["sprachen"].queryset = Sprache.objects.all()
        self.fields["gebiete"].queryset = wohngebiete().filter(
            art__in=(GebietArt.STADTTEIL, GebietArt.SOZIALRAUM)
        )
        choices_from_cache(
            self,
            {
                "faehigkeiten": "sorgekreise.helfende.faehigkeiten",
                "sprachen": "sorgekreise.helfende.sprachen",
                "gebiete": "sorgekreise.helfende.gebiete",
            },
        )
        self.fields["einwilligung"] = _einwilligung(
            _(
                "Ich bin einverstanden, dass die Koordination der Sorgekreise und die "
                "Sozialplanung meine Angaben speichern und nutzen, um mich als Helferin oder "
                "Helfer einzusetzen."
            ),
            _(
                "Zweck: nur das Kennenlernen und die Vermittlung von Hilfe. Hilfesuchende "
                "erfahren Ihren Namen und Kontakt erst, wenn Sie einer Vermittlung zugestimmt "
                "haben."
            ),
        )
        self.fields["webseite"] = honeypot_field()

    @property
    def tageszeit_labels(self):
        return [label for label, _von, _bis in TAGESZEITEN.values()]

    def zeiten_raster(self):
        """The time boxes per weekday, for the grid in ``_zeiten_feld.html``."""
        optionen = list(self["zeiten"])
        n = len(TAGESZEITEN)
        return [
            (label, optionen[i * n : (i + 1) * n])
            for i, (_tag, label) in enumerate(Wochentag.choices)
        ]

    def daten(self) -> HelfendeDaten:
        c = self.cleaned_data
        zeiten = []
        for value in c.get("zeiten", []):
            tag, key = value.split("-")
            _label, von, bis = TAGESZEITEN[key]
            zeiten.append((int(tag), von, bis))
        return HelfendeDaten(
            name=c["name"],
            faehigkeiten=list(c["faehigkeiten"]),
            email=c.get("email", ""),
            telefon=c.get("telefon", ""),
            sprachen=list(c.get("sprachen", [])),
            gebiete=list(c.get("gebiete", [])),
            sorgekreis=c.get("sorgekreis"),
            zeiten=zeiten,
            mailsprache=get_language(),
        )
