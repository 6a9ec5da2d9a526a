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

from django.db.models import Case, Count, F, Q, Sum, When
from django.db.models.functions import ExtractMonth
from django.utils import timezone

from saarlouis_portal.stammdaten.models import Gebiet, GebietArt
from sprechstunden.models import (
    Anlaufstelle,
    Beratungskontakt,
    Buchung,
    BuchungStatus,
    Standortkosten,
    Stellenanteil,
    Wartelisteneintrag,
    WartelisteStatus,
)


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


# Per Anlaufstelle: the pilot report "Projektbericht Sozialraumorientierung" (issue 17)
#
# The same figures, grouped by Anlaufstelle and the Gemeinde it lies in, so a report can compare
# the sites of a Landkreis. Every row names ``anlaufstelle_id``, ``anlaufstelle`` (name),
# ``gemeinde_id`` and ``gemeinde`` (name). The Gemeinde of an area is the area itself, its parent
# or its grandparent of the kind Gemeinde (the tree is at most four levels deep); an area with no
# Gemeinde above it (a Landkreis) stands for itself. A consultation counts in the Gemeinde of the
# Gebiet recorded with it; a home visit has no Anlaufstelle (``anlaufstelle_id`` None) and counts
# in the Gemeinde where it took place. Each function is one query, however many sites there are.


def _gemeinde(path: str, feld: str = "id"):
    """``feld`` of the Gemeinde of the Gebiet at ``path`` (see above)."""
    stufen = [path, f"{path}__eltern", f"{path}__eltern__eltern"]
    return Case(
        *[When(**{f"{s}__art": GebietArt.GEMEINDE}, then=F(f"{s}__{feld}")) for s in stufen],
        default=F(f"{path}__{feld}"),
    )


def _je_anlaufstelle(queryset, anlaufstelle: str, gebiet: str, *weitere: str, **zahlen) -> list:
    """Group ``queryset`` by Anlaufstelle (path ``anlaufstelle``), its Gemeinde (from the Gebiet
    at ``gebiet``) and the fields ``weitere``, counting ``zahlen``."""
    queryset = queryset.annotate(
        anlaufstelle_name=F(f"{anlaufstelle}__name"),
        anlaufstelle_pk=F(f"{anlaufstelle}__id"),
        gemeinde_pk=_gemeinde(gebiet),
        gemeinde_name=_gemeinde(gebiet, "name"),
    )
    reihen = (
        queryset.values(
            "anlaufstelle_pk", "anlaufstelle_name", "gemeinde_pk", "gemeinde_name", *weitere
        )
        .annotate(**zahlen)
        .order_by(
            "gemeinde_name",
            F("anlaufstelle_name").asc(nulls_last=True),
            "anlaufstelle_pk",
            *weitere,
        )
    )
    umbenennen = {
        "anlaufstelle_pk": "anlaufstelle_id",
        "anlaufstelle_name": "anlaufstelle",
        "gemeinde_pk": "gemeinde_id",
        "gemeinde_name": "gemeinde",
    }
    return [{umbenennen.get(k, k): v for k, v in reihe.items()} for reihe in reihen]


def anlaufstellen(gebiet: Gebiet | None = None) -> list[dict]:
    """The Anlaufstellen in ``gebiet`` (active or not) with their Gemeinde.

    Rows: ``anlaufstelle_id``, ``anlaufstelle``, ``aktiv``, ``gemeinde_id``, ``gemeinde``,
    ``einwohner`` (of the Gemeinde, None when unknown)."""
    queryset = _in_gebiet(Anlaufstelle.objects.all(), "gebiet", gebiet)
    reihen = queryset.annotate(
        gemeinde_pk=_gemeinde("gebiet"),
        gemeinde_name=_gemeinde("gebiet", "name"),
        einwohner=_gemeinde("gebiet", "einwohnerzahl"),
    ).values_list("pk", "name", "aktiv", "gemeinde_pk", "gemeinde_name", "einwohner")
    return [
        {
            "anlaufstelle_id": pk,
            "anlaufstelle": name,
            "aktiv": aktiv,
            "gemeinde_id": gemeinde_id,
            "gemeinde": gemeinde,
            "einwohner": einwohner,
        }
        for pk, name, aktiv, gemeinde_id, gemeinde, einwohner in reihen.order_by(
            "gemeinde_name", "name"
        )
    ]


def _kontakte_im_jahr(jahr: int, gebiet: Gebiet | None):
    return _in_gebiet(Beratungskontakt.objects.filter(datum__year=jahr), "gebiet", gebiet)


def kontakte_je_anlaufstelle(jahr: int, gebiet: Gebiet | None = None) -> list[dict]:
    """Consultations of the year per Anlaufstelle (home visits: per Gemeinde, no Anlaufstelle).

    Counts: ``kontakte``, ``erstkontakte``, ``folgekontakte`` (``erstkontakt`` of the outcome;
    the consultation of a follow-up booking is always a follow-up), ``mit_termin``,
    ``ohne_termin``, ``hausbesuche``, ``hausbesuche_erstkontakte``, ``vermittelt`` (referred to
    another organisation), ``hausbesuche_vermittelt``."""
    art = Beratungskontakt.Art
    return _je_anlaufstelle(
        _kontakte_im_jahr(jahr, gebiet),
        "anlaufstelle",
        "gebiet",
        kontakte=Count("pk"),
        erstkontakte=Count("pk", filter=Q(erstkontakt=True)),
        folgekontakte=Count("pk", filter=Q(erstkontakt=False)),
        mit_termin=Count("pk", filter=Q(art=art.TERMIN)),
        ohne_termin=Count("pk", filter=Q(art=art.OHNE_TERMIN)),
        hausbesuche=Count("pk", filter=Q(art=art.HAUSBESUCH)),
        hausbesuche_erstkontakte=Count("pk", filter=Q(art=art.HAUSBESUCH, erstkontakt=True)),
        vermittelt=Count("pk", filter=Q(vermittelt_an__isnull=False)),
        hausbesuche_vermittelt=Count(
            "pk", filter=Q(art=art.HAUSBESUCH, vermittelt_an__isnull=False)
        ),
    )


def themen_je_anlaufstelle(jahr: int, gebiet: Gebiet | None = None) -> list[dict]:
    """Consultations of the year per Anlaufstelle and topic: also ``thema_id``, ``thema``
    (name), ``thema_reihenfolge``; counts ``kontakte``, ``erstkontakte``,
    ``folgekontakte``, ``hausbesuche``."""
    art = Beratungskontakt.Art
    reihen = _je_anlaufstelle(
        _kontakte_im_jahr(jahr, gebiet).annotate(
            thema_name=F("thema__name"), thema_reihenfolge=F("thema__reihenfolge")
        ),
        "anlaufstelle",
        "gebiet",
        "thema_reihenfolge",
        "thema_id",
        "thema_name",
        kontakte=Count("pk"),
        erstkontakte=Count("pk", filter=Q(erstkontakt=True)),
        folgekontakte=Count("pk", filter=Q(erstkontakt=False)),
        hausbesuche=Count("pk", filter=Q(art=art.HAUSBESUCH)),
    )
    return [_rename_gebiet(r, thema_name="thema") for r in reihen]


def vermittlungen_je_anlaufstelle(jahr: int, gebiet: Gebiet | None = None) -> list[dict]:
    """Referrals of the year per Anlaufstelle and the organisation referred to: also
    ``organisation_id``, ``organisation`` (name); counts ``vermittlungen``, ``hausbesuche``
    (referrals after a home visit)."""
    reihen = _je_anlaufstelle(
        _kontakte_im_jahr(jahr, gebiet)
        .filter(vermittelt_an__isnull=False)
        .annotate(organisation_name=F("vermittelt_an__name")),
        "anlaufstelle",
        "gebiet",
        "organisation_name",
        "vermittelt_an_id",
        vermittlungen=Count("pk"),
        hausbesuche=Count("pk", filter=Q(art=Beratungskontakt.Art.HAUSBESUCH)),
    )
    return [
        _rename_gebiet(r, vermittelt_an_id="organisation_id", organisation_name="organisation")
        for r in reihen
    ]


def buchungen_je_anlaufstelle(jahr: int, gebiet: Gebiet | None = None) -> list[dict]:
    """Bookings of slots in the year per Anlaufstelle (reservations that expired unconfirmed
    do not count): ``buchungen``, ``wahrgenommen``, ``nicht_erschienen``, ``abgesagt``,
    ``folgetermine`` (booked by the counsellor as the follow-up of a consultation)."""
    start, end = _year_bounds(jahr)
    queryset = Buchung.objects.filter(termin__beginn__gte=start, termin__beginn__lt=end).exclude(
        status=BuchungStatus.ABGELAUFEN
    )
    pfad = "termin__sprechstunde__anlaufstelle"
    return _je_anlaufstelle(
        _in_gebiet(queryset, f"{pfad}__gebiet", gebiet),
        pfad,
        f"{pfad}__gebiet",
        buchungen=Count("pk"),
        wahrgenommen=Count("pk", filter=Q(status=BuchungStatus.WAHRGENOMMEN)),
        nicht_erschienen=Count("pk", filter=Q(status=BuchungStatus.NICHT_ERSCHIENEN)),
        abgesagt=Count("pk", filter=Q(status=BuchungStatus.STORNIERT)),
        folgetermine=Count("pk", filter=Q(folgetermin=True)),
    )


def warteliste_je_anlaufstelle(jahr: int, gebiet: Gebiet | None = None) -> list[dict]:
    """Waiting-list demand per Anlaufstelle: entries made in the year (Europe/Berlin).

    Counts: ``eintraege`` (every entry, also e-mail addresses never confirmed),
    ``bestaetigt`` (entries that waited: confirmed address, or a phone number), ``gebucht``
    (became a booking), ``verpasst`` (an offered seat not taken in time), ``abgelaufen``
    (ended unconfirmed or without a free seat), ``abgemeldet`` (withdrawn), ``wartend`` (still
    waiting or holding an offer)."""
    start, end = _year_bounds(jahr)
    status = WartelisteStatus
    queryset = Wartelisteneintrag.objects.filter(erstellt_am__gte=start, erstellt_am__lt=end)
    pfad = "sprechstunde__anlaufstelle"
    return _je_anlaufstelle(
        _in_gebiet(queryset, f"{pfad}__gebiet", gebiet),
        pfad,
        f"{pfad}__gebiet",
        eintraege=Count("pk"),
        bestaetigt=Count("pk", filter=Q(bestaetigt_am__isnull=False)),
        gebucht=Count("pk", filter=Q(status=status.GEBUCHT)),
        verpasst=Count("pk", filter=Q(status=status.VERPASST)),
        abgelaufen=Count("pk", filter=Q(status=status.ABGELAUFEN)),
        abgemeldet=Count("pk", filter=Q(status=status.ABGEMELDET)),
        wartend=Count(
            "pk", filter=Q(status__in=[status.UNBESTAETIGT, status.WARTET, status.HAELT])
        ),
    )


def stellenanteile_je_anlaufstelle(jahr: int, gebiet: Gebiet | None = None) -> list[dict]:
    """Shares of full-time posts entered for the year per Anlaufstelle and employer: also
    ``traeger_id``, ``traeger`` (name); ``prozent`` (the sum, a Decimal: 55 is 0.55 of a
    full-time post), ``eintraege`` (rows added up)."""
    queryset = Stellenanteil.objects.filter(jahr=jahr).annotate(traeger_name=F("traeger__name"))
    reihen = _je_anlaufstelle(
        _in_gebiet(queryset, "anlaufstelle__gebiet", gebiet),
        "anlaufstelle",
        "anlaufstelle__gebiet",
        "traeger_name",
        "traeger_id",
        prozent=Sum("prozent"),
        eintraege=Count("pk"),
    )
    return [_rename_gebiet(r, traeger_name="traeger") for r in reihen]


def kosten_je_anlaufstelle(jahr: int, gebiet: Gebiet | None = None) -> list[dict]:
    """Cost items entered for the year per Anlaufstelle: also ``bezeichnung``,
    ``getragen_von_id``, ``getragen_von`` (name, None when not named); ``betrag`` (euros, a
    Decimal; items of the same name and payer added up), ``posten`` (items added up)."""
    queryset = Standortkosten.objects.filter(jahr=jahr).annotate(
        getragen_von_name=F("getragen_von__name")
    )
    reihen = _je_anlaufstelle(
        _in_gebiet(queryset, "anlaufstelle__gebiet", gebiet),
        "anlaufstelle",
        "anlaufstelle__gebiet",
        "bezeichnung",
        "getragen_von_name",
        "getragen_von_id",
        betrag=Sum("betrag"),
        posten=Count("pk"),
    )
    return [_rename_gebiet(r, getragen_von_name="getragen_von") for r in reihen]
