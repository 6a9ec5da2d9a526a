"""Permission matrix of the staff side: Sozialplanung sees and changes everything; Ortsleitung
coordinating a circle sees its requests and helpers, nothing else (404 outside); other roles
get 403, logged-out people the login page."""

import datetime

import pytest

from sorgekreise.models import Hilfeanfrage, Teilnahme, TeilnahmeRolle, Treffen, Vermittlung
from tests.sorgekreise.conftest import make_anfrage, make_helfende

pytestmark = pytest.mark.django_db

BEGINN = datetime.datetime(2026, 11, 1, 9, tzinfo=datetime.UTC)


@pytest.fixture
def fremd(anderer_kreis, einkaufen, fraulautern):
    """A request, helper, match, participant and meeting of a circle nobody of us coordinates."""
    helfende = make_helfende(anderer_kreis, name="Fremde Hilfe", faehigkeiten=[einkaufen])
    anfrage = make_anfrage(anderer_kreis, einkaufen, fraulautern, notiz="FREMD-GEHEIM")
    return {
        "kreis": anderer_kreis,
        "helfende": helfende,
        "anfrage": anfrage,
        "vermittlung": Vermittlung.objects.create(anfrage=anfrage, helfende=helfende),
        "teilnahme": Teilnahme.objects.create(
            sorgekreis=anderer_kreis, name="Frau Fremd", rolle=TeilnahmeRolle.LOTSE
        ),
        "treffen": Treffen.objects.create(
            sorgekreis=anderer_kreis, beginn=BEGINN, thema="Fremdes Treffen"
        ),
    }


@pytest.fixture
def eigen(kreis, helfende, anfrage):
    return {
        "kreis": kreis,
        "helfende": helfende,
        "anfrage": anfrage,
        "vermittlung": Vermittlung.objects.create(anfrage=anfrage, helfende=helfende),
        "teilnahme": Teilnahme.objects.create(
            sorgekreis=kreis, name="Herr Eigen", rolle=TeilnahmeRolle.PATE
        ),
        "treffen": Treffen.objects.create(sorgekreis=kreis, beginn=BEGINN, thema="Eigenes Treffen"),
    }


def _object_urls(o):
    return [
        f"/sorgekreise/verwaltung/{o['kreis'].pk}/",
        f"/sorgekreise/verwaltung/{o['kreis'].pk}/bearbeiten/",
        f"/sorgekreise/verwaltung/{o['kreis'].pk}/mitwirkende/neu/",
        f"/sorgekreise/verwaltung/mitwirkende/{o['teilnahme'].pk}/bearbeiten/",
        f"/sorgekreise/verwaltung/{o['kreis'].pk}/treffen/neu/",
        f"/sorgekreise/verwaltung/treffen/{o['treffen'].pk}/",
        f"/sorgekreise/verwaltung/helfende/{o['helfende'].pk}/",
        f"/sorgekreise/verwaltung/helfende/{o['helfende'].pk}/bearbeiten/",
        f"/sorgekreise/verwaltung/anfragen/{o['anfrage'].pk}/",
        f"/sorgekreise/verwaltung/anfragen/{o['anfrage'].pk}/bearbeiten/",
        f"/sorgekreise/verwaltung/vermittlungen/{o['vermittlung'].pk}/",
    ]


def _post_urls(o):
    return [
        f"/sorgekreise/verwaltung/anfragen/{o['anfrage'].pk}/vorschlagen/",
        f"/sorgekreise/verwaltung/mitwirkende/{o['teilnahme'].pk}/entfernen/",
        f"/sorgekreise/verwaltung/vermittlungen/{o['vermittlung'].pk}/angerufen/",
    ]


LIST_URLS = [
    "/sorgekreise/verwaltung/",
    "/sorgekreise/verwaltung/neu/",
    "/sorgekreise/verwaltung/helfende/",
    "/sorgekreise/verwaltung/helfende/neu/",
    "/sorgekreise/verwaltung/anfragen/",
    "/sorgekreise/verwaltung/anfragen/neu/",
    "/sorgekreise/verwaltung/aufgaben/",
]


def test_logged_out_goes_to_login(client, eigen):
    for url in [*LIST_URLS, *_object_urls(eigen)]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/accounts/login/"), url
    for url in _post_urls(eigen):
        assert client.post(url).status_code == 302, url


@pytest.mark.parametrize("rolle", ["outsider", "koordination", "beratung", "berichtswesen"])
def test_other_roles_get_403(client, request, rolle, eigen):
    client.force_login(request.getfixturevalue(rolle))
    for url in [*LIST_URLS, *_object_urls(eigen)]:
        assert client.get(url).status_code == 403, url
    for url in _post_urls(eigen):
        assert client.post(url).status_code == 403, url
    assert Teilnahme.objects.filter(name="Herr Eigen").exists()


def test_sozialplanung_sees_everything(client, planer, eigen, fremd):
    client.force_login(planer)
    for url in [*LIST_URLS, *_object_urls(eigen), *_object_urls(fremd)]:
        assert client.get(url).status_code == 200, url


def test_coordinator_sees_own_circle(client, ortsleitung, eigen):
    client.force_login(ortsleitung)
    for url in [*LIST_URLS, *_object_urls(eigen)]:
        assert client.get(url).status_code == 200, url


def test_coordinator_gets_404_outside_their_circles(client, ortsleitung, eigen, fremd):
    client.force_login(ortsleitung)
    for url in _object_urls(fremd):
        assert client.get(url).status_code == 404, url
    for url in _post_urls(fremd):
        assert client.post(url, {"helfende": fremd["helfende"].pk}).status_code == 404, url
    assert Teilnahme.objects.filter(name="Frau Fremd").exists()
    # Lists leave out other circles' requests and helpers.
    assert "Fremde Hilfe" not in client.get("/sorgekreise/verwaltung/helfende/").text
    liste = client.get("/sorgekreise/verwaltung/anfragen/?status=").text
    assert f"/anfragen/{fremd['anfrage'].pk}/" not in liste
    assert f"/anfragen/{eigen['anfrage'].pk}/" in liste


def test_place_leader_who_does_not_coordinate_sees_circle_but_no_requests(
    client, ortsleitung, kreis, anfrage, helfende
):
    kreis.koordination.clear()
    client.force_login(ortsleitung)
    response = client.get(f"/sorgekreise/verwaltung/{kreis.pk}/")
    assert response.status_code == 200
    assert "Offene Hilfeanfragen" not in response.text
    assert client.get(f"/sorgekreise/verwaltung/anfragen/{anfrage.pk}/").status_code == 404
    assert client.get(f"/sorgekreise/verwaltung/helfende/{helfende.pk}/").status_code == 404


def test_coordinator_cannot_move_a_request_into_another_circle(
    client, ortsleitung, anfrage, anderer_kreis
):
    client.force_login(ortsleitung)
    response = client.post(
        f"/sorgekreise/verwaltung/anfragen/{anfrage.pk}/bearbeiten/",
        {
            "sorgekreis": anderer_kreis.pk,
            "art": anfrage.art_id,
            "gebiet": anfrage.gebiet_id,
            "dringlichkeit": "normal",
            "telefon": "06831 1",
            "status": "offen",
        },
    )
    assert response.status_code == 200
    assert "sorgekreis" in response.context["form"].errors
    assert Hilfeanfrage.objects.get(pk=anfrage.pk).sorgekreis_id == anfrage.sorgekreis_id
