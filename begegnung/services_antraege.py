"""The hand-offs of the places between their leads and the Sozialplanung.

An Ortsleitung proposes a new place (it is saved as a hidden Satellit with an open request) or,
once a place it leads meets the checklist of the next stage, requests that stage with a short
justification. The Sozialplanung accepts or declines each request with a reason (required when
declining, and when accepting a stage whose criteria are not met); accepting publishes the new
place or sets the stage through ``services.set_stufe``, so the stage history records it. The
person who asked gets an e-mail; the decision stays on the place's staff page. Nobody decides
their own request (the four-eyes rule, ``saarlouis_portal.vier_augen``, unless switched off).

One function per change, one transaction; a refused change raises a ``DomainError`` subclass and
writes nothing. Staff-only texts (German).
"""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from begegnung import notifications, services
from begegnung.models import (
    STUFEN_REIHENFOLGE,
    Antrag,
    AntragArt,
    AntragStatus,
    Ort,
    Stufe,
)
from saarlouis_portal import vier_augen
from saarlouis_portal.errors import DomainError
from saarlouis_portal.postausgang import outbox
from saarlouis_portal.werte import set_many


class AntragSchonOffen(DomainError):
    message = _(
        "Für diesen Ort wartet schon ein Antrag auf die Entscheidung der Sozialplanung. "
        "Ein weiterer ist erst danach möglich."
    )


class NichtAufgenommen(DomainError):
    message = _(
        "Der Ort ist noch nicht aufgenommen: Die Sozialplanung hat den Vorschlag noch nicht "
        "angenommen."
    )


class KeineNaechsteStufe(DomainError):
    message = _("Der Ort hat die höchste Stufe schon erreicht.")


class KriterienNichtErfuellt(DomainError):
    message = _("Der Ort erfüllt noch nicht alle Kriterien der nächsten Stufe.")


class AntragEntschieden(DomainError):
    message = _("Über diesen Antrag ist schon entschieden.")


class EigenerAntrag(DomainError):
    message = _(
        "Über einen eigenen Antrag entscheidet eine andere Person der Sozialplanung "
        "(Vier-Augen-Prinzip)."
    )


class GrundFehlt(DomainError):
    field = "grund"


def describe_punkte(punkte) -> str:
    """The unmet criteria in one line: "… (ist 1, mindestens 2); …"."""
    return "; ".join(
        _("%(kriterium)s für „%(stufe)s“ (ist %(ist)s, mindestens %(soll)s)")
        % {
            "kriterium": p.kriterium.get_art_display(),
            "stufe": p.kriterium.get_stufe_display(),
            "ist": _zahl(p.ist),
            "soll": _zahl(p.kriterium.schwellwert),
        }
        for p in punkte
    )


def _zahl(wert) -> str:
    text = f"{wert:.2f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")


def unmet_reason_message(punkte):
    return _(
        "Der Ort erfüllt diese Kriterien nicht: %(punkte)s. Bitte begründen Sie, warum er die "
        "Stufe trotzdem erhält; die Begründung steht in der Stufengeschichte."
    ) % {"punkte": describe_punkte(punkte)}


# Proposing a place and requesting a stage (Ortsleitung)


@transaction.atomic
def propose_ort(ort: Ort, many: dict, user, begruendung: str) -> Antrag:
    """Save a new place proposed by ``user``: a Satellit, hidden from the public, led by the
    person who proposed it, with an open request the Sozialplanung decides."""
    ort.stufe = Stufe.SATELLIT
    ort.oeffentlich = False
    ort.save()
    set_many(ort, many)
    ort.leitung.add(user)
    services.set_stufe(ort, Stufe.SATELLIT)
    return Antrag.objects.create(
        ort=ort,
        art=AntragArt.AUFNAHME,
        stufe=Stufe.SATELLIT,
        begruendung=begruendung,
        gestellt_von=user,
    )


def request_blocker(ort: Ort, checkliste=None) -> DomainError | None:
    """Why the place's lead cannot request the next stage now (None: they can). ``checkliste``
    is the place's checklist if the caller has it already."""
    if ort.antraege.offen().exists():
        return AntragSchonOffen()
    aufnahmen = set(ort.antraege.filter(art=AntragArt.AUFNAHME).values_list("status", flat=True))
    if aufnahmen and AntragStatus.ANGENOMMEN not in aufnahmen:
        return NichtAufgenommen()
    if services.next_stufe(ort.stufe) is None:
        return KeineNaechsteStufe()
    checkliste = services.build_checkliste(ort) if checkliste is None else checkliste
    offen = [p for p in checkliste if not p.erfuellt]
    if offen:
        return KriterienNichtErfuellt(
            _(
                "Der Ort erfüllt noch nicht alle Kriterien der nächsten Stufe: %(punkte)s. "
                "Sobald er sie erfüllt, können Sie die Stufe hier beantragen."
            )
            % {"punkte": describe_punkte(offen)}
        )
    return None


def request_stufe(ort: Ort, user, begruendung: str) -> Antrag:
    """The place's lead asks for its next stage; the checklist must be met and no other request
    of the place may be open. (The view checked that ``user`` leads the place.)"""
    try:
        with transaction.atomic():
            # Two requests at once for the same place wait for each other here; the unique
            # constraint on open requests is the last guard.
            ort = Ort.objects.select_for_update().get(pk=ort.pk)
            fehler = request_blocker(ort)
            if fehler is not None:
                raise fehler
            return Antrag.objects.create(
                ort=ort,
                art=AntragArt.STUFE,
                stufe=services.next_stufe(ort.stufe),
                begruendung=begruendung,
                gestellt_von=user,
            )
    except IntegrityError as error:
        raise AntragSchonOffen() from error


# Deciding (Sozialplanung)


def checkliste_fuer(antrag: Antrag, kriterien=None) -> list:
    """The criteria of the requested stage (and of any stage it skips) with what the place has
    now; empty for a new place or when the place already holds the stage."""
    if antrag.art != AntragArt.STUFE:
        return []
    return services.build_checkliste_bis(
        antrag.ort, antrag.stufe, von=antrag.ort.stufe, kriterien=kriterien
    )


def decide(antrag: Antrag, user, *, annehmen: bool, grund: str = "") -> Antrag:
    """Accept or decline an open request. Accepting a new place makes it public; accepting a
    stage sets it through ``set_stufe`` (history entry with this request, and ``grund`` as the
    reason when criteria are unmet). The person who asked is told by e-mail."""
    grund = (grund or "").strip()
    vier_augen.einstellung_protokollieren()
    with transaction.atomic():
        antrag = Antrag.objects.select_for_update().get(pk=antrag.pk)
        if not antrag.ist_offen:
            raise AntragEntschieden()
        if vier_augen.gleiche_person(antrag.gestellt_von_id, user):
            raise EigenerAntrag()
        if not annehmen and not grund:
            raise GrundFehlt(_("Bitte begründen Sie die Ablehnung."))
        ort = services.with_kennzahlen(Ort.objects.select_for_update()).get(pk=antrag.ort_id)
        antrag.ort = ort
        if annehmen:
            _accept(antrag, ort, grund)
        antrag.status = AntragStatus.ANGENOMMEN if annehmen else AntragStatus.ABGELEHNT
        antrag.entschieden_von = user
        antrag.entschieden_am = timezone.now()
        antrag.entscheidungsgrund = grund
        antrag.save(
            update_fields=["status", "entschieden_von", "entschieden_am", "entscheidungsgrund"]
        )
        outbox.with_transaction(lambda: notifications.send_entscheidung(antrag))
    return antrag


def _accept(antrag: Antrag, ort: Ort, grund: str) -> None:
    if antrag.art == AntragArt.AUFNAHME:
        ort.oeffentlich = True
        ort.save(update_fields=["oeffentlich", "geaendert_am"])
        return
    if STUFEN_REIHENFOLGE.index(ort.stufe) >= STUFEN_REIHENFOLGE.index(antrag.stufe):
        return  # set directly in the meantime: the request is accepted, nothing to change
    offen = [p for p in checkliste_fuer(antrag) if not p.erfuellt]
    if offen and not grund:
        raise GrundFehlt(unmet_reason_message(offen))
    services.set_stufe(ort, antrag.stufe, begruendung=grund if offen else "", antrag=antrag)
