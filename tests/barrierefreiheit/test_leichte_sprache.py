"""The pages in Leichte Sprache: reachable from every page's header and from each other, German
(lang="de") in every language version, hard words explained where they appear, real links."""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

SEITEN = [
    ("leichte_sprache", "Das Sozial-Portal in Leichter Sprache"),
    ("leichte_sprache_benutzen", "So geht die Seite"),
    ("leichte_sprache_sprechstunde", "So machen Sie einen Termin für eine Beratung"),
    ("leichte_sprache_sorgekreis", "So bekommen Sie Hilfe von einem Sorge-Kreis"),
    ("leichte_sprache_kontakt", "So erreichen Sie uns"),
    ("leichte_sprache_erklaerung", "Das steht in der Erklärung zur Barriere-Freiheit"),
]


def h1(html: str) -> str:
    return re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S)[1].strip()


def inhalt(html: str) -> str:
    """The Leichte-Sprache part of the page (menu and text), without header and footer."""
    return re.search(
        r'<div class="portal-leichte-sprache" lang="de" dir="ltr">(.*)</main>', html, re.S
    )[1]


@pytest.mark.parametrize(("name", "titel"), SEITEN, ids=[s[0] for s in SEITEN])
def test_every_page_answers_in_german_with_its_heading_and_the_menu(client, name, titel):
    response = client.get(reverse(name))
    assert response.status_code == 200
    html = response.content.decode()
    assert h1(html) == titel
    assert "css/leichte-sprache.css" in html
    teil = inhalt(html)
    # The menu links every page of the set, and marks this one.
    for other, _titel in SEITEN:
        assert f'href="{reverse(other)}"' in teil, other
    assert re.search(rf'href="{reverse(name)}" aria-current="page"', teil)
    assert teil.count('aria-current="page"') == 1


@pytest.mark.parametrize("code", ["en", "ar"])
def test_other_language_versions_keep_the_text_german_and_left_to_right(client, code):
    response = client.get(f"/{code}/leichte-sprache/sprechstunde/")
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{code}"' in html
    assert '<div class="portal-leichte-sprache" lang="de" dir="ltr">' in html
    assert "So machen Sie einen Termin für eine Beratung" in html


def test_every_page_header_links_leichte_sprache_and_gebaerdensprache(client):
    html = client.get("/").content.decode()
    werkzeuge = re.search(r'<div class="portal-header__tools">(.*?)</nav>', html, re.S)[1]
    assert re.search(r'href="/leichte-sprache/"[^>]*>.*Leichte Sprache</a>', werkzeuge, re.S)
    assert re.search(r'href="/gebaerdensprache/"[^>]*>.*Gebärdensprache</a>', werkzeuge, re.S)
    # The header link marks itself on its pages.
    html = client.get("/leichte-sprache/kontakt/").content.decode()
    assert 'href="/leichte-sprache/" aria-current="page"' in html


def test_hard_words_are_explained_where_they_appear(client):
    html = client.get(reverse("leichte_sprache_sprechstunde")).content.decode()
    for wort in ["Beratung", "Sprech-Stunde", "Termin", "Formular", "E-Mail"]:
        assert re.search(
            rf'<div class="portal-wort">\s*<p class="portal-wort__titel">Schweres Wort: '
            rf"<strong>{wort}</strong>",
            html,
        ), wort
    # The box comes right after the sentence that uses the word first.
    assert html.index("Die Beratung ist in einer Sprech-Stunde.") < html.index(
        "<strong>Sprech-Stunde</strong>"
    )


def test_booking_steps_link_the_real_pages_and_name_the_confirmation_time(client, settings):
    settings.SPRECHSTUNDEN_RESERVIERUNG_MINUTEN = 45
    html = client.get(reverse("leichte_sprache_sprechstunde")).content.decode()
    assert f'href="{reverse("sprechstunden:index")}"' in html
    assert f'href="{reverse("sprechstunden:hausbesuch_anfrage")}"' in html
    for schritt in ["Schritt 1: Termin wählen", "Schritt 2: Formular ausfüllen", "Schritt 3"]:
        assert schritt in html
    assert "Sie haben dafür 45 Minuten Zeit." in html
    # The button the text names is the real one.
    assert "Klicken Sie dann auf den Knopf: Termin buchen." in html


def test_the_sorgekreis_page_links_the_help_form(client):
    html = client.get(reverse("leichte_sprache_sorgekreis")).content.decode()
    assert f'href="{reverse("sorgekreise:hilfe_anfragen")}"' in html
    assert f'href="{reverse("sorgekreise:hilfe_anbieten")}"' in html
    assert "Anfrage senden" in client.get(reverse("sorgekreise:hilfe_anfragen")).content.decode()
    assert "Die Polizei hat die Nummer 110." in html


def test_the_contact_page_names_phone_and_email(client, settings):
    settings.PORTAL_CONTACT_EMAIL = "sozial@saarlouis.example"
    settings.PORTAL_CONTACT_PHONE = "06831 443-0"
    html = client.get(reverse("leichte_sprache_kontakt")).content.decode()
    assert 'href="tel:+4968314430"' in html
    assert ">06831 4430</a>" in html
    assert 'href="mailto:sozial@saarlouis.example"' in html
    assert f'href="{reverse("gebaerdensprache")}"' in html


def test_without_a_phone_number_the_contact_page_points_to_the_impressum(client, settings):
    settings.PORTAL_CONTACT_PHONE = ""
    html = client.get(reverse("leichte_sprache_kontakt")).content.decode()
    assert "tel:" not in html
    assert "Unsere Telefon-Nummer steht im Impressum:" in html
    assert f'href="{reverse("impressum")}"' in html


def test_the_statement_page_counts_open_barriers_and_links_the_form(client, settings):
    from saarlouis_portal.barrierefreiheit.models import Barriere

    settings.BARRIEREFREIHEIT_SCHLICHTUNG_NAME = "Schlichtungsstelle Musterland"
    html = client.get(reverse("leichte_sprache_erklaerung")).content.decode()
    assert "Im Moment kennen wir keine Hindernisse." in html
    assert "Schlichtungsstelle Musterland" in html
    assert "Wir antworten Ihnen innerhalb von 6 Wochen." in html
    assert f'href="{reverse("barrierefreiheit")}#rueckmeldung"' in html
    Barriere.objects.create(beschreibung="Karte ohne Tastatur", betrifft="Karte")
    Barriere.objects.create(beschreibung="PDF ohne Struktur", betrifft="Bericht")
    Barriere.objects.create(beschreibung="alt", betrifft="Alt", behoben=True)
    html = client.get(reverse("leichte_sprache_erklaerung")).content.decode()
    assert "Wir kennen im Moment 2 Hindernisse." in html


def test_the_stylesheet_sets_larger_type(client):
    response = client.get("/static/css/leichte-sprache.css")
    assert response.status_code == 200
    css = b"".join(response.streaming_content).decode()
    assert re.search(
        r"\.portal-leichte-sprache \{[^}]*font-size: 1\.25rem;[^}]*line-height: 1\.6", css
    )
