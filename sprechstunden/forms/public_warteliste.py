"""Public forms of the waiting list and of "Buchung finden" (booking code plus phone number or
e-mail address). Nothing here writes: the views hand the cleaned values to the services."""

from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from saarlouis_portal import telefon as nummern
from saarlouis_portal.forms import (
    KontaktFormMixin,
    NameField,
    TelefonField,
    honeypot_field,
    kein_markup,
)
from saarlouis_portal.stammdaten.templatetags.portal_zeit import datum
from sprechstunden.forms.public import KONTAKT_FEHLT
from sprechstunden.models import normalise_buchungscode
from sprechstunden.services.warteliste import WartelistenDaten, Wartemoeglichkeiten

EINWILLIGUNG_WARTELISTE = _(
    "Ich bin einverstanden, dass meine Angaben gespeichert werden, damit Sie mir einen frei "
    "werdenden Termin anbieten können. Sie werden gelöscht, sobald mein Eintrag endet: wenn ich "
    "gebucht habe, mich abmelde oder der Eintrag abläuft."
)


class WartelisteForm(KontaktFormMixin, forms.Form):
    """Who waits, for which day, and how they are told. Only what the offer needs."""

    kontakt_felder = ("email", "telefon")
    kontakt_fehlt = KONTAKT_FEHLT

    tag = forms.ChoiceField(
        label=_("Für welchen Tag?"),
        choices=(),
        error_messages={
            "required": _("Bitte wählen Sie einen Tag."),
            "invalid_choice": _("Bitte wählen Sie einen der angebotenen Tage."),
        },
    )
    email = forms.EmailField(
        label=_("E-Mail-Adresse"),
        required=False,
        max_length=254,
        help_text=_(
            "Dorthin schicken wir zuerst einen Link zum Bestätigen und dann das Angebot, sobald "
            "ein Termin frei wird."
        ),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        template_name="sprechstunden/public/_kontakt_feld.html",
    )
    telefon = TelefonField(
        label=_("Telefonnummer"),
        required=False,
        help_text=_("Ohne E-Mail-Adresse ruft die Anlaufstelle Sie an, wenn ein Termin frei wird."),
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
    einwilligung = forms.BooleanField(
        label=EINWILLIGUNG_WARTELISTE,
        help_text=_("Ohne Ihr Einverständnis können wir Sie nicht auf die Warteliste setzen."),
        error_messages={
            "required": _("Bitte bestätigen Sie, dass wir Ihre Angaben speichern dürfen.")
        },
    )
    webseite = honeypot_field()

    def __init__(self, *args, moeglichkeiten: Wartemoeglichkeiten, **kwargs):
        super().__init__(*args, **kwargs)
        choices = []
        if moeglichkeiten.ganze_sprechstunde:
            choices.append(("alle", _("Der nächste freie Termin, an jedem Tag")))
        choices += [(day.isoformat(), datum(day, "tag")) for day in moeglichkeiten.tage]
        self.fields["tag"].choices = choices
        self.fields["einwilligung"].summary_label = _("Einverständnis")

    @property
    def is_bot(self) -> bool:
        return bool(self.data.get("webseite", "").strip())

    def clean_tag(self) -> date | None:
        value = self.cleaned_data["tag"]
        return None if value == "alle" else date.fromisoformat(value)

    def wartelisten_daten(self) -> WartelistenDaten:
        data = self.cleaned_data
        return WartelistenDaten(
            email=data["email"],
            telefon=data["telefon"],
            name=data["name"],
            tag=data["tag"],
            mailsprache=get_language(),
        )


class BuchungFindenForm(forms.Form):
    """The booking code and the phone number or e-mail address given when booking."""

    code = forms.CharField(
        label=_("Buchungscode"),
        max_length=20,
        help_text=_(
            "Sechs Zeichen, zum Beispiel K7M-4PQ. Sie stehen in Ihrer E-Mail und auf der Seite "
            "nach der Buchung; am Telefon nennen wir Ihnen den Code."
        ),
        error_messages={"required": _("Bitte geben Sie Ihren Buchungscode ein.")},
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
    )
    kontakt = forms.CharField(
        label=_("Telefonnummer oder E-Mail-Adresse"),
        max_length=254,
        help_text=_(
            "Die Telefonnummer oder E-Mail-Adresse, die Sie bei der Buchung angegeben haben."
        ),
        error_messages={
            "required": _("Bitte geben Sie Ihre Telefonnummer oder E-Mail-Adresse ein.")
        },
    )
    webseite = honeypot_field()

    @property
    def is_bot(self) -> bool:
        return bool(self.data.get("webseite", "").strip())

    def clean_code(self) -> str:
        code = normalise_buchungscode(self.cleaned_data["code"])
        if code is None:
            raise ValidationError(
                _(
                    "Ein Buchungscode hat sechs Zeichen aus Buchstaben und Ziffern, zum Beispiel "
                    "K7M-4PQ."
                ),
                code="invalid",
            )
        return code

    def clean_kontakt(self) -> dict:
        """``{"email": …}`` or ``{"telefon": …}`` (in E.164), as the booking stored them."""
        value = self.cleaned_data["kontakt"].strip()
        if "@" in value:
            try:
                validate_email(value)
            except ValidationError:
                pass
            else:
                return {"email": value}
        else:
            try:
                return {"telefon": nummern.to_e164(value)}
            except nummern.UngueltigeNummer:
                pass
        raise ValidationError(
            _(
                "Bitte geben Sie eine Telefonnummer (zum Beispiel 07127 9770) oder eine "
                "E-Mail-Adresse (zum Beispiel name@example.org) ein."
            ),
            code="invalid",
        )
