"""Staff pages of the measures: list, create, edit, detail, status, milestones."""

import datetime

import pytest
from django.urls import reverse

from netzwerke.models import Massnahme, MassnahmeStatus, Meilenstein
from netzwerke.services_massnahmen import complete_check, submit_check
from tests.netzwerke.conftest import fill_pruefung, ratsbeschluss

S = MassnahmeStatus


def _daten(netzwerk, gebiet, /, **changes):
    data = {
        "titel": "Lernpatenschaften",
        "netzwerk": netzwerk.pk,
        "gebiet": gebiet.pk,
        "beschreibung": "Kinder lernen mit Pat*innen.",
        "beginn": "2026-03-01",
        "ende": "2026-12-31",
        "budget": "12500,50",
        "fortschritt": "10",
    }
    data.update(changes)
    return data


def test_a_coordinator_creates_a_measure(client, koordination, netzwerk, stadt, feld_bildung):
    client.force_login(koordination)
    url = reverse("netzwerke:massnahme_create")
    response = client.get(url, {"netzwerk": netzwerk.pk})
    assert response.status_code == 200
    assert f'value="{netzwerk.pk}" selected' in response.content.decode()
    response = client.post(url, _daten(netzwerk, stadt, handlungsfelder=[feld_bildung.pk]))
    massnahme = Massnahme.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("netzwerke:massnahme_detail", args=[massnahme.pk])
    assert massnahme.status == S.IDEE
    assert massnahme.budget == pytest.approx(12500.50)
    assert list(massnahme.handlungsfelder.all()) == [feld_bildung]
    assert massnahme.statuswechsel.get().wer == koordination


@pytest.mark.parametrize(
    ("changes", "feld", "text"),
    [
        ({"beginn": "2026-05-01", "ende": "2026-04-30"}, "ende", "nicht vor dem Beginn"),
        ({"fortschritt": "101"}, "fortschritt", "kleiner oder gleich 100"),
        ({"fortschritt": "-1"}, "fortschritt", "größer oder gleich 0"),
        ({"fortschritt": "viel"}, "fortschritt", "ganze Zahl"),
        ({"budget": "-5"}, "budget", "größer oder gleich 0"),
        ({"budget": "zehn"}, "budget", "Zahl"),
        ({"titel": ""}, "titel", "erforderlich"),
        ({"titel": "x" * 201}, "titel", "höchstens 200 Zeichen"),
        ({"titel": "<script>alert(1)</script>"}, "titel", "ohne HTML"),
        ({"beschreibung": "x" * 10001}, "beschreibung", "höchstens 10000 Zeichen"),
        ({"netzwerk": "999999"}, "netzwerk", "gültige Auswahl"),
        ({"gebiet": "999999"}, "gebiet", "gültige Auswahl"),
        # Ids beyond 64 bits: a message, not a server error, on SQLite too.
        ({"handlungsfelder": ["9" * 30]}, "handlungsfelder", "gültige Auswahl"),
        ({"handlungsfelder": ["-" + "9" * 30]}, "handlungsfelder", "gültige Auswahl"),
        ({"traeger": "9" * 30}, "traeger", "gültige Auswahl"),
        ({"beginn": "31.02.2026"}, "beginn", "gültiges Datum"),
    ],
)
def test_bad_input_is_said_at_the_field_and_nothing_is_saved(
    client, koordination, netzwerk, stadt, changes, feld, text
):
    client.force_login(koordination)
    response = client.post(
        reverse("netzwerke:massnahme_create"), _daten(netzwerk, stadt, **changes)
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert feld in errors, errors
    assert text in " ".join(errors[feld])
    assert not Massnahme.objects.exists()
    assert 'aria-invalid="true"' in response.content.decode()


def test_another_coordinators_network_cannot_be_chosen(
    client, koordination, stadt, sichtbare_massnahme, fremdes_netzwerk
):
    client.force_login(koordination)
    for netz in (sichtbare_massnahme.netzwerk, fremdes_netzwerk):
        response = client.post(reverse("netzwerke:massnahme_create"), _daten(netz, stadt))
        assert "netzwerk" in response.context["form"].errors
    assert Massnahme.objects.count() == 1


def test_partner_and_traeger_must_differ(client, koordination, netzwerk, stadt, traeger):
    client.force_login(koordination)
    response = client.post(
        reverse("netzwerke:massnahme_create"),
        _daten(netzwerk, stadt, traeger=traeger.pk, partner=[traeger.pk]),
    )
    assert "partner" in response.context["form"].errors


def test_script_in_markdown_is_stripped_when_rendered(client, koordination, massnahme):
    massnahme.beschreibung = "**Wichtig**<script>alert('x')</script> [Link](javascript:alert(1))"
    massnahme.save()
    client.force_login(koordination)
    content = client.get(reverse("netzwerke:massnahme_detail", args=[massnahme.pk])).content
    assert b"<strong>Wichtig</strong>" in content
    assert b"<script>alert" not in content
    assert b"javascript:" not in content


def test_edit_keeps_the_measure(client, koordination, massnahme, stadt):
    client.force_login(koordination)
    url = reverse("netzwerke:massnahme_update", args=[massnahme.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, _daten(massnahme.netzwerk, stadt, titel="Sprachcafé plus"))
    assert response.status_code == 302
    massnahme.refresh_from_db()
    assert massnahme.titel == "Sprachcafé plus"
    assert massnahme.status == S.IDEE  # the status is not a form field


def test_detail_shows_timeline_check_and_status_form(client, koordination, massnahme):
    fill_pruefung(massnahme)
    client.force_login(koordination)
    response = client.get(reverse("netzwerke:massnahme_detail", args=[massnahme.pk]))
    content = response.content.decode()
    assert "Sprachcafé im Quartier" in content
    assert "Zur Freigabe vorlegen" in content  # four eyes: submitted first, approved by another
    assert "koordination@example.org" in content  # who changed the status
    assert [c[0] for c in response.context["status_form"].fields["nach"].choices] == [
        "",
        S.GEPRUEFT,
        S.ABGELEHNT,
    ]


def test_status_change_through_the_view(client, koordination, zweite_koordination, massnahme):
    pruefung = fill_pruefung(massnahme)
    client.force_login(koordination)
    url = reverse("netzwerke:massnahme_status", args=[massnahme.pk])
    # Not allowed from "idee": said as a message, nothing changes.
    response = client.post(url, {"nach": S.BESCHLOSSEN}, follow=True)
    assert "Dieser Statuswechsel ist von hier aus nicht möglich." in response.content.decode()
    massnahme.refresh_from_db()
    assert massnahme.status == S.IDEE
    submit_check(pruefung, zweite_koordination)
    complete_check(pruefung, koordination)
    ratsbeschluss(massnahme)
    response = client.post(url, {"nach": S.BESCHLOSSEN, "bemerkung": "Rat, 12.03."}, follow=True)
    massnahme.refresh_from_db()
    assert massnahme.status == S.BESCHLOSSEN
    assert "Der Status ist jetzt „Beschlossen“." in response.content.decode()


def test_status_change_without_completed_check_is_refused_with_a_message(
    client, koordination, massnahme
):
    fill_pruefung(massnahme)
    Massnahme.objects.filter(pk=massnahme.pk).update(status=S.GEPRUEFT)
    client.force_login(koordination)
    response = client.post(
        reverse("netzwerke:massnahme_status", args=[massnahme.pk]),
        {"nach": S.BESCHLOSSEN},
        follow=True,
    )
    assert "wenn ihre Nachhaltigkeitsprüfung abgeschlossen ist" in response.content.decode()
    massnahme.refresh_from_db()
    assert massnahme.status == S.GEPRUEFT


def test_status_without_choice_is_refused(client, koordination, massnahme):
    client.force_login(koordination)
    response = client.post(
        reverse("netzwerke:massnahme_status", args=[massnahme.pk]), {"nach": ""}, follow=True
    )
    assert "Bitte wählen Sie den neuen Status." in response.content.decode()
    massnahme.refresh_from_db()
    assert massnahme.status == S.IDEE


def test_status_bemerkung_rejects_markup(client, koordination, massnahme):
    client.force_login(koordination)
    client.post(
        reverse("netzwerke:massnahme_status", args=[massnahme.pk]),
        {"nach": S.ABGELEHNT, "bemerkung": "<b>nein</b>"},
    )
    massnahme.refresh_from_db()
    assert massnahme.status == S.IDEE


def test_milestones_add_edit_reach_delete(client, koordination, massnahme):
    client.force_login(koordination)
    response = client.post(
        reverse("netzwerke:meilenstein_create", args=[massnahme.pk]),
        {"titel": "Räume gefunden", "faellig_am": "2026-04-01"},
    )
    assert response.status_code == 302
    stein = Meilenstein.objects.get()
    response = client.post(
        reverse("netzwerke:meilenstein_update", args=[stein.pk]),
        {"titel": "Räume gemietet", "faellig_am": "2026-04-15"},
    )
    stein.refresh_from_db()
    assert stein.titel == "Räume gemietet"
    assert stein.faellig_am == datetime.date(2026, 4, 15)
    url = reverse("netzwerke:meilenstein_erreicht", args=[stein.pk])
    assert "erreicht?" in client.get(url).content.decode()  # GET only asks
    stein.refresh_from_db()
    assert stein.erreicht_am is None
    client.post(url)
    stein.refresh_from_db()
    assert stein.erreicht_am is not None
    assert "wieder öffnen?" in client.get(url).content.decode()
    client.post(url)
    stein.refresh_from_db()
    assert stein.erreicht_am is None
    assert client.get(reverse("netzwerke:meilenstein_delete", args=[stein.pk])).status_code == 200
    client.post(reverse("netzwerke:meilenstein_delete", args=[stein.pk]))
    assert not Meilenstein.objects.exists()


@pytest.mark.parametrize(
    ("data", "feld"),
    [
        ({"titel": "", "faellig_am": "2026-04-01"}, "titel"),
        ({"titel": "<i>x</i>", "faellig_am": "2026-04-01"}, "titel"),
        ({"titel": "x" * 201, "faellig_am": "2026-04-01"}, "titel"),
        ({"titel": "Start", "faellig_am": "morgen"}, "faellig_am"),
    ],
)
def test_milestone_bad_input(client, koordination, massnahme, data, feld):
    client.force_login(koordination)
    response = client.post(reverse("netzwerke:meilenstein_create", args=[massnahme.pk]), data)
    assert response.status_code == 200
    assert feld in response.context["form"].errors
    assert not Meilenstein.objects.exists()


def _massnahmen(netzwerk, gebiet, n):
    Massnahme.objects.bulk_create(
        [Massnahme(titel=f"M {i}", netzwerk=netzwerk, gebiet=gebiet) for i in range(n)]
    )
    for m in Massnahme.objects.all():
        fill_pruefung(m)


def _count_queries(client, url, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_staff_list_query_count_stays_flat(client, koordination, netzwerk, stadt, feld_bildung):
    client.force_login(koordination)
    url = reverse("netzwerke:massnahme_list")
    _massnahmen(netzwerk, stadt, 3)
    few = _count_queries(client, url, None)
    _massnahmen(netzwerk, stadt, 27)
    for m in Massnahme.objects.all():
        m.handlungsfelder.add(feld_bildung)
    many = _count_queries(client, url, None)
    assert many == few
    assert "30 Maßnahmen gefunden" in client.get(url).content.decode()


def test_staff_list_filters(
    client, planer, koordination, massnahme, fremde_massnahme, sichtbare_massnahme
):
    client.force_login(planer)
    url = reverse("netzwerke:massnahme_list")
    page = client.get(url, {"netzwerk": fremde_massnahme.netzwerk_id}).context["page"]
    assert list(page.object_list) == [fremde_massnahme]
    page = client.get(url, {"pruefung": "ohne"}).context["page"]
    assert len(page.object_list) == 3
    fill_pruefung(massnahme)
    page = client.get(url, {"pruefung": "offen"}).context["page"]
    assert list(page.object_list) == [massnahme]
    submit_check(massnahme.pruefung, koordination)
    complete_check(massnahme.pruefung, planer)
    page = client.get(url, {"pruefung": "empfohlen", "status": S.GEPRUEFT}).context["page"]
    assert list(page.object_list) == [massnahme]
    page = client.get(url, {"gebiet": fremde_massnahme.gebiet_id}).context["page"]
    assert list(page.object_list) == [fremde_massnahme]


def test_the_cockpit_links_to_the_measures_for_planning_and_coordination(
    client, planer, koordination, beratung
):
    url = reverse("netzwerke:massnahme_list")
    for user, sichtbar in ((planer, True), (koordination, True), (beratung, False)):
        client.force_login(user)
        assert (url in client.get(reverse("cockpit")).content.decode()) is sichtbar
