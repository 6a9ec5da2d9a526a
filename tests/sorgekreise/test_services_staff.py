"""The staff services write a helper, a circle and their child rows as one change: the views
hand over the instance and the cleaned values."""

import datetime

import pytest

from saarlouis_portal.stammdaten.models import Sprache
from sorgekreise import services
from sorgekreise.models import Helfende, HelfendeStatus, Sorgekreis

pytestmark = pytest.mark.django_db

NEUN, ZWOELF, VIERZEHN = datetime.time(9), datetime.time(12), datetime.time(14)


def _save(helfende, user, **werte):
    werte = {
        "faehigkeiten": list(helfende.faehigkeiten.all()) if helfende.pk else [],
        "sprachen": [],
        "gebiete": list(helfende.gebiete.all()) if helfende.pk else [],
        "sorgekreise": list(helfende.sorgekreise.all()) if helfende.pk else [],
        "zeiten": [],
        **werte,
    }
    return services.save_helfende(helfende, user, neu=helfende.pk is None, **werte)


def test_saving_a_helper_replaces_languages_and_weekly_times(helfende, ortsleitung, kreis):
    helfende.erinnerung_gesendet_am = datetime.date(2026, 1, 1)
    helfende.save()
    helfende.fuehrungszeugnis_vom = datetime.date(2026, 2, 1)
    helfende.fuehrungszeugnis_gueltig_bis = datetime.date(2031, 2, 1)
    tuerkisch = Sprache.objects.get(code="tr")
    _save(helfende, ortsleitung, sprachen=[tuerkisch], zeiten=[(3, ZWOELF, VIERZEHN)])
    helfende = Helfende.objects.get(pk=helfende.pk)
    assert list(helfende.sprachen.all()) == [tuerkisch]
    assert list(helfende.verfuegbarkeiten.values_list("wochentag", "beginn", "ende")) == [
        (3, ZWOELF, VIERZEHN)
    ]
    assert list(helfende.sorgekreise.all()) == [kreis]
    assert helfende.erinnerung_gesendet_am is None  # a new certificate is reminded of again


def test_a_new_vetted_helper_records_who_vetted_and_the_consent(ortsleitung, kreis, einkaufen):
    neu = Helfende(name="Neue Helferin", email="neu@example.org", status=HelfendeStatus.GEPRUEFT)
    _save(
        neu, ortsleitung, faehigkeiten=[einkaufen], sorgekreise=[kreis], zeiten=[(1, NEUN, ZWOELF)]
    )
    neu = Helfende.objects.get(name="Neue Helferin")
    assert (neu.erstellt_von, neu.geprueft_von, neu.quelle) == (
        ortsleitung,
        ortsleitung,
        "verwaltung",
    )
    assert neu.einwilligung_am is not None
    assert list(neu.faehigkeiten.all()) == [einkaufen]
    assert neu.verfuegbarkeiten.count() == 1


def test_a_circle_is_saved_with_its_coordinators(quartiersbuero, ortsleitung, planer):
    kreis = services.save_sorgekreis(
        Sorgekreis(name="Sorgekreis Roden", ort=quartiersbuero), koordination=[ortsleitung, planer]
    )
    assert set(Sorgekreis.objects.get(pk=kreis.pk).koordination.all()) == {ortsleitung, planer}
    services.save_sorgekreis(kreis, koordination=[planer])
    assert list(kreis.koordination.all()) == [planer]
