"""A helper who offered help on a Turkish page gets the mails about matches in Turkish."""

from django.core import mail

from sorgekreise import services
from sorgekreise.models import Helfende


def test_a_proposal_speaks_the_helpers_language(
    helfende, anfrage, ortsleitung, django_capture_on_commit_callbacks
):
    helfende.email = "hakan@example.net"
    helfende.mailsprache = "tr"
    helfende.save()
    with django_capture_on_commit_callbacks(execute=True):
        services.propose_vermittlung(anfrage, helfende, ortsleitung)
    [message] = [m for m in mail.outbox if m.to == ["hakan@example.net"]]
    assert "möchte Sie für diese Hilfe anfragen" not in message.body  # German text
    Helfende.objects.filter(pk=helfende.pk).update(mailsprache="de")


def test_an_offer_on_a_ukrainian_page_stores_the_language(client, kreis, einkaufen, roden_nord):
    data = {
        "name": "Olena",
        "email": "olena@example.net",
        "faehigkeiten": [einkaufen.pk],
        "einwilligung": "on",
        "webseite": "",
    }
    response = client.post("/uk/sorgekreise/mithelfen/", data)
    assert response.status_code == 302, response.content.decode()[:500]
    assert Helfende.objects.get(email="olena@example.net").mailsprache == "uk"
