"""The citizens' side, screens 2 and 3: enter details and book a slot, then the done page.

No account and no JavaScript needed. A manage link never goes into a URL: the done page gets
the one of a phone-only booking through the session and shows it once."""

from datetime import datetime, timedelta
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.core import signing
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from saarlouis_portal import ratelimit
from sprechstunden.forms.public import BuchungForm
from sprechstunden.models import Buchung, BuchungStatus, Kanal, Sprechstunde, Termin
from sprechstunden.notifications import reservation_deadline
from sprechstunden.services.booking import book_termin, check_bookable
from sprechstunden.services.errors import (
    NichtVerlaengerbar,
    SchonGebucht,
    SprechstundenFehler,
    TerminBelegt,
    TerminNichtBuchbar,
    ThemaNichtAngeboten,
)
from sprechstunden.services.manage import extend_reservation
from sprechstunden.views.public_common import _private, _too_many_requests, _with_phone

SESSION_FERTIG = "sprechstunden_fertig"
FERTIG_SALT = "sprechstunden.fertig"
FERTIG_GUELTIG = timedelta(minutes=15)  # how long the done page's parameter is accepted
VERLAENGERN_SALT = "sprechstunden.verlaengern"
SESSION_ANGABEN = "sprechstunden_angaben"
ANGABEN_GUELTIG = timedelta(minutes=30)  # entries kept when the slot was taken meanwhile


# Screen 2: enter details


def _unbookable_reason(termin: Termin, now: datetime) -> str | None:
    """``termin`` comes from ``_public_termin`` (with ``belegt`` and ``geschlossen``)."""
    try:
        check_bookable(termin, now)
    except TerminNichtBuchbar:
        pass
    else:
        if termin.belegt < termin.kapazitaet:
            return None
    if termin.beginn <= now:
        return _("Dieser Termin liegt in der Vergangenheit. Bitte wählen Sie einen anderen.")
    if termin.abgesagt:
        return _("Dieser Termin wurde abgesagt. Bitte wählen Sie einen anderen.")
    if termin.belegt >= termin.kapazitaet:
        return str(TerminBelegt.message)
    sprechstunde = termin.sprechstunde
    if termin.beginn < now + timedelta(hours=sprechstunde.vorlauf_stunden):
        return ngettext(
            "Online buchen können Sie bis %(stunden)d Stunde vor dem Termin. Bitte wählen Sie "
            "einen anderen Termin oder rufen Sie die Anlaufstelle an.",
            "Online buchen können Sie bis %(stunden)d Stunden vor dem Termin. Bitte wählen Sie "
            "einen anderen Termin oder rufen Sie die Anlaufstelle an.",
            sprechstunde.vorlauf_stunden,
        ) % {"stunden": sprechstunde.vorlauf_stunden}
    if termin.beginn > now + timedelta(days=sprechstunde.buchbar_tage):
        return ngettext(
            "Dieser Termin ist noch nicht buchbar: Termine werden %(tage)d Tag im Voraus "
            "freigegeben.",
            "Dieser Termin ist noch nicht buchbar: Termine werden %(tage)d Tage im Voraus "
            "freigegeben.",
            sprechstunde.buchbar_tage,
        ) % {"tage": sprechstunde.buchbar_tage}
    return str(TerminNichtBuchbar.message)


def _public_termin(termin_pk: int, *, state: bool = True) -> Termin:
    """The slot with what its page shows; with ``state`` also what tells whether it can be
    booked (seats taken, closures)."""
    queryset = Termin.objects.select_related("sprechstunde__anlaufstelle").filter(
        sprechstunde__in=Sprechstunde.objects.public()
    )
    if state:
        queryset = queryset.with_belegt().with_geschlossen()
    return get_object_or_404(queryset, pk=termin_pk)


def buchen(request, termin_pk: int):
    """Screen 2. A POST goes straight to the booking service, which locks the slot and checks
    everything under the lock; the page's own look-ups (slot, place, why a slot cannot be
    booked) run only when the form is shown (again). That keeps the hot path short."""
    now = timezone.now()
    if request.method != "POST":
        termin = _public_termin(termin_pk)
        kept = _kept_entries(request, termin.sprechstunde_id)
        form = BuchungForm(termin_pk=termin_pk, initial=kept)
        return _booking_page(request, termin, form, now, uebernommen=bool(kept))
    if not ratelimit.hit(request, "sprechstunden_buchung"):
        termin = _public_termin(termin_pk, state=False)
        return _too_many_requests(
            request, "sprechstunden_buchung", termin.sprechstunde.anlaufstelle
        )
    form = BuchungForm(request.POST, termin_pk=termin_pk)
    if form.is_bot:
        # Act as if all went well; a bot learns nothing, nothing is saved.
        art = "email" if request.POST.get("email") else "telefon"
        return _to_done_page(request, art, termin_pk)
    if not form.is_valid():
        return _booking_page(request, _public_termin(termin_pk), form, now)
    try:
        buchung, token = book_termin(termin_pk, form.buchungs_daten(), kanal=Kanal.ONLINE, now=now)
    except TerminBelegt as error:
        return _slot_taken(request, termin_pk, form, error.termin)
    except ThemaNichtAngeboten as error:
        form.add_error("thema", error.message)
        return _booking_page(request, _public_termin(termin_pk), form, now)
    except SchonGebucht as error:
        return _already_booked(request, termin_pk, form, error, now)
    except SprechstundenFehler as error:
        unbookable = isinstance(error, TerminNichtBuchbar)
        termin = _public_termin(termin_pk, state=unbookable)
        if unbookable and (response := _unbookable_page(request, termin, now)):
            return response
        form.add_error(None, error.message)
        return _booking_page(request, termin, form, now, check=False, termin_weg=unbookable)
    if SESSION_ANGABEN in request.session:  # no session is read without a session cookie
        del request.session[SESSION_ANGABEN]
    if buchung.email and buchung.mail_fehlgeschlagen:
        # The reservation stands, but its mail did not go out (outbox off, mail server down):
        # the done page says so and shows the link the mail would have brought.
        return _to_done_page(
            request, "email", termin_pk, token, mail_fehlgeschlagen=True, buchung_pk=buchung.pk
        )
    if buchung.email:
        return _to_done_page(request, "email", termin_pk, buchung_pk=buchung.pk)
    # Phone only: the done page is the one place the person gets their manage link.
    return _to_done_page(request, "telefon", termin_pk, token, buchung_pk=buchung.pk)


def _already_booked(request, termin_pk: int, form, error, now: datetime):
    """The same form sent twice (a double click, a reload), or the slot booked again: one
    person holds one seat. If the first answer never reached the browser, its done page is
    still waiting in the session (a phone-only booking's manage link): show it now. Otherwise
    say so at the top of the form."""
    if request.COOKIES.get(settings.SESSION_COOKIE_NAME):
        request.session.pop(SESSION_ANGABEN, None)
        pending = request.session.get(SESSION_FERTIG)
        if pending and pending.get("termin") == termin_pk:
            return redirect("sprechstunden:fertig")
    termin = _public_termin(termin_pk)
    form.add_error(None, _with_phone(error.message, termin.sprechstunde.anlaufstelle))
    return _booking_page(request, termin, form, now, check=False)


def _context(termin: Termin) -> dict:
    sprechstunde = termin.sprechstunde
    return {
        "termin": termin,
        "sprechstunde": sprechstunde,
        "anlaufstelle": sprechstunde.anlaufstelle,
        "reservierung_minuten": settings.SPRECHSTUNDEN_RESERVIERUNG_MINUTEN,
    }


def _unbookable_page(request, termin: Termin, now: datetime):
    """The page that explains why a slot cannot be booked, or None when it can be."""
    reason = _unbookable_reason(termin, now)
    if not reason:
        return None
    context = {**_context(termin), "grund": reason}
    return render(request, "sprechstunden/public/nicht_buchbar.html", context)


def _booking_page(request, termin, form, now, *, check=True, termin_weg=False, uebernommen=False):
    if check and (response := _unbookable_page(request, termin, now)):
        return response
    context = {
        **_context(termin),
        "form": form.for_display(termin.sprechstunde),
        "termin_weg": termin_weg,
        "angaben_uebernommen": uebernommen,
        "aufbewahrung_tage": settings.SPRECHSTUNDEN_AUFBEWAHRUNG_TAGE,
    }
    return render(request, "sprechstunden/public/buchen.html", context)


# A seat taken while the form was open


def _slot_taken(request, termin_pk: int, form: BuchungForm, termin: Termin | None):
    """Someone else got the last seat first. As in pretix and the Berlin appointment system the
    person goes back to choosing a slot (the week of the one they wanted); unlike there, what
    they entered is kept for half an hour and filled into the form of the slot they choose next.
    Consent is not carried over: it is given again for the new slot."""
    if termin is None:  # the seat constraint caught it: the service had no slot to hand on
        termin = Termin.objects.only("beginn", "sprechstunde_id").get(pk=termin_pk)
    _keep_entries(request, termin.sprechstunde_id, form.cleaned_data)
    beginn = timezone.localtime(termin.beginn)
    messages.warning(
        request,
        _(
            "Der Termin am %(tag)s um %(zeit)s Uhr ist leider gerade vergeben worden. Bitte "
            "wählen Sie einen anderen. Ihre Angaben tragen wir dort wieder für Sie ein."
        )
        % {"tag": date_format(beginn, "l, j. F Y"), "zeit": date_format(beginn, "H:i")},
    )
    url = reverse("sprechstunden:sprechstunde", args=[termin.sprechstunde_id])
    return redirect(f"{url}?{urlencode({'ab': beginn.date().isoformat()})}")


def _keep_entries(request, sprechstunde_id: int, cleaned: dict) -> None:
    entries = {
        name: value.pk if hasattr(value, "pk") else value
        for name, value in cleaned.items()
        if name not in ("einwilligung", "webseite") and value not in (None, "", False)
    }
    until = timezone.now() + ANGABEN_GUELTIG
    request.session[SESSION_ANGABEN] = {
        "sprechstunde": sprechstunde_id,
        "angaben": entries,
        "bis": until.timestamp(),
    }
    if not request.user.is_authenticated:
        # An anonymous session holds nothing else worth keeping longer (a staff login would).
        request.session.set_expiry(ANGABEN_GUELTIG)


def _kept_entries(request, sprechstunde_id: int) -> dict | None:
    """What ``_keep_entries`` kept for this Sprechstunde, while it is fresh; stale entries are
    dropped when found."""
    if not request.COOKIES.get(settings.SESSION_COOKIE_NAME):
        return None  # spares loading an empty session for every first visit
    kept = request.session.get(SESSION_ANGABEN)
    if not kept:
        return None
    if kept.get("bis", 0) < timezone.now().timestamp():
        del request.session[SESSION_ANGABEN]
        return None
    if kept.get("sprechstunde") != sprechstunde_id:
        return None
    return kept.get("angaben") or None


# Screen 3: done


def _to_done_page(
    request,
    art: str,
    termin_pk: int,
    token: str = "",
    *,
    mail_fehlgeschlagen: bool = False,
    buchung_pk: int | None = None,
    verlaengert: bool = False,
):
    """Redirect to screen 3. What it shows travels in a signed, short-lived parameter, so a
    booking writes no session (a database and a cache write each). A manage link is a secret
    and never goes into a URL, where access logs and the browser history would keep it: the
    one of a phone-only booking (or of one whose mail failed) goes through the session, shown
    once."""
    if token:
        request.session[SESSION_FERTIG] = {
            "art": art,
            "termin": termin_pk,
            "token": token,
            "mail_fehlgeschlagen": mail_fehlgeschlagen,
            "buchung": buchung_pk,
        }
        return redirect("sprechstunden:fertig")
    data = {"art": art, "termin": termin_pk}
    if buchung_pk:
        data["buchung"] = buchung_pk  # the reservation the page may offer more time for
    if verlaengert:
        data["verlaengert"] = True
    signed = signing.dumps(data, salt=FERTIG_SALT)
    return redirect(f"{reverse('sprechstunden:fertig')}?{urlencode({'b': signed})}")


def _signed_done(value: str | None) -> dict | None:
    if not value:
        return None
    try:
        data = signing.loads(value, salt=FERTIG_SALT, max_age=FERTIG_GUELTIG)
    except signing.BadSignature:  # forged, altered or expired
        return None
    return {key: data.get(key) for key in ("art", "termin", "buchung", "verlaengert")}


def fertig(request):
    data = request.session.pop(SESSION_FERTIG, None) or _signed_done(request.GET.get("b"))
    if not data:
        return redirect("sprechstunden:index")
    termin = (
        Termin.objects.select_related("sprechstunde__anlaufstelle")
        .filter(pk=data.get("termin"))
        .first()
    )
    context = {
        "art": data.get("art"),
        "termin": termin,
        "sprechstunde": termin.sprechstunde if termin else None,
        "anlaufstelle": termin.sprechstunde.anlaufstelle if termin else None,
        "manage_url": request.build_absolute_uri(
            reverse("sprechstunden:buchung_verwalten", args=[data["token"]])
        )
        if data.get("token")
        else "",
        "mail_fehlgeschlagen": bool(data.get("mail_fehlgeschlagen")),
        "reservierung_minuten": settings.SPRECHSTUNDEN_RESERVIERUNG_MINUTEN,
    }
    # The booking code, read out on the phone and typed on "Buchung finden" (one query, which
    # also tells whether a reservation is still waiting).
    buchung = (
        Buchung.objects.only("code", "status", "verlaengert", "erstellt_am")
        .filter(pk=data["buchung"])
        .first()
        if data.get("buchung")
        else None
    )
    context["buchungscode"] = buchung.code_anzeige if buchung else ""
    reservierung = buchung if buchung and buchung.status == BuchungStatus.RESERVIERT else None
    if reservierung:
        context["frist"] = reservation_deadline(reservierung)
        context["verlaengert"] = reservierung.verlaengert
        if not reservierung.verlaengert:
            context["verlaengern"] = signing.dumps(
                {"buchung": reservierung.pk}, salt=VERLAENGERN_SALT
            )
    return _private(render(request, "sprechstunden/public/fertig.html", context))


@require_POST
def verlaengern(request):
    """The done page's "more time" button: the reservation waits once more as long."""
    try:
        data = signing.loads(
            request.POST.get("b", ""),
            salt=VERLAENGERN_SALT,
            max_age=timedelta(minutes=2 * settings.SPRECHSTUNDEN_RESERVIERUNG_MINUTEN),
        )
        buchung = extend_reservation(int(data["buchung"]))
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        messages.error(request, NichtVerlaengerbar.message)
        return redirect("sprechstunden:index")
    except NichtVerlaengerbar as error:
        error.show(request)
        return redirect("sprechstunden:index")
    return _to_done_page(
        request, "email", buchung.termin_id, buchung_pk=buchung.pk, verlaengert=True
    )
