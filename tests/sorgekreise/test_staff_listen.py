"""Staff lists and pages: content and query counts that stay flat as rows grow."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sorgekreise.models import Sorgekreis, Verfuegbarkeit, Vermittlung
from tests.sorgekreise.conftest import make_anfrage, make_helfende

pytestmark = pytest.mark.django_db


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def _rows(kreis, einkaufen, gebiet, start, n, ortsleitung):
    for i in range(start, start + n):
        k = Sorgekreis.objects.create(name=f"Kreis {i}", ort=kreis.ort)
        k.koordination.add(ortsleitung)
        h = make_helfende(
            kreis, name=f"Helfer {i}", email=f"h{i}@example.org", faehigkeiten=[einkaufen]
        )
        h.sorgekreise.add(k)
        Verfuegbarkeit.objects.create(helfende=h, wochentag=1, beginn="09:00", ende="12:00")
        a = make_anfrage(kreis, einkaufen, gebiet)
        Vermittlung.objects.create(anfrage=a, helfende=h)


@pytest.mark.parametrize(
    "url",
    [
        "/sorgekreise/verwaltung/",
        "/sorgekreise/verwaltung/helfende/",
        "/sorgekreise/verwaltung/anfragen/?status=",
    ],
)
def test_lists_query_count_stays_flat(client, ortsleitung, kreis, einkaufen, roden_nord, url):
    client.force_login(ortsleitung)
    _rows(kreis, einkaufen, roden_nord, 0, 3, ortsleitung)
    few = _count(client, url)
    _rows(kreis, einkaufen, roden_nord, 3, 27, ortsleitung)
    assert _count(client, url) == few


def test_request_detail_query_count_stays_flat(
    client, ortsleitung, kreis, einkaufen, roden_nord, anfrage
):
    client.force_login(ortsleitung)
    url = f"/sorgekreise/verwaltung/anfragen/{anfrage.pk}/"
    _rows(kreis, einkaufen, roden_nord, 0, 3, ortsleitung)
    few = _count(client, url)
    _rows(kreis, einkaufen, roden_nord, 3, 27, ortsleitung)
    # The access log grows by one row per view but is shown with one query.
    assert _count(client, url) == few
    assert len(client.get(url).context["kandidaten"]) == 30


def test_request_list_defaults_to_open_and_hides_contact(client, ortsleitung, anfrage):
    client.force_login(ortsleitung)
    text = client.get("/sorgekreise/verwaltung/anfragen/").text
    assert f"/sorgekreise/verwaltung/anfragen/{anfrage.pk}/" in text
    assert "06831 99999" not in text
    assert "VERTRAULICH" not in text


def test_circle_detail_shows_participants_meetings_and_open_requests(
    client, ortsleitung, kreis, anfrage
):
    client.force_login(ortsleitung)
    text = client.get(f"/sorgekreise/verwaltung/{kreis.pk}/").text
    assert "Offene Hilfeanfragen" in text
    assert f"/sorgekreise/verwaltung/anfragen/{anfrage.pk}/" in text
    assert "<strong>Einkaufen</strong>" in text
