"""Forms of the place hand-offs: an Ortsleitung proposes a place or requests the next stage with
a justification; the Sozialplanung decides with a reason (required when declining, and when
accepting a stage whose criteria are not met)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from begegnung.forms.staff import OrtForm
from begegnung.models import BEGRUENDUNG_MAX
from begegnung.services_antraege import unmet_reason_message
from saarlouis_portal.forms import PlainTextField, kein_markup


def _begruendung(label, *, required: bool = True, help_text="") -> PlainTextField:
    return PlainTextField(
        label=label,
        required=required,
        max_length=BEGRUENDUNG_MAX,
        validators=[kein_markup],
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=help_text,
    )


class OrtVorschlagForm(OrtForm):
    """The place form as an Ortsleitung sees it, plus why the place should be taken up. Stage,
    leadership and visibility are not on it: the place starts as a hidden Satellit."""

    begruendung = _begruendung(
        _("Warum soll der Ort aufgenommen werden?"),
        help_text=_(
            "Kurz, höchstens 1.000 Zeichen: was hier schon stattfindet und wer mitträgt. "
            "Die Sozialplanung liest es, bevor sie entscheidet."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, darf_planen=False, **kwargs)


class StufenantragForm(forms.Form):
    begruendung = _begruendung(
        _("Begründung"),
        help_text=_(
            "Kurz, höchstens 1.000 Zeichen: was sich am Ort entwickelt hat und was die neue "
            "Stufe möglich macht."
        ),
    )


class EntscheidungForm(forms.Form):
    ANNEHMEN, ABLEHNEN = "annehmen", "ablehnen"

    entscheidung = forms.ChoiceField(
        label=_("Entscheidung"),
        choices=[(ANNEHMEN, _("Annehmen")), (ABLEHNEN, _("Ablehnen"))],
        widget=forms.RadioSelect,
    )
    grund = _begruendung(
        _("Begründung der Entscheidung"),
        required=False,
        help_text=_(
            "Pflicht bei einer Ablehnung und wenn Kriterien fehlen. Die antragstellende "
            "Person liest sie in der E-Mail und auf der Seite des Ortes."
        ),
    )

    def __init__(self, *args, offene_kriterien=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.offene_kriterien = list(offene_kriterien)

    @property
    def annehmen(self) -> bool:
        return self.cleaned_data.get("entscheidung") == self.ANNEHMEN

    def clean(self):
        cleaned = super().clean()
        entscheidung, grund = cleaned.get("entscheidung"), cleaned.get("grund")
        if grund or self.has_error("grund") or not entscheidung:
            return cleaned
        if entscheidung == self.ABLEHNEN:
            self.add_error("grund", _("Bitte begründen Sie die Ablehnung."))
        elif self.offene_kriterien:
            self.add_error("grund", unmet_reason_message(self.offene_kriterien))
        return cleaned
