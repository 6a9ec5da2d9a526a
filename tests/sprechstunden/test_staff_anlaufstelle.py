"""Staff manage Anlaufstellen: create, change, delete; bad input is named at the field."""

import pytest
from django.urls import reverse

from sprechstunden.models import Anlaufstelle

CREATE = reverse("sprechstunden:staff_anlaufstelle_neu")


def valid(area, /, **overrides):
    return {
        "name": "Stadtteilbüro Roden",
        "gebiet": area.pk,
        "strasse": "Saarbrücker Straße 5",
        "plz": "66740",
        "ort": "Saarlouis",
        "raum": "Erdgeschoss",
        "wegbeschreibung": "Bus 402 bis Roden Mitte.",
        "barrierefreiheit": "Rampe am Eingang.",
        "stufenlos": "on",
        "telefon": "06831 1234",
        "email": "roden@example.org",
        "aktiv": "on",
        **overrides,
    }


def test_sozialplanung_creates_an_anlaufstelle(client, planer, roden):
    client.force_login(planer)
    response = client.post(CREATE, valid(roden, name="  Stadtteilbüro   Roden "))
    anlaufstelle = Anlaufstelle.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "sprechstunden:staff_anlaufstelle", args=[anlaufstelle.pk]
    )
    assert anlaufstelle.name == "Stadtteilbüro Roden"
    assert anlaufstelle.gebiet == roden
    assert anlaufstelle.stufenlos
    assert anlaufstelle.aktiv


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"name": ""}, "name", "zwingend erforderlich"),
        ({"name": "x" * 121}, "name", "höchstens 120 Zeichen"),
        ({"name": "<script>alert(1)</script>"}, "name", "ohne HTML-Auszeichnungen"),
        ({"wegbeschreibung": "<img src=x onerror=alert(1)>"}, "wegbeschreibung", "HTML"),
        ({"barrierefreiheit": "x" * 2001}, "barrierefreiheit", "höchstens 2000 Zeichen"),
        ({"gebiet": ""}, "gebiet", "zwingend erforderlich"),
        ({"gebiet": "999999"}, "gebiet", "gültige Auswahl"),
        ({"gebiet": "abc"}, "gebiet", "gültige Auswahl"),
        ({"strasse": ""}, "strasse", "zwingend erforderlich"),
        ({"plz": "6674"}, "plz", "fünfstellige Postleitzahl"),
        ({"telefon": "ruf mich an"}, "telefon", "gültige Telefonnummer"),
        ({"email": "keine-adresse"}, "email", "gültige E-Mail-Adresse"),
        ({"ort_begegnung": "999999"}, "ort_begegnung", "gültige Auswahl"),
        ({"ort_begegnung": "abc"}, "ort_begegnung", "Kein Eintrag passt zu „abc“"),
    ],
)
def test_bad_input_is_named_at_the_field_and_nothing_is_saved(
    client, planer, roden, overrides, field, message
):
    client.force_login(planer)
    response = client.post(CREATE, valid(roden, **overrides))
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    html = response.content.decode()
    assert f'id="id_{field}_error"' in html
    assert "<script>alert(1)</script>" not in html
    assert not Anlaufstelle.objects.exists()


def test_a_duplicate_name_is_refused(client, planer, roden, rathaus):
    client.force_login(planer)
    response = client.post(CREATE, valid(roden, name=rathaus.name))
    assert "existiert bereits" in " ".join(response.context["form"].errors["name"])
    assert Anlaufstelle.objects.count() == 1


def test_an_update_changes_the_room(client, planer, rathaus):
    client.force_login(planer)
    url = reverse("sprechstunden:staff_anlaufstelle_bearbeiten", args=[rathaus.pk])
    response = client.post(url, valid(rathaus.gebiet, name=rathaus.name, raum="Zimmer 3"))
    assert response.status_code == 302
    rathaus.refresh_from_db()
    assert rathaus.raum == "Zimmer 3"


def test_the_detail_page_shows_address_and_schedules(client, beratung, vormittag):
    client.force_login(beratung)
    response = client.get(
        reverse("sprechstunden:staff_anlaufstelle", args=[vormittag.anlaufstelle_id])
    )
    html = response.content.decode()
    assert "Marktplatz 1" in html
    assert vormittag.titel in html


def test_an_unused_anlaufstelle_can_be_deleted(client, planer, rathaus):
    client.force_login(planer)
    url = reverse("sprechstunden:staff_anlaufstelle_loeschen", args=[rathaus.pk])
    assert client.get(url).status_code == 200
    assert Anlaufstelle.objects.exists()  # opening the page changes nothing
    response = client.post(url)
    assert response["Location"] == reverse("sprechstunden:verwaltung")
    assert not Anlaufstelle.objects.exists()


def test_an_anlaufstelle_with_sprechstunden_is_kept(client, planer, vormittag):
    client.force_login(planer)
    url = reverse("sprechstunden:staff_anlaufstelle_loeschen", args=[vormittag.anlaufstelle_id])
    response = client.post(url, follow=True)
    assert "kann nicht gelöscht werden" in response.content.decode()
    assert Anlaufstelle.objects.exists()


def test_unknown_anlaufstellen_are_a_404(client, planer):
    client.force_login(planer)
    for name in [
        "staff_anlaufstelle",
        "staff_anlaufstelle_bearbeiten",
        "staff_anlaufstelle_loeschen",
    ]:
        assert client.get(reverse(f"sprechstunden:{name}", args=[999999])).status_code == 404


def test_an_anlaufstelle_at_an_ort_der_begegnung_links_to_it(client, planer, roden, vormittag):
    from begegnung.models import Ort, OrtArt

    ort = Ort.objects.create(name="Quartiersbüro Roden", art=OrtArt.QUARTIERSBUERO, gebiet=roden)
    anlaufstelle = vormittag.anlaufstelle
    client.force_login(planer)
    data = valid(roden, name=anlaufstelle.name, ort_begegnung=str(ort.pk))
    url = reverse("sprechstunden:staff_anlaufstelle_bearbeiten", args=[anlaufstelle.pk])
    assert client.post(url, data).status_code == 302
    anlaufstelle.refresh_from_db()
    assert anlaufstelle.ort_begegnung == ort
    client.logout()
    public = client.get(reverse("sprechstunden:sprechstunde", args=[vormittag.pk])).content
    assert f'href="/orte/{ort.pk}/"'.encode() in public
    # A place that is not public is not linked.
    ort.oeffentlich = False
    ort.save()
    public = client.get(reverse("sprechstunden:sprechstunde", args=[vormittag.pk])).content
    assert f'href="/orte/{ort.pk}/"'.encode() not in public


# Phone bookings: a place with public Sprechstunden is called by people without internet


def test_a_place_with_public_sprechstunden_keeps_its_phone_number(client, planer, vormittag):
    anlaufstelle = vormittag.anlaufstelle
    client.force_login(planer)
    url = reverse("sprechstunden:staff_anlaufstelle_bearbeiten", args=[anlaufstelle.pk])
    response = client.post(url, valid(anlaufstelle.gebiet, name=anlaufstelle.name, telefon=""))
    assert response.status_code == 200
    assert "Bitte geben Sie eine Telefonnummer an" in " ".join(
        response.context["form"].errors["telefon"]
    )
    assert 'id="id_telefon_error"' in response.content.decode()
    anlaufstelle.refresh_from_db()
    assert anlaufstelle.telefon == "07127 9770"


@pytest.mark.parametrize("change", ["inactive place", "unpublished sprechstunde"])
def test_a_place_nobody_books_at_needs_no_phone_number(client, planer, vormittag, change):
    anlaufstelle = vormittag.anlaufstelle
    data = valid(anlaufstelle.gebiet, name=anlaufstelle.name, telefon="")
    if change == "inactive place":
        del data["aktiv"]
    else:
        vormittag.oeffentlich = False
        vormittag.save()
    client.force_login(planer)
    url = reverse("sprechstunden:staff_anlaufstelle_bearbeiten", args=[anlaufstelle.pk])
    assert client.post(url, data).status_code == 302
    anlaufstelle.refresh_from_db()
    assert anlaufstelle.telefon == ""


def test_a_new_place_may_start_without_a_phone_number(client, planer, roden):
    client.force_login(planer)
    assert client.post(CREATE, valid(roden, telefon="")).status_code == 302
    assert Anlaufstelle.objects.get().telefon == ""


def test_the_phone_number_is_stored_in_e164_and_shown_in_national_format(client, planer, roden):
    client.force_login(planer)
    response = client.post(CREATE, valid(roden, telefon="+49 6831 443-0"), follow=True)
    assert Anlaufstelle.objects.get().telefon == "+4968314430"
    assert "06831 4430" in response.content.decode()
    anlaufstelle = Anlaufstelle.objects.get()
    url = reverse("sprechstunden:staff_anlaufstelle_bearbeiten", args=[anlaufstelle.pk])
    assert 'value="06831 4430"' in client.get(url).content.decode()
