"""The status workflow of a measure and the sustainability check, tested on the services."""

import pytest
from django.core.exceptions import ValidationError

from netzwerke import services_massnahmen as services
from netzwerke.models import Bewertung, MassnahmeStatus, Praemisse, Statuswechsel
from tests.netzwerke.conftest import (
    beschliessen,
    fill_pruefung,
    pruefen_und_freigeben,
    ratsbeschluss,
)

S = MassnahmeStatus


def test_the_transition_table_covers_every_status_and_says_what_is_allowed():
    assert set(services.UEBERGAENGE) == set(S.values)
    assert services.UEBERGAENGE[S.IDEE] == (S.GEPRUEFT, S.ABGELEHNT)
    assert S.IDEE in services.UEBERGAENGE[S.GEPRUEFT]
    assert services.UEBERGAENGE[S.LAUFEND] == (S.ABGESCHLOSSEN,)
    # "abgeschlossen" can only be reached from "laufend".
    assert [v for v, ziele in services.UEBERGAENGE.items() if S.ABGESCHLOSSEN in ziele] == [
        S.LAUFEND
    ]


def test_it_refuses_beschlossen_without_a_completed_check(massnahme, koordination):
    fill_pruefung(massnahme)  # filled in, but not completed
    massnahme.status = S.GEPRUEFT
    massnahme.save()
    with pytest.raises(ValidationError) as error:
        services.change_status(massnahme, S.BESCHLOSSEN, koordination)
    assert "Nachhaltigkeitsprüfung abgeschlossen" in error.value.messages[0]
    massnahme.refresh_from_db()
    assert massnahme.status == S.GEPRUEFT
    assert not Statuswechsel.objects.filter(massnahme=massnahme, nach=S.BESCHLOSSEN).exists()


def test_it_refuses_geprueft_without_a_check(massnahme, koordination):
    with pytest.raises(ValidationError):
        services.change_status(massnahme, S.GEPRUEFT, koordination)


def test_it_refuses_transitions_outside_the_table(massnahme, koordination):
    with pytest.raises(ValidationError) as error:
        services.change_status(massnahme, S.LAUFEND, koordination)
    assert "„Idee“" in error.value.messages[0]
    with pytest.raises(ValidationError):
        services.change_status(massnahme, "erfunden", koordination)


def test_the_whole_way_writes_a_timeline_row_per_change(massnahme, koordination, planer):
    pruefen_und_freigeben(massnahme, koordination, planer)
    massnahme.refresh_from_db()
    assert massnahme.status == S.GEPRUEFT  # completing the check moves an idea on
    ratsbeschluss(massnahme)
    services.change_status(massnahme, S.BESCHLOSSEN, planer, "Ratsbeschluss vom 12.03.2026")
    services.change_status(massnahme, S.LAUFEND, planer)
    services.change_status(massnahme, S.ABGESCHLOSSEN, koordination)
    massnahme.refresh_from_db()
    assert massnahme.status == S.ABGESCHLOSSEN
    assert massnahme.fortschritt == 100
    rows = list(massnahme.statuswechsel.values_list("von", "nach", "wer__email"))
    assert rows == [
        ("", S.IDEE, koordination.email),
        (S.IDEE, S.GEPRUEFT, planer.email),  # the approver of the check
        (S.GEPRUEFT, S.BESCHLOSSEN, planer.email),
        (S.BESCHLOSSEN, S.LAUFEND, planer.email),
        (S.LAUFEND, S.ABGESCHLOSSEN, koordination.email),
    ]
    assert massnahme.statuswechsel.get(nach=S.BESCHLOSSEN).bemerkung == (
        "Ratsbeschluss vom 12.03.2026"
    )
    assert all(w.wann for w in massnahme.statuswechsel.all())


def test_rejected_and_back_to_idea(massnahme, koordination):
    services.change_status(massnahme, S.ABGELEHNT, koordination)
    services.change_status(massnahme, S.IDEE, koordination)
    massnahme.refresh_from_db()
    assert massnahme.status == S.IDEE


def test_complete_check_lists_everything_missing(massnahme, koordination):
    pruefung = services.get_or_create_pruefung(massnahme)
    assert pruefung.bewertungen.count() == len(Praemisse)
    with pytest.raises(ValidationError) as error:
        services.complete_check(pruefung, koordination)
    messages = error.value.messages
    assert len(messages) == len(Praemisse) + 1  # every premise and the result
    assert "Das Ergebnis der Prüfung fehlt." in messages
    pruefung.refresh_from_db()
    assert pruefung.abgeschlossen_am is None


def test_a_reason_is_required_unless_not_relevant(massnahme, koordination, planer):
    pruefung = fill_pruefung(massnahme, bewertung=Bewertung.NICHT_RELEVANT)
    pruefung.bewertungen.update(begruendung="")
    services.submit_check(pruefung, koordination)  # "nicht relevant" needs no reason
    services.complete_check(pruefung, planer)
    pruefung.refresh_from_db()
    assert pruefung.ist_abgeschlossen


def test_a_missing_reason_blocks_completion(massnahme, koordination):
    pruefung = fill_pruefung(massnahme)
    pruefung.bewertungen.filter(praemisse=Praemisse.FAIRNESS).update(begruendung=" ")
    with pytest.raises(ValidationError) as error:
        services.complete_check(pruefung, koordination)
    assert error.value.messages == ["Für „Fairness / Fairtrade“ fehlt die Begründung."]


def test_strongly_negative_needs_a_written_justification(massnahme, koordination, planer):
    pruefung = fill_pruefung(massnahme)
    pruefung.bewertungen.filter(praemisse=Praemisse.OEKOLOGISCH).update(
        bewertung=Bewertung.STARK_NEGATIV
    )
    with pytest.raises(ValidationError) as error:
        services.complete_check(pruefung, koordination)
    assert "stark negativ" in error.value.messages[0]
    pruefung.abwaegung = "Der soziale Nutzen überwiegt die Flächenversiegelung."
    pruefung.save()
    services.submit_check(pruefung, koordination)
    services.complete_check(pruefung, planer)
    pruefung.refresh_from_db()
    assert pruefung.eingereicht_von == koordination
    assert pruefung.geprueft_von == planer
    assert pruefung.abgeschlossen_am is not None


def test_completing_twice_is_refused(massnahme, koordination, planer):
    pruefung = pruefen_und_freigeben(massnahme, koordination, planer)
    with pytest.raises(ValidationError) as error:
        services.complete_check(pruefung, koordination)
    assert error.value.messages == ["Die Prüfung ist bereits abgeschlossen."]


def _daten(pruefung, **changes):
    from netzwerke.forms.massnahmen import PruefungForm

    form = PruefungForm(pruefung=pruefung)
    data = {}
    for name, value in form.initial.items():
        if name == "ziele":
            data[name] = [z.pk for z in value]
        else:
            data[name] = value
    data.update(changes)
    bound = PruefungForm(data)
    assert bound.is_valid(), bound.errors
    return bound.daten()


def test_editing_a_completed_check_reopens_it_and_the_measure_becomes_an_idea_again(
    massnahme, koordination, planer
):
    pruefung = pruefen_und_freigeben(massnahme, koordination, planer)
    assert services.save_pruefung(pruefung, _daten(pruefung, empfehlung="Neu"), koordination)
    pruefung.refresh_from_db()
    massnahme.refresh_from_db()
    assert pruefung.abgeschlossen_am is None
    assert pruefung.geprueft_von is None
    assert pruefung.eingereicht_von is None  # to be submitted and approved again
    assert pruefung.empfehlung == "Neu"
    assert massnahme.status == S.IDEE
    assert massnahme.statuswechsel.last().bemerkung == "Nachhaltigkeitsprüfung wieder geöffnet"


def test_the_check_of_a_decided_measure_is_frozen(massnahme, koordination, planer):
    beschliessen(massnahme, koordination, planer)
    pruefung = massnahme.pruefung
    with pytest.raises(ValidationError) as error:
        services.save_pruefung(pruefung, _daten(pruefung, empfehlung="Neu"), koordination)
    assert "kann nicht mehr geändert werden" in error.value.messages[0]
    pruefung.refresh_from_db()
    assert pruefung.ist_abgeschlossen


def test_create_massnahme_writes_the_first_timeline_row(netzwerk, stadt, koordination):
    from netzwerke.forms.massnahmen import MassnahmeForm
    from saarlouis_portal.werte import unsaved

    form = MassnahmeForm(
        {"titel": "Neue Idee", "netzwerk": netzwerk.pk, "gebiet": stadt.pk, "fortschritt": 0},
        user=koordination,
    )
    assert form.is_valid(), form.errors
    massnahme = services.create_massnahme(*unsaved(form), user=koordination)
    assert list(massnahme.statuswechsel.values_list("von", "nach", "wer")) == [
        ("", S.IDEE, koordination.pk)
    ]


def test_mark_reached(massnahme):
    import datetime

    import time_machine

    stein = massnahme.meilensteine.create(titel="Start", faellig_am=datetime.date(2026, 5, 1))
    with time_machine.travel("2026-05-02 23:30 +02:00"):
        services.mark_reached(stein)
    assert stein.erreicht_am == datetime.date(2026, 5, 2)
    services.mark_reached(stein, erreicht=False)
    stein.refresh_from_db()
    assert stein.erreicht_am is None


def test_saving_an_unchanged_completed_check_keeps_it_completed(massnahme, koordination, planer):
    pruefung = pruefen_und_freigeben(massnahme, koordination, planer)
    pruefung.refresh_from_db()
    assert not services.save_pruefung(pruefung, _daten(pruefung), koordination)
    pruefung.refresh_from_db()
    assert pruefung.ist_abgeschlossen
