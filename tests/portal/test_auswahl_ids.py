"""Ids beyond 64 bits in a multiple choice (issue 17 follow-up): ``BoundedModelMultipleChoiceField``
answers them with the field's "invalid choice" message on every database; SQLite could not even
bind such a number in Django's "IN" query (a server error). Every multiple choice of rows in the
portal's forms uses it; the forms' own bad-input tests post such ids through the views
(tests/netzwerke/test_treffen_views.py, test_netzwerk_views.py, test_massnahme_views.py,
tests/begegnung/test_forms_bad_input.py, tests/sorgekreise/test_public_hilfe_*.py,
tests/stammdaten/test_organisation_views.py)."""

import importlib
import pkgutil

import django_filters
import pytest
from django import forms
from django.db import connection

from netzwerke.models import Treffen
from saarlouis_portal.forms import (
    ID_MAX,
    ID_MIN,
    BoundedModelMultipleChoiceField,
    id_out_of_range,
    model_formfield,
)
from saarlouis_portal.stammdaten.models import Organisation, OrganisationArt, Sprache

HUGE = "9" * 30


@pytest.mark.parametrize(
    ("value", "out"),
    [
        (HUGE, True),
        (str(ID_MAX + 1), True),
        (str(ID_MIN - 1), True),
        ("-" + HUGE, True),
        (" +" + HUGE + " ", True),  # int() reads spaces and a sign, and so does the database
        (str(ID_MAX), False),
        (str(ID_MIN), False),
        ("12", False),
        (12, False),
        ("abc", False),
        ("1e40", False),  # no integer at all: the field's own check answers it
        (None, False),
    ],
)
def test_what_counts_as_out_of_range(value, out):
    assert id_out_of_range(value) is out


@pytest.fixture
def caritas(db):
    return Organisation.objects.create(name="Caritas", art=OrganisationArt.TRAEGER)


@pytest.mark.parametrize("value", [HUGE, str(ID_MAX + 1), "-" + HUGE])
def test_an_id_beyond_64_bits_is_an_invalid_choice(caritas, value):
    field = BoundedModelMultipleChoiceField(Organisation.objects.all())
    with pytest.raises(forms.ValidationError) as error:
        field.clean([str(caritas.pk), value])
    assert error.value.code == "invalid_choice"
    assert value in error.value.messages[0]


def test_ids_in_range_still_reach_the_database(caritas):
    field = BoundedModelMultipleChoiceField(Organisation.objects.all())
    assert list(field.clean([str(caritas.pk)])) == [caritas]
    with pytest.raises(forms.ValidationError) as error:
        field.clean([str(caritas.pk), str(ID_MAX)])  # the largest id: no such row
    assert error.value.code == "invalid_choice"


def test_a_key_that_is_no_integer_is_left_to_the_database(db):
    deutsch, _ = Sprache.objects.get_or_create(code="de", defaults={"name": "Deutsch"})
    field = BoundedModelMultipleChoiceField(Sprache.objects.all(), to_field_name="code")
    assert list(field.clean(["de"])) == [deutsch]
    with pytest.raises(forms.ValidationError) as error:
        field.clean([HUGE])  # a text code: compared as text, no overflow anywhere
    assert error.value.code == "invalid_choice"


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the overflow is SQLite's")
def test_djangos_own_field_fails_on_sqlite(caritas):
    """Why the portal has its own field: when this test fails, Django handles the range
    itself and ``BoundedModelMultipleChoiceField`` may go."""
    field = forms.ModelMultipleChoiceField(Organisation.objects.all())
    with pytest.raises(OverflowError):
        field.clean([HUGE])


def test_djangos_single_choice_refuses_such_ids_itself(caritas):
    """A single choice asks "pk = …", and Django knows that lookup's range: no own field
    needed (the forms' tests post such ids into single choices too)."""
    field = forms.ModelChoiceField(Organisation.objects.all())
    for value in (HUGE, str(ID_MAX + 1), "-" + HUGE):
        with pytest.raises(forms.ValidationError) as error:
            field.clean(value)
        assert error.value.code == "invalid_choice"


def test_model_forms_get_the_field_through_their_callback():
    class Form(forms.ModelForm):
        class Meta:
            model = Treffen
            formfield_callback = model_formfield
            fields = ["titel", "anwesende"]

    class Eigenes(BoundedModelMultipleChoiceField):
        pass

    class FormMitEigenemFeld(forms.ModelForm):
        class Meta:
            model = Treffen
            formfield_callback = model_formfield
            fields = ["anwesende"]
            field_classes = {"anwesende": Eigenes}

    assert type(Form.base_fields["anwesende"]) is BoundedModelMultipleChoiceField
    assert type(Form.base_fields["titel"]) is forms.CharField
    assert type(FormMitEigenemFeld.base_fields["anwesende"]) is Eigenes


# Every form of the portal


APPS = ("saarlouis_portal", "netzwerke", "begegnung", "sorgekreise", "sprechstunden", "berichte")

# Forms still without the bounded field (none left; add one here only with a reason).
NOCH_OFFEN: set[str] = set()


def _import_forms_and_filters() -> None:
    for app in APPS:
        package = importlib.import_module(app)
        for module in pkgutil.walk_packages(package.__path__, f"{app}."):
            teile = module.name.split(".")
            if any(t in ("forms", "filters") or t.startswith("filters_") for t in teile):
                importlib.import_module(module.name)


def _subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def _ours(cls) -> bool:
    return cls.__module__.split(".")[0] in APPS


def test_every_multiple_choice_of_rows_refuses_ids_beyond_64_bits():
    _import_forms_and_filters()
    ungeschuetzt = set()
    geprueft = 0
    for form in filter(_ours, _subclasses(forms.BaseForm)):
        for name, field in getattr(form, "base_fields", {}).items():
            if isinstance(field, forms.ModelMultipleChoiceField):
                geprueft += 1
                if not isinstance(field, BoundedModelMultipleChoiceField):
                    ungeschuetzt.add(f"{form.__module__}.{form.__qualname__}.{name}")
    for filterset in filter(_ours, _subclasses(django_filters.FilterSet)):
        for name, filter_ in filterset.base_filters.items():
            if issubclass(filter_.field_class, forms.ModelMultipleChoiceField):
                geprueft += 1
                if not issubclass(filter_.field_class, BoundedModelMultipleChoiceField):
                    ungeschuetzt.add(f"{filterset.__module__}.{filterset.__qualname__}.{name}")
    assert geprueft > 20  # the scan found the forms
    assert ungeschuetzt <= NOCH_OFFEN, sorted(ungeschuetzt - NOCH_OFFEN)
