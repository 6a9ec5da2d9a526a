"""Staff pages of the social monitoring: list, create and edit with bad input, and the result
page with method and thresholds next to the table."""

import pytest
from django.urls import reverse

from berichte.models import Monitoring


def gueltig(stadt, indikatoren, /, **extra):
    data = {
        "name": "Sozialmonitoring 2024",
        "gebiet": stadt.pk,
        "jahr": 2024,
        "indikatoren": [i.pk for i in indikatoren],
        "dynamik_jahre": 2,
        "schwelle_hoch": "1",
        "schwelle_niedrig": "-1",
        "schwelle_sehr_niedrig": "-1,5",
        "schwelle_dynamik": "0,5",
        "mindest_einwohner": 300,
    }
    data.update(extra)
    return data


def test_planning_creates_a_monitoring_with_german_decimals(
    client, planer, saarlouis_stadt, sgb2_quote, einwohner_indikator
):
    client.force_login(planer)
    response = client.post(
        reverse("berichte:monitoring_create"),
        gueltig(saarlouis_stadt, [sgb2_quote, einwohner_indikator], schwelle_sehr_niedrig="-1,75"),
    )
    monitoring = Monitoring.objects.get()
    assert response["Location"] == reverse("berichte:monitoring_detail", args=[monitoring.pk])
    assert str(monitoring.schwelle_sehr_niedrig) == "-1.75"
    assert monitoring.indikatoren.count() == 2


@pytest.mark.parametrize(
    ("data", "feld", "meldung"),
    [
        ({"name": ""}, "name", "zwingend erforderlich"),
        ({"name": "<script>x</script>"}, "name", "ohne HTML"),
        ({"name": "x" * 161}, "name", "höchstens 160"),
        ({"jahr": "zwanzig"}, "jahr", "ganze Zahl"),
        ({"jahr": 1800}, "jahr", "zwischen 1950 und 2200"),
        ({"dynamik_jahre": 0}, "dynamik_jahre", "größer oder gleich 1"),
        ({"dynamik_jahre": 25}, "dynamik_jahre", "kleiner oder gleich 20"),
        ({"schwelle_niedrig": "2"}, "schwelle_niedrig", "unter der Schwelle „hoch“"),
        (
            {"schwelle_sehr_niedrig": "-0,5"},
            "schwelle_sehr_niedrig",
            "unter der Schwelle „niedrig“",
        ),
        ({"schwelle_hoch": "abc"}, "schwelle_hoch", "Zahl"),
        ({"schwelle_dynamik": "0"}, "schwelle_dynamik", "größer als 0"),
        ({"mindest_einwohner": -5}, "mindest_einwohner", "größer oder gleich 0"),
        ({"indikatoren": []}, "indikatoren", "zwingend erforderlich"),
        ({"indikatoren": [999999]}, "indikatoren", "keine gültige Auswahl"),
        ({"gebiet": 999999}, "gebiet", "gültige Auswahl"),
    ],
)
def test_bad_input_is_named_at_the_field_and_nothing_is_saved(
    client, planer, saarlouis_stadt, sgb2_quote, einwohner_indikator, data, feld, meldung
):
    client.force_login(planer)
    response = client.post(
        reverse("berichte:monitoring_create"),
        gueltig(saarlouis_stadt, [sgb2_quote, einwohner_indikator], **data),
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert feld in errors, errors
    assert meldung in " ".join(errors[feld]), errors[feld]
    assert not Monitoring.objects.exists()


def test_a_single_indicator_is_not_enough(client, planer, saarlouis_stadt, sgb2_quote):
    client.force_login(planer)
    response = client.post(
        reverse("berichte:monitoring_create"), gueltig(saarlouis_stadt, [sgb2_quote])
    )
    assert "mindestens zwei" in " ".join(response.context["form"].errors["indikatoren"])


def test_a_sozialraum_cannot_be_the_area_of_a_monitoring(
    client, planer, sozialraeume, saarlouis_stadt, sgb2_quote, einwohner_indikator
):
    client.force_login(planer)
    data = gueltig(
        saarlouis_stadt, [sgb2_quote, einwohner_indikator], gebiet=sozialraeume["Nord"].pk
    )
    response = client.post(reverse("berichte:monitoring_create"), data)
    assert "gebiet" in response.context["form"].errors


def test_planning_edits_the_thresholds(client, planer, monitoring, saarlouis_stadt):
    client.force_login(planer)
    data = gueltig(saarlouis_stadt, monitoring.indikatoren.all(), schwelle_hoch="1,25")
    response = client.post(reverse("berichte:monitoring_update", args=[monitoring.pk]), data)
    assert response.status_code == 302
    monitoring.refresh_from_db()
    assert str(monitoring.schwelle_hoch) == "1.25"


def test_the_result_page_shows_table_method_and_thresholds(client, berichtswesen, monitoring):
    client.force_login(berichtswesen)
    response = client.get(reverse("berichte:monitoring_detail", args=[monitoring.pk]))
    html = response.content.decode()
    assert "Methode und Schwellen" in html
    assert "Populations-Standardabweichung" in html
    assert "−1,41" in html  # Ost's status index, -sqrt(2)
    assert "+1,41" in html
    assert "niedrig / positiv" in html
    assert "zu klein, nicht eingestuft" in html
    assert "Einstellungen bearbeiten" not in html  # Berichtswesen reads only


def test_the_result_page_can_show_another_year(client, planer, monitoring):
    client.force_login(planer)
    response = client.get(
        reverse("berichte:monitoring_detail", args=[monitoring.pk]), {"jahr": "2022"}
    )
    assert response.context["ergebnis"].jahr == 2022
    response = client.get(
        reverse("berichte:monitoring_detail", args=[monitoring.pk]), {"jahr": "x"}
    )
    assert response.context["ergebnis"].jahr == 2024


def test_the_list_query_count_stays_flat(client, planer, saarlouis_stadt):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def anlegen(n):
        for i in range(n):
            Monitoring.objects.create(name=f"M {i}", gebiet=saarlouis_stadt, jahr=2020 + i % 5)

    client.force_login(planer)
    anlegen(3)
    client.get(reverse("berichte:monitoring_list"))
    with CaptureQueriesContext(connection) as drei:
        client.get(reverse("berichte:monitoring_list"))
    anlegen(30)
    with CaptureQueriesContext(connection) as viele:
        html = client.get(reverse("berichte:monitoring_list")).content.decode()
    assert len(viele) == len(drei)
    assert "M 29" in html or "Nächste Seite" in html


def test_the_result_page_query_count_does_not_grow_with_areas(
    client, planer, monitoring, saarlouis_stadt, sgb2_quote, beschaeftigung
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from berichte.models import Messwert
    from saarlouis_portal.stammdaten.models import Gebiet, GebietArt

    url = reverse("berichte:monitoring_detail", args=[monitoring.pk])
    client.force_login(planer)
    client.get(url)
    with CaptureQueriesContext(connection) as wenige:
        client.get(url)
    neue = Gebiet.objects.bulk_create(
        Gebiet(name=f"SR {i}", art=GebietArt.SOZIALRAUM, eltern=saarlouis_stadt, einwohnerzahl=900)
        for i in range(30)
    )
    Messwert.objects.bulk_create(
        Messwert(indikator=i, gebiet=g, jahr=j, wert=n % 7)
        for n, g in enumerate(neue)
        for i in (sgb2_quote, beschaeftigung)
        for j in (2022, 2024)
    )
    with CaptureQueriesContext(connection) as viele:
        response = client.get(url)
    assert "SR 29" in response.content.decode()
    assert len(viele) == len(wenige)
