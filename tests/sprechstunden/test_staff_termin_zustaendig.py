"""Giving one slot to one of the Sprechstunde's counsellors, and back to all of them."""

from datetime import datetime

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from saarlouis_portal.konten.roles import Rolle
from sprechstunden.models import Beratende, Termin
from sprechstunden.services.slots import generate_slots
from tests.conftest import make_user
from tests.sprechstunden.conftest import BERLIN


@pytest.fixture
def kollegin(db):
    return make_user("kollegin@example.org", Rolle.BERATUNG, first_name="Kim", last_name="Sommer")


@pytest.fixture
def termin(vormittag, jetzt, beratung, kollegin, traeger):
    """Thursday 26 November, 9:00; the Sprechstunde has two counsellors."""
    Beratende.objects.create(sprechstunde=vormittag, user=beratung, traeger=traeger)
    Beratende.objects.create(sprechstunde=vormittag, user=kollegin, traeger=traeger)
    generate_slots(vormittag)
    return Termin.objects.get(beginn=datetime(2026, 11, 26, 9, 0, tzinfo=BERLIN))


def url(termin):
    return reverse("sprechstunden:staff_termin_zustaendig", args=[termin.pk])


def seite(termin):
    return reverse("sprechstunden:termin", args=[termin.pk])


def tagesliste(user):
    return reverse("sprechstunden:tagesliste") + f"?datum=2026-11-26&beratende={user.pk}"


def test_the_slot_page_offers_the_sprechstundes_counsellors(client, beratung, kollegin, termin):
    fremd = make_user("fremd@example.org", Rolle.BERATUNG, first_name="Fritz")
    client.force_login(beratung)
    html = client.get(seite(termin)).content.decode()
    assert 'name="beratende"' in html
    assert "Alle Beratenden der Sprechstunde" in html
    assert f'value="{kollegin.pk}"' in html
    assert f'value="{fremd.pk}"' not in html  # counsellor, but not in this Sprechstunde


def test_a_counsellor_takes_the_slot_and_the_day_lists_follow(client, beratung, kollegin, termin):
    client.force_login(beratung)
    assert f'href="{seite(termin)}"' in client.get(tagesliste(beratung)).content.decode()

    response = client.post(url(termin), {"beratende": kollegin.pk}, follow=True)

    assert response.redirect_chain == [(seite(termin), 302)]
    html = response.content.decode()
    assert "Für diesen Termin ist jetzt Kim Sommer zuständig." in html
    termin.refresh_from_db()
    assert termin.beratende == kollegin
    assert f'href="{seite(termin)}"' in client.get(tagesliste(kollegin)).content.decode()
    assert f'href="{seite(termin)}"' not in client.get(tagesliste(beratung)).content.decode()
    entry = LogEntry.objects.get_for_object(termin).latest("timestamp")
    assert entry.actor == beratung
    assert "beratende" in entry.changes_dict


def test_the_empty_choice_gives_the_slot_back_to_all(client, beratung, kollegin, termin):
    Termin.objects.filter(pk=termin.pk).update(beratende=kollegin)
    client.force_login(beratung)
    response = client.post(url(termin), {"beratende": ""}, follow=True)
    assert "alle Beratenden der Sprechstunde zuständig" in response.content.decode()
    termin.refresh_from_db()
    assert termin.beratende is None
    assert f'href="{seite(termin)}"' in client.get(tagesliste(beratung)).content.decode()


def test_a_counsellor_who_left_the_sprechstunde_stays_shown(client, planer, kollegin, termin):
    Termin.objects.filter(pk=termin.pk).update(beratende=kollegin)
    Beratende.objects.filter(user=kollegin).delete()
    client.force_login(planer)
    form = client.get(seite(termin)).context["zustaendig_form"]
    assert form.initial["beratende"] == kollegin.pk
    assert kollegin in form.fields["beratende"].queryset


@pytest.mark.parametrize(
    "value",
    [
        "abc",
        "1.5",
        "-3",
        "99999999999999999999",
        "<script>alert(1)</script>",
    ],
)
def test_bad_input_is_refused_at_the_field(client, beratung, termin, value):
    client.force_login(beratung)
    response = client.post(url(termin), {"beratende": value})
    assert response.status_code == 200
    errors = response.context["zustaendig_form"].errors["beratende"]
    assert errors == ["Bitte wählen Sie eine Beratungsfachkraft dieser Sprechstunde."]
    assert "Bitte wählen Sie eine Beratungsfachkraft dieser Sprechstunde." in (
        response.content.decode()
    )
    termin.refresh_from_db()
    assert termin.beratende is None


def test_someone_outside_the_sprechstunde_is_refused(client, beratung, planer, termin):
    fremd = make_user("fremd@example.org", Rolle.BERATUNG)
    client.force_login(beratung)
    for other in (fremd, planer):  # a counsellor elsewhere; staff without the Beratung role
        response = client.post(url(termin), {"beratende": other.pk})
        assert response.status_code == 200
        assert response.context["zustaendig_form"].errors["beratende"]
    termin.refresh_from_db()
    assert termin.beratende is None


def test_an_inactive_counsellor_cannot_be_chosen(client, beratung, kollegin, termin):
    kollegin.is_active = False
    kollegin.save()
    client.force_login(beratung)
    response = client.post(url(termin), {"beratende": kollegin.pk})
    assert response.context["zustaendig_form"].errors["beratende"]
    termin.refresh_from_db()
    assert termin.beratende is None


def test_only_staff_may_assign_and_only_by_post(client, outsider, beratung, kollegin, termin):
    client.force_login(outsider)
    assert client.post(url(termin), {"beratende": kollegin.pk}).status_code == 403
    client.force_login(beratung)
    assert client.get(url(termin)).status_code == 405
    assert (
        client.post(reverse("sprechstunden:staff_termin_zustaendig", args=[987654])).status_code
        == 404
    )
    termin.refresh_from_db()
    assert termin.beratende is None


def test_anonymous_visitors_are_sent_to_the_login(client, kollegin, termin):
    response = client.post(url(termin), {"beratende": kollegin.pk})
    assert response.status_code == 302
    assert "login" in response["Location"]
    termin.refresh_from_db()
    assert termin.beratende is None
