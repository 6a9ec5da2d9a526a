"""Every view of and change to a request is written to the access log (who, when, what): an
auditlog ACCESS entry (``saarlouis_portal.konten.zugriff``)."""

import pytest
import time_machine
from auditlog.models import LogEntry

from saarlouis_portal.konten.zugriff import ZugriffAktion
from sorgekreise.models import Hilfeanfrage, Vermittlung

pytestmark = pytest.mark.django_db


def _aktionen(anfrage):
    return list(anfrage.zugriffe.order_by("pk").values_list("benutzer", "aktion"))


@time_machine.travel("2026-11-26 10:00 +01:00", tick=False)
def test_viewing_a_request_is_logged_with_who_and_when(client, ortsleitung, anfrage):
    client.force_login(ortsleitung)
    response = client.get(f"/sorgekreise/verwaltung/anfragen/{anfrage.pk}/")
    assert response.status_code == 200
    zugriff = anfrage.zugriffe.get()
    assert zugriff.actor == ortsleitung
    assert zugriff.aktion == ZugriffAktion.ANSEHEN
    assert zugriff.zeitpunkt.isoformat() == "2026-11-26T09:00:00+00:00"
    # The log is shown on the page, with who and what (the entry is written before the page).
    assert "angesehen" in response.text
    assert "ortsleitung@example.org" in response.text


def test_opening_the_edit_form_and_saving_are_logged(client, planer, anfrage):
    client.force_login(planer)
    url = f"/sorgekreise/verwaltung/anfragen/{anfrage.pk}/bearbeiten/"
    client.get(url)
    response = client.post(
        url,
        {
            "sorgekreis": anfrage.sorgekreis_id,
            "art": anfrage.art_id,
            "gebiet": anfrage.gebiet_id,
            "dringlichkeit": "bald",
            "telefon": "06831 55555",
            "status": "offen",
        },
    )
    assert response.status_code == 302
    assert _aktionen(anfrage) == [
        (planer.pk, ZugriffAktion.ANSEHEN),
        (planer.pk, ZugriffAktion.AENDERN),
    ]


def test_creating_a_request_is_logged(client, ortsleitung, kreis, einkaufen, roden_nord):
    client.force_login(ortsleitung)
    response = client.post(
        "/sorgekreise/verwaltung/anfragen/neu/",
        {
            "sorgekreis": kreis.pk,
            "art": einkaufen.pk,
            "gebiet": roden_nord.pk,
            "dringlichkeit": "normal",
            "telefon": "06831 4711",
        },
    )
    assert response.status_code == 302
    anfrage = Hilfeanfrage.objects.get()
    assert anfrage.quelle == "verwaltung"
    assert anfrage.erstellt_von == ortsleitung
    assert anfrage.einwilligung_version
    assert _aktionen(anfrage) == [(ortsleitung.pk, ZugriffAktion.ANLEGEN)]


def test_match_steps_are_logged(client, ortsleitung, anfrage, helfende):
    client.force_login(ortsleitung)
    client.post(
        f"/sorgekreise/verwaltung/anfragen/{anfrage.pk}/vorschlagen/", {"helfende": helfende.pk}
    )
    vermittlung = Vermittlung.objects.get()
    client.post(f"/sorgekreise/verwaltung/vermittlungen/{vermittlung.pk}/", {"aktion": "annehmen"})
    assert [a for _, a in _aktionen(anfrage)] == [
        ZugriffAktion.VERMITTELN,
        ZugriffAktion.VERMITTELN,
    ]


def test_denied_access_writes_no_row(client, beratung, anfrage):
    client.force_login(beratung)
    assert client.get(f"/sorgekreise/verwaltung/anfragen/{anfrage.pk}/").status_code == 403
    assert not LogEntry.objects.filter(action=LogEntry.Action.ACCESS).exists()
