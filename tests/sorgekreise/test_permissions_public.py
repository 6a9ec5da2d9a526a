"""Permission matrix of part B's pages: the public pages answer everybody (logged in or not)
the same; the staff action "Daten löschen" needs a login, a coordinating role (403 otherwise)
and the helper in the user's scope (404 otherwise)."""

import pytest
from django.urls import reverse

from .conftest import make_helfende


@pytest.fixture
def urls(kreis):
    return [
        reverse("sorgekreise:index"),
        reverse("sorgekreise:kreis", args=[kreis.pk]),
        reverse("sorgekreise:hilfe_anfragen"),
        reverse("sorgekreise:hilfe_anbieten"),
        reverse("sorgekreise:danke"),
    ]


@pytest.mark.parametrize(
    "rolle",
    [None, "planer", "koordination", "ortsleitung", "beratung", "berichtswesen", "outsider"],
)
def test_public_pages_answer_everybody(client, request, urls, rolle):
    if rolle:
        client.force_login(request.getfixturevalue(rolle))
    for url in urls:
        assert client.get(url).status_code == 200, url


# (role, own helper, other circle's helper): expected status of GET and POST
LOESCHEN = [
    ("planer", 200, 200),
    ("ortsleitung", 200, 404),
    ("koordination", 403, 403),
    ("beratung", 403, 403),
    ("berichtswesen", 403, 403),
    ("outsider", 403, 403),
]


@pytest.mark.parametrize(("rolle", "eigene", "fremde"), LOESCHEN)
def test_daten_loeschen_matrix(client, request, helfende, anderer_kreis, rolle, eigene, fremde):
    fremd = make_helfende(anderer_kreis, name="Fremde Person")
    client.force_login(request.getfixturevalue(rolle))
    for person, expected in [(helfende, eigene), (fremd, fremde)]:
        url = reverse("sorgekreise:helfende_loeschen", args=[person.pk])
        assert client.get(url).status_code == expected, (rolle, person)
    # Forbidden writes change nothing.
    for person, expected in [(helfende, eigene), (fremd, fremde)]:
        if expected != 200:
            url = reverse("sorgekreise:helfende_loeschen", args=[person.pk])
            assert client.post(url).status_code == expected
            person.refresh_from_db()
            assert person.anonymisiert_am is None


def test_daten_loeschen_redirects_to_login_when_logged_out(client, helfende):
    url = reverse("sorgekreise:helfende_loeschen", args=[helfende.pk])
    for response in (client.get(url), client.post(url)):
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))


def test_an_unknown_helper_is_404(client, planer):
    client.force_login(planer)
    assert client.get(reverse("sorgekreise:helfende_loeschen", args=[999999])).status_code == 404
