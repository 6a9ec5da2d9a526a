"""Bad input on every staff form: a clear message at the field, nothing saved, never a 500."""

import pytest

from sorgekreise.models import Helfende, Hilfeanfrage, Sorgekreis, Teilnahme, Treffen

pytestmark = pytest.mark.django_db

SKRIPT = "<script>alert(1)</script>"


def _post(client, url, data):
    response = client.post(url, data)
    assert response.status_code == 200, response.status_code
    return response.context["form"].errors


@pytest.fixture
def kreis_daten(quartiersbuero):
    return {"name": "Neuer Kreis", "ort": quartiersbuero.pk, "schwerpunkt": "allgemein"}


@pytest.mark.parametrize(
    ("aenderung", "feld"),
    [
        ({"name": ""}, "name"),
        ({"name": "x" * 161}, "name"),
        ({"name": SKRIPT}, "name"),
        ({"kurzbeschreibung": SKRIPT}, "kurzbeschreibung"),
        ({"ort": "abc"}, "ort"),
        ({"schwerpunkt": "unsinn"}, "schwerpunkt"),
        ({"koordination": ["999999"]}, "koordination"),
    ],
)
def test_kreis_form_bad_input(client, ortsleitung, kreis_daten, aenderung, feld):
    client.force_login(ortsleitung)
    errors = _post(client, "/sorgekreise/verwaltung/neu/", {**kreis_daten, **aenderung})
    assert feld in errors
    assert not Sorgekreis.objects.exists()


def test_ortsleitung_cannot_attach_a_circle_to_another_place(
    client, ortsleitung, kreis_daten, anderer_ort
):
    client.force_login(ortsleitung)
    errors = _post(client, "/sorgekreise/verwaltung/neu/", {**kreis_daten, "ort": anderer_ort.pk})
    assert "ort" in errors
    assert not Sorgekreis.objects.exists()


def test_kreis_form_creates(client, ortsleitung, planer, kreis_daten):
    client.force_login(ortsleitung)
    data = {**kreis_daten, "koordination": [ortsleitung.pk, planer.pk]}
    response = client.post("/sorgekreise/verwaltung/neu/", data)
    assert response.status_code == 302
    assert set(Sorgekreis.objects.get().koordination.all()) == {ortsleitung, planer}


TEILNAHME_FEHLER = [
    ({"rolle": "pate"}, "name"),
    ({"rolle": "pate", "name": SKRIPT}, "name"),
    ({"rolle": "zauberer", "name": "A"}, "rolle"),
    ({"rolle": "pate", "organisation": "999999"}, "organisation"),
    ({"rolle": "pate", "name": "A", "seit": "gestern"}, "seit"),
    ({"rolle": "pate", "name": "A" * 121}, "name"),
]


@pytest.mark.parametrize(("daten", "feld"), TEILNAHME_FEHLER)
def test_teilnahme_form_bad_input(client, ortsleitung, kreis, daten, feld):
    client.force_login(ortsleitung)
    errors = _post(client, f"/sorgekreise/verwaltung/{kreis.pk}/mitwirkende/neu/", daten)
    assert feld in errors
    assert not Teilnahme.objects.exists()


@pytest.mark.parametrize(
    ("daten", "feld"),
    [
        ({"thema": "Treffen"}, "beginn"),
        ({"beginn": "morgen", "thema": "Treffen"}, "beginn"),
        ({"beginn": "2026-12-01T18:00", "thema": ""}, "thema"),
        ({"beginn": "2026-12-01T18:00", "thema": SKRIPT}, "thema"),
        ({"beginn": "2026-12-01T18:00", "thema": "T", "notizen": "x" * 10001}, "notizen"),
    ],
)
def test_treffen_form_bad_input(client, ortsleitung, kreis, daten, feld):
    client.force_login(ortsleitung)
    errors = _post(client, f"/sorgekreise/verwaltung/{kreis.pk}/treffen/neu/", daten)
    assert feld in errors
    assert not Treffen.objects.exists()


def test_treffen_notes_markdown_is_sanitised(client, ortsleitung, kreis):
    client.force_login(ortsleitung)
    client.post(
        f"/sorgekreise/verwaltung/{kreis.pk}/treffen/neu/",
        {"beginn": "2026-12-01T18:00", "thema": "Plan", "notizen": "**gut** " + SKRIPT},
    )
    text = client.get(f"/sorgekreise/verwaltung/{kreis.pk}/").text
    assert "<strong>gut</strong>" in text
    assert "<script>alert(1)" not in text


@pytest.fixture
def helfende_daten(kreis, einkaufen):
    return {
        "name": "Neue Hilfe",
        "email": "neu@example.org",
        "faehigkeiten": [einkaufen.pk],
        "sorgekreise": [kreis.pk],
        "max_vermittlungen": "2",
        "status": "neu",
        "zeiten-TOTAL_FORMS": "2",
        "zeiten-INITIAL_FORMS": "0",
    }


@pytest.mark.parametrize(
    ("aenderung", "feld"),
    [
        ({"name": ""}, "name"),
        ({"name": SKRIPT}, "name"),
        ({"email": "", "telefon": ""}, "telefon"),
        ({"email": "keine-adresse"}, "email"),
        ({"telefon": "abc"}, "telefon"),
        ({"faehigkeiten": []}, "faehigkeiten"),
        ({"faehigkeiten": ["999999"]}, "faehigkeiten"),
        ({"max_vermittlungen": "0"}, "max_vermittlungen"),
        ({"max_vermittlungen": "viele"}, "max_vermittlungen"),
        ({"status": "heilig"}, "status"),
        ({"geprueft_am": "31.02.2026"}, "geprueft_am"),
        ({"pruefung_notiz": SKRIPT}, "pruefung_notiz"),
        (
            {"fuehrungszeugnis_vom": "2026-01-01", "fuehrungszeugnis_gueltig_bis": "2025-01-01"},
            "fuehrungszeugnis_gueltig_bis",
        ),
        ({"fuehrungszeugnis_gueltig_bis": "2029-01-01"}, "fuehrungszeugnis_vom"),
    ],
)
def test_helfende_form_bad_input(client, ortsleitung, helfende_daten, aenderung, feld):
    client.force_login(ortsleitung)
    errors = _post(client, "/sorgekreise/verwaltung/helfende/neu/", {**helfende_daten, **aenderung})
    assert feld in errors
    assert not Helfende.objects.exists()


def test_helfende_form_other_circle_is_rejected(client, ortsleitung, helfende_daten, anderer_kreis):
    client.force_login(ortsleitung)
    errors = _post(
        client,
        "/sorgekreise/verwaltung/helfende/neu/",
        {**helfende_daten, "sorgekreise": [anderer_kreis.pk]},
    )
    assert "sorgekreise" in errors
    assert not Helfende.objects.exists()


@pytest.mark.parametrize(
    "zeile",
    [
        {"zeiten-0-wochentag": "1", "zeiten-0-beginn": "12:00", "zeiten-0-ende": "10:00"},
        {"zeiten-0-wochentag": "1", "zeiten-0-beginn": "10:00"},
        {"zeiten-0-wochentag": "9", "zeiten-0-beginn": "10:00", "zeiten-0-ende": "11:00"},
        {"zeiten-0-wochentag": "1", "zeiten-0-beginn": "zehn", "zeiten-0-ende": "11:00"},
    ],
)
def test_availability_rows_bad_input(client, ortsleitung, helfende_daten, zeile):
    client.force_login(ortsleitung)
    response = client.post("/sorgekreise/verwaltung/helfende/neu/", {**helfende_daten, **zeile})
    assert response.status_code == 200
    assert response.context["formset"].total_error_count()
    assert not Helfende.objects.exists()


def test_helfende_form_saves_vetting_and_availability(client, ortsleitung, helfende_daten):
    client.force_login(ortsleitung)
    response = client.post(
        "/sorgekreise/verwaltung/helfende/neu/",
        {
            **helfende_daten,
            "status": "geprueft",
            "pruefung_notiz": "Gespräch geführt",
            "zeiten-0-wochentag": "2",
            "zeiten-0-beginn": "09:00",
            "zeiten-0-ende": "12:00",
        },
    )
    assert response.status_code == 302
    h = Helfende.objects.get()
    assert h.geprueft_am is not None
    assert h.geprueft_von == ortsleitung
    assert h.einwilligung_version
    assert [(v.wochentag, v.beginn.hour, v.ende.hour) for v in h.verfuegbarkeiten.all()] == [
        (2, 9, 12)
    ]


@pytest.fixture
def anfrage_daten(kreis, einkaufen, roden_nord):
    return {
        "sorgekreis": kreis.pk,
        "art": einkaufen.pk,
        "gebiet": roden_nord.pk,
        "dringlichkeit": "normal",
        "telefon": "06831 123",
    }


@pytest.mark.parametrize(
    ("aenderung", "feld"),
    [
        ({"sorgekreis": ""}, "sorgekreis"),
        ({"art": ""}, "art"),
        ({"art": "abc"}, "art"),
        ({"gebiet": "999999"}, "gebiet"),
        ({"telefon": ""}, "telefon"),
        ({"telefon": "<b>1</b>"}, "telefon"),
        ({"email": "nix"}, "email"),
        ({"name": SKRIPT}, "name"),
        ({"zeitfenster": SKRIPT}, "zeitfenster"),
        ({"notiz": "x" * 2001}, "notiz"),
        ({"dringlichkeit": "sofort!"}, "dringlichkeit"),
        ({"benoetigt_ab": "2026-12-10", "benoetigt_bis": "2026-12-01"}, "benoetigt_bis"),
        ({"uhrzeit_von": "12:00", "uhrzeit_bis": "11:00"}, "uhrzeit_bis"),
        ({"wochentag": "8"}, "wochentag"),
    ],
)
def test_anfrage_form_bad_input(client, ortsleitung, anfrage_daten, aenderung, feld):
    client.force_login(ortsleitung)
    errors = _post(client, "/sorgekreise/verwaltung/anfragen/neu/", {**anfrage_daten, **aenderung})
    assert feld in errors
    assert not Hilfeanfrage.objects.exists()


def test_language_mediation_needs_a_language(client, ortsleitung, anfrage_daten):
    from sorgekreise.models import Faehigkeit

    client.force_login(ortsleitung)
    sprachmittlung = Faehigkeit.objects.get(schluessel="sprachmittlung")
    errors = _post(
        client, "/sorgekreise/verwaltung/anfragen/neu/", {**anfrage_daten, "art": sprachmittlung.pk}
    )
    assert "sprache" in errors


def test_anfrage_in_another_circle_is_rejected(client, ortsleitung, anfrage_daten, anderer_kreis):
    client.force_login(ortsleitung)
    errors = _post(
        client,
        "/sorgekreise/verwaltung/anfragen/neu/",
        {**anfrage_daten, "sorgekreis": anderer_kreis.pk},
    )
    assert "sorgekreis" in errors
    assert not Hilfeanfrage.objects.exists()


@pytest.fixture
def mitwirkung(kreis):
    from sorgekreise.models import TeilnahmeRolle

    return Teilnahme.objects.create(sorgekreis=kreis, name="Frau Alt", rolle=TeilnahmeRolle.PATE)


def test_a_participation_is_changed_in_place(client, ortsleitung, kreis, mitwirkung):
    client.force_login(ortsleitung)
    url = f"/sorgekreise/verwaltung/mitwirkende/{mitwirkung.pk}/bearbeiten/"
    assert f'href="{url}"' in client.get(f"/sorgekreise/verwaltung/{kreis.pk}/").text
    assert 'value="Frau Alt"' in client.get(url).text
    response = client.post(
        url, {"rolle": "lotse", "name": "Frau Neu", "aufgabe": "Besuche", "seit": "2026-03-01"}
    )
    assert response.status_code == 302
    assert response["Location"] == f"/sorgekreise/verwaltung/{kreis.pk}/"
    mitwirkung.refresh_from_db()
    assert (mitwirkung.rolle, mitwirkung.name, mitwirkung.aufgabe) == (
        "lotse",
        "Frau Neu",
        "Besuche",
    )
    assert Teilnahme.objects.count() == 1


@pytest.mark.parametrize(("daten", "feld"), TEILNAHME_FEHLER)
def test_changing_a_participation_bad_input(client, ortsleitung, mitwirkung, daten, feld):
    client.force_login(ortsleitung)
    errors = _post(
        client, f"/sorgekreise/verwaltung/mitwirkende/{mitwirkung.pk}/bearbeiten/", daten
    )
    assert feld in errors
    mitwirkung.refresh_from_db()
    assert (mitwirkung.name, mitwirkung.rolle) == ("Frau Alt", "pate")


def test_a_participation_in_another_circle_cannot_be_changed(client, ortsleitung, anderer_kreis):
    from sorgekreise.models import TeilnahmeRolle

    fremd = Teilnahme.objects.create(
        sorgekreis=anderer_kreis, name="Frau Fremd", rolle=TeilnahmeRolle.LOTSE
    )
    client.force_login(ortsleitung)
    url = f"/sorgekreise/verwaltung/mitwirkende/{fremd.pk}/bearbeiten/"
    assert client.post(url, {"rolle": "pate", "name": "Gekapert"}).status_code == 404
    fremd.refresh_from_db()
    assert fremd.name == "Frau Fremd"
