import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from saarlouis_portal.stammdaten.models import Organisation, OrganisationArt, Sozialgesetzbuch

CREATE = reverse("stammdaten:organisation_create")


def valid(**overrides):
    return {
        "name": "Caritasverband Saarlouis",
        "art": OrganisationArt.TRAEGER,
        "strasse": "Musterstraße 1",
        "plz": "66740",
        "ort": "Saarlouis",
        "telefon": "06831 4430",
        "email": "info@example.org",
        "website": "https://www.example.org",
        "aktiv": "on",
        **overrides,
    }


def test_a_network_coordinator_creates_an_organisation_with_its_sgb_books(
    client, koordination, roden
):
    sgb_viii = Sozialgesetzbuch.objects.get(nummer="VIII")
    client.force_login(koordination)
    response = client.post(CREATE, valid(sgb_buecher=[sgb_viii.pk], gebiete=[roden.pk]))
    organisation = Organisation.objects.get(name="Caritasverband Saarlouis")
    assert response.status_code == 302
    assert list(organisation.sgb_buecher.all()) == [sgb_viii]
    assert list(organisation.gebiete.all()) == [roden]


def test_spaces_in_the_name_are_normalised(client, planer):
    client.force_login(planer)
    client.post(CREATE, valid(name="  Caritasverband   Saarlouis "))
    assert Organisation.objects.filter(name="Caritasverband Saarlouis").exists()


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"name": ""}, "name", "Dieses Feld ist zwingend erforderlich."),
        ({"name": "x" * 201}, "name", "höchstens 200 Zeichen"),
        ({"name": "<script>alert(1)</script>"}, "name", "ohne HTML-Auszeichnungen"),
        ({"beschreibung": "Hallo <img src=x onerror=alert(1)>"}, "beschreibung", "HTML"),
        ({"art": ""}, "art", "zwingend erforderlich"),
        ({"art": "geheimbund"}, "art", "gültige Auswahl"),
        ({"plz": "6674"}, "plz", "fünfstellige Postleitzahl"),
        ({"plz": "abcde"}, "plz", "fünfstellige Postleitzahl"),
        ({"telefon": "ruf mich an"}, "telefon", "gültige Telefonnummer"),
        ({"email": "keine-adresse"}, "email", "gültige E-Mail-Adresse"),
        ({"website": "javascript:alert(1)"}, "website", "gültige Adresse"),
        ({"website": "ftp://example.org"}, "website", "https://"),
        ({"sgb_buecher": ["999999"]}, "sgb_buecher", "gültige Auswahl"),
        ({"gebiete": ["abc"]}, "gebiete", "gültiger Wert"),
        # Ids beyond 64 bits: a message, not a server error, on SQLite too.
        ({"gebiete": ["9" * 30]}, "gebiete", "gültige Auswahl"),
        ({"sgb_buecher": ["-" + "9" * 30]}, "sgb_buecher", "gültige Auswahl"),
    ],
)
def test_bad_input_is_named_at_the_field_and_nothing_is_saved(
    client, planer, overrides, field, message
):
    client.force_login(planer)
    response = client.post(CREATE, valid(**overrides))
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    html = response.content.decode()
    assert f'id="id_{field}_error"' in html
    assert "<script>alert(1)</script>" not in html
    assert not Organisation.objects.exists()


def test_a_duplicate_name_is_refused(client, planer, traeger):
    client.force_login(planer)
    response = client.post(CREATE, valid(name=traeger.name))
    assert "existiert bereits" in " ".join(response.context["form"].errors["name"])
    assert Organisation.objects.count() == 1


def test_an_update_keeps_other_fields(client, ortsleitung, traeger):
    client.force_login(ortsleitung)
    url = reverse("stammdaten:organisation_update", kwargs={"pk": traeger.pk})
    response = client.post(url, valid(name=traeger.name, ort="Roden"))
    assert response.status_code == 302
    traeger.refresh_from_db()
    assert traeger.ort == "Roden"


def test_the_list_filters_by_text_kind_sgb_and_area(client, beratung, traeger, saarlouis, roden):
    schule = Organisation.objects.create(
        name="Grundschule Roden", art=OrganisationArt.SCHULE, ort="Saarlouis"
    )
    schule.gebiete.add(roden)
    traeger.gebiete.add(saarlouis)
    traeger.sgb_buecher.add(Sozialgesetzbuch.objects.get(nummer="XII"))
    client.force_login(beratung)
    url = reverse("stammdaten:organisation_list")

    def names(params):
        response = client.get(url, params)
        assert response.status_code == 200
        return [o.name for o in response.context["page"].object_list]

    assert names({"q": "grundschule"}) == ["Grundschule Roden"]
    assert names({"art": OrganisationArt.TRAEGER}) == ["Sozialbüro Saarlouis"]
    sgb_xii = Sozialgesetzbuch.objects.get(nummer="XII")
    assert names({"sgb": sgb_xii.pk}) == ["Sozialbüro Saarlouis"]
    # Roden: the school works there, the city-wide carrier serves it too.
    assert names({"gebiet": roden.pk}) == ["Grundschule Roden", "Sozialbüro Saarlouis"]
    assert names({"gebiet": "999999"}) == ["Grundschule Roden", "Sozialbüro Saarlouis"]


def test_list_query_count_stays_flat(client, beratung):
    client.force_login(beratung)
    url = reverse("stammdaten:organisation_list")
    books = list(Sozialgesetzbuch.objects.all())

    def add(n):
        for i in range(n):
            o = Organisation.objects.create(
                name=f"Verein {Organisation.objects.count()}", art=OrganisationArt.VEREIN
            )
            o.sgb_buecher.set(books[: i % 3 + 1])

    def count_queries():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    add(1)
    few = count_queries()
    add(20)
    assert count_queries() == few


def test_detail_shows_contact_people_to_staff(client, berichtswesen, traeger):
    traeger.ansprechpersonen.create(vorname="Kim", nachname="Beispiel", funktion="Leitung")
    client.force_login(berichtswesen)
    response = client.get(reverse("stammdaten:organisation_detail", kwargs={"pk": traeger.pk}))
    html = response.content.decode()
    assert "Kim Beispiel" in html
    assert "Bearbeiten" not in html
