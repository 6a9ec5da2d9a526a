"""Four eyes on a chapter (issue 16): whoever gives it into review does not publish it; another
editor does. Refused with a message on the page (no error page); with the setting off (small
offices) one person may do both."""

import pytest
from django.urls import reverse

from berichte import services
from berichte.models import KapitelStatuswechsel, Workflow


@pytest.fixture
def vier_augen_aus(settings):
    settings.PORTAL_VIER_AUGEN = False


def test_giving_into_review_records_who(planer, armut_kapitel):
    kapitel = services.change_status(armut_kapitel, Workflow.PRUEFUNG, planer)
    kapitel.refresh_from_db()
    assert kapitel.eingereicht_von == planer
    assert kapitel.eingereicht_am is not None


def test_the_submitter_cannot_publish(planer, armut_kapitel):
    services.change_status(armut_kapitel, Workflow.PRUEFUNG, planer)
    with pytest.raises(services.VierAugenFehler) as error:
        services.change_status(armut_kapitel, Workflow.VEROEFFENTLICHT, planer)
    assert "andere Person" in str(error.value)
    armut_kapitel.refresh_from_db()
    assert armut_kapitel.status == Workflow.PRUEFUNG
    assert armut_kapitel.snapshot is None
    assert armut_kapitel.veroeffentlicht_von is None
    assert not KapitelStatuswechsel.objects.filter(nach=Workflow.VEROEFFENTLICHT).exists()


def test_another_editor_publishes(planer, berichtswesen, armut_kapitel):
    services.change_status(armut_kapitel, Workflow.PRUEFUNG, planer)
    kapitel = services.change_status(armut_kapitel, Workflow.VEROEFFENTLICHT, berichtswesen)
    assert kapitel.status == Workflow.VEROEFFENTLICHT
    assert (kapitel.eingereicht_von, kapitel.veroeffentlicht_von) == (planer, berichtswesen)


def test_back_to_draft_forgets_the_submitter(planer, berichtswesen, armut_kapitel):
    services.change_status(armut_kapitel, Workflow.PRUEFUNG, planer)
    kapitel = services.change_status(armut_kapitel, Workflow.ENTWURF, berichtswesen)
    assert kapitel.eingereicht_von is None
    assert kapitel.eingereicht_am is None
    # Now the colleague gives it into review, and the first editor may publish it.
    services.change_status(kapitel, Workflow.PRUEFUNG, berichtswesen)
    kapitel = services.change_status(kapitel, Workflow.VEROEFFENTLICHT, planer)
    assert kapitel.veroeffentlicht_von == planer


def test_with_the_rule_off_one_person_may_publish(vier_augen_aus, planer, armut_kapitel):
    services.change_status(armut_kapitel, Workflow.PRUEFUNG, planer)
    kapitel = services.change_status(armut_kapitel, Workflow.VEROEFFENTLICHT, planer)
    assert kapitel.status == Workflow.VEROEFFENTLICHT


def test_the_system_may_publish_what_nobody_submitted(armut_kapitel):
    """Demo data and benchmarks run without a person (user None)."""
    services.change_status(armut_kapitel, Workflow.PRUEFUNG, None)
    kapitel = services.change_status(armut_kapitel, Workflow.VEROEFFENTLICHT, None)
    assert kapitel.status == Workflow.VEROEFFENTLICHT


def test_a_refused_publication_still_leaves_the_switch_recorded(settings, planer, armut_kapitel):
    """The setting is checked (and a switch recorded) before the service's transaction."""
    from saarlouis_portal import vier_augen

    settings.PORTAL_VIER_AUGEN = True
    vier_augen._bestaetigt.clear()
    services.change_status(armut_kapitel, Workflow.PRUEFUNG, planer)
    with pytest.raises(services.VierAugenFehler):
        services.change_status(armut_kapitel, Workflow.VEROEFFENTLICHT, planer)
    assert vier_augen.zuletzt_protokolliert() is True


# Through the page


def test_the_page_tells_the_submitter_and_refuses_with_a_message(client, planer, armut_kapitel):
    client.force_login(planer)
    url = reverse("berichte:kapitel_status", args=[armut_kapitel.pk])
    client.post(url, {"nach": "pruefung"})
    seite = reverse("berichte:kapitel_detail", args=[armut_kapitel.pk])
    html = client.get(seite).content.decode()
    assert "Vier-Augen-Prinzip" in html
    assert "Sie haben dieses Kapitel zur Prüfung gegeben." in html
    assert "Zur Prüfung gegeben am" in html
    assert "planer@example.org" in html or "Paula" in html

    response = client.post(url, {"nach": "veroeffentlicht"}, follow=True)
    assert response.status_code == 200
    assert response.redirect_chain == [(seite, 302)]
    assert "Veröffentlichen muss es eine andere Person" in response.content.decode()
    armut_kapitel.refresh_from_db()
    assert armut_kapitel.status == Workflow.PRUEFUNG


def test_the_colleague_sees_no_hint_and_publishes(client, planer, berichtswesen, armut_kapitel):
    services.change_status(armut_kapitel, Workflow.PRUEFUNG, planer)
    client.force_login(berichtswesen)
    html = client.get(reverse("berichte:kapitel_detail", args=[armut_kapitel.pk])).content.decode()
    assert "Sie haben dieses Kapitel zur Prüfung gegeben." not in html
    assert "Veröffentlichen und Zahlen einfrieren" in html
    response = client.post(
        reverse("berichte:kapitel_status", args=[armut_kapitel.pk]),
        {"nach": "veroeffentlicht"},
        follow=True,
    )
    assert "Das Kapitel hat jetzt den Status „Veröffentlicht“." in response.content.decode()


def test_with_the_rule_off_the_page_shows_no_hint(vier_augen_aus, client, planer, armut_kapitel):
    services.change_status(armut_kapitel, Workflow.PRUEFUNG, planer)
    client.force_login(planer)
    html = client.get(reverse("berichte:kapitel_detail", args=[armut_kapitel.pk])).content.decode()
    assert "Vier-Augen-Prinzip" not in html


def test_a_chapter_the_system_gave_into_review_shows_its_page(client, planer, armut_kapitel):
    services.change_status(armut_kapitel, Workflow.PRUEFUNG, None)  # demo data, no person
    client.force_login(planer)
    response = client.get(reverse("berichte:kapitel_detail", args=[armut_kapitel.pk]))
    assert response.status_code == 200
    assert "Zur Prüfung gegeben am" in response.content.decode()
    assert "Vier-Augen-Prinzip" not in response.content.decode()
