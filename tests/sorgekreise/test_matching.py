"""The matching service: every ranking reason, exclusions, ties and no match."""

import datetime

import pytest

from saarlouis_portal.stammdaten.models import Sprache
from sorgekreise.matching import passende_helfende
from sorgekreise.models import HelfendeStatus, Verfuegbarkeit, Vermittlung, VermittlungStatus
from tests.sorgekreise.conftest import faehigkeit, make_anfrage, make_helfende

STICHTAG = datetime.date(2026, 11, 26)


def namen(anfrage):
    return [k.helfende.name for k in passende_helfende(anfrage, stichtag=STICHTAG)]


def gruende(anfrage, name):
    for k in passende_helfende(anfrage, stichtag=STICHTAG):
        if k.helfende.name == name:
            return k.gruende
    raise AssertionError(name)


@pytest.fixture
def anfrage_roden_nord(kreis, einkaufen, roden_nord):
    return make_anfrage(kreis, einkaufen, roden_nord)


def test_skill_match_is_required(kreis, einkaufen, roden_nord, anfrage_roden_nord):
    make_helfende(kreis, name="Anna Einkauf", faehigkeiten=[einkaufen], gebiete=[roden_nord])
    make_helfende(
        kreis, name="Bernd Fahrer", faehigkeiten=[faehigkeit("fahrdienst")], gebiete=[roden_nord]
    )
    assert namen(anfrage_roden_nord) == ["Anna Einkauf"]
    assert "bietet „Einkaufen“ an" in gruende(anfrage_roden_nord, "Anna Einkauf")


def test_no_match_gives_empty_list(anfrage_roden_nord):
    assert passende_helfende(anfrage_roden_nord, stichtag=STICHTAG) == []


def test_only_helpers_of_the_requests_circle(
    kreis, anderer_kreis, einkaufen, roden_nord, anfrage_roden_nord
):
    make_helfende(anderer_kreis, name="Fremde Hilfe", faehigkeiten=[einkaufen])
    make_helfende(None, name="Ohne Kreis", faehigkeiten=[einkaufen])
    assert namen(anfrage_roden_nord) == []


@pytest.mark.parametrize(
    "status", [HelfendeStatus.NEU, HelfendeStatus.PAUSIERT, HelfendeStatus.AUSGESCHIEDEN]
)
def test_paused_left_or_unvetted_helpers_never_match(kreis, einkaufen, anfrage_roden_nord, status):
    make_helfende(kreis, name="Nicht Vermittelbar", faehigkeiten=[einkaufen], status=status)
    assert namen(anfrage_roden_nord) == []


def test_childcare_needs_a_valid_police_certificate(kreis, kinderbetreuung, roden_nord):
    anfrage = make_anfrage(kreis, kinderbetreuung, roden_nord)
    make_helfende(kreis, name="Ohne Zeugnis", faehigkeiten=[kinderbetreuung])
    make_helfende(
        kreis,
        name="Abgelaufen",
        faehigkeiten=[kinderbetreuung],
        fuehrungszeugnis_vom=datetime.date(2020, 1, 1),
        fuehrungszeugnis_gueltig_bis=datetime.date(2026, 11, 25),
    )
    make_helfende(
        kreis,
        name="Gültig",
        faehigkeiten=[kinderbetreuung],
        fuehrungszeugnis_vom=datetime.date(2025, 1, 1),
        fuehrungszeugnis_gueltig_bis=datetime.date(2028, 1, 1),
    )
    assert namen(anfrage) == ["Gültig"]
    assert "Führungszeugnis gültig bis 01.01.2028" in gruende(anfrage, "Gültig")


def test_same_sozialraum_before_stadtteil_before_gemeinde_before_elsewhere(
    kreis, einkaufen, stadt, roden, roden_nord, roden_sued, fraulautern, anfrage_roden_nord
):
    # Named so that name order would be wrong.
    make_helfende(kreis, name="A Anderswo", faehigkeiten=[einkaufen], gebiete=[fraulautern])
    make_helfende(kreis, name="B Gemeinde", faehigkeiten=[einkaufen], gebiete=[stadt])
    make_helfende(kreis, name="C Stadtteil", faehigkeiten=[einkaufen], gebiete=[roden_sued])
    make_helfende(kreis, name="D Sozialraum", faehigkeiten=[einkaufen], gebiete=[roden_nord])
    make_helfende(kreis, name="E Ganzer Stadtteil", faehigkeiten=[einkaufen], gebiete=[roden])
    assert namen(anfrage_roden_nord) == [
        "D Sozialraum",
        "C Stadtteil",
        "E Ganzer Stadtteil",
        # Another Stadtteil of the same Gemeinde counts like the whole Gemeinde.
        "A Anderswo",
        "B Gemeinde",
    ]
    assert "im selben Sozialraum" in gruende(anfrage_roden_nord, "D Sozialraum")
    assert "im selben Stadtteil" in gruende(anfrage_roden_nord, "C Stadtteil")
    assert "in derselben Gemeinde" in gruende(anfrage_roden_nord, "B Gemeinde")
    assert "in derselben Gemeinde" in gruende(anfrage_roden_nord, "A Anderswo")


def test_other_gemeinde_ranks_last(kreis, einkaufen, roden_nord, anfrage_roden_nord):
    from saarlouis_portal.stammdaten.models import Gebiet, GebietArt

    dillingen = Gebiet.objects.create(name="Dillingen", art=GebietArt.GEMEINDE)
    make_helfende(kreis, name="A Dillingen", faehigkeiten=[einkaufen], gebiete=[dillingen])
    make_helfende(kreis, name="Z Roden", faehigkeiten=[einkaufen], gebiete=[roden_nord])
    assert namen(anfrage_roden_nord) == ["Z Roden", "A Dillingen"]
    assert "hilft nicht in dieser Gemeinde" in gruende(anfrage_roden_nord, "A Dillingen")


def _zeit(helfende, tag, von, bis):
    Verfuegbarkeit.objects.create(
        helfende=helfende, wochentag=tag, beginn=datetime.time(von), ende=datetime.time(bis)
    )


def test_availability_full_before_partial_before_none(kreis, einkaufen, roden_nord):
    anfrage = make_anfrage(
        kreis,
        einkaufen,
        roden_nord,
        wochentag=1,
        uhrzeit_von=datetime.time(10),
        uhrzeit_bis=datetime.time(12),
    )
    keine = make_helfende(kreis, name="A Keine", faehigkeiten=[einkaufen])
    _zeit(keine, 2, 10, 12)  # right hours, wrong day
    teil = make_helfende(kreis, name="B Teil", faehigkeiten=[einkaufen])
    _zeit(teil, 1, 11, 14)
    ganz = make_helfende(kreis, name="C Ganz", faehigkeiten=[einkaufen])
    _zeit(ganz, 1, 9, 12)
    assert namen(anfrage) == ["C Ganz", "B Teil", "A Keine"]
    assert "ist zur gewünschten Zeit verfügbar" in gruende(anfrage, "C Ganz")
    assert "ist zur gewünschten Zeit teilweise verfügbar" in gruende(anfrage, "B Teil")
    assert "hat für die gewünschte Zeit nichts eingetragen" in gruende(anfrage, "A Keine")


def test_without_time_window_availability_is_no_reason(kreis, einkaufen, anfrage_roden_nord):
    h = make_helfende(kreis, name="Anna", faehigkeiten=[einkaufen])
    _zeit(h, 0, 8, 9)
    assert not any("Zeit" in g for g in gruende(anfrage_roden_nord, "Anna"))


def test_language_ranks_up(kreis, einkaufen, roden_nord):
    arabisch = Sprache.objects.get(code="ar")
    anfrage = make_anfrage(kreis, einkaufen, roden_nord, sprache=arabisch)
    make_helfende(kreis, name="A Ohne", faehigkeiten=[einkaufen])
    mit = make_helfende(kreis, name="B Mit", faehigkeiten=[einkaufen])
    mit.sprachen.add(arabisch)
    assert namen(anfrage) == ["B Mit", "A Ohne"]
    assert "spricht Arabisch" in gruende(anfrage, "B Mit")


def test_language_mediation_excludes_helpers_without_the_language(kreis, roden_nord):
    sprachmittlung = faehigkeit("sprachmittlung")
    arabisch = Sprache.objects.get(code="ar")
    anfrage = make_anfrage(kreis, sprachmittlung, roden_nord, sprache=arabisch)
    make_helfende(kreis, name="A Ohne", faehigkeiten=[sprachmittlung])
    mit = make_helfende(kreis, name="B Mit", faehigkeiten=[sprachmittlung])
    mit.sprachen.add(arabisch)
    assert namen(anfrage) == ["B Mit"]


def test_active_before_only_vetted(kreis, einkaufen, anfrage_roden_nord):
    make_helfende(kreis, name="A Geprüft", faehigkeiten=[einkaufen])
    make_helfende(kreis, name="B Aktiv", faehigkeiten=[einkaufen], status=HelfendeStatus.AKTIV)
    assert namen(anfrage_roden_nord) == ["B Aktiv", "A Geprüft"]


def test_current_load_ranks_down_and_full_capacity_far_down(
    kreis, einkaufen, roden_nord, anfrage_roden_nord
):
    frei = make_helfende(kreis, name="C Frei", faehigkeiten=[einkaufen])
    eine = make_helfende(kreis, name="A Eine", faehigkeiten=[einkaufen])
    voll = make_helfende(kreis, name="B Voll", faehigkeiten=[einkaufen], max_vermittlungen=1)
    for h in (eine, voll):
        andere = make_anfrage(kreis, einkaufen, roden_nord)
        Vermittlung.objects.create(anfrage=andere, helfende=h, status=VermittlungStatus.ANGENOMMEN)
    # Closed matches are no load.
    erledigt = make_anfrage(kreis, einkaufen, roden_nord)
    Vermittlung.objects.create(
        anfrage=erledigt, helfende=frei, status=VermittlungStatus.ABGESCHLOSSEN
    )
    assert namen(anfrage_roden_nord) == ["C Frei", "A Eine", "B Voll"]
    assert "ausgelastet (1 laufende Vermittlungen)" in gruende(anfrage_roden_nord, "B Voll")
    assert "derzeit keine laufende Vermittlung" in gruende(anfrage_roden_nord, "C Frei")


def test_already_proposed_helper_is_not_listed_again(kreis, einkaufen, anfrage_roden_nord):
    h = make_helfende(kreis, name="Anna", faehigkeiten=[einkaufen])
    Vermittlung.objects.create(anfrage=anfrage_roden_nord, helfende=h)
    assert namen(anfrage_roden_nord) == []


def test_ties_are_broken_by_name_then_id(kreis, einkaufen, roden_nord, anfrage_roden_nord):
    make_helfende(kreis, name="Zora", faehigkeiten=[einkaufen], gebiete=[roden_nord])
    erste = make_helfende(
        kreis, name="anna", email="a1@example.org", faehigkeiten=[einkaufen], gebiete=[roden_nord]
    )
    zweite = make_helfende(
        kreis, name="Anna", email="a2@example.org", faehigkeiten=[einkaufen], gebiete=[roden_nord]
    )
    kandidaten = passende_helfende(anfrage_roden_nord, stichtag=STICHTAG)
    assert [k.punkte for k in kandidaten] == [kandidaten[0].punkte] * 3
    assert [k.helfende.pk for k in kandidaten][:2] == [erste.pk, zweite.pk]
    assert kandidaten[2].helfende.name == "Zora"


def test_query_count_is_flat(
    kreis, einkaufen, roden_nord, anfrage_roden_nord, django_assert_max_num_queries
):
    for i in range(20):
        h = make_helfende(
            kreis,
            name=f"Helfer {i}",
            email=f"h{i}@example.org",
            faehigkeiten=[einkaufen],
            gebiete=[roden_nord],
        )
        _zeit(h, 1, 9, 12)
    with django_assert_max_num_queries(8):
        assert len(passende_helfende(anfrage_roden_nord, stichtag=STICHTAG)) == 20
