"""The staff's day list and week view of the slots."""

from collections import defaultdict
from datetime import date, datetime, time, timedelta

from django.db.models import Prefetch, Q
from django.shortcuts import render
from django.utils import timezone

from sprechstunden.forms.staff_termine import TageslisteForm
from sprechstunden.models import BELEGEND, Buchung, Schliesszeit, Termin
from sprechstunden.views.staff_common import _counselled_pks, staff_required


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
