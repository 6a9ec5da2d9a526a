"""Filter of the staff task list (issue 17). Staff only: German, not translated."""

import django_filters
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from netzwerke.models import Aufgabe, AufgabeStatus, Netzwerk
from saarlouis_portal.forms import KernFilterSet

UEBERFAELLIG = "ueberfaellig"


class AufgabeFilter(KernFilterSet):
    # Up to 50 networks a select, beyond a name search (issue 15); ?netzwerk=<id> always works.
    bounded_by_search = {"netzwerk": "netzwerk_name"}

    q = django_filters.CharFilter(label=_("Aufgabe enthält"), method="filter_q")
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=[
            (AufgabeStatus.OFFEN, _("Offen")),
            (UEBERFAELLIG, _("Offen und überfällig")),
            (AufgabeStatus.ERLEDIGT, _("Erledigt")),
            (AufgabeStatus.ENTFAELLT, _("Entfällt")),
        ],
        empty_label=_("Alle"),
        method="filter_status",
    )
    netzwerk = django_filters.ModelChoiceFilter(
        label=_("Netzwerk oder Bündnis"), queryset=Netzwerk.objects.none(), empty_label=_("Alle")
    )
    netzwerk_name = django_filters.CharFilter(
        label=_("Netzwerk oder Bündnis (Name enthält)"), method="filter_netzwerk_name"
    )
    meine = django_filters.BooleanFilter(
        label=_("Nur Netzwerke, die ich koordiniere"),
        method="filter_meine",
        widget=django_filters.widgets.forms.CheckboxInput,
    )

    class Meta:
        model = Aufgabe
        fields = []

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.filters["netzwerk"].queryset = Netzwerk.objects.for_user(user).order_by("name")

    def filter_q(self, queryset, name, value):
        return queryset.filter(titel__icontains=value)

    def filter_status(self, queryset, name, value):
        if value == UEBERFAELLIG:
            return queryset.ueberfaellig(timezone.localdate())
        return queryset.filter(status=value)

    def filter_netzwerk_name(self, queryset, name, value):
        return queryset.filter(netzwerk__name__icontains=value)

    def filter_meine(self, queryset, name, value):
        return queryset.der_koordination(self.user) if value else queryset
