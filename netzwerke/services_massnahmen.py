"""Changes to measures and their sustainability check. Status changes happen only here.

The status workflow (``UEBERGAENGE``)::

    idee          -> geprueft, abgelehnt
    geprueft      -> idee, beschlossen, abgelehnt
    beschlossen   -> laufend, abgelehnt        (a decision can be revoked)
    laufend       -> abgeschlossen
    abgeschlossen -> laufend                   (re-opened, e.g. closed by mistake)
    abgelehnt     -> idee                      (a new attempt)

``geprueft`` and everything from ``beschlossen`` on need a completed sustainability check (the
council's rule); ``beschlossen`` needs a council decision that carries the measure as well
(``services_beschluesse.traegender_beschluss``). A check can be edited while its measure is
``idee`` or ``geprueft``; editing a completed check re-opens it and moves a ``geprueft`` measure
back to ``idee``. From ``beschlossen`` on (and for rejected measures) the check is frozen: it is
what the council decided on.

Four eyes (``saarlouis_portal.vier_augen``): one person submits the complete check for approval
(``submit_check``, ``eingereicht_von``), another approves it (``complete_check``, ``geprueft_von``);
completing moves an ``idee`` to ``geprueft``. Changing a submitted check takes the submission back.
With the rule switched off the same person may approve, and approving an unsubmitted check
submits it in the same step.

Every status change writes a ``Statuswechsel`` row (who, when): the measure's timeline.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from netzwerke.models import (
    PRUEFUNG_AENDERBAR,
    Bewertung,
    Massnahme,
    MassnahmeStatus,
    Meilenstein,
    Nachhaltigkeitspruefung,
    Praemisse,
    PruefBewertung,
    Statuswechsel,
)
from netzwerke.services_beschluesse import neuester_beschluss, traegender_beschluss
from saarlouis_portal import vier_augen
from saarlouis_portal.werte import set_many

S = MassnahmeStatus

UEBERGAENGE: dict[str, tuple[str, ...]] = {
    S.IDEE: (S.GEPRUEFT, S.ABGELEHNT),
    S.GEPRUEFT: (S.IDEE, S.BESCHLOSSEN, S.ABGELEHNT),
    S.BESCHLOSSEN: (S.LAUFEND, S.ABGELEHNT),
    S.LAUFEND: (S.ABGESCHLOSSEN,),
    S.ABGESCHLOSSEN: (S.LAUFEND,),
    S.ABGELEHNT: (S.IDEE,),
}

# These states need a completed sustainability check.
BRAUCHT_PRUEFUNG = frozenset({S.GEPRUEFT, S.BESCHLOSSEN, S.LAUFEND, S.ABGESCHLOSSEN})

# While the measure is in one of these states its check may be edited.
PRUEFUNG_OFFEN = PRUEFUNG_AENDERBAR


def erlaubte_ziele(massnahme: Massnahme) -> tuple[str, ...]:
    """The states the measure may move to next (without looking at the check)."""
    return UEBERGAENGE[massnahme.status]


def hat_abgeschlossene_pruefung(massnahme: Massnahme) -> bool:
    pruefung = Nachhaltigkeitspruefung.objects.filter(massnahme=massnahme).first()
    return pruefung is not None and pruefung.ist_abgeschlossen


def pruefung_ist_eingefroren(massnahme: Massnahme) -> bool:
    return massnahme.status not in PRUEFUNG_OFFEN


def _wechsel(massnahme: Massnahme, von: str, nach: str, user, bemerkung: str = "") -> None:
    Statuswechsel.objects.create(
        massnahme=massnahme, von=von, nach=nach, wer=user, bemerkung=bemerkung[:500]
    )


@transaction.atomic
def create_massnahme(massnahme: Massnahme, many: dict | None = None, *, user) -> Massnahme:
    """Save a new measure (status *Idee*) and its links; the first timeline row says who
    created it."""
    massnahme.save()
    set_many(massnahme, many or {})
    log_creation(massnahme, user)
    return massnahme


def log_creation(massnahme: Massnahme, user) -> None:
    _wechsel(massnahme, "", massnahme.status, user, _("Maßnahme angelegt"))


@transaction.atomic
def change_status(massnahme: Massnahme, nach: str, user, bemerkung: str = "") -> Massnahme:
    """Move the measure to ``nach`` if the workflow allows it; raises ``ValidationError``."""
    # Lock the row: two people deciding at the same time must not both pass the check.
    locked = Massnahme.objects.select_for_update().get(pk=massnahme.pk)
    von = locked.status
    if nach not in S.values:
        raise ValidationError(_("Diesen Status gibt es nicht."), code="unbekannt")
    if nach not in UEBERGAENGE[von]:
        raise ValidationError(
            _("Eine Maßnahme im Status „%(von)s“ kann nicht auf „%(nach)s“ gesetzt werden.")
            % {"von": S(von).label, "nach": S(nach).label},
            code="uebergang",
        )
    if nach in BRAUCHT_PRUEFUNG and not hat_abgeschlossene_pruefung(locked):
        raise ValidationError(
            _(
                "Die Maßnahme kann erst „%(nach)s“ werden, wenn ihre Nachhaltigkeitsprüfung "
                "abgeschlossen ist."
            )
            % {"nach": S(nach).label},
            code="pruefung_fehlt",
        )
    if nach == S.BESCHLOSSEN and traegender_beschluss(locked) is None:
        raise _beschluss_fehlt(locked)
    locked.status = nach
    fields = ["status", "geaendert_am"]
    if nach == S.ABGESCHLOSSEN:
        locked.fortschritt = 100
        fields.append("fortschritt")
    locked.save(update_fields=fields)
    _wechsel(locked, von, nach, user, bemerkung)
    massnahme.status = locked.status
    massnahme.fortschritt = locked.fortschritt
    return locked


def _beschluss_fehlt(massnahme: Massnahme) -> ValidationError:
    neuester = neuester_beschluss(massnahme)
    if neuester is None:
        text = _(
            "Für „Beschlossen“ braucht die Maßnahme einen Ratsbeschluss. Erfassen Sie ihn unter "
            "„Ratsbeschlüsse“ mit Gremium, Sitzungsdatum und dem Ergebnis „einstimmig“ oder "
            "„mehrheitlich“."
        )
    else:
        text = _(
            "Der jüngste Ratsbeschluss (%(beschluss)s) lautet „%(ergebnis)s“. „Beschlossen“ "
            "braucht einen Beschluss mit dem Ergebnis „einstimmig“ oder „mehrheitlich“."
        ) % {"beschluss": str(neuester), "ergebnis": neuester.get_ergebnis_display()}
    return ValidationError(text, code="beschluss_fehlt")


# Sustainability check


@transaction.atomic
def get_or_create_pruefung(massnahme: Massnahme) -> Nachhaltigkeitspruefung:
    """The measure's check with one (unrated) row per premise."""
    pruefung, _created = Nachhaltigkeitspruefung.objects.get_or_create(massnahme=massnahme)
    vorhanden = set(pruefung.bewertungen.values_list("praemisse", flat=True))
    PruefBewertung.objects.bulk_create(
        [
            PruefBewertung(pruefung=pruefung, praemisse=p)
            for p in Praemisse.values
            if p not in vorhanden
        ]
    )
    return pruefung


def _geaendert(pruefung: Nachhaltigkeitspruefung, daten: dict) -> bool:
    felder = ("ergebnis", "empfehlung", "abwaegung")
    if any(getattr(pruefung, f) != daten[f] for f in felder):
        return True
    if set(pruefung.ziele.values_list("pk", flat=True)) != {z.pk for z in daten["ziele"]}:
        return True
    return any(
        b.bewertung != daten["bewertungen"][b.praemisse]
        or b.begruendung != daten["begruendungen"][b.praemisse]
        for b in pruefung.bewertungen.all()
    )


@transaction.atomic
def save_pruefung(pruefung: Nachhaltigkeitspruefung, daten: dict, user) -> bool:
    """Store the check's fields from a cleaned ``PruefungForm``. Returns True when a completed
    or submitted check was re-opened by the change. Raises ``ValidationError`` if the check is
    frozen."""
    massnahme = Massnahme.objects.select_for_update().get(pk=pruefung.massnahme_id)
    if pruefung_ist_eingefroren(massnahme):
        raise ValidationError(
            _("Die Prüfung einer Maßnahme im Status „%(status)s“ kann nicht mehr geändert werden.")
            % {"status": massnahme.get_status_display()},
            code="eingefroren",
        )
    pruefung = Nachhaltigkeitspruefung.objects.select_for_update().get(pk=pruefung.pk)
    if not _geaendert(pruefung, daten):
        # Saving an unchanged form must not re-open a completed check.
        return False
    pruefung.ergebnis = daten["ergebnis"]
    pruefung.empfehlung = daten["empfehlung"]
    pruefung.abwaegung = daten["abwaegung"]
    # A changed check is no longer what was submitted or approved: it is open again.
    wieder_geoeffnet = pruefung.ist_abgeschlossen or pruefung.ist_eingereicht
    if wieder_geoeffnet:
        pruefung.abgeschlossen_am = None
        pruefung.geprueft_von = None
        pruefung.eingereicht_am = None
        pruefung.eingereicht_von = None
    pruefung.save()
    pruefung.ziele.set(daten["ziele"])
    for bewertung in pruefung.bewertungen.all():
        bewertung.bewertung = daten["bewertungen"][bewertung.praemisse]
        bewertung.begruendung = daten["begruendungen"][bewertung.praemisse]
        bewertung.save(update_fields=["bewertung", "begruendung"])
    if wieder_geoeffnet and massnahme.status == S.GEPRUEFT:
        change_status(massnahme, S.IDEE, user, _("Nachhaltigkeitsprüfung wieder geöffnet"))
    return wieder_geoeffnet


def pruefung_maengel(pruefung: Nachhaltigkeitspruefung) -> list[str]:
    """What is missing before the check can be completed (empty when complete)."""
    maengel = []
    bewertungen = {b.praemisse: b for b in pruefung.bewertungen.all()}
    stark_negativ = False
    for praemisse in Praemisse:
        bewertung = bewertungen.get(praemisse.value)
        if bewertung is None or not bewertung.bewertung:
            maengel.append(_("„%(p)s“ ist nicht bewertet.") % {"p": praemisse.label})
            continue
        if bewertung.bewertung != Bewertung.NICHT_RELEVANT and not bewertung.begruendung.strip():
            maengel.append(_("Für „%(p)s“ fehlt die Begründung.") % {"p": praemisse.label})
        stark_negativ |= bewertung.bewertung == Bewertung.STARK_NEGATIV
    if not pruefung.ergebnis:
        maengel.append(_("Das Ergebnis der Prüfung fehlt."))
    if stark_negativ and not pruefung.abwaegung.strip():
        maengel.append(
            _(
                "Mindestens eine Prämisse ist stark negativ bewertet: Bitte begründen Sie die "
                "Abwägung schriftlich."
            )
        )
    return maengel


def _offen_und_vollstaendig(massnahme: Massnahme, pruefung: Nachhaltigkeitspruefung) -> None:
    """Raise unless the check may be submitted or approved now: not yet complete, not frozen,
    nothing missing (every missing piece listed)."""
    if pruefung.ist_abgeschlossen:
        raise ValidationError(_("Die Prüfung ist bereits abgeschlossen."), code="abgeschlossen")
    if pruefung_ist_eingefroren(massnahme):
        raise ValidationError(
            _("Die Prüfung einer Maßnahme im Status „%(status)s“ kann nicht abgeschlossen werden.")
            % {"status": massnahme.get_status_display()},
            code="eingefroren",
        )
    maengel = pruefung_maengel(pruefung)
    if maengel:
        raise ValidationError(maengel, code="unvollstaendig")


def _gesperrt(pruefung: Nachhaltigkeitspruefung):
    massnahme = Massnahme.objects.select_for_update().get(pk=pruefung.massnahme_id)
    return massnahme, Nachhaltigkeitspruefung.objects.select_for_update().get(pk=pruefung.pk)


@transaction.atomic
def submit_check(pruefung: Nachhaltigkeitspruefung, user) -> Nachhaltigkeitspruefung:
    """Submit the complete check for approval by a second person (who, when). Raises
    ``ValidationError`` with every missing piece, or when it is already submitted."""
    massnahme, pruefung = _gesperrt(pruefung)
    _offen_und_vollstaendig(massnahme, pruefung)
    if pruefung.ist_eingereicht:
        raise ValidationError(
            _("Die Prüfung ist bereits zur Freigabe vorgelegt."), code="eingereicht"
        )
    pruefung.eingereicht_von = user
    pruefung.eingereicht_am = timezone.now()
    pruefung.save(update_fields=["eingereicht_von", "eingereicht_am", "geaendert_am"])
    return pruefung


def complete_check(pruefung: Nachhaltigkeitspruefung, user) -> Nachhaltigkeitspruefung:
    """Approve the check (who, when); an *Idee* becomes *geprüft*. Raises ``ValidationError``
    with every missing piece, and (four eyes) when ``user`` submitted it or nobody did."""
    # Before the transaction: a switch of the setting stays recorded even if refused below.
    vier_augen.einstellung_protokollieren()
    return _complete_check(pruefung, user)


@transaction.atomic
def _complete_check(pruefung: Nachhaltigkeitspruefung, user) -> Nachhaltigkeitspruefung:
    massnahme, pruefung = _gesperrt(pruefung)
    _offen_und_vollstaendig(massnahme, pruefung)
    jetzt = timezone.now()
    if not pruefung.ist_eingereicht:
        if vier_augen.aktiv() and user is not None:
            raise ValidationError(
                _(
                    "Legen Sie die Prüfung zuerst zur Freigabe vor. Freigeben muss sie dann "
                    "eine andere Person (Vier-Augen-Prinzip)."
                ),
                code="nicht_eingereicht",
            )
        # Rule off (or the system): submitting and approving in one step.
        pruefung.eingereicht_von = user
        pruefung.eingereicht_am = jetzt
    elif vier_augen.gleiche_person(pruefung.eingereicht_von_id, user):
        raise ValidationError(
            _(
                "Sie haben diese Prüfung selbst zur Freigabe vorgelegt. Freigeben muss sie eine "
                "andere Person (Vier-Augen-Prinzip): eine weitere Koordination des Netzwerks "
                "oder die Sozialplanung."
            ),
            code="vier_augen",
        )
    pruefung.geprueft_von = user
    pruefung.abgeschlossen_am = jetzt
    pruefung.save(
        update_fields=[
            "eingereicht_von",
            "eingereicht_am",
            "geprueft_von",
            "abgeschlossen_am",
            "geaendert_am",
        ]
    )
    if massnahme.status == S.IDEE:
        change_status(massnahme, S.GEPRUEFT, user, _("Nachhaltigkeitsprüfung abgeschlossen"))
    return pruefung


# Milestones


def mark_reached(meilenstein: Meilenstein, erreicht: bool = True) -> Meilenstein:
    meilenstein.erreicht_am = timezone.localdate() if erreicht else None
    meilenstein.save(update_fields=["erreicht_am"])
    return meilenstein
