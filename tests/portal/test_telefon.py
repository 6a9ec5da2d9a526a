"""Phone numbers: one number is stored one way (E.164) whatever the spelling, shown the way
people read it, and refused with a message at the field when it is none."""

import pytest
from django import forms
from django.template import Context, Template

from saarlouis_portal import telefon
from saarlouis_portal.forms import TelefonField
from sprechstunden.forms.staff import AnlaufstelleForm
from sprechstunden.models import Anlaufstelle


@pytest.mark.parametrize(
    "spelling",
    ["06831 4430", "068314430", "+49 6831 4430", "0049 6831 4430", "06831 443-0", "(06831) 4430"],
)
def test_every_spelling_of_a_german_number_is_one_e164_number(spelling):
    assert telefon.to_e164(spelling) == "+4968314430"


def test_a_foreign_number_keeps_its_country():
    assert telefon.to_e164("+33 1 42 68 53 00") == "+33142685300"


@pytest.mark.parametrize("value", ["ruf mich an", "123", "0711 1", "+49", "0800 EINS", "++49"])
def test_what_is_no_number_is_refused(value):
    with pytest.raises(telefon.UngueltigeNummer):
        telefon.to_e164(value)


@pytest.mark.parametrize(
    ("stored", "shown"),
    [
        ("+4968314430", "06831 4430"),
        ("+4917612345678", "0176 12345678"),
        ("+33142685300", "+33 1 42 68 53 00"),
        ("06831 4430", "06831 4430"),  # stored before numbers were normalised
        ("0711 1", "0711 1"),  # no number: shown as stored
        ("", ""),
    ],
)
def test_the_filter_shows_a_number_as_people_read_it(stored, shown):
    html = Template("{% load portal_telefon %}{{ nummer|telefon }}").render(
        Context({"nummer": stored})
    )
    assert html == shown


def test_a_tel_link_dials_the_e164_number():
    html = Template('{% load portal_telefon %}<a href="tel:{{ n|telefon_link }}">').render(
        Context({"n": "06831 4430"})
    )
    assert html == '<a href="tel:+4968314430">'


class NummerForm(forms.Form):
    telefon = TelefonField(required=False)


def test_the_field_cleans_to_e164_and_shows_it_again_in_national_format():
    form = NummerForm({"telefon": " 06831 443-0 "})
    assert form.is_valid()
    assert form.cleaned_data["telefon"] == "+4968314430"
    shown = NummerForm(initial={"telefon": "+4968314430"})
    assert 'value="06831 4430"' in str(shown["telefon"])


def test_the_same_number_in_another_spelling_is_no_change():
    form = NummerForm({"telefon": "068314430"}, initial={"telefon": "+4968314430"})
    assert not form.has_changed()


@pytest.mark.parametrize("value", ["ruf mich an", "0711 1", "1" * 31])
def test_the_field_refuses_what_is_no_number_with_a_german_message(value):
    form = NummerForm({"telefon": value})
    assert not form.is_valid()
    message = " ".join(form.errors["telefon"])
    assert "gültige Telefonnummer" in message or "höchstens 30 Zeichen" in message


@pytest.mark.django_db  # the form reads its searchable choices (saarlouis_portal/forms.py)
def test_model_forms_get_the_field_and_the_schema_stays_a_charfield():
    assert isinstance(AnlaufstelleForm().fields["telefon"], TelefonField)
    _name, path, _args, kwargs = Anlaufstelle._meta.get_field("telefon").deconstruct()
    assert path == "django.db.models.CharField"
    assert kwargs["max_length"] == 30
