"""Bad input on the hand-off forms of the places (proposal, stage request, decision, the reason
for a stage set without its criteria): a clear message at the field, nothing saved, never a
500; ids of other people's places or requests are refused."""

import pytest

from begegnung import services_antraege
from begegnung.models import Antrag, AntragStatus, Ort, Stufe, StufeErreicht
from tests.begegnung.test_antraege_views import vorschlag_daten
from tests.begegnung.test_orte_staff import ort_daten

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert(1)</script>"
MARKUP = "ohne HTML-Auszeichnungen"
PFLICHT = "Dieses Feld ist zwingend erforderlich."
ZU_LANG = "höchstens 1000 Zeichen"


def _fehler(response, feld, text):
    assert response.status_code == 200
    html = response.content.decode()
    assert "Bitte prüfen Sie Ihre Eingaben" in html
    assert text in " ".join(response.context["form"].errors[feld]), feld
    assert "<script>alert(1)" not in html
    return html


@pytest.mark.parametrize(
    ("extra", "feld", "meldung"),
    [
        ({"begruendung": ""}, "begruendung", PFLICHT),
        ({"begruendung": "   "}, "begruendung", PFLICHT),
        ({"begruendung": "x" * 1001}, "begruendung", ZU_LANG),
        ({"begruendung": SCRIPT}, "begruendung", MARKUP),
        ({"name": ""}, "name", PFLICHT),
        ({"name": SCRIPT}, "name", MARKUP),
        ({"name": "x" * 161}, "name", "höchstens 160 Zeichen"),
        ({"gebiet": "999999"}, "gebiet", "gültige Auswahl"),
        ({"gebiet": "abc"}, "gebiet", "gültige Auswahl"),
        ({"art": "burg"}, "art", "gültige Auswahl"),
        ({"plz": "1234x"}, "plz", "Postleitzahl"),
    ],
)
def test_proposal(client, ortsleitung, roden_sozialraum, extra, feld, meldung):
    client.force_login(ortsleitung)
    response = client.post(
        "/orte/verwaltung/vorschlagen/", vorschlag_daten(roden_sozialraum, **extra)
    )
    _fehler(response, feld, meldung)
    assert not Ort.objects.exists()
    assert not Antrag.objects.exists()


@pytest.mark.parametrize(
    ("daten", "meldung"),
    [
        ({}, PFLICHT),
        ({"begruendung": ""}, PFLICHT),
        ({"begruendung": "\u200b \u200b"}, PFLICHT),
        ({"begruendung": "x" * 1001}, ZU_LANG),
        ({"begruendung": SCRIPT}, MARKUP),
        ({"begruendung": "<b>fett</b>"}, MARKUP),
    ],
)
def test_stage_request(client, ortsleitung, bereiter_satellit, daten, meldung):
    client.force_login(ortsleitung)
    response = client.post(f"/orte/verwaltung/{bereiter_satellit.pk}/stufe-beantragen/", daten)
    _fehler(response, "begruendung", meldung)
    assert not Antrag.objects.exists()


def test_a_list_instead_of_a_text_is_taken_as_text(client, ortsleitung, bereiter_satellit):
    client.force_login(ortsleitung)
    url = f"/orte/verwaltung/{bereiter_satellit.pk}/stufe-beantragen/"
    response = client.post(url, {"begruendung": ["erstens", "zweitens"]})
    assert response.status_code == 302
    assert Antrag.objects.get().begruendung == "zweitens"


def test_a_stage_request_for_another_leads_place_is_refused(client, ortsleitung, anderer_ort):
    client.force_login(ortsleitung)
    url = f"/orte/verwaltung/{anderer_ort.pk}/stufe-beantragen/"
    assert client.post(url, {"begruendung": "Fremder Ort."}).status_code == 403
    assert client.post("/orte/verwaltung/999999/stufe-beantragen/", {}).status_code == 404
    assert not Antrag.objects.exists()


@pytest.fixture
def antrag(bereiter_satellit, ortsleitung):
    return services_antraege.request_stufe(bereiter_satellit, ortsleitung, "Bitte.")


@pytest.mark.parametrize(
    ("daten", "feld", "meldung"),
    [
        ({}, "entscheidung", PFLICHT),
        ({"entscheidung": "vielleicht"}, "entscheidung", "gültige Auswahl"),
        ({"entscheidung": ["annehmen", "ablehnen"], "grund": ""}, "grund", "Ablehnung"),
        ({"entscheidung": "ablehnen"}, "grund", "Bitte begründen Sie die Ablehnung."),
        ({"entscheidung": "ablehnen", "grund": "  "}, "grund", "Bitte begründen Sie"),
        ({"entscheidung": "annehmen", "grund": "x" * 1001}, "grund", ZU_LANG),
        ({"entscheidung": "ablehnen", "grund": SCRIPT}, "grund", MARKUP),
    ],
)
def test_decision(client, planer, antrag, daten, feld, meldung):
    client.force_login(planer)
    response = client.post(f"/orte/verwaltung/antraege/{antrag.pk}/", daten)
    _fehler(response, feld, meldung)
    antrag.refresh_from_db()
    assert antrag.status == AntragStatus.OFFEN
    assert antrag.ort.stufe == Stufe.SATELLIT


def test_decisions_on_unknown_requests_and_by_others_are_refused(
    client, planer, ortsleitung, koordination, antrag
):
    client.force_login(planer)
    assert client.post("/orte/verwaltung/antraege/999999/", {}).status_code == 404
    assert client.post("/orte/verwaltung/antraege/abc/", {}).status_code == 404
    for user in (ortsleitung, koordination):
        client.force_login(user)
        response = client.post(
            f"/orte/verwaltung/antraege/{antrag.pk}/", {"entscheidung": "annehmen"}
        )
        assert response.status_code == 403
    antrag.refresh_from_db()
    assert antrag.status == AntragStatus.OFFEN


@pytest.mark.parametrize(
    ("begruendung", "meldung"),
    [("x" * 1001, ZU_LANG), (SCRIPT, MARKUP)],
)
def test_the_reason_for_a_stage_without_its_criteria(
    client, planer, quartiersbuero, begruendung, meldung
):
    client.force_login(planer)
    daten = ort_daten(
        quartiersbuero.gebiet,
        name="Quartiersbüro Roden",
        stufe=Stufe.ANLAUFSTELLE,
        stufe_begruendung=begruendung,
    )
    response = client.post(f"/orte/verwaltung/{quartiersbuero.pk}/bearbeiten/", daten)
    _fehler(response, "stufe_begruendung", meldung)
    quartiersbuero.refresh_from_db()
    assert quartiersbuero.stufe == Stufe.ORT_DER_BEGEGNUNG
    assert not StufeErreicht.objects.filter(stufe=Stufe.ANLAUFSTELLE).exists()
