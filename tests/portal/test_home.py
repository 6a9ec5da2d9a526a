from django.urls import reverse

from saarlouis_portal.bereiche import BEREICHE


def test_it_shows_the_triad_and_links_every_section(client, db):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    for titel in [
        "Netzwerke",
        "Orte der Begegnung",
        "Sorgekreise",
        "Sprechstunden",
        "Sozialbericht",
    ]:
        assert titel in html
    for bereich in BEREICHE:
        assert f'href="{reverse(bereich.url_name)}"' in html


def test_every_section_link_answers(client, db):
    for path in ["/netzwerke/", "/orte/", "/sorgekreise/", "/sprechstunden/", "/berichte/"]:
        assert client.get(path).status_code == 200, path
    # Every section is built now: none shows the "im Aufbau" placeholder any more.
    for path in ["/sorgekreise/"]:
        assert "im Aufbau" not in client.get(path).content.decode(), path


def test_errors_have_german_pages_in_the_layout(client, beratung):
    response = client.get("/gibt-es-nicht/")
    assert response.status_code == 404
    assert "Seite nicht gefunden" in response.content.decode()
    client.force_login(beratung)
    response = client.get("/stammdaten/gebiete/neu/")
    assert response.status_code == 403
    assert "Kein Zugriff" in response.content.decode()
