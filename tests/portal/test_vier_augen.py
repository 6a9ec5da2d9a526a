"""The four-eyes setting (issue 16): every switch of ``PORTAL_VIER_AUGEN`` between runs lands in
the audit trail, before the first chapter or check is handled under the new value, and the
trail itself holds the last recorded value."""

import pytest
from auditlog.models import LogEntry

from saarlouis_portal import vier_augen

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _frischer_prozess():
    """Each test starts like a new process that has not looked at the trail yet."""
    vier_augen._bestaetigt.clear()
    yield
    vier_augen._bestaetigt.clear()


def _eintraege():
    return list(vier_augen._eintraege().order_by("timestamp", "pk"))


def test_the_first_run_records_the_value(settings):
    settings.PORTAL_VIER_AUGEN = True
    eintrag = vier_augen.einstellung_protokollieren()
    assert eintrag.action == LogEntry.Action.CREATE
    assert eintrag.actor is None  # the system, not a person
    assert eintrag.additional_data == {"einstellung": "PORTAL_VIER_AUGEN", "wert": True}
    assert vier_augen.zuletzt_protokolliert() is True


def test_an_unchanged_value_is_not_recorded_again(settings):
    settings.PORTAL_VIER_AUGEN = True
    vier_augen.einstellung_protokollieren()
    vier_augen._bestaetigt.clear()  # the next run of the portal
    assert vier_augen.einstellung_protokollieren() is None
    assert len(_eintraege()) == 1


def test_a_switch_between_runs_is_recorded_with_old_and_new_value(settings):
    settings.PORTAL_VIER_AUGEN = True
    vier_augen.einstellung_protokollieren()
    vier_augen._bestaetigt.clear()
    settings.PORTAL_VIER_AUGEN = False  # FOUR_EYES=false, then a restart
    eintrag = vier_augen.einstellung_protokollieren()
    assert eintrag.action == LogEntry.Action.UPDATE
    assert eintrag.changes_dict == {"PORTAL_VIER_AUGEN": ["True", "False"]}
    assert vier_augen.zuletzt_protokolliert() is False
    settings.PORTAL_VIER_AUGEN = True  # and on again
    vier_augen.einstellung_protokollieren()
    assert [e.additional_data["wert"] for e in _eintraege()] == [True, False, True]


def test_approving_a_check_records_the_switch_too(settings, planer):
    from netzwerke.services_massnahmen import complete_check
    from tests.netzwerke.conftest import fill_pruefung

    settings.PORTAL_VIER_AUGEN = False
    massnahme = _massnahme()
    complete_check(fill_pruefung(massnahme), planer)
    assert [e.additional_data["wert"] for e in _eintraege()] == [False]


def _massnahme():
    from netzwerke.models import Massnahme, Netzwerk
    from saarlouis_portal.stammdaten.models import Gebiet, GebietArt

    stadt = Gebiet.objects.create(name="Kreisstadt Saarlouis", art=GebietArt.GEMEINDE)
    netzwerk = Netzwerk.objects.create(name="Netzwerk Sprachförderung", gebiet=stadt)
    return Massnahme.objects.create(titel="Sprachcafé", netzwerk=netzwerk, gebiet=stadt)


def test_the_rule_refuses_only_the_same_account(settings, planer, berichtswesen):
    settings.PORTAL_VIER_AUGEN = True
    assert vier_augen.gleiche_person(planer.pk, planer)
    assert not vier_augen.gleiche_person(planer.pk, berichtswesen)
    assert not vier_augen.gleiche_person(None, planer)  # nobody recorded (older data)
    assert not vier_augen.gleiche_person(planer.pk, None)  # the system
    settings.PORTAL_VIER_AUGEN = False
    assert not vier_augen.gleiche_person(planer.pk, planer)
