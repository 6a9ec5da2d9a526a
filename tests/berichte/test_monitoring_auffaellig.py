"""The flagged Sozialräume of a monitoring result (berichte.monitoring_seite.auffaellige): low
or very low status or negative dynamics, each with its reasons in words; areas too small to
classify are never flagged. Values: the worked example of tests/berichte/conftest.py."""

from decimal import Decimal

from berichte.models import Messwert
from berichte.monitoring import berechne
from berichte.monitoring_seite import auffaellige


def namen(ergebnis):
    return [a.zeile.gebiet.name for a in auffaellige(ergebnis)]


def gruende(ergebnis, name):
    return next(a.gruende for a in auffaellige(ergebnis) if a.zeile.gebiet.name == name)


def test_low_status_and_negative_dynamics_are_flagged_lowest_status_first(monitoring):
    # Ost: status −1,41 (niedrig); Nord and West: dynamics −1,00 (negativ); Süd: hoch/positiv.
    assert namen(berechne(monitoring)) == ["Ost", "Nord", "West"]


def test_each_reason_names_the_index_and_its_threshold(monitoring):
    ergebnis = berechne(monitoring)
    assert gruende(ergebnis, "Ost")[0] == (
        "Statusindex −1,41 unter der Schwelle „niedrig“ (−1,00)."
    )
    assert gruende(ergebnis, "Nord")[0] == "Dynamikindex −1,00 unter −0,50 (negativ)."


def test_each_indicator_that_crossed_a_threshold_is_named(monitoring, sozialraeume, sgb2_quote):
    # Ost's SGB-II-Quote rises to 20 %: far below the others once direction-adjusted.
    # SGB-II 2024 of Nord, Ost, Süd, West: 5, 20, 5, 7; mean 9,25, population sd 6,26, so Ost's
    # z-value is −10,75 / 6,26 = −1,72 (flipped: lower is better). Status index: the means
    # −0,16, −1,36, +0,84, +0,68 re-standardised (sd 0,87) give Ost −1,56.
    Messwert.objects.filter(indikator=sgb2_quote, gebiet=sozialraeume["Ost"], jahr=2024).update(
        wert=Decimal("20")
    )
    ergebnis = berechne(monitoring)
    ost = next(z for z in ergebnis.zeilen if z.gebiet.name == "Ost")
    assert ost.status_klasse == "sehr_niedrig"
    text = " ".join(gruende(ergebnis, "Ost"))
    assert "Statusindex −1,56 unter der Schwelle „sehr niedrig“ (−1,50)." in text
    assert (
        "SGB-II-Quote: 20,0\u00a0% im Jahr 2024, z-Wert −1,72 (richtungsbereinigt) unter der "
        "Schwelle „sehr niedrig“ (−1,50)."
    ) in text
    # The change of 7 → 20 in two years is the worst dynamics of the SGB-II-Quote.
    assert (
        "SGB-II-Quote: Veränderung 2022 bis 2024 um +13,0, z-Wert −1,72 (richtungsbereinigt) "
        "unter −0,50."
    ) in text
    # An indicator above the thresholds is not given as a reason.
    assert "Beschäftigtenquote: 10,0" not in text


def test_areas_too_small_and_areas_doing_well_are_not_flagged(monitoring):
    ergebnis = berechne(monitoring)
    assert "Klein" not in namen(ergebnis)
    assert "Süd" not in namen(ergebnis)


def test_other_thresholds_flag_other_areas(monitoring):
    monitoring.schwelle_niedrig = Decimal("-1.5")
    monitoring.schwelle_sehr_niedrig = Decimal("-2")
    monitoring.schwelle_dynamik = Decimal("1.5")
    assert namen(berechne(monitoring)) == []


def test_without_indicators_nothing_is_flagged(monitoring):
    monitoring.indikatoren.clear()
    assert namen(berechne(monitoring)) == []
