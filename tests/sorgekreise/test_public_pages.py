"""The public list of circles and the page per circle: public circles at public places only."""

import pytest
from django.urls import reverse

from begegnung.models import Ort
from sorgekreise.models import Sorgekreis, Teilnahme, TeilnahmeRolle

INDEX = reverse("sorgekreise:index")


def test_the_index_lists_public_circles_by_stadtteil(client, kreis, anderer_kreis):
    response = client.get(INDEX)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Sorgekreis Roden" in html
    assert "Sorgekreis Fraulautern" in html
    # Grouped by Stadtteil: the Sozialraum Roden-Nord lies in Roden.
    assert '<h2 class="kern-heading-large" id="stadtteil-' in html
    assert html.index(">Fraulautern</h2>") < html.index(">Roden</h2>")
    assert reverse("sorgekreise:kreis", args=[kreis.pk]) in html
    assert f"{reverse('sorgekreise:hilfe_anfragen')}?kreis={kreis.pk}" in html
    assert "<script" not in html.split("</head>")[1]


def test_the_index_hides_circles_that_are_not_public(client, kreis, versteckter_kreis):
    Sorgekreis.objects.create(
        name="Kreis am internen Ort",
        ort=Ort.objects.create(
            name="Interner Ort", art=kreis.ort.art, gebiet=kreis.ort.gebiet, oeffentlich=False
        ),
    )
    html = client.get(INDEX).content.decode()
    assert "Sorgekreis Roden" in html
    assert "Interner Kreis" not in html
    assert "Kreis am internen Ort" not in html


def test_the_index_without_circles_still_offers_both_forms(client, db):
    html = client.get(INDEX).content.decode()
    assert "noch keine Sorgekreise" in html
    assert reverse("sorgekreise:hilfe_anfragen") in html
    assert reverse("sorgekreise:hilfe_anbieten") in html


def test_the_index_query_count_stays_flat(client, kreis, django_assert_max_num_queries):
    with django_assert_max_num_queries(8) as few:
        client.get(INDEX)
    for i in range(30):
        Sorgekreis.objects.create(name=f"Kreis {i}", ort=kreis.ort)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(INDEX)
    assert "Kreis 29" in response.content.decode()


def test_the_circle_page_says_what_where_and_who(client, kreis, traeger):
    Teilnahme.objects.create(
        sorgekreis=kreis,
        organisation=traeger,
        rolle=TeilnahmeRolle.VEREIN,
        aufgabe="Schulung der Ehrenamtlichen",
        oeffentlich_nennen=True,
    )
    Teilnahme.objects.create(
        sorgekreis=kreis, name="Privatperson Geheim", rolle=TeilnahmeRolle.PATE
    )
    response = client.get(reverse("sorgekreise:kreis", args=[kreis.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<strong>Einkaufen</strong>" in html  # Markdown rendered
    assert reverse("begegnung:ort", args=[kreis.ort.pk]) in html
    assert traeger.name in html
    assert "Schulung der Ehrenamtlichen" in html
    # Only participants who agreed to be named appear.
    assert "Privatperson Geheim" not in html
    assert f"{reverse('sorgekreise:hilfe_anfragen')}?kreis={kreis.pk}" in html


def test_the_circle_page_never_shows_requests_or_helpers(client, kreis, helfende, anfrage):
    html = client.get(reverse("sorgekreise:kreis", args=[kreis.pk])).content.decode()
    assert helfende.name not in html
    assert "Erika Muster" not in html
    assert "VERTRAULICH" not in html


def test_a_circle_without_online_requests_offers_no_request_button(client, kreis):
    kreis.nimmt_anfragen_an = False
    kreis.save()
    html = client.get(reverse("sorgekreise:kreis", args=[kreis.pk])).content.decode()
    assert f"?kreis={kreis.pk}" in html  # "Hier mithelfen" stays
    assert f"{reverse('sorgekreise:hilfe_anfragen')}?kreis={kreis.pk}" not in html
    assert "nimmt zurzeit keine Anfragen" in html


@pytest.mark.parametrize("logged_in", [False, True])
def test_a_hidden_circle_is_404_for_everybody(client, versteckter_kreis, planer, logged_in):
    if logged_in:
        client.force_login(planer)
    response = client.get(reverse("sorgekreise:kreis", args=[versteckter_kreis.pk]))
    assert response.status_code == 404


def test_an_unknown_circle_is_404(client, db):
    assert client.get(reverse("sorgekreise:kreis", args=[999999])).status_code == 404


def test_the_public_pages_refuse_other_methods(client, kreis):
    assert client.post(INDEX).status_code == 405
    assert client.post(reverse("sorgekreise:kreis", args=[kreis.pk])).status_code == 405


def test_the_privacy_notice_has_a_sorgekreise_section(client, db, settings):
    settings.SORGEKREISE_AUFBEWAHRUNG_TAGE = 60
    html = client.get(reverse("datenschutz")).content.decode()
    assert 'id="sorgekreise"' in html
    assert "Art. 9 Abs. 2 lit. a DSGVO" in html
    assert "60 Tage nach ihrem Abschluss" in html
    # The forms link to exactly this section.
    form = client.get(reverse("sorgekreise:hilfe_anfragen")).content.decode()
    assert f"{reverse('datenschutz')}#sorgekreise" in form
