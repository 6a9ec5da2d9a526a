"""Issue 17: the coordination's follow-ups: the page "Aufgaben" (calls to make, proposals
without an answer), the call task on the request's page with its "done" button, the Cockpit
card; scoped to the coordinator's circles, flat in queries, no contact data in the list."""

import datetime
import zoneinfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sorgekreise.models import Benachrichtigung, Vermittlung, VermittlungStatus
from tests.sorgekreise.conftest import make_anfrage, make_helfende

pytestmark = pytest.mark.django_db

BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")
JETZT = datetime.datetime(2026, 12, 10, 11, 15, tzinfo=BERLIN)
AUFGABEN = "/sorgekreise/verwaltung/aufgaben/"


def anruf(anfrage, helfende, **extra) -> Vermittlung:
    """An accepted match whose person seeking help gave a phone number only."""
    extra.setdefault("angenommen_am", JETZT - datetime.timedelta(days=1))
    return Vermittlung.objects.create(
        anfrage=anfrage,
        helfende=helfende,
        status=VermittlungStatus.ANGENOMMEN,
        benachrichtigt_per=Benachrichtigung.TELEFON,
        **extra,
    )


def offener_vorschlag(anfrage, helfende, tage: int) -> Vermittlung:
    return Vermittlung.objects.create(
        anfrage=anfrage, helfende=helfende, vorgeschlagen_am=JETZT - datetime.timedelta(days=tage)
    )


@pytest.fixture
def fremder_anruf(anderer_kreis, einkaufen, fraulautern):
    helfende = make_helfende(anderer_kreis, name="Fremde Hilfe", faehigkeiten=[einkaufen])
    anfrage = make_anfrage(anderer_kreis, einkaufen, fraulautern, name="Fremde Person")
    return anruf(anfrage, helfende)


@time_machine.travel(JETZT, tick=False)
def test_the_page_lists_calls_and_waiting_proposals_without_contact_data(
    client, ortsleitung, kreis, anfrage, helfende, einkaufen, roden_nord, fremder_anruf
):
    task = anruf(anfrage, helfende)
    zweite = make_anfrage(kreis, einkaufen, roden_nord, telefon="06831 55555")
    alt = offener_vorschlag(zweite, make_helfende(kreis, name="Lena Lange"), tage=6)
    offener_vorschlag(
        make_anfrage(kreis, einkaufen, roden_nord), make_helfende(kreis, name="Nina Neu"), tage=2
    )
    client.force_login(ortsleitung)
    response = client.get(AUFGABEN)
    assert response.status_code == 200
    assert list(response.context["anrufe"]) == [task]
    assert list(response.context["vorschlaege"]) == [alt]  # five days or more only
    text = response.text
    assert "1 Anruf offen" in text
    assert "1 Vorschlag wartet" in text
    assert "Hanna Helfer" in text
    assert "Lena Lange" in text
    assert f"/sorgekreise/verwaltung/vermittlungen/{alt.pk}/" in text
    # No phone numbers, names or notes of people seeking help; nothing of other circles.
    for geheim in ("99999", "55555", "Erika", "VERTRAULICH", "Fremde"):
        assert geheim not in text


@time_machine.travel(JETZT, tick=False)
def test_done_records_who_called_and_when(client, ortsleitung, anfrage, helfende):
    task = anruf(anfrage, helfende)
    client.force_login(ortsleitung)
    response = client.post(f"/sorgekreise/verwaltung/vermittlungen/{task.pk}/angerufen/")
    assert response.status_code == 302
    assert response["Location"] == AUFGABEN
    task.refresh_from_db()
    assert task.benachrichtigt_von == ortsleitung
    assert task.benachrichtigt_am == JETZT
    page = client.get(f"/sorgekreise/verwaltung/anfragen/{anfrage.pk}/").text
    assert "Hilfesuchende Person angerufen am 10.12.2026 11:15 von ortsleitung@example.org" in page
    assert "Anruf offen: Hilfe gefunden" not in page
    assert "0 Anrufe offen" in client.get(AUFGABEN).text


@time_machine.travel(JETZT, tick=False)
def test_the_request_page_shows_the_call_task_with_the_number(
    client, ortsleitung, anfrage, helfende
):
    task = anruf(anfrage, helfende)
    client.force_login(ortsleitung)
    page = client.get(f"/sorgekreise/verwaltung/anfragen/{anfrage.pk}/").text
    assert "Anruf offen: Hilfe gefunden" in page
    assert "Hanna Helfer hat am 09.12.2026 zugesagt" in page
    assert "06831 99999" in page or "+49683199999" in page
    response = client.post(
        f"/sorgekreise/verwaltung/vermittlungen/{task.pk}/angerufen/", {"zurueck": "anfrage"}
    )
    assert response["Location"] == f"/sorgekreise/verwaltung/anfragen/{anfrage.pk}/"


@pytest.mark.parametrize("zurueck", ["https://example.com/", "//evil.example", "<script>"])
def test_the_way_back_is_never_taken_from_the_request(
    client, ortsleitung, anfrage, helfende, zurueck
):
    task = anruf(anfrage, helfende)
    client.force_login(ortsleitung)
    response = client.post(
        f"/sorgekreise/verwaltung/vermittlungen/{task.pk}/angerufen/", {"zurueck": zurueck}
    )
    assert response["Location"] == AUFGABEN


def test_done_twice_or_on_a_match_without_a_call_is_a_message_not_an_error(
    client, ortsleitung, planer, anfrage, helfende
):
    task = anruf(anfrage, helfende)
    client.force_login(ortsleitung)
    url = f"/sorgekreise/verwaltung/vermittlungen/{task.pk}/angerufen/"
    client.post(url)
    client.force_login(planer)
    response = client.post(url, follow=True)
    assert response.status_code == 200
    assert "Für diese Vermittlung ist kein Anruf offen." in response.text
    task.refresh_from_db()
    assert task.benachrichtigt_von == ortsleitung  # the first call stays recorded

    vorschlag = Vermittlung.objects.create(
        anfrage=make_anfrage(anfrage.sorgekreis, anfrage.art, anfrage.gebiet),
        helfende=helfende,
    )
    client.post(f"/sorgekreise/verwaltung/vermittlungen/{vorschlag.pk}/angerufen/")
    vorschlag.refresh_from_db()
    assert vorschlag.benachrichtigt_am is None


def test_done_is_post_only_and_scoped(client, ortsleitung, anfrage, helfende, fremder_anruf):
    task = anruf(anfrage, helfende)
    client.force_login(ortsleitung)
    assert (
        client.get(f"/sorgekreise/verwaltung/vermittlungen/{task.pk}/angerufen/").status_code == 405
    )
    fremd = f"/sorgekreise/verwaltung/vermittlungen/{fremder_anruf.pk}/angerufen/"
    assert client.post(fremd).status_code == 404
    assert client.post("/sorgekreise/verwaltung/vermittlungen/999999/angerufen/").status_code == 404
    fremder_anruf.refresh_from_db()
    assert fremder_anruf.benachrichtigt_am is None


@pytest.mark.parametrize("rolle", ["outsider", "koordination", "beratung", "berichtswesen"])
def test_other_roles_get_403(client, request, rolle, anfrage, helfende):
    task = anruf(anfrage, helfende)
    client.force_login(request.getfixturevalue(rolle))
    assert client.get(AUFGABEN).status_code == 403
    url = f"/sorgekreise/verwaltung/vermittlungen/{task.pk}/angerufen/"
    assert client.post(url).status_code == 403
    task.refresh_from_db()
    assert task.anruf_offen


def test_logged_out_goes_to_login(client, anfrage, helfende):
    task = anruf(anfrage, helfende)
    assert client.get(AUFGABEN)["Location"].startswith("/accounts/login/")
    url = f"/sorgekreise/verwaltung/vermittlungen/{task.pk}/angerufen/"
    assert client.post(url)["Location"].startswith("/accounts/login/")


def test_sozialplanung_sees_every_circles_tasks(client, planer, anfrage, helfende, fremder_anruf):
    eigen = anruf(anfrage, helfende)
    client.force_login(planer)
    assert set(client.get(AUFGABEN).context["anrufe"]) == {eigen, fremder_anruf}


def _count(client) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(AUFGABEN)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def _zeilen(kreis, einkaufen, gebiet, start: int, n: int) -> None:
    for i in range(start, start + n):
        helfende = make_helfende(kreis, name=f"Helfer {i}", email=f"h{i}@example.org")
        anruf(make_anfrage(kreis, einkaufen, gebiet), helfende)
        offener_vorschlag(make_anfrage(kreis, einkaufen, gebiet), helfende, tage=10)


@time_machine.travel(JETZT, tick=False)
def test_query_count_stays_flat_and_the_lists_are_bounded(
    client, ortsleitung, kreis, einkaufen, roden_nord
):
    client.force_login(ortsleitung)
    _zeilen(kreis, einkaufen, roden_nord, 0, 1)
    wenige = _count(client)
    _zeilen(kreis, einkaufen, roden_nord, 1, 29)
    assert _count(client) == wenige
    response = client.get(AUFGABEN)
    assert len(response.context["anrufe"]) == 25
    assert "30 Anrufe offen (die ältesten 25 stehen hier)" in response.text


@time_machine.travel(JETZT, tick=False)
def test_cockpit_card_counts_the_tasks(client, ortsleitung, kreis, anfrage, helfende):
    anruf(anfrage, helfende)
    offener_vorschlag(make_anfrage(kreis, anfrage.art, anfrage.gebiet), helfende, tage=7)
    client.force_login(ortsleitung)
    text = client.get("/cockpit/").text
    assert "Sorgekreise: Aufgaben" in text
    assert "1 Anruf offen · 1 Vorschlag ohne Antwort" in text


@pytest.mark.parametrize(("rolle", "sichtbar"), [("beratung", False), ("koordination", False)])
def test_cockpit_card_only_for_the_coordination(client, request, rolle, sichtbar):
    client.force_login(request.getfixturevalue(rolle))
    assert ("Sorgekreise: Aufgaben" in client.get("/cockpit/").text) is sichtbar
