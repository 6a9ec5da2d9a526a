"""Four eyes on the sustainability check (issue 16): one person submits the complete check for
approval, another approves it. The same person is refused with a message on the page; with the
setting off (small offices) one person may do both, in one step."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from netzwerke import services_massnahmen as services
from netzwerke.models import MassnahmeStatus, Nachhaltigkeitspruefung
from tests.netzwerke.conftest import fill_pruefung

S = MassnahmeStatus


@pytest.fixture
def vier_augen_aus(settings):
    settings.PORTAL_VIER_AUGEN = False


def test_submitting_records_who_and_when(massnahme, koordination):
    pruefung = services.submit_check(fill_pruefung(massnahme), koordination)
    pruefung.refresh_from_db()
    assert pruefung.eingereicht_von == koordination
    assert pruefung.eingereicht_am is not None
    assert pruefung.ist_eingereicht
    assert not pruefung.ist_abgeschlossen
    massnahme.refresh_from_db()
    assert massnahme.status == S.IDEE  # not approved yet


def test_the_submitter_cannot_approve(massnahme, koordination):
    pruefung = services.submit_check(fill_pruefung(massnahme), koordination)
    with pytest.raises(ValidationError) as error:
        services.complete_check(pruefung, koordination)
    assert error.value.code == "vier_augen"
    assert "andere Person" in error.value.messages[0]
    pruefung.refresh_from_db()
    assert not pruefung.ist_abgeschlossen
    assert pruefung.geprueft_von is None
    massnahme.refresh_from_db()
    assert massnahme.status == S.IDEE


def test_another_person_approves(massnahme, koordination, zweite_koordination):
    pruefung = services.submit_check(fill_pruefung(massnahme), koordination)
    services.complete_check(pruefung, zweite_koordination)
    pruefung.refresh_from_db()
    assert (pruefung.eingereicht_von, pruefung.geprueft_von) == (koordination, zweite_koordination)
    massnahme.refresh_from_db()
    assert massnahme.status == S.GEPRUEFT


def test_an_unsubmitted_check_cannot_be_approved(massnahme, koordination):
    pruefung = fill_pruefung(massnahme)
    with pytest.raises(ValidationError) as error:
        services.complete_check(pruefung, koordination)
    assert error.value.code == "nicht_eingereicht"
    assert not Nachhaltigkeitspruefung.objects.get(pk=pruefung.pk).ist_abgeschlossen


def test_an_incomplete_check_cannot_be_submitted(massnahme, koordination):
    pruefung = services.get_or_create_pruefung(massnahme)
    with pytest.raises(ValidationError) as error:
        services.submit_check(pruefung, koordination)
    assert "Das Ergebnis der Prüfung fehlt." in error.value.messages
    pruefung.refresh_from_db()
    assert pruefung.eingereicht_am is None


def test_submitting_twice_is_refused(massnahme, koordination, zweite_koordination):
    pruefung = services.submit_check(fill_pruefung(massnahme), koordination)
    with pytest.raises(ValidationError) as error:
        services.submit_check(pruefung, zweite_koordination)
    assert error.value.messages == ["Die Prüfung ist bereits zur Freigabe vorgelegt."]
    pruefung.refresh_from_db()
    assert pruefung.eingereicht_von == koordination


def test_changing_a_submitted_check_takes_the_submission_back(
    massnahme, koordination, zweite_koordination
):
    from tests.netzwerke.test_massnahme_services import _daten

    pruefung = services.submit_check(fill_pruefung(massnahme), zweite_koordination)
    # The approver may not slip in a change and approve it: the change needs a new submission.
    assert services.save_pruefung(pruefung, _daten(pruefung, empfehlung="Neu"), koordination)
    pruefung.refresh_from_db()
    assert pruefung.eingereicht_von is None
    with pytest.raises(ValidationError):
        services.complete_check(pruefung, koordination)


def test_with_the_rule_off_one_person_completes_in_one_step(
    vier_augen_aus, massnahme, koordination
):
    pruefung = services.complete_check(fill_pruefung(massnahme), koordination)
    pruefung.refresh_from_db()
    assert (pruefung.eingereicht_von, pruefung.geprueft_von) == (koordination, koordination)
    massnahme.refresh_from_db()
    assert massnahme.status == S.GEPRUEFT


def test_with_the_rule_off_the_submitter_may_approve(vier_augen_aus, massnahme, koordination):
    pruefung = services.submit_check(fill_pruefung(massnahme), koordination)
    services.complete_check(pruefung, koordination)
    pruefung.refresh_from_db()
    assert pruefung.geprueft_von == koordination


# Through the pages


def test_the_refusal_is_a_message_on_the_measure_page(client, koordination, massnahme):
    fill_pruefung(massnahme)
    client.force_login(koordination)
    response = client.post(reverse("netzwerke:pruefung_vorlegen", args=[massnahme.pk]), follow=True)
    assert "Die Prüfung ist zur Freigabe vorgelegt." in response.content.decode()
    # The page tells the submitter before they try …
    page = client.get(reverse("netzwerke:massnahme_detail", args=[massnahme.pk]))
    html = page.content.decode()
    assert "Vier-Augen-Prinzip" in html
    assert "Sie haben diese Prüfung vorgelegt." in html
    assert "Zur Freigabe vorgelegt am" in html
    # … and trying anyway gives a message, not an error page.
    response = client.post(
        reverse("netzwerke:pruefung_abschliessen", args=[massnahme.pk]), follow=True
    )
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == reverse(
        "netzwerke:massnahme_detail", args=[massnahme.pk]
    )
    html = response.content.decode()
    assert "Die Prüfung kann noch nicht abgeschlossen werden." in html
    assert "Sie haben diese Prüfung selbst zur Freigabe vorgelegt." in html
    assert not Nachhaltigkeitspruefung.objects.get(massnahme=massnahme).ist_abgeschlossen


def test_another_coordinator_approves_through_the_page(
    client, koordination, zweite_koordination, massnahme
):
    services.submit_check(fill_pruefung(massnahme), koordination)
    client.force_login(zweite_koordination)
    page = client.get(reverse("netzwerke:massnahme_detail", args=[massnahme.pk])).content.decode()
    assert "Prüfung freigeben und abschließen" in page
    assert "Sie haben diese Prüfung vorgelegt." not in page
    response = client.post(
        reverse("netzwerke:pruefung_abschliessen", args=[massnahme.pk]), follow=True
    )
    assert "Die Nachhaltigkeitsprüfung ist abgeschlossen." in response.content.decode()
    massnahme.refresh_from_db()
    assert massnahme.status == S.GEPRUEFT


def test_submitting_an_incomplete_check_lists_what_is_missing(client, koordination, massnahme):
    services.get_or_create_pruefung(massnahme)
    client.force_login(koordination)
    response = client.post(reverse("netzwerke:pruefung_vorlegen", args=[massnahme.pk]), follow=True)
    html = response.content.decode()
    assert "Die Prüfung kann noch nicht vorgelegt werden." in html
    assert "Das Ergebnis der Prüfung fehlt." in html
    assert Nachhaltigkeitspruefung.objects.get(massnahme=massnahme).eingereicht_am is None


def test_submitting_needs_a_post(client, koordination, massnahme):
    fill_pruefung(massnahme)
    client.force_login(koordination)
    response = client.get(reverse("netzwerke:pruefung_vorlegen", args=[massnahme.pk]))
    assert response.status_code == 405
    assert Nachhaltigkeitspruefung.objects.get(massnahme=massnahme).eingereicht_am is None


def test_with_the_rule_off_the_page_offers_completing_directly(
    vier_augen_aus, client, koordination, massnahme
):
    fill_pruefung(massnahme)
    client.force_login(koordination)
    page = client.get(reverse("netzwerke:massnahme_detail", args=[massnahme.pk])).content.decode()
    assert "Zur Freigabe vorlegen" not in page
    assert "Prüfung abschließen" in page
    response = client.post(
        reverse("netzwerke:pruefung_abschliessen", args=[massnahme.pk]), follow=True
    )
    assert "Die Nachhaltigkeitsprüfung ist abgeschlossen." in response.content.decode()


def test_editing_a_submitted_check_says_the_submission_is_withdrawn(
    client, koordination, zweite_koordination, massnahme
):
    from tests.netzwerke.test_pruefung_views import _formular

    services.submit_check(fill_pruefung(massnahme), zweite_koordination)
    client.force_login(koordination)
    response = client.post(
        reverse("netzwerke:pruefung", args=[massnahme.pk]),
        _formular(empfehlung="Anders"),
        follow=True,
    )
    assert "die Vorlage zur Freigabe ist damit zurückgenommen" in response.content.decode()
    assert Nachhaltigkeitspruefung.objects.get(massnahme=massnahme).eingereicht_am is None


def test_the_staff_list_finds_checks_waiting_for_approval(
    client, planer, koordination, massnahme, sichtbare_massnahme
):
    services.submit_check(fill_pruefung(massnahme), koordination)
    fill_pruefung(sichtbare_massnahme)  # in progress, not submitted
    client.force_login(planer)
    url = reverse("netzwerke:massnahme_list")
    page = client.get(url, {"pruefung": "vorgelegt"}).context["page"]
    assert list(page.object_list) == [massnahme]
    assert "zur Freigabe vorgelegt" in client.get(url).content.decode()


def test_a_check_without_a_known_submitter_shows_its_pages(client, planer, massnahme):
    """Submitted by the system (demo data) or by an account deleted since."""
    pruefung = services.submit_check(fill_pruefung(massnahme), None)
    client.force_login(planer)
    seite = client.get(reverse("netzwerke:massnahme_detail", args=[massnahme.pk]))
    assert "Zur Freigabe vorgelegt am" in seite.content.decode()
    services.complete_check(pruefung, planer)
    for name in ("netzwerke:massnahme_detail", "netzwerke:pruefung_druck"):
        assert client.get(reverse(name, args=[massnahme.pk])).status_code == 200
