"""The network filter of the measure lists stays bounded as networks grow (issue 15): a select
up to AUSWAHL_HOECHSTENS networks, beyond that a name search; ?netzwerk=<id> links
keep working."""

from django.urls import reverse

from netzwerke.models import Netzwerk
from saarlouis_portal.forms import AUSWAHL_HOECHSTENS
from tests.netzwerke.conftest import beschliessen


def _beschlossen(massnahme, user):
    beschliessen(massnahme, user, bemerkung="Beschluss")  # four eyes: a colleague approves


def _viele_netzwerke(stadt):
    Netzwerk.objects.bulk_create(
        Netzwerk(name=f"Runder Tisch {i:03}", gebiet=stadt) for i in range(AUSWAHL_HOECHSTENS + 1)
    )


def test_few_networks_are_a_select(client, massnahme, koordination):
    _beschlossen(massnahme, koordination)
    html = client.get(reverse("netzwerke:massnahmen")).content.decode()
    assert '<select name="netzwerk"' in html
    assert 'name="netzwerk_name"' not in html


def test_many_networks_become_a_name_search_and_links_by_id_still_work(
    client, massnahme, sichtbare_massnahme, koordination, planer, stadt
):
    _beschlossen(massnahme, koordination)
    _beschlossen(sichtbare_massnahme, planer)
    _viele_netzwerke(stadt)
    url = reverse("netzwerke:massnahmen")
    response = client.get(url)
    html = response.content.decode()
    assert '<select name="netzwerk"' not in html
    assert "Runder Tisch 001" not in html
    assert 'name="netzwerk_name"' in html
    page = client.get(url, {"netzwerk_name": "bündnis für fam"}).context["page"]
    assert list(page.object_list) == [sichtbare_massnahme]
    page = client.get(url, {"netzwerk": massnahme.netzwerk_id}).context["page"]
    assert list(page.object_list) == [massnahme]
    # An unknown id or markup is answered calmly, never with an error page.
    assert client.get(url, {"netzwerk": "999999"}).status_code == 200
    assert client.get(url, {"netzwerk_name": "<script>x</script>"}).status_code == 200


def test_staff_list_is_bounded_the_same_way(client, planer, massnahme, stadt):
    _viele_netzwerke(stadt)
    client.force_login(planer)
    html = client.get(reverse("netzwerke:massnahme_list")).content.decode()
    assert '<select name="netzwerk"' not in html
    assert 'name="netzwerk_name"' in html
