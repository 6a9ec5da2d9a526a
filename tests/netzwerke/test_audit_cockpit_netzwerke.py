"""Audit trail of the network models and the cockpit cards of the network pages."""

import pytest
from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.urls import reverse

from netzwerke import models

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "model",
    [
        models.Netzwerk,
        models.Mitgliedschaft,
        models.Treffen,
        models.Gespraech,
        models.Massnahme,
        models.Meilenstein,
        models.Nachhaltigkeitspruefung,
        models.PruefBewertung,
    ],
)
def test_every_changeable_model_is_audited(model):
    assert auditlog.contains(model)


def test_changes_of_a_network_are_recorded_with_the_actor(client, koordination, netzwerk, stadt):
    client.force_login(koordination)
    client.post(
        reverse("netzwerke:netzwerk_update", args=[netzwerk.pk]),
        {"name": "Sprachnetz", "art": "netzwerk", "gebiet": stadt.pk, "status": "aktiv"},
    )
    renamed = ["Netzwerk Sprachförderung", "Sprachnetz"]
    (entry,) = [
        e
        for e in LogEntry.objects.get_for_object(netzwerk)
        if (e.changes_dict or {}).get("name") == renamed
    ]
    assert entry.actor == koordination


def test_the_note_of_a_talk_is_masked(caritas, stadt, planer):
    from datetime import date

    gespraech = models.Gespraech.objects.create(
        organisation=caritas,
        datum=date(2026, 1, 5),
        gebiet=stadt,
        notiz="Frau Beispiel berichtet von Schulden",
    )
    logged = str(LogEntry.objects.get_for_object(gespraech).get().changes)
    assert "Schulden" not in logged


def test_cockpit_cards(client, koordination, beratung):
    client.force_login(koordination)
    html = client.get("/cockpit/").content.decode()
    assert reverse("netzwerke:netzwerk_list") in html
    assert reverse("netzwerke:gespraech_list") in html
    client.force_login(beratung)
    html = client.get("/cockpit/").content.decode()
    assert reverse("netzwerke:netzwerk_list") in html
    assert reverse("netzwerke:gespraech_list") not in html


def test_staff_detail_query_count_stays_flat(client, planer, netzwerk, treffen):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from saarlouis_portal.stammdaten.models import Ansprechperson, Organisation

    def add(n, start):
        for i in range(start, start + n):
            org = Organisation.objects.create(name=f"Mitglied {i}", art="verein")
            person = Ansprechperson.objects.create(organisation=org, nachname=f"P{i}")
            m = models.Mitgliedschaft.objects.create(netzwerk=netzwerk, organisation=org)
            m.ansprechpersonen.add(person)

    add(3, 0)
    client.force_login(planer)
    url = reverse("netzwerke:netzwerk_detail", args=[netzwerk.pk])
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    add(27, 3)
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)
