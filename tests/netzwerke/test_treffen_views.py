"""Meetings: create, edit (SEQUENCE), attendance, cancel, public page, minutes visibility."""

import pytest
from django.urls import reverse

from netzwerke.models import Treffen

pytestmark = pytest.mark.django_db


def _daten(**extra):
    data = {
        "titel": "Auftakt",
        "beginn": "2026-12-10T18:00",
        "ende": "2026-12-10T20:00",
        "ort": "Rathaus",
        "tagesordnung": "1. Hallo",
    }
    data.update(extra)
    return data


def test_a_coordinator_creates_a_meeting(client, koordination, netzwerk):
    client.force_login(koordination)
    response = client.post(reverse("netzwerke:treffen_create", args=[netzwerk.pk]), _daten())
    treffen = Treffen.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("netzwerke:treffen_detail", args=[treffen.pk])
    # Entered as Berlin local time.
    assert treffen.beginn.isoformat() == "2026-12-10T17:00:00+00:00"
    assert treffen.sequenz == 0


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"ende": "2026-12-10T17:00"}, "Das Ende muss nach dem Beginn liegen."),
        ({"ende": "2026-12-10T18:00"}, "Das Ende muss nach dem Beginn liegen."),
        ({"beginn": "morgen"}, "gültiges Datum"),
        ({"beginn": ""}, "zwingend erforderlich"),
        ({"titel": "<script>x</script>"}, "ohne HTML"),
        ({"titel": "x" * 161}, "höchstens 160"),
        ({"ort": "<img src=x>"}, "ohne HTML"),
        ({"tagesordnung": "x" * 10001}, "höchstens 10000"),
        ({"treffpunkt": "999999"}, "gültige Auswahl"),
        ({"treffpunkt": "abc"}, "gültige Auswahl"),
        ({"treffpunkt": "9" * 30}, "gültige Auswahl"),
    ],
)
def test_bad_input_is_rejected(client, koordination, netzwerk, extra, message):
    client.force_login(koordination)
    response = client.post(reverse("netzwerke:treffen_create", args=[netzwerk.pk]), _daten(**extra))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Treffen.objects.exists()


def test_editing_the_time_raises_the_sequence_but_minutes_do_not(
    client, koordination, treffen, mitglied
):
    client.force_login(koordination)
    url = reverse("netzwerke:treffen_update", args=[treffen.pk])
    base = _daten(
        titel=treffen.titel,
        ort=treffen.ort,
        tagesordnung=treffen.tagesordnung,
        protokoll="Neu",
        anwesende=[mitglied.organisation_id],
    )
    assert client.post(url, base).status_code == 302
    treffen.refresh_from_db()
    assert treffen.sequenz == 0
    assert list(treffen.anwesende.all()) == [mitglied.organisation]
    assert client.post(url, {**base, "beginn": "2026-12-10T18:30"}).status_code == 302
    treffen.refresh_from_db()
    assert treffen.sequenz == 1


def test_attendance_only_from_members(client, koordination, treffen, traeger):
    client.force_login(koordination)
    response = client.post(
        reverse("netzwerke:treffen_update", args=[treffen.pk]), _daten(anwesende=[traeger.pk])
    )
    assert "gültige Auswahl" in response.content.decode()


@pytest.mark.parametrize("wert", ["9" * 30, str(2**63), "-" + "9" * 30])
def test_an_id_beyond_64_bits_in_the_attendance_is_a_message(
    client, koordination, treffen, mitglied, wert
):
    """SQLite cannot bind such a number in the "IN" query: it was a server error."""
    client.force_login(koordination)
    response = client.post(
        reverse("netzwerke:treffen_update", args=[treffen.pk]),
        _daten(titel="Geändert", anwesende=[mitglied.organisation_id, wert]),
    )
    assert response.status_code == 200
    assert "gültige Auswahl" in " ".join(response.context["form"].errors["anwesende"])
    treffen.refresh_from_db()
    assert treffen.titel == "Netzwerktreffen Dezember"
    assert not treffen.anwesende.exists()


def test_cancel(client, koordination, treffen):
    client.force_login(koordination)
    client.post(
        reverse("netzwerke:treffen_update", args=[treffen.pk]),
        _daten(titel=treffen.titel, abgesagt="on"),
    )
    treffen.refresh_from_db()
    assert treffen.abgesagt
    html = client.get(reverse("netzwerke:treffen", args=[treffen.pk])).content.decode()
    assert "abgesagt" in html


def test_script_in_agenda_and_minutes_is_stripped(client, planer, treffen):
    treffen.tagesordnung = "<script>alert(1)</script>**fett**"
    treffen.protokoll = "<script>alert(2)</script>_kursiv_"
    treffen.protokoll_oeffentlich = True
    treffen.save()
    client.force_login(planer)
    for url in (
        reverse("netzwerke:treffen_detail", args=[treffen.pk]),
        reverse("netzwerke:treffen", args=[treffen.pk]),
    ):
        html = client.get(url).content.decode()
        assert "<script>alert" not in html
        assert "<strong>fett</strong>" in html
        assert "<em>kursiv</em>" in html


def test_public_page_hides_internal_minutes(client, treffen):
    html = client.get(reverse("netzwerke:treffen", args=[treffen.pk])).content.decode()
    assert "Netzwerktreffen Dezember" in html
    assert "Geheimes internes Protokoll" not in html
    treffen.protokoll_oeffentlich = True
    treffen.save()
    html = client.get(reverse("netzwerke:treffen", args=[treffen.pk])).content.decode()
    assert "Geheimes internes Protokoll" in html


def test_meetings_of_internal_networks_are_not_public(client, fremdes_netzwerk, treffen):
    treffen.netzwerk = fremdes_netzwerk
    treffen.save()
    assert client.get(reverse("netzwerke:treffen", args=[treffen.pk])).status_code == 404
    assert client.get(reverse("netzwerke:treffen_ics", args=[treffen.pk])).status_code == 404


@pytest.fixture
def quartiersbuero(netzwerk):
    from begegnung.models import Ort, OrtArt

    return Ort.objects.create(
        name="Quartiersbüro Roden",
        art=OrtArt.QUARTIERSBUERO,
        gebiet=netzwerk.gebiet,
        strasse="Holzmühler Weg 1",
        plz="66740",
        ortsname="Saarlouis",
    )


def test_a_meeting_at_an_ort_der_begegnung(client, koordination, netzwerk, quartiersbuero):
    from icalendar import Calendar

    ort = quartiersbuero
    client.force_login(koordination)
    response = client.post(
        reverse("netzwerke:treffen_create", args=[netzwerk.pk]),
        _daten(treffpunkt=str(ort.pk), ort="Raum 2"),
    )
    assert response.status_code == 302
    treffen = Treffen.objects.get()
    assert treffen.treffpunkt.ort == ort
    expected = "Quartiersbüro Roden, Holzmühler Weg 1, 66740 Saarlouis, Raum 2"
    assert treffen.ort_anzeige == expected
    assert expected in client.get(reverse("netzwerke:treffen", args=[treffen.pk])).content.decode()
    ics = client.get(reverse("netzwerke:treffen_ics", args=[treffen.pk])).content
    event = next(c for c in Calendar.from_ical(ics).walk() if c.name == "VEVENT")
    assert str(event["LOCATION"]) == expected


def test_moving_a_meeting_to_another_place_raises_the_sequence(
    client, koordination, treffen, quartiersbuero
):
    client.force_login(koordination)
    url = reverse("netzwerke:treffen_update", args=[treffen.pk])
    base = _daten(titel=treffen.titel, ort=treffen.ort, tagesordnung=treffen.tagesordnung)
    assert client.post(url, {**base, "treffpunkt": str(quartiersbuero.pk)}).status_code == 302
    treffen = Treffen.objects.get(pk=treffen.pk)
    assert treffen.treffpunkt.ort == quartiersbuero
    assert treffen.sequenz == 1
    assert client.post(url, {**base, "treffpunkt": ""}).status_code == 302
    treffen = Treffen.objects.get(pk=treffen.pk)
    assert not hasattr(treffen, "treffpunkt")
    assert treffen.sequenz == 2
    assert treffen.ort_anzeige == treffen.ort


def test_without_a_place_app_a_meeting_has_only_its_free_text_place(
    client, koordination, treffen, monkeypatch
):
    """netzwerke does not depend on begegnung: with no places registered
    (netzwerke.treffpunkte) the form has no place choice and the pages still work."""
    from netzwerke import treffpunkte

    monkeypatch.setattr(treffpunkte, "_registriert", None)
    client.force_login(koordination)
    html = client.get(reverse("netzwerke:treffen_update", args=[treffen.pk])).content.decode()
    assert 'name="treffpunkt"' not in html
    assert 'name="ort"' in html
    assert treffen.ort_anzeige == treffen.ort
    page = client.get(reverse("netzwerke:treffen", args=[treffen.pk])).content.decode()
    assert treffen.ort in page
