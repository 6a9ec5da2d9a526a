"""Staff pages of the waiting list: a Sprechstunde's list (count and entries), and the call
tasks of entries with a phone number only: book the held seat for the caller, pass the offer on
when the person cannot be reached, take an entry off the list.

Names and numbers only for whoever serves the Sprechstunde's clients (``for_user``); every other
member of staff sees the count on the Sprechstunde's page."""

from django.conf import settings
from django.contrib import messages
from django.db.models import F
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sprechstunden.forms.staff_termine import StaffBuchungForm
from sprechstunden.models import (
    WARTELISTE_AKTIV,
    Kanal,
    Sprechstunde,
    Wartelisteneintrag,
    WartelisteStatus,
)
from sprechstunden.services import warteliste
from sprechstunden.services.errors import AngebotAbgelaufen, SchonGebucht, SprechstundenFehler
from sprechstunden.views.staff_common import _fehler, _warn_if_mail_failed, staff_required

# Entries shown on one page: a waiting list longer than this is a signal in itself.
LISTE_MAX = 200


def call_tasks(user, limit: int = 50):
    """Offers to phone-only entries: staff call the person and book or pass on (one query)."""
    return (
        Wartelisteneintrag.objects.for_user(user)
        .filter(status=WartelisteStatus.HAELT, email="")
        .select_related("sprechstunde__anlaufstelle", "termin")
        .order_by("halten_bis", "pk")[:limit]
    )


def _eintrag_for(request, pk: int) -> Wartelisteneintrag:
    return get_object_or_404(
        Wartelisteneintrag.objects.for_user(request.user).select_related(
            "sprechstunde__anlaufstelle", "termin"
        ),
        pk=pk,
    )


@staff_required
def liste(request, pk: int):
    # The entries are personal data of the Sprechstunde's clients: outside the Sprechstunden
    # the user counsels in, the list does not exist.
    sprechstunde = get_object_or_404(
        Sprechstunde.objects.counselled_by(request.user).select_related("anlaufstelle"), pk=pk
    )
    eintraege = list(
        Wartelisteneintrag.objects.filter(sprechstunde=sprechstunde, status__in=WARTELISTE_AKTIV)
        .select_related("termin")
        .order_by(F("bestaetigt_am").asc(nulls_last=True), "erstellt_am", "pk")[:LISTE_MAX]
    )
    position = 0
    for eintrag in eintraege:
        if eintrag.status == WartelisteStatus.WARTET:
            position += 1
            eintrag.position = position
    context = {
        "sprechstunde": sprechstunde,
        "eintraege": eintraege,
        "wartend": sum(1 for e in eintraege if e.status == WartelisteStatus.WARTET),
        "unbestaetigt": sum(1 for e in eintraege if e.status == WartelisteStatus.UNBESTAETIGT),
        "angeboten": sum(1 for e in eintraege if e.status == WartelisteStatus.HAELT),
        "liste_max": LISTE_MAX,
    }
    return render(request, "sprechstunden/staff/warteliste.html", context)


@staff_required
def angebot_buchen(request, pk: int):
    """Book the held seat for the person on the phone (a call task)."""
    eintrag = _eintrag_for(request, pk)
    if eintrag.status != WartelisteStatus.HAELT or eintrag.termin is None:
        _fehler(request, AngebotAbgelaufen())
        return redirect("sprechstunden:staff_warteliste", pk=eintrag.sprechstunde_id)
    termin = eintrag.termin
    termin.sprechstunde = eintrag.sprechstunde
    form = StaffBuchungForm(
        request.POST or None,
        sprechstunde=eintrag.sprechstunde,
        initial={"telefon": eintrag.telefon, "email": eintrag.email, "name": eintrag.name},
    )
    if request.method == "POST" and form.is_valid():
        try:
            buchung, _token = warteliste.book_held(
                eintrag, form.buchungsdaten(), by=request.user, kanal=Kanal.TELEFON
            )
        except SchonGebucht:
            form.add_error(
                None,
                _(
                    "Für diese Telefonnummer oder E-Mail-Adresse ist in diesem Termin schon ein "
                    "Platz gebucht. Die Buchung steht in der Liste des Termins."
                ),
            )
        except SprechstundenFehler as error:
            form.add_error(None, str(error.message))
        else:
            messages.success(
                request,
                _(
                    "Der Termin aus der Warteliste ist gebucht. Bitte nennen Sie der Person "
                    "Datum, Uhrzeit, Ort und den Buchungscode %(code)s."
                )
                % {"code": buchung.code_anzeige},
            )
            _warn_if_mail_failed(request, [buchung])
            return redirect("sprechstunden:termin", pk=termin.pk)
    context = {
        "form": form,
        "termin": termin,
        "eintrag": eintrag,
        "aufbewahrung_tage": settings.SPRECHSTUNDEN_AUFBEWAHRUNG_TAGE,
    }
    return render(request, "sprechstunden/staff/staff_buchen.html", context)


@staff_required
@require_POST
def angebot_weitergeben(request, pk: int):
    """The person of a call task cannot be reached: the seat goes to the next entry."""
    eintrag = _eintrag_for(request, pk)
    try:
        warteliste.pass_on(eintrag)
    except SprechstundenFehler as error:
        _fehler(request, error)
    else:
        messages.success(
            request,
            _("Das Angebot ist beendet; der Termin geht an den nächsten Eintrag der Warteliste."),
        )
    return redirect("sprechstunden:staff_warteliste", pk=eintrag.sprechstunde_id)


@staff_required
@require_POST
def eintrag_entfernen(request, pk: int):
    """The person asked to be taken off (e.g. on the phone): their data is deleted at once."""
    eintrag = _eintrag_for(request, pk)
    warteliste.withdraw(eintrag, by=request.user)
    messages.success(
        request, _("Der Eintrag ist von der Warteliste entfernt; seine Angaben sind gelöscht.")
    )
    return redirect("sprechstunden:staff_warteliste", pk=eintrag.sprechstunde_id)
