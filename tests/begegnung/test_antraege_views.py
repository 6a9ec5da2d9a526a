"""Staff pages of the place hand-offs: proposing a place, requesting the next stage, the queue
and the decision page of the Sozialplanung, the Cockpit card, what the place page says about
requests and decisions, and the reason for a stage set without its criteria."""

from datetime import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from begegnung import services_antraege
from begegnung.models import (
    Antrag,
    AntragArt,
    AntragStatus,
    Oeffnungszeit,
    Ort,
    OrtArt,
    PartnerRolle,
    Partnerschaft,
    Stufe,
    StufeErreicht,
)
from saarlouis_portal.konten.roles import Rolle
from tests.begegnung.conftest import make_orte
from tests.begegnung.test_orte_staff import ort_daten
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


def vorschlag_daten(raum, **extra):
    return {
        "name": "Pfarrzentrum St. Ludwig",
        "art": OrtArt.PFARRZENTRUM,
        "gebiet": raum.pk,
        "strasse": "Kaiser-Friedrich-Ring 2",
        "plz": "66740",
        "ortsname": "Saarlouis",
        "begruendung": "Offener Treff jeden Mittwoch, getragen von der Pfarrei.",
        **extra,
    }


def _html(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


# Proposing a place


def test_the_list_offers_the_lead_to_propose_and_the_planner_to_create(client, ortsleitung, planer):
    client.force_login(ortsleitung)
    html = _html(client.get("/orte/verwaltung/"))
    assert 'href="/orte/verwaltung/vorschlagen/"' in html
    assert 'href="/orte/verwaltung/neu/"' not in html
    client.force_login(planer)
    html = _html(client.get("/orte/verwaltung/"))
    assert 'href="/orte/verwaltung/neu/"' in html
    assert 'href="/orte/verwaltung/vorschlagen/"' not in html


def test_the_lead_proposes_a_hidden_satellite(client, ortsleitung, planer, roden_sozialraum):
    client.force_login(ortsleitung)
    form = client.get("/orte/verwaltung/vorschlagen/").context["form"]
    assert not {"stufe", "leitung", "oeffentlich", "stufe_begruendung"} & set(form.fields)
    response = client.post(
        "/orte/verwaltung/vorschlagen/",
        vorschlag_daten(
            roden_sozialraum, stufe=Stufe.ANLAUFSTELLE, oeffentlich="on", leitung=[planer.pk]
        ),
    )
    ort = Ort.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/orte/verwaltung/{ort.pk}/"
    assert (ort.stufe, ort.oeffentlich) == (Stufe.SATELLIT, False)
    assert list(ort.leitung.all()) == [ortsleitung]
    antrag = Antrag.objects.get()
    assert (antrag.art, antrag.ort, antrag.begruendung) == (
        AntragArt.AUFNAHME,
        ort,
        "Offener Treff jeden Mittwoch, getragen von der Pfarrei.",
    )
    html = _html(client.get(response["Location"]))
    assert "ist vorgeschlagen" in html
    assert "vorgeschlagen, wartet auf die Aufnahme durch die Sozialplanung" in html
    assert "offen, wartet auf die Sozialplanung" in html
    # Not public: neither in the directory nor on its own page.
    client.logout()
    assert "Pfarrzentrum St. Ludwig" not in client.get("/orte/").content.decode()
    assert client.get(f"/orte/{ort.pk}/").status_code == 404


def test_while_proposed_the_planner_cannot_publish_the_place_on_its_form(
    client, ortsleitung, planer, roden_sozialraum
):
    antrag = services_antraege.propose_ort(
        Ort(name="Vorgeschlagen", art=OrtArt.KITA, gebiet=roden_sozialraum),
        {},
        ortsleitung,
        "Bitte aufnehmen.",
    )
    client.force_login(planer)
    url = f"/orte/verwaltung/{antrag.ort_id}/bearbeiten/"
    assert "oeffentlich" not in client.get(url).context["form"].fields
    daten = ort_daten(roden_sozialraum, name="Vorgeschlagen", stufe=Stufe.SATELLIT)
    assert client.post(url, daten).status_code == 302
    assert not Ort.objects.get(pk=antrag.ort_id).oeffentlich
    services_antraege.decide(antrag, planer, annehmen=True)
    assert "oeffentlich" in client.get(url).context["form"].fields


# Requesting the next stage


def test_the_lead_requests_the_next_stage_from_the_place_page(
    client, ortsleitung, bereiter_satellit
):
    client.force_login(ortsleitung)
    url = f"/orte/verwaltung/{bereiter_satellit.pk}/"
    html = _html(client.get(url))
    assert f'href="{url}stufe-beantragen/"' in html
    assert "Stufe „Ort der Begegnung“ beantragen" in html
    html = _html(client.get(f"{url}stufe-beantragen/"))
    assert "erfüllt alle Kriterien der Stufe „Ort der Begegnung“" in html
    response = client.post(f"{url}stufe-beantragen/", {"begruendung": "  Alles erfüllt.  "})
    assert response.status_code == 302
    assert response["Location"] == url
    antrag = Antrag.objects.get()
    assert (antrag.stufe, antrag.begruendung, antrag.gestellt_von) == (
        Stufe.ORT_DER_BEGEGNUNG,
        "Alles erfüllt.",
        ortsleitung,
    )
    html = _html(client.get(url))
    assert "Ihr Antrag auf die Stufe „Ort der Begegnung“ ist gestellt." in html
    assert "offen, wartet auf die Sozialplanung" in html
    assert f'href="{url}stufe-beantragen/"' not in html
    # A second request while one is open: the page says why, and nothing is stored.
    html = _html(client.post(f"{url}stufe-beantragen/", {"begruendung": "Noch einmal."}))
    assert "wartet schon ein Antrag" in html
    assert Antrag.objects.count() == 1


def test_without_the_checklist_met_the_place_page_says_what_is_missing(
    client, ortsleitung, bereiter_satellit
):
    Oeffnungszeit.objects.filter(ort=bereiter_satellit).delete()
    client.force_login(ortsleitung)
    url = f"/orte/verwaltung/{bereiter_satellit.pk}/"
    html = _html(client.get(url))
    assert f'href="{url}stufe-beantragen/"' not in html
    assert "Sobald der Ort alle Kriterien erfüllt, können Sie hier die nächste Stufe" in html
    html = _html(client.post(f"{url}stufe-beantragen/", {"begruendung": "Bitte."}))
    assert "Mindestzahl der Öffnungstage je Woche" in html
    assert 'name="begruendung"' not in html
    assert not Antrag.objects.exists()


def test_others_see_no_request_button(client, koordination, planer, bereiter_satellit):
    for user in (koordination, planer):
        client.force_login(user)
        html = _html(client.get(f"/orte/verwaltung/{bereiter_satellit.pk}/"))
        assert "stufe-beantragen" not in html


# The queue and the decision


@pytest.fixture
def offener_antrag(bereiter_satellit, ortsleitung):
    return services_antraege.request_stufe(bereiter_satellit, ortsleitung, "Alles erfüllt.")


def test_the_cockpit_card_counts_open_requests_for_the_planner_only(
    client, planer, ortsleitung, koordination, offener_antrag, roden_sozialraum
):
    services_antraege.propose_ort(
        Ort(name="Neu", art=OrtArt.KITA, gebiet=roden_sozialraum), {}, ortsleitung, "Bitte."
    )
    client.force_login(planer)
    html = _html(client.get("/cockpit/"))
    assert 'href="/orte/verwaltung/antraege/"' in html
    assert "2 offene Anträge" in html
    assert "Davon 1 neuer Ort" in html
    for user in (ortsleitung, koordination):
        client.force_login(user)
        assert "/orte/verwaltung/antraege/" not in _html(client.get("/cockpit/"))


def test_the_cockpit_card_says_when_nothing_waits(client, planer):
    client.force_login(planer)
    html = _html(client.get("/cockpit/"))
    assert "0 offene Anträge" in html


def test_the_queue_lists_open_requests_oldest_first_and_the_latest_decisions(
    client, planer, ortsleitung, offener_antrag, roden_sozialraum
):
    vorschlag = services_antraege.propose_ort(
        Ort(name="Pfarrzentrum", art=OrtArt.PFARRZENTRUM, gebiet=roden_sozialraum),
        {},
        ortsleitung,
        "Bitte aufnehmen.",
    )
    client.force_login(planer)
    html = _html(client.get("/orte/verwaltung/antraege/"))
    assert "2 offene Anträge" in html
    assert html.index("Antrag zu Kita Roden entscheiden") < html.index(
        "Antrag zu Pfarrzentrum entscheiden"
    )
    assert "alle erfüllt" in html
    services_antraege.decide(vorschlag, planer, annehmen=False, grund="Nein.")
    html = _html(client.get("/orte/verwaltung/antraege/"))
    assert "1 offener Antrag" in html
    assert "Zuletzt entschieden" in html
    assert f'href="/orte/verwaltung/antraege/{vorschlag.pk}/"' in html


def test_the_planner_declines_with_a_reason_and_the_lead_reads_it(
    client, planer, ortsleitung, offener_antrag, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(planer)
    url = f"/orte/verwaltung/antraege/{offener_antrag.pk}/"
    html = _html(client.get(url))
    assert "Kriterien der beantragten Stufe" in html
    assert "Alles erfüllt." in html
    html = _html(client.post(url, {"entscheidung": "ablehnen", "grund": ""}))
    assert "Bitte begründen Sie die Ablehnung." in html
    assert Antrag.objects.get().ist_offen
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"entscheidung": "ablehnen", "grund": "Erst nach dem Sommer."})
    assert response.status_code == 302
    assert response["Location"] == "/orte/verwaltung/antraege/"
    assert "ist abgelehnt" in _html(client.get(response["Location"]))
    assert len(mailoutbox) == 1
    client.force_login(ortsleitung)
    html = _html(client.get(f"/orte/verwaltung/{offener_antrag.ort_id}/"))
    assert "abgelehnt" in html
    assert "Begründung der Entscheidung: Erst nach dem Sommer." in html
    # Declined: the lead may ask again (the checklist is still met).
    assert "stufe-beantragen" in html


def test_the_planner_accepts_and_the_history_names_the_request(
    client, planer, ortsleitung, offener_antrag
):
    client.force_login(planer)
    url = f"/orte/verwaltung/antraege/{offener_antrag.pk}/"
    response = client.post(url, {"entscheidung": "annehmen", "grund": ""})
    assert response.status_code == 302
    ort = Ort.objects.get(pk=offener_antrag.ort_id)
    assert ort.stufe == Stufe.ORT_DER_BEGEGNUNG
    client.force_login(ortsleitung)
    html = _html(client.get(f"/orte/verwaltung/{ort.pk}/"))
    assert "angenommen" in html
    assert "auf Antrag von ortsleitung@example.org" in html
    # A decided request shows its decision and no form.
    client.force_login(planer)
    html = _html(client.get(url))
    assert "Entscheidung speichern" not in html
    assert "angenommen" in html
    response = client.post(url, {"entscheidung": "ablehnen", "grund": "Doch nicht."})
    assert response.status_code == 302
    assert "Über diesen Antrag ist schon entschieden." in _html(client.get(url))
    assert Antrag.objects.get().status == AntragStatus.ANGENOMMEN


def test_accepting_with_unmet_criteria_warns_and_needs_a_reason(
    client, planer, offener_antrag, bereiter_satellit
):
    bereiter_satellit.angebote.all().delete()
    client.force_login(planer)
    url = f"/orte/verwaltung/antraege/{offener_antrag.pk}/"
    html = _html(client.get(url))
    assert "1 Kriterium ist nicht erfüllt." in html
    html = _html(client.post(url, {"entscheidung": "annehmen", "grund": ""}))
    assert "Mindestzahl laufender Angebote für „Ort der Begegnung“ (ist 0, mindestens 1)" in html
    assert Antrag.objects.get().ist_offen
    client.post(url, {"entscheidung": "annehmen", "grund": "Das Angebot startet im Mai."})
    eintrag = StufeErreicht.objects.get(ort=bereiter_satellit, stufe=Stufe.ORT_DER_BEGEGNUNG)
    assert eintrag.begruendung == "Das Angebot startet im Mai."
    html = _html(client.get(f"/orte/verwaltung/{bereiter_satellit.pk}/"))
    assert "Gesetzt, obwohl Kriterien fehlten. Begründung: Das Angebot startet im Mai." in html


def test_ones_own_request_is_decided_by_somebody_else(client, bereiter_satellit):
    doppelt = make_user("beides@example.org", Rolle.SOZIALPLANUNG)
    from django.contrib.auth.models import Group

    doppelt.groups.add(Group.objects.get(name=Rolle.ORTSLEITUNG.value))
    bereiter_satellit.leitung.add(doppelt)
    antrag = services_antraege.request_stufe(bereiter_satellit, doppelt, "Selbst.")
    client.force_login(doppelt)
    html = _html(client.get("/orte/verwaltung/antraege/"))
    assert "Eigenen Antrag zu Kita Roden ansehen" in html
    url = f"/orte/verwaltung/antraege/{antrag.pk}/"
    html = _html(client.get(url))
    assert "Vier-Augen-Prinzip" in html
    assert "Entscheidung speichern" not in html
    response = client.post(url, {"entscheidung": "annehmen", "grund": ""})
    assert response.status_code == 302
    assert "Vier-Augen-Prinzip" in _html(client.get(url))
    assert Antrag.objects.get().ist_offen


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def _antraege(orte, leitung, arbeitgeber):
    for ort in orte:
        ort.leitung.add(leitung)
        for tag in (0, 1):
            Oeffnungszeit.objects.create(ort=ort, wochentag=tag, beginn=time(9), ende=time(12))
        Partnerschaft.objects.create(ort=ort, organisation=arbeitgeber, rolle=PartnerRolle.TRAEGER)
        services_antraege.request_stufe(ort, leitung, f"Antrag für {ort.name}.")


def test_the_queue_query_count_stays_flat(
    client, planer, ortsleitung, roden_sozialraum, arbeitgeber
):
    client.force_login(planer)
    url = "/orte/verwaltung/antraege/"
    _antraege(make_orte(roden_sozialraum, 2), ortsleitung, arbeitgeber)
    services_antraege.decide(Antrag.objects.first(), planer, annehmen=False, grund="Nein.")
    few = _count(client, url)
    _antraege(make_orte(roden_sozialraum, 20, start=2), ortsleitung, arbeitgeber)
    for antrag in Antrag.objects.offen()[:5]:
        services_antraege.decide(antrag, planer, annehmen=False, grund="Nein.")
    assert Antrag.objects.offen().count() == 16
    assert _count(client, url) == few


# A stage set directly (Sozialplanung)


def test_raising_a_stage_without_its_criteria_needs_a_reason_naming_them(
    client, planer, quartiersbuero
):
    client.force_login(planer)
    url = f"/orte/verwaltung/{quartiersbuero.pk}/bearbeiten/"
    html = _html(client.get(url))
    assert "Kriterien, die der Ort für eine höhere Stufe noch nicht erfüllt" in html
    assert "Anlaufstelle: Mindestzahl verschiedener Fachbereiche (ist 0, mindestens 2)" in html
    daten = ort_daten(
        quartiersbuero.gebiet,
        name="Quartiersbüro Roden",
        stufe=Stufe.ANLAUFSTELLE,
        stufe_begruendung="",
    )
    html = _html(client.post(url, daten))
    assert "Der Ort erfüllt diese Kriterien nicht" in html
    assert "Mindestsumme der Stellenanteile (Vollzeitäquivalente) für „Anlaufstelle“" in html
    quartiersbuero.refresh_from_db()
    assert quartiersbuero.stufe == Stufe.ORT_DER_BEGEGNUNG
    daten["stufe_begruendung"] = "Übergangsweise, Stellen sind ausgeschrieben."
    assert client.post(url, daten).status_code == 302
    html = _html(client.get(f"/orte/verwaltung/{quartiersbuero.pk}/"))
    assert "Begründung: Übergangsweise, Stellen sind ausgeschrieben." in html


def test_a_stage_whose_criteria_are_met_needs_no_reason(client, planer, bereiter_satellit):
    client.force_login(planer)
    daten = ort_daten(
        bereiter_satellit.gebiet,
        name="Kita Roden",
        stufe=Stufe.ORT_DER_BEGEGNUNG,
        stufe_begruendung="",
    )
    response = client.post(f"/orte/verwaltung/{bereiter_satellit.pk}/bearbeiten/", daten)
    assert response.status_code == 302
    eintrag = StufeErreicht.objects.get(ort=bereiter_satellit, stufe=Stufe.ORT_DER_BEGEGNUNG)
    assert eintrag.begruendung == ""


def test_lowering_a_stage_needs_no_reason(client, planer, quartiersbuero):
    client.force_login(planer)
    daten = ort_daten(
        quartiersbuero.gebiet,
        name="Quartiersbüro Roden",
        stufe=Stufe.SATELLIT,
        stufe_begruendung="",
    )
    assert (
        client.post(f"/orte/verwaltung/{quartiersbuero.pk}/bearbeiten/", daten).status_code == 302
    )
    quartiersbuero.refresh_from_db()
    assert quartiersbuero.stufe == Stufe.SATELLIT
