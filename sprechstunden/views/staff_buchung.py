"""Staff actions on one booking (confirm, no-show, outcome, follow-up, cancel, move) and
consultations without a booking (walk-ins), recorded anonymously."""

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from saarlouis_portal.konten.access import get_visible_or_404
from sprechstunden.forms.staff_termine import (
    ErgebnisForm,
    FolgeterminAuswahlForm,
    FolgeterminForm,
    KontaktForm,
    VerschiebenForm,
)
from sprechstunden.models import OFFEN, Beratungskontakt, Buchung, BuchungStatus, Sprechstunde
from sprechstunden.services.booking import move_buchung
from sprechstunden.services.errors import SchonGebucht, SprechstundenFehler
from sprechstunden.services.folgetermin import FolgeterminNichtMoeglich, book_folgetermin
from sprechstunden.services.manage import cancel_buchung, confirm_request_by_staff
from sprechstunden.services.outcomes import ensure_outcome_possible, mark_no_show, record_outcome
from sprechstunden.views.staff_common import _fehler, _warn_if_mail_failed, staff_required

# Bookings


def _buchung_for(request, pk: int) -> Buchung:
    return get_visible_or_404(
        Buchung.objects.select_related("termin__sprechstunde__anlaufstelle", "thema"),
        request.user,
        pk=pk,
    )


@staff_required
@require_POST
def buchung_bestaetigen(request, pk: int):
    buchung = _buchung_for(request, pk)
    try:
        bestaetigt = confirm_request_by_staff(buchung, by=request.user)
    except SprechstundenFehler as error:
        _fehler(request, error)
    else:
        if bestaetigt.email:
            text = _("Die Buchung ist bestätigt. Die Person erhält eine Bestätigung per E-Mail.")
        else:
            text = _("Die Buchung ist bestätigt.")
        messages.success(request, text)
        _warn_if_mail_failed(request, [bestaetigt])
    return redirect("sprechstunden:termin", pk=buchung.termin_id)


@staff_required
@require_POST
def buchung_nicht_erschienen(request, pk: int):
    buchung = _buchung_for(request, pk)
    try:
        ensure_outcome_possible(buchung)
        mark_no_show(buchung)
    except SprechstundenFehler as error:
        _fehler(request, error)
    else:
        messages.success(request, _("Die Buchung ist als „nicht erschienen“ vermerkt."))
    return redirect("sprechstunden:termin", pk=buchung.termin_id)


@staff_required
def buchung_ergebnis(request, pk: int):
    buchung = _buchung_for(request, pk)
    try:
        ensure_outcome_possible(buchung)
    except SprechstundenFehler as error:
        _fehler(request, error)
        return redirect("sprechstunden:termin", pk=buchung.termin_id)
    form = ErgebnisForm(
        request.POST or None, initial={"thema": buchung.thema}, folgetermin=buchung.folgetermin
    )
    if request.method == "POST" and form.is_valid():
        try:
            record_outcome(
                buchung=buchung,
                thema=form.cleaned_data["thema"],
                erstkontakt=form.cleaned_data.get("erstkontakt", False),
                vermittelt_an=form.cleaned_data["vermittelt_an"],
                by=request.user,
            )
        except SprechstundenFehler as error:
            form.add_error(None, str(error.message))
        else:
            messages.success(
                request, _("Die Beratung ist als wahrgenommen vermerkt und anonym erfasst.")
            )
            if request.POST.get("weiter") == "folgetermin":
                return redirect("sprechstunden:staff_buchung_folgetermin", pk=buchung.pk)
            return redirect("sprechstunden:termin", pk=buchung.termin_id)
    context = {"form": form, "buchung": buchung, "termin": buchung.termin}
    return render(request, "sprechstunden/staff/ergebnis_form.html", context)


@staff_required
def buchung_folgetermin(request, pk: int):
    """After the consultation: the next appointment for the same person, in one of the user's
    Sprechstunden (GET ``sprechstunde`` and ``ab`` choose which slots are offered)."""
    buchung = _buchung_for(request, pk)
    if buchung.status != BuchungStatus.WAHRGENOMMEN:
        messages.error(request, str(FolgeterminNichtMoeglich.message))
        return redirect("sprechstunden:termin", pk=buchung.termin_id)
    eigene = Sprechstunde.objects.counselled_by(request.user)
    auswahl = FolgeterminAuswahlForm(request.GET or None, sprechstunden=eigene)
    sprechstunde, ab = auswahl.values(default=buchung.termin.sprechstunde)
    if not auswahl.is_bound:
        auswahl = FolgeterminAuswahlForm(
            initial={"sprechstunde": sprechstunde, "ab": ab}, sprechstunden=eigene
        )
    form = FolgeterminForm(
        request.POST if request.method == "POST" else None,
        vorher=buchung,
        sprechstunde=sprechstunde,
        ab=ab,
    )
    if request.method == "POST" and form.is_valid():
        termin = form.cleaned_data["termin"]
        try:
            neu, _token = book_folgetermin(
                buchung, termin.pk, form.buchungsdaten(), by=request.user
            )
        except SchonGebucht:
            form.add_error(
                "termin",
                _(
                    "Die Person hat in diesem Termin schon einen Platz. Bitte wählen Sie einen "
                    "anderen."
                ),
            )
        except SprechstundenFehler as error:
            # Taken a moment ago, cancelled, closed: a matter of the chosen slot.
            field = error.field if error.field in form.fields else "termin"
            form.add_error(field, str(error.message))
        else:
            zeit = date_format(timezone.localtime(neu.termin.beginn), "l, d.m.Y, H:i")
            if neu.email and not neu.mail_fehlgeschlagen:
                text = _(
                    "Der Folgetermin am %(zeit)s Uhr ist gebucht. Die Person erhält eine "
                    "Bestätigung per E-Mail."
                )
            else:
                text = _(
                    "Der Folgetermin am %(zeit)s Uhr ist gebucht. Bitte nennen Sie der Person "
                    "Datum, Uhrzeit und Ort."
                )
            messages.success(request, text % {"zeit": zeit})
            _warn_if_mail_failed(request, [neu])
            return redirect("sprechstunden:termin", pk=buchung.termin_id)
    context = {
        "buchung": buchung,
        "termin": buchung.termin,
        "auswahl": auswahl,
        "form": form,
        "sprechstunde": sprechstunde,
        "ab": ab,
        "aktion": "?" + urlencode({"sprechstunde": sprechstunde.pk, "ab": ab.isoformat()}),
        "zurueck": reverse("sprechstunden:termin", args=[buchung.termin_id]),
        "aufbewahrung_tage": settings.SPRECHSTUNDEN_AUFBEWAHRUNG_TAGE,
    }
    return render(request, "sprechstunden/staff/folgetermin.html", context)


@staff_required
def buchung_absagen(request, pk: int):
    buchung = _buchung_for(request, pk)
    if request.method == "POST":
        try:
            abgesagt = cancel_buchung(buchung, by=request.user)
        except SprechstundenFehler as error:
            _fehler(request, error)
        else:
            messages.success(
                request,
                _("Die Buchung ist abgesagt. Ohne E-Mail-Adresse rufen Sie die Person bitte an."),
            )
            _warn_if_mail_failed(request, [abgesagt])
        return redirect("sprechstunden:termin", pk=buchung.termin_id)
    context = {
        "titel": _("Buchung absagen?"),
        "text": _(
            "Die Buchung für %(termin)s wird storniert und der Platz wird frei. Hat die Person "
            "eine E-Mail-Adresse angegeben, erhält sie eine Absage per E-Mail."
        )
        % {"termin": buchung.termin},
        "knopf": _("Buchung absagen"),
        "zurueck_url": ("sprechstunden:termin", buchung.termin_id),
    }
    return render(request, "portal/bestaetigen.html", context)


@staff_required
def buchung_verschieben(request, pk: int):
    buchung = _buchung_for(request, pk)
    if buchung.status not in OFFEN:
        messages.error(request, _("Diese Buchung ist nicht mehr offen."))
        return redirect("sprechstunden:termin", pk=buchung.termin_id)
    form = VerschiebenForm(request.POST or None, buchung=buchung)
    if request.method == "POST" and form.is_valid():
        neu = form.cleaned_data["termin"]
        try:
            verschoben = move_buchung(buchung, neu.pk, by=request.user)
        except SprechstundenFehler as error:
            form.add_error("termin", str(error.message))
        else:
            if verschoben.mail_fehlgeschlagen:
                messages.success(request, _("Die Buchung ist verschoben."))
                _warn_if_mail_failed(request, [verschoben])
                return redirect("sprechstunden:termin", pk=neu.pk)
            if buchung.email:
                text = _("Die Buchung ist verschoben. Die Person erhält eine E-Mail.")
            else:
                text = _(
                    "Die Buchung ist verschoben. Bitte teilen Sie der Person den neuen Termin mit."
                )
            messages.success(request, text)
            return redirect("sprechstunden:termin", pk=neu.pk)
    context = {"form": form, "buchung": buchung, "termin": buchung.termin}
    return render(request, "sprechstunden/staff/verschieben.html", context)


# Walk-ins


@staff_required
def kontakt_neu(request):
    initial = {}
    eigene = Sprechstunde.objects.counselled_by(request.user)
    sprechstunde_pk = request.GET.get("sprechstunde", "")
    if sprechstunde_pk.isdigit():
        initial["sprechstunde"] = eigene.filter(pk=sprechstunde_pk).first()
    form = KontaktForm(request.POST or None, initial=initial, sprechstunden=eigene)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        record_outcome(
            art=Beratungskontakt.Art.OHNE_TERMIN,
            sprechstunde=data["sprechstunde"],
            datum=data["datum"],
            thema=data["thema"],
            erstkontakt=data["erstkontakt"],
            vermittelt_an=data["vermittelt_an"],
            by=request.user,
        )
        messages.success(request, _("Die Beratung ohne Termin ist anonym erfasst."))
        return redirect(f"{request.path}?sprechstunde={data['sprechstunde'].pk}")
    return render(request, "sprechstunden/staff/kontakt_form.html", {"form": form})
