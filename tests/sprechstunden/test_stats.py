"""Aggregates for the social report, checked against numbers counted by hand."""

from datetime import date, datetime, time, timedelta

import pytest
from django.utils import timezone

from saarlouis_portal.stammdaten.models import Organisation, OrganisationArt
from sprechstunden import stats
from sprechstunden.models import (
    Anlaufstelle,
    Beratungskontakt,
    Beratungsthema,
    Buchung,
    BuchungStatus,
    Sprechstunde,
    Termin,
    new_token,
)
from tests.sprechstunden.conftest import BERLIN

S = BuchungStatus
ART = Beratungskontakt.Art


@pytest.fixture
def roden_buero(roden):
    return Anlaufstelle.objects.create(
        name="Stadtteilbüro Roden", gebiet=roden, strasse="Weg 1", plz="66740", ort="Saarlouis"
    )


def _sprechstunde(anlaufstelle):
    return Sprechstunde.objects.create(
        anlaufstelle=anlaufstelle,
        titel=f"Sprechstunde {anlaufstelle.name}",
        wochentage=[0],
        beginn=time(0, 0),
        ende=time(23, 59),
        gueltig_ab=date(2025, 1, 1),
        kapazitaet=5,
    )


def bookings(sprechstunde, beginn, *statuses):
    termin = Termin.objects.create(
        sprechstunde=sprechstunde, beginn=beginn, ende=beginn + timedelta(minutes=30), kapazitaet=5
    )
    thema = Beratungsthema.objects.first()
    for platz, status in enumerate(statuses, start=1):
        Buchung.objects.create(
            termin=termin,
            platz=platz,
            status=status,
            thema=thema,
            telefon="07127 1",
            name="Vertraulich",
            token_hash=new_token()[1],
            token_gueltig_bis=beginn,
            einwilligung_version="test",
            einwilligung_am=timezone.now(),
        )


@pytest.fixture
def gebucht(rathaus, roden_buero):
    """Pliezhausen: March 4 bookings (+1 expired), April 1; Roden: March 2; plus other years."""
    rathaus_s, roden_s = _sprechstunde(rathaus), _sprechstunde(roden_buero)
    bookings(
        rathaus_s,
        datetime(2026, 3, 10, 9, tzinfo=BERLIN),
        S.WAHRGENOMMEN,
        S.NICHT_ERSCHIENEN,
        S.STORNIERT,
    )
    bookings(rathaus_s, datetime(2026, 3, 12, 9, tzinfo=BERLIN), S.ABGELAUFEN)
    # 23:30 on 31 March counts in March and 0:30 on 1 April in April, although both are
    # 31 March in UTC: months follow Berlin time.
    bookings(rathaus_s, datetime(2026, 3, 31, 23, 30, tzinfo=BERLIN), S.BESTAETIGT)
    bookings(rathaus_s, datetime(2026, 4, 1, 0, 30, tzinfo=BERLIN), S.WAHRGENOMMEN)
    bookings(roden_s, datetime(2026, 3, 5, 9, tzinfo=BERLIN), S.WAHRGENOMMEN, S.WAHRGENOMMEN)
    bookings(rathaus_s, datetime(2025, 12, 31, 9, tzinfo=BERLIN), S.WAHRGENOMMEN)
    bookings(rathaus_s, datetime(2027, 1, 1, 0, 30, tzinfo=BERLIN), S.WAHRGENOMMEN)


def _row(monat, gebiet, buchungen, wahrgenommen, nicht_erschienen, abgesagt):
    return {
        "monat": monat,
        "gebiet_id": gebiet.pk,
        "gebiet": gebiet.name,
        "buchungen": buchungen,
        "wahrgenommen": wahrgenommen,
        "nicht_erschienen": nicht_erschienen,
        "abgesagt": abgesagt,
    }


def test_bookings_per_month_and_gebiet(gebucht, pliezhausen, roden):
    assert stats.buchungen_pro_monat(2026) == [
        _row(3, pliezhausen, 4, 1, 1, 1),
        _row(3, roden, 2, 2, 0, 0),
        _row(4, pliezhausen, 1, 1, 0, 0),
    ]


def test_a_gebiet_includes_the_areas_below_it(gebucht, pliezhausen, saarlouis, roden):
    assert stats.buchungen_pro_monat(2026, gebiet=saarlouis) == [_row(3, roden, 2, 2, 0, 0)]
    assert [r["monat"] for r in stats.buchungen_pro_monat(2026, gebiet=pliezhausen)] == [3, 4]
    assert stats.buchungen_pro_monat(2026, gebiet=roden) == [_row(3, roden, 2, 2, 0, 0)]


def test_other_years_count_apart(gebucht):
    assert [r["buchungen"] for r in stats.buchungen_pro_monat(2025)] == [1]
    assert [r["monat"] for r in stats.buchungen_pro_monat(2027)] == [1]
    assert stats.buchungen_pro_monat(2024) == []


def test_yearly_totals(gebucht):
    assert stats.summieren(stats.buchungen_pro_monat(2026)) == [
        {"buchungen": 7, "wahrgenommen": 4, "nicht_erschienen": 1, "abgesagt": 1}
    ]


@pytest.fixture
def kontakte(rathaus, roden_buero):
    diakonie = Organisation.objects.create(name="Diakonie", art=OrganisationArt.TRAEGER)
    jobcenter = Organisation.objects.create(name="Jobcenter", art=OrganisationArt.BEHOERDE)
    thema = {t.slug: t for t in Beratungsthema.objects.all()}

    def kontakt(anlaufstelle, datum, art, slug, erst, an=None):
        Beratungskontakt.objects.create(
            anlaufstelle=anlaufstelle,
            gebiet=anlaufstelle.gebiet,
            datum=datum,
            art=art,
            thema=thema[slug],
            erstkontakt=erst,
            vermittelt_an=an,
        )

    kontakt(rathaus, date(2026, 3, 10), ART.TERMIN, "geldsorgen", True, diakonie)
    kontakt(rathaus, date(2026, 3, 10), ART.OHNE_TERMIN, "geldsorgen", False)
    kontakt(rathaus, date(2026, 3, 20), ART.OHNE_TERMIN, "wohnen", True, jobcenter)
    kontakt(rathaus, date(2026, 4, 2), ART.HAUSBESUCH, "kinder-familie", True, diakonie)
    kontakt(roden_buero, date(2026, 3, 5), ART.TERMIN, "wohnen", True)
    kontakt(roden_buero, date(2026, 3, 5), ART.TERMIN, "wohnen", False, diakonie)
    kontakt(roden_buero, date(2025, 12, 30), ART.TERMIN, "wohnen", True)
    return {"diakonie": diakonie, "jobcenter": jobcenter}


def test_contacts_per_month_and_gebiet(kontakte, pliezhausen, roden):
    keys = ["kontakte", "erstkontakte", "folgekontakte", "mit_termin", "ohne_termin"]
    keys += ["hausbesuche", "vermittelt"]
    rows = stats.kontakte_pro_monat(2026)
    assert [(r["monat"], r["gebiet"], [r[k] for k in keys]) for r in rows] == [
        (3, pliezhausen.name, [3, 2, 1, 1, 2, 0, 2]),
        (3, roden.name, [2, 1, 1, 2, 0, 0, 1]),
        (4, pliezhausen.name, [1, 1, 0, 0, 0, 1, 1]),
    ]
    assert rows[1]["gebiet_id"] == roden.pk


def test_contacts_per_topic(kontakte, pliezhausen, roden):
    rows = stats.kontakte_nach_thema(2026)
    assert [
        (r["monat"], r["gebiet"], r["thema"], r["kontakte"], r["erstkontakte"], r["folgekontakte"])
        for r in rows
    ] == [
        (3, pliezhausen.name, "Geldsorgen und Schulden", 2, 1, 1),
        (3, pliezhausen.name, "Wohnen", 1, 1, 0),
        (3, roden.name, "Wohnen", 2, 1, 1),
        (4, pliezhausen.name, "Kinder und Familie", 1, 1, 0),
    ]
    assert stats.summieren(rows, nach=["thema"]) == [
        {"thema": "Geldsorgen und Schulden", "kontakte": 2, "erstkontakte": 1, "folgekontakte": 1},
        {"thema": "Wohnen", "kontakte": 3, "erstkontakte": 2, "folgekontakte": 1},
        {"thema": "Kinder und Familie", "kontakte": 1, "erstkontakte": 1, "folgekontakte": 0},
    ]


def test_referrals_per_organisation(kontakte, pliezhausen, roden, saarlouis):
    rows = stats.vermittlungen_pro_monat(2026)
    assert [(r["monat"], r["gebiet"], r["organisation"], r["vermittlungen"]) for r in rows] == [
        (3, pliezhausen.name, "Diakonie", 1),
        (3, pliezhausen.name, "Jobcenter", 1),
        (3, roden.name, "Diakonie", 1),
        (4, pliezhausen.name, "Diakonie", 1),
    ]
    assert rows[0]["organisation_id"] == kontakte["diakonie"].pk
    assert stats.summieren(rows, nach=["organisation"]) == [
        {"organisation": "Diakonie", "vermittlungen": 3},
        {"organisation": "Jobcenter", "vermittlungen": 1},
    ]
    assert stats.vermittlungen_pro_monat(2026, gebiet=saarlouis) == [rows[2]]


def test_nothing_personal_leaves_the_app(gebucht, kontakte):
    allowed = {
        "monat", "gebiet_id", "gebiet", "thema_id", "thema", "organisation_id", "organisation",
        "buchungen", "wahrgenommen", "nicht_erschienen", "abgesagt", "kontakte",
        "erstkontakte", "folgekontakte", "mit_termin", "ohne_termin", "hausbesuche",
        "vermittelt", "vermittlungen",
    }  # fmt: skip
    for function in [
        stats.buchungen_pro_monat,
        stats.kontakte_pro_monat,
        stats.kontakte_nach_thema,
        stats.vermittlungen_pro_monat,
    ]:
        rows = function(2026)
        assert rows
        for row in rows:
            assert set(row) <= allowed
            assert "Vertraulich" not in row.values()
            assert "07127 1" not in row.values()
