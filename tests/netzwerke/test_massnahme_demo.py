"""Demo measures: idempotent, in the intended states, skipped when networks are missing."""

import io

from netzwerke.demo_massnahmen import MASSNAHMEN, seed_massnahmen
from netzwerke.models import Massnahme, MassnahmeStatus, Netzwerk
from saarlouis_portal.konten.demo import seed as seed_konten
from saarlouis_portal.stammdaten.demo import seed as seed_stammdaten
from saarlouis_portal.stammdaten.models import Gebiet

S = MassnahmeStatus


def test_demo_measures_are_idempotent_and_in_various_states(db):
    seed_stammdaten(io.StringIO())
    seed_konten(io.StringIO())
    stadt = Gebiet.objects.get(name="Kreisstadt Saarlouis")
    for name in (
        "Netzwerk Sprachförderung",
        "Netzwerk Bildung und Erziehung",
        "Lokales Bündnis für Familie",
        "Netzwerk Bereitstellung von Wohnraum",
        "Faire Stadt Saarlouis",
    ):
        Netzwerk.objects.create(name=name, gebiet=stadt)
    seed_massnahmen(io.StringIO())
    seed_massnahmen(io.StringIO())
    assert Massnahme.objects.count() == len(MASSNAHMEN)
    assert not Massnahme.objects.filter(ist_demo=False).exists()
    status = dict(Massnahme.objects.values_list("titel", "status"))
    assert status["Sprachcafé im Quartier Roden"] == S.BESCHLOSSEN
    assert status["Lernpatenschaften für Grundschulkinder"] == S.LAUFEND
    assert status["Familienlotsen in Fraulautern"] == S.IDEE
    assert status["Stadtfest mit Einweggeschirr"] == S.ABGELEHNT
    laufend = Massnahme.objects.get(status=S.LAUFEND)
    assert laufend.meilensteine.count() == 3
    assert laufend.pruefung.ist_abgeschlossen
    assert not Massnahme.objects.get(titel="Wohnraumbörse für Familien").pruefung.ist_abgeschlossen
    assert laufend.statuswechsel.count() == 4  # created, geprüft, beschlossen, laufend
    # Four eyes: the coordination submitted each check, Sozialplanung approved it.
    assert laufend.pruefung.eingereicht_von.email == "netzwerk@example.org"
    assert laufend.pruefung.geprueft_von.email == "sozialplanung@example.org"
    # One check waits for Sozialplanung's approval (the Cockpit card "Prüfungen zur Freigabe").
    wartend = Massnahme.objects.get(titel="Elterncafé mit Sprachangebot in Steinrausch")
    assert wartend.status == S.IDEE
    assert wartend.pruefung.ist_eingereicht
    assert wartend.pruefung.eingereicht_von.email == "netzwerk@example.org"
    assert wartend.pruefung.geprueft_von is None


def test_the_concepts_measures_rest_on_the_saarlouis_resolution(db):
    import datetime

    from netzwerke.models import Ratsbeschluss

    test_demo_measures_are_idempotent_and_in_various_states(db)
    for titel in ("Sprachcafé im Quartier Roden", "Lernpatenschaften für Grundschulkinder"):
        beschluesse = list(Ratsbeschluss.objects.filter(massnahme__titel=titel))
        assert [(b.gremium, b.datum, b.ergebnis) for b in beschluesse] == [
            ("ausschuss", datetime.date(2022, 11, 22), "einstimmig"),
            ("stadtrat", datetime.date(2023, 2, 9), "einstimmig"),
        ]
        assert beschluesse[0].gremium_name == "Ausschuss für Familie, Soziales, Schule und Sport"
    # Ideas and the rejected measure have none.
    assert Ratsbeschluss.objects.count() == 4


def test_demo_measures_skip_missing_networks(db):
    out = io.StringIO()
    seed_massnahmen(out)
    assert not Massnahme.objects.exists()
    assert "übersprungen" in out.getvalue()
