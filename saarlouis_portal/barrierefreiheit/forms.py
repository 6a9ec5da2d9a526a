"""The feedback form of the accessibility statement: only the message is needed; a name and an
e-mail address only if the person wants an answer. A honeypot keeps bots out.

The message may quote code ("the <button> has no label"): it is kept as typed and escaped
wherever it is shown. Names refuse markup like every name in the portal.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from saarlouis_portal.forms import (
    KontaktFormMixin,
    NameField,
    PlainTextField,
    honeypot_field,
    kein_markup,
)

NACHRICHT_MAX = 5000


class RueckmeldungForm(forms.Form):
    nachricht = PlainTextField(
        label=_("Was ist Ihnen aufgefallen?"),
        max_length=NACHRICHT_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "Beschreiben Sie, was nicht funktioniert hat oder schwer zu verstehen war. Höchstens "
            "%(max)s Zeichen."
        )
        % {"max": NACHRICHT_MAX},
        error_messages={"required": _("Bitte beschreiben Sie, was Ihnen aufgefallen ist.")},
    )
    seite = PlainTextField(
        label=_("Welche Seite betrifft es?"),
        required=False,
        max_length=500,
        help_text=_("Die Adresse oder der Titel der Seite, wenn Sie es wissen."),
    )
    name = NameField(
        label=_("Ihr Name"),
        required=False,
        max_length=120,
        validators=[kein_markup],
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label=_("Ihre E-Mail-Adresse"),
        required=False,
        max_length=254,
        help_text=_("Nur nötig, wenn Sie eine Antwort möchten."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={
            "invalid": _("Bitte geben Sie eine gültige E-Mail-Adresse an, z. B. name@example.org.")
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["webseite"] = honeypot_field()

    def clean_name(self):
        return " ".join(self.cleaned_data["name"].split())

    def clean_webseite(self):
        if self.cleaned_data.get("webseite"):
            raise ValidationError(KontaktFormMixin.honeypot_fehler, code="honeypot")
        return ""

    def daten(self) -> dict:
        c = self.cleaned_data
        return {k: c.get(k, "") for k in ("seite", "nachricht", "name", "email")}
