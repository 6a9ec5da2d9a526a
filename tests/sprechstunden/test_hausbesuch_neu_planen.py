"""The assigned counsellor reschedules and closes their own home visits
(``services.hausbesuch.reschedule``, the view ``hausbesuch_neu_planen``); other counsellors'
visits stay out of reach, and who visits stays Sozialplanung's choice."""

from datetime import datetime

import pytest
from django.urls import reverse

from saarlouis_portal.konten.roles import Rolle
from saarlouis_portal.stammdaten.models import Organisation, OrganisationArt
from sprechstunden.models import Beratungskontakt, Hausbesuch, HausbesuchStatus
from sprechstunden.services.hausbesuch import (
    HausbesuchFehler,
    assign,
    mark_not_reached,
    reschedule,
)
from tests.conftest import make_user
from tests.sprechstunden.conftest import BERLIN

MORGEN = datetime(2026, 11, 24, 10, 0, tzinfo=BERLIN)
SPAETER = datetime(2026, 11, 27, 14, 30, tzinfo=BERLIN)


@pytest.fixture
def kollegin(db):
    """Another counsellor, with a visit of her own."""
    return make_user("kollegin@example.org", Rolle.BERATUNG, first_name="Klara")


@pytest.fixture
def integration(db):
    return Organisation.objects.create(
        name="Integrationsmanagement Pliezhausen", art=OrganisationArt.BEHOERDE
    )


def visit(gebiet, thema, **fields):
    defaults = {
        "name": "Herr Petrov",
        "telefon": "07127 55555",
        "gebiet": gebiet,
        "anliegen": thema,
        "einwilligung_version": "2026-11-1",
        "einwilligung_am": datetime(2026, 11, 20, tzinfo=BERLIN),
        "status": HausbesuchStatus.GEPLANT,
        "geplant_am": MORGEN,
    }
    return Hausbesuch.objects.create(**{**defaults, **fields})


@pytest.fixture
def meiner(pliezhausen, thema, beratung, jetzt):
    return visit(pliezhausen, thema, zugewiesen=beratung)


@pytest.fixture
def ihrer(pliezhausen, thema, kollegin, jetzt):
    return visit(pliezhausen, thema, name="Frau Kaya", zugewiesen=kollegin)


def url(name, hausbesuch):
    return reverse(f"sprechstunden:{name}", args=[hausbesuch.pk])


def plan(hausbesuch):
    hausbesuch.refresh_from_db()
    return hausbesuch.status, hausbesuch.geplant_am, hausbesuch.partner_id


# The service


def test_the_assigned_counsellor_moves_the_date(meiner, beratung, integration):
    reschedule(meiner, geplant_am=SPAETER, partner=integration, by=beratung)
    assert plan(meiner) == (HausbesuchStatus.GEPLANT, SPAETER, integration.pk)
    assert meiner.zugewiesen == beratung


def test_a_visit_where_nobody_was_reached_is_planned_again(meiner, beratung):
    mark_not_reached(meiner)
    reschedule(meiner, geplant_am=SPAETER, by=beratung)
    assert plan(meiner) == (HausbesuchStatus.GEPLANT, SPAETER, None)


def test_sozialplanung_may_reschedule_too(meiner, planer):
    reschedule(meiner, geplant_am=SPAETER, by=planer)
    assert plan(meiner)[1] == SPAETER


def test_another_counsellor_may_not(meiner, kollegin):
    with pytest.raises(HausbesuchFehler):
        reschedule(meiner, geplant_am=SPAETER, by=kollegin)
    assert plan(meiner)[1] == MORGEN


def test_a_date_in_the_past_is_refused(meiner, beratung):
    with pytest.raises(HausbesuchFehler, match="Vergangenheit"):
        reschedule(meiner, geplant_am=datetime(2026, 11, 20, 10, tzinfo=BERLIN), by=beratung)
    assert plan(meiner)[1] == MORGEN


@pytest.mark.parametrize(
    "status", [HausbesuchStatus.NEU, HausbesuchStatus.BESUCHT, HausbesuchStatus.ABGESCHLOSSEN]
)
def test_only_a_planned_or_missed_visit_is_rescheduled(meiner, beratung, status):
    Hausbesuch.objects.filter(pk=meiner.pk).update(status=status)
    with pytest.raises(HausbesuchFehler):
        reschedule(meiner, geplant_am=SPAETER, by=beratung)
    assert plan(meiner) == (status, MORGEN, None)


def test_an_unassigned_request_is_for_sozialplanung_to_assign(pliezhausen, thema, planer, jetzt):
    neu = visit(pliezhausen, thema, status=HausbesuchStatus.NEU, geplant_am=None)
    with pytest.raises(HausbesuchFehler):
        reschedule(neu, geplant_am=SPAETER, by=planer)


# The pages


def test_the_detail_page_offers_rescheduling_to_the_counsellor(client, beratung, meiner):
    client.force_login(beratung)
    html = client.get(url("hausbesuch_detail", meiner)).content.decode()
    assert url("hausbesuch_neu_planen", meiner) in html
    assert url("hausbesuch_zuteilen", meiner) not in html
    assert url("hausbesuch_abschliessen", meiner) in html


def test_sozialplanung_plans_anew_through_triage(client, planer, meiner):
    client.force_login(planer)
    html = client.get(url("hausbesuch_detail", meiner)).content.decode()
    assert url("hausbesuch_zuteilen", meiner) in html
    assert url("hausbesuch_neu_planen", meiner) not in html


def test_a_closed_visit_offers_no_rescheduling(client, beratung, meiner):
    Hausbesuch.objects.filter(pk=meiner.pk).update(status=HausbesuchStatus.ABGESCHLOSSEN)
    client.force_login(beratung)
    html = client.get(url("hausbesuch_detail", meiner)).content.decode()
    assert url("hausbesuch_neu_planen", meiner) not in html


def test_the_counsellor_reschedules_through_the_form(client, beratung, meiner, integration):
    client.force_login(beratung)
    page = client.get(url("hausbesuch_neu_planen", meiner))
    assert page.status_code == 200
    assert "zugewiesen" not in page.context["form"].fields
    assert "Bisher geplant: Dienstag, 24.11.2026, 10:00 Uhr" in page.content.decode()
    response = client.post(
        url("hausbesuch_neu_planen", meiner),
        {"geplant_am": "2026-11-27T14:30", "partner": integration.pk},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == url("hausbesuch_detail", meiner)
    assert "Der Hausbesuch ist neu geplant." in response.content.decode()
    assert plan(meiner) == (HausbesuchStatus.GEPLANT, SPAETER, integration.pk)


def test_the_counsellor_closes_their_own_visit(client, beratung, meiner, thema):
    client.force_login(beratung)
    client.post(url("hausbesuch_besucht", meiner))
    response = client.post(
        url("hausbesuch_abschliessen", meiner),
        {"datum": "2026-11-23", "thema": thema.pk, "erstkontakt": "1"},
    )
    assert response.status_code == 302
    meiner.refresh_from_db()
    assert meiner.status == HausbesuchStatus.ABGESCHLOSSEN
    assert Beratungskontakt.objects.get().art == Beratungskontakt.Art.HAUSBESUCH


@pytest.mark.parametrize(
    ("field", "data"),
    [
        ("geplant_am", {}),
        ("geplant_am", {"geplant_am": "morgen früh"}),
        ("geplant_am", {"geplant_am": "2026-11-20T10:00"}),
        ("geplant_am", {"geplant_am": "<script>alert(1)</script>"}),
        ("geplant_am", {"geplant_am": "2026-11-27T14:30" * 20}),
        ("partner", {"geplant_am": "2026-11-27T14:30", "partner": "999999"}),
        ("partner", {"geplant_am": "2026-11-27T14:30", "partner": "abc"}),
    ],
)
def test_bad_input_is_named_at_its_field_and_changes_nothing(client, beratung, meiner, field, data):
    client.force_login(beratung)
    response = client.post(url("hausbesuch_neu_planen", meiner), data)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert plan(meiner) == (HausbesuchStatus.GEPLANT, MORGEN, None)


def test_a_step_the_visit_no_longer_allows_is_said_at_the_form(client, beratung, meiner):
    client.force_login(beratung)
    page = client.get(url("hausbesuch_neu_planen", meiner))
    assert page.status_code == 200
    Hausbesuch.objects.filter(pk=meiner.pk).update(status=HausbesuchStatus.BESUCHT)
    response = client.post(url("hausbesuch_neu_planen", meiner), {"geplant_am": "2026-11-27T14:30"})
    assert response.status_code == 200
    assert "kann nicht neu geplant werden" in response.content.decode()
    assert plan(meiner)[1] == MORGEN


# Others' visits stay out of reach

STEPS = [
    ("get", "hausbesuch_neu_planen"),
    ("post", "hausbesuch_neu_planen"),
    ("post", "hausbesuch_besucht"),
    ("post", "hausbesuch_nicht_erreicht"),
    ("get", "hausbesuch_abschliessen"),
    ("post", "hausbesuch_abschliessen"),
]


@pytest.mark.parametrize(("method", "name"), STEPS)
def test_a_colleagues_visit_is_not_found_and_nothing_changes(client, beratung, ihrer, method, name):
    """Another counsellor's visit does not exist for them (404, as everywhere in the portal
    outside one's scope); it is neither moved nor closed."""
    client.force_login(beratung)
    response = getattr(client, method)(url(name, ihrer), {"geplant_am": "2026-11-27T14:30"})
    assert response.status_code == 404
    ihrer.refresh_from_db()
    assert (ihrer.status, ihrer.geplant_am) == (HausbesuchStatus.GEPLANT, MORGEN)


@pytest.mark.parametrize("role", ["koordination", "ortsleitung", "berichtswesen", "outsider"])
@pytest.mark.parametrize(("method", "name"), STEPS)
def test_other_roles_are_refused(client, users_by_role, meiner, role, method, name):
    client.force_login(users_by_role[role])
    response = getattr(client, method)(url(name, meiner), {"geplant_am": "2026-11-27T14:30"})
    assert response.status_code == 403
    assert plan(meiner) == (HausbesuchStatus.GEPLANT, MORGEN, None)


def test_a_counsellor_whose_visit_was_handed_on_loses_it(
    client, beratung, kollegin, planer, meiner
):
    assign(meiner, zugewiesen=kollegin, geplant_am=SPAETER, by=planer)
    client.force_login(beratung)
    assert client.get(url("hausbesuch_neu_planen", meiner)).status_code == 404
    client.force_login(kollegin)
    assert client.get(url("hausbesuch_neu_planen", meiner)).status_code == 200
    assert plan(meiner)[1] == SPAETER
