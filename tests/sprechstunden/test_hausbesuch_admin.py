"""Opening a home visit in the Django admin writes the access log, as its staff page does."""

import pytest
from auditlog.models import LogEntry
from django.urls import reverse
from django.utils import timezone

from saarlouis_portal.konten.zugriff import ZugriffAktion, access_log
from saarlouis_portal.stammdaten.models import Gebiet, GebietArt
from sprechstunden.models import Hausbesuch

pytestmark = pytest.mark.django_db


@pytest.fixture
def besuch(pliezhausen, thema):
    gebiet = Gebiet.objects.create(name="Gniebel", art=GebietArt.STADTTEIL, eltern=pliezhausen)
    return Hausbesuch.objects.create(
        name="Frau Meier",
        telefon="07127 55555",
        gebiet=gebiet,
        anliegen=thema,
        einwilligung_version="2026-11-1",
        einwilligung_am=timezone.now(),
    )


def test_the_admin_change_page_of_a_visit_is_logged(client, administrator, besuch):
    client.force_login(administrator)
    response = client.get(reverse("admin:sprechstunden_hausbesuch_change", args=[besuch.pk]))
    assert response.status_code == 200
    assert "Frau Meier" in response.text
    entry = access_log(besuch).get()
    assert (entry.actor, entry.aktion) == (administrator, ZugriffAktion.ANSEHEN)
    assert "Meier" not in entry.object_repr


def test_the_admin_list_of_visits_logs_no_access(client, administrator, besuch):
    client.force_login(administrator)
    response = client.get(reverse("admin:sprechstunden_hausbesuch_changelist"))
    assert response.status_code == 200
    assert not LogEntry.objects.filter(action=LogEntry.Action.ACCESS).exists()
