"""Public network pages: index with filters, detail without contact data, query counts."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from netzwerke.models import Mitgliedschaft, Netzwerk
from saarlouis_portal.stammdaten.models import Organisation, OrganisationArt, Thema

pytestmark = pytest.mark.django_db


def test_the_index_lists_public_networks_only(client, netzwerk, fremdes_netzwerk):
    html = client.get(reverse("netzwerke:index")).content.decode()
    assert "Netzwerk Sprachförderung" in html
    assert "Internes Netzwerk Roden" not in html
    assert reverse("netzwerke:massnahmen") in html
    assert reverse("netzwerke:karte") in html


def test_the_index_filters_by_topic(client, netzwerk, thema_sprache):
    netzwerk.themen.add(thema_sprache)
    other = Thema.objects.exclude(pk=thema_sprache.pk).first()
    url = reverse("netzwerke:index")
    assert (
        "Netzwerk Sprachförderung" in client.get(url, {"thema": thema_sprache.pk}).content.decode()
    )
    assert "Netzwerk Sprachförderung" not in client.get(url, {"thema": other.pk}).content.decode()
    assert client.get(url, {"thema": "999999"}).status_code == 200


def test_the_detail_shows_members_but_no_contact_data(client, netzwerk, mitglied, treffen):
    html = client.get(reverse("netzwerke:netzwerk", args=[netzwerk.pk])).content.decode()
    assert "Caritasverband Saar-Hochwald" in html
    assert "SGB VIII" in html
    assert "clara@caritas.example" not in html
    assert "Kontakt" not in html.replace("Kontaktformular", "")
    assert reverse("netzwerke:netzwerk_feed", args=[netzwerk.pk]) in html
    assert reverse("netzwerke:massnahmen") + f"?netzwerk={netzwerk.pk}" in html


def test_internal_networks_are_a_404_for_the_public(client, planer, fremdes_netzwerk):
    assert client.get(reverse("netzwerke:netzwerk", args=[fremdes_netzwerk.pk])).status_code == 404
    # The public page stays public even for staff: they use the staff page.
    client.force_login(planer)
    assert client.get(reverse("netzwerke:netzwerk", args=[fremdes_netzwerk.pk])).status_code == 404


def _netze(stadt, n, start=0):
    for i in range(start, start + n):
        netz = Netzwerk.objects.create(name=f"Öffentliches Netz {i}", gebiet=stadt)
        netz.themen.set(Thema.objects.all()[:3])
        org = Organisation.objects.create(name=f"Verein {i}", art=OrganisationArt.VEREIN)
        Mitgliedschaft.objects.create(netzwerk=netz, organisation=org)


def test_index_query_count_stays_flat(client, stadt):
    _netze(stadt, 3)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("netzwerke:index"))
    _netze(stadt, 27, 3)
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("netzwerke:index"))
    assert len(many) == len(few)


def test_detail_query_count_stays_flat(client, netzwerk):
    def add(n, start):
        for i in range(start, start + n):
            org = Organisation.objects.create(name=f"Mitglied {i}", art=OrganisationArt.VEREIN)
            Mitgliedschaft.objects.create(netzwerk=netzwerk, organisation=org)

    add(3, 0)
    url = reverse("netzwerke:netzwerk", args=[netzwerk.pk])
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    add(27, 3)
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)
