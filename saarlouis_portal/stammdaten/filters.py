import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from saarlouis_portal.stammdaten.models import (
    Gebiet,
    GebietArt,
    Organisation,
    OrganisationArt,
    Sozialgesetzbuch,
)


def _oberbereiche(request):
    return Gebiet.objects.exclude(art=GebietArt.SOZIALRAUM).by_level()


class GebietFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Name enthält"), method="filter_q")
    art = django_filters.ChoiceFilter(
        label=_("Art"), choices=GebietArt.choices, empty_label=_("Alle")
    )
    liegt_in = django_filters.ModelChoiceFilter(
        label=_("Liegt in"),
        queryset=_oberbereiche,
        method="filter_liegt_in",
        empty_label=_("Überall"),
    )

    class Meta:
        model = Gebiet
        fields = []

    def filter_q(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(schluessel__icontains=value))

    def filter_liegt_in(self, queryset, name, value):
        return queryset.filter(pk__in=Gebiet.objects.within(value).values("pk"))


class OrganisationFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Suche"), method="filter_q")
    art = django_filters.ChoiceFilter(
        label=_("Art"), choices=OrganisationArt.choices, empty_label=_("Alle")
    )
    sgb = django_filters.ModelChoiceFilter(
        label=_("Leistungen nach SGB"),
        field_name="sgb_buecher",
        queryset=Sozialgesetzbuch.objects.all(),
        empty_label=_("Alle"),
    )
    gebiet = django_filters.ModelChoiceFilter(
        label=_("Tätig in"),
        queryset=_oberbereiche,
        method="filter_gebiet",
        empty_label=_("Überall"),
    )
    aktiv = django_filters.BooleanFilter(
        label=_("Nur aktive"), method="filter_aktiv", widget=forms.CheckboxInput
    )

    class Meta:
        model = Organisation
        fields = []

    def filter_q(self, queryset, name, value):
        return queryset.filter(
            Q(name__icontains=value) | Q(kurzname__icontains=value) | Q(ort__icontains=value)
        )

    def filter_gebiet(self, queryset, name, value):
        # Active in the area itself or anywhere above it (a Gemeinde-wide carrier also serves
        # each of its Stadtteile) or below it.
        above = [g.pk for g in value.vorfahren()]
        inside = Gebiet.objects.within(value).values("pk")
        return queryset.filter(Q(gebiete__in=inside) | Q(gebiete__in=above)).distinct()

    def filter_aktiv(self, queryset, name, value):
        return queryset.filter(aktiv=True) if value else queryset
