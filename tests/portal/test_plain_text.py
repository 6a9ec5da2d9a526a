"""Plain text as people type it: invisible control and format characters are removed, bidi
controls in a name are refused with a message, words that need a joiner keep it."""

import pytest
from django import forms
from django.core.exceptions import ValidationError

from saarlouis_portal.forms import NameField, PlainTextField, clean_text

RLO = "\u202e"  # right-to-left override


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("Ayşe", "Ayşe"),
        ("Zeile 1\nZeile 2\tTab", "Zeile 1\nZeile 2\tTab"),
        ("Mah\x00nung\x07", "Mahnung"),
        ("Stro\u200bman\u2060bieter\ufeff", "Stromanbieter"),
        ("\u200eRollstuhl\u200f", "Rollstuhl"),
        ("ab\x7fc\x85d", "abcd"),
        ("Stro\u00adman", "Stroman"),  # soft hyphen
        (f"Ay{RLO}şe", "Ayşe"),
        ("tag\U000e0041\U000e0042s", "tags"),  # invisible tag characters
        ("Ays\u0327e", "Ayşe"),  # decomposed: the same letters as composed
        ("می\u200cخواهم", "می\u200cخواهم"),  # Persian needs the zero-width non-joiner
        ("👩\u200d👧", "👩\u200d👧"),  # an emoji sequence keeps its joiner
    ],
)
def test_invisible_characters_are_removed_and_the_rest_is_kept(typed, kept):
    assert clean_text(typed) == kept


@pytest.mark.parametrize("bidi", ["\u202a", "\u202b", "\u202c", "\u202d", RLO, "\u2066", "\u2069"])
def test_a_name_with_a_bidi_control_is_refused(bidi):
    with pytest.raises(ValidationError, match="Schreibrichtung"):
        clean_text(f"Ayşe{bidi}elif", refuse_bidi=True)


class TextForm(forms.Form):
    name = NameField(max_length=20)
    notiz = PlainTextField(required=False, max_length=20, widget=forms.Textarea)


def test_the_fields_clean_and_strip_what_was_typed():
    form = TextForm({"name": "\u200b Ayşe \x00", "notiz": " Strom\u200bmahnung\r\n"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data == {"name": "Ayşe", "notiz": "Strommahnung"}


def test_a_bidi_override_in_a_name_is_named_at_the_field():
    form = TextForm({"name": f"Ayşe{RLO}file.exe", "notiz": f"Notiz{RLO}"})
    assert not form.is_valid()
    assert "neu ein, statt sie einzufügen" in " ".join(form.errors["name"])
    assert "notiz" not in form.errors


def test_a_name_of_invisible_characters_only_is_missing():
    form = TextForm({"name": "\u200b\u200e\x00"})
    assert not form.is_valid()
    assert "zwingend erforderlich" in " ".join(form.errors["name"])


def test_the_length_counts_what_is_kept():
    form = TextForm({"name": "A" * 20 + "\u200b" * 5})
    assert form.is_valid()
