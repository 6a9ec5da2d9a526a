"""Dates in each language's order, times in Europe/Berlin."""

from datetime import UTC, date, datetime

import pytest
from django.template import Context, Template
from django.utils import translation

from saarlouis_portal.stammdaten.templatetags.portal_zeit import FORMATE

# Monday 1 March 2027, 09:30 UTC = 10:30 in Berlin.
MOMENT = datetime(2027, 3, 1, 9, 30, tzinfo=UTC)


def render(source: str, language: str, **context) -> str:
    with translation.override(language):
        return Template("{% load portal_zeit %}" + source).render(Context(context))


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("de", "Montag, 1. März 2027, 10:30"),
        ("en", "Monday, 1 March 2027, 10:30"),
        ("fr", "lundi 1 mars 2027, 10:30"),
        ("tr", "1 Mart 2027 Pazartesi, 10:30"),
        ("ar", "الاثنين، 1 مارس 2027، 10:30"),
        ("uk", "Понеділок, 1 березня 2027, 10:30"),
    ],
)
def test_a_day_with_its_time_in_each_language(language, expected):
    assert render('{{ t|datum:"tag_zeit_lang" }}', language, t=MOMENT) == expected


def test_german_keeps_the_portals_formats():
    assert render("{{ d|datum }}", "de", d=date(2027, 3, 1)) == "01.03.2027"
    assert render('{{ t|datum:"zeitpunkt" }}', "de", t=MOMENT) == "01.03.2027 10:30"


def test_every_language_names_every_kind_of_date():
    assert all(FORMATE[code].keys() == FORMATE["de"].keys() for code in FORMATE)


def test_nothing_is_empty():
    assert render("{{ d|datum }}", "tr", d=None) == ""
