"""The demo data of the reports: invented, marked, deterministic and idempotent."""

import io

from berichte import demo
from berichte.models import Indikator, Messwert, Monitoring
from berichte.monitoring import berechne
from saarlouis_portal.stammdaten import demo as stammdaten_demo
from saarlouis_portal.stammdaten.models import Gebiet


def test_seed_creates_marked_indicators_values_and_a_monitoring(db):
    stammdaten_demo.seed(io.StringIO())
    out = io.StringIO()
    demo.seed(out)
    assert Indikator.objects.filter(ist_demo=True).count() == len(demo.INDIKATOREN)
    assert set(Indikator.objects.values_list("kapitel", flat=True)) == {
        "demografie",
        "armut",
        "migration",
    }
    assert all(i.quelle == "Demodaten – erfundene Werte" for i in Indikator.objects.all())
    roden_nord = Gebiet.objects.get(name="Roden Nord")
    werte = Messwert.objects.filter(gebiet=roden_nord, indikator__schluessel="sgb2_quote")
    assert sorted(werte.values_list("jahr", flat=True)) == list(demo.JAHRE)
    # Stadtteile and the Gemeinde get values too.
    assert Messwert.objects.filter(gebiet__name="Roden", jahr=2025).count() == len(demo.INDIKATOREN)
    assert Messwert.objects.filter(gebiet__name="Kreisstadt Saarlouis", jahr=2025).exists()
    for wert in Messwert.objects.filter(indikator__einheit="prozent"):
        assert 0 <= wert.wert <= 100

    ergebnis = berechne(Monitoring.objects.get(name=demo.MONITORING_NAME))
    zeilen = {z.gebiet.name: z for z in ergebnis.zeilen}
    assert zeilen["Picard"].zu_klein
    assert zeilen["Roden Nord"].status_klasse in {"niedrig", "sehr_niedrig"}
    assert zeilen["Lisdorf"].status_klasse is not None


def test_seed_is_idempotent_and_deterministic(db):
    stammdaten_demo.seed(io.StringIO())
    demo.seed(io.StringIO())
    vorher = {(m.indikator_id, m.gebiet_id, m.jahr): m.wert for m in Messwert.objects.all()}
    demo.seed(io.StringIO())
    nachher = {(m.indikator_id, m.gebiet_id, m.jahr): m.wert for m in Messwert.objects.all()}
    assert nachher == vorher
    assert Monitoring.objects.filter(name=demo.MONITORING_NAME).count() == 1
