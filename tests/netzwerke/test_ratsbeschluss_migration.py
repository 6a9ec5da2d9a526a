"""The data migration 0007 (issue 16): the free-text decision remark of a decided measure
becomes a council decision record that keeps the text word for word in its internal note."""

import datetime
import importlib

import time_machine
from django.apps import apps as django_apps

from netzwerke.models import Massnahme, MassnahmeStatus, Ratsbeschluss, Statuswechsel

S = MassnahmeStatus
migration = importlib.import_module("netzwerke.migrations.0007_ratsbeschluss_aus_bemerkung")


def _wechsel(massnahme, nach, bemerkung, wann):
    with time_machine.travel(wann, tick=False):
        Statuswechsel.objects.create(massnahme=massnahme, von="", nach=nach, bemerkung=bemerkung)


def test_the_remark_of_a_decided_measure_becomes_a_record(massnahme, sichtbare_massnahme):
    Massnahme.objects.filter(pk=massnahme.pk).update(status=S.LAUFEND)
    _wechsel(massnahme, S.BESCHLOSSEN, "Alter Beschluss", "2024-01-10 10:00 +01:00")
    _wechsel(
        massnahme,
        S.BESCHLOSSEN,
        "Ratsbeschluss vom 12.03.2024, Vorlage 2024/17",
        "2024-03-14 23:30 +01:00",
    )
    # An idea with a remark on another change is left alone.
    _wechsel(sichtbare_massnahme, S.ABGELEHNT, "Kein Geld", "2024-03-14 10:00 +01:00")

    migration.aus_bemerkung(django_apps, None)

    beschluss = Ratsbeschluss.objects.get()
    assert beschluss.massnahme == massnahme
    assert beschluss.gremium == "sonstiges"
    assert beschluss.ergebnis == ""  # unknown: staff complete it, the public does not see it
    assert beschluss.datum == datetime.date(2024, 3, 14)  # the day of the change, in Berlin
    assert "Ratsbeschluss vom 12.03.2024, Vorlage 2024/17" in beschluss.notiz
    assert beschluss.notiz.startswith("Übernommen aus der Bemerkung zum Statuswechsel vom 14.03.")
    assert not Ratsbeschluss.objects.public().exists()


def test_a_decision_without_remark_still_gets_a_record_to_complete(massnahme):
    Massnahme.objects.filter(pk=massnahme.pk).update(status=S.BESCHLOSSEN)
    _wechsel(massnahme, S.BESCHLOSSEN, "", "2025-06-02 09:00 +02:00")
    migration.aus_bemerkung(django_apps, None)
    assert "ohne Bemerkung" in Ratsbeschluss.objects.get().notiz


def test_it_runs_twice_without_doubling_and_goes_back(massnahme):
    Massnahme.objects.filter(pk=massnahme.pk).update(status=S.ABGESCHLOSSEN)
    _wechsel(massnahme, S.BESCHLOSSEN, "Rat, 1.2.2025", "2025-02-01 18:00 +01:00")
    migration.aus_bemerkung(django_apps, None)
    migration.aus_bemerkung(django_apps, None)
    assert Ratsbeschluss.objects.count() == 1
    Ratsbeschluss.objects.create(
        massnahme=massnahme, gremium="stadtrat", datum="2025-02-01", ergebnis="einstimmig"
    )
    migration.zurueck(django_apps, None)
    assert list(Ratsbeschluss.objects.values_list("gremium", flat=True)) == ["stadtrat"]
