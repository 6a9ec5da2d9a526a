"""Plain aggregates of the Sprechstunden for the social report. Nothing personal leaves here.

The report (``berichte``) reads this app only through these functions. Each returns a list of
plain dicts, one per calendar month and Gebiet (plus topic or organisation where named), sorted
by month, then Gebiet name. Months follow the project's time zone (Europe/Berlin):

- a booking counts in the month of its slot, in the Gebiet of the slot's Anlaufstelle;
- an anonymous consultation (``Beratungskontakt``) counts in the month of its date, in the
  Gebiet recorded with it.

``gebiet`` narrows every function to that area and all areas below it (a Gemeinde includes its
Stadtteile and Sozialräume). ``summieren`` adds rows up, e.g. to yearly totals per topic.
"""

from collections.abc import Iterable
from datetime import datetime

from django.db.models import Count, F, Q
from django.db.models.functions import ExtractMonth
from django.utils import timezone

from saarlouis_portal.stammdaten.models import Gebiet
from sprechstunden.models import Beratungskontakt, Buchung, BuchungStatus


def _year_bounds(jahr: int) -> tuple[datetime, datetime]:
    tz = timezone.get_default_timezone()
    return datetime(jahr, 1, 1, tzinfo=tz), datetime(jahr + 1, 1, 1, tzinfo=tz)


def _in_gebiet(queryset, field: str, gebiet: Gebiet | None):
    if gebiet is None:
        return queryset
    return queryset.filter(**{f"{field}__in": Gebiet.objects.within(gebiet).values("pk")})


def buchungen_pro_monat(jahr: int, gebiet: Gebiet | None = None) -> list[dict]:
    """Bookings per month and Gebiet: how many were made, attended, missed and cancelled.

    Rows: ``monat`` (1–12), ``gebiet_id``, ``gebiet`` (name), ``buchungen`` (every booking made
    except reservations that expired unconfirmed), ``wahrgenommen``, ``nicht_erschienen``,
    ``abgesagt`` (by the person, by staff, or with the slot).
    """
    start, end = _year_bounds(jahr)
    tz = timezone.get_default_timezone()
    queryset = Buchung.objects.filter(termin__beginn__gte=start, termin__beginn__lt=end).exclude(
        status=BuchungStatus.ABGELAUFEN
    )
    queryset = _in_gebiet(queryset, "termin__sprechstunde__anlaufstelle__gebiet", gebiet)
    queryset = (
        queryset.annotate(
            monat=ExtractMonth("termin__beginn", tzinfo=tz),
            gebiet_id=F("termin__sprechstunde__anlaufstelle__gebiet"),
            gebiet=F("termin__sprechstunde__anlaufstelle__gebiet__name"),
        )
        .values("monat", "gebiet_id", "gebiet")
        .annotate(
            buchungen=Count("pk"),
            wahrgenommen=Count("pk", filter=Q(status=BuchungStatus.WAHRGENOMMEN)),
            nicht_erschienen=Count("pk", filter=Q(status=BuchungStatus.NICHT_ERSCHIENEN)),
            abgesagt=Count("pk", filter=Q(status=BuchungStatus.STORNIERT)),
        )
    )
    return [dict(row) for row in queryset.order_by("monat", "gebiet")]


def _kontakte(jahr: int, gebiet: Gebiet | None):
    queryset = Beratungskontakt.objects.filter(datum__year=jahr)
    return _in_gebiet(queryset, "gebiet", gebiet).annotate(
        monat=ExtractMonth("datum"), gebiet_name=F("gebiet__name")
    )


def kontakte_pro_monat(jahr: int, gebiet: Gebiet | None = None) -> list[dict]:
    """Consultations per month and Gebiet, by kind and first contact or follow-up.

    Rows: ``monat``, ``gebiet_id``, ``gebiet``, ``kontakte``, ``erstkontakte``,
    ``folgekontakte``, ``mit_termin`` (booked), ``ohne_termin`` (walk-ins), ``hausbesuche``,
    ``vermittelt`` (referred to another organisation).
    """
    art = Beratungskontakt.Art
    queryset = (
        _kontakte(jahr, gebiet)
        .values("monat", "gebiet_id", "gebiet_name")
        .annotate(
            kontakte=Count("pk"),
            erstkontakte=Count("pk", filter=Q(erstkontakt=True)),
            folgekontakte=Count("pk", filter=Q(erstkontakt=False)),
            mit_termin=Count("pk", filter=Q(art=art.TERMIN)),
            ohne_termin=Count("pk", filter=Q(art=art.OHNE_TERMIN)),
            hausbesuche=Count("pk", filter=Q(art=art.HAUSBESUCH)),
            vermittelt=Count("pk", filter=Q(vermittelt_an__isnull=False)),
        )
        .order_by("monat", "gebiet_name")
    )
    return [_rename_gebiet(row) for row in queryset]


def kontakte_nach_thema(jahr: int, gebiet: Gebiet | None = None) -> list[dict]:
    """Consultations per month, Gebiet and topic.

    Rows: ``monat``, ``gebiet_id``, ``gebiet``, ``thema_id``, ``thema`` (name), ``kontakte``,
    ``erstkontakte``, ``folgekontakte``.
    """
    queryset = (
        _kontakte(jahr, gebiet)
        .annotate(thema_name=F("thema__name"))
        .values("monat", "gebiet_id", "gebiet_name", "thema_id", "thema_name")
        .annotate(
            kontakte=Count("pk"),
            erstkontakte=Count("pk", filter=Q(erstkontakt=True)),
            folgekontakte=Count("pk", filter=Q(erstkontakt=False)),
        )
        .order_by("monat", "gebiet_name", "thema__reihenfolge", "thema_name")
    )
    return [_rename_gebiet(row, thema_name="thema") for row in queryset]


def vermittlungen_pro_monat(jahr: int, gebiet: Gebiet | None = None) -> list[dict]:
    """Referrals per month, Gebiet and the organisation referred to.

    Rows: ``monat``, ``gebiet_id``, ``gebiet``, ``organisation_id``, ``organisation`` (name),
    ``vermittlungen``.
    """
    queryset = (
        _kontakte(jahr, gebiet)
        .filter(vermittelt_an__isnull=False)
        .annotate(organisation_name=F("vermittelt_an__name"))
        .values("monat", "gebiet_id", "gebiet_name", "vermittelt_an_id", "organisation_name")
        .annotate(vermittlungen=Count("pk"))
        .order_by("monat", "gebiet_name", "organisation_name")
    )
    return [
        _rename_gebiet(row, vermittelt_an_id="organisation_id", organisation_name="organisation")
        for row in queryset
    ]


def _rename_gebiet(row: dict, **renames: str) -> dict:
    renames = {"gebiet_name": "gebiet", **renames}
    return {renames.get(key, key): value for key, value in row.items()}


def summieren(rows: Iterable[dict], nach: Iterable[str] = ()) -> list[dict]:
    """Add up the counts of ``rows`` grouped by the keys in ``nach`` (all rows if empty).

    Example: yearly totals per topic across all Gebiete:
    ``summieren(kontakte_nach_thema(2026), nach=["thema"])``. Keys other than the counts and
    ``nach`` (month, Gebiet, ids) are dropped.
    """
    nach = list(nach)
    totals: dict[tuple, dict] = {}
    for row in rows:
        key = tuple(row[k] for k in nach)
        total = totals.setdefault(key, {k: row[k] for k in nach})
        for name, value in row.items():
            if name in nach or name == "monat" or name.endswith("_id") or name == "gebiet":
                continue
            if isinstance(value, int) and not isinstance(value, bool):
                total[name] = total.get(name, 0) + value
    return list(totals.values())
