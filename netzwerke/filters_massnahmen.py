"""Filters of the measure lists (staff and public) with django-filter."""

import django_filters
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from netzwerke.models import (
    OEFFENTLICHE_STATUS,
    BeschlussErgebnis,
    Gremium,
    Massnahme,
    MassnahmeStatus,
    Netzwerk,
    PruefErgebnis,
    Ratsbeschluss,
)
from saarlouis_portal.forms import KernFilterSet
from saarlouis_portal.stammdaten.models import Gebiet, GebietArt, Handlungsfeld

# Besides the three results: a check that is still being worked on, and no check at all.
PRUEFUNG_OFFEN = "offen"
PRUEFUNG_OHNE = "ohne"
# Submitted for approval and waiting for the second pair of eyes (issue 16).
PRUEFUNG_VORGELEGT = "vorgelegt"
# Of those, the ones the person looking may approve (the Cockpit card links here).
PRUEFUNG_FREIZUGEBEN = "freizugeben"

# Council decisions: with or without one, or with a given outcome (only complete records count).
BESCHLUSS_MIT = "mit"
BESCHLUSS_OHNE = "ohne"


def _gebiete(request):
    return Gebiet.objects.exclude(art=GebietArt.LANDKREIS).by_level()


class _MassnahmeFilterBase(KernFilterSet):
    # The network select would list every network of a Landkreis on every page (issue 15).
    bounded_by_search = {"netzwerk": "netzwerk_name"}

    q = django_filters.CharFilter(label=_("Titel enthält"), method="filter_q")
    handlungsfeld = django_filters.ModelChoiceFilter(
        label=_("Handlungsfeld"),
        field_name="handlungsfelder",
        queryset=Handlungsfeld.objects.order_by("name"),
        empty_label=_("Alle"),
    )
    gebiet = django_filters.ModelChoiceFilter(
        label=_("Gebiet"), queryset=_gebiete, method="filter_gebiet", empty_label=_("Überall")
    )

    netzwerk_name = django_filters.CharFilter(
        label=_("Netzwerk oder Bündnis (Name enthält)"), method="filter_netzwerk_name"
    )
    beschluss = django_filters.ChoiceFilter(
        label=_("Ratsbeschluss"),
        choices=[
            (BESCHLUSS_MIT, _("mit Ratsbeschluss")),
            (BESCHLUSS_OHNE, _("ohne Ratsbeschluss")),
            *BeschlussErgebnis.choices,
        ],
        empty_label=_("Alle"),
        method="filter_beschluss",
    )
    gremium = django_filters.ChoiceFilter(
        label=_("Beschlossen von (Gremium)"),
        choices=Gremium.choices,
        empty_label=_("Alle"),
        method="filter_gremium",
    )

    class Meta:
        model = Massnahme
        fields = []

    def filter_q(self, queryset, name, value):
        return queryset.filter(titel__icontains=value)

    def filter_netzwerk_name(self, queryset, name, value):
        return queryset.filter(netzwerk__name__icontains=value)

    @staticmethod
    def _beschluesse(**lookup):
        return Exists(
            Ratsbeschluss.objects.vollstaendig().filter(massnahme=OuterRef("pk"), **lookup)
        )

    def filter_beschluss(self, queryset, name, value):
        if value == BESCHLUSS_OHNE:
            return queryset.filter(~self._beschluesse())
        if value == BESCHLUSS_MIT:
            return queryset.filter(self._beschluesse())
        return queryset.filter(self._beschluesse(ergebnis=value))

    def filter_gremium(self, queryset, name, value):
        return queryset.filter(self._beschluesse(gremium=value))

    def filter_gebiet(self, queryset, name, value):
        # The area itself and everything inside it (a Stadtteil shows its Sozialräume' measures).
        return queryset.filter(gebiet__in=Gebiet.objects.within(value).values("pk"))


class MassnahmeFilter(_MassnahmeFilterBase):
    """The staff list: every status and the state of the check."""

    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=MassnahmeStatus.choices, empty_label=_("Alle")
    )
    netzwerk = django_filters.ModelChoiceFilter(
        label=_("Netzwerk oder Bündnis"), queryset=Netzwerk.objects.none(), empty_label=_("Alle")
    )
    pruefung = django_filters.ChoiceFilter(
        label=_("Nachhaltigkeitsprüfung"),
        choices=[
            *PruefErgebnis.choices,
            (PRUEFUNG_OFFEN, _("Noch nicht abgeschlossen")),
            (PRUEFUNG_VORGELEGT, _("Zur Freigabe vorgelegt")),
            (PRUEFUNG_FREIZUGEBEN, _("Von Ihnen freizugeben")),
            (PRUEFUNG_OHNE, _("Noch nicht begonnen")),
        ],
        empty_label=_("Alle"),
        method="filter_pruefung",
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.filters["netzwerk"].queryset = Netzwerk.objects.for_user(user).order_by("name")

    def filter_pruefung(self, queryset, name, value):
        if value == PRUEFUNG_OHNE:
            return queryset.filter(pruefung__isnull=True)
        if value == PRUEFUNG_OFFEN:
            return queryset.filter(pruefung__isnull=False, pruefung__abgeschlossen_am__isnull=True)
        if value == PRUEFUNG_FREIZUGEBEN:
            return queryset.zur_freigabe_durch(self.user)
        if value == PRUEFUNG_VORGELEGT:
            return queryset.filter(
                pruefung__eingereicht_am__isnull=False, pruefung__abgeschlossen_am__isnull=True
            )
        return queryset.filter(pruefung__abgeschlossen_am__isnull=False, pruefung__ergebnis=value)


class OeffentlicheMassnahmeFilter(_MassnahmeFilterBase):
    """The public list: only the public states and public networks."""

    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=[(s.value, s.label) for s in OEFFENTLICHE_STATUS],
        empty_label=_("Alle"),
    )
    netzwerk = django_filters.ModelChoiceFilter(
        label=_("Netzwerk oder Bündnis"),
        queryset=Netzwerk.objects.public().order_by("name"),
        empty_label=_("Alle"),
    )

    def filter_q(self, queryset, name, value):
        return queryset.filter(Q(titel__icontains=value) | Q(beschreibung__icontains=value))
