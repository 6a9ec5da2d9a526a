"""The network map: SVG and table carry the same data; deterministic; filters; visibility."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from netzwerke import karte
from netzwerke.models import Mitgliedschaft, Netzwerk
from saarlouis_portal.stammdaten.models import Organisation, OrganisationArt

pytestmark = pytest.mark.django_db


@pytest.fixture
def drei_netze(stadt, roden_stadtteil, thema_sprache):
    a = Netzwerk.objects.create(name="A-Netz", gebiet=stadt)
    a.themen.add(thema_sprache)
    b = Netzwerk.objects.create(name="B-Netz", gebiet=roden_stadtteil)
    c = Netzwerk.objects.create(name="C-Netz <intern>", gebiet=stadt, oeffentlich=False)
    orgs = [
        Organisation.objects.create(name=f"Org {i}", art=OrganisationArt.VEREIN) for i in range(4)
    ]
    Mitgliedschaft.objects.create(netzwerk=a, organisation=orgs[0], rolle="koordination")
    Mitgliedschaft.objects.create(netzwerk=a, organisation=orgs[1])
    Mitgliedschaft.objects.create(netzwerk=b, organisation=orgs[1])
    Mitgliedschaft.objects.create(netzwerk=b, organisation=orgs[2])
    Mitgliedschaft.objects.create(netzwerk=c, organisation=orgs[3])
    # A former member is not on the map.
    from datetime import date

    Mitgliedschaft.objects.create(netzwerk=b, organisation=orgs[3], bis=date(2020, 1, 1))
    return a, b, c


def test_svg_and_table_show_the_same_memberships(client, drei_netze):
    response = client.get(reverse("netzwerke:karte"))
    html = response.content.decode()
    daten = response.context["karte"]
    assert [n.name for n in daten.netzwerke] == ["A-Netz", "B-Netz"]
    assert len(daten.kanten) == 4
    start = html.index('<svg xmlns="http://www.w3.org/2000/svg" class="portal-netzkarte"')
    svg = html[start : html.index("</svg>", start)]
    assert svg.count("<line") == 4
    assert svg.count('class="portal-netzkarte__linie portal-netzkarte__linie--koordination"') == 1
    table = html[html.index("<table") : html.index("</table>")]
    for kante in daten.kanten:
        assert kante.organisation.name in svg
        assert kante.organisation.name in table
    assert "Org 3" not in html
    assert "Org 0 (Koordination)" in table


def test_layout_is_deterministic_and_places_shared_members_between(drei_netze):
    first = karte.svg(karte.build(Netzwerk.objects.all()), "t", "d")
    second = karte.svg(karte.build(Netzwerk.objects.all()), "t", "d")
    assert first == second
    daten = karte.build(Netzwerk.objects.public())
    ys = {o.name: o.y for o in daten.organisationen}
    # Org 1 is in both networks, so it sits between Org 0 (A only) and Org 2 (B only).
    assert ys["Org 0"] < ys["Org 1"] < ys["Org 2"]


def test_labels_are_escaped(planer, client, drei_netze):
    client.force_login(planer)
    html = client.get(reverse("netzwerke:karte")).content.decode()
    assert "C-Netz &lt;intern&gt;" in html
    assert "<intern>" not in html


def test_staff_see_their_internal_networks(client, planer, drei_netze):
    client.force_login(planer)
    response = client.get(reverse("netzwerke:karte"))
    assert "C-Netz <intern>" in [n.name for n in response.context["karte"].netzwerke]


def test_filter_by_gebiet_and_topic(client, drei_netze, roden_stadtteil, thema_sprache):
    url = reverse("netzwerke:karte")
    namen = [
        n.name for n in client.get(url, {"gebiet": roden_stadtteil.pk}).context["karte"].netzwerke
    ]
    assert namen == ["B-Netz"]
    namen = [
        n.name for n in client.get(url, {"thema": thema_sprache.pk}).context["karte"].netzwerke
    ]
    assert namen == ["A-Netz"]
    assert client.get(url, {"thema": "abc"}).status_code == 200


def test_map_query_count_stays_flat(client, stadt):
    def add(n, start):
        for i in range(start, start + n):
            netz = Netzwerk.objects.create(name=f"Netz {i}", gebiet=stadt)
            org = Organisation.objects.create(name=f"Träger {i}", art=OrganisationArt.TRAEGER)
            Mitgliedschaft.objects.create(netzwerk=netz, organisation=org)

    add(3, 0)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("netzwerke:karte"))
    add(27, 3)
    with CaptureQueriesContext(connection) as many:
        response = client.get(reverse("netzwerke:karte"))
    assert len(many) == len(few)
    assert len(re.findall("<line", response.content.decode())) == 30
