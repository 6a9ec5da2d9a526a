"""Opening a help request in the Django admin is an access like any other: the change page
writes the access log, as the staff pages do."""

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from saarlouis_portal.konten.zugriff import ZugriffAktion

pytestmark = pytest.mark.django_db


def _change_url(anfrage):
    return reverse("admin:sorgekreise_hilfeanfrage_change", args=[anfrage.pk])


def test_the_admin_change_page_of_a_request_is_logged(client, administrator, anfrage):
    client.force_login(administrator)
    response = client.get(_change_url(anfrage))
    assert response.status_code == 200
    assert "Erika Muster" in response.text  # the page does show the person
    assert list(anfrage.zugriffe.values_list("benutzer", "aktion")) == [
        (administrator.pk, ZugriffAktion.ANSEHEN)
    ]


def test_an_invalid_save_shows_the_data_again_and_is_logged_again(client, administrator, anfrage):
    client.force_login(administrator)
    response = client.post(_change_url(anfrage), {"status": "gibt-es-nicht"})
    assert response.status_code == 200  # the form again, with the request's data
    assert anfrage.zugriffe.count() == 1


def test_lists_and_the_add_page_log_no_access(client, administrator, anfrage):
    client.force_login(administrator)
    assert client.get(reverse("admin:sorgekreise_hilfeanfrage_changelist")).status_code == 200
    assert client.get(reverse("admin:sorgekreise_hilfeanfrage_add")).status_code == 200
    assert not LogEntry.objects.filter(action=LogEntry.Action.ACCESS).exists()
