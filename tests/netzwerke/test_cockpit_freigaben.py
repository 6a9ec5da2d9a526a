"""The Cockpit card "Prüfungen zur Freigabe" (issue 16, four eyes): the sustainability checks
submitted for approval that the signed-in person may approve (not their own, only in networks
they may change), with a count and a link to the staff measure list filtered to exactly them."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from netzwerke import services_massnahmen as services
from netzwerke.models import Massnahme, MassnahmeStatus
from tests.netzwerke.conftest import fill_pruefung, pruefen_und_freigeben

pytestmark = pytest.mark.django_db

BERLIN = ZoneInfo("Europe/Berlin")
LISTE = reverse("netzwerke:massnahme_list") + "?pruefung=freizugeben"


@pytest.fixture(autouse=True)
def _zeit():
    with time_machine.travel(datetime(2027, 3, 2, 9, 0, tzinfo=BERLIN), tick=False) as reise:
        yield reise


def vorlegen(massnahme, user, am: datetime | None = None):
    if am is None:
        return services.submit_check(fill_pruefung(massnahme), user)
    with time_machine.travel(am, tick=False):
        return services.submit_check(fill_pruefung(massnahme), user)


def karte(client) -> str:
    html = client.get(reverse("cockpit")).content.decode()
    if 'id="cockpit-freigaben"' not in html:
        return ""
    return html.split('id="cockpit-freigaben"')[1].split("</article>")[0]


def liste(client) -> list[str]:
    response = client.get(LISTE)
    assert response.status_code == 200
    return sorted(m.titel for m in response.context["page"])


def test_planning_sees_what_a_coordinator_submitted_and_the_oldest_date(
    client, planer, koordination, massnahme, netzwerk, stadt
):
    vorlegen(massnahme, koordination, datetime(2027, 2, 20, 11, 0, tzinfo=BERLIN))
    zweite = Massnahme.objects.create(titel="Lesepaten", netzwerk=netzwerk, gebiet=stadt)
    vorlegen(zweite, koordination)
    client.force_login(planer)
    inhalt = karte(client)
    assert "Prüfungen zur Freigabe" in inhalt
    assert "2 Prüfungen warten auf Ihre Freigabe" in inhalt
    assert "die älteste wartet seit 20.02.2027" in inhalt
    assert f'href="{LISTE}"' in inhalt
    assert liste(client) == ["Lesepaten", "Sprachcafé im Quartier"]


def test_ones_own_submission_is_left_to_the_second_pair_of_eyes(
    client, koordination, zweite_koordination, massnahme
):
    vorlegen(massnahme, koordination)
    client.force_login(koordination)
    assert "0 Prüfungen warten auf Ihre Freigabe" in karte(client)
    assert "Keine Nachhaltigkeitsprüfung wartet auf Ihre Freigabe." in karte(client)
    assert liste(client) == []
    client.force_login(zweite_koordination)
    assert "1 Prüfung wartet auf Ihre Freigabe" in karte(client)
    assert liste(client) == ["Sprachcafé im Quartier"]


def test_with_the_rule_off_ones_own_submission_counts(client, koordination, massnahme, settings):
    settings.PORTAL_VIER_AUGEN = False
    vorlegen(massnahme, koordination)
    client.force_login(koordination)
    assert "1 Prüfung wartet auf Ihre Freigabe" in karte(client)
    assert liste(client) == ["Sprachcafé im Quartier"]


def test_a_coordinator_sees_only_the_networks_they_coordinate(
    client, planer, koordination, massnahme, sichtbare_massnahme, fremde_massnahme
):
    # Visible to the coordinator (public network) but not theirs to change; and an internal one.
    vorlegen(sichtbare_massnahme, planer)
    vorlegen(fremde_massnahme, planer)
    client.force_login(koordination)
    assert "0 Prüfungen warten auf Ihre Freigabe" in karte(client)
    assert liste(client) == []


def test_approved_unsubmitted_and_frozen_checks_do_not_count(
    client, planer, koordination, zweite_koordination, massnahme, netzwerk, stadt
):
    pruefen_und_freigeben(massnahme, koordination, zweite_koordination)  # approved
    offen = Massnahme.objects.create(titel="Nur begonnen", netzwerk=netzwerk, gebiet=stadt)
    fill_pruefung(offen)  # complete, but never submitted
    abgelehnt = Massnahme.objects.create(titel="Zurückgezogen", netzwerk=netzwerk, gebiet=stadt)
    vorlegen(abgelehnt, koordination)
    services.change_status(abgelehnt, MassnahmeStatus.ABGELEHNT, koordination)  # frozen
    client.force_login(planer)
    assert "0 Prüfungen warten auf Ihre Freigabe" in karte(client)
    assert liste(client) == []


def test_approving_takes_it_off_the_card(client, planer, koordination, massnahme):
    pruefung = vorlegen(massnahme, koordination)
    client.force_login(planer)
    assert "1 Prüfung wartet" in karte(client)
    services.complete_check(pruefung, planer)
    assert "0 Prüfungen warten" in karte(client)


@pytest.mark.parametrize("rolle", ["beratung", "ortsleitung", "berichtswesen"])
def test_other_roles_see_no_card(client, request, rolle, koordination, massnahme):
    vorlegen(massnahme, koordination)
    client.force_login(request.getfixturevalue(rolle))
    assert karte(client) == ""


def _zaehlen(client) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(reverse("cockpit")).status_code == 200
    return len(ctx.captured_queries)


def test_the_cockpit_query_count_stays_flat(client, planer, koordination, netzwerk, stadt):
    client.force_login(planer)

    def neue(von: int, bis: int) -> None:
        for nummer in range(von, bis):
            m = Massnahme.objects.create(
                titel=f"Maßnahme {nummer}", netzwerk=netzwerk, gebiet=stadt
            )
            vorlegen(m, koordination)

    neue(0, 1)
    _zaehlen(client)  # warm up (content types, session)
    wenige = _zaehlen(client)
    assert "1 Prüfung wartet" in karte(client)
    neue(1, 20)
    assert _zaehlen(client) == wenige
    assert "20 Prüfungen warten" in karte(client)
