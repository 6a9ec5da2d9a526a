"""The Cockpit card "Aufgaben Ihrer Netzwerke" (issue 17): the open tasks of the networks the
person coordinates, overdue ones flagged in words; only for Sozialplanung and coordinators."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from netzwerke.models import Aufgabe, AufgabeStatus, Netzwerk

pytestmark = pytest.mark.django_db


@pytest.fixture
def heute():
    with time_machine.travel(
        datetime(2027, 1, 5, 9, 0, tzinfo=ZoneInfo("Europe/Berlin")), tick=False
    ):
        yield date(2027, 1, 5)


def karte(client) -> str:
    html = client.get(reverse("cockpit")).content.decode()
    if 'id="cockpit-aufgaben"' not in html:
        return ""
    return html.split('id="cockpit-aufgaben"')[1].split("</article>")[0]


def test_the_card_lists_open_tasks_and_flags_overdue_ones(
    client, heute, koordination, netzwerk, stadt, mitglied
):
    clara = mitglied.ansprechpersonen.get()
    Aufgabe.objects.create(
        netzwerk=netzwerk, titel="Raum anfragen", person=clara, faellig_am=date(2027, 1, 4)
    )
    Aufgabe.objects.create(netzwerk=netzwerk, titel="Flyer drucken", faellig_am=date(2027, 1, 5))
    Aufgabe.objects.create(
        netzwerk=netzwerk,
        titel="Schon erledigt",
        faellig_am=date(2026, 12, 1),
        status=AufgabeStatus.ERLEDIGT,
    )
    fremd = Netzwerk.objects.create(name="Lokales Bündnis für Familie", gebiet=stadt)
    Aufgabe.objects.create(netzwerk=fremd, titel="Nicht meine", faellig_am=date(2027, 1, 1))
    client.force_login(koordination)
    inhalt = karte(client)
    assert "2 offene Aufgaben, davon 1 überfällig" in inhalt
    raum = inhalt.split("Raum anfragen")[0].rsplit("<li>", 1)[1]
    assert "Überfällig:" in raum
    assert "Raum anfragen – Clara Kontakt (Caritasverband Saar-Hochwald), fällig am 04.01.2027" in (
        inhalt
    )
    flyer = inhalt.split("Flyer drucken")[0].rsplit("<li>", 1)[1]
    assert "Überfällig" not in flyer  # due today is not overdue yet
    assert "Schon erledigt" not in inhalt
    assert "Nicht meine" not in inhalt
    assert reverse("netzwerke:aufgabe_list") + "?meine=on" in inhalt


def test_without_tasks_the_card_says_so(client, heute, planer):
    client.force_login(planer)
    assert "Keine offenen Aufgaben in den Netzwerken, die Sie koordinieren." in karte(client)


@pytest.mark.parametrize("rolle", ["beratung", "ortsleitung", "berichtswesen"])
def test_other_roles_see_no_card(client, heute, request, rolle):
    client.force_login(request.getfixturevalue(rolle))
    assert karte(client) == ""
