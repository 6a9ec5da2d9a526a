"""The public form to offer help: the volunteer starts as *new* (never matched before vetting),
with skills, languages, areas and weekly times; bad input answered at the field."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse

from saarlouis_portal.stammdaten.models import Sprache
from sorgekreise.models import Helfende, HelfendeStatus, Quelle

URL = reverse("sorgekreise:hilfe_anbieten")


def valid(*faehigkeiten, **overrides):
    data = {
        "name": "Paul Paulsen",
        "telefon": "",
        "email": "paul@example.net",
        "faehigkeiten": [f.pk for f in faehigkeiten],
        "sprachen": [],
        "sorgekreis": "",
        "gebiete": [],
        "zeiten": ["1-vormittag", "3-abend"],
        "einwilligung": "on",
        "webseite": "",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_the_form_states_purpose_and_retention_and_needs_no_script(client, kreis):
    response = client.get(f"{URL}?kreis={kreis.pk}")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Zweck: nur das Kennenlernen und die Vermittlung" in html
    assert "Tage nach Abschluss" in html
    assert "erweitertes Führungszeugnis" in html
    assert f'<option value="{kreis.pk}" selected>' in html
    assert '<div hidden><label for="id_webseite">' in html
    assert "<script" not in html.split("</head>")[1]


def test_an_offer_is_stored_as_new_with_times_and_consent(
    client, kreis, einkaufen, roden_nord, settings
):
    tuerkisch = Sprache.objects.get(code="tr")
    response = client.post(
        URL,
        valid(
            einkaufen,
            sorgekreis=kreis.pk,
            sprachen=[tuerkisch.pk],
            gebiete=[roden_nord.pk],
        ),
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("sorgekreise:danke") + "?art=helfen"
    helfende = Helfende.objects.get()
    assert helfende.name == "Paul Paulsen"
    assert helfende.status == HelfendeStatus.NEU
    assert helfende.quelle == Quelle.OEFFENTLICH
    assert helfende.einwilligung_version == settings.SORGEKREISE_EINWILLIGUNG_VERSION
    assert list(helfende.faehigkeiten.all()) == [einkaufen]
    assert list(helfende.sprachen.all()) == [tuerkisch]
    assert list(helfende.gebiete.all()) == [roden_nord]
    assert list(helfende.sorgekreise.all()) == [kreis]
    zeiten = [(v.wochentag, v.beginn, v.ende) for v in helfende.verfuegbarkeiten.all()]
    assert zeiten == [
        (1, datetime.time(8), datetime.time(12)),
        (3, datetime.time(17), datetime.time(20)),
    ]
    thanks = client.get(response["Location"]).content.decode()
    assert "Vielen Dank für Ihr Angebot" in thanks


def test_a_new_volunteer_is_never_matchable(client, kreis, einkaufen):
    client.post(URL, valid(einkaufen, sorgekreis=kreis.pk))
    assert not Helfende.objects.vermittelbar().exists()


def test_the_volunteer_gets_a_confirmation_and_coordinators_a_link(
    client, kreis, einkaufen, ortsleitung, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(URL, valid(einkaufen, sorgekreis=kreis.pk, telefon="06831 777"))
    helfende = Helfende.objects.get()
    by_recipient = {m.to[0]: m for m in mail.outbox}
    assert set(by_recipient) == {"paul@example.net", ortsleitung.email}
    assert "Paul Paulsen" in by_recipient["paul@example.net"].body
    text = by_recipient[ortsleitung.email].subject + by_recipient[ortsleitung.email].body
    assert f"/sorgekreise/verwaltung/helfende/{helfende.pk}/" in text
    for personal in ["Paul", "paul@example.net", "06831 777"]:
        assert personal not in text


def test_without_a_circle_sozialplanung_is_told(
    client, einkaufen, planer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(URL, valid(einkaufen, email="", telefon="06831 777"))
    assert [m.to for m in mail.outbox] == [[planer.email]]


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"name": ""}, "name", "Bitte geben Sie Ihren Namen an"),
        ({"name": "x" * 121}, "name", "höchstens 120 Zeichen"),
        ({"name": "<script>alert(1)</script>"}, "name", "ohne HTML"),
        ({"faehigkeiten": []}, "faehigkeiten", "mindestens eine"),
        ({"faehigkeiten": ["999999"]}, "faehigkeiten", "angezeigten Arten"),
        ({"faehigkeiten": ["abc"]}, "faehigkeiten", "angezeigten Arten"),
        ({"sprachen": ["999999"]}, "sprachen", "angezeigten Sprachen"),
        ({"gebiete": ["999999"]}, "gebiete", "angezeigten Gebiete"),
        # Ids beyond 64 bits: a message, not a server error, on SQLite too.
        ({"faehigkeiten": ["9" * 30]}, "faehigkeiten", "angezeigten Arten"),
        ({"sprachen": ["9" * 30]}, "sprachen", "angezeigten Sprachen"),
        ({"gebiete": ["9" * 30]}, "gebiete", "angezeigten Gebiete"),
        ({"sorgekreis": "9" * 30}, "sorgekreis", "angezeigten Sorgekreise"),
        ({"sorgekreis": "999999"}, "sorgekreis", "angezeigten Sorgekreise"),
        ({"zeiten": ["9-vormittag"]}, "zeiten", "angezeigten Zeiten"),
        ({"zeiten": ["1-nachts"]}, "zeiten", "angezeigten Zeiten"),
        ({"telefon": "ruf an"}, "telefon", "gültige Telefonnummer"),
        ({"email": "paul@"}, "email", "gültige E-Mail-Adresse"),
        ({"email": "", "telefon": ""}, "telefon", "damit wir Sie erreichen"),
        ({"einwilligung": None}, "einwilligung", "Ohne Ihr Einverständnis"),
    ],
)
def test_bad_input_is_answered_at_the_field_and_nothing_is_saved(
    client, kreis, einkaufen, overrides, field, message
):
    response = client.post(URL, valid(einkaufen, **overrides))
    assert response.status_code == 200
    form = response.context["form"]
    assert field in form.errors, form.errors
    assert any(message in e for e in form.errors[field]), form.errors[field]
    assert not Helfende.objects.exists()


def test_a_hidden_circle_cannot_be_chosen(client, versteckter_kreis, einkaufen):
    response = client.post(URL, valid(einkaufen, sorgekreis=versteckter_kreis.pk))
    assert "sorgekreis" in response.context["form"].errors
    assert not Helfende.objects.exists()


def test_the_honeypot_saves_nothing(client, einkaufen):
    response = client.post(URL, valid(einkaufen, webseite="spam"))
    assert response.status_code == 200
    assert not Helfende.objects.exists()


def test_the_rate_limit_stops_floods(client, einkaufen, settings):
    settings.PORTAL_RATE_LIMITS = {**settings.PORTAL_RATE_LIMITS, "sorgekreise_helfende": "1/h"}
    assert client.post(URL, valid(einkaufen)).status_code == 302
    limited = client.post(URL, valid(einkaufen))
    assert limited.status_code == 429
    assert 1 <= int(limited["Retry-After"]) <= 3600
    assert Helfende.objects.count() == 1
