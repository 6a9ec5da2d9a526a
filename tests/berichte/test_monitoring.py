"""The social monitoring computation against values worked out by hand."""

import json
import math

import pytest

from berichte.models import Messwert, Monitoring
from berichte.monitoring import als_dict, berechne


# The worked example (fixture ``monitoring`` in tests/berichte/conftest.py): four Sozialräume
# of 1000 people each; "Klein" (100 people, values 90) is left out.
#
# x = Beschäftigtenquote, higher is better; 2024: Nord 10, Ost 10, Süd 12, West 12
#   mean 11, deviations -1 -1 +1 +1, population variance (1+1+1+1)/4 = 1, sd 1
#   z: Nord -1, Ost -1, Süd +1, West +1
# y = SGB-II-Quote, lower is better; 2024: Nord 5, Ost 7, Süd 5, West 7
#   mean 6, sd 1, raw z: -1 +1 -1 +1, sign flipped: Nord +1, Ost -1, Süd +1, West -1
# mean of the z-values: Nord 0, Ost -1, Süd +1, West 0
#   re-standardised: mean 0, sd = sqrt((0+1+1+0)/4) = sqrt(0.5) = 0.7071
#   status index: Nord 0, Ost -1/0.7071 = -1.4142, Süd +1.4142, West 0
#   classes (thresholds +1 / -1 / -1.5): mittel, niedrig, hoch, mittel
#
# Dynamics over 2 years (2022 -> 2024):
# x 2022: Nord 10, Ost 8, Süd 12, West 12 -> change 0, +2, 0, 0
#   mean 0.5, deviations -0.5 +1.5 -0.5 -0.5, variance (0.25+2.25+0.25+0.25)/4 = 0.75
#   sd 0.8660, z: -0.5774, +1.7321, -0.5774, -0.5774 (higher is better, sign kept)
# y 2022: Nord 5, Ost 7, Süd 7, West 7 -> change 0, 0, -2, 0
#   mean -0.5, deviations +0.5 +0.5 -1.5 +0.5, sd 0.8660, raw z +0.5774 +0.5774 -1.7321 +0.5774
#   sign flipped (a falling SGB-II-Quote is good): -0.5774, -0.5774, +1.7321, -0.5774
# mean: Nord -0.5774, Ost +0.5774, Süd +0.5774, West -0.5774
#   re-standardised (sd 0.5774): Nord -1, Ost +1, Süd +1, West -1
#   classes (±0.5): negativ, positiv, positiv, negativ
def _zeilen(ergebnis):
    return {z.gebiet.name: z for z in ergebnis.zeilen}


def test_it_computes_z_values_direction_adjusted(monitoring):
    zeilen = _zeilen(berechne(monitoring))
    assert zeilen["Nord"].z_werte == {"beschaeftigung": -1.0, "sgb2_quote": 1.0}
    assert zeilen["Ost"].z_werte == {"beschaeftigung": -1.0, "sgb2_quote": -1.0}
    assert zeilen["Süd"].z_werte == {"beschaeftigung": 1.0, "sgb2_quote": 1.0}
    assert zeilen["West"].z_werte == {"beschaeftigung": 1.0, "sgb2_quote": -1.0}


def test_it_computes_the_status_index_and_classes(monitoring):
    zeilen = _zeilen(berechne(monitoring))
    assert zeilen["Nord"].status_index == pytest.approx(0)
    assert zeilen["Ost"].status_index == pytest.approx(-math.sqrt(2))  # -1 / sqrt(0.5)
    assert zeilen["Süd"].status_index == pytest.approx(math.sqrt(2))
    assert zeilen["West"].status_index == pytest.approx(0)
    assert [zeilen[n].status_klasse for n in ("Nord", "Ost", "Süd", "West")] == [
        "mittel",
        "niedrig",
        "hoch",
        "mittel",
    ]


def test_it_computes_the_dynamics_index_and_classes(monitoring):
    zeilen = _zeilen(berechne(monitoring))
    assert zeilen["Nord"].dynamik_index == pytest.approx(-1)
    assert zeilen["Ost"].dynamik_index == pytest.approx(1)
    assert zeilen["Süd"].dynamik_index == pytest.approx(1)
    assert zeilen["West"].dynamik_index == pytest.approx(-1)
    assert [zeilen[n].dynamik_klasse for n in ("Nord", "Ost", "Süd", "West")] == [
        "negativ",
        "positiv",
        "positiv",
        "negativ",
    ]
    assert zeilen["Ost"].gesamt == "niedrig / positiv"
    assert zeilen["Süd"].gesamt == "hoch / positiv"


def test_it_flags_small_areas_and_leaves_them_out(monitoring):
    klein = _zeilen(berechne(monitoring))["Klein"]
    assert klein.zu_klein is True
    assert klein.einwohner == 100
    assert klein.status_index is None
    assert klein.status_klasse is None
    assert klein.gesamt is None
    assert klein.z_werte == {"beschaeftigung": None, "sgb2_quote": None}
    # Its raw values are still shown next to the result.
    assert klein.werte["sgb2_quote"] == 90.0


def test_a_stricter_threshold_changes_the_class(monitoring):
    monitoring.schwelle_sehr_niedrig = -1.2
    monitoring.save()
    assert _zeilen(berechne(monitoring))["Ost"].status_klasse == "sehr_niedrig"


def test_an_area_missing_a_value_gets_no_index_and_a_hint(monitoring, sozialraeume):
    Messwert.objects.filter(
        gebiet=sozialraeume["West"], jahr=2024, indikator__schluessel="sgb2_quote"
    ).delete()
    ergebnis = berechne(monitoring)
    west = _zeilen(ergebnis)["West"]
    assert west.status_index is None
    assert west.status_klasse is None
    assert any("West" in h and "SGB-II-Quote" in h for h in ergebnis.hinweise)


def test_the_method_text_states_sd_thresholds_and_years(monitoring):
    methode = berechne(monitoring).methode
    assert "Populations-Standardabweichung" in methode
    assert "2022 bis 2024" in methode
    assert "300" in methode
    assert "\u22121,50" in methode


def test_another_year_can_be_computed(monitoring):
    ergebnis = berechne(monitoring, 2022)
    assert ergebnis.jahr == 2022
    # No values for 2020: no dynamics, and a hint says why.
    assert all(z.dynamik_index is None for z in ergebnis.zeilen)
    assert any("2020" in h for h in ergebnis.hinweise)


def test_als_dict_is_json_serialisable(monitoring):
    data = als_dict(berechne(monitoring))
    text = json.dumps(data)
    assert "Sozialmonitoring 2024" in text
    nord = next(z for z in data["zeilen"] if z["gebiet"]["name"] == "Nord")
    assert nord["status_klasse"] == "mittel"
    assert data["monitoring"]["schwelle_hoch"] == 1.0


def test_an_empty_monitoring_does_not_fail(saarlouis_stadt):
    monitoring = Monitoring.objects.create(name="Leer", gebiet=saarlouis_stadt, jahr=2024)
    ergebnis = berechne(monitoring)
    assert ergebnis.zeilen == []
    assert ergebnis.hinweise
