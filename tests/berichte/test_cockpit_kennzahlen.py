"""The Cockpit links to the indicators and the monitoring for those who may see them."""

from django.urls import reverse


def test_planning_and_reporting_see_the_cards(client, planer, berichtswesen):
    for user, text in (
        (planer, "Werte aus CSV oder Excel importieren"),
        (berichtswesen, "Indikatoren ansehen, Werte aus CSV oder Excel importieren"),
    ):
        client.force_login(user)
        html = client.get(reverse("cockpit")).content.decode()
        assert reverse("berichte:indikator_list") in html
        assert reverse("berichte:monitoring_list") in html
        assert text in html


def test_other_roles_do_not(client, beratung):
    client.force_login(beratung)
    html = client.get(reverse("cockpit")).content.decode()
    assert reverse("berichte:indikator_list") not in html
