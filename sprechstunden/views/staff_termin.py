"""Staff pages of one slot: its bookings, who takes it, booking on behalf of a caller,
cancelling the slot."""

from django.conf import settings
from django.contrib import messages
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from saarlouis_portal import telefon
from sprechstunden.forms.staff_termine import (
    StaffBuchungForm,
    TerminAbsagenForm,
    TerminZustaendigForm,
)
from sprechstunden.models import (
    BELEGEND,
    OFFEN,
    BuchungStatus,
    Kanal,
    Schliesszeit,
    Termin,
    WartelisteStatus,
)
from sprechstunden.services.booking import book_termin
from sprechstunden.services.errors import SchonGebucht, SprechstundenFehler
from sprechstunden.services.slots import assign_beratende, cancel_termin
from sprechstunden.views.staff_common import _warn_if_mail_failed, staff_required


def _termin_for(request, pk: int) -> Termin:
    """A slot shows its bookings: outside the user's own Sprechstunden it does not exist."""
    return get_object_or_404(
        Termin.objects.select_related("sprechstunde__anlaufstelle", "beratende").for_user(
            request.user
        ),
        pk=pk,
    )


@staff_required
def termin(request, pk: int):
    return _termin_page(request, _termin_for(request, pk))


def _termin_page(request, termin: Termin, zustaendig_form: TerminZustaendigForm | None = None):
    buchungen = sorted(
        termin.buchungen.select_related("thema", "sprache", "kontakt"),
        key=lambda b: (b.status not in BELEGEND, b.platz, b.pk),  # cancelled ones last
    )
    aktive = [b for b in buchungen if b.status in BELEGEND]
    # Seats held for the waiting list are taken too, until booked or passed on.
    angebote = list(termin.warteliste_angebote.filter(status=WartelisteStatus.HAELT))
    closures = Schliesszeit.objects.filter(
        Q(sprechstunde=termin.sprechstunde_id)
        | Q(anlaufstelle=termin.sprechstunde.anlaufstelle_id),
        beginn__lt=termin.ende,
        ende__gt=termin.beginn,
    )
    now = timezone.now()
    context = {
        "termin": termin,
        "sprechstunde": termin.sprechstunde,
        "buchungen": buchungen,
        "frei": max(termin.kapazitaet - len(aktive) - len(angebote), 0),
        "angebote": angebote,
        "schliesszeit": closures.first(),
        "begonnen": termin.beginn <= now,
        "vorbei": termin.ende <= now,
        "offen": OFFEN,
        "absagen_form": TerminAbsagenForm(),
        "zustaendig_form": zustaendig_form or TerminZustaendigForm(termin=termin),
        "status": BuchungStatus,
    }
    return render(request, "sprechstunden/staff/termin.html", context)


@staff_required
@require_POST
def termin_zustaendig(request, pk: int):
    termin = _termin_for(request, pk)
    form = TerminZustaendigForm(request.POST, termin=termin)
    if not form.is_valid():
        return _termin_page(request, termin, form)
    beratende = form.cleaned_data["beratende"]
    assign_beratende(termin, beratende)
    if beratende:
        messages.success(
            request,
            _("Für diesen Termin ist jetzt %(name)s zuständig.") % {"name": beratende},
        )
    else:
        messages.success(
            request, _("Für diesen Termin sind jetzt alle Beratenden der Sprechstunde zuständig.")
        )
    return redirect("sprechstunden:termin", pk=termin.pk)


@staff_required
def staff_buchen(request, pk: int):
    termin = _termin_for(request, pk)
    form = StaffBuchungForm(request.POST or None, sprechstunde=termin.sprechstunde)
    if request.method == "POST" and form.is_valid():
        try:
            buchung, _token = book_termin(
                termin.pk, form.buchungsdaten(), kanal=Kanal.TELEFON, by=request.user
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
            if buchung.mail_fehlgeschlagen:
                text = _(
                    "Der Termin ist gebucht. Bitte nennen Sie der Person Datum, Uhrzeit und Ort."
                )
                messages.success(request, text)
                _warn_if_mail_failed(request, [buchung])
                return redirect("sprechstunden:termin", pk=termin.pk)
            if buchung.email:
                text = _("Der Termin ist gebucht. Die Person erhält eine Bestätigung per E-Mail.")
            else:
                text = _(
                    "Der Termin ist gebucht. Bitte nennen Sie der Person Datum, Uhrzeit und Ort."
                )
            messages.success(request, text)
            return redirect("sprechstunden:termin", pk=termin.pk)
    context = {
        "form": form,
        "termin": termin,
        "aufbewahrung_tage": settings.SPRECHSTUNDEN_AUFBEWAHRUNG_TAGE,
    }
    return render(request, "sprechstunden/staff/staff_buchen.html", context)


@staff_required
def termin_absagen(request, pk: int):
    termin = _termin_for(request, pk)
    if termin.abgesagt:
        messages.info(request, _("Dieser Termin ist bereits abgesagt."))
        return redirect("sprechstunden:termin", pk=termin.pk)
    form = TerminAbsagenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        betroffen = cancel_termin(termin, form.cleaned_data["grund"], by=request.user)
        _warn_if_mail_failed(request, betroffen)
        ohne_email = [b for b in betroffen if not b.email]
        messages.success(
            request,
            ngettext(
                "Der Termin ist abgesagt; %(n)d Buchung wurde storniert.",
                "Der Termin ist abgesagt; %(n)d Buchungen wurden storniert.",
                len(betroffen),
            )
            % {"n": len(betroffen)},
        )
        if ohne_email:
            messages.warning(
                request,
                ngettext(
                    "%(n)d Person hat keine E-Mail-Adresse angegeben. Bitte rufen Sie sie an: "
                    "%(telefon)s",
                    "%(n)d Personen haben keine E-Mail-Adresse angegeben. Bitte rufen Sie sie "
                    "an: %(telefon)s",
                    len(ohne_email),
                )
                % {
                    "n": len(ohne_email),
                    "telefon": ", ".join(
                        f"{b.name or _('ohne Namen')} "
                        f"{telefon.for_display(b.telefon) or _('(keine Nummer)')}"
                        for b in ohne_email
                    ),
                },
            )
        return redirect("sprechstunden:termin", pk=termin.pk)
    context = {"form": form, "termin": termin}
    return render(request, "sprechstunden/staff/termin_absagen.html", context)
