"""Which stored values a published chapter shows, and which of them have changed since
(berichte.snapshot.gezeigte_werte / neuere_werte, issue 16): read from the snapshot, compared
with the stored values in one query."""

from decimal import Decimal

import pytest

from berichte import services
from berichte.models import Baustein, BausteinArt, Kapitel, KapitelArt, Messwert, Workflow
from berichte.snapshot import gezeigte_werte, neuere_werte


def veroeffentlichen(kapitel, einreicher, freigeber):
    """Four eyes: one person gives the chapter into review, another publishes it."""
    kapitel = services.change_status(kapitel, Workflow.PRUEFUNG, einreicher)
    return services.change_status(kapitel, Workflow.VEROEFFENTLICHT, freigeber)


@pytest.fixture
def veroeffentlicht(armut_kapitel, planer, berichtswesen):
    return veroeffentlichen(armut_kapitel, planer, berichtswesen)


def test_a_draft_shows_nothing_to_compare(armut_kapitel):
    assert gezeigte_werte(armut_kapitel) == {}
    assert neuere_werte(armut_kapitel) == []


def test_it_names_every_value_of_tables_and_time_series(veroeffentlicht, sozialraeume):
    gezeigt = gezeigte_werte(veroeffentlicht)
    nord, sued = sozialraeume["Nord"].pk, sozialraeume["Süd"].pk
    # The table: five Sozialräume in 2026; the chart: Nord and Süd from 2021 to 2026.
    assert len(gezeigt) == 5 + 2 * 6 - 2
    assert gezeigt[("sgb2_quote", nord, 2026)].wert == 12.5
    assert gezeigt[("sgb2_quote", sued, 2021)].wert == 12.0
    assert gezeigt[("sgb2_quote", nord, 2026)].indikator == "SGB-II-Quote"
    assert gezeigt[("sgb2_quote", nord, 2026)].gebiet == "Nord"


def test_right_after_publishing_nothing_is_newer(veroeffentlicht):
    assert neuere_werte(veroeffentlicht) == []


def test_changed_added_and_deleted_values_are_newer(
    armut_kapitel, planer, berichtswesen, sozialraeume, sgb2_quote
):
    # Ost has no value for 2026 when the chapter is published: the table shows a gap.
    Messwert.objects.filter(gebiet=sozialraeume["Ost"], jahr=2026).delete()
    kapitel = veroeffentlichen(armut_kapitel, planer, berichtswesen)
    Messwert.objects.filter(gebiet=sozialraeume["Nord"], jahr=2026).update(wert=Decimal("13"))
    Messwert.objects.create(indikator=sgb2_quote, gebiet=sozialraeume["Ost"], jahr=2026, wert=11)
    Messwert.objects.filter(gebiet=sozialraeume["Süd"], jahr=2021).delete()
    # Not shown by the chapter: no difference.
    Messwert.objects.filter(gebiet=sozialraeume["West"], jahr=2021).update(wert=Decimal("1"))
    abweichungen = neuere_werte(kapitel)
    assert [(a.gebiet, a.jahr, a.veroeffentlicht, a.aktuell) for a in abweichungen] == [
        ("Süd", 2021, 12.0, None),
        ("Nord", 2026, 12.5, 13.0),
        ("Ost", 2026, None, 11.0),
    ]
    assert {a.indikator for a in abweichungen} == {"SGB-II-Quote"}


def test_the_same_figure_stored_again_is_not_newer(veroeffentlicht, sozialraeume):
    Messwert.objects.filter(gebiet=sozialraeume["Nord"], jahr=2026).update(wert=Decimal("12.50"))
    assert neuere_werte(veroeffentlicht) == []


def test_the_comparison_is_one_query(veroeffentlicht, django_assert_num_queries):
    Messwert.objects.update(wert=Decimal("1"))
    with django_assert_num_queries(1):
        assert len(neuere_werte(veroeffentlicht)) == 15


def test_maps_and_the_monitoring_are_compared_too(
    bericht, monitoring, planer, berichtswesen, sozialraeume, sgb2_quote
):
    kapitel = Kapitel.objects.create(
        bericht=bericht, titel="Monitoring", art=KapitelArt.SOZIALMONITORING
    )
    Baustein.objects.create(kapitel=kapitel, art=BausteinArt.MONITORING, monitoring=monitoring)
    karte = Baustein.objects.create(kapitel=kapitel, art=BausteinArt.KARTE, jahr=2022)
    karte.indikatoren.set([sgb2_quote])
    kapitel = veroeffentlichen(kapitel, planer, berichtswesen)
    gezeigt = gezeigte_werte(kapitel)
    ost = sozialraeume["Ost"].pk
    assert gezeigt[("sgb2_quote", ost, 2024)].wert == 7.0  # the monitoring's year
    assert gezeigt[("beschaeftigung", ost, 2024)].wert == 10.0
    assert gezeigt[("sgb2_quote", ost, 2022)].wert == 7.0  # the map's year
    Messwert.objects.filter(gebiet=ost, jahr__in=(2022, 2024), indikator=sgb2_quote).update(
        wert=Decimal("9")
    )
    assert [(a.jahr, a.veroeffentlicht, a.aktuell) for a in neuere_werte(kapitel)] == [
        (2022, 7.0, 9.0),
        (2024, 7.0, 9.0),
    ]


def test_a_snapshot_from_before_the_series_named_their_values_still_works(veroeffentlicht):
    snapshot = veroeffentlicht.snapshot
    for block in snapshot["bausteine"]:
        for reihe in block.get("reihen", []):
            del reihe["indikator_schluessel"], reihe["gebiet_id"]
    Kapitel.objects.filter(pk=veroeffentlicht.pk).update(snapshot=snapshot)
    veroeffentlicht.refresh_from_db()
    # The time series cannot be matched any more; the table still is.
    assert len(gezeigte_werte(veroeffentlicht)) == 5
    Messwert.objects.update(wert=Decimal("1"))
    assert len(neuere_werte(veroeffentlicht)) == 5
