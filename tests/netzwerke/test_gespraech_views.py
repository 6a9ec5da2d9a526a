"""Bilateral talks: record, edit, list (visibility, query count) and the topic overview."""

from datetime import date

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from netzwerke.models import Gespraech, Netzwerk
from netzwerke.views.gespraeche import SCHWELLE
from saarlouis_portal.stammdaten.models import Thema

pytestmark = pytest.mark.django_db


def _daten(org, ort, **extra):
    data = {
        "organisation": org.pk,
        "datum": "2026-11-20",
        "gebiet": ort.pk,
        "themen": [Thema.objects.get(slug="sprachfoerderung").pk],
        "notiz": "Bedarf an Sprachkursen für Eltern.",
        "netzwerk": "",
    }
    data.update(extra)
    return data


@time_machine.travel("2026-11-26 10:00 +0100", tick=False)
def test_a_coordinator_records_a_talk(client, koordination, caritas, roden_stadtteil):
    client.force_login(koordination)
    response = client.post(reverse("netzwerke:gespraech_create"), _daten(caritas, roden_stadtteil))
    assert response.status_code == 302
    gespraech = Gespraech.objects.get()
    assert gespraech.gefuehrt_von == koordination
    assert [t.slug for t in gespraech.themen.all()] == ["sprachfoerderung"]


@time_machine.travel("2026-11-26 10:00 +0100", tick=False)
@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"themen": []}, "mindestens ein angesprochenes Thema"),
        ({"themen": ["999999"]}, "gültige Auswahl"),
        ({"datum": "2026-12-24"}, "in der Zukunft"),
        ({"datum": "31.02.2026"}, "gültiges Datum"),
        ({"organisation": "999999"}, "gültige Auswahl"),
        ({"gebiet": ""}, "zwingend erforderlich"),
        ({"notiz": "<script>alert(1)</script>"}, "ohne HTML"),
        ({"notiz": "x" * 5001}, "höchstens 5000"),
    ],
)
def test_bad_input_is_rejected(client, koordination, caritas, roden_stadtteil, extra, message):
    client.force_login(koordination)
    response = client.post(
        reverse("netzwerke:gespraech_create"), _daten(caritas, roden_stadtteil, **extra)
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Gespraech.objects.exists()


@time_machine.travel("2026-11-26 10:00 +0100", tick=False)
def test_a_coordinator_cannot_attach_a_talk_to_an_invisible_network(
    client, koordination, caritas, roden_stadtteil, fremdes_netzwerk
):
    client.force_login(koordination)
    response = client.post(
        reverse("netzwerke:gespraech_create"),
        _daten(caritas, roden_stadtteil, netzwerk=fremdes_netzwerk.pk),
    )
    assert "gültige Auswahl" in response.content.decode()


def _gespraech(org, gebiet, user, *slugs, netzwerk=None):
    g = Gespraech.objects.create(
        organisation=org,
        datum=date(2026, 11, 1),
        gebiet=gebiet,
        gefuehrt_von=user,
        netzwerk=netzwerk,
    )
    g.themen.set(Thema.objects.filter(slug__in=slugs))
    return g


def test_coordinators_see_their_own_talks_only(
    client, koordination, planer, caritas, roden_stadtteil
):
    _gespraech(caritas, roden_stadtteil, planer, "wohnraum")
    eigenes = _gespraech(caritas, roden_stadtteil, koordination, "sprachfoerderung")
    client.force_login(koordination)
    response = client.get(reverse("netzwerke:gespraech_list"))
    assert list(response.context["page"].object_list) == [eigenes]
    client.force_login(planer)
    assert client.get(reverse("netzwerke:gespraech_list")).context["page"].paginator.count == 2


def test_only_the_author_or_planning_edits_a_talk(
    client, koordination, planer, caritas, roden_stadtteil
):
    fremd = _gespraech(caritas, roden_stadtteil, planer, "wohnraum")
    client.force_login(koordination)
    assert client.get(reverse("netzwerke:gespraech_update", args=[fremd.pk])).status_code == 404
    eigenes = _gespraech(caritas, roden_stadtteil, koordination, "wohnraum")
    assert client.get(reverse("netzwerke:gespraech_update", args=[eigenes.pk])).status_code == 200


def test_talk_list_query_count_stays_flat(client, planer, caritas, roden_stadtteil):
    for _ in range(3):
        _gespraech(caritas, roden_stadtteil, planer, "wohnraum", "gleichstellung")
    client.force_login(planer)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("netzwerke:gespraech_list"))
    for _ in range(27):
        _gespraech(caritas, roden_stadtteil, planer, "wohnraum", "gleichstellung")
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("netzwerke:gespraech_list"))
    assert len(many) == len(few)


def test_the_overview_counts_topics_and_flags_missing_networks(
    client, koordination, planer, caritas, roden_stadtteil, stadt
):
    for _ in range(SCHWELLE):
        _gespraech(caritas, roden_stadtteil, planer, "sprachfoerderung", "wohnraum")
    _gespraech(caritas, stadt, planer, "sprachfoerderung")
    netz = Netzwerk.objects.create(name="Wohnen in Roden", gebiet=roden_stadtteil)
    netz.themen.set(Thema.objects.filter(slug="wohnraum"))
    client.force_login(koordination)
    response = client.get(reverse("netzwerke:gespraech_uebersicht"))
    zeilen = {z["gebiet"].name: z for z in response.context["zeilen"]}
    roden = {c["thema"].slug: c for c in zeilen["Roden"]["zellen"]}
    assert roden["sprachfoerderung"]["anzahl"] == SCHWELLE
    assert roden["sprachfoerderung"]["fehlt"]
    assert roden["wohnraum"]["anzahl"] == SCHWELLE
    assert not roden["wohnraum"]["fehlt"]
    assert zeilen["Kreisstadt Saarlouis"]["summe"] == 1
    hinweise = [(h["gebiet"].name, h["thema"].slug) for h in response.context["hinweise"]]
    assert hinweise == [("Roden", "sprachfoerderung")]
    html = response.content.decode()
    assert "hier fehlt vielleicht ein Netzwerk" in html
    # Aggregates only: no notes and no names of the talks.
    assert "Bedarf" not in html


def test_the_overview_query_count_stays_flat(client, planer, caritas, roden_stadtteil, stadt):
    _gespraech(caritas, roden_stadtteil, planer, "wohnraum")
    client.force_login(planer)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("netzwerke:gespraech_uebersicht"))
    for _ in range(20):
        _gespraech(caritas, roden_stadtteil, planer, "sprachfoerderung", "wohnraum")
        _gespraech(caritas, stadt, planer, "gleichstellung")
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("netzwerke:gespraech_uebersicht"))
    assert len(many) == len(few)


def test_the_author_deletes_a_talk_after_confirming(client, koordination, caritas, roden_stadtteil):
    eigenes = _gespraech(caritas, roden_stadtteil, koordination, "wohnraum")
    client.force_login(koordination)
    edit = client.get(reverse("netzwerke:gespraech_update", args=[eigenes.pk])).content.decode()
    url = reverse("netzwerke:gespraech_delete", args=[eigenes.pk])
    assert f'href="{url}"' in edit
    confirm = client.get(url)
    assert confirm.status_code == 200
    assert "Gespräch mit Caritas" in confirm.content.decode()
    assert Gespraech.objects.filter(pk=eigenes.pk).exists()  # asking changes nothing
    response = client.post(url, follow=True)
    assert response.redirect_chain == [(reverse("netzwerke:gespraech_list"), 302)]
    assert "Das Gespräch wurde gelöscht." in response.content.decode()
    assert not Gespraech.objects.exists()
    assert Thema.objects.filter(slug="wohnraum").exists()  # topics are shared, not deleted


def test_only_the_author_or_planning_deletes_a_talk(
    client, koordination, planer, outsider, caritas, roden_stadtteil
):
    von_planung = _gespraech(caritas, roden_stadtteil, planer, "wohnraum")
    von_koordination = _gespraech(caritas, roden_stadtteil, koordination, "wohnraum")
    client.force_login(koordination)
    assert (
        client.post(reverse("netzwerke:gespraech_delete", args=[von_planung.pk])).status_code == 404
    )
    assert client.post(reverse("netzwerke:gespraech_delete", args=[987654])).status_code == 404
    client.force_login(outsider)
    delete = reverse("netzwerke:gespraech_delete", args=[von_koordination.pk])
    assert client.post(delete).status_code == 403
    assert Gespraech.objects.count() == 2
    client.force_login(planer)
    assert client.post(delete).status_code == 302
    assert list(Gespraech.objects.all()) == [von_planung]
