"""The public request for a home visit: no account, no JavaScript, PRG to a thank-you page."""

import pytest
from django.core import mail
from django.test import override_settings
from django.urls import reverse

from saarlouis_portal.konten.roles import Rolle
from saarlouis_portal.stammdaten.models import Gebiet, GebietArt
from sprechstunden.models import Hausbesuch, HausbesuchStatus
from tests.conftest import make_user

URL = reverse("sprechstunden:hausbesuch_anfrage")


@pytest.fixture
def ortsteil(pliezhausen):
    return Gebiet.objects.create(name="Gniebel", art=GebietArt.STADTTEIL, eltern=pliezhausen)


def valid(ortsteil, thema, **overrides):
    data = {
        "name": "Frau Yilmaz",
        "telefon": "07127 12345",
        "email": "",
        "adresse": "",
        "gebiet": ortsteil.pk,
        "anliegen": thema.pk,
        "wunschzeiten": "vormittags",
        "vermittelt_durch": "",
        "hinweis": "",
        "einwilligung": "on",
        "webseite": "",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_the_form_opens_without_an_account(client, db):
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Hausbesuch anfragen" in html
    # Purpose and retention are said at the form, and the honeypot is hidden from people.
    assert "Zweck: nur die Vereinbarung und Durchführung des Hausbesuchs" in html
    assert "Tage nach Abschluss gelöscht" in html
    assert '<div hidden><label for="id_webseite">' in html
    assert "<script" not in html.split("</head>")[1]


def test_a_request_is_stored_with_consent_version_and_redirects_to_thanks(
    client, ortsteil, thema, traeger, settings
):
    response = client.post(URL, valid(ortsteil, thema, vermittelt_durch=traeger.pk))
    assert response.status_code == 302
    assert response["Location"] == reverse("sprechstunden:hausbesuch_danke")
    hausbesuch = Hausbesuch.objects.get()
    assert hausbesuch.status == HausbesuchStatus.NEU
    assert hausbesuch.name == "Frau Yilmaz"
    assert hausbesuch.gebiet == ortsteil
    assert hausbesuch.vermittelt_durch == traeger
    assert hausbesuch.einwilligung_version == settings.SPRECHSTUNDEN_EINWILLIGUNG_VERSION
    assert hausbesuch.erstellt_von is None
    thanks = client.get(response["Location"])
    assert thanks.status_code == 200
    assert "Frau Yilmaz" not in thanks.content.decode()


def test_an_address_alone_is_enough_to_reach_someone(client, ortsteil, thema):
    response = client.post(
        URL, valid(ortsteil, thema, telefon="", adresse="Hauptstraße 3, 72124 Pliezhausen")
    )
    assert response.status_code == 302
    assert Hausbesuch.objects.get().adresse == "Hauptstraße 3, 72124 Pliezhausen"


def test_sozialplanung_gets_a_mail_with_a_link_but_no_personal_data(
    client, ortsteil, thema, django_capture_on_commit_callbacks
):
    make_user("planung1@example.org", Rolle.SOZIALPLANUNG)
    make_user("planung2@example.org", Rolle.SOZIALPLANUNG)
    make_user("beratung@example.org", Rolle.BERATUNG)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            URL,
            valid(
                ortsteil,
                thema,
                email="yilmaz@example.net",
                adresse="Hauptstraße 3",
                hinweis="Rollstuhl, zweiter Stock",
            ),
        )
    hausbesuch = Hausbesuch.objects.get()
    # The person's own receipt is tested in test_hausbesuch_link.py.
    staff = [m for m in mail.outbox if m.to != ["yilmaz@example.net"]]
    assert sorted(m.to[0] for m in staff) == [
        "planung1@example.org",
        "planung2@example.org",
    ]
    message = staff[0]
    assert len(message.to) == 1
    assert not message.cc
    assert not message.bcc
    text = message.subject + message.body
    assert f"/sprechstunden/verwaltung/hausbesuche/{hausbesuch.pk}/" in text
    for personal in [
        "Yilmaz",
        "07127",
        "yilmaz@example.net",
        "Hauptstraße",
        "Rollstuhl",
        "Gniebel",
        thema.name,
    ]:
        assert personal not in text


LONG = "x" * 501


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"name": ""}, "name", "zwingend erforderlich"),
        ({"name": "x" * 121}, "name", "höchstens 120 Zeichen"),
        ({"name": "<script>alert(1)</script>"}, "name", "ohne HTML-Auszeichnungen"),
        ({"hinweis": "<img src=x onerror=alert(1)>"}, "hinweis", "ohne HTML"),
        ({"hinweis": LONG}, "hinweis", "höchstens 500 Zeichen"),
        ({"wunschzeiten": "x" * 201}, "wunschzeiten", "höchstens 200 Zeichen"),
        ({"adresse": "<b>Weg</b> 1", "telefon": ""}, "adresse", "ohne HTML"),
        ({"telefon": "ruf mich an"}, "telefon", "gültige Telefonnummer"),
        ({"telefon": "07127 1"}, "telefon", "gültige Telefonnummer"),
        ({"name": "Frau \u202eYilmaz"}, "name", "Schreibrichtung"),
        ({"email": "keine-adresse"}, "email", "gültige E-Mail-Adresse"),
        ({"telefon": "", "email": "", "adresse": ""}, "telefon", "damit wir Sie erreichen"),
        ({"gebiet": ""}, "gebiet", "zwingend erforderlich"),
        ({"gebiet": "999999"}, "gebiet", "gültige Auswahl"),
        ({"gebiet": "abc"}, "gebiet", "gültige Auswahl"),
        ({"anliegen": "999999"}, "anliegen", "gültige Auswahl"),
        ({"vermittelt_durch": "999999"}, "vermittelt_durch", "gültige Auswahl"),
        ({"einwilligung": None}, "einwilligung", "Ohne Ihr Einverständnis"),
    ],
)
def test_bad_input_is_named_at_the_field_and_nothing_is_saved(
    client, ortsteil, thema, overrides, field, message
):
    response = client.post(URL, valid(ortsteil, thema, **overrides))
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    html = response.content.decode()
    assert f'id="id_{field}_error"' in html
    assert "<script>alert(1)</script>" not in html
    assert not Hausbesuch.objects.exists()
    assert not mail.outbox


def test_a_landkreis_is_not_a_place_to_live_in(client, ortsteil, thema):
    landkreis = ortsteil.eltern.eltern
    response = client.post(URL, valid(ortsteil, thema, gebiet=landkreis.pk))
    assert "gültige Auswahl" in " ".join(response.context["form"].errors["gebiet"])
    assert not Hausbesuch.objects.exists()


def test_an_inactive_organisation_cannot_be_named(client, ortsteil, thema, traeger):
    traeger.aktiv = False
    traeger.save()
    response = client.post(URL, valid(ortsteil, thema, vermittelt_durch=traeger.pk))
    assert "gültige Auswahl" in " ".join(response.context["form"].errors["vermittelt_durch"])


def test_a_filled_honeypot_is_refused_and_nothing_is_saved(client, ortsteil, thema):
    response = client.post(URL, valid(ortsteil, thema, webseite="https://spam.example"))
    assert response.status_code == 200
    assert "automatisch erzeugt" in response.content.decode()
    assert not Hausbesuch.objects.exists()
    assert not mail.outbox


@override_settings(
    PORTAL_RATE_LIMITS={"hausbesuch_anfrage": "2/h"},
    CACHES={"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}},
)
def test_too_many_requests_from_one_address_get_a_429_with_a_clear_message(client, ortsteil, thema):
    for _attempt in range(2):
        assert client.post(URL, valid(ortsteil, thema)).status_code == 302
    response = client.post(URL, valid(ortsteil, thema))
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 3600  # the end of the hour's window
    assert "Ihre Anfrage wurde nicht gesendet" in response.content.decode()
    assert Hausbesuch.objects.count() == 2
    # Reading the form is not limited.
    assert client.get(URL).status_code == 200


def test_the_form_and_the_privacy_page_state_the_home_visit_retention(client, db, settings):
    settings.SPRECHSTUNDEN_AUFBEWAHRUNG_TAGE = 60
    settings.HAUSBESUCH_AUFBEWAHRUNG_TAGE = 365
    assert "spätestens 365 Tage nach Abschluss gelöscht" in client.get(URL).content.decode()
    privacy = client.get("/datenschutz/").content.decode()
    hausbesuche = privacy.split('id="hausbesuche"')[1].split("<h2")[0]
    assert "Sie werden 365 Tage nach Abschluss gelöscht" in hausbesuche


def test_the_form_and_the_privacy_page_state_the_maximum_age_of_open_requests(client, db, settings):
    settings.HAUSBESUCH_HOECHSTALTER_TAGE = 400
    form = client.get(URL).content.decode()
    assert "spätestens 400 Tage nach ihrem Eingang und nach dem zuletzt geplanten Besuch" in form
    privacy = client.get("/datenschutz/").content.decode()
    hausbesuche = privacy.split('id="hausbesuche"')[1].split("<h2")[0]
    assert "spätestens 400 Tage nach ihrem Eingang" in hausbesuche
    settings.HAUSBESUCH_HOECHSTALTER_TAGE = 0  # switched off: nothing promised
    assert "nach ihrem Eingang" not in client.get(URL).content.decode()


def test_the_phone_number_is_stored_in_e164_and_the_notes_without_invisible_characters(
    client, ortsteil, thema
):
    data = valid(ortsteil, thema, telefon="+49 7127 12345", hinweis="Klingel\u200b links\x07")
    assert client.post(URL, data).status_code == 302
    hausbesuch = Hausbesuch.objects.get()
    assert hausbesuch.telefon == "+49712712345"
    assert hausbesuch.hinweis == "Klingel links"


def test_the_emergency_numbers_come_before_the_form_and_the_address_is_one_line(client, db):
    html = client.get(URL).content.decode()
    assert html.index("Notruf 112") < html.index('<form method="post"')
    assert 'autocomplete="address-line1"' in html
