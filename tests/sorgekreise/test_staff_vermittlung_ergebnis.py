"""Issue 17: the coordinator records what became of a match: no answer to a proposal, the help
has begun, it is not needed any more, it did not work out, it is done; with bad input refused
at the field and nothing changed."""

import datetime
import zoneinfo
from decimal import Decimal

import pytest
import time_machine
from django.utils import timezone

from sorgekreise.models import (
    AnfrageStatus,
    HelfendeStatus,
    Vermittlung,
    VermittlungErgebnis,
    VermittlungStatus,
)
from tests.sorgekreise.conftest import make_anfrage, make_helfende

pytestmark = pytest.mark.django_db

BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")


def url(v) -> str:
    return f"/sorgekreise/verwaltung/vermittlungen/{v.pk}/"


@pytest.fixture
def vorschlag(anfrage, helfende):
    return Vermittlung.objects.create(anfrage=anfrage, helfende=helfende)


@pytest.fixture
def angenommen(anfrage, helfende):
    anfrage.status = AnfrageStatus.VERMITTELT
    anfrage.save()
    return Vermittlung.objects.create(
        anfrage=anfrage, helfende=helfende, status=VermittlungStatus.ANGENOMMEN
    )


@pytest.mark.parametrize(
    ("aktion", "ergebnis"),
    [
        ("keine_antwort", VermittlungErgebnis.KEINE_ANTWORT),
        ("ablehnen", VermittlungErgebnis.ABGESAGT),
    ],
)
def test_a_proposal_ends_with_its_reason_and_the_request_stays_open(
    client, ortsleitung, vorschlag, aktion, ergebnis
):
    client.force_login(ortsleitung)
    assert client.post(url(vorschlag), {"aktion": aktion}).status_code == 302
    vorschlag.refresh_from_db()
    assert vorschlag.status == VermittlungStatus.ABGELEHNT
    assert vorschlag.ergebnis == ergebnis
    assert vorschlag.anfrage.status == AnfrageStatus.OFFEN
    page = client.get(f"/sorgekreise/verwaltung/anfragen/{vorschlag.anfrage_id}/").text
    assert f"abgelehnt – {ergebnis.label}" in page


def test_the_beginning_of_the_help_is_recorded_once(client, ortsleitung, angenommen):
    client.force_login(ortsleitung)
    # An hour after today's clock (a fixed date a year away would end the login session).
    beginn = (
        (timezone.now() + datetime.timedelta(hours=1))
        .astimezone(BERLIN)
        .replace(second=0, microsecond=0)
    )
    with time_machine.travel(beginn, tick=False):
        assert client.post(url(angenommen), {"aktion": "begonnen"}).status_code == 302
    angenommen.refresh_from_db()
    assert angenommen.status == VermittlungStatus.ANGENOMMEN
    assert angenommen.begonnen_am == beginn
    # Offered no more; sent anyway, it is a field error and the date stays.
    form = client.get(url(angenommen)).context["form"]
    assert "begonnen" not in dict(form.fields["aktion"].choices)
    response = client.post(url(angenommen), {"aktion": "begonnen"})
    assert "aktion" in response.context["form"].errors
    angenommen.refresh_from_db()
    assert angenommen.begonnen_am == beginn
    page = client.get(f"/sorgekreise/verwaltung/anfragen/{angenommen.anfrage_id}/").text
    assert f"Hilfe begonnen am {beginn:%d.%m.%Y}" in page


def test_help_not_needed_any_more_withdraws_the_request(
    client, ortsleitung, kreis, angenommen, einkaufen
):
    wartet = Vermittlung.objects.create(
        anfrage=angenommen.anfrage, helfende=make_helfende(kreis, name="Zora Zweit")
    )
    client.force_login(ortsleitung)
    response = client.post(url(angenommen), {"aktion": "nicht_noetig", "stunden": "1"})
    assert response.status_code == 302
    angenommen.refresh_from_db()
    wartet.refresh_from_db()
    anfrage = angenommen.anfrage
    assert angenommen.status == VermittlungStatus.ABGESCHLOSSEN
    assert angenommen.ergebnis == VermittlungErgebnis.NICHT_MEHR_NOETIG
    assert angenommen.stunden == Decimal("1")
    assert anfrage.status == AnfrageStatus.ZURUECKGEZOGEN
    assert anfrage.abgeschlossen_am is not None  # retention runs from here
    assert wartet.status == VermittlungStatus.ABGELEHNT
    # Not proven by a help that did not happen.
    assert angenommen.helfende.status == HelfendeStatus.GEPRUEFT


def test_done_records_the_help_given(client, ortsleitung, angenommen):
    client.force_login(ortsleitung)
    client.post(
        url(angenommen), {"aktion": "abschliessen", "stunden": "4", "anfrage_erledigt": "on"}
    )
    angenommen.refresh_from_db()
    assert angenommen.ergebnis == VermittlungErgebnis.GEHOLFEN
    assert angenommen.anfrage.status == AnfrageStatus.ERLEDIGT
    assert angenommen.helfende.status == HelfendeStatus.AKTIV


def test_did_not_work_out_reopens_the_request(client, ortsleitung, angenommen):
    client.force_login(ortsleitung)
    client.post(url(angenommen), {"aktion": "ablehnen"})
    angenommen.refresh_from_db()
    assert angenommen.status == VermittlungStatus.ABGELEHNT
    assert angenommen.ergebnis == VermittlungErgebnis.NICHT_GEKLAPPT
    assert angenommen.anfrage.status == AnfrageStatus.OFFEN


@pytest.mark.parametrize(
    "daten",
    [
        {"aktion": "begonnen"},
        {"aktion": "nicht_noetig"},
        {"aktion": "<script>alert(1)</script>"},
        {"aktion": "x" * 5000},
    ],
)
def test_steps_of_an_accepted_match_are_refused_for_a_proposal(
    client, ortsleitung, vorschlag, daten
):
    client.force_login(ortsleitung)
    response = client.post(url(vorschlag), daten)
    assert response.status_code == 200
    assert "aktion" in response.context["form"].errors
    vorschlag.refresh_from_db()
    assert vorschlag.status == VermittlungStatus.VORGESCHLAGEN
    assert vorschlag.begonnen_am is None


@pytest.mark.parametrize(
    "daten",
    [
        {"aktion": "keine_antwort"},
        {"aktion": "annehmen"},
        {"aktion": "nicht_noetig", "stunden": "-3"},
        {"aktion": "nicht_noetig", "stunden": "viele"},
        {"aktion": "nicht_noetig", "stunden": "99999"},
        {"aktion": "abschliessen", "stunden": "<b>2</b>"},
    ],
)
def test_bad_input_for_an_accepted_match_changes_nothing(client, ortsleitung, angenommen, daten):
    client.force_login(ortsleitung)
    response = client.post(url(angenommen), daten)
    assert response.status_code == 200
    assert response.context["form"].errors
    angenommen.refresh_from_db()
    assert angenommen.status == VermittlungStatus.ANGENOMMEN
    assert angenommen.ergebnis == ""
    assert angenommen.anfrage.status == AnfrageStatus.VERMITTELT


def test_another_circles_match_is_not_found(
    client, ortsleitung, anderer_kreis, einkaufen, fraulautern
):
    fremd = Vermittlung.objects.create(
        anfrage=make_anfrage(anderer_kreis, einkaufen, fraulautern),
        helfende=make_helfende(anderer_kreis, name="Fremde Hilfe"),
    )
    client.force_login(ortsleitung)
    assert client.post(url(fremd), {"aktion": "keine_antwort"}).status_code == 404
    fremd.refresh_from_db()
    assert fremd.status == VermittlungStatus.VORGESCHLAGEN
