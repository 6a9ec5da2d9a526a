"""Filters of the network lists (staff and public), the map and the talks."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from netzwerke.models import Gespraech, Netzwerk, NetzwerkArt, NetzwerkStatus
from saarlouis_portal.forms import KernFilterSet
from saarlouis_portal.stammdaten.models import Gebiet, GebietArt, Handlungsfeld, Thema


def _gebiete(request):
    return Gebiet.objects.by_level()


class GebietFilterChoice(django_filters.ModelChoiceFilter):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label", _("Gebiet"))
        kwargs.setdefault("queryset", _gebiete)
        kwargs.setdefault("empty_label", _("Alle Gebiete"))
        super().__init__(*args, **kwargs)

    def filter(self, queryset, value):
        # The area and everything below it: a city-wide filter includes its districts.
        if not value:
            return queryset
        return queryset.filter(
            **{f"{self.field_name}__in": Gebiet.objects.within(value).values("pk")}
        )


class NetzwerkFilter(KernFilterSet):
    choices_cached = ("gebiet", "thema", "handlungsfeld")

    q = django_filters.CharFilter(label=_("Name enthält"), method="filter_q")
    gebiet = GebietFilterChoice(field_name="gebiet")
    ebene = django_filters.ChoiceFilter(
        label=_("Ebene"),
        field_name="gebiet__art",
        choices=GebietArt.choices,
        empty_label=_("Alle Ebenen"),
    )
    thema = django_filters.ModelChoiceFilter(
        label=_("Thema"),
        field_name="themen",
        queryset=Thema.objects.all(),
        empty_label=_("Alle Themen"),
    )
    handlungsfeld = django_filters.ModelChoiceFilter(
        label=_("Handlungsfeld"),
        field_name="handlungsfelder",
        queryset=Handlungsfeld.objects.all(),
        empty_label=_("Alle Handlungsfelder"),
    )
    art = django_filters.ChoiceFilter(
        label=_("Art"), choices=NetzwerkArt.choices, empty_label=_("Netzwerke und Bündnisse")
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=NetzwerkStatus.choices, empty_label=_("Alle")
    )

    class Meta:
        model = Netzwerk
        fields = []

    def filter_q(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value))


class KarteFilter(KernFilterSet):
    choices_cached = ("gebiet", "thema")

    gebiet = GebietFilterChoice(field_name="gebiet")
    thema = django_filters.ModelChoiceFilter(
        label=_("Thema"),
        field_name="themen",
        queryset=Thema.objects.all(),
        empty_label=_("Alle Themen"),
    )

    class Meta:
        model = Netzwerk
        fields = []


class GespraechFilter(KernFilterSet):
    choices_cached = ("gebiet", "thema")

    gebiet = GebietFilterChoice(field_name="gebiet")
    thema = django_filters.ModelChoiceFilter(
        label=_("Thema"),
        field_name="themen",
        queryset=Thema.objects.all(),
        empty_label=_("Alle Themen"),
    )
    von = django_filters.DateFilter(
        label=_("Ab Datum"),
        field_name="datum",
        lookup_expr="gte",
        widget=django_filters.widgets.forms.DateInput(attrs={"type": "date"}),
    )

    class Meta:
        model = Gespraech
        fields = []
