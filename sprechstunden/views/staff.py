"""Staff pages of the Sprechstunden (Sozialplanung and Beratung): places, schedules,
counsellors, closures, the day list and week view, slots, bookings and anonymous outcomes.

Views stay thin: access check, form, service call, message, redirect. Every state change is a
POST."""

from collections import defaultdict
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from saarlouis_portal import telefon
from saarlouis_portal.konten.access import get_changeable_or_403, get_visible_or_404
from saarlouis_portal.konten.access import rolle_required as _rolle_required
from saarlouis_portal.konten.roles import Rolle
from sprechstunden import services
from sprechstunden.forms.staff import (
    AnlaufstelleForm,
    BeratendeForm,
    ErgebnisForm,
    KontaktForm,
    SchliesszeitForm,
    SprechstundeForm,
    StaffBuchungForm,
    TageslisteForm,
    TerminAbsagenForm,
    TerminZustaendigForm,
    VerschiebenForm,
)
from sprechstunden.models import (
    BELEGEND,
    OFFEN,
    Anlaufstelle,
    Beratende,
    Beratungskontakt,
    Buchung,
    BuchungStatus,
    Kanal,
    Schliesszeit,
    Sprechstunde,
    Termin,
)

staff_required = _rolle_required(Rolle.SOZIALPLANUNG, Rolle.BERATUNG)
# Anlaufstellen, new Sprechstunden and who counsels in them: the municipality's planners.
planung_required = _rolle_required(Rolle.SOZIALPLANUNG)


def _tz():
    return ZoneInfo(settings.TIME_ZONE)


def _day_bounds(day: date) -> tuple[datetime, datetime]:
    start = datetime.combine(day, time.min, tzinfo=_tz())
    return start, datetime.combine(day + timedelta(days=1), time.min, tzinfo=_tz())


def _fehler(request, error: services.SprechstundenFehler) -> None:
    messages.error(request, str(error.message))


def _warn_if_mail_failed(request, buchungen) -> None:
    """Mails the mail server refused within the request (outbox off): the change stands, and
    the people concerned should hear of it another way."""
    failed = [b for b in buchungen if b.mail_fehlgeschlagen]
    if not failed:
        return
    messages.warning(
        request,
        ngettext(
            "Die E-Mail an %(n)d Person konnte nicht verschickt werden (der Mailserver ist "
            "gerade nicht erreichbar). Bitte informieren Sie sie anders, etwa per Telefon: "
            "%(kontakt)s",
            "Die E-Mails an %(n)d Personen konnten nicht verschickt werden (der Mailserver ist "
            "gerade nicht erreichbar). Bitte informieren Sie sie anders, etwa per Telefon: "
            "%(kontakt)s",
            len(failed),
        )
        % {
            "n": len(failed),
            "kontakt": ", ".join(
                f"{b.name or _('ohne Namen')} "
                f"{telefon.for_display(b.telefon) if b.telefon else b.email}"
                for b in failed
            ),
        },
    )


# Overview


@staff_required
def verwaltung(request):
    anlaufstellen = Anlaufstelle.objects.for_user(request.user).annotate(
        anzahl_sprechstunden=Count("sprechstunden")
    )
    sprechstunden = (
        Sprechstunde.objects.for_user(request.user)
        .select_related("anlaufstelle")
        .prefetch_related(
            Prefetch(
                "beratende_zuordnungen",
                queryset=Beratende.objects.select_related("user", "traeger").order_by(
                    "user__last_name"
                ),
            )
        )
    )
    rueckrufe = (
        Buchung.objects.for_user(request.user)
        .filter(status=BuchungStatus.ANFRAGE, termin__beginn__gte=timezone.now())
        .select_related("termin__sprechstunde", "thema")
        .order_by("termin__beginn")[:50]
    )
    context = {
        "anlaufstellen": anlaufstellen,
        "sprechstunden": sprechstunden,
        "rueckrufe": rueckrufe,
        "heute": timezone.localdate(),
        "darf_organisieren": Sprechstunde.can_organise(request.user),
    }
    return render(request, "sprechstunden/staff/verwaltung.html", context)


# Anlaufstellen


@planung_required
def anlaufstelle_create(request):
    form = AnlaufstelleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        anlaufstelle = form.save()
        messages.success(
            request, _("Die Anlaufstelle „%(name)s“ wurde angelegt.") % {"name": anlaufstelle}
        )
        return redirect("sprechstunden:staff_anlaufstelle", pk=anlaufstelle.pk)
    return render(request, "sprechstunden/staff/anlaufstelle_form.html", {"form": form})


@staff_required
def anlaufstelle_detail(request, pk: int):
    anlaufstelle = get_visible_or_404(
        Anlaufstelle.objects.select_related("gebiet"), request.user, pk=pk
    )
    context = {
        "anlaufstelle": anlaufstelle,
        "darf_aendern": anlaufstelle.can_change(request.user),
        "sprechstunden": anlaufstelle.sprechstunden.all(),
        "schliesszeiten": _with_loeschbar(
            anlaufstelle.schliesszeiten.filter(ende__gt=timezone.now()), request.user
        ),
    }
    return render(request, "sprechstunden/staff/anlaufstelle_detail.html", context)


@staff_required
def anlaufstelle_update(request, pk: int):
    anlaufstelle = get_changeable_or_403(Anlaufstelle.objects, request.user, pk=pk)
    form = AnlaufstelleForm(request.POST or None, instance=anlaufstelle)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(
            request, _("Die Anlaufstelle „%(name)s“ wurde gespeichert.") % {"name": anlaufstelle}
        )
        return redirect("sprechstunden:staff_anlaufstelle", pk=anlaufstelle.pk)
    context = {"form": form, "anlaufstelle": anlaufstelle}
    return render(request, "sprechstunden/staff/anlaufstelle_form.html", context)


@staff_required
def anlaufstelle_delete(request, pk: int):
    anlaufstelle = get_changeable_or_403(Anlaufstelle.objects, request.user, pk=pk)
    if request.method == "POST":
        try:
            services.delete_anlaufstelle(anlaufstelle)
        except services.SprechstundenFehler as error:
            _fehler(request, error)
            return redirect("sprechstunden:staff_anlaufstelle", pk=anlaufstelle.pk)
        messages.success(
            request, _("Die Anlaufstelle „%(name)s“ wurde gelöscht.") % {"name": anlaufstelle}
        )
        return redirect("sprechstunden:verwaltung")
    context = {
        "titel": _("Anlaufstelle „%(name)s“ löschen?") % {"name": anlaufstelle},
        "text": _("Die Anlaufstelle und ihre Schließzeiten werden gelöscht."),
        "knopf": _("Anlaufstelle löschen"),
        "zurueck_url": ("sprechstunden:staff_anlaufstelle", anlaufstelle.pk),
    }
    return render(request, "portal/bestaetigen.html", context)


# Sprechstunden


def _report_plan(request, plan: services.SlotPlan) -> None:
    messages.success(
        request,
        _("Termine erzeugt: %(neu)d neu, %(entfernt)d ungebuchte entfernt.")
        % {"neu": plan.created, "entfernt": plan.removed},
    )
    if plan.betroffen:
        messages.warning(
            request,
            ngettext(
                "%(n)d gebuchter Termin passt nicht mehr zum Plan. Er bleibt bestehen; bitte "
                "kümmern Sie sich um die Buchungen (siehe unten).",
                "%(n)d gebuchte Termine passen nicht mehr zum Plan. Sie bleiben bestehen; bitte "
                "kümmern Sie sich um die Buchungen (siehe unten).",
                len(plan.betroffen),
            )
            % {"n": len(plan.betroffen)},
        )


@planung_required
def sprechstunde_create(request):
    initial = {}
    anlaufstelle_pk = request.GET.get("anlaufstelle", "")
    if anlaufstelle_pk.isdigit():
        initial["anlaufstelle"] = Anlaufstelle.objects.filter(pk=anlaufstelle_pk).first()
    form = SprechstundeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        sprechstunde = form.save()
        messages.success(
            request,
            _("Die Sprechstunde „%(titel)s“ wurde angelegt.") % {"titel": sprechstunde.titel},
        )
        _report_plan(request, services.generate_slots(sprechstunde))
        return redirect("sprechstunden:staff_sprechstunde", pk=sprechstunde.pk)
    return render(request, "sprechstunden/staff/sprechstunde_form.html", {"form": form})


@staff_required
def sprechstunde_detail(request, pk: int):
    sprechstunde = get_visible_or_404(
        Sprechstunde.objects.select_related("anlaufstelle").prefetch_related("themen", "sprachen"),
        request.user,
        pk=pk,
    )
    now = timezone.now()
    sieht_personen = sprechstunde.can_see_clients(request.user)
    darf_organisieren = Sprechstunde.can_organise(request.user)
    context = {
        "sprechstunde": sprechstunde,
        "darf_aendern": sprechstunde.can_change(request.user),
        "darf_organisieren": darf_organisieren,
        "sieht_personen": sieht_personen,
        "beratende": sprechstunde.beratende_zuordnungen.select_related("user", "traeger"),
        "beratende_form": BeratendeForm(sprechstunde=sprechstunde) if darf_organisieren else None,
        "schliesszeiten": _with_loeschbar(
            Schliesszeit.objects.filter(
                Q(sprechstunde=sprechstunde) | Q(anlaufstelle=sprechstunde.anlaufstelle_id),
                ende__gt=now,
            ).select_related("anlaufstelle", "sprechstunde"),
            request.user,
        ),
        # Names and contacts of the affected bookings only for whoever serves these clients.
        "betroffen": services.affected_bookings(sprechstunde, now) if sieht_personen else [],
        "naechste_termine": sprechstunde.termine.filter(beginn__gte=now)
        .with_belegt()
        .order_by("beginn")[:10],
    }
    return render(request, "sprechstunden/staff/sprechstunde_detail.html", context)


@staff_required
def sprechstunde_update(request, pk: int):
    sprechstunde = get_changeable_or_403(Sprechstunde.objects, request.user, pk=pk)
    form = SprechstundeForm(request.POST or None, instance=sprechstunde)
    if request.method == "POST" and form.is_valid():
        sprechstunde = form.save()
        messages.success(
            request,
            _("Die Sprechstunde „%(titel)s“ wurde gespeichert.") % {"titel": sprechstunde.titel},
        )
        _report_plan(request, services.generate_slots(sprechstunde))
        return redirect("sprechstunden:staff_sprechstunde", pk=sprechstunde.pk)
    context = {"form": form, "sprechstunde": sprechstunde}
    return render(request, "sprechstunden/staff/sprechstunde_form.html", context)


@planung_required
def sprechstunde_delete(request, pk: int):
    sprechstunde = get_visible_or_404(Sprechstunde.objects, request.user, pk=pk)
    if request.method == "POST":
        try:
            services.delete_sprechstunde(sprechstunde)
        except services.SprechstundenFehler as error:
            _fehler(request, error)
            return redirect("sprechstunden:staff_sprechstunde", pk=sprechstunde.pk)
        messages.success(
            request,
            _("Die Sprechstunde „%(titel)s“ wurde gelöscht.") % {"titel": sprechstunde.titel},
        )
        return redirect("sprechstunden:verwaltung")
    context = {
        "titel": _("Sprechstunde „%(titel)s“ löschen?") % {"titel": sprechstunde.titel},
        "text": _(
            "Die Sprechstunde wird mit allen ungebuchten Terminen, Beratenden und Schließzeiten "
            "gelöscht. Erfasste anonyme Beratungskontakte bleiben für die Statistik erhalten."
        ),
        "knopf": _("Sprechstunde löschen"),
        "zurueck_url": ("sprechstunden:staff_sprechstunde", sprechstunde.pk),
    }
    return render(request, "portal/bestaetigen.html", context)


@planung_required
@require_POST
def beratende_add(request, pk: int):
    sprechstunde = get_visible_or_404(Sprechstunde.objects, request.user, pk=pk)
    form = BeratendeForm(request.POST, sprechstunde=sprechstunde)
    if form.is_valid():
        beratende = form.save()
        messages.success(
            request, _("%(name)s berät jetzt in dieser Sprechstunde.") % {"name": beratende.user}
        )
        return redirect("sprechstunden:staff_sprechstunde", pk=sprechstunde.pk)
    context = {"form": form, "sprechstunde": sprechstunde}
    return render(request, "sprechstunden/staff/beratende_form.html", context)


@planung_required
@require_POST
def beratende_remove(request, pk: int, beratende_pk: int):
    sprechstunde = get_visible_or_404(Sprechstunde.objects, request.user, pk=pk)
    beratende = get_object_or_404(
        sprechstunde.beratende_zuordnungen.select_related("user"), pk=beratende_pk
    )
    beratende.delete()
    messages.success(
        request, _("%(name)s wurde aus der Sprechstunde entfernt.") % {"name": beratende.user}
    )
    return redirect("sprechstunden:staff_sprechstunde", pk=sprechstunde.pk)


# Closures


def _schliesszeit_create(request, *, anlaufstelle=None, sprechstunde=None):
    form = SchliesszeitForm(
        request.POST or None, anlaufstelle=anlaufstelle, sprechstunde=sprechstunde
    )
    bezug = anlaufstelle or sprechstunde
    if request.method == "POST" and form.is_valid():
        schliesszeit = form.save()
        messages.success(request, _("Die Schließzeit wurde eingetragen."))
        if sprechstunde is not None:
            return redirect("sprechstunden:staff_sprechstunde", pk=sprechstunde.pk)
        betroffen = (
            Buchung.objects.offen()
            .filter(
                termin__sprechstunde__anlaufstelle=anlaufstelle,
                termin__beginn__lt=schliesszeit.ende,
                termin__ende__gt=schliesszeit.beginn,
                termin__abgesagt=False,
            )
            .count()
        )
        if betroffen:
            messages.warning(
                request,
                ngettext(
                    "In der Schließzeit liegt %(n)d offene Buchung. Bitte sagen Sie den Termin "
                    "ab oder verschieben Sie die Buchung (siehe die Sprechstunden).",
                    "In der Schließzeit liegen %(n)d offene Buchungen. Bitte sagen Sie die "
                    "Termine ab oder verschieben Sie die Buchungen (siehe die Sprechstunden).",
                    betroffen,
                )
                % {"n": betroffen},
            )
        return redirect("sprechstunden:staff_anlaufstelle", pk=anlaufstelle.pk)
    context = {
        "form": form,
        "bezug": bezug,
        "anlaufstelle": anlaufstelle,
        "sprechstunde": sprechstunde,
    }
    return render(request, "sprechstunden/staff/schliesszeit_form.html", context)


@staff_required
def anlaufstelle_schliesszeit_create(request, pk: int):
    anlaufstelle = get_changeable_or_403(Anlaufstelle.objects, request.user, pk=pk)
    return _schliesszeit_create(request, anlaufstelle=anlaufstelle)


@staff_required
def sprechstunde_schliesszeit_create(request, pk: int):
    sprechstunde = get_changeable_or_403(
        Sprechstunde.objects.select_related("anlaufstelle"), request.user, pk=pk
    )
    return _schliesszeit_create(request, sprechstunde=sprechstunde)


@staff_required
def schliesszeit_list(request):
    schliesszeiten = _with_loeschbar(
        Schliesszeit.objects.filter(ende__gt=timezone.now()).select_related(
            "anlaufstelle", "sprechstunde__anlaufstelle"
        ),
        request.user,
    )
    return render(
        request, "sprechstunden/staff/schliesszeit_list.html", {"schliesszeiten": schliesszeiten}
    )


def _with_loeschbar(schliesszeiten, user) -> list[Schliesszeit]:
    """Marks the closures ``user`` may delete: all for Sozialplanung, those of their own
    Sprechstunden for counsellors (an Anlaufstelle's closure concerns every Träger there)."""
    eigene = _counselled_pks(user)
    rows = list(schliesszeiten)
    for row in rows:
        row.loeschbar = eigene is None or row.sprechstunde_id in eigene
    return rows


@staff_required
@require_POST
def schliesszeit_delete(request, pk: int):
    schliesszeit = get_object_or_404(
        Schliesszeit.objects.select_related("anlaufstelle", "sprechstunde"), pk=pk
    )
    if not (schliesszeit.anlaufstelle or schliesszeit.sprechstunde).can_change(request.user):
        raise PermissionDenied
    schliesszeit.delete()
    messages.success(request, _("Die Schließzeit wurde gelöscht."))
    if schliesszeit.sprechstunde_id:
        return redirect("sprechstunden:staff_sprechstunde", pk=schliesszeit.sprechstunde_id)
    return redirect("sprechstunden:staff_anlaufstelle", pk=schliesszeit.anlaufstelle_id)


# Day list and week view


def _termine(user, start: datetime, end: datetime, anlaufstelle, beratende, *, scoped: bool):
    """Slots of the day or week; ``scoped``: only those whose clients the user serves."""
    termine = Termin.objects.filter(beginn__gte=start, beginn__lt=end).select_related(
        "sprechstunde__anlaufstelle", "beratende"
    )
    if scoped:
        termine = termine.for_user(user)
    if anlaufstelle is not None:
        termine = termine.filter(sprechstunde__anlaufstelle=anlaufstelle)
    if beratende is not None:
        termine = termine.filter(
            Q(beratende=beratende)
            | Q(beratende__isnull=True, sprechstunde__beratende_zuordnungen__user=beratende)
        )
    return termine.order_by("beginn", "sprechstunde__anlaufstelle__name", "sprechstunde__titel")


def _closures(start: datetime, end: datetime) -> list[Schliesszeit]:
    return list(Schliesszeit.objects.filter(beginn__lt=end, ende__gt=start))


def _closure_of(termin: Termin, closures: list[Schliesszeit]) -> Schliesszeit | None:
    for closure in closures:
        if closure.sprechstunde_id not in (None, termin.sprechstunde_id):
            continue
        if closure.anlaufstelle_id not in (None, termin.sprechstunde.anlaufstelle_id):
            continue
        if closure.beginn < termin.ende and closure.ende > termin.beginn:
            return closure
    return None


@staff_required
def tagesliste(request):
    form = TageslisteForm(request.GET or None, initial={"datum": timezone.localdate()})
    datum, anlaufstelle, beratende = form.values()
    start, end = _day_bounds(datum)
    buchungen = Buchung.objects.filter(status__in=BELEGEND).select_related("thema", "sprache")
    termine = list(
        _termine(request.user, start, end, anlaufstelle, beratende, scoped=True).prefetch_related(
            Prefetch("buchungen", queryset=buchungen.order_by("platz"), to_attr="aktive")
        )
    )
    closures = _closures(start, end)
    gruppen = defaultdict(list)
    for termin in termine:
        termin.schliesszeit = _closure_of(termin, closures)
        termin.frei = max(termin.kapazitaet - len(termin.aktive), 0)
        gruppen[termin.sprechstunde].append(termin)
    context = {
        "form": form,
        "datum": datum,
        "gestern": datum - timedelta(days=1),
        "morgen": datum + timedelta(days=1),
        "anlaufstelle": anlaufstelle,
        "beratende": beratende,
        "gruppen": list(gruppen.items()),
        "anzahl_buchungen": sum(len(t.aktive) for t in termine),
    }
    return render(request, "sprechstunden/staff/tagesliste.html", context)


@staff_required
def woche(request):
    form = TageslisteForm(request.GET or None, initial={"datum": timezone.localdate()})
    datum, anlaufstelle, beratende = form.values()
    montag = datum - timedelta(days=datum.weekday())
    tage = [montag + timedelta(days=i) for i in range(7)]
    start, _unused = _day_bounds(montag)
    end = _day_bounds(tage[-1])[1]
    # Anonymous counts of every Sprechstunde; a slot opens only where the user serves clients.
    termine = list(
        _termine(request.user, start, end, anlaufstelle, beratende, scoped=False).with_belegt()
    )
    eigene = _counselled_pks(request.user)
    closures = _closures(start, end)
    zeilen = {}
    summen = {tag: {"belegt": 0, "plaetze": 0} for tag in tage}
    for termin in termine:
        tag = timezone.localtime(termin.beginn, _tz()).date()
        termin.schliesszeit = _closure_of(termin, closures)
        termin.zugaenglich = eigene is None or termin.sprechstunde_id in eigene
        zeile = zeilen.setdefault(termin.sprechstunde, {t: [] for t in tage})
        zeile[tag].append(termin)
        if not termin.abgesagt and termin.schliesszeit is None:
            summen[tag]["belegt"] += termin.belegt
            summen[tag]["plaetze"] += termin.kapazitaet
    context = {
        "form": form,
        "tage": tage,
        "vorwoche": montag - timedelta(days=7),
        "naechste_woche": montag + timedelta(days=7),
        "kalenderwoche": montag.isocalendar().week,
        "anlaufstelle": anlaufstelle,
        "beratende": beratende,
        "zeilen": [(s, [zeile[t] for t in tage]) for s, zeile in zeilen.items()],
        "summen": [summen[t] for t in tage],
    }
    return render(request, "sprechstunden/staff/woche.html", context)


def _counselled_pks(user) -> set[int] | None:
    """The Sprechstunden whose clients ``user`` serves; None stands for all of them."""
    if user.has_rolle(Rolle.SOZIALPLANUNG):
        return None
    return set(Sprechstunde.objects.counselled_by(user).values_list("pk", flat=True))


# Slots


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
        "frei": max(termin.kapazitaet - len(aktive), 0),
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
    services.assign_beratende(termin, beratende)
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
            buchung, _token = services.book_termin(
                termin.pk, form.buchungsdaten(), kanal=Kanal.TELEFON, by=request.user
            )
        except services.SchonGebucht:
            form.add_error(
                None,
                _(
                    "Für diese Telefonnummer oder E-Mail-Adresse ist in diesem Termin schon ein "
                    "Platz gebucht. Die Buchung steht in der Liste des Termins."
                ),
            )
        except services.SprechstundenFehler as error:
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
        betroffen = services.cancel_termin(termin, form.cleaned_data["grund"], by=request.user)
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
        bestaetigt = services.confirm_request_by_staff(buchung, by=request.user)
    except services.SprechstundenFehler as error:
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
        services.ensure_outcome_possible(buchung)
        services.mark_no_show(buchung)
    except services.SprechstundenFehler as error:
        _fehler(request, error)
    else:
        messages.success(request, _("Die Buchung ist als „nicht erschienen“ vermerkt."))
    return redirect("sprechstunden:termin", pk=buchung.termin_id)


@staff_required
def buchung_ergebnis(request, pk: int):
    buchung = _buchung_for(request, pk)
    try:
        services.ensure_outcome_possible(buchung)
    except services.SprechstundenFehler as error:
        _fehler(request, error)
        return redirect("sprechstunden:termin", pk=buchung.termin_id)
    form = ErgebnisForm(request.POST or None, initial={"thema": buchung.thema})
    if request.method == "POST" and form.is_valid():
        try:
            services.record_outcome(
                buchung=buchung,
                thema=form.cleaned_data["thema"],
                erstkontakt=form.cleaned_data["erstkontakt"],
                vermittelt_an=form.cleaned_data["vermittelt_an"],
                by=request.user,
            )
        except services.SprechstundenFehler as error:
            form.add_error(None, str(error.message))
        else:
            messages.success(
                request, _("Die Beratung ist als wahrgenommen vermerkt und anonym erfasst.")
            )
            return redirect("sprechstunden:termin", pk=buchung.termin_id)
    context = {"form": form, "buchung": buchung, "termin": buchung.termin}
    return render(request, "sprechstunden/staff/ergebnis_form.html", context)


@staff_required
def buchung_absagen(request, pk: int):
    buchung = _buchung_for(request, pk)
    if request.method == "POST":
        try:
            abgesagt = services.cancel_buchung(buchung, by=request.user)
        except services.SprechstundenFehler as error:
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
            verschoben = services.move_buchung(buchung, neu.pk, by=request.user)
        except services.SprechstundenFehler as error:
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
        services.record_outcome(
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


urlpatterns = [
    path("verwaltung/", verwaltung, name="verwaltung"),
    path("verwaltung/anlaufstellen/neu/", anlaufstelle_create, name="staff_anlaufstelle_neu"),
    path("verwaltung/anlaufstellen/<int:pk>/", anlaufstelle_detail, name="staff_anlaufstelle"),
    path(
        "verwaltung/anlaufstellen/<int:pk>/bearbeiten/",
        anlaufstelle_update,
        name="staff_anlaufstelle_bearbeiten",
    ),
    path(
        "verwaltung/anlaufstellen/<int:pk>/loeschen/",
        anlaufstelle_delete,
        name="staff_anlaufstelle_loeschen",
    ),
    path(
        "verwaltung/anlaufstellen/<int:pk>/schliesszeiten/neu/",
        anlaufstelle_schliesszeit_create,
        name="staff_anlaufstelle_schliesszeit_neu",
    ),
    path("verwaltung/sprechstunden/neu/", sprechstunde_create, name="staff_sprechstunde_neu"),
    path("verwaltung/sprechstunden/<int:pk>/", sprechstunde_detail, name="staff_sprechstunde"),
    path(
        "verwaltung/sprechstunden/<int:pk>/bearbeiten/",
        sprechstunde_update,
        name="staff_sprechstunde_bearbeiten",
    ),
    path(
        "verwaltung/sprechstunden/<int:pk>/loeschen/",
        sprechstunde_delete,
        name="staff_sprechstunde_loeschen",
    ),
    path(
        "verwaltung/sprechstunden/<int:pk>/beratende/",
        beratende_add,
        name="staff_beratende_neu",
    ),
    path(
        "verwaltung/sprechstunden/<int:pk>/beratende/<int:beratende_pk>/entfernen/",
        beratende_remove,
        name="staff_beratende_entfernen",
    ),
    path(
        "verwaltung/sprechstunden/<int:pk>/schliesszeiten/neu/",
        sprechstunde_schliesszeit_create,
        name="staff_sprechstunde_schliesszeit_neu",
    ),
    path("verwaltung/schliesszeiten/", schliesszeit_list, name="staff_schliesszeiten"),
    path(
        "verwaltung/schliesszeiten/<int:pk>/loeschen/",
        schliesszeit_delete,
        name="staff_schliesszeit_loeschen",
    ),
    path("verwaltung/tagesliste/", tagesliste, name="tagesliste"),
    path("verwaltung/woche/", woche, name="woche"),
    path("verwaltung/termine/<int:pk>/", termin, name="termin"),
    path("verwaltung/termine/<int:pk>/buchen/", staff_buchen, name="staff_buchen"),
    path("verwaltung/termine/<int:pk>/absagen/", termin_absagen, name="staff_termin_absagen"),
    path(
        "verwaltung/termine/<int:pk>/zustaendig/",
        termin_zustaendig,
        name="staff_termin_zustaendig",
    ),
    path(
        "verwaltung/buchungen/<int:pk>/bestaetigen/",
        buchung_bestaetigen,
        name="staff_buchung_bestaetigen",
    ),
    path(
        "verwaltung/buchungen/<int:pk>/nicht-erschienen/",
        buchung_nicht_erschienen,
        name="staff_buchung_nicht_erschienen",
    ),
    path(
        "verwaltung/buchungen/<int:pk>/ergebnis/",
        buchung_ergebnis,
        name="staff_buchung_ergebnis",
    ),
    path("verwaltung/buchungen/<int:pk>/absagen/", buchung_absagen, name="staff_buchung_absagen"),
    path(
        "verwaltung/buchungen/<int:pk>/verschieben/",
        buchung_verschieben,
        name="staff_buchung_verschieben",
    ),
    path("verwaltung/kontakte/neu/", kontakt_neu, name="kontakt_neu"),
]
