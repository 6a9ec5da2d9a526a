"""Staff pages of the outreach visits: entry after a call, list, detail, triage, workflow."""

from datetime import datetime, timedelta

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from saarlouis_portal.konten.roles import Rolle
from saarlouis_portal.stammdaten.models import Gebiet, GebietArt
from sprechstunden.models import Beratungskontakt, Hausbesuch, HausbesuchStatus
from tests.conftest import make_user
from tests.sprechstunden.conftest import BERLIN

CREATE = reverse("sprechstunden:hausbesuch_create")
LIST = reverse("sprechstunden:hausbesuch_list")


@pytest.fixture
def ortsteil(pliezhausen):
    return Gebiet.objects.create(name="Gniebel", art=GebietArt.STADTTEIL, eltern=pliezhausen)


@pytest.fixture
def kollegin(db):
    """Another counsellor."""
    return make_user("kollegin@example.org", Rolle.BERATUNG, first_name="Klara", last_name="K.")


def new_visit(gebiet, thema, **fields):
    defaults = {
        "name": "Herr Petrov",
        "telefon": "07127 55555",
        "gebiet": gebiet,
        "anliegen": thema,
        "einwilligung_version": "2026-11-1",
        "einwilligung_am": timezone.now(),
    }
    return Hausbesuch.objects.create(**{**defaults, **fields})


@pytest.fixture
def offen(ortsteil, thema):
    return new_visit(ortsteil, thema)


@pytest.fixture
def mein_besuch(ortsteil, thema, beratung):
    return new_visit(
        ortsteil,
        thema,
        name="Frau Meier",
        zugewiesen=beratung,
        status=HausbesuchStatus.GEPLANT,
        geplant_am=timezone.now() + timedelta(days=1),
    )


def url(name, hausbesuch):
    return reverse(f"sprechstunden:{name}", kwargs={"pk": hausbesuch.pk})


def staff_data(ortsteil, thema, **overrides):
    data = {
        "name": "Herr Petrov",
        "telefon": "07127 55555",
        "gebiet": ortsteil.pk,
        "anliegen": thema.pk,
        "einwilligung": "on",
        **overrides,
    }
    return {k: v for k, v in data.items() if v is not None}


# Entry after a call


def test_sozialplanung_enters_a_request_taken_by_phone(client, planer, ortsteil, thema):
    client.force_login(planer)
    response = client.post(CREATE, staff_data(ortsteil, thema))
    hausbesuch = Hausbesuch.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url("hausbesuch_detail", hausbesuch)
    assert hausbesuch.erstellt_von == planer
    assert not mail.outbox  # Sozialplanung entered it themselves


def test_a_counsellor_enters_a_request_and_sozialplanung_is_told(
    client, beratung, planer, ortsteil, thema, django_capture_on_commit_callbacks
):
    client.force_login(beratung)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(CREATE, staff_data(ortsteil, thema))
    assert response.status_code == 302
    assert response["Location"] == LIST  # not theirs to see until it is assigned to them
    assert Hausbesuch.objects.get().erstellt_von == beratung
    assert [m.to for m in mail.outbox] == [[planer.email]]
    assert "Petrov" not in mail.outbox[0].body


def test_the_staff_form_has_no_honeypot_and_words_consent_for_a_call(client, planer):
    client.force_login(planer)
    html = client.get(CREATE).content.decode()
    assert "webseite" not in html
    assert "Die Person ist einverstanden" in html


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"name": ""}, "name", "zwingend erforderlich"),
        ({"name": "x" * 121}, "name", "höchstens 120 Zeichen"),
        ({"name": "<script>alert(1)</script>"}, "name", "ohne HTML-Auszeichnungen"),
        ({"hinweis": "x" * 501}, "hinweis", "höchstens 500 Zeichen"),
        ({"telefon": ""}, "telefon", "damit wir Sie erreichen"),
        ({"telefon": "abc"}, "telefon", "gültige Telefonnummer"),
        ({"gebiet": "999999"}, "gebiet", "gültige Auswahl"),
        ({"anliegen": "x"}, "anliegen", "gültige Auswahl"),
        ({"vermittelt_durch": "999999"}, "vermittelt_durch", "gültige Auswahl"),
        ({"einwilligung": None}, "einwilligung", "Ohne Einverständnis der Person"),
    ],
)
def test_bad_staff_input_is_named_at_the_field_and_nothing_is_saved(
    client, planer, ortsteil, thema, overrides, field, message
):
    client.force_login(planer)
    response = client.post(CREATE, staff_data(ortsteil, thema, **overrides))
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert "<script>alert(1)</script>" not in response.content.decode()
    assert not Hausbesuch.objects.exists()


# List and scope


def test_sozialplanung_sees_every_visit(client, planer, offen, mein_besuch):
    client.force_login(planer)
    response = client.get(LIST)
    assert {h.pk for h in response.context["page"].object_list} == {offen.pk, mein_besuch.pk}


def test_a_counsellor_sees_only_the_visits_assigned_to_them(
    client, beratung, kollegin, offen, mein_besuch, ortsteil, thema
):
    new_visit(ortsteil, thema, name="Frau Andere", zugewiesen=kollegin)
    client.force_login(beratung)
    response = client.get(LIST)
    assert [h.pk for h in response.context["page"].object_list] == [mein_besuch.pk]
    html = response.content.decode()
    assert "Herr Petrov" not in html
    assert "Frau Andere" not in html


def test_a_counsellor_cannot_open_a_visit_assigned_to_someone_else(
    client, beratung, kollegin, ortsteil, thema
):
    fremd = new_visit(
        ortsteil,
        thema,
        zugewiesen=kollegin,
        status=HausbesuchStatus.GEPLANT,
        geplant_am=timezone.now() + timedelta(days=1),
    )
    client.force_login(beratung)
    for name in ["hausbesuch_detail", "hausbesuch_zuteilen", "hausbesuch_abschliessen"]:
        assert client.get(url(name, fremd)).status_code == 404, name
    for name in ["hausbesuch_besucht", "hausbesuch_nicht_erreicht", "hausbesuch_abschliessen"]:
        assert client.post(url(name, fremd)).status_code == 404, name
    fremd.refresh_from_db()
    assert fremd.status == HausbesuchStatus.GEPLANT


def test_the_list_filters_by_status_and_area_including_sub_areas(
    client, planer, offen, mein_besuch, pliezhausen, ortsteil, thema
):
    stadtteil, sozialraum_art = GebietArt.STADTTEIL, GebietArt.SOZIALRAUM
    anderswo = Gebiet.objects.create(name="Rübgarten", art=stadtteil, eltern=pliezhausen)
    sozialraum = Gebiet.objects.create(name="Gniebel Süd", art=sozialraum_art, eltern=ortsteil)
    im_sozialraum = new_visit(sozialraum, thema)
    in_ruebgarten = new_visit(anderswo, thema)
    client.force_login(planer)

    def pks(params):
        response = client.get(LIST, params)
        assert response.status_code == 200
        return {h.pk for h in response.context["page"].object_list}

    assert pks({"status": HausbesuchStatus.GEPLANT}) == {mein_besuch.pk}
    assert pks({"gebiet": ortsteil.pk}) == {offen.pk, mein_besuch.pk, im_sozialraum.pk}
    assert pks({"gebiet": anderswo.pk, "status": HausbesuchStatus.NEU}) == {in_ruebgarten.pk}
    # Unknown values do not break the page.
    assert len(pks({"gebiet": "999999", "status": "erfunden"})) == 4


def test_list_query_count_stays_flat(client, planer, beratung, kollegin, ortsteil, thema, traeger):
    client.force_login(planer)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(LIST).status_code == 200
        return len(queries)

    new_visit(ortsteil, thema, zugewiesen=beratung, partner=traeger, vermittelt_durch=traeger)
    one = count()
    for i in range(20):
        new_visit(
            ortsteil,
            thema,
            name=f"Person {i}",
            zugewiesen=beratung if i % 2 else kollegin,
            partner=traeger,
            geplant_am=timezone.now() + timedelta(days=i + 1),
            status=HausbesuchStatus.GEPLANT,
        )
    assert count() == one


# Detail and access log


def test_the_detail_page_shows_the_person_and_records_who_opened_it(client, beratung, mein_besuch):
    client.force_login(beratung)
    response = client.get(url("hausbesuch_detail", mein_besuch))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Frau Meier" in html
    assert "07127 55555" in html
    entry = LogEntry.objects.get(
        content_type=ContentType.objects.get_for_model(Hausbesuch),
        object_pk=str(mein_besuch.pk),
        action=LogEntry.Action.ACCESS,
    )
    assert entry.actor == beratung
    assert "Meier" not in entry.object_repr
    client.get(url("hausbesuch_detail", mein_besuch))
    assert LogEntry.objects.filter(action=LogEntry.Action.ACCESS).count() == 2


def test_an_assigned_counsellor_sees_no_triage_button(client, beratung, mein_besuch):
    client.force_login(beratung)
    html = client.get(url("hausbesuch_detail", mein_besuch)).content.decode()
    assert url("hausbesuch_zuteilen", mein_besuch) not in html
    assert url("hausbesuch_besucht", mein_besuch) in html


# Triage


def plan_data(user, traeger=None, when=None, **overrides):
    when = when or (timezone.localtime() + timedelta(days=2)).replace(hour=10, minute=0)
    data = {
        "zugewiesen": user.pk,
        "partner": traeger.pk if traeger else "",
        "geplant_am": when.strftime("%Y-%m-%dT%H:%M"),
        **overrides,
    }
    return data


def test_sozialplanung_assigns_a_counsellor_a_partner_and_a_date(
    client, planer, beratung, offen, traeger, jetzt, django_capture_on_commit_callbacks
):
    client.force_login(planer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url("hausbesuch_zuteilen", offen),
            plan_data(beratung, traeger, when=datetime(2026, 11, 25, 10, 30)),
        )
    assert response.status_code == 302
    offen.refresh_from_db()
    assert offen.status == HausbesuchStatus.GEPLANT
    assert offen.zugewiesen == beratung
    assert offen.partner == traeger
    assert offen.geplant_am == datetime(2026, 11, 25, 10, 30, tzinfo=BERLIN)
    # The counsellor is told, with a link only.
    assert [m.to for m in mail.outbox] == [[beratung.email]]
    assert "Petrov" not in mail.outbox[0].body
    assert url("hausbesuch_detail", offen) in mail.outbox[0].body
    # Now the counsellor sees it.
    client.force_login(beratung)
    assert client.get(url("hausbesuch_detail", offen)).status_code == 200


def test_a_counsellor_cannot_assign_even_their_own_visit(client, beratung, kollegin, mein_besuch):
    client.force_login(beratung)
    assert client.get(url("hausbesuch_zuteilen", mein_besuch)).status_code == 403
    response = client.post(url("hausbesuch_zuteilen", mein_besuch), plan_data(kollegin))
    assert response.status_code == 403
    mein_besuch.refresh_from_db()
    assert mein_besuch.zugewiesen == beratung


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"zugewiesen": ""}, "zugewiesen", "zwingend erforderlich"),
        ({"zugewiesen": "999999"}, "zugewiesen", "gültige Auswahl"),
        ({"partner": "999999"}, "partner", "gültige Auswahl"),
        ({"geplant_am": ""}, "geplant_am", "zwingend erforderlich"),
        ({"geplant_am": "morgen früh"}, "geplant_am", "gültiges Datum"),
        ({"geplant_am": "2026-11-20T10:00"}, "geplant_am", "Vergangenheit"),
    ],
)
def test_bad_triage_input_is_named_at_the_field(
    client, planer, beratung, offen, jetzt, overrides, field, message
):
    client.force_login(planer)
    response = client.post(url("hausbesuch_zuteilen", offen), plan_data(beratung, **overrides))
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    offen.refresh_from_db()
    assert offen.status == HausbesuchStatus.NEU


def test_only_counsellors_can_be_assigned(client, planer, ortsleitung, offen):
    client.force_login(planer)
    response = client.post(url("hausbesuch_zuteilen", offen), plan_data(ortsleitung))
    assert "gültige Auswahl" in " ".join(response.context["form"].errors["zugewiesen"])


def test_a_closed_visit_cannot_be_planned_again(client, planer, beratung, offen):
    offen.status = HausbesuchStatus.ABGESCHLOSSEN
    offen.save()
    client.force_login(planer)
    response = client.post(url("hausbesuch_zuteilen", offen), plan_data(beratung))
    assert response.status_code == 200
    assert "nicht mehr geplant" in response.content.decode()
    offen.refresh_from_db()
    assert offen.status == HausbesuchStatus.ABGESCHLOSSEN


# Workflow


def test_the_assigned_counsellor_records_visit_and_anonymous_outcome(
    client, beratung, mein_besuch, traeger, thema, ortsteil, jetzt
):
    client.force_login(beratung)
    response = client.post(url("hausbesuch_besucht", mein_besuch))
    assert response.status_code == 302
    mein_besuch.refresh_from_db()
    assert mein_besuch.status == HausbesuchStatus.BESUCHT

    form_page = client.get(url("hausbesuch_abschliessen", mein_besuch))
    assert form_page.context["form"].initial["thema"] == mein_besuch.anliegen_id
    response = client.post(
        url("hausbesuch_abschliessen", mein_besuch),
        {"datum": "2026-11-23", "thema": thema.pk, "erstkontakt": "0", "vermittelt_an": traeger.pk},
    )
    assert response.status_code == 302
    mein_besuch.refresh_from_db()
    assert mein_besuch.status == HausbesuchStatus.ABGESCHLOSSEN
    assert mein_besuch.abgeschlossen_am == jetzt
    kontakt = Beratungskontakt.objects.get()
    assert kontakt.art == Beratungskontakt.Art.HAUSBESUCH
    assert kontakt.gebiet == ortsteil
    assert kontakt.anlaufstelle is None
    assert kontakt.erstkontakt is False
    assert kontakt.vermittelt_an == traeger
    assert kontakt.erfasst_von == beratung


def test_not_reached_then_replanned_then_closed_without_outcome(
    client, planer, beratung, mein_besuch
):
    client.force_login(beratung)
    client.post(url("hausbesuch_nicht_erreicht", mein_besuch))
    mein_besuch.refresh_from_db()
    assert mein_besuch.status == HausbesuchStatus.NICHT_ERREICHT

    client.force_login(planer)
    client.post(url("hausbesuch_zuteilen", mein_besuch), plan_data(beratung))
    mein_besuch.refresh_from_db()
    assert mein_besuch.status == HausbesuchStatus.GEPLANT

    page = client.get(url("hausbesuch_abschliessen", mein_besuch))
    assert page.context["form"] is None
    client.post(url("hausbesuch_abschliessen", mein_besuch))
    mein_besuch.refresh_from_db()
    assert mein_besuch.status == HausbesuchStatus.ABGESCHLOSSEN
    assert not Beratungskontakt.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"thema": ""}, "thema", "zwingend erforderlich"),
        ({"thema": "999999"}, "thema", "gültige Auswahl"),
        ({"datum": "gestern"}, "datum", "gültiges Datum"),
        ({"datum": "2026-11-30"}, "datum", "Zukunft"),
        ({"erstkontakt": "vielleicht"}, "erstkontakt", "gültige Auswahl"),
        ({"vermittelt_an": "999999"}, "vermittelt_an", "gültige Auswahl"),
    ],
)
def test_bad_outcome_input_is_named_and_the_visit_stays_open(
    client, beratung, mein_besuch, thema, jetzt, overrides, field, message
):
    mein_besuch.status = HausbesuchStatus.BESUCHT
    mein_besuch.save()
    client.force_login(beratung)
    data = {"datum": "2026-11-23", "thema": thema.pk, "erstkontakt": "1", **overrides}
    response = client.post(url("hausbesuch_abschliessen", mein_besuch), data)
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    mein_besuch.refresh_from_db()
    assert mein_besuch.status == HausbesuchStatus.BESUCHT
    assert not Beratungskontakt.objects.exists()


def test_a_step_that_does_not_fit_the_status_changes_nothing(client, beratung, mein_besuch):
    mein_besuch.status = HausbesuchStatus.BESUCHT
    mein_besuch.save()
    client.force_login(beratung)
    response = client.post(url("hausbesuch_nicht_erreicht", mein_besuch), follow=True)
    assert "passt nicht zum Stand" in response.content.decode()
    mein_besuch.refresh_from_db()
    assert mein_besuch.status == HausbesuchStatus.BESUCHT


def test_status_steps_are_post_only(client, beratung, mein_besuch):
    client.force_login(beratung)
    assert client.get(url("hausbesuch_besucht", mein_besuch)).status_code == 405
    mein_besuch.refresh_from_db()
    assert mein_besuch.status == HausbesuchStatus.GEPLANT


@pytest.mark.parametrize("role", ["koordination", "ortsleitung", "berichtswesen", "outsider"])
def test_other_roles_cannot_change_a_visit(client, users_by_role, mein_besuch, role):
    client.force_login(users_by_role[role])
    assert client.post(url("hausbesuch_besucht", mein_besuch)).status_code == 403
    mein_besuch.refresh_from_db()
    assert mein_besuch.status == HausbesuchStatus.GEPLANT
