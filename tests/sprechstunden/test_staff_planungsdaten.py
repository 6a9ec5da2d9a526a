"""Sozialplanung keeps a place's staffing shares and costs per year ("Personal und Kosten je
Jahr") on its staff page: add, change, delete; bad input is named at the field and saves
nothing; another place's rows are not found. The models' constraints back the forms up."""

from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from saarlouis_portal.stammdaten.models import Organisation, OrganisationArt
from sprechstunden.models import Anlaufstelle, Standortkosten, Stellenanteil


@pytest.fixture
def gemeindeverwaltung(db):
    return Organisation.objects.create(
        name="Gemeindeverwaltung Pliezhausen", art=OrganisationArt.BEHOERDE
    )


@pytest.fixture
def landkreis(db):
    return Organisation.objects.create(name="Landkreis Reutlingen", art=OrganisationArt.BEHOERDE)


@pytest.fixture
def anderswo(pliezhausen):
    return Anlaufstelle.objects.create(
        name="Mehrgenerationenhaus Gniebel",
        gebiet=pliezhausen,
        strasse="Schulstraße 3",
        plz="72124",
        ort="Pliezhausen",
    )


def detail(anlaufstelle):
    return reverse("sprechstunden:staff_anlaufstelle", args=[anlaufstelle.pk])


def anteil_neu(anlaufstelle):
    return reverse("sprechstunden:staff_stellenanteil_neu", args=[anlaufstelle.pk])


def kosten_neu(anlaufstelle):
    return reverse("sprechstunden:staff_kosten_neu", args=[anlaufstelle.pk])


def anteil(anlaufstelle, traeger, **extra):
    return Stellenanteil.objects.create(
        anlaufstelle=anlaufstelle,
        traeger=traeger,
        **{"jahr": 2026, "prozent": Decimal("27.5"), "aufgabe": "Sozialarbeit", **extra},
    )


def kosten(anlaufstelle, **extra):
    return Standortkosten.objects.create(
        anlaufstelle=anlaufstelle,
        **{"jahr": 2026, "bezeichnung": "Personalkosten Koordination", "betrag": 6000, **extra},
    )


# Adding, changing, deleting


def test_sozialplanung_enters_a_share_with_a_decimal_comma(
    client, planer, rathaus, diakoniestation, jetzt
):
    client.force_login(planer)
    form = client.get(anteil_neu(rathaus)).context["form"]
    assert form["jahr"].value() == 2026  # this year (jetzt: November 2026)
    response = client.post(
        anteil_neu(rathaus),
        {"jahr": "2026", "traeger": diakoniestation.pk, "prozent": "27,5", "aufgabe": " Sozial  "},
    )
    assert response.status_code == 302
    assert response["Location"] == detail(rathaus) + "#personal"
    saved = Stellenanteil.objects.get()
    assert (saved.anlaufstelle, saved.traeger, saved.jahr) == (rathaus, diakoniestation, 2026)
    assert saved.prozent == Decimal("27.5")
    assert saved.aufgabe == "Sozial"
    assert LogEntry.objects.get_for_object(saved).count() == 1


def test_sozialplanung_enters_costs_and_who_bears_them(client, planer, rathaus, landkreis):
    client.force_login(planer)
    response = client.post(
        kosten_neu(rathaus),
        {
            "jahr": "2026",
            "bezeichnung": "Raum- und Sachkosten",
            "betrag": "6000,50",
            "getragen_von": landkreis.pk,
        },
    )
    assert response.status_code == 302
    saved = Standortkosten.objects.get()
    assert saved.anlaufstelle == rathaus
    assert saved.betrag == Decimal("6000.50")
    assert saved.getragen_von == landkreis
    assert LogEntry.objects.get_for_object(saved).count() == 1


def test_costs_may_leave_the_payer_open(client, planer, rathaus):
    client.force_login(planer)
    client.post(kosten_neu(rathaus), {"jahr": "2025", "bezeichnung": "Sachkosten", "betrag": "0"})
    saved = Standortkosten.objects.get()
    assert saved.getragen_von is None
    assert saved.betrag == 0


def test_the_page_lists_both_years_with_sums(
    client, planer, rathaus, diakoniestation, kreisjugendamt, gemeindeverwaltung, landkreis
):
    anteil(rathaus, diakoniestation)
    anteil(rathaus, kreisjugendamt)
    anteil(rathaus, gemeindeverwaltung, prozent=10, aufgabe="Koordination der Gemeinde")
    anteil(rathaus, kreisjugendamt, jahr=2025, prozent=50)
    kosten(rathaus, getragen_von=gemeindeverwaltung)
    kosten(rathaus, jahr=2025, betrag=Decimal("5850.00"))
    client.force_login(planer)
    html = client.get(detail(rathaus)).content.decode()
    assert html.index(">2026</h3>") < html.index(">2025</h3>")
    assert "Personal und Kosten je Jahr" in html
    assert "Koordination der Gemeinde" in html
    assert "27,5 %" in html
    assert "65 %" in html  # 27.5 + 27.5 + 10
    assert "6.000,00 €" in html
    assert "5.850,00 €" in html
    assert "Gemeindeverwaltung Pliezhausen" in html
    assert reverse("sprechstunden:staff_stellenanteil_neu", args=[rathaus.pk]) in html


def test_a_counsellor_sees_the_figures_but_no_way_to_change_them(
    client, beratung, rathaus, diakoniestation
):
    eintrag = anteil(rathaus, diakoniestation)
    client.force_login(beratung)
    html = client.get(detail(rathaus)).content.decode()
    assert "Diakoniestation Metzingen" in html
    assert reverse("sprechstunden:staff_stellenanteil_neu", args=[rathaus.pk]) not in html
    assert (
        reverse("sprechstunden:staff_stellenanteil_loeschen", args=[rathaus.pk, eintrag.pk])
        not in html
    )


def test_sozialplanung_changes_and_deletes_a_share(client, planer, rathaus, diakoniestation):
    eintrag = anteil(rathaus, diakoniestation)
    client.force_login(planer)
    url = reverse("sprechstunden:staff_stellenanteil_bearbeiten", args=[rathaus.pk, eintrag.pk])
    assert client.get(url).context["form"]["prozent"].value() == Decimal("27.5")
    response = client.post(
        url,
        {"jahr": "2026", "traeger": diakoniestation.pk, "prozent": "30", "aufgabe": "Sozialarbeit"},
    )
    assert response.status_code == 302
    eintrag.refresh_from_db()
    assert eintrag.prozent == Decimal("30")
    loeschen = reverse("sprechstunden:staff_stellenanteil_loeschen", args=[rathaus.pk, eintrag.pk])
    assert "Stellenanteil von Diakoniestation Metzingen (2026) löschen?" in (
        client.get(loeschen).content.decode()
    )
    assert client.post(loeschen).status_code == 302
    assert not Stellenanteil.objects.exists()


def test_sozialplanung_changes_and_deletes_costs(client, planer, rathaus, landkreis):
    eintrag = kosten(rathaus)
    client.force_login(planer)
    url = reverse("sprechstunden:staff_kosten_bearbeiten", args=[rathaus.pk, eintrag.pk])
    response = client.post(
        url,
        {"jahr": "2026", "bezeichnung": "Koordination", "betrag": "6100", "getragen_von": ""},
    )
    assert response.status_code == 302
    eintrag.refresh_from_db()
    assert (eintrag.bezeichnung, eintrag.betrag) == ("Koordination", Decimal("6100"))
    loeschen = reverse("sprechstunden:staff_kosten_loeschen", args=[rathaus.pk, eintrag.pk])
    assert client.post(loeschen).status_code == 302
    assert not Standortkosten.objects.exists()


# Bad input


def anteil_daten(organisation, /, **overrides):
    return {
        "jahr": "2026",
        "traeger": organisation.pk,
        "prozent": "27,5",
        "aufgabe": "",
        **overrides,
    }


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"jahr": ""}, "jahr", "zwingend erforderlich"),
        ({"jahr": "zwanzig"}, "jahr", "ganze Zahl"),
        ({"jahr": "1999"}, "jahr", "größer oder gleich 2000"),
        ({"jahr": "2101"}, "jahr", "kleiner oder gleich 2100"),
        ({"traeger": ""}, "traeger", "zwingend erforderlich"),
        ({"traeger": "999999"}, "traeger", "gültige Auswahl"),
        ({"prozent": ""}, "prozent", "zwingend erforderlich"),
        ({"prozent": "viel"}, "prozent", "Zahl"),
        ({"prozent": "0"}, "prozent", "größer als 0 Prozent"),
        ({"prozent": "-10"}, "prozent", "größer als 0 Prozent"),
        ({"prozent": "1000,1"}, "prozent", "Höchstens 1000 Prozent"),
        ({"prozent": "27,55"}, "prozent", "Dezimalstelle"),
        ({"aufgabe": "x" * 121}, "aufgabe", "höchstens 120 Zeichen"),
        ({"aufgabe": "<script>alert(1)</script>"}, "aufgabe", "ohne HTML-Auszeichnungen"),
    ],
)
def test_bad_shares_are_named_at_the_field_and_nothing_is_saved(
    client, planer, rathaus, diakoniestation, overrides, field, message
):
    client.force_login(planer)
    response = client.post(anteil_neu(rathaus), anteil_daten(diakoniestation, **overrides))
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    html = response.content.decode()
    assert f'id="id_{field}_error"' in html
    assert "<script>alert(1)</script>" not in html
    assert not Stellenanteil.objects.exists()


def test_the_same_employer_task_and_year_twice_is_refused_at_the_field(
    client, planer, rathaus, diakoniestation
):
    anteil(rathaus, diakoniestation)
    client.force_login(planer)
    response = client.post(
        anteil_neu(rathaus), anteil_daten(diakoniestation, aufgabe="Sozialarbeit")
    )
    assert response.status_code == 200
    assert "schon einen Stellenanteil" in " ".join(response.context["form"].errors["aufgabe"])
    assert Stellenanteil.objects.count() == 1
    # Another year, or another task, is a row of its own.
    client.post(anteil_neu(rathaus), anteil_daten(diakoniestation, jahr="2027"))
    client.post(anteil_neu(rathaus), anteil_daten(diakoniestation, aufgabe="Gruppenangebote"))
    assert Stellenanteil.objects.count() == 3


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"bezeichnung": ""}, "bezeichnung", "zwingend erforderlich"),
        ({"bezeichnung": "x" * 121}, "bezeichnung", "höchstens 120 Zeichen"),
        ({"bezeichnung": "<b>Sachkosten</b>"}, "bezeichnung", "ohne HTML-Auszeichnungen"),
        ({"betrag": ""}, "betrag", "zwingend erforderlich"),
        ({"betrag": "-1"}, "betrag", "nicht negativ"),
        ({"betrag": "sechstausend"}, "betrag", "Zahl"),
        ({"betrag": "123456789,00"}, "betrag", "höchstens 10 Ziffern"),
        ({"betrag": "6000,123"}, "betrag", "2 Dezimalstellen"),
        ({"jahr": "3000"}, "jahr", "kleiner oder gleich 2100"),
        ({"getragen_von": "999999"}, "getragen_von", "gültige Auswahl"),
    ],
)
def test_bad_costs_are_named_at_the_field_and_nothing_is_saved(
    client, planer, rathaus, overrides, field, message
):
    client.force_login(planer)
    data = {"jahr": "2026", "bezeichnung": "Sachkosten", "betrag": "6000", **overrides}
    response = client.post(kosten_neu(rathaus), data)
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert f'id="id_{field}_error"' in response.content.decode()
    assert not Standortkosten.objects.exists()


def test_an_inactive_organisation_cannot_be_chosen(client, planer, rathaus):
    alt = Organisation.objects.create(name="Alter Träger", art=OrganisationArt.TRAEGER, aktiv=False)
    client.force_login(planer)
    response = client.post(anteil_neu(rathaus), anteil_daten(alt))
    assert "gültige Auswahl" in " ".join(response.context["form"].errors["traeger"])
    assert not Stellenanteil.objects.exists()


# Another place's rows


def test_another_places_rows_are_not_found_and_stay(
    client, planer, rathaus, anderswo, diakoniestation
):
    fremder_anteil = anteil(anderswo, diakoniestation)
    fremde_kosten = kosten(anderswo)
    client.force_login(planer)
    for name, eintrag in [
        ("staff_stellenanteil_bearbeiten", fremder_anteil),
        ("staff_stellenanteil_loeschen", fremder_anteil),
        ("staff_kosten_bearbeiten", fremde_kosten),
        ("staff_kosten_loeschen", fremde_kosten),
    ]:
        url = reverse(f"sprechstunden:{name}", args=[rathaus.pk, eintrag.pk])
        assert client.get(url).status_code == 404
        assert client.post(url, {"jahr": "2026", "prozent": "1", "betrag": "1"}).status_code == 404
    assert Stellenanteil.objects.get() == fremder_anteil
    assert Stellenanteil.objects.get().prozent == Decimal("27.5")
    assert Standortkosten.objects.get().betrag == 6000
    missing = reverse("sprechstunden:staff_kosten_neu", args=[999999])
    assert client.get(missing).status_code == 404


def test_a_posted_place_id_does_not_move_the_row_elsewhere(
    client, planer, rathaus, anderswo, diakoniestation
):
    client.force_login(planer)
    data = {**anteil_daten(diakoniestation), "anlaufstelle": anderswo.pk}
    client.post(anteil_neu(rathaus), data)
    assert Stellenanteil.objects.get().anlaufstelle == rathaus


def test_a_place_with_figures_is_not_deleted(client, planer, anderswo):
    kosten(anderswo)
    client.force_login(planer)
    response = client.post(
        reverse("sprechstunden:staff_anlaufstelle_loeschen", args=[anderswo.pk]), follow=True
    )
    assert "Stellenanteile oder Kosten" in response.content.decode()
    assert Anlaufstelle.objects.filter(pk=anderswo.pk).exists()


# The page stays cheap


def test_the_page_costs_the_same_queries_for_one_and_many_rows(
    client, planer, rathaus, diakoniestation, landkreis
):
    anteil(rathaus, diakoniestation)
    kosten(rathaus, getragen_von=landkreis)
    client.force_login(planer)
    client.get(detail(rathaus))
    with CaptureQueriesContext(connection) as wenige:
        client.get(detail(rathaus))
    for jahr in range(2010, 2026):
        traeger = Organisation.objects.create(name=f"Träger {jahr}", art=OrganisationArt.TRAEGER)
        anteil(rathaus, traeger, jahr=jahr)
        kosten(rathaus, jahr=jahr, getragen_von=traeger)
    with CaptureQueriesContext(connection) as viele:
        response = client.get(detail(rathaus))
    assert len(response.context["planungsdaten"]) == 17
    assert len(viele) == len(wenige)


# The models' constraints


@pytest.mark.parametrize(
    "werte",
    [{"prozent": Decimal("0")}, {"prozent": Decimal("-5")}, {"prozent": Decimal("1000.1")}],
)
def test_the_database_refuses_shares_out_of_range(rathaus, diakoniestation, werte):
    with pytest.raises(IntegrityError), transaction.atomic():
        anteil(rathaus, diakoniestation, **werte)


def test_the_database_refuses_a_year_out_of_range_and_a_duplicate(rathaus, diakoniestation):
    with pytest.raises(IntegrityError), transaction.atomic():
        anteil(rathaus, diakoniestation, jahr=1999)
    anteil(rathaus, diakoniestation)
    with pytest.raises(IntegrityError), transaction.atomic():
        anteil(rathaus, diakoniestation, prozent=Decimal("10"))
    anteil(rathaus, diakoniestation, aufgabe="Koordination")  # another task: fine
    assert Stellenanteil.objects.count() == 2


def test_the_database_refuses_negative_costs(rathaus):
    with pytest.raises(IntegrityError), transaction.atomic():
        kosten(rathaus, betrag=Decimal("-0.01"))
    kosten(rathaus, betrag=Decimal("0"))
    assert Standortkosten.objects.count() == 1


def test_an_organisation_with_figures_cannot_be_deleted(rathaus, diakoniestation, landkreis):
    from django.db.models import ProtectedError

    anteil(rathaus, diakoniestation)
    kosten(rathaus, getragen_von=landkreis)
    for organisation in (diakoniestation, landkreis):
        with pytest.raises(ProtectedError):
            organisation.delete()
