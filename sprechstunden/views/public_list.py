"""The citizens' side, screens 0 and 1: the list of Sprechstunden with their next free slots, and
one Sprechstunde's week of free slots. No account and no JavaScript needed; visitors without a
login get both from the shared cache (``sprechstunden.public_cache``)."""

from collections import defaultdict
from datetime import date, datetime, time, timedelta

from django.core.paginator import Paginator
from django.db.models import F, Prefetch, Q, Window
from django.db.models.functions import RowNumber
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from sprechstunden import public_cache
from sprechstunden.forms.public import SprechstundenFilter
from sprechstunden.models import (
    GEBIET_KETTE,
    Beratende,
    Schliesszeit,
    Sprechstunde,
    Termin,
    traeger_je_anlaufstelle,
)

NEXT_SLOTS = 6  # free slots shown per Sprechstunde in the list
# Sprechstunden per page of the list: each card ranks its next free slots, so the page's cost
# follows its length, not the number of Sprechstunden (issue 15).
PAGE_SIZE = 10
CLOSURES_AHEAD = timedelta(days=42)
NEXT_FREE_WINDOW = timedelta(weeks=8)


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
        .select_related(f"anlaufstelle__{GEBIET_KETTE}")
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
    """Each schedule gets ``traeger_liste``: the counsellors' organisations, each once; its
    place gets ``traeger_namen``: the Träger of the whole Anlaufstelle (``traeger_je_anlaufstelle``,
    two queries for the page)."""
    je_anlaufstelle = traeger_je_anlaufstelle(
        {s.anlaufstelle_id for s in sprechstunden}, _today().year
    )
    for sprechstunde in sprechstunden:
        seen = {}
        for zuordnung in sprechstunde.beratende_zuordnungen.all():
            seen.setdefault(zuordnung.traeger_id, zuordnung.traeger)
        sprechstunde.traeger_liste = list(seen.values())
        sprechstunde.anlaufstelle.traeger_namen = je_anlaufstelle.get(
            sprechstunde.anlaufstelle_id, []
        )
    return sprechstunden


def _next_free_slots(sprechstunden, start: datetime, now: datetime, limit: int) -> dict:
    """The first ``limit`` free slots from ``start`` of each schedule, in one query.

    Only the next weeks are ranked: with a year of slots the window function over all of them
    was most of the page's cost, and the list shows a handful per schedule anyway.
    """
    window = Q(beginn__gte=start)
    if start < datetime.max.replace(tzinfo=start.tzinfo) - NEXT_FREE_WINDOW:
        window &= Q(beginn__lt=start + NEXT_FREE_WINDOW)
    pks = [s.pk for s in sprechstunden]
    ranked = (
        Termin.objects.bookable(now, sprechstunden=pks)
        .filter(window, sprechstunde__in=pks)
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
    bookable = Termin.objects.bookable(now, sprechstunden=[sprechstunde.pk]).filter(
        sprechstunde=sprechstunde
    )
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


# Screen 0: the list


@public_cache.for_visitors
def index(request):
    now = timezone.now()
    filterset = SprechstundenFilter(request.GET or None, queryset=_public_sprechstunden())
    page = Paginator(filterset.qs.order_by("anlaufstelle__name", "beginn", "pk"), PAGE_SIZE)
    page = page.get_page(request.GET.get("seite"))
    sprechstunden = _with_traeger(list(page.object_list))
    ab = filterset.ab_datum
    start = max(now, _local_midnight(ab)) if ab else now
    slots = _next_free_slots(sprechstunden, start, now, NEXT_SLOTS)
    for sprechstunde in sprechstunden:
        sprechstunde.naechste_termine = slots.get(sprechstunde.pk, [])
    context = {
        "filter": filterset,
        "page": page,
        "sprechstunden": sprechstunden,
        "ab": ab,
        "schliesszeiten": _closures(sprechstunden, now, now + CLOSURES_AHEAD),
    }
    return render(request, "sprechstunden/public/index.html", context)


# Screen 1: choose a slot


@public_cache.for_visitors
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
