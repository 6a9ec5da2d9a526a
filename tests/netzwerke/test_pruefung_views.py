"""The sustainability check pages: edit, complete, print page and PDF."""

import shutil
import subprocess

import pytest
from django.urls import reverse

from netzwerke.models import (
    Bewertung,
    MassnahmeStatus,
    Nachhaltigkeitspruefung,
    Nachhaltigkeitsziel,
    Praemisse,
)
from netzwerke.services_massnahmen import complete_check, submit_check
from tests.netzwerke.conftest import beschliessen, fill_pruefung, pruefen_und_freigeben


def _formular(**changes):
    data = {
        "ziele": [Nachhaltigkeitsziel.objects.get(nummer=4).pk],
        "ergebnis": "mit_auflagen",
        "empfehlung": "Barrierefreie Räume wählen.",
        "abwaegung": "",
    }
    for p in Praemisse.values:
        data[f"bewertung_{p}"] = Bewertung.POSITIV
        data[f"begruendung_{p}"] = f"Begründung {p}"
    data.update(changes)
    return data


def test_the_check_page_creates_one_row_per_premise(client, koordination, massnahme):
    client.force_login(koordination)
    response = client.get(reverse("netzwerke:pruefung", args=[massnahme.pk]))
    assert response.status_code == 200
    assert Nachhaltigkeitspruefung.objects.get(massnahme=massnahme).bewertungen.count() == len(
        Praemisse
    )
    content = response.content.decode()
    for praemisse in Praemisse:
        assert str(praemisse.label) in content
    assert "SDG 17: Partnerschaften zur Erreichung der Ziele" in content


def test_fill_save_submit_and_complete(client, koordination, zweite_koordination, massnahme):
    client.force_login(koordination)
    url = reverse("netzwerke:pruefung", args=[massnahme.pk])
    response = client.post(
        url, _formular(bewertung_fairness=Bewertung.NICHT_RELEVANT, begruendung_fairness="")
    )
    assert response.status_code == 302
    pruefung = Nachhaltigkeitspruefung.objects.get(massnahme=massnahme)
    assert pruefung.ergebnis == "mit_auflagen"
    assert pruefung.bewertungen.get(praemisse="fairness").bewertung == Bewertung.NICHT_RELEVANT
    assert list(pruefung.ziele.values_list("nummer", flat=True)) == [4]
    response = client.post(reverse("netzwerke:pruefung_vorlegen", args=[massnahme.pk]), follow=True)
    assert "Die Prüfung ist zur Freigabe vorgelegt." in response.content.decode()
    # Four eyes: the second coordinator of the network approves it.
    client.force_login(zweite_koordination)
    response = client.post(
        reverse("netzwerke:pruefung_abschliessen", args=[massnahme.pk]), follow=True
    )
    assert "Die Nachhaltigkeitsprüfung ist abgeschlossen." in response.content.decode()
    massnahme.refresh_from_db()
    pruefung.refresh_from_db()
    assert massnahme.status == MassnahmeStatus.GEPRUEFT
    assert pruefung.eingereicht_von == koordination
    assert pruefung.geprueft_von == zweite_koordination


def test_a_draft_may_stay_incomplete_but_cannot_be_completed(client, koordination, massnahme):
    client.force_login(koordination)
    data = _formular(ergebnis="", bewertung_sozial="", begruendung_sozial="")
    assert client.post(reverse("netzwerke:pruefung", args=[massnahme.pk]), data).status_code == 302
    response = client.post(
        reverse("netzwerke:pruefung_abschliessen", args=[massnahme.pk]), follow=True
    )
    content = response.content.decode()
    assert "Die Prüfung kann noch nicht abgeschlossen werden." in content
    assert "„Soziale Nachhaltigkeit“ ist nicht bewertet." in content
    assert "Das Ergebnis der Prüfung fehlt." in content
    assert not Nachhaltigkeitspruefung.objects.get(massnahme=massnahme).ist_abgeschlossen


@pytest.mark.parametrize(
    ("changes", "feld", "text"),
    [
        ({"begruendung_sozial": ""}, "begruendung_sozial", "begründen"),
        ({"bewertung_oekologisch": Bewertung.STARK_NEGATIV}, "abwaegung", "stark negative"),
        ({"bewertung_sozial": "super"}, "bewertung_sozial", "gültige Auswahl"),
        ({"ergebnis": "vielleicht"}, "ergebnis", "gültige Auswahl"),
        ({"ziele": ["999999"]}, "ziele", "gültige Auswahl"),
        ({"empfehlung": "x" * 5001}, "empfehlung", "höchstens 5000 Zeichen"),
        ({"begruendung_teilhabe": "x" * 3001}, "begruendung_teilhabe", "höchstens 3000"),
        ({"empfehlung": "<script>alert(1)</script>"}, "empfehlung", "ohne HTML"),
    ],
)
def test_bad_input_is_said_at_the_field(client, koordination, massnahme, changes, feld, text):
    client.force_login(koordination)
    response = client.post(reverse("netzwerke:pruefung", args=[massnahme.pk]), _formular(**changes))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert feld in errors, errors
    assert text in " ".join(errors[feld])
    assert f'href="#id_{feld}' in response.content.decode()  # the summary links to the field
    pruefung = Nachhaltigkeitspruefung.objects.get(massnahme=massnahme)
    assert pruefung.ergebnis == ""
    assert not pruefung.bewertungen.exclude(bewertung="").exists()


def test_editing_a_completed_check_reopens_it(client, koordination, zweite_koordination, massnahme):
    pruefen_und_freigeben(massnahme, zweite_koordination, koordination)
    client.force_login(koordination)
    response = client.post(
        reverse("netzwerke:pruefung", args=[massnahme.pk]), _formular(), follow=True
    )
    assert "wieder offen" in response.content.decode()
    massnahme.refresh_from_db()
    assert massnahme.status == MassnahmeStatus.IDEE
    assert not massnahme.pruefung.ist_abgeschlossen


def test_the_check_of_a_decided_measure_cannot_be_edited(
    client, koordination, zweite_koordination, massnahme
):
    beschliessen(massnahme, koordination, zweite_koordination)
    client.force_login(koordination)
    url = reverse("netzwerke:pruefung", args=[massnahme.pk])
    response = client.get(url, follow=True)
    assert "kann nicht mehr geändert werden" in response.content.decode()
    client.post(url, _formular(empfehlung="Anders"))
    massnahme.pruefung.refresh_from_db()
    assert massnahme.pruefung.empfehlung == ""
    assert massnahme.pruefung.ist_abgeschlossen


def test_print_page(client, koordination, zweite_koordination, massnahme, settings):
    settings.PORTAL_NAME = "Kreisstadt Saarlouis"
    pruefen_und_freigeben(massnahme, zweite_koordination, koordination)
    client.force_login(koordination)
    response = client.get(reverse("netzwerke:pruefung_druck", args=[massnahme.pk]))
    content = response.content.decode()
    assert "Kreisstadt Saarlouis" in content
    assert "Sprachcafé im Quartier" in content
    assert "Ökologische Nachhaltigkeit" in content
    assert "SDG 4: Hochwertige Bildung" in content
    # The inline style carries the page's CSP nonce.
    assert 'style nonce="' in content


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) fehlt")
def test_pdf_contains_title_ratings_and_result(
    client, koordination, zweite_koordination, massnahme, tmp_path
):
    pruefung = fill_pruefung(massnahme)
    pruefung.bewertungen.filter(praemisse=Praemisse.OEKOLOGISCH).update(
        bewertung=Bewertung.STARK_NEGATIV
    )
    pruefung.abwaegung = "Der soziale Nutzen überwiegt."
    pruefung.save()
    submit_check(pruefung, zweite_koordination)
    complete_check(pruefung, koordination)
    client.force_login(koordination)
    response = client.get(reverse("netzwerke:pruefung_pdf", args=[massnahme.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    pdf = tmp_path / "pruefung.pdf"
    pdf.write_bytes(response.content)
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Nachhaltigkeitsprüfung" in text
    assert "Sprachcafé im Quartier" in text
    assert "stark negativ" in text
    assert "positiv" in text
    assert "Empfohlen" in text
    assert "Der soziale Nutzen überwiegt." in text
    assert "koordination@example.org" in text
    assert "Seite 1 von" in text
