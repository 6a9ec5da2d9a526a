"""Council decisions of a measure (issue 16), tested on the services: "Beschlossen" needs a
decision that carries the measure, and a decided measure keeps it."""

import datetime

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError

from netzwerke import services_beschluesse
from netzwerke import services_massnahmen as services
from netzwerke.models import MassnahmeStatus, Ratsbeschluss, Statuswechsel
from tests.netzwerke.conftest import pruefen_und_freigeben, ratsbeschluss

S = MassnahmeStatus


@pytest.fixture
def gepruefte_massnahme(massnahme, koordination, zweite_koordination):
    pruefen_und_freigeben(massnahme, koordination, zweite_koordination)
    massnahme.refresh_from_db()
    assert massnahme.status == S.GEPRUEFT
    return massnahme


def test_beschlossen_needs_a_council_decision(gepruefte_massnahme, koordination):
    with pytest.raises(ValidationError) as error:
        services.change_status(gepruefte_massnahme, S.BESCHLOSSEN, koordination)
    assert error.value.code == "beschluss_fehlt"
    assert "braucht die Maßnahme einen Ratsbeschluss" in error.value.messages[0]
    gepruefte_massnahme.refresh_from_db()
    assert gepruefte_massnahme.status == S.GEPRUEFT
    assert not Statuswechsel.objects.filter(nach=S.BESCHLOSSEN).exists()


@pytest.mark.parametrize("ergebnis", ["vertagt", "abgelehnt"])
def test_a_postponed_or_rejected_decision_does_not_carry(
    gepruefte_massnahme, koordination, ergebnis
):
    ratsbeschluss(gepruefte_massnahme, ergebnis=ergebnis)
    with pytest.raises(ValidationError) as error:
        services.change_status(gepruefte_massnahme, S.BESCHLOSSEN, koordination)
    assert "Stadtrat, 09.02.2023" in error.value.messages[0]
    assert f"„{ergebnis}“" in error.value.messages[0]
    gepruefte_massnahme.refresh_from_db()
    assert gepruefte_massnahme.status == S.GEPRUEFT


@pytest.mark.parametrize("ergebnis", ["einstimmig", "mehrheitlich"])
def test_an_approving_decision_carries(gepruefte_massnahme, koordination, ergebnis):
    ratsbeschluss(gepruefte_massnahme, ergebnis=ergebnis)
    services.change_status(gepruefte_massnahme, S.BESCHLOSSEN, koordination)
    gepruefte_massnahme.refresh_from_db()
    assert gepruefte_massnahme.status == S.BESCHLOSSEN


def test_the_newest_decision_counts(gepruefte_massnahme, koordination):
    # The committee recommended, the council postponed: not (yet) decided.
    ratsbeschluss(gepruefte_massnahme, gremium="ausschuss", datum=datetime.date(2022, 11, 22))
    vertagt = ratsbeschluss(gepruefte_massnahme, ergebnis="vertagt")
    assert services_beschluesse.traegender_beschluss(gepruefte_massnahme) is None
    with pytest.raises(ValidationError):
        services.change_status(gepruefte_massnahme, S.BESCHLOSSEN, koordination)
    # At the next session the council decides.
    spaeter = ratsbeschluss(gepruefte_massnahme, datum=datetime.date(2023, 3, 9))
    assert services_beschluesse.traegender_beschluss(gepruefte_massnahme) == spaeter
    assert services_beschluesse.neuester_beschluss(gepruefte_massnahme) != vertagt
    services.change_status(gepruefte_massnahme, S.BESCHLOSSEN, koordination)


def test_a_record_without_outcome_does_not_count(gepruefte_massnahme, koordination):
    # As the data migration leaves them: the old remark, no outcome.
    Ratsbeschluss.objects.create(
        massnahme=gepruefte_massnahme, gremium="sonstiges", datum="2024-03-12", ergebnis=""
    )
    assert services_beschluesse.neuester_beschluss(gepruefte_massnahme) is None
    with pytest.raises(ValidationError):
        services.change_status(gepruefte_massnahme, S.BESCHLOSSEN, koordination)


def test_a_decided_measure_keeps_its_decision(gepruefte_massnahme, koordination):
    beschluss = ratsbeschluss(gepruefte_massnahme)
    services.change_status(gepruefte_massnahme, S.BESCHLOSSEN, koordination)
    with pytest.raises(services_beschluesse.BeschlussFehler) as error:
        services_beschluesse.remove_beschluss(beschluss)
    assert "braucht ihren Ratsbeschluss" in str(error.value)
    assert Ratsbeschluss.objects.filter(pk=beschluss.pk).exists()

    beschluss.ergebnis = "vertagt"
    with pytest.raises(services_beschluesse.BeschlussFehler) as error:
        services_beschluesse.save_beschluss(beschluss)
    assert error.value.field == "ergebnis"
    beschluss.refresh_from_db()
    assert beschluss.ergebnis == "einstimmig"


def test_a_later_revocation_is_recorded_as_another_entry(gepruefte_massnahme, koordination):
    beschluss = ratsbeschluss(gepruefte_massnahme)
    services.change_status(gepruefte_massnahme, S.BESCHLOSSEN, koordination)
    # An entry made twice by mistake may go: another approving one remains.
    doppelt = ratsbeschluss(gepruefte_massnahme)
    services_beschluesse.remove_beschluss(doppelt)
    # The council revokes its decision: a further entry, then the status.
    aufhebung = ratsbeschluss(
        gepruefte_massnahme, datum=datetime.date(2024, 1, 18), ergebnis="abgelehnt"
    )
    services.change_status(gepruefte_massnahme, S.ABGELEHNT, koordination)
    assert list(gepruefte_massnahme.beschluesse.all()) == [beschluss, aufhebung]


def test_records_of_undecided_measures_may_be_removed(massnahme):
    beschluss = ratsbeschluss(massnahme)
    services_beschluesse.remove_beschluss(beschluss)
    assert not Ratsbeschluss.objects.exists()


def test_each_change_is_in_the_audit_trail(massnahme):
    beschluss = ratsbeschluss(massnahme, vorlage="TOP 5")
    beschluss.vorlage = "Drucksache 2023/017"
    services_beschluesse.save_beschluss(beschluss)
    eintraege = LogEntry.objects.get_for_object(beschluss).order_by("timestamp", "pk")
    assert [e.action for e in eintraege] == [LogEntry.Action.CREATE, LogEntry.Action.UPDATE]
    assert eintraege[1].changes_dict["vorlage"] == ["TOP 5", "Drucksache 2023/017"]


def test_public_shows_only_complete_records_of_public_measures(
    gepruefte_massnahme, koordination, fremde_massnahme
):
    ratsbeschluss(gepruefte_massnahme)
    Ratsbeschluss.objects.create(
        massnahme=gepruefte_massnahme, gremium="sonstiges", datum="2024-03-12", ergebnis=""
    )
    ratsbeschluss(fremde_massnahme)  # internal network
    assert not Ratsbeschluss.objects.public().exists()  # not decided yet
    services.change_status(gepruefte_massnahme, S.BESCHLOSSEN, koordination)
    assert [b.ergebnis for b in Ratsbeschluss.objects.public()] == ["einstimmig"]
