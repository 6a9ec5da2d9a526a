"""Who may do what with reports, chapters and blocks, as data: every staff role reads drafts,
only Sozialplanung and Berichtswesen write; the public sees published chapters only; logged-out
visitors of staff pages go to the login page."""

import pytest
from django.urls import reverse

from berichte.models import Empfehlung

pytestmark = pytest.mark.django_db

LESEN = ["planer", "koordination", "ortsleitung", "beratung", "berichtswesen"]
SCHREIBEN = ["planer", "berichtswesen"]


@pytest.fixture
def urls(armut_kapitel):
    bericht = armut_kapitel.bericht
    baustein = armut_kapitel.bausteine.get(art="text")
    block = armut_kapitel.bausteine.get(art="empfehlungen")
    empfehlung = Empfehlung.objects.get()
    return {
        "lesen": [
            reverse("berichte:verwaltung"),
            reverse("berichte:bericht_detail", args=[bericht.pk]),
            reverse("berichte:kapitel_detail", args=[armut_kapitel.pk]),
            reverse("berichte:bericht", args=[bericht.pk]),
            reverse("berichte:kapitel", args=[armut_kapitel.pk]),
            reverse("berichte:kapitel_download", args=[armut_kapitel.pk, "csv"]),
            reverse("berichte:bericht_download", args=[bericht.pk, "xlsx"]),
        ],
        "schreiben_get": [
            reverse("berichte:bericht_create"),
            reverse("berichte:bericht_update", args=[bericht.pk]),
            reverse("berichte:kapitel_create", args=[bericht.pk]),
            reverse("berichte:kapitel_update", args=[armut_kapitel.pk]),
            reverse("berichte:kapitel_delete", args=[armut_kapitel.pk]),
            reverse("berichte:baustein_create", args=[armut_kapitel.pk]) + "?art=text",
            reverse("berichte:baustein_update", args=[baustein.pk]),
            reverse("berichte:baustein_delete", args=[baustein.pk]),
            reverse("berichte:empfehlung_create", args=[block.pk]),
            reverse("berichte:empfehlung_update", args=[empfehlung.pk]),
        ],
        "schreiben_post": [
            reverse("berichte:bericht_neue_ausgabe", args=[bericht.pk]),
            reverse("berichte:kapitel_status", args=[armut_kapitel.pk]),
            reverse("berichte:kapitel_verschieben", args=[armut_kapitel.pk]),
            reverse("berichte:baustein_verschieben", args=[baustein.pk]),
            reverse("berichte:empfehlung_verschieben", args=[empfehlung.pk]),
            reverse("berichte:empfehlung_delete", args=[empfehlung.pk]),
        ],
    }


@pytest.mark.parametrize("rolle", LESEN)
def test_every_staff_role_reads_drafts(client, users_by_role, urls, rolle):
    client.force_login(users_by_role[rolle])
    for url in urls["lesen"]:
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("rolle", ["koordination", "ortsleitung", "beratung", "outsider"])
def test_other_roles_may_not_write(client, users_by_role, urls, rolle, armut_kapitel):
    client.force_login(users_by_role[rolle])
    for url in urls["schreiben_get"]:
        assert client.get(url).status_code == 403, url
    for url in urls["schreiben_post"]:
        assert (
            client.post(url, {"nach": "pruefung", "richtung": "hoch", "jahr": "2027"}).status_code
            == 403
        ), url
    armut_kapitel.refresh_from_db()
    assert armut_kapitel.status == "entwurf"
    assert Empfehlung.objects.count() == 1


@pytest.mark.parametrize("rolle", SCHREIBEN)
def test_editors_may_write(client, users_by_role, urls, rolle):
    client.force_login(users_by_role[rolle])
    for url in urls["schreiben_get"]:
        assert client.get(url).status_code == 200, url


def test_outsider_sees_no_staff_page_and_no_draft(client, outsider, urls):
    client.force_login(outsider)
    for url in urls["lesen"][:3]:
        assert client.get(url).status_code == 403, url
    for url in urls["lesen"][3:]:
        assert client.get(url).status_code == 404, url


def test_logged_out_staff_pages_redirect_to_login(client, urls):
    for url in urls["lesen"][:3] + urls["schreiben_get"]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert "/login/" in response["Location"] or "konto" in response["Location"], url
    for url in urls["lesen"][3:]:
        assert client.get(url).status_code == 404, url


def test_missing_objects_are_404(client, planer):
    client.force_login(planer)
    for name in ("bericht_detail", "kapitel_detail", "baustein_update", "empfehlung_update"):
        assert client.get(reverse(f"berichte:{name}", args=[999999])).status_code == 404


def test_status_change_needs_post(client, planer, armut_kapitel):
    client.force_login(planer)
    url = reverse("berichte:kapitel_status", args=[armut_kapitel.pk])
    assert client.get(url).status_code == 405
