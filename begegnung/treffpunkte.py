"""The Orte der Begegnung as places of network meetings (the other side of
``netzwerke.treffpunkte``, registered in ``BegegnungConfig.ready()``)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from begegnung.models import Ort, Treffpunkt
from saarlouis_portal.forms import SuchAuswahlField

# Up to this many places the meeting form offers a select; beyond it a search
# (saarlouis_portal.forms.SuchAuswahlField, the form has SuchAuswahlMixin), so the form does not
# carry thousands of options.
AUSWAHL_MAX = 100
HILFE = _("Wenn das Treffen an einem Ort der Begegnung stattfindet.")


class OrteAlsTreffpunkte:
    def formfield(self) -> forms.ModelChoiceField:
        orte = Ort.objects.order_by("name")
        if orte.count() > AUSWAHL_MAX:
            return SuchAuswahlField(
                orte,
                search_fields=("name", "strasse"),
                required=False,
                label=_("Ort der Begegnung"),
                empty_label=_("– kein Ort der Begegnung –"),
                help_text=HILFE,
            )
        return forms.ModelChoiceField(
            queryset=orte,
            required=False,
            label=_("Ort der Begegnung"),
            empty_label=_("– kein Ort der Begegnung –"),
            help_text=HILFE,
        )

    def von(self, treffen) -> Ort | None:
        treffpunkt = getattr(treffen, "treffpunkt", None)  # None: unsaved or no place
        return treffpunkt.ort if treffpunkt else None

    def setzen(self, treffen, ort: Ort | None) -> None:
        zugriff = Treffpunkt._meta.get_field("treffen").remote_field  # treffen.treffpunkt
        if ort is None:
            Treffpunkt.objects.filter(treffen=treffen).delete()
            if zugriff.is_cached(treffen):
                zugriff.delete_cached_value(treffen)
        else:
            treffpunkt, _neu = Treffpunkt.objects.update_or_create(
                treffen=treffen, defaults={"ort": ort}
            )
            zugriff.set_cached_value(treffen, treffpunkt)

    def anzeige(self, treffen) -> str:
        ort = self.von(treffen)
        if ort is None:
            return ""
        adresse = " ".join(p for p in (ort.plz, ort.ortsname) if p)
        return ", ".join(p for p in (ort.name, ort.strasse, adresse) if p)

    def vorladen(self, queryset):
        return queryset.select_related("treffpunkt__ort")
