"""Issue 14: a circle's short and long description in other languages, from the staff form to
the public page of that language."""

import pytest

from sorgekreise.models import Sorgekreis

pytestmark = pytest.mark.django_db


def test_a_translation_given_on_the_form_shows_on_its_page(client, ortsleitung, kreis):
    client.force_login(ortsleitung)
    daten = {
        "name": kreis.name,
        "ort": kreis.ort_id,
        "schwerpunkt": kreis.schwerpunkt,
        "kurzbeschreibung": kreis.kurzbeschreibung,
        "beschreibung": kreis.beschreibung,
        "koordination": [ortsleitung.pk],
        "oeffentlich": "on",
        "nimmt_anfragen_an": "on",
        "kurzbeschreibung_uk": "Сусіди допомагають одне одному.",
    }
    response = client.post(f"/sorgekreise/verwaltung/{kreis.pk}/bearbeiten/", daten)
    assert response.status_code == 302
    kreis = Sorgekreis.objects.get(pk=kreis.pk)
    assert kreis.kurzbeschreibung_uk == "Сусіди допомагають одне одному."
    assert kreis.kurzbeschreibung_de == "Nachbarinnen und Nachbarn helfen einander."
    client.logout()
    html = client.get(f"/uk/sorgekreise/{kreis.pk}/").content.decode()
    assert "Сусіди допомагають одне одному." in html
    # No Ukrainian description: the German one, as Markdown, marked German.
    assert '<div lang="de"><p>Wir helfen beim <strong>Einkaufen</strong>' in html


@pytest.mark.parametrize(
    ("feld", "wert"),
    [("kurzbeschreibung_en", "x" * 301), ("kurzbeschreibung_en", "<script>alert(1)</script>")],
)
def test_a_bad_translation_is_refused(client, ortsleitung, quartiersbuero, feld, wert):
    client.force_login(ortsleitung)
    daten = {
        "name": "Neuer Kreis",
        "ort": quartiersbuero.pk,
        "schwerpunkt": "allgemein",
        feld: wert,
    }
    response = client.post("/sorgekreise/verwaltung/neu/", daten)
    assert response.status_code == 200
    assert feld in response.context["form"].errors
    assert not Sorgekreis.objects.exists()
