"""Public measure pages: decided, running and completed measures of public networks."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from netzwerke.models import Massnahme, MassnahmeStatus
from netzwerke.services_massnahmen import change_status
from tests.netzwerke.conftest import beschliessen

S = MassnahmeStatus


def _beschlossen(massnahme, user):
    # Four eyes: ``user`` submits the check, a colleague approves it; then the decision.
    beschliessen(massnahme, user, bemerkung="Beschluss des Rates, Vorlage 2026/17")
    return massnahme


def test_public_detail_shows_progress_and_check_but_no_staff_names(
    client, massnahme, koordination, traeger
):
    massnahme.traeger = traeger
    massnahme.budget = 4800
    massnahme.fortschritt = 40
    massnahme.beschreibung = "Treffen <script>alert(1)</script> jeden **Dienstag**"
    massnahme.save()
    _beschlossen(massnahme, koordination)
    massnahme.meilensteine.create(titel="Raum gefunden", faellig_am="2026-05-01")
    response = client.get(reverse("netzwerke:massnahme", args=[massnahme.pk]))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Sprachcafé im Quartier" in content
    assert "Sozialbüro Saarlouis" in content
    assert "4.800,00 €" in content
    assert 'value="40"' in content
    assert "Empfohlen" in content
    assert "Ökologische Nachhaltigkeit" in content
    assert "Raum gefunden" in content
    assert "<strong>Dienstag</strong>" in content
    assert "<script>alert" not in content
    # Nothing personal of the staff, and no internal remarks.
    assert koordination.email not in content
    assert "Vorlage 2026/17" not in content


def test_public_list_filters(
    client, massnahme, sichtbare_massnahme, koordination, planer, feld_bildung
):
    _beschlossen(massnahme, koordination)
    _beschlossen(sichtbare_massnahme, planer)
    change_status(sichtbare_massnahme, S.LAUFEND, planer)
    massnahme.handlungsfelder.add(feld_bildung)
    url = reverse("netzwerke:massnahmen")
    assert len(client.get(url).context["page"].object_list) == 2
    page = client.get(url, {"status": S.LAUFEND}).context["page"]
    assert list(page.object_list) == [sichtbare_massnahme]
    page = client.get(url, {"handlungsfeld": feld_bildung.pk}).context["page"]
    assert list(page.object_list) == [massnahme]
    page = client.get(url, {"netzwerk": massnahme.netzwerk_id}).context["page"]
    assert list(page.object_list) == [massnahme]
    page = client.get(url, {"gebiet": massnahme.gebiet_id}).context["page"]
    assert len(page.object_list) == 2
    # "Idee" is not a public status and not a filter choice.
    response = client.get(url, {"status": S.IDEE})
    assert "status" in response.context["filter"].form.errors


def _anlegen(netzwerk, gebiet, n, user, feld):
    Massnahme.objects.bulk_create(
        [Massnahme(titel=f"M {i}", netzwerk=netzwerk, gebiet=gebiet) for i in range(n)]
    )
    for m in Massnahme.objects.filter(pruefung__isnull=True):
        beschliessen(m, user)  # with a council decision, which the list shows
        m.handlungsfelder.add(feld)


def _queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_public_list_query_count_stays_flat(client, netzwerk, stadt, planer, feld_bildung):
    url = reverse("netzwerke:massnahmen")
    _anlegen(netzwerk, stadt, 3, planer, feld_bildung)
    few = _queries(client, url)
    _anlegen(netzwerk, stadt, 27, planer, feld_bildung)
    assert _queries(client, url) == few
    assert "30 Maßnahmen gefunden" in client.get(url).content.decode()
