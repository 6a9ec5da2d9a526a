"""The public form to ask a Sorgekreis for help: no account, PRG to the thank-you page, consent
stored with its version, coordinators told without the person's data, bad input answered at the
field, honeypot and rate limit."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse

from saarlouis_portal.konten.roles import Rolle
from sorgekreise.models import AnfrageStatus, Dringlichkeit, Hilfeanfrage, Quelle
from tests.conftest import make_user

URL = reverse("sorgekreise:hilfe_anfragen")


def valid(kreis, hilfe, gebiet, /, **overrides):
    data = {
        "sorgekreis": kreis.pk,
        "art": hilfe.pk,
        "sprache": "",
        "gebiet": gebiet.pk,
        "dringlichkeit": Dringlichkeit.BALD,
        "wochentag": "1",
        "tageszeit": "vormittag",
        "zeitfenster": "ab Montag",
        "name": "Frau Yilmaz",
        "telefon": "06831 12345",
        "email": "",
        "notiz": "",
        "einwilligung": "on",
        "webseite": "",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_the_form_states_purpose_and_retention_and_needs_no_script(client, kreis, settings):
    settings.SORGEKREISE_AUFBEWAHRUNG_TAGE = 45
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Zweck: nur die Vermittlung der Hilfe" in html
    assert "spätestens 45 Tage nach Abschluss" in html
    assert "Art. 9 DSGVO" in html
    assert '<div hidden><label for="id_webseite">' in html
    assert "<script" not in html.split("</head>")[1]


def test_the_circle_from_the_link_is_preselected(client, kreis, anderer_kreis):
    html = client.get(f"{URL}?kreis={kreis.pk}").content.decode()
    assert f'<option value="{kreis.pk}" selected>' in html
    assert reverse("sorgekreise:kreis", args=[kreis.pk]) in html  # breadcrumb and cancel


@pytest.mark.parametrize("value", ["abc", "999999", "-1", ""])
def test_a_bad_circle_in_the_link_is_ignored(client, kreis, value):
    response = client.get(f"{URL}?kreis={value}")
    assert response.status_code == 200
    assert "selected>Sorgekreis" not in response.content.decode()


def test_a_hidden_circle_is_not_offered(client, kreis, versteckter_kreis):
    html = client.get(f"{URL}?kreis={versteckter_kreis.pk}").content.decode()
    assert "Interner Kreis" not in html


def test_a_request_is_stored_with_consent_and_time_window(
    client, kreis, einkaufen, roden_nord, settings
):
    response = client.post(URL, valid(kreis, einkaufen, roden_nord))
    assert response.status_code == 302
    assert response["Location"] == reverse("sorgekreise:danke")
    anfrage = Hilfeanfrage.objects.get()
    assert anfrage.sorgekreis == kreis
    assert anfrage.art == einkaufen
    assert anfrage.gebiet == roden_nord
    assert anfrage.status == AnfrageStatus.OFFEN
    assert anfrage.quelle == Quelle.OEFFENTLICH
    assert anfrage.dringlichkeit == Dringlichkeit.BALD
    assert anfrage.wochentag == 1
    assert anfrage.uhrzeit_von == datetime.time(8)
    assert anfrage.uhrzeit_bis == datetime.time(12)
    assert anfrage.einwilligung_version == settings.SORGEKREISE_EINWILLIGUNG_VERSION
    assert anfrage.einwilligung_am is not None
    assert anfrage.erstellt_von is None
    thanks = client.get(response["Location"])
    assert thanks.status_code == 200
    assert "Frau Yilmaz" not in thanks.content.decode()


def test_name_and_time_are_optional_but_a_contact_is_needed(client, kreis, einkaufen, roden_nord):
    data = valid(kreis, einkaufen, roden_nord, name="", wochentag="", tageszeit="", telefon="")
    data["email"] = "hilfe@example.net"
    assert client.post(URL, data).status_code == 302
    anfrage = Hilfeanfrage.objects.get()
    assert anfrage.name == ""
    assert anfrage.wochentag is None
    assert anfrage.uhrzeit_von is None


def test_the_person_gets_a_confirmation_and_coordinators_a_link_without_personal_data(
    client, kreis, einkaufen, roden_nord, ortsleitung, planer, django_capture_on_commit_callbacks
):
    zweite = make_user("zweite@example.org", Rolle.ORTSLEITUNG)
    kreis.koordination.add(zweite)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            URL,
            valid(
                kreis,
                einkaufen,
                roden_nord,
                email="yilmaz@example.net",
                notiz="Nach der Hüft-OP nicht gut zu Fuß",
                dringlichkeit=Dringlichkeit.DRINGEND,
            ),
        )
    anfrage = Hilfeanfrage.objects.get()
    by_recipient = {m.to[0]: m for m in mail.outbox}
    assert set(by_recipient) == {"yilmaz@example.net", ortsleitung.email, zweite.email}
    assert all(len(m.to) == 1 and not m.cc and not m.bcc for m in mail.outbox)

    bestaetigung = by_recipient["yilmaz@example.net"]
    assert "Sorgekreis Roden" in bestaetigung.body
    assert "Hüft-OP" not in bestaetigung.body

    koordination = by_recipient[ortsleitung.email]
    text = koordination.subject + koordination.body
    assert koordination.subject.startswith("Dringend")
    assert f"/sorgekreise/verwaltung/anfragen/{anfrage.pk}/" in text
    assert "Einkaufen" in text
    for personal in ["Yilmaz", "06831", "yilmaz@example.net", "Hüft-OP", "Roden-Nord"]:
        assert personal not in text


def test_without_coordinators_sozialplanung_is_told(
    client, anderer_kreis, einkaufen, fraulautern, planer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(URL, valid(anderer_kreis, einkaufen, fraulautern))
    assert [m.to for m in mail.outbox] == [[planer.email]]


LONG = "x" * 1001


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"sorgekreis": ""}, "sorgekreis", "Bitte wählen Sie einen Sorgekreis"),
        ({"sorgekreis": "999999"}, "sorgekreis", "angezeigten Sorgekreise"),
        ({"sorgekreis": "abc"}, "sorgekreis", "Kein Eintrag passt zu „abc“"),
        ({"art": ""}, "art", "wobei Sie Hilfe brauchen"),
        ({"art": "999999"}, "art", "angezeigten Arten"),
        ({"gebiet": ""}, "gebiet", "Wohngebiet"),
        ({"gebiet": "999999"}, "gebiet", "angezeigten Gebiete"),
        ({"sprache": "999999"}, "sprache", "angezeigten Sprachen"),
        # Ids beyond 64 bits: a message, not a server error.
        ({"sorgekreis": "9" * 30}, "sorgekreis", "angezeigten Sorgekreise"),
        ({"art": "9" * 30}, "art", "angezeigten Arten"),
        ({"gebiet": "9" * 30}, "gebiet", "angezeigten Gebiete"),
        ({"dringlichkeit": "sofort"}, "dringlichkeit", "eine der Antworten"),
        ({"wochentag": "9"}, "wochentag", "Wochentage"),
        ({"wochentag": "Montag"}, "wochentag", "Wochentage"),
        ({"tageszeit": "nachts"}, "tageszeit", "Tageszeiten"),
        ({"zeitfenster": "x" * 201}, "zeitfenster", "höchstens 200 Zeichen"),
        ({"name": "<script>alert(1)</script>"}, "name", "ohne HTML"),
        ({"name": "x" * 121}, "name", "höchstens 120 Zeichen"),
        ({"notiz": "<img src=x onerror=alert(1)>"}, "notiz", "ohne HTML"),
        ({"notiz": LONG}, "notiz", "höchstens 1000 Zeichen"),
        ({"telefon": "ruf mich an"}, "telefon", "gültige Telefonnummer"),
        ({"telefon": "0681 1"}, "telefon", "gültige Telefonnummer"),
        ({"name": "Frau \u202eYilmaz"}, "name", "Schreibrichtung"),
        ({"email": "keine-adresse"}, "email", "gültige E-Mail-Adresse"),
        ({"telefon": "", "email": ""}, "telefon", "damit wir Sie erreichen"),
        ({"einwilligung": None}, "einwilligung", "Ohne Ihr Einverständnis"),
    ],
)
def test_bad_input_is_answered_at_the_field_and_nothing_is_saved(
    client, kreis, einkaufen, roden_nord, overrides, field, message
):
    response = client.post(URL, valid(kreis, einkaufen, roden_nord, **overrides))
    assert response.status_code == 200
    form = response.context["form"]
    assert field in form.errors, form.errors
    assert any(message in e for e in form.errors[field]), form.errors[field]
    assert not Hilfeanfrage.objects.exists()


def test_a_hidden_circle_cannot_be_posted_to(client, versteckter_kreis, einkaufen, roden_nord):
    response = client.post(URL, valid(versteckter_kreis, einkaufen, roden_nord))
    assert "sorgekreis" in response.context["form"].errors
    assert not Hilfeanfrage.objects.exists()


def test_a_circle_not_taking_requests_cannot_be_posted_to(client, kreis, einkaufen, roden_nord):
    kreis.nimmt_anfragen_an = False
    kreis.save()
    response = client.post(URL, valid(kreis, einkaufen, roden_nord))
    assert "sorgekreis" in response.context["form"].errors
    assert not Hilfeanfrage.objects.exists()


def test_the_honeypot_saves_nothing(client, kreis, einkaufen, roden_nord):
    response = client.post(URL, valid(kreis, einkaufen, roden_nord, webseite="http://spam"))
    assert response.status_code == 200
    assert "automatisch erzeugt" in response.content.decode()
    assert not Hilfeanfrage.objects.exists()


def test_the_rate_limit_stops_floods(client, kreis, einkaufen, roden_nord, settings):
    settings.PORTAL_RATE_LIMITS = {**settings.PORTAL_RATE_LIMITS, "sorgekreise_anfrage": "2/h"}
    for _ in range(2):
        assert client.post(URL, valid(kreis, einkaufen, roden_nord)).status_code == 302
    response = client.post(URL, valid(kreis, einkaufen, roden_nord))
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 3600
    assert "Zu viele Anfragen" in response.content.decode()
    assert Hilfeanfrage.objects.count() == 2
    # Reading the form is never limited.
    assert client.get(URL).status_code == 200


def test_the_phone_number_is_stored_in_one_spelling_and_text_without_invisible_characters(
    client, kreis, einkaufen, roden_nord
):
    data = valid(
        kreis,
        einkaufen,
        roden_nord,
        telefon="0 68 31 / 12 34-5",
        notiz="Ein\u200bkauf\x00 dienstags",
    )
    assert client.post(URL, data).status_code == 302
    anfrage = Hilfeanfrage.objects.get()
    assert anfrage.telefon == "+49683112345"
    assert anfrage.notiz == "Einkauf dienstags"


def test_the_emergency_numbers_come_before_the_form(client, db):
    html = client.get("/sorgekreise/hilfe/").content.decode()
    assert html.index("Notruf 112") < html.index('<form method="post"')


def test_a_request_on_a_ukrainian_page_is_confirmed_in_ukrainian_also_from_the_queue(
    client, kreis, einkaufen, roden_nord, ortsleitung, settings, django_capture_on_commit_callbacks
):
    from io import StringIO

    from django.core.management import call_command

    from saarlouis_portal.postausgang.outbox import QUEUED_BACKEND

    settings.EMAIL_BACKEND = QUEUED_BACKEND
    settings.POSTAUSGANG_EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/uk" + URL, valid(kreis, einkaufen, roden_nord, email="olena@example.net"))
    call_command("send_queued_mail", stdout=StringIO())  # the worker runs with German active
    by_recipient = {m.to[0]: m for m in mail.outbox}
    assert "Guten Tag" not in by_recipient["olena@example.net"].body
    assert "Guten Tag" in by_recipient[ortsleitung.email].body  # staff mails stay German
