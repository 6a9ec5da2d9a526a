"""Network aggregates for the social report."""

from datetime import date

import pytest

from netzwerke import stats
from netzwerke.models import Mitgliedschaft, Netzwerk, NetzwerkStatus
from saarlouis_portal.stammdaten.models import Handlungsfeld, Organisation, Thema

pytestmark = pytest.mark.django_db


@pytest.fixture
def netze(stadt, roden_stadtteil, caritas, traeger):
    a = Netzwerk.objects.create(name="A", gebiet=stadt)
    a.themen.set(Thema.objects.filter(slug="sprachfoerderung"))
    a.handlungsfelder.set(Handlungsfeld.objects.all()[:1])
    b = Netzwerk.objects.create(name="B", gebiet=roden_stadtteil, art="buendnis")
    b.themen.set(Thema.objects.filter(slug__in=["sprachfoerderung", "wohnraum"]))
    ended = Netzwerk.objects.create(name="Alt", gebiet=stadt, status=NetzwerkStatus.BEENDET)
    ended.themen.set(Thema.objects.all())
    Mitgliedschaft.objects.create(netzwerk=a, organisation=caritas)
    Mitgliedschaft.objects.create(netzwerk=a, organisation=traeger, bis=date(2020, 1, 1))
    Mitgliedschaft.objects.create(netzwerk=b, organisation=caritas)
    return a, b


def test_per_level(netze):
    rows = {r["ebene"]: r for r in stats.netzwerke_je_ebene()}
    assert rows["gemeinde"]["netzwerke"] == 1
    assert rows["stadtteil"]["buendnisse"] == 1
    assert rows["sozialraum"]["netzwerke"] == 0


def test_per_topic_and_field(netze):
    themen = {r["thema"]: r["netzwerke"] for r in stats.netzwerke_je_thema()}
    assert themen["Sprachförderung"] == 2
    assert themen["Gleichstellung"] == 0
    felder = [r["netzwerke"] for r in stats.netzwerke_je_handlungsfeld()]
    assert sum(felder) == 1
    assert len(felder) == Handlungsfeld.objects.count()


def test_members_per_network_count_current_members(netze):
    rows = stats.mitglieder_je_netzwerk(stichtag=date(2026, 11, 26))
    assert [(r["netzwerk"], r["mitglieder"]) for r in rows] == [("A", 1), ("B", 1)]


def test_per_gebiet_and_narrowed_to_an_area(netze, roden_stadtteil):
    rows = {r["gebiet"]: r for r in stats.netzwerke_je_gebiet()}
    assert rows["Roden"]["buendnisse"] == 1
    assert rows["Kreisstadt Saarlouis"]["organisationen"] == 2
    nur_roden = stats.netzwerke_je_gebiet(roden_stadtteil)
    assert [r["gebiet"] for r in nur_roden] == ["Roden"]
    totals = stats.mitgliedschaften_gesamt()
    assert totals == {"netzwerke": 2, "mitgliedschaften": 3, "organisationen": 2}
    assert Organisation.objects.count() == 2
