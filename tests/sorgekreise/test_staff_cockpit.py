"""The Cockpit card of the Sorgekreise appears for Sozialplanung and Ortsleitung only."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("rolle", "sichtbar"),
    [("planer", True), ("ortsleitung", True), ("beratung", False), ("koordination", False)],
)
def test_cockpit_card(client, request, rolle, sichtbar):
    client.force_login(request.getfixturevalue(rolle))
    text = client.get("/cockpit/").text
    assert ("/sorgekreise/verwaltung/" in text) is sichtbar
