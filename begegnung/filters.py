"""Filters of the directory of places (public and staff) and of the map data.

Every filter narrows with ``pk__in`` subqueries, never joins, so the result needs no
``distinct()`` and stays one query however many offers or languages a place has.
"""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from begegnung import services
from begegnung.models import Angebot, Ort, OrtArt, Stufe
from saarlouis_portal.stammdaten.inhalt import in_every_language
from saarlouis_portal.stammdaten.models import Gebiet, GebietArt, Sprache, Thema


def _gebiete(request):
    """Stadtteile and Sozialräume (a Stadtteil filter includes its Sozialräume)."""
    return (
        Gebiet.objects.filter(art__in=[GebietArt.STADTTEIL, GebietArt.SOZIALRAUM])
        .select_related("eltern")
        .by_level()
    )


class GebietChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name if obj.art == GebietArt.STADTTEIL else f"– {obj.name}"


class GebietFilter(django_filters.ModelChoiceFilter):
    field_class = GebietChoiceField


class OrtFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Suche"),
        method="filter_q",
        max_length=100,
        help_text=_("Name, Beschreibung, Adresse oder Angebot"),
    )
    gebiet = GebietFilter(
        label=_("Stadtteil / Sozialraum"),
        queryset=_gebiete,
        method="filter_gebiet",
        empty_label=_("Überall"),
    )
    art = django_filters.ChoiceFilter(
        label=_("Art des Ortes"), choices=OrtArt.choices, empty_label=_("Alle")
    )
    thema = django_filters.ModelChoiceFilter(
        label=_("Thema eines Angebots"),
        queryset=Thema.objects.all(),
        method="filter_thema",
        empty_label=_("Alle Themen"),
    )
    sprache = django_filters.ModelChoiceFilter(
        label=_("Sprache"),
        queryset=Sprache.objects.all(),
        method="filter_sprache",
        empty_label=_("Alle Sprachen"),
    )
    stufenlos = django_filters.BooleanFilter(
        label=_("Nur stufenlos erreichbar"), method="filter_stufenlos", widget=forms.CheckboxInput
    )
    offen = django_filters.BooleanFilter(
        label=_("Nur jetzt geöffnet"), method="filter_offen", widget=forms.CheckboxInput
    )

    class Meta:
        model = Ort
        fields = []

    def _angebote(self):
        """Offers that count for the public (staff lists see every offer)."""
        return Angebot.objects.public()

    def filter_q(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        # Translated texts: every language's column, so an English page still finds German text.
        angebote = self._angebote().filter(
            in_every_language("titel", "icontains", value)
            | in_every_language("beschreibung", "icontains", value)
        )
        return queryset.filter(
            Q(name__icontains=value)
            | in_every_language("beschreibung", "icontains", value)
            | Q(strasse__icontains=value)
            | Q(gebiet__name__icontains=value)
            | Q(pk__in=angebote.values("ort_id"))
        )

    def filter_gebiet(self, queryset, name, value):
        return queryset.filter(gebiet__in=Gebiet.objects.within(value).values("pk"))

    def filter_thema(self, queryset, name, value):
        return queryset.filter(pk__in=self._angebote().filter(themen=value).values("ort_id"))

    def filter_sprache(self, queryset, name, value):
        in_angeboten = self._angebote().filter(sprachen=value).values("ort_id")
        am_ort = Ort.sprachen.through.objects.filter(sprache=value).values("ort_id")
        return queryset.filter(Q(pk__in=am_ort) | Q(pk__in=in_angeboten))

    def filter_stufenlos(self, queryset, name, value):
        return queryset.filter(stufenloser_zugang=True) if value else queryset

    def filter_offen(self, queryset, name, value):
        return queryset.filter(services.open_filter()) if value else queryset


class StaffOrtFilter(OrtFilter):
    stufe = django_filters.ChoiceFilter(
        label=_("Stufe"), choices=Stufe.choices, empty_label=_("Alle")
    )
    meine = django_filters.BooleanFilter(
        label=_("Nur Orte, die ich leite"), method="filter_meine", widget=forms.CheckboxInput
    )

    def _angebote(self):
        return Angebot.objects.all()

    def filter_meine(self, queryset, name, value):
        if not value or self.request is None:
            return queryset
        return queryset.filter(
            pk__in=Ort.leitung.through.objects.filter(user=self.request.user).values("ort_id")
        )
