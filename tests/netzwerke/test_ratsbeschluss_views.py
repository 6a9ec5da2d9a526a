"""The council decision of a measure through the staff pages (record, change, remove; bad input
said at the field, nothing saved), the status "Beschlossen" refused at the field without one,
the public measure page and the measure lists with their filter."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from netzwerke.models import Massnahme, MassnahmeStatus, Ratsbeschluss
from tests.netzwerke.conftest import beschliessen, pruefen_und_freigeben, ratsbeschluss

S = MassnahmeStatus

GUELTIG = {
    "gremium": "ausschuss",
    "gremium_name": "Ausschuss für Familie, Soziales, Schule und Sport",
    "datum": "2022-11-22",
    "vorlage": "TOP 4, Drucksache 2022/311",
    "ergebnis": "einstimmig",
    "link": "https://ratsinfo.example.org/allris/vo020?VOLFDNR=4711",
    "notiz": "Empfehlung an den Stadtrat.",
}


def _neu(massnahme):
    return reverse("netzwerke:beschluss_create", args=[massnahme.pk])


def test_a_coordinator_records_a_decision(client, koordination, massnahme):
    client.force_login(koordination)
    assert client.get(_neu(massnahme)).status_code == 200
    response = client.post(_neu(massnahme), GUELTIG)
    assert response["Location"] == reverse("netzwerke:massnahme_detail", args=[massnahme.pk])
    beschluss = Ratsbeschluss.objects.get()
    assert beschluss.massnahme == massnahme
    assert beschluss.datum == datetime.date(2022, 11, 22)
    assert str(beschluss) == "Ausschuss für Familie, Soziales, Schule und Sport, 22.11.2022"
    page = client.get(response["Location"]).content.decode()
    assert "TOP 4, Drucksache 2022/311" in page
    assert "einstimmig beschlossen" in page
    assert "Empfehlung an den Stadtrat." in page  # the note, for staff
    assert 'href="https://ratsinfo.example.org/allris/vo020?VOLFDNR=4711"' in page


def test_a_german_date_and_a_link_without_scheme_are_understood(client, koordination, massnahme):
    client.force_login(koordination)
    daten = {**GUELTIG, "datum": "09.02.2023", "link": "ratsinfo.example.org/b/1"}
    client.post(_neu(massnahme), daten)
    beschluss = Ratsbeschluss.objects.get()
    assert beschluss.datum == datetime.date(2023, 2, 9)
    assert beschluss.link == "https://ratsinfo.example.org/b/1"


@pytest.mark.parametrize(
    ("changes", "feld", "text"),
    [
        ({"gremium": ""}, "gremium", "zwingend erforderlich"),
        ({"datum": ""}, "datum", "zwingend erforderlich"),
        ({"ergebnis": ""}, "ergebnis", "zwingend erforderlich"),
        ({"gremium": "bundestag"}, "gremium", "gültige Auswahl"),
        ({"ergebnis": "vielleicht"}, "ergebnis", "gültige Auswahl"),
        ({"datum": "31.02.2023"}, "datum", "gültiges Datum"),
        ({"datum": "gestern"}, "datum", "gültiges Datum"),
        ({"datum": "2099-01-01"}, "datum", "in der Zukunft"),
        ({"datum": "1899-01-01"}, "datum", "Jahr"),
        ({"gremium_name": "x" * 201}, "gremium_name", "höchstens 200 Zeichen"),
        ({"vorlage": "x" * 101}, "vorlage", "höchstens 100 Zeichen"),
        ({"notiz": "x" * 2001}, "notiz", "höchstens 2000 Zeichen"),
        ({"gremium_name": "<script>alert(1)</script>"}, "gremium_name", "ohne HTML"),
        ({"vorlage": "<b>TOP 1</b>"}, "vorlage", "ohne HTML"),
        ({"notiz": "<img src=x onerror=alert(1)>"}, "notiz", "ohne HTML"),
        ({"link": "javascript:alert(1)"}, "link", "https://"),
        ({"link": "ftp://ratsinfo.example.org/b/1"}, "link", "https://"),
        ({"link": "data:text/html,<script>alert(1)</script>"}, "link", "https://"),
        ({"link": "https://" + "a" * 500 + ".de"}, "link", "höchstens 500 Zeichen"),
        ({"gremium": "sonstiges", "gremium_name": ""}, "gremium_name", "nennen Sie das Gremium"),
    ],
)
def test_bad_input_is_said_at_the_field_and_nothing_is_saved(
    client, koordination, massnahme, changes, feld, text
):
    client.force_login(koordination)
    response = client.post(_neu(massnahme), {**GUELTIG, **changes})
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert feld in errors, errors
    assert text in " ".join(errors[feld])
    assert f'href="#id_{feld}' in response.content.decode()  # the summary links to the field
    assert not Ratsbeschluss.objects.exists()


def test_another_networks_measure_cannot_be_given_a_decision(
    client, koordination, massnahme, sichtbare_massnahme, fremde_massnahme
):
    client.force_login(koordination)
    assert client.post(_neu(sichtbare_massnahme), GUELTIG).status_code == 403
    assert client.post(_neu(fremde_massnahme), GUELTIG).status_code == 404
    # A measure named in the input is ignored: the URL says which measure.
    client.post(_neu(massnahme), {**GUELTIG, "massnahme": fremde_massnahme.pk})
    assert list(Ratsbeschluss.objects.values_list("massnahme", flat=True)) == [massnahme.pk]


def test_another_networks_decision_cannot_be_changed_or_removed(
    client, koordination, sichtbare_massnahme, fremde_massnahme
):
    sichtbar = ratsbeschluss(sichtbare_massnahme)
    fremd = ratsbeschluss(fremde_massnahme)
    client.force_login(koordination)
    for beschluss, status in ((sichtbar, 403), (fremd, 404)):
        update = reverse("netzwerke:beschluss_update", args=[beschluss.pk])
        delete = reverse("netzwerke:beschluss_delete", args=[beschluss.pk])
        assert client.post(update, {**GUELTIG, "ergebnis": "abgelehnt"}).status_code == status
        assert client.post(delete).status_code == status
    assert set(Ratsbeschluss.objects.values_list("ergebnis", flat=True)) == {"einstimmig"}


def test_a_decision_is_changed_and_removed(client, koordination, massnahme):
    beschluss = ratsbeschluss(massnahme)
    client.force_login(koordination)
    url = reverse("netzwerke:beschluss_update", args=[beschluss.pk])
    assert "Drucksache 2023/017" in client.get(url).content.decode()
    client.post(url, {**GUELTIG, "vorlage": "TOP 7"})
    beschluss.refresh_from_db()
    assert beschluss.vorlage == "TOP 7"
    url = reverse("netzwerke:beschluss_delete", args=[beschluss.pk])
    assert "entfernen?" in client.get(url).content.decode()
    client.post(url)
    assert not Ratsbeschluss.objects.exists()


def test_the_decision_of_a_decided_measure_stays(
    client, koordination, zweite_koordination, massnahme
):
    beschliessen(massnahme, koordination, zweite_koordination)
    beschluss = massnahme.beschluesse.get()
    client.force_login(koordination)
    response = client.post(reverse("netzwerke:beschluss_delete", args=[beschluss.pk]), follow=True)
    assert "braucht ihren Ratsbeschluss" in response.content.decode()
    response = client.post(
        reverse("netzwerke:beschluss_update", args=[beschluss.pk]),
        {**GUELTIG, "ergebnis": "vertagt"},
    )
    assert response.status_code == 200
    assert "einstimmig" in " ".join(response.context["form"].errors["ergebnis"])
    beschluss.refresh_from_db()
    assert beschluss.ergebnis == "einstimmig"


def test_beschlossen_without_a_decision_is_refused_at_the_field(
    client, koordination, zweite_koordination, massnahme
):
    pruefen_und_freigeben(massnahme, koordination, zweite_koordination)
    client.force_login(koordination)
    url = reverse("netzwerke:massnahme_status", args=[massnahme.pk])
    response = client.post(url, {"nach": S.BESCHLOSSEN, "bemerkung": "Rat, 9.2."})
    assert response.status_code == 200  # the measure's page again, not an error page
    errors = response.context["status_form"].errors
    assert "braucht die Maßnahme einen Ratsbeschluss" in " ".join(errors["nach"])
    html = response.content.decode()
    assert 'href="#id_nach"' in html
    assert 'aria-invalid="true"' in html
    massnahme.refresh_from_db()
    assert massnahme.status == S.GEPRUEFT

    client.post(_neu(massnahme), {**GUELTIG, "gremium": "stadtrat", "datum": "2023-02-09"})
    response = client.post(url, {"nach": S.BESCHLOSSEN}, follow=True)
    assert "Der Status ist jetzt „Beschlossen“." in response.content.decode()


# Public page and lists


def test_the_public_page_shows_the_decisions_but_not_the_note(
    client, koordination, zweite_koordination, massnahme
):
    pruefen_und_freigeben(massnahme, koordination, zweite_koordination)
    ratsbeschluss(
        massnahme,
        gremium="ausschuss",
        gremium_name="Ausschuss für Familie, Soziales, Schule und Sport",
        datum=datetime.date(2022, 11, 22),
        vorlage="",
        notiz="Interne Notiz zum Aktenzeichen 50-12",
    )
    ratsbeschluss(massnahme, link="https://sessionnet.example.org/si0057.php?__ksinr=12")
    from netzwerke.services_massnahmen import change_status

    change_status(massnahme, S.BESCHLOSSEN, koordination)
    Ratsbeschluss.objects.create(  # taken over from an old remark: staff only
        massnahme=massnahme, gremium="sonstiges", datum="2024-03-12", ergebnis=""
    )
    html = client.get(reverse("netzwerke:massnahme", args=[massnahme.pk])).content.decode()
    assert "Ratsbeschlüsse" in html
    assert '<span lang="de">Ausschuss für Familie, Soziales, Schule und Sport</span>' in html
    assert "22.11.2022" in html
    assert "09.02.2023" in html
    assert "Drucksache 2023/017" in html
    assert html.count("einstimmig beschlossen") == 2
    assert 'href="https://sessionnet.example.org/si0057.php?__ksinr=12"' in html
    assert "Interne Notiz" not in html
    assert "Aktenzeichen" not in html
    assert "12.03.2024" not in html


def test_public_list_filters_by_decision_body_and_outcome(
    client, koordination, planer, massnahme, sichtbare_massnahme
):
    beschliessen(massnahme, koordination)
    beschliessen(sichtbare_massnahme, planer)
    sichtbare_massnahme.beschluesse.update(gremium="ortsrat", ergebnis="mehrheitlich")
    url = reverse("netzwerke:massnahmen")
    page = client.get(url, {"beschluss": "mit"}).context["page"]
    assert len(page.object_list) == 2
    page = client.get(url, {"beschluss": "mehrheitlich"}).context["page"]
    assert list(page.object_list) == [sichtbare_massnahme]
    page = client.get(url, {"gremium": "stadtrat"}).context["page"]
    assert list(page.object_list) == [massnahme]
    page = client.get(url, {"beschluss": "ohne"}).context["page"]
    assert list(page.object_list) == []
    html = client.get(url).content.decode()
    assert "Ratsbeschluss: Stadtrat," in html
    # Unknown choices are said at the filter, never an error page.
    response = client.get(url, {"gremium": "<script>", "beschluss": "x"})
    assert response.status_code == 200
    assert {"gremium", "beschluss"} <= set(response.context["filter"].form.errors)


def test_staff_list_filters_by_decision(client, planer, massnahme, sichtbare_massnahme):
    ratsbeschluss(massnahme, ergebnis="vertagt")
    Ratsbeschluss.objects.create(  # no outcome yet: does not count
        massnahme=sichtbare_massnahme, gremium="sonstiges", datum="2024-03-12", ergebnis=""
    )
    client.force_login(planer)
    url = reverse("netzwerke:massnahme_list")
    assert list(client.get(url, {"beschluss": "vertagt"}).context["page"].object_list) == [
        massnahme
    ]
    page = client.get(url, {"beschluss": "ohne"}).context["page"]
    assert list(page.object_list) == [sichtbare_massnahme]
    html = client.get(url).content.decode()
    assert "Stadtrat, 09.02.2023: vertagt" in html


def _queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_staff_list_query_count_stays_flat_with_decisions(client, planer, netzwerk, stadt):
    def anlegen(n):
        for i in range(n):
            m = Massnahme.objects.create(titel=f"M {i}", netzwerk=netzwerk, gebiet=stadt)
            ratsbeschluss(m)
            ratsbeschluss(m, gremium="ausschuss", datum=datetime.date(2022, 11, 22))

    client.force_login(planer)
    url = reverse("netzwerke:massnahme_list")
    anlegen(2)
    wenige = _queries(client, url)
    anlegen(20)
    assert _queries(client, url) == wenige
