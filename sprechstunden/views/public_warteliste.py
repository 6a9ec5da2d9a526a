"""The citizens' waiting list: joining it for a full day or a full Sprechstunde, the entry's page
behind its link (confirm the e-mail address, withdraw, see an offer), and booking an offered
seat with the usual form.

Opening a link never changes anything: confirming and withdrawing are POSTs from its page."""

from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from saarlouis_portal import ratelimit
from sprechstunden.forms.public import BuchungForm
from sprechstunden.forms.public_warteliste import WartelisteForm
from sprechstunden.models import BuchungStatus, Kanal, Sprechstunde, WartelisteStatus
from sprechstunden.services import warteliste
from sprechstunden.services.errors import (
    AngebotAbgelaufen,
    LinkUngueltig,
    SprechstundenFehler,
    ThemaNichtAngeboten,
)
from sprechstunden.views.public_booking import _context, _to_done_page
from sprechstunden.views.public_common import _private, _too_many_requests, _with_phone


def _sprechstunde(pk: int) -> Sprechstunde:
    return get_object_or_404(Sprechstunde.objects.public().select_related("anlaufstelle"), pk=pk)


@require_http_methods(["GET", "POST"])
def eintragen(request, pk: int):
    """Join the waiting list of a Sprechstunde: for one of its full days, or for any slot when
    nothing is free at all. A day may be chosen beforehand with ``?tag=2026-11-26``."""
    sprechstunde = _sprechstunde(pk)
    anlaufstelle = sprechstunde.anlaufstelle
    if request.method == "POST" and not ratelimit.hit(request, "sprechstunden_warteliste"):
        return _too_many_requests(request, "sprechstunden_warteliste", anlaufstelle)
    moeglichkeiten = warteliste.options(sprechstunde)
    form = WartelisteForm(
        request.POST if request.method == "POST" else None,
        moeglichkeiten=moeglichkeiten,
        initial={"tag": request.GET.get("tag", "")[:10]},
    )
    if request.method == "POST":
        if form.is_bot:  # act as if all went well; nothing is saved
            art = "email" if request.POST.get("email") else "telefon"
            return redirect(_done_url(sprechstunde, art))
        if form.is_valid():
            daten = form.wartelisten_daten()
            try:
                warteliste.join(sprechstunde.pk, daten)
            except SprechstundenFehler as error:
                error.add_to_form(form)
            else:
                return redirect(_done_url(sprechstunde, "email" if daten.email else "telefon"))
    context = {
        "sprechstunde": sprechstunde,
        "anlaufstelle": anlaufstelle,
        "form": form,
        "moeglichkeiten": moeglichkeiten,
        "halten_minuten": settings.SPRECHSTUNDEN_WARTELISTE_HALTEN_MINUTEN,
        "warte_tage": settings.SPRECHSTUNDEN_WARTELISTE_TAGE,
    }
    return render(request, "sprechstunden/public/warteliste.html", context)


def _done_url(sprechstunde: Sprechstunde, art: str) -> str:
    url = reverse("sprechstunden:warteliste_eingetragen", args=[sprechstunde.pk])
    return f"{url}?art={art}"


def eingetragen(request, pk: int):
    sprechstunde = _sprechstunde(pk)
    context = {
        "sprechstunde": sprechstunde,
        "anlaufstelle": sprechstunde.anlaufstelle,
        "art": "telefon" if request.GET.get("art") == "telefon" else "email",
        "halten_minuten": settings.SPRECHSTUNDEN_WARTELISTE_HALTEN_MINUTEN,
    }
    return render(request, "sprechstunden/public/warteliste_eingetragen.html", context)


# Behind the entry's link


def entry_page(view):
    """Rate-limited, private pages behind an entry's token; an unknown one is a friendly 404."""

    @wraps(view)
    def wrapper(request, token: str):
        if not ratelimit.hit(request, "sprechstunden_link"):
            return _private(_too_many_requests(request, "sprechstunden_link"))
        try:
            eintrag = warteliste.get_by_token(token)
        except LinkUngueltig:
            response = render(
                request, "sprechstunden/public/warteliste_link_ungueltig.html", status=404
            )
        else:
            response = view(request, eintrag, token)
        return _private(response)

    return wrapper


def _entry_context(eintrag, token: str) -> dict:
    now = timezone.now()
    angebot = (
        eintrag.status == WartelisteStatus.HAELT
        and eintrag.termin is not None
        and eintrag.halten_bis > now
    )
    return {
        "eintrag": eintrag,
        "token": token,
        "sprechstunde": eintrag.sprechstunde,
        "anlaufstelle": eintrag.sprechstunde.anlaufstelle,
        "termin": eintrag.termin if angebot else None,
        "angebot": angebot,
        "bestaetigen_moeglich": eintrag.status == WartelisteStatus.UNBESTAETIGT
        and eintrag.bestaetigen_bis > now,
        "aktiv": eintrag.status in (WartelisteStatus.UNBESTAETIGT, WartelisteStatus.WARTET)
        or angebot,
    }


@entry_page
def eintrag(request, eintrag, token):
    context = _entry_context(eintrag, token)
    return render(request, "sprechstunden/public/warteliste_eintrag.html", context)


@require_POST
@entry_page
def bestaetigen(request, eintrag, token):
    try:
        warteliste.confirm(token)
    except SprechstundenFehler as error:
        error.show(request)
    else:
        messages.success(
            request,
            _(
                "Ihr Eintrag ist bestätigt. Wird ein Termin frei, schreiben wir Ihnen sofort. Wer "
                "zuerst auf der Warteliste steht, bekommt den Termin zuerst angeboten."
            ),
        )
    return redirect("sprechstunden:warteliste_eintrag", token=token)


@require_POST
@entry_page
def abmelden(request, eintrag, token):
    warteliste.withdraw(eintrag)
    messages.success(
        request,
        _("Sie sind von der Warteliste abgemeldet. Ihre Angaben dazu sind gelöscht."),
    )
    return redirect("sprechstunden:sprechstunde", pk=eintrag.sprechstunde_id)


@require_http_methods(["GET", "POST"])
@entry_page
def buchen(request, eintrag, token):
    """The offered seat, booked with the usual form (screen 2), filled in with what the entry
    holds. Only while the offer lasts; the booking service checks that again under the slot's
    lock."""
    context = _entry_context(eintrag, token)
    if not context["angebot"]:
        messages.error(request, AngebotAbgelaufen.message)
        return redirect("sprechstunden:warteliste_eintrag", token=token)
    termin = eintrag.termin
    now = timezone.now()
    if request.method == "POST":
        if not ratelimit.hit(request, "sprechstunden_buchung"):
            return _too_many_requests(request, "sprechstunden_buchung", context["anlaufstelle"])
        form = BuchungForm(request.POST, termin_pk=termin.pk)
        if form.is_valid() and not form.is_bot:
            try:
                buchung, manage_token = warteliste.book_offer(
                    token, form.buchungs_daten(), kanal=Kanal.ONLINE, now=now
                )
            except AngebotAbgelaufen as error:
                error.show(request)
                return redirect("sprechstunden:warteliste_eintrag", token=token)
            except ThemaNichtAngeboten as error:
                error.add_to_form(form)
            except SprechstundenFehler as error:
                form.add_error(None, _with_phone(error.message, context["anlaufstelle"]))
            else:
                return _done(request, buchung, manage_token)
    else:
        form = BuchungForm(
            termin_pk=termin.pk,
            initial={"email": eintrag.email, "telefon": eintrag.telefon, "name": eintrag.name},
        )
    termin.sprechstunde = eintrag.sprechstunde
    page = {
        **_context(termin),
        **context,
        "form": form.for_display(eintrag.sprechstunde),
        "aufbewahrung_tage": settings.SPRECHSTUNDEN_AUFBEWAHRUNG_TAGE,
    }
    return render(request, "sprechstunden/public/buchen.html", page)


def _done(request, buchung, manage_token: str):
    """Screen 3, as after any booking: with the e-mail address the entry confirmed the booking
    is confirmed at once; otherwise as usual."""
    art = "email" if buchung.email else "telefon"
    if buchung.status == BuchungStatus.BESTAETIGT:
        art = "bestaetigt"
    if buchung.email and not buchung.mail_fehlgeschlagen:
        return _to_done_page(request, art, buchung.termin_id, buchung_pk=buchung.pk)
    return _to_done_page(
        request,
        art,
        buchung.termin_id,
        manage_token,
        mail_fehlgeschlagen=bool(buchung.email and buchung.mail_fehlgeschlagen),
        buchung_pk=buchung.pk,
    )
