"""The citizens' languages: prefixes, lang and dir, the first visit, the switcher, staff pages."""

import re

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db

HTML = {"HTTP_ACCEPT": "text/html,application/xhtml+xml"}
PUBLIC_PATHS = [
    "/",
    "/sprechstunden/",
    "/sprechstunden/hausbesuch/",
    "/orte/",
    "/orte/karte/",
    "/netzwerke/",
    "/netzwerke/massnahmen/",
    "/netzwerke/karte/",
    "/sorgekreise/",
    "/sorgekreise/hilfe/",
    "/sorgekreise/mithelfen/",
    "/berichte/",
    "/impressum/",
    "/datenschutz/",
    "/barrierefreiheit/",
]
DIRECTION = {"ar": "rtl"}


def _html_tag(response) -> str:
    return re.search(r"<html[^>]*>", response.content.decode())[0]


@pytest.mark.parametrize("code", [code for code, _name in settings.LANGUAGES])
def test_every_public_page_answers_in_every_language_with_lang_and_dir(client, code):
    for path in PUBLIC_PATHS:
        url = path if code == "de" else f"/{code}{path}"
        response = client.get(url)
        assert response.status_code == 200, url
        tag = _html_tag(response)
        assert f'lang="{code}"' in tag, url
        assert f'dir="{DIRECTION.get(code, "ltr")}"' in tag, url


def test_an_unknown_page_in_turkish_is_a_turkish_404(client):
    response = client.get("/tr/gibt-es-nicht/")
    assert response.status_code == 404
    assert 'lang="tr"' in _html_tag(response)


def test_a_first_visit_follows_the_browser(client):
    response = client.get(
        "/sprechstunden/?thema=wohnen", HTTP_ACCEPT_LANGUAGE="tr,de;q=0.5", **HTML
    )
    assert response.status_code == 302
    assert response["Location"] == "/tr/sprechstunden/?thema=wohnen"
    assert "Accept-Language" in response["Vary"]


def test_a_browser_asking_for_german_or_an_unknown_language_stays_german(client):
    for header in ["de-DE,de;q=0.9,en;q=0.8", "pl,ru;q=0.8", ""]:
        response = client.get("/orte/", HTTP_ACCEPT_LANGUAGE=header, **HTML)
        assert response.status_code == 200, header
        assert 'lang="de"' in _html_tag(response)


def test_programs_reading_feeds_are_not_redirected(client):
    response = client.get("/orte/karte/daten.geojson", HTTP_ACCEPT_LANGUAGE="ar")
    assert response.status_code == 200


def test_the_switcher_keeps_the_choice_and_the_page(client):
    response = client.get("/sprache/uk/", {"next": "/tr/orte/?suche=Cafe"})
    assert response.status_code == 302
    assert response["Location"] == "/uk/orte/?suche=Cafe"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "uk"
    # Once German is chosen, a browser asking for Arabic stays on the German pages.
    client.get("/sprache/de/", {"next": "/uk/orte/"})
    response = client.get("/orte/", HTTP_ACCEPT_LANGUAGE="ar", **HTML)
    assert response.status_code == 200
    assert 'lang="de"' in _html_tag(response)


def test_the_switcher_refuses_foreign_targets_and_unknown_languages(client):
    response = client.get("/sprache/fr/", {"next": "https://evil.example/"})
    assert response["Location"] == "/fr/"
    response = client.get("/sprache/xx/", {"next": "/fr/orte/"})
    assert response["Location"] == "/orte/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "de"


def test_the_switcher_names_each_language_in_itself(client):
    html = client.get("/ar/sprechstunden/").content.decode()
    for code, name in settings.LANGUAGES:
        assert re.search(
            rf'<a [^>]*href="/sprache/{code}/\?next=%2Far%2Fsprechstunden%2F"[^>]*lang="{code}"'
            rf"[^>]*>{name}</a>",
            html,
        ), code
    assert re.search(r'lang="ar"[^>]*aria-current="true"', html)


def test_public_pages_name_their_alternates(client):
    html = client.get("/fr/netzwerke/").content.decode()
    for code, _name in settings.LANGUAGES:
        path = "/netzwerke/" if code == "de" else f"/{code}/netzwerke/"
        assert f'<link rel="alternate" hreflang="{code}" href="http://testserver{path}">' in html
    assert '<link rel="alternate" hreflang="x-default" href="http://testserver/netzwerke/">' in html


def test_staff_pages_stay_german(client, planer):
    client.force_login(planer)
    response = client.get("/tr/orte/verwaltung/?seite=2", **HTML)
    assert response.status_code == 302
    assert response["Location"] == "/orte/verwaltung/?seite=2"
    response = client.get("/orte/verwaltung/", HTTP_ACCEPT_LANGUAGE="tr", **HTML)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'lang="de"' in _html_tag(response)
    assert "hreflang" not in html
    assert "/sprache/" not in html
