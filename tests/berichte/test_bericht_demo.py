"""The demo report: built from the demo indicators, idempotent, and every page of it renders."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from berichte.demo_bericht import seed_bericht
from berichte.models import Bericht, Empfehlung, Workflow

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db):
    call_command("seed_demo", "--force", stdout=io.StringIO())
    return Bericht.objects.get(ist_demo=True)


def test_demo_report_has_the_concept_chapters(demo):
    kapitel = list(demo.kapitel.all())
    assert [k.titel for k in kapitel] == [
        "Demografie",
        "Armut",
        "Migration und Zuwanderung",
        "Sozialmonitoring",
    ]
    assert [k.status for k in kapitel] == [
        Workflow.VEROEFFENTLICHT,
        Workflow.VEROEFFENTLICHT,
        Workflow.PRUEFUNG,
        Workflow.ENTWURF,
    ]
    assert demo.status == Workflow.VEROEFFENTLICHT
    assert Empfehlung.objects.filter(baustein__kapitel=kapitel[2]).count() == 5
    assert kapitel[0].snapshot["bausteine"]
    assert kapitel[3].bausteine.filter(art="monitoring").exists()


def test_demo_report_is_not_duplicated(demo):
    seed_bericht(io.StringIO())
    assert Bericht.objects.filter(ist_demo=True).count() == 1


def test_every_demo_page_renders(client, demo):
    from saarlouis_portal.konten.models import User

    berichtswesen = User.objects.get(email="bericht@example.org")  # the demo login
    for k in demo.kapitel.all():
        url = reverse("berichte:kapitel", args=[k.pk])
        assert client.get(url).status_code == (200 if k.status == "veroeffentlicht" else 404)
    client.force_login(berichtswesen)
    assert client.get(reverse("berichte:bericht_detail", args=[demo.pk])).status_code == 200
    for k in demo.kapitel.all():
        html = client.get(reverse("berichte:kapitel_detail", args=[k.pk])).content.decode()
        assert k.titel in html
        assert "System" in html or k.status == "entwurf"  # status changes of the seed
    response = client.get(reverse("berichte:bericht_download", args=[demo.pk, "docx"]))
    assert response.status_code == 200
