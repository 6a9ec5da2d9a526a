"""Forms of the staff pages: circles, participants, meetings, helpers (with vetting and weekly
availability), requests and the steps of a match.

Choices of related objects are limited to what the user may see, so another user's ids are a
clear field error, never a leak. Plain-text fields reject markup.
"""

import django_filters
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from begegnung.models import Ort, Wochentag
from saarlouis_portal.forms import (
    BoundedModelMultipleChoiceField,
    KernFilterSet,
    NameField,
    PlainTextField,
    kein_markup,
    model_formfield,
)
from saarlouis_portal.konten.models import User
from saarlouis_portal.konten.roles import Rolle
from saarlouis_portal.stammdaten.forms import UebersetzungenMixin, uebersetzungen
from saarlouis_portal.stammdaten.models import Gebiet, GebietArt, Organisation, Sprache
from sorgekreise.models import (
    AnfrageStatus,
    Faehigkeit,
    Helfende,
    HelfendeStatus,
    Hilfeanfrage,
    Sorgekreis,
    Teilnahme,
    Treffen,
)

ZEUGNIS_ERNEUERN = "erneuern"  # the helpers' filter: certificates expired or due for renewal
TELEFON_ODER_EMAIL = _("Telefon oder E-Mail-Adresse: eins von beiden ist nötig.")
DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME_WIDGET = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def _gebiete():
    return Gebiet.objects.filter(
        art__in=[GebietArt.GEMEINDE, GebietArt.STADTTEIL, GebietArt.SOZIALRAUM]
    ).by_level()


def _koordinationspersonen():
    """Coordinators are Ortsleitung or Sozialplanung users."""
    return (
        User.objects.filter(
            groups__name__in=[Rolle.ORTSLEITUNG.value, Rolle.SOZIALPLANUNG.value], is_active=True
        )
        .distinct()
        .order_by("last_name", "first_name", "email")
    )


class _UserChoices(BoundedModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.get_full_name() or obj.email


class SorgekreisForm(UebersetzungenMixin, forms.ModelForm):
    koordination = _UserChoices(
        queryset=User.objects.none(),
        required=False,
        label=_("Koordination"),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Nur die Koordination und die Sozialplanung sehen Hilfeanfragen und Helfende."),
    )

    class Meta:
        model = Sorgekreis
        fields = [
            "name",
            "ort",
            "schwerpunkt",
            "kurzbeschreibung",
            "beschreibung",
            "koordination",
            "oeffentlich",
            "nimmt_anfragen_an",
            *uebersetzungen("kurzbeschreibung", "beschreibung"),
        ]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # Ortsleitung attaches circles only to the places it leads.
        orte = Q(pk__in=Ort.objects.changeable_by(user).values("pk"))
        if self.instance.ort_id:
            orte |= Q(pk=self.instance.ort_id)
        self.fields["ort"].queryset = Ort.objects.filter(orte).order_by("name")
        self.fields["koordination"].queryset = _koordinationspersonen()


class TeilnahmeForm(forms.ModelForm):
    class Meta:
        model = Teilnahme
        fields = ["rolle", "name", "organisation", "aufgabe", "seit", "oeffentlich_nennen"]
        widgets = {"seit": DATE_WIDGET}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.order_by("name")

    def clean(self):
        cleaned = super().clean()
        if (
            not cleaned.get("name")
            and not cleaned.get("organisation")
            and not self.has_error("name")
            and not self.has_error("organisation")
        ):
            self.add_error("name", _("Bitte geben Sie eine Person oder eine Organisation an."))
        return cleaned


class TreffenForm(forms.ModelForm):
    class Meta:
        model = Treffen
        fields = ["beginn", "thema", "notizen"]
        widgets = {"beginn": DATETIME_WIDGET}


class HelfendeForm(forms.ModelForm):
    class Meta:
        model = Helfende
        formfield_callback = model_formfield
        fields = [
            "name",
            "email",
            "telefon",
            "faehigkeiten",
            "sprachen",
            "gebiete",
            "sorgekreise",
            "max_vermittlungen",
            "status",
            "geprueft_am",
            "pruefung_notiz",
            "fuehrungszeugnis_vom",
            "fuehrungszeugnis_gueltig_bis",
            "notiz",
        ]
        field_classes = {
            "name": NameField,
            "pruefung_notiz": PlainTextField,
            "notiz": PlainTextField,
        }
        widgets = {
            "faehigkeiten": forms.CheckboxSelectMultiple,
            "sprachen": forms.CheckboxSelectMultiple,
            "gebiete": forms.CheckboxSelectMultiple,
            "sorgekreise": forms.CheckboxSelectMultiple,
            "geprueft_am": DATE_WIDGET,
            "fuehrungszeugnis_vom": DATE_WIDGET,
            "fuehrungszeugnis_gueltig_bis": DATE_WIDGET,
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["faehigkeiten"].queryset = Faehigkeit.objects.all()
        self.fields["faehigkeiten"].label = _("Bietet an")
        self.fields["sprachen"].queryset = Sprache.objects.all()
        self.fields["gebiete"].queryset = _gebiete()
        # Coordinators attach helpers only to circles they coordinate.
        self.fields["sorgekreise"].queryset = Sorgekreis.objects.koordiniert_von(user)
        self.fields["sorgekreise"].required = not user.has_rolle(Rolle.SOZIALPLANUNG)
        self.fields["pruefung_notiz"].validators.append(kein_markup)
        self.fields["telefon"].help_text = TELEFON_ODER_EMAIL

    def clean(self):
        cleaned = super().clean()
        if (
            not self.has_error("email")
            and not self.has_error("telefon")
            and not cleaned.get("email")
            and not cleaned.get("telefon")
        ):
            self.add_error("telefon", _("Bitte geben Sie eine Telefonnummer oder E-Mail an."))
        vom, bis = cleaned.get("fuehrungszeugnis_vom"), cleaned.get("fuehrungszeugnis_gueltig_bis")
        if vom and bis and bis <= vom:
            self.add_error(
                "fuehrungszeugnis_gueltig_bis",
                _("„Gültig bis“ muss nach dem Ausstellungsdatum liegen."),
            )
        if bis and not vom and not self.has_error("fuehrungszeugnis_vom"):
            self.add_error(
                "fuehrungszeugnis_vom", _("Bitte geben Sie an, von wann das Zeugnis ist.")
            )
        return cleaned


class VerfuegbarkeitForm(forms.Form):
    wochentag = forms.TypedChoiceField(
        label=_("Wochentag"), choices=[("", "–"), *Wochentag.choices], coerce=int, required=False
    )
    beginn = forms.TimeField(label=_("Von"), required=False, widget=TIME_WIDGET)
    ende = forms.TimeField(label=_("Bis"), required=False, widget=TIME_WIDGET)

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        werte = [
            cleaned.get("wochentag") not in (None, ""),
            cleaned.get("beginn"),
            cleaned.get("ende"),
        ]
        if not any(werte):
            return {}
        if not all(werte):
            raise ValidationError(_("Bitte geben Sie Wochentag, Beginn und Ende an."))
        if cleaned["ende"] <= cleaned["beginn"]:
            self.add_error("ende", _("Das Ende muss nach dem Beginn liegen."))
        return cleaned


class BaseVerfuegbarkeitFormSet(forms.BaseFormSet):
    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = _("Entfernen")

    def zeiten(self):
        return sorted(
            {
                (f.cleaned_data["wochentag"], f.cleaned_data["beginn"], f.cleaned_data["ende"])
                for f in self.forms
                if f.cleaned_data and not self._should_delete_form(f)
            }
        )


VerfuegbarkeitFormSet = forms.formset_factory(
    VerfuegbarkeitForm,
    formset=BaseVerfuegbarkeitFormSet,
    extra=2,
    max_num=30,
    validate_max=True,
    can_delete=True,
)


def verfuegbarkeit_formset(helfende: Helfende | None, data=None):
    initial = []
    if helfende is not None and helfende.pk:
        initial = [
            {"wochentag": v.wochentag, "beginn": v.beginn, "ende": v.ende}
            for v in helfende.verfuegbarkeiten.all()
        ]
    return VerfuegbarkeitFormSet(data, initial=initial, prefix="zeiten")


class HilfeanfrageForm(forms.ModelForm):
    # Not required, so a form sent without it keeps the language already stored.
    mailsprache = forms.ChoiceField(
        label=_("Sprache der E-Mails an die Person"),
        choices=settings.LANGUAGES,
        required=False,
        help_text=_("In dieser Sprache erfährt die Person per E-Mail, dass Hilfe gefunden ist."),
    )

    class Meta:
        model = Hilfeanfrage
        fields = [
            "sorgekreis",
            "art",
            "sprache",
            "gebiet",
            "dringlichkeit",
            "benoetigt_ab",
            "benoetigt_bis",
            "wochentag",
            "uhrzeit_von",
            "uhrzeit_bis",
            "zeitfenster",
            "name",
            "telefon",
            "email",
            "mailsprache",
            "notiz",
            "status",
        ]
        field_classes = {"name": NameField, "zeitfenster": PlainTextField, "notiz": PlainTextField}
        widgets = {
            "benoetigt_ab": DATE_WIDGET,
            "benoetigt_bis": DATE_WIDGET,
            "uhrzeit_von": TIME_WIDGET,
            "uhrzeit_bis": TIME_WIDGET,
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sorgekreis"].queryset = Sorgekreis.objects.koordiniert_von(user)
        self.fields["gebiet"].queryset = _gebiete()
        self.fields["art"].queryset = Faehigkeit.objects.all()
        self.fields["sprache"].queryset = Sprache.objects.all()
        self.fields["name"].help_text = _("Freiwillig; ein Vorname genügt.")
        self.fields["telefon"].help_text = TELEFON_ODER_EMAIL
        if not self.instance.pk:
            # A new request is open; its status changes through the match.
            del self.fields["status"]

    def clean_mailsprache(self):
        return self.cleaned_data.get("mailsprache") or self.instance.mailsprache or "de"

    def clean(self):
        cleaned = super().clean()
        if (
            not self.has_error("email")
            and not self.has_error("telefon")
            and not cleaned.get("email")
            and not cleaned.get("telefon")
        ):
            self.add_error("telefon", _("Bitte geben Sie eine Telefonnummer oder E-Mail an."))
        ab, bis = cleaned.get("benoetigt_ab"), cleaned.get("benoetigt_bis")
        if ab and bis and bis < ab:
            self.add_error("benoetigt_bis", _("„Bis“ darf nicht vor „Ab“ liegen."))
        von, bis_zeit = cleaned.get("uhrzeit_von"), cleaned.get("uhrzeit_bis")
        if von and bis_zeit and bis_zeit <= von:
            self.add_error("uhrzeit_bis", _("Das Ende muss nach dem Beginn liegen."))
        art, sprache = cleaned.get("art"), cleaned.get("sprache")
        if art and art.braucht_sprache and not sprache and not self.has_error("sprache"):
            self.add_error("sprache", _("Bitte geben Sie die gebrauchte Sprache an."))
        return cleaned


class VorschlagForm(forms.Form):
    helfende = forms.ModelChoiceField(queryset=Helfende.objects.none(), label=_("Helfende"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["helfende"].queryset = Helfende.objects.for_user(user)


class VermittlungForm(forms.Form):
    """The coordinator records what happened: the helper's answer to a proposal, and for an
    accepted match how the help goes and how it ended (``VermittlungErgebnis``)."""

    VORSCHLAG = [
        ("annehmen", _("Zusage: Die helfende Person übernimmt die Hilfe")),
        ("ablehnen", _("Absage: Die helfende Person kann nicht helfen")),
        ("keine_antwort", _("Keine Antwort: Vorschlag zurückziehen")),
    ]
    ANGENOMMEN = [
        ("begonnen", _("Die Hilfe hat begonnen")),
        ("abschliessen", _("Hilfe abgeschlossen")),
        ("nicht_noetig", _("Die Hilfe wird nicht mehr gebraucht")),
        ("ablehnen", _("Hat nicht geklappt: Vermittlung beenden, jemand anderen suchen")),
    ]
    aktion = forms.ChoiceField(label=_("Was ist passiert?"), choices=[], widget=forms.RadioSelect)
    stunden = forms.DecimalField(
        label=_("Geleistete Stunden"),
        required=False,
        min_value=0,
        max_value=9999,
        max_digits=6,
        decimal_places=1,
        help_text=_("Nur beim Abschluss: ungefähr, für die Statistik."),
    )
    anfrage_erledigt = forms.BooleanField(
        label=_("Die Anfrage ist damit erledigt"),
        required=False,
        initial=True,
        help_text=_("Nur bei „Hilfe abgeschlossen“."),
    )

    def __init__(self, *args, angenommen: bool, begonnen: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the steps that fit the match's state: a proposal is accepted, declined or
        # withdrawn; an accepted match begins, is closed (with hours) or ended.
        if angenommen:
            self.fields["aktion"].choices = [
                a for a in self.ANGENOMMEN if not (begonnen and a[0] == "begonnen")
            ]
        else:
            self.fields["aktion"].choices = self.VORSCHLAG
            del self.fields["stunden"]
            del self.fields["anfrage_erledigt"]


# --- Filters ---------------------------------------------------------------------------------


class AnfrageFilter(KernFilterSet):
    # A Sozialplaner's list of circles grows with the data: options from the cache (issue 15).
    choices_cached = ("art",)
    choices_cached_per_user = ("sorgekreis",)

    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=AnfrageStatus.choices, empty_label=_("alle")
    )
    sorgekreis = django_filters.ModelChoiceFilter(
        label=_("Sorgekreis"),
        queryset=lambda request: Sorgekreis.objects.koordiniert_von(request.user),
        empty_label=_("alle"),
    )
    art = django_filters.ModelChoiceFilter(
        label=_("Art der Hilfe"), queryset=Faehigkeit.objects.all(), empty_label=_("alle")
    )

    class Meta:
        model = Hilfeanfrage
        fields = ["status", "sorgekreis", "art"]


class HelfendeFilter(KernFilterSet):
    choices_cached = ("faehigkeit",)
    choices_cached_per_user = ("sorgekreis",)

    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=HelfendeStatus.choices, empty_label=_("alle")
    )
    faehigkeit = django_filters.ModelChoiceFilter(
        label=_("Bietet an"),
        queryset=Faehigkeit.objects.all(),
        method="filter_faehigkeit",
        empty_label=_("alle"),
    )
    sorgekreis = django_filters.ModelChoiceFilter(
        label=_("Sorgekreis"),
        queryset=lambda request: Sorgekreis.objects.koordiniert_von(request.user),
        empty_label=_("alle"),
        method="filter_sorgekreis",
    )
    zeugnis = django_filters.ChoiceFilter(
        label=_("Führungszeugnis"),
        choices=[(ZEUGNIS_ERNEUERN, _("abgelaufen oder läuft bald ab"))],
        empty_label=_("alle"),
        method="filter_zeugnis",
    )

    class Meta:
        model = Helfende
        fields = ["status"]

    # Subqueries, not joins: the list needs no distinct() and stays one query.
    def filter_faehigkeit(self, queryset, name, value):
        return queryset.filter(
            pk__in=Helfende.faehigkeiten.through.objects.filter(faehigkeit=value).values("helfende")
        )

    def filter_zeugnis(self, queryset, name, value):
        return queryset.zeugnis_erneuern(timezone.localdate())

    def filter_sorgekreis(self, queryset, name, value):
        return queryset.filter(
            pk__in=Helfende.sorgekreise.through.objects.filter(sorgekreis=value).values("helfende")
        )
