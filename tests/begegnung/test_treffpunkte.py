"""The Orte der Begegnung as places of network meetings (begegnung keeps the link, netzwerke
asks through netzwerke.treffpunkte)."""

from datetime import UTC, datetime, timedelta

import pytest

from begegnung.models import Treffpunkt
from netzwerke import treffpunkte
from netzwerke.models import Netzwerk, Treffen

pytestmark = pytest.mark.django_db


@pytest.fixture
def treffen(stadt):
    beginn = datetime(2026, 12, 10, 17, tzinfo=UTC)
    netzwerk = Netzwerk.objects.create(name="Netzwerk Roden", gebiet=stadt)
    return Treffen.objects.create(
        netzwerk=netzwerk, titel="Auftakt", beginn=beginn, ende=beginn + timedelta(hours=2)
    )


def test_begegnung_registers_its_places_with_netzwerke():
    assert treffpunkte.registriert() is not None


def test_it_records_moves_and_clears_the_place(treffen, quartiersbuero, anderer_ort):
    orte = treffpunkte.registriert()
    assert orte.von(treffen) is None
    assert orte.anzeige(treffen) == ""

    orte.setzen(treffen, quartiersbuero)
    assert orte.anzeige(treffen) == "Quartiersbüro Roden, Holzmühler Weg 1, 66740 Saarlouis"
    orte.setzen(treffen, anderer_ort)
    assert orte.von(treffen) == anderer_ort  # the same instance sees the move
    assert Treffpunkt.objects.get().ort == anderer_ort

    orte.setzen(treffen, None)
    assert orte.von(treffen) is None
    assert not Treffpunkt.objects.exists()


def test_deleting_the_place_keeps_the_meeting(treffen, quartiersbuero):
    treffpunkte.registriert().setzen(treffen, quartiersbuero)
    quartiersbuero.delete()
    treffen = Treffen.objects.get(pk=treffen.pk)
    assert treffen.ort_anzeige == treffen.ort


def test_a_list_of_meetings_loads_the_places_in_one_query(
    treffen, quartiersbuero, django_assert_num_queries
):
    treffpunkte.registriert().setzen(treffen, quartiersbuero)
    with django_assert_num_queries(1):
        zeilen = [t.ort_anzeige for t in Treffen.objects.mit_treffpunkt()]
    assert zeilen == ["Quartiersbüro Roden, Holzmühler Weg 1, 66740 Saarlouis"]
