"""Issue 14: staff give an offer's public texts in other languages in the collapsed section
"Übersetzungen (optional)" of its form; each translation is checked like the German field."""

import re

import pytest

from begegnung.models import Angebot
from tests.begegnung.test_orte_staff import angebot_daten

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert(1)</script>"


def _neu(ort):
    return f"/orte/verwaltung/{ort.pk}/angebote/neu/"


def _details(html: str) -> str:
    return re.search(r"<details[^>]*>", html)[0]


def test_the_form_keeps_the_translations_collapsed_and_labelled(
    client, ortsleitung, quartiersbuero
):
    client.force_login(ortsleitung)
    html = client.get(_neu(quartiersbuero)).content.decode()
    assert "open" not in _details(html)
    assert "Übersetzungen (optional)" in html
    assert 'Titel – <span lang="en">English</span>' in html
    assert 'Beschreibung – <span lang="uk">Українська</span>' in html
    # The German fields come first, outside the section; each input speaks its language.
    assert html.index('name="titel"') < html.index("<details") < html.index('name="titel_en"')
    arabisch = re.search(r'<textarea name="beschreibung_ar"[^>]*>', html)[0]
    assert 'lang="ar"' in arabisch
    assert 'dir="rtl"' in arabisch
    assert 'name="titel_de"' not in html
    # Language by language, in the switcher's order.
    namen = ["titel_en", "beschreibung_en", "kosten_en", "titel_fr", "titel_tr", "titel_ar"]
    stellen = [html.index(f'name="{name}"') for name in namen]
    assert stellen == sorted(stellen)


def test_staff_save_a_translation_and_see_it_again(client, ortsleitung, quartiersbuero):
    client.force_login(ortsleitung)
    daten = angebot_daten(titel_en="Language café", beschreibung_fr="Parler allemand.")
    assert client.post(_neu(quartiersbuero), daten).status_code == 302
    angebot = Angebot.objects.get()
    assert (angebot.titel_de, angebot.titel_en, angebot.titel_fr) == (
        "Sprachcafé",
        "Language café",
        None,
    )
    assert (angebot.beschreibung_de, angebot.beschreibung_fr) == (
        "Deutsch üben bei Kaffee.",
        "Parler allemand.",
    )
    html = client.get(f"/orte/verwaltung/angebote/{angebot.pk}/bearbeiten/").content.decode()
    assert "open" in _details(html)
    assert re.search(r'<input type="text" name="titel_en" value="Language café"', html)
    # The staff pages stay German.
    assert "Sprachcafé bearbeiten" in html


@pytest.mark.parametrize(
    ("extra", "meldung"),
    [
        ({"titel_en": "x" * 201}, "höchstens 200 Zeichen"),
        ({"titel_en": SCRIPT}, "ohne HTML-Auszeichnungen"),
        ({"beschreibung_tr": SCRIPT}, "ohne HTML-Auszeichnungen"),
        ({"beschreibung_tr": "x" * 5001}, "höchstens 5000 Zeichen"),
        ({"kosten_ar": "<b>5 €</b>"}, "ohne HTML-Auszeichnungen"),
    ],
)
def test_a_bad_translation_is_named_and_nothing_is_saved(
    client, ortsleitung, quartiersbuero, extra, meldung
):
    client.force_login(ortsleitung)
    response = client.post(_neu(quartiersbuero), angebot_daten(**extra))
    assert response.status_code == 200
    html = response.content.decode()
    [feld] = extra
    assert meldung in " ".join(response.context["form"].errors[feld])
    # The section opens, and the summary at the top leads to the field.
    assert "open" in _details(html)
    assert f'href="#id_{feld}"' in html
    assert "<script>alert(1)" not in html
    assert not Angebot.objects.exists()
