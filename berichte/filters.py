"""List filters of the data side (indicators)."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from berichte.models import Einheit, Indikator, KapitelArt


class IndikatorFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Suche"), method="filter_q")
    kapitel = django_filters.ChoiceFilter(
        label=_("Kapitel"), choices=KapitelArt.choices, empty_label=_("Alle")
    )
    einheit = django_filters.ChoiceFilter(
        label=_("Einheit"), choices=Einheit.choices, empty_label=_("Alle")
    )

    class Meta:
        model = Indikator
        fields = []

    def filter_q(self, queryset, name, value):
        return queryset.filter(
            Q(name__icontains=value) | Q(schluessel__icontains=value) | Q(quelle__icontains=value)
        )
