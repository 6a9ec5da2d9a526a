"""The network services called with plain values, as an import or a command would call them."""

from datetime import datetime

import pytest
from django.utils import timezone

from netzwerke import services
from netzwerke.models import Mitgliedschaft, Netzwerk, Treffen
from saarlouis_portal.stammdaten.models import OrganisationArt

pytestmark = pytest.mark.django_db


def _berlin(*args):
    return datetime(*args, tzinfo=timezone.get_default_timezone())


@pytest.fixture
def treffen(netzwerk):
    return Treffen.objects.create(
        netzwerk=netzwerk,
        titel="Auftakt",
        beginn=_berlin(2027, 1, 12, 18),
        ende=_berlin(2027, 1, 12, 20),
    )


def test_a_coordinator_who_creates_a_network_stays_its_coordinator(stadt, koordination):
    netzwerk = services.save_netzwerk(
        Netzwerk(name="Runder Tisch Wohnen", gebiet=stadt), {"koordination": []}, user=koordination
    )
    assert list(netzwerk.koordination.all()) == [koordination]


def test_a_change_calendars_show_raises_the_sequence(treffen):
    treffen.beginn = _berlin(2027, 1, 12, 19)
    services.save_treffen(treffen)
    assert Treffen.objects.get().sequenz == 1


def test_minutes_do_not_raise_the_sequence(treffen):
    treffen.protokoll = "Alle waren da."
    services.save_treffen(treffen)
    assert Treffen.objects.get().sequenz == 0


def test_a_member_with_a_new_organisation_and_contact(netzwerk):
    mitglied = services.add_mitglied(
        Mitgliedschaft(netzwerk=netzwerk),
        neue_organisation={
            "name": "Tafel Saarlouis",
            "art": OrganisationArt.TRAEGER,
            "sgb_buecher": [],
        },
        person={"vorname": "Eva", "nachname": "Roth", "email": "eva@example.org", "telefon": ""},
    )
    assert mitglied.organisation.name == "Tafel Saarlouis"
    assert list(mitglied.organisation.gebiete.all()) == [netzwerk.gebiet]
    assert [p.nachname for p in mitglied.ansprechpersonen.all()] == ["Roth"]
