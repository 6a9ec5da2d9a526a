"""The public report pages: list of published reports, report page with table of contents and
downloads, chapter page; drafts never reach the public; query counts stay flat."""

import pytest
from django.urls import reverse

from berichte.models import Baustein, BausteinArt, Bericht, Kapitel, Workflow
from tests.berichte.conftest import veroeffentlichen

pytestmark = pytest.mark.django_db


def _veroeffentlichen(kapitel, user):
    # Four eyes: ``user`` gives it into review, a colleague publishes it.
    return veroeffentlichen(kapitel, user)


def test_index_lists_only_published_reports(client, planer, armut_kapitel, saarlouis_stadt):
    Bericht.objects.create(titel="Geheimer Entwurf", gebiet=saarlouis_stadt, jahr=2027)
    html = client.get(reverse("berichte:index")).content.decode()
    assert "Es ist noch kein Sozialbericht veröffentlicht." in html
    _veroeffentlichen(armut_kapitel, planer)
    html = client.get(reverse("berichte:index")).content.decode()
    assert "Sozialbericht 2026" in html
    assert "1 veröffentlichtes Kapitel" in html
    assert "Geheimer Entwurf" not in html


def test_report_page_has_contents_and_downloads_of_published_chapters(
    client, planer, armut_kapitel, bericht
):
    entwurf = Kapitel.objects.create(bericht=bericht, titel="Noch geheim", reihenfolge=9)
    _veroeffentlichen(armut_kapitel, planer)
    html = client.get(reverse("berichte:bericht", args=[bericht.pk])).content.decode()
    assert reverse("berichte:kapitel", args=[armut_kapitel.pk]) in html
    assert "Noch geheim" not in html
    assert reverse("berichte:bericht_download", args=[bericht.pk, "pdf"]) in html
    assert "<strong>soziale Lage</strong>" in html  # introduction as sanitised Markdown
    assert client.get(reverse("berichte:kapitel", args=[entwurf.pk])).status_code == 404


def test_chapter_page_shows_the_same_content_as_the_exports(client, planer, armut_kapitel):
    _veroeffentlichen(armut_kapitel, planer)
    html = client.get(reverse("berichte:kapitel", args=[armut_kapitel.pk])).content.decode()
    assert "<h1" in html
    assert "SGB-II-Quote je Sozialraum" in html
    assert "12,5" in html
    assert 'alt="Liniendiagramm Entwicklung für die Jahre 2021 bis 2026' in html
    assert "Daten zum Diagramm „Entwicklung“" in html
    assert "Sozialberatung im Quartier ausbauen" in html
    assert "30.06.2027" in html
    assert "Bundesagentur für Arbeit" in html
    assert "<script" not in html.split("<main")[1].split("</main>")[0]


def test_markdown_in_blocks_is_sanitised(client, planer, armut_kapitel):
    text = armut_kapitel.bausteine.get(art="text")
    text.text = "Hallo <script>alert(1)</script> [x](javascript:alert(1))"
    text.save()
    _veroeffentlichen(armut_kapitel, planer)
    html = client.get(reverse("berichte:kapitel", args=[armut_kapitel.pk])).content.decode()
    assert "<script>alert(1)" not in html
    assert "javascript:" not in html


def test_drafts_are_404_for_the_public(client, armut_kapitel, bericht):
    assert client.get(reverse("berichte:bericht", args=[bericht.pk])).status_code == 404
    assert client.get(reverse("berichte:kapitel", args=[armut_kapitel.pk])).status_code == 404
    for fmt in ("pdf", "docx", "xlsx", "csv"):
        url = reverse("berichte:kapitel_download", args=[armut_kapitel.pk, fmt])
        assert client.get(url).status_code == 404
        url = reverse("berichte:bericht_download", args=[bericht.pk, fmt])
        assert client.get(url).status_code == 404


def test_staff_see_drafts_marked_as_such(client, beratung, armut_kapitel):
    client.force_login(beratung)
    html = client.get(reverse("berichte:kapitel", args=[armut_kapitel.pk])).content.decode()
    assert "Entwurf: nur für Mitarbeitende sichtbar" in html
    response = client.get(reverse("berichte:kapitel_download", args=[armut_kapitel.pk, "csv"]))
    assert response["Cache-Control"] == "private, no-store"


def test_report_list_query_count_is_flat(
    client, planer, saarlouis_stadt, django_assert_num_queries
):
    def anlegen(n):
        for i in range(n):
            b = Bericht.objects.create(titel=f"Bericht {i}", gebiet=saarlouis_stadt, jahr=2026)
            k = Kapitel.objects.create(bericht=b, titel="K")
            Baustein.objects.create(kapitel=k, art=BausteinArt.TEXT, text="x")
            _veroeffentlichen(k, planer)

    anlegen(3)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as wenige:
        client.get(reverse("berichte:index"))
    anlegen(20)
    with CaptureQueriesContext(connection) as viele:
        response = client.get(reverse("berichte:index"))
    assert response.content.decode().count("Bericht 1") >= 1
    assert len(viele) == len(wenige)


def test_published_chapter_page_query_count_does_not_grow_with_blocks(
    client, planer, armut_kapitel, sgb2_quote
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _veroeffentlichen(armut_kapitel, planer)
    url = reverse("berichte:kapitel", args=[armut_kapitel.pk])
    with CaptureQueriesContext(connection) as wenige:
        client.get(url)

    kapitel = Kapitel.objects.create(bericht=armut_kapitel.bericht, titel="Viele", reihenfolge=5)
    for n in range(30):
        b = Baustein.objects.create(kapitel=kapitel, art=BausteinArt.TABELLE, reihenfolge=n)
        b.indikatoren.set([sgb2_quote])
    _veroeffentlichen(kapitel, planer)
    with CaptureQueriesContext(connection) as viele:
        response = client.get(reverse("berichte:kapitel", args=[kapitel.pk]))
    assert response.content.decode().count("12,5") == 30
    assert len(viele) == len(wenige)


def test_index_is_paged_and_its_queries_stay_flat(
    client, saarlouis_stadt, django_assert_num_queries
):
    from berichte.views.public import PAGE_SIZE

    def anlegen(n, start):
        Bericht.objects.bulk_create(
            Bericht(
                titel=f"Bericht {start + i:03}",
                gebiet=saarlouis_stadt,
                jahr=2020,
                status=Workflow.VEROEFFENTLICHT,
            )
            for i in range(n)
        )

    anlegen(3, 0)
    url = reverse("berichte:index")
    with django_assert_num_queries(2) as wenige:
        client.get(url)
    anlegen(PAGE_SIZE * 2, 3)
    with django_assert_num_queries(len(wenige.captured_queries)):
        html = client.get(url).content.decode()
    assert html.count('class="kern-card"') == PAGE_SIZE
    assert "Seite 1 von 3" in html
    assert "seite=2" in html
    html = client.get(url, {"seite": "3"}).content.decode()
    assert html.count('class="kern-card"') == 3
    # A page number that is no number or too large shows a page, never an error.
    assert client.get(url, {"seite": "x"}).status_code == 200
    assert "Seite 3 von 3" in client.get(url, {"seite": "99"}).content.decode()
