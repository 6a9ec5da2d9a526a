"""The staff's day list (as a page and as CSV) and week view of the slots."""

from collections import defaultdict
from datetime import date, datetime, time, timedelta

from django.core.paginator import Paginator
from django.db.models import Min, Prefetch
from django.shortcuts import render
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from saarlouis_portal import telefon
from saarlouis_portal.tabellen import Tabelle, csv_response
from sprechstunden.forms.staff_termine import TageslisteForm
from sprechstunden.models import (
    BELEGEND,
    Buchung,
    Schliesszeit,
    Termin,
    Wartelisteneintrag,
    WartelisteStatus,
)
from sprechstunden.views.staff_common import _counselled_pks, staff_required
from sprechstunden.views.staff_warteliste import call_tasks


def _day_bounds(day: date) -> tuple[datetime, datetime]:
    start = datetime.combine(day, time.min, tzinfo=timezone.get_default_timezone())
    return start, datetime.combine(
        day + timedelta(days=1), time.min, tzinfo=timezone.get_default_timezone()
    )


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
        termine = termine.of_counsellor(beratende)
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


# Sprechstunden per page of the day list (issue 15): a page costs what it shows, however many
# Anlaufstellen a Landkreis has. The CSV holds the whole day.
SPRECHSTUNDEN_JE_SEITE = 10


def _tag(request, *, seite: str | None = None):
    """The day list's slots as the filter chose them, each with its active bookings
    (``aktive``), its closure and its free seats: four queries however many slots. With
    ``seite``, only the slots of that page's Sprechstunden (in the order of their first slot),
    and the page, whose ``buchungen`` counts the active bookings of the whole day."""
    form = TageslisteForm(request.GET or None, initial={"datum": timezone.localdate()})
    datum, anlaufstelle, beratende = form.values()
    start, end = _day_bounds(datum)
    termine = _termine(request.user, start, end, anlaufstelle, beratende, scoped=True)
    page = None
    if seite is not None:
        sprechstunden = (
            termine.order_by()
            .values("sprechstunde")
            .annotate(erster=Min("beginn"))
            .order_by("erster", "sprechstunde__anlaufstelle__name", "sprechstunde__titel")
            .values_list("sprechstunde", flat=True)
        )
        page = Paginator(sprechstunden, SPRECHSTUNDEN_JE_SEITE).get_page(seite)
        if page.paginator.num_pages > 1:
            page.buchungen = Buchung.objects.filter(
                termin__in=termine.order_by().values("pk"), status__in=BELEGEND
            ).count()
        termine = termine.filter(sprechstunde__in=list(page.object_list))
    buchungen = Buchung.objects.filter(status__in=BELEGEND).select_related("thema", "sprache")
    angebote = Wartelisteneintrag.objects.filter(status=WartelisteStatus.HAELT)
    termine = list(
        termine.prefetch_related(
            Prefetch("buchungen", queryset=buchungen.order_by("platz"), to_attr="aktive"),
            Prefetch("warteliste_angebote", queryset=angebote, to_attr="angebote"),
        )
    )
    closures = _closures(start, end)
    for termin in termine:
        termin.schliesszeit = _closure_of(termin, closures)
        termin.frei = max(termin.kapazitaet - len(termin.aktive) - len(termin.angebote), 0)
    return form, datum, anlaufstelle, beratende, termine, page


@staff_required
def tagesliste(request):
    form, datum, anlaufstelle, beratende, termine, page = _tag(
        request, seite=request.GET.get("seite") or "1"
    )
    gruppen = defaultdict(list)
    for termin in termine:
        gruppen[termin.sprechstunde].append(termin)
    anzahl_buchungen = getattr(page, "buchungen", None)
    if anzahl_buchungen is None:  # one page: its bookings are the day's
        anzahl_buchungen = sum(len(t.aktive) for t in termine)
    context = {
        "form": form,
        "datum": datum,
        "gestern": datum - timedelta(days=1),
        "morgen": datum + timedelta(days=1),
        "anlaufstelle": anlaufstelle,
        "beratende": beratende,
        "gruppen": list(gruppen.items()),
        "page": page,
        "anzahl_buchungen": anzahl_buchungen,
        # Waiting-list offers to people with a phone number only: call them (any day).
        "anrufe": call_tasks(request.user),
    }
    return render(request, "sprechstunden/staff/tagesliste.html", context)


CSV_KOPF = [
    gettext_lazy("Datum"),
    gettext_lazy("Beginn"),
    gettext_lazy("Ende"),
    gettext_lazy("Anlaufstelle"),
    gettext_lazy("Sprechstunde"),
    gettext_lazy("Zuständig"),
    gettext_lazy("Status"),
    gettext_lazy("Weg"),
    gettext_lazy("Folgetermin"),
    gettext_lazy("Thema"),
    gettext_lazy("Buchungscode"),
    gettext_lazy("Name"),
    gettext_lazy("Telefon"),
    gettext_lazy("E-Mail-Adresse"),
    gettext_lazy("Sprache"),
    gettext_lazy("Dolmetschen"),
    gettext_lazy("Barrierefreiheit"),
    gettext_lazy("Notiz"),
]


def _csv_zeilen(termine):
    """One row per booking, plus one per slot that is cancelled, closed or has free seats (as
    on the page). Cells pass the formula guard of ``tabellen``."""
    for termin in termine:
        beginn = timezone.localtime(termin.beginn)
        slot = [
            beginn.date(),
            f"{beginn:%H:%M}",
            f"{timezone.localtime(termin.ende):%H:%M}",
            termin.sprechstunde.anlaufstelle.name,
            termin.sprechstunde.titel,
            str(termin.beratende or ""),
        ]
        for b in termin.aktive:
            yield [
                *slot,
                b.get_status_display(),
                b.get_kanal_display(),
                _("ja") if b.folgetermin else _("nein"),
                b.thema.name,
                b.code_anzeige,
                b.name,
                telefon.for_display(b.telefon),
                b.email,
                b.sprache.name if b.sprache else "",
                _("ja") if b.dolmetschen else _("nein"),
                b.barrierefreiheit,
                b.notiz,
            ]
        if termin.abgesagt:
            status = _("Termin abgesagt: %(grund)s") % {"grund": termin.absagegrund}
        elif termin.schliesszeit:
            status = _("Geschlossen: %(grund)s") % {"grund": termin.schliesszeit.grund}
        elif termin.frei:
            status = ngettext("%(n)d Platz frei", "%(n)d Plätze frei", termin.frei) % {
                "n": termin.frei
            }
        else:
            continue
        yield [*slot, status, *[""] * 11]


@staff_required
def tagesliste_csv(request):
    """The day list as CSV, with the same filter and the same people as the page."""
    _form, datum, _anlaufstelle, _beratende, termine, _page = _tag(request)
    tabelle = Tabelle(titel=_("Tagesliste"), kopf=CSV_KOPF, zeilen=_csv_zeilen(termine))
    response = csv_response(f"tagesliste-{datum.isoformat()}", tabelle)
    add_never_cache_headers(response)  # personal data: never kept by a cache
    return response


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
        tag = timezone.localtime(termin.beginn, timezone.get_default_timezone()).date()
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
