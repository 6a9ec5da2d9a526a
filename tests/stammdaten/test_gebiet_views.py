import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from saarlouis_portal.stammdaten.models import Gebiet, GebietArt

CREATE = reverse("stammdaten:gebiet_create")


def valid(**overrides):
    return {
        "name": "Roden Süd",
        "art": GebietArt.SOZIALRAUM,
        "einwohnerzahl": "2100",
        "einwohnerzahl_stand": "2025",
        **overrides,
    }


def test_planning_creates_an_area_below_a_stadtteil(client, planer, roden):
    client.force_login(planer)
    response = client.post(CREATE, valid(eltern=roden.pk))
    gebiet = Gebiet.objects.get(name="Roden Süd")
    assert response.status_code == 302
    assert response["Location"] == reverse("stammdaten:gebiet_detail", kwargs={"pk": gebiet.pk})
    assert gebiet.eltern == roden
    assert gebiet.einwohnerzahl == 2100


def test_the_create_form_can_start_below_a_given_parent(client, planer, roden):
    client.force_login(planer)
    response = client.get(f"{CREATE}?eltern={roden.pk}")
    assert response.context["form"].initial["eltern"] == roden
    assert client.get(f"{CREATE}?eltern=abc").status_code == 200


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"name": ""}, "name", "Dieses Feld ist zwingend erforderlich."),
        ({"name": "x" * 121}, "name", "höchstens 120 Zeichen"),
        ({"name": "<script>alert(1)</script>"}, "name", "ohne HTML-Auszeichnungen"),
        ({"einwohnerzahl": "viele"}, "einwohnerzahl", "ganze Zahl"),
        ({"einwohnerzahl": "-5"}, "einwohnerzahl", "größer oder gleich 0"),
        ({"einwohnerzahl_stand": "1850"}, "einwohnerzahl_stand", "größer oder gleich 1900"),
        ({"art": "planet"}, "art", "gültige Auswahl"),
        ({"eltern": "999999"}, "eltern", "gültige Auswahl"),
        ({"eltern": ""}, "eltern", "braucht ein übergeordnetes Gebiet"),
        ({"umriss": "{kaputt"}, "umriss", "gültiges JSON"),
        ({"umriss": json.dumps({"type": "Point", "coordinates": [1, 2]})}, "umriss", "Polygon"),
    ],
)
def test_bad_input_is_named_at_the_field_and_nothing_is_saved(
    client, planer, roden, overrides, field, message
):
    client.force_login(planer)
    before = Gebiet.objects.count()
    response = client.post(CREATE, valid(**{"eltern": roden.pk, **overrides}))
    assert response.status_code == 200
    form = response.context["form"]
    assert message in " ".join(form.errors[field])
    html = response.content.decode()
    assert 'id="fehlerliste"' in html
    assert f'id="id_{field}_error"' in html
    assert "<script>alert(1)</script>" not in html
    assert Gebiet.objects.count() == before


def test_only_a_foerdergebiet_covers_sozialraeume(client, planer, saarlouis, roden_nord):
    client.force_login(planer)
    response = client.post(
        CREATE,
        valid(name="Neu", art=GebietArt.STADTTEIL, eltern=saarlouis.pk, umfasst=[roden_nord.pk]),
    )
    assert "Nur ein Fördergebiet" in " ".join(response.context["form"].errors["umfasst"])
    assert not Gebiet.objects.filter(name="Neu").exists()


def test_a_foerdergebiet_covers_only_sozialraeume_of_its_own_gemeinde(
    client, planer, saarlouis, roden_nord
):
    other = Gebiet.objects.create(name="Gemeinde Pliezhausen", art=GebietArt.GEMEINDE)
    client.force_login(planer)
    response = client.post(
        CREATE,
        valid(
            name="Zusammenhalt",
            art=GebietArt.FOERDERGEBIET,
            eltern=other.pk,
            umfasst=[roden_nord.pk],
        ),
    )
    assert "liegen nicht in Gemeinde Pliezhausen" in " ".join(
        response.context["form"].errors["umfasst"]
    )
    response = client.post(
        CREATE,
        valid(
            name="Zusammenhalt",
            art=GebietArt.FOERDERGEBIET,
            eltern=saarlouis.pk,
            umfasst=[roden_nord.pk],
        ),
    )
    assert response.status_code == 302
    assert list(Gebiet.objects.get(name="Zusammenhalt").umfasst.all()) == [roden_nord]


def test_an_area_cannot_become_its_own_parent(client, planer, saarlouis):
    client.force_login(planer)
    url = reverse("stammdaten:gebiet_update", kwargs={"pk": saarlouis.pk})
    response = client.post(
        url, {"name": saarlouis.name, "art": GebietArt.GEMEINDE, "eltern": saarlouis.pk}
    )
    assert response.status_code == 200
    assert "eltern" in response.context["form"].errors


def test_planning_renames_an_area(client, planer, roden):
    client.force_login(planer)
    url = reverse("stammdaten:gebiet_update", kwargs={"pk": roden.pk})
    response = client.post(
        url, {"name": "Roden (neu)", "art": GebietArt.STADTTEIL, "eltern": roden.eltern_id}
    )
    assert response.status_code == 302
    roden.refresh_from_db()
    assert roden.name == "Roden (neu)"


def test_the_list_filters_by_kind_name_and_parent(client, beratung, saarlouis, roden, roden_nord):
    client.force_login(beratung)
    url = reverse("stammdaten:gebiet_list")
    names = lambda r: [g.name for g in r.context["page"].object_list]  # noqa: E731
    assert names(client.get(url, {"art": GebietArt.SOZIALRAUM})) == ["Roden Nord"]
    assert names(client.get(url, {"q": "rode"})) == ["Roden", "Roden Nord"]
    assert set(names(client.get(url, {"liegt_in": roden.pk}))) == {"Roden", "Roden Nord"}
    bad = client.get(url, {"liegt_in": "abc", "art": "<script>"})
    assert bad.status_code == 200


def test_the_detail_page_shows_the_tree(client, beratung, roden, roden_nord):
    client.force_login(beratung)
    html = client.get(reverse("stammdaten:gebiet_detail", kwargs={"pk": roden.pk})).content
    html = html.decode()
    assert "Roden Nord" in html
    assert "Kreisstadt Saarlouis" in html  # breadcrumb
    assert "Bearbeiten" not in html  # read-only role


def test_list_query_count_stays_flat(client, beratung, saarlouis):
    client.force_login(beratung)
    url = reverse("stammdaten:gebiet_list")

    def count_queries():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    for i in range(1):
        Gebiet.objects.create(name=f"Stadtteil {i}", art=GebietArt.STADTTEIL, eltern=saarlouis)
    few = count_queries()
    for i in range(1, 25):
        Gebiet.objects.create(name=f"Stadtteil {i}", art=GebietArt.STADTTEIL, eltern=saarlouis)
    assert count_queries() == few
