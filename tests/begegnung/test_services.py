"""The services of the places: stage changes with history, the stage checklist, "open now",
saving opening hours and offers with their dates, and the next dates of offers."""

from datetime import date, datetime, time
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import FieldDoesNotExist
from django.db import IntegrityError

from begegnung import services
from begegnung.models import (
    Angebot,
    AngebotTermin,
    Ausnahme,
    KriteriumArt,
    Oeffnungszeit,
    Ort,
    PartnerRolle,
    Partnerschaft,
    Stelle,
    Stufe,
    Stufenkriterium,
    Wiederholung,
)
from saarlouis_portal.stammdaten.models import Organisation, OrganisationArt, Sprache, Thema

BERLIN = ZoneInfo("Europe/Berlin")
pytestmark = pytest.mark.django_db


def test_default_checklist_is_seeded():
    kriterien = {(k.stufe, k.art): k.schwellwert for k in Stufenkriterium.objects.all()}
    assert kriterien[(Stufe.ORT_DER_BEGEGNUNG, KriteriumArt.MIN_OEFFNUNGSTAGE)] == 2
    assert kriterien[(Stufe.ORT_DER_BEGEGNUNG, KriteriumArt.MIN_TRAEGER)] == 1
    assert kriterien[(Stufe.ORT_DER_BEGEGNUNG, KriteriumArt.MIN_ANGEBOTE)] == 1
    assert kriterien[(Stufe.ANLAUFSTELLE, KriteriumArt.MIN_FACHBEREICHE)] == 2
    assert kriterien[(Stufe.ANLAUFSTELLE, KriteriumArt.MIN_TRAEGER)] == 2
    assert kriterien[(Stufe.ANLAUFSTELLE, KriteriumArt.MIN_STELLEN)] == Decimal("2.0")
    assert kriterien[(Stufe.ANLAUFSTELLE, KriteriumArt.MIN_OEFFNUNGSSTUNDEN)] == 20


def test_set_stufe_records_history_and_drops_higher_stages(anderer_ort):
    services.set_stufe(anderer_ort, Stufe.SATELLIT, date(2024, 1, 10))
    services.set_stufe(anderer_ort, Stufe.ORT_DER_BEGEGNUNG, date(2025, 3, 1))
    services.set_stufe(anderer_ort, Stufe.ANLAUFSTELLE, date(2026, 5, 1))
    assert [(s.stufe, s.erreicht_am) for s in anderer_ort.stufen.all()] == [
        (Stufe.SATELLIT, date(2024, 1, 10)),
        (Stufe.ORT_DER_BEGEGNUNG, date(2025, 3, 1)),
        (Stufe.ANLAUFSTELLE, date(2026, 5, 1)),
    ]
    services.set_stufe(anderer_ort, Stufe.ORT_DER_BEGEGNUNG)
    anderer_ort.refresh_from_db()
    assert anderer_ort.stufe == Stufe.ORT_DER_BEGEGNUNG
    # Stepping back keeps the first date of the stage and forgets the higher one.
    assert [(s.stufe, s.erreicht_am) for s in anderer_ort.stufen.all()] == [
        (Stufe.SATELLIT, date(2024, 1, 10)),
        (Stufe.ORT_DER_BEGEGNUNG, date(2025, 3, 1)),
    ]


def _traeger(name):
    return Organisation.objects.create(name=name, art=OrganisationArt.TRAEGER)


def test_checklist_for_anlaufstelle(quartiersbuero):
    ort = quartiersbuero  # Ort der Begegnung: its checklist is the one for Anlaufstelle
    punkte = {p.kriterium.art: p for p in services.build_checkliste(ort)}
    assert set(punkte) == {
        KriteriumArt.MIN_FACHBEREICHE,
        KriteriumArt.MIN_TRAEGER,
        KriteriumArt.MIN_STELLEN,
        KriteriumArt.MIN_OEFFNUNGSSTUNDEN,
    }
    assert not any(p.erfuellt for p in punkte.values())

    a, b = _traeger("Träger A"), _traeger("Träger B")
    Partnerschaft.objects.create(ort=ort, organisation=a, rolle=PartnerRolle.TRAEGER)
    Partnerschaft.objects.create(ort=ort, organisation=b, rolle=PartnerRolle.MITTRAEGER)
    Stelle.objects.create(ort=ort, fachbereich="kinder_jugend", arbeitgeber=a, anteil="1.0")
    Stelle.objects.create(ort=ort, fachbereich="sozialer_dienst", arbeitgeber=b, anteil="0.75")
    for tag in range(5):  # 5 × 4 h = 20 h
        Oeffnungszeit.objects.create(ort=ort, wochentag=tag, beginn=time(8), ende=time(12))
    ort = Ort.objects.get(pk=ort.pk)
    punkte = {p.kriterium.art: p for p in services.build_checkliste(ort)}
    assert punkte[KriteriumArt.MIN_FACHBEREICHE].ist == 2
    assert punkte[KriteriumArt.MIN_TRAEGER].erfuellt
    assert punkte[KriteriumArt.MIN_OEFFNUNGSSTUNDEN].ist == 20
    assert punkte[KriteriumArt.MIN_OEFFNUNGSSTUNDEN].erfuellt
    assert punkte[KriteriumArt.MIN_STELLEN].ist == Decimal("1.75")
    assert not punkte[KriteriumArt.MIN_STELLEN].erfuellt
    Stelle.objects.create(ort=ort, fachbereich="integration", arbeitgeber=b, anteil="0.25")
    assert all(p.erfuellt for p in services.build_checkliste(Ort.objects.get(pk=ort.pk)))


def test_checklist_for_ort_der_begegnung_counts_running_offers_only(anderer_ort):
    Partnerschaft.objects.create(
        ort=anderer_ort, organisation=_traeger("Kita-Träger"), rolle=PartnerRolle.PARTNER
    )
    Oeffnungszeit.objects.create(ort=anderer_ort, wochentag=0, beginn=time(8), ende=time(9))
    Oeffnungszeit.objects.create(ort=anderer_ort, wochentag=0, beginn=time(10), ende=time(11))
    Angebot.objects.create(ort=anderer_ort, titel="Vorbei", gueltig_bis=date(2020, 1, 1))
    punkte = {p.kriterium.art: p for p in services.build_checkliste(anderer_ort)}
    # A mere partner does not carry; two periods on one day are one opening day.
    assert punkte[KriteriumArt.MIN_TRAEGER].ist == 0
    assert punkte[KriteriumArt.MIN_OEFFNUNGSTAGE].ist == 1
    assert punkte[KriteriumArt.MIN_ANGEBOTE].ist == 0


def test_checklist_ignores_inactive_criteria_and_is_empty_at_the_top(anderer_ort):
    Stufenkriterium.objects.filter(stufe=Stufe.ORT_DER_BEGEGNUNG).update(aktiv=False)
    assert services.build_checkliste(anderer_ort) == []
    anderer_ort.stufe = Stufe.ANLAUFSTELLE
    assert services.build_checkliste(anderer_ort) == []


@pytest.fixture
def mit_zeiten(anderer_ort):
    # Monday 9–12 and 14–17
    Oeffnungszeit.objects.create(ort=anderer_ort, wochentag=0, beginn=time(9), ende=time(12))
    Oeffnungszeit.objects.create(ort=anderer_ort, wochentag=0, beginn=time(14), ende=time(17))
    return anderer_ort


@pytest.mark.parametrize(
    ("moment", "offen"),
    [
        (datetime(2026, 11, 23, 8, 59), False),
        (datetime(2026, 11, 23, 9, 0), True),
        (datetime(2026, 11, 23, 11, 59), True),
        (datetime(2026, 11, 23, 12, 0), False),
        (datetime(2026, 11, 23, 15, 30), True),
        (datetime(2026, 11, 24, 10, 0), False),  # Tuesday
        # Summer time: 9:30 local is 7:30 UTC; the rule must use local time.
        (datetime(2026, 7, 6, 9, 30), True),
    ],
)
def test_open_now_in_berlin_time(mit_zeiten, moment, offen):
    jetzt = moment.replace(tzinfo=BERLIN)
    with time_machine.travel(jetzt, tick=False):
        assert services.is_open(Ort.objects.get(pk=mit_zeiten.pk)) is offen
        assert Ort.objects.filter(services.open_filter()).exists() is offen


def test_exceptions_replace_the_regular_hours(mit_zeiten):
    Ausnahme.objects.create(ort=mit_zeiten, datum=date(2026, 11, 23), grund="Betriebsausflug")
    Ausnahme.objects.create(
        ort=mit_zeiten,
        datum=date(2026, 11, 24),
        geschlossen=False,
        beginn=time(18),
        ende=time(20),
        grund="Lange Nacht",
    )
    ort = Ort.objects.get(pk=mit_zeiten.pk)
    for moment, offen in [
        (datetime(2026, 11, 23, 10, 0), False),
        (datetime(2026, 11, 24, 19, 0), True),
        (datetime(2026, 11, 24, 10, 0), False),
        (datetime(2026, 11, 30, 10, 0), True),
    ]:
        with time_machine.travel(moment.replace(tzinfo=BERLIN), tick=False):
            assert services.is_open(ort) is offen, moment
            assert Ort.objects.filter(services.open_filter()).exists() is offen, moment
    perioden, ausnahmen = services.zeiten_on(ort, date(2026, 11, 24))
    assert perioden == [(time(18), time(20))]
    assert ausnahmen[0].grund == "Lange Nacht"


def test_check_perioden():
    assert services.check_perioden([(0, time(9), time(12)), (0, time(12), time(14))]) == []
    assert services.check_perioden([(0, time(9), time(12)), (1, time(10), time(11))]) == []
    [ueberschneidung] = services.check_perioden([(0, time(9), time(12)), (0, time(11), time(13))])
    assert "Montag" in ueberschneidung
    [rueckwaerts] = services.check_perioden([(2, time(12), time(9))])
    assert "endet vor" in rueckwaerts


def test_next_dates_weekly_monthly_and_single(anderer_ort):
    ab = datetime(2026, 11, 26, 12, 0, tzinfo=BERLIN)  # a Thursday
    woechentlich = Angebot(
        ort=anderer_ort,
        titel="Sprachcafé",
        wiederholung=Wiederholung.WOECHENTLICH,
        wochentag=3,
        beginn=time(15),
        ende=time(17),
    )
    termine = services.next_termine(woechentlich, ab, 2)
    assert termine == [
        (datetime(2026, 11, 26, 15, tzinfo=BERLIN), datetime(2026, 11, 26, 17, tzinfo=BERLIN)),
        (datetime(2026, 12, 3, 15, tzinfo=BERLIN), datetime(2026, 12, 3, 17, tzinfo=BERLIN)),
    ]
    letzter_freitag = Angebot(
        ort=anderer_ort,
        titel="Elterntreff",
        wiederholung=Wiederholung.MONATLICH,
        wochentag=4,
        woche_im_monat=-1,
        beginn=time(10),
    )
    assert [s.date() for s, _e in services.next_termine(letzter_freitag, ab, 3)] == [
        date(2026, 11, 27),
        date(2026, 12, 25),
        date(2027, 1, 29),
    ]
    befristet = Angebot(
        ort=anderer_ort,
        titel="Kurs",
        wochentag=0,
        beginn=time(9),
        gueltig_ab=date(2027, 1, 1),
        gueltig_bis=date(2027, 1, 12),
    )
    assert [s.date() for s, _e in services.next_termine(befristet, ab, 5)] == [
        date(2027, 1, 4),
        date(2027, 1, 11),
    ]
    fest = Angebot.objects.create(
        ort=anderer_ort, titel="Fest", wiederholung=Wiederholung.EINZELTERMINE
    )
    AngebotTermin.objects.create(
        angebot=fest, datum=date(2026, 11, 1), beginn=time(14), ende=time(18)
    )
    AngebotTermin.objects.create(
        angebot=fest, datum=date(2027, 6, 5), beginn=time(14), ende=time(20)
    )
    assert services.next_termine(fest, ab) == [
        (datetime(2027, 6, 5, 14, tzinfo=BERLIN), datetime(2027, 6, 5, 20, tzinfo=BERLIN))
    ]


def test_schedule_text(anderer_ort):
    angebot = Angebot(
        ort=anderer_ort,
        wiederholung=Wiederholung.MONATLICH,
        wochentag=1,
        woche_im_monat=1,
        beginn=time(15),
        ende=time(17),
    )
    assert services.describe_zeitplan(angebot) == "jeden ersten Dienstag im Monat, 15:00–17:00 Uhr"


def test_save_oeffnungszeiten_replaces_the_regular_hours(mit_zeiten):
    services.save_oeffnungszeiten(mit_zeiten, [(4, time(14), time(16)), (0, time(8), time(10))])
    assert list(
        mit_zeiten.oeffnungszeiten.order_by("wochentag").values_list("wochentag", "beginn", "ende")
    ) == [(0, time(8), time(10)), (4, time(14), time(16))]


def test_save_angebot_with_topics_languages_and_dates(anderer_ort):
    thema = Thema.objects.create(name="Nachbarschaft Test", slug="nachbarschaft-test")
    sprache, _created = Sprache.objects.get_or_create(code="de", defaults={"name": "Deutsch"})
    daten = {
        "titel": "Nachbarschaftsfest",
        "wiederholung": Wiederholung.EINZELTERMINE,
        "themen": [thema],
        "sprachen": [sprache],
    }
    termine = [(date(2026, 6, 1), time(15), time(19)), (date(2026, 7, 1), time(15), time(19))]
    angebot = services.save_angebot(Angebot(ort=anderer_ort), daten, termine)

    angebot = Angebot.objects.get(pk=angebot.pk)
    assert (angebot.ort, angebot.titel) == (anderer_ort, "Nachbarschaftsfest")
    assert list(angebot.themen.all()) == [thema]
    assert list(angebot.sprachen.all()) == [sprache]
    assert [t.datum for t in angebot.termine.all()] == [date(2026, 6, 1), date(2026, 7, 1)]

    services.save_angebot(angebot, {"titel": "Sommerfest", "themen": []}, termine[1:])
    angebot = Angebot.objects.get(pk=angebot.pk)
    assert angebot.titel == "Sommerfest"
    assert not angebot.themen.exists()
    assert list(angebot.sprachen.all()) == [sprache]
    assert [t.datum for t in angebot.termine.all()] == [date(2026, 7, 1)]


def test_save_angebot_changes_nothing_when_a_date_is_refused(anderer_ort):
    angebot = Angebot.objects.create(ort=anderer_ort, titel="Fest")
    AngebotTermin.objects.create(
        angebot=angebot, datum=date(2026, 6, 1), beginn=time(15), ende=time(19)
    )
    with pytest.raises(IntegrityError):
        services.save_angebot(
            angebot, {"titel": "Anders"}, [(date(2026, 7, 1), time(19), time(15))]
        )
    angebot = Angebot.objects.get(pk=angebot.pk)
    assert angebot.titel == "Fest"
    assert [t.datum for t in angebot.termine.all()] == [date(2026, 6, 1)]


def test_save_angebot_refuses_names_that_are_no_field(anderer_ort):
    with pytest.raises(FieldDoesNotExist):
        services.save_angebot(Angebot(ort=anderer_ort), {"titel": "X", "ortschaft": 1}, [])
    assert not Angebot.objects.filter(titel="X").exists()
