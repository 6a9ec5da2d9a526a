"""Issue 14: the public texts of a Sprechstunde and its Anlaufstelle in other languages, given
on the staff forms; German stays the required field and what staff pages show."""

import pytest
from django.urls import reverse

from sprechstunden.models import Anlaufstelle, Sprechstunde
from tests.sprechstunden.test_staff_sprechstunde import valid

SCRIPT = "<script>alert(1)</script>"


def test_staff_save_a_translated_description(client, planer, vormittag, jetzt):
    client.force_login(planer)
    url = reverse("sprechstunden:staff_sprechstunde_bearbeiten", args=[vormittag.pk])
    daten = valid(
        vormittag.anlaufstelle,
        beschreibung="Für alle Fragen rund ums Geld.",
        beschreibung_en="For all questions about money.",
        titel_tr="Sabah danışma saati",
    )
    assert client.post(url, daten).status_code == 302
    sprechstunde = Sprechstunde.objects.get(pk=vormittag.pk)
    assert sprechstunde.titel_de == "Soziale Sprechstunde am Nachmittag"
    assert sprechstunde.beschreibung_de == "Für alle Fragen rund ums Geld."
    assert sprechstunde.beschreibung_en == "For all questions about money."
    assert sprechstunde.titel_tr == "Sabah danışma saati"
    assert sprechstunde.beschreibung_fr is None  # empty: the German text stands in
    staff = client.get(reverse("sprechstunden:staff_sprechstunde", args=[vormittag.pk]))
    assert "Für alle Fragen rund ums Geld." in staff.content.decode()
    assert "For all questions" not in staff.content.decode()


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"titel_en": "x" * 121}, "titel_en", "höchstens 120 Zeichen"),
        ({"titel_en": SCRIPT}, "titel_en", "ohne HTML-Auszeichnungen"),
        ({"beschreibung_uk": "x" * 2001}, "beschreibung_uk", "höchstens 2000 Zeichen"),
        ({"beschreibung_uk": SCRIPT}, "beschreibung_uk", "ohne HTML-Auszeichnungen"),
    ],
)
def test_a_bad_translation_is_refused(client, planer, rathaus, jetzt, overrides, field, message):
    client.force_login(planer)
    response = client.post(
        reverse("sprechstunden:staff_sprechstunde_neu"), valid(rathaus, **overrides)
    )
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert not Sprechstunde.objects.exists()


def test_directions_in_turkish_on_the_place_form(client, planer, rathaus):
    client.force_login(planer)
    url = reverse("sprechstunden:staff_anlaufstelle_bearbeiten", args=[rathaus.pk])
    form = client.get(url).context["form"]
    daten = {
        name: value
        for name, value in form.initial.items()
        if name in form.fields and value is not None
    }
    daten.update(
        gebiet=rathaus.gebiet_id,
        wegbeschreibung="Eingang am Marktplatz.",
        wegbeschreibung_tr="Giriş pazar yerinde.",
        barrierefreiheit_ar=SCRIPT,
    )
    response = client.post(url, daten)
    assert "ohne HTML-Auszeichnungen" in " ".join(
        response.context["form"].errors["barrierefreiheit_ar"]
    )
    daten["barrierefreiheit_ar"] = ""
    assert client.post(url, daten).status_code == 302
    rathaus = Anlaufstelle.objects.get(pk=rathaus.pk)
    assert (rathaus.wegbeschreibung_de, rathaus.wegbeschreibung_tr) == (
        "Eingang am Marktplatz.",
        "Giriş pazar yerinde.",
    )
    assert rathaus.barrierefreiheit_ar is None
