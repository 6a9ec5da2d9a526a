"""The citizens' side: find a Sprechstunde, book a slot in three screens, manage the booking.

No account and no JavaScript needed. The manage link carries a random token in its path; pages
under it are never cached, never pass the path on as a referrer and are not indexed. Opening a
page never changes a booking: confirming, cancelling, moving and deleting are POSTs from there.
"""

from collections import defaultdict
from datetime import date, datetime, time, timedelta
from functools import wraps
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.core import signing
from django.db.models import F, Prefetch, Q, Window
from django.db.models.functions import RowNumber
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from saarlouis_portal import ratelimit, telefon
from sprechstunden import notifications, public_cache, services
from sprechstunden.forms.public import BuchungForm, SprechstundenFilter, VerschiebenForm
from sprechstunden.models import (
    Beratende,
    BuchungStatus,
    Kanal,
    Schliesszeit,
    Sprechstunde,
    Termin,
)

NEXT_SLOTS = 6  # free slots shown per Sprechstunde in the list
CLOSURES_AHEAD = timedelta(days=42)
NEXT_FREE_WINDOW = timedelta(weeks=8)
SESSION_FERTIG = "sprechstunden_fertig"
FERTIG_SALT = "sprechstunden.fertig"
FERTIG_GUELTIG = timedelta(minutes=15)  # how long the done page's parameter is accepted
SESSION_ANGABEN = "sprechstunden_angaben"
ANGABEN_GUELTIG = timedelta(minutes=30)  # entries kept when the slot was taken meanwhile


# Helpers


def _local_midnight(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=timezone.get_current_timezone())


def _today() -> date:
    return timezone.localdate()


def _parse_day(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _public_sprechstunden():
    """Published schedules of active places that have not run out, with what the list shows."""
    return (
        Sprechstunde.objects.public()
        .exclude(gueltig_bis__lt=_today())
        .select_related("anlaufstelle")
        .prefetch_related(
            "themen",
            "sprachen",
            Prefetch(
                "beratende_zuordnungen",
                queryset=Beratende.objects.select_related("traeger").order_by("traeger__name"),
            ),
        )
    )


def _with_traeger(sprechstunden):
    """Each schedule gets ``traeger_liste``: the counsellors' organisations, each once."""
    for sprechstunde in sprechstunden:
        seen = {}
        for zuordnung in sprechstunde.beratende_zuordnungen.all():
            seen.setdefault(zuordnung.traeger_id, zuordnung.traeger)
        sprechstunde.traeger_liste = list(seen.values())
    return sprechstunden


def _next_free_slots(sprechstunden, start: datetime, now: datetime, limit: int) -> dict:
    """The first ``limit`` free slots from ``start`` of each schedule, in one query.

    Only the next weeks are ranked: with a year of slots the window function over all of them
    was most of the page's cost, and the list shows a handful per schedule anyway.
    """
    window = Q(beginn__gte=start)
    if start < datetime.max.replace(tzinfo=start.tzinfo) - NEXT_FREE_WINDOW:
        window &= Q(beginn__lt=start + NEXT_FREE_WINDOW)
    ranked = (
        Termin.objects.bookable(now)
        .filter(window, sprechstunde__in=[s.pk for s in sprechstunden])
        .annotate(
            rang=Window(RowNumber(), partition_by=F("sprechstunde_id"), order_by=F("beginn").asc())
        )
        .filter(rang__lte=limit)
        .order_by("sprechstunde_id", "beginn")
    )
    slots = defaultdict(list)
    for termin in ranked:
        slots[termin.sprechstunde_id].append(termin)
    return slots


def _zeitraum(beginn: datetime, ende: datetime) -> str:
    """A closure's period as people say it: whole days as dates, otherwise with times."""
    beginn, ende = timezone.localtime(beginn), timezone.localtime(ende)
    if beginn.time() == time.min and ende.time() == time.min:
        last = (ende - timedelta(days=1)).date()
        if last == beginn.date():
            return date_format(beginn.date(), "l, j. F Y")
        return f"{date_format(beginn.date(), 'j. F')} – {date_format(last, 'j. F Y')}"
    if beginn.date() == ende.date():
        return _("%(tag)s, %(von)s bis %(bis)s Uhr") % {
            "tag": date_format(beginn, "l, j. F Y"),
            "von": date_format(beginn, "H:i"),
            "bis": date_format(ende, "H:i"),
        }
    return _("%(von)s Uhr bis %(bis)s Uhr") % {
        "von": date_format(beginn, "j. F Y, H:i"),
        "bis": date_format(ende, "j. F Y, H:i"),
    }


def _closures(sprechstunden, start: datetime, end: datetime):
    """Closures overlapping [start, end) of the given schedules or of their places."""
    closures = list(
        Schliesszeit.objects.filter(
            Q(sprechstunde__in=[s.pk for s in sprechstunden])
            | Q(anlaufstelle__in={s.anlaufstelle_id for s in sprechstunden}),
            ende__gt=start,
            beginn__lt=end,
        ).select_related("anlaufstelle", "sprechstunde")
    )
    for closure in closures:
        closure.zeitraum = _zeitraum(closure.beginn, closure.ende)
    return closures


def _by_day(termine) -> list[tuple[date, list]]:
    days = defaultdict(list)
    for termin in termine:
        days[timezone.localtime(termin.beginn).date()].append(termin)
    return sorted(days.items())


def _week(sprechstunde: Sprechstunde, asked: date | None) -> dict:
    """The week of ``asked``, between the current week and the booking horizon."""
    today = _today()
    last_bookable_day = today + timedelta(days=sprechstunde.buchbar_tage)
    day = min(max(asked or today, today), last_bookable_day)
    monday = day - timedelta(days=day.weekday())
    following = monday + timedelta(days=7)
    return {
        "montag": monday,
        "sonntag": monday + timedelta(days=6),
        "start": _local_midnight(monday),
        "ende": _local_midnight(following),
        "vorher": monday - timedelta(days=7) if monday > today else None,
        "nachher": following if following <= last_bookable_day else None,
    }


def _week_slots(request, sprechstunde: Sprechstunde, now: datetime, exclude=None) -> dict:
    """Free slots of the week asked for with ``?ab=``, grouped by day.

    With nothing free that week, the next free slot is offered as a link; without ``ab`` the
    page opens at the week of that slot right away.
    """
    bookable = Termin.objects.bookable(now).filter(sprechstunde=sprechstunde)
    if exclude is not None:
        bookable = bookable.exclude(pk=exclude)

    def in_week(week):
        return _by_day(
            bookable.filter(beginn__gte=week["start"], beginn__lt=week["ende"]).order_by("beginn")
        )

    asked = _parse_day(request.GET.get("ab"))
    week = _week(sprechstunde, asked)
    tage = in_week(week)
    naechster = None
    if not tage:
        naechster = bookable.filter(beginn__gte=week["ende"]).order_by("beginn").first()
        if naechster and not asked:
            week = _week(sprechstunde, timezone.localtime(naechster.beginn).date())
            tage, naechster = in_week(week), None
    return {"woche": week, "tage": tage, "naechster": naechster}


def _too_many_requests(request, scope: str, anlaufstelle=None):
    response = render(
        request,
        "sprechstunden/public/zu_viele_anfragen.html",
        {"anlaufstelle": anlaufstelle},
        status=429,
    )
    return ratelimit.too_many(response, scope)


# Pages under a manage link must not hand the token on in a Referer header. "no-referrer" would
# do that too, but browsers then send "Origin: null" with the page's own POST forms, which the
# CSRF check rightly refuses; "strict-origin" sends the bare origin and never a path.
PRIVATE_REFERRER_POLICY = "strict-origin"


def _private(response):
    """For pages that show a manage link or personal data: never stored, never passed on."""
    add_never_cache_headers(response)
    response["Referrer-Policy"] = PRIVATE_REFERRER_POLICY
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _with_phone(message, anlaufstelle) -> str:
    if anlaufstelle.telefon:
        return _("%(message)s Telefon der Anlaufstelle: %(telefon)s") % {
            "message": message,
            "telefon": telefon.for_display(anlaufstelle.telefon),
        }
    return str(message)


def _cached_for_visitors(view):
    """Serve the page from the shared cache to visitors without a login and without pending
    messages; see ``sprechstunden.public_cache`` for how a change makes a stored page stale."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        seconds = settings.SPRECHSTUNDEN_LISTE_CACHE_SEKUNDEN
        if not seconds or request.user.is_authenticated or len(messages.get_messages(request)):
            return view(request, *args, **kwargs)
        key = public_cache.page_key(request)
        version, content = public_cache.lookup(key)
        if content is not None:
            return HttpResponse(content)
        response = view(request, *args, **kwargs)
        # A page that carries a CSRF token (a POST form) is personal: never stored.
        if response.status_code == 200 and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
            public_cache.store(key, version, response.content, seconds)
        return response

    return wrapper


# Screen 0: the list


@_cached_for_visitors
def index(request):
    now = timezone.now()
    filterset = SprechstundenFilter(request.GET or None, queryset=_public_sprechstunden())
    sprechstunden = _with_traeger(list(filterset.qs))
    ab = filterset.ab_datum
    start = max(now, _local_midnight(ab)) if ab else now
    slots = _next_free_slots(sprechstunden, start, now, NEXT_SLOTS)
    for sprechstunde in sprechstunden:
        sprechstunde.naechste_termine = slots.get(sprechstunde.pk, [])
    context = {
        "filter": filterset,
        "sprechstunden": sprechstunden,
        "ab": ab,
        "schliesszeiten": _closures(sprechstunden, now, now + CLOSURES_AHEAD),
    }
    return render(request, "sprechstunden/public/index.html", context)


# Screen 1: choose a slot


@_cached_for_visitors
def sprechstunde_detail(request, pk: int):
    sprechstunde = get_object_or_404(_public_sprechstunden(), pk=pk)
    _with_traeger([sprechstunde])
    slots = _week_slots(request, sprechstunde, timezone.now())
    week = slots["woche"]
    context = {
        "sprechstunde": sprechstunde,
        "anlaufstelle": sprechstunde.anlaufstelle,
        **slots,
        "schliesszeiten": _closures([sprechstunde], week["start"], week["ende"]),
    }
    return render(request, "sprechstunden/public/sprechstunde.html", context)


# Screen 2: enter details


def _unbookable_reason(termin: Termin, now: datetime) -> str | None:
    """``termin`` comes from ``_public_termin`` (with ``belegt`` and ``geschlossen``)."""
    try:
        services.check_bookable(termin, now)
    except services.TerminNichtBuchbar:
        pass
    else:
        if termin.belegt < termin.kapazitaet:
            return None
    if termin.beginn <= now:
        return _("Dieser Termin liegt in der Vergangenheit. Bitte wählen Sie einen anderen.")
    if termin.abgesagt:
        return _("Dieser Termin wurde abgesagt. Bitte wählen Sie einen anderen.")
    if termin.belegt >= termin.kapazitaet:
        return str(services.TerminBelegt.message)
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
    return str(services.TerminNichtBuchbar.message)


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
        buchung, token = services.book_termin(
            termin_pk, form.buchungs_daten(), kanal=Kanal.ONLINE, now=now
        )
    except services.TerminBelegt as error:
        return _slot_taken(request, termin_pk, form, error.termin)
    except services.ThemaNichtAngeboten as error:
        form.add_error("thema", error.message)
        return _booking_page(request, _public_termin(termin_pk), form, now)
    except services.SchonGebucht as error:
        return _already_booked(request, termin_pk, form, error, now)
    except services.SprechstundenFehler as error:
        unbookable = isinstance(error, services.TerminNichtBuchbar)
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
        return _to_done_page(request, "email", termin_pk, token, mail_fehlgeschlagen=True)
    art = "email" if buchung.email else "telefon"
    # Phone only: the done page is the one place the person gets their manage link.
    return _to_done_page(request, art, termin_pk, "" if buchung.email else token)


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
    request, art: str, termin_pk: int, token: str = "", *, mail_fehlgeschlagen: bool = False
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
        }
        return redirect("sprechstunden:fertig")
    signed = signing.dumps({"art": art, "termin": termin_pk}, salt=FERTIG_SALT)
    return redirect(f"{reverse('sprechstunden:fertig')}?{urlencode({'b': signed})}")


def _signed_done(value: str | None) -> dict | None:
    if not value:
        return None
    try:
        data = signing.loads(value, salt=FERTIG_SALT, max_age=FERTIG_GUELTIG)
    except signing.BadSignature:  # forged, altered or expired
        return None
    return {"art": data.get("art"), "termin": data.get("termin")}


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
    return _private(render(request, "sprechstunden/public/fertig.html", context))


# The manage link


def token_page(view):
    """Rate-limited, private pages behind a manage token; an unknown token is a friendly 404."""

    @wraps(view)
    def wrapper(request, token: str):
        if not ratelimit.hit(request, "sprechstunden_link"):
            return _private(_too_many_requests(request, "sprechstunden_link"))
        try:
            buchung = services.get_buchung_by_token(token)
        except services.LinkUngueltig:
            response = render(request, "sprechstunden/public/link_ungueltig.html", status=404)
        else:
            response = view(request, buchung, token)
        return _private(response)

    return wrapper


def _aenderbar(buchung, now: datetime) -> bool:
    notice = timedelta(hours=buchung.termin.sprechstunde.vorlauf_stunden)
    return buchung.ist_offen and buchung.termin.beginn >= now + notice


def _manage_context(buchung, token: str) -> dict:
    termin = buchung.termin
    return {
        "buchung": buchung,
        "token": token,
        "termin": termin,
        "sprechstunde": termin.sprechstunde,
        "anlaufstelle": termin.sprechstunde.anlaufstelle,
        "aenderbar": _aenderbar(buchung, timezone.now()),
        "vorbei": termin.ende <= timezone.now(),
    }


@token_page
def buchung_verwalten(request, buchung, token):
    context = _manage_context(buchung, token)
    if buchung.status == BuchungStatus.RESERVIERT:
        context["bestaetigen_bis"] = notifications.reservation_deadline(buchung)
    return render(request, "sprechstunden/public/buchung.html", context)


def _fail(request, error, buchung) -> None:
    message = error.message
    if isinstance(error, services.BuchungNichtAenderbar):
        message = _with_phone(message, buchung.termin.sprechstunde.anlaufstelle)
    messages.error(request, message)


def _done(request, buchung, text: str, *, without_mail: str) -> None:
    """The message after a change: ``without_mail`` (a warning) when its mail failed (outbox
    off, mail server down; the change stands all the same)."""
    if buchung.mail_fehlgeschlagen:
        messages.warning(request, without_mail)
    else:
        messages.success(request, text)


@require_POST
@token_page
def buchung_bestaetigen(request, buchung, token):
    try:
        buchung = services.confirm_buchung(token)
    except services.SprechstundenFehler as error:
        _fail(request, error, buchung)
    else:
        _done(
            request,
            buchung,
            _(
                "Ihr Termin ist bestätigt. Eine Bestätigung mit Kalendereintrag ist per E-Mail "
                "unterwegs."
            ),
            without_mail=_(
                "Ihr Termin ist bestätigt. Die E-Mail mit dem Kalendereintrag konnte gerade "
                "nicht verschickt werden; Ihr Termin gilt trotzdem. Bitte notieren Sie ihn "
                "sich. Diese Seite zeigt ihn jederzeit über Ihren persönlichen Link."
            ),
        )
    return redirect("sprechstunden:buchung_verwalten", token=token)


@require_http_methods(["GET", "POST"])
@token_page
def buchung_absagen(request, buchung, token):
    """GET asks "really cancel?" (and changes nothing); the POST of that page cancels."""
    if request.method == "GET":
        context = _manage_context(buchung, token)
        if not context["aenderbar"]:
            return redirect("sprechstunden:buchung_verwalten", token=token)
        return render(request, "sprechstunden/public/absagen.html", context)
    try:
        buchung = services.cancel_buchung(buchung)
    except services.SprechstundenFehler as error:
        _fail(request, error, buchung)
    else:
        without_mail = _(
            "Ihr Termin ist abgesagt. Die Bestätigung per E-Mail konnte gerade nicht verschickt "
            "werden; die Absage gilt trotzdem."
        )
        if buchung.hat_kalenderdatei:
            without_mail += " " + _("Bitte löschen Sie den Termin selbst aus Ihrem Kalender.")
        _done(
            request,
            buchung,
            _("Ihr Termin ist abgesagt. Danke, dass Sie Bescheid geben."),
            without_mail=without_mail,
        )
    return redirect("sprechstunden:buchung_verwalten", token=token)


@token_page
def buchung_verschieben(request, buchung, token):
    sprechstunde = buchung.termin.sprechstunde
    form = VerschiebenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            moved = services.move_buchung(buchung, form.cleaned_data["termin"], token=token)
        except services.SprechstundenFehler as error:
            message = error.message
            if isinstance(error, services.BuchungNichtAenderbar):
                message = _with_phone(message, sprechstunde.anlaufstelle)
            form.add_error(None, message)
        else:
            if not moved.email:
                text = _("Ihr Termin ist verschoben.")
            elif moved.status == BuchungStatus.BESTAETIGT:
                text = _(
                    "Ihr Termin ist verschoben. Eine E-Mail mit dem neuen Kalendereintrag ist "
                    "unterwegs."
                )
            else:
                text = _("Ihr Termin ist verschoben. Eine E-Mail dazu ist unterwegs.")
            without_mail = _(
                "Ihr Termin ist verschoben. Die E-Mail dazu konnte gerade nicht verschickt "
                "werden; der neue Termin gilt trotzdem. Bitte notieren Sie ihn sich. Diese Seite "
                "zeigt ihn jederzeit über Ihren persönlichen Link."
            )
            _done(request, moved, text, without_mail=without_mail)
            return redirect("sprechstunden:buchung_verwalten", token=token)
    slots = _week_slots(request, sprechstunde, timezone.now(), exclude=buchung.termin_id)
    week = slots["woche"]
    context = {
        **_manage_context(buchung, token),
        "form": form,
        **slots,
        "schliesszeiten": _closures([sprechstunde], week["start"], week["ende"]),
    }
    return render(request, "sprechstunden/public/verschieben.html", context)


@token_page
def buchung_daten(request, buchung, token):
    context = _manage_context(buchung, token)
    context["aufbewahrung_tage"] = settings.SPRECHSTUNDEN_AUFBEWAHRUNG_TAGE
    return render(request, "sprechstunden/public/daten.html", context)


@require_POST
@token_page
def buchung_daten_loeschen(request, buchung, token):
    was_open = buchung.ist_offen
    try:
        services.delete_personal_data(buchung)
    except services.SprechstundenFehler as error:
        _fail(request, error, buchung)
        return redirect("sprechstunden:buchung_daten", token=token)
    if was_open and buchung.hat_kalenderdatei:
        # No mail goes to an address just deleted, so no cancellation for the calendar either.
        message = _(
            "Ihr Termin ist abgesagt und Ihre Daten sind gelöscht. Der Link zu Ihrer Buchung "
            "gilt nicht mehr. Bitte löschen Sie den Termin selbst aus Ihrem Kalender."
        )
    elif was_open:
        message = _(
            "Ihr Termin ist abgesagt und Ihre Daten sind gelöscht. Der Link zu Ihrer Buchung "
            "gilt nicht mehr."
        )
    else:
        message = _("Ihre Daten sind gelöscht. Der Link zu Ihrer Buchung gilt nicht mehr.")
    messages.success(request, message)
    return redirect("sprechstunden:index")


urlpatterns = [
    path("", index, name="index"),
    path("<int:pk>/", sprechstunde_detail, name="sprechstunde"),
    path("termin/<int:termin_pk>/buchen/", buchen, name="buchen"),
    path("buchung/fertig/", fertig, name="fertig"),
    path("buchung/<str:token>/", buchung_verwalten, name="buchung_verwalten"),
    path("buchung/<str:token>/bestaetigen/", buchung_bestaetigen, name="buchung_bestaetigen"),
    path("buchung/<str:token>/absagen/", buchung_absagen, name="buchung_absagen"),
    path("buchung/<str:token>/verschieben/", buchung_verschieben, name="buchung_verschieben"),
    path("buchung/<str:token>/daten/", buchung_daten, name="buchung_daten"),
    path(
        "buchung/<str:token>/daten/loeschen/",
        buchung_daten_loeschen,
        name="buchung_daten_loeschen",
    ),
]
