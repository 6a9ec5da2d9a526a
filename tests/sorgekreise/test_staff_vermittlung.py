"""The match workflow on the staff pages: ranked helpers on the request, propose, accept
(helper gets the contact by mail), close with hours; contact data never before acceptance."""

from decimal import Decimal

import pytest

from sorgekreise.models import (
    AnfrageStatus,
    HelfendeStatus,
    Vermittlung,
    VermittlungStatus,
)
from tests.sorgekreise.conftest import make_helfende

pytestmark = pytest.mark.django_db


def test_request_page_shows_ranked_helpers_with_reasons(client, ortsleitung, anfrage, helfende):
    client.force_login(ortsleitung)
    response = client.get(f"/sorgekreise/verwaltung/anfragen/{anfrage.pk}/")
    assert [k.helfende for k in response.context["kandidaten"]] == [helfende]
    assert "im selben Sozialraum" in response.text
    assert "ist zur gewünschten Zeit verfügbar" in response.text
    assert "VERTRAULICH" in response.text  # the coordinator sees the note


def test_full_match_flow_and_mails(
    client, ortsleitung, anfrage, helfende, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(ortsleitung)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/sorgekreise/verwaltung/anfragen/{anfrage.pk}/vorschlagen/",
            {"helfende": helfende.pk},
        )
    assert response.status_code == 302
    vermittlung = Vermittlung.objects.get()
    assert vermittlung.status == VermittlungStatus.VORGESCHLAGEN
    assert vermittlung.vorgeschlagen_von == ortsleitung
    # The proposal mail has what the helper needs, and no contact data of the person.
    assert len(mailoutbox) == 1
    vorschlag = mailoutbox[0]
    assert vorschlag.to == [helfende.email]
    assert "Einkaufen" in vorschlag.body
    assert "Roden-Nord" in vorschlag.body
    assert "06831 99999" not in vorschlag.body
    assert "Erika" not in vorschlag.body
    assert "VERTRAULICH" not in vorschlag.body

    url = f"/sorgekreise/verwaltung/vermittlungen/{vermittlung.pk}/"
    assert client.get(url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, {"aktion": "annehmen"}).status_code == 302
    anfrage.refresh_from_db()
    assert anfrage.status == AnfrageStatus.VERMITTELT
    assert len(mailoutbox) == 2
    zusage = mailoutbox[1]
    assert "06831 99999" in zusage.body
    assert "Erika Muster" in zusage.body
    assert "VERTRAULICH" not in zusage.body  # the note stays with the coordination

    assert (
        client.post(
            url, {"aktion": "abschliessen", "stunden": "3.5", "anfrage_erledigt": "on"}
        ).status_code
        == 302
    )
    vermittlung.refresh_from_db()
    anfrage.refresh_from_db()
    helfende.refresh_from_db()
    assert vermittlung.status == VermittlungStatus.ABGESCHLOSSEN
    assert vermittlung.stunden == Decimal("3.5")
    assert anfrage.status == AnfrageStatus.ERLEDIGT
    assert anfrage.abgeschlossen_am is not None
    assert helfende.status == HelfendeStatus.AKTIV


def test_decline_reopens_the_request(client, ortsleitung, anfrage, helfende):
    client.force_login(ortsleitung)
    v = Vermittlung.objects.create(
        anfrage=anfrage, helfende=helfende, status=VermittlungStatus.ANGENOMMEN
    )
    anfrage.status = AnfrageStatus.VERMITTELT
    anfrage.save()
    client.post(f"/sorgekreise/verwaltung/vermittlungen/{v.pk}/", {"aktion": "ablehnen"})
    anfrage.refresh_from_db()
    assert anfrage.status == AnfrageStatus.OFFEN


def test_cannot_propose_a_paused_or_unsuitable_helper(client, ortsleitung, kreis, anfrage):
    pausiert = make_helfende(
        kreis,
        name="Paula Pause",
        faehigkeiten=[anfrage.art],
        status=HelfendeStatus.PAUSIERT,
    )
    client.force_login(ortsleitung)
    response = client.post(
        f"/sorgekreise/verwaltung/anfragen/{anfrage.pk}/vorschlagen/",
        {"helfende": pausiert.pk},
        follow=True,
    )
    assert "kann für diese Anfrage nicht vorgeschlagen werden" in response.text
    assert not Vermittlung.objects.exists()


def test_cannot_propose_another_circles_helper(client, ortsleitung, anderer_kreis, anfrage):
    fremd = make_helfende(anderer_kreis, name="Fremd", faehigkeiten=[anfrage.art])
    client.force_login(ortsleitung)
    response = client.post(
        f"/sorgekreise/verwaltung/anfragen/{anfrage.pk}/vorschlagen/",
        {"helfende": fremd.pk},
        follow=True,
    )
    assert "Bitte wählen Sie eine helfende Person aus der Liste." in response.text
    assert not Vermittlung.objects.exists()


@pytest.mark.parametrize(
    "daten",
    [
        {},
        {"aktion": "zaubern"},
        {"aktion": "abschliessen", "stunden": "-1"},
        {"aktion": "abschliessen", "stunden": "abc"},
    ],
)
def test_bad_input_on_the_match_form(client, ortsleitung, anfrage, helfende, daten):
    v = Vermittlung.objects.create(
        anfrage=anfrage, helfende=helfende, status=VermittlungStatus.ANGENOMMEN
    )
    client.force_login(ortsleitung)
    response = client.post(f"/sorgekreise/verwaltung/vermittlungen/{v.pk}/", daten)
    assert response.status_code == 200
    assert response.context["form"].errors
    v.refresh_from_db()
    assert v.status == VermittlungStatus.ANGENOMMEN


def test_closing_a_match_that_was_not_accepted_is_a_clear_error(
    client, ortsleitung, anfrage, helfende
):
    v = Vermittlung.objects.create(anfrage=anfrage, helfende=helfende)
    client.force_login(ortsleitung)
    response = client.post(
        f"/sorgekreise/verwaltung/vermittlungen/{v.pk}/", {"aktion": "abschliessen"}
    )
    assert response.status_code == 200
    # Closing is not offered for a mere proposal.
    assert "aktion" in response.context["form"].errors
    v.refresh_from_db()
    assert v.status == VermittlungStatus.VORGESCHLAGEN


def test_service_refuses_to_close_a_proposal(ortsleitung, anfrage, helfende):
    from sorgekreise import services

    v = Vermittlung.objects.create(anfrage=anfrage, helfende=helfende)
    with pytest.raises(services.SorgekreisFehler, match="Nur eine angenommene Vermittlung"):
        services.close_vermittlung(v, ortsleitung, stunden=None)


@pytest.mark.parametrize(
    ("status", "erwartet"),
    [
        ("zurueckgezogen", [VermittlungStatus.ABGELEHNT, VermittlungStatus.ABGELEHNT]),
        ("erledigt", [VermittlungStatus.ABGESCHLOSSEN, VermittlungStatus.ABGELEHNT]),
    ],
)
def test_closing_a_request_by_hand_ends_its_running_matches(
    client, ortsleitung, kreis, anfrage, helfende, status, erwartet
):
    zweite = make_helfende(kreis, name="Zweite Hilfe", faehigkeiten=[anfrage.art])
    angenommen = Vermittlung.objects.create(
        anfrage=anfrage, helfende=helfende, status=VermittlungStatus.ANGENOMMEN
    )
    vorgeschlagen = Vermittlung.objects.create(anfrage=anfrage, helfende=zweite)
    client.force_login(ortsleitung)
    response = client.post(
        f"/sorgekreise/verwaltung/anfragen/{anfrage.pk}/bearbeiten/",
        {
            "sorgekreis": kreis.pk,
            "art": anfrage.art_id,
            "gebiet": anfrage.gebiet_id,
            "dringlichkeit": "normal",
            "telefon": anfrage.telefon,
            "status": status,
        },
    )
    assert response.status_code == 302
    angenommen.refresh_from_db()
    vorgeschlagen.refresh_from_db()
    assert [angenommen.status, vorgeschlagen.status] == erwartet
    assert angenommen.abgeschlossen_am is not None
