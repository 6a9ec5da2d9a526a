"""Plain aggregates of the networks for the social report. Nothing personal leaves here.

The report (``berichte``) reads this app only through these functions. Each returns a list of
plain dicts sorted by a stable key. Only networks that are not ended count (``beendet`` networks
are history); ``gebiet`` narrows a function to that area and all areas below it.
"""

from django.db.models import Count, F, Q

from netzwerke.models import Mitgliedschaft, Netzwerk, NetzwerkStatus
from saarlouis_portal.stammdaten.models import Gebiet, GebietArt, Handlungsfeld, Thema


def _netzwerke(gebiet: Gebiet | None = None):
    queryset = Netzwerk.objects.exclude(status=NetzwerkStatus.BEENDET)
    if gebiet is not None:
        queryset = queryset.filter(gebiet__in=Gebiet.objects.within(gebiet).values("pk"))
    return queryset


def netzwerke_je_ebene(gebiet: Gebiet | None = None) -> list[dict]:
    """Rows ``ebene`` (the Gebiet kind, e.g. ``stadtteil``), ``ebene_name``, ``netzwerke``,
    ``buendnisse``; every level appears, also with zero."""
    counts = {
        row["gebiet__art"]: row
        for row in _netzwerke(gebiet)
        .values("gebiet__art")
        .annotate(
            netzwerke=Count("pk", filter=Q(art="netzwerk")),
            buendnisse=Count("pk", filter=Q(art="buendnis")),
        )
    }
    return [
        {
            "ebene": art.value,
            "ebene_name": str(art.label),
            "netzwerke": counts.get(art.value, {}).get("netzwerke", 0),
            "buendnisse": counts.get(art.value, {}).get("buendnisse", 0),
        }
        for art in GebietArt
    ]


def netzwerke_je_thema(gebiet: Gebiet | None = None) -> list[dict]:
    """Rows ``thema_id``, ``thema``, ``netzwerke`` for every topic (zero included), in the
    topics' own order."""
    ids = _netzwerke(gebiet).values("pk")
    return [
        {"thema_id": t.pk, "thema": t.name, "netzwerke": t.anzahl}
        for t in Thema.objects.annotate(
            anzahl=Count("netzwerke", filter=Q(netzwerke__in=ids), distinct=True)
        )
    ]


def netzwerke_je_handlungsfeld(gebiet: Gebiet | None = None) -> list[dict]:
    """Rows ``handlungsfeld_id``, ``handlungsfeld``, ``netzwerke`` for each of the fields."""
    ids = _netzwerke(gebiet).values("pk")
    return [
        {"handlungsfeld_id": h.pk, "handlungsfeld": h.name, "netzwerke": h.anzahl}
        for h in Handlungsfeld.objects.annotate(
            anzahl=Count("netzwerke", filter=Q(netzwerke__in=ids), distinct=True)
        )
    ]


def mitglieder_je_netzwerk(gebiet: Gebiet | None = None, stichtag=None) -> list[dict]:
    """Rows ``netzwerk_id``, ``netzwerk``, ``art``, ``gebiet``, ``mitglieder`` (organisations
    that are members on ``stichtag``, default today), sorted by network name."""
    from django.utils import timezone

    stichtag = stichtag or timezone.localdate()
    aktiv = Q(mitglieder__bis__isnull=True) | Q(mitglieder__bis__gte=stichtag)
    aktiv &= Q(mitglieder__seit__isnull=True) | Q(mitglieder__seit__lte=stichtag)
    rows = (
        _netzwerke(gebiet)
        .annotate(mitglieder_anzahl=Count("mitglieder", filter=aktiv))
        .values("pk", "name", "art", "gebiet__name", "mitglieder_anzahl")
        .order_by("name")
    )
    return [
        {
            "netzwerk_id": r["pk"],
            "netzwerk": r["name"],
            "art": r["art"],
            "gebiet": r["gebiet__name"],
            "mitglieder": r["mitglieder_anzahl"],
        }
        for r in rows
    ]


def netzwerke_je_gebiet(gebiet: Gebiet | None = None) -> list[dict]:
    """Rows ``gebiet_id``, ``gebiet``, ``ebene``, ``netzwerke``, ``buendnisse``,
    ``organisationen`` (distinct member organisations), for areas with at least one network,
    sorted by Gebiet name."""
    rows = (
        _netzwerke(gebiet)
        .values(gebiet_pk=F("gebiet"), gebiet_name=F("gebiet__name"), ebene=F("gebiet__art"))
        .annotate(
            netzwerke=Count("pk", filter=Q(art="netzwerk"), distinct=True),
            buendnisse=Count("pk", filter=Q(art="buendnis"), distinct=True),
            organisationen=Count("mitglieder__organisation", distinct=True),
        )
        .order_by("gebiet_name", "gebiet_pk")
    )
    return [
        {
            "gebiet_id": r["gebiet_pk"],
            "gebiet": r["gebiet_name"],
            "ebene": r["ebene"],
            "netzwerke": r["netzwerke"],
            "buendnisse": r["buendnisse"],
            "organisationen": r["organisationen"],
        }
        for r in rows
    ]


def mitgliedschaften_gesamt(gebiet: Gebiet | None = None) -> dict:
    """Totals: ``netzwerke``, ``mitgliedschaften``, ``organisationen`` (distinct)."""
    ids = _netzwerke(gebiet).values("pk")
    mitglieder = Mitgliedschaft.objects.filter(netzwerk__in=ids)
    return {
        "netzwerke": _netzwerke(gebiet).count(),
        "mitgliedschaften": mitglieder.count(),
        "organisationen": mitglieder.values("organisation").distinct().count(),
    }


# --- Measures --------------------------------------------------------------------------------
# Every measure counts, whatever its network's visibility: these are plain counts. ``gebiet``
# narrows to measures in that area and below.


def _massnahmen(gebiet: Gebiet | None = None):
    from netzwerke.models import Massnahme

    queryset = Massnahme.objects.all()
    if gebiet is not None:
        queryset = queryset.filter(gebiet__in=Gebiet.objects.within(gebiet).values("pk"))
    return queryset


def massnahmen_je_status(gebiet: Gebiet | None = None) -> list[dict]:
    """Rows ``status``, ``status_name``, ``massnahmen`` for every status (zero included), in
    the order of the workflow."""
    from netzwerke.models import MassnahmeStatus

    counts = dict(
        _massnahmen(gebiet).values_list("status").annotate(n=Count("pk")).order_by("status")
    )
    return [
        {"status": s.value, "status_name": str(s.label), "massnahmen": counts.get(s.value, 0)}
        for s in MassnahmeStatus
    ]


PRUEFUNG_OFFEN = "offen"
PRUEFUNG_OHNE = "ohne"


def massnahmen_je_pruefergebnis(gebiet: Gebiet | None = None) -> list[dict]:
    """Rows ``ergebnis``, ``ergebnis_name``, ``massnahmen``: the three results of completed
    checks, then ``offen`` (check begun, not completed) and ``ohne`` (no check yet)."""
    from netzwerke.models import PruefErgebnis

    queryset = _massnahmen(gebiet)
    fertig = queryset.filter(pruefung__abgeschlossen_am__isnull=False)
    counts = dict(
        fertig.values_list("pruefung__ergebnis")
        .annotate(n=Count("pk"))
        .order_by("pruefung__ergebnis")
    )
    rows = [
        {"ergebnis": e.value, "ergebnis_name": str(e.label), "massnahmen": counts.get(e.value, 0)}
        for e in PruefErgebnis
    ]
    offen = queryset.filter(pruefung__isnull=False, pruefung__abgeschlossen_am__isnull=True)
    rows.append(
        {
            "ergebnis": PRUEFUNG_OFFEN,
            "ergebnis_name": "Prüfung in Arbeit",
            "massnahmen": offen.count(),
        }
    )
    rows.append(
        {
            "ergebnis": PRUEFUNG_OHNE,
            "ergebnis_name": "Noch keine Prüfung",
            "massnahmen": queryset.filter(pruefung__isnull=True).count(),
        }
    )
    return rows


def massnahmen_je_gebiet(gebiet: Gebiet | None = None) -> list[dict]:
    """Rows ``gebiet_id``, ``gebiet``, ``ebene``, ``massnahmen``, ``beschlossen`` (decided,
    running or completed), ``budget`` (sum over those, Decimal, 0 if none), for areas with at
    least one measure, sorted by Gebiet name."""
    from decimal import Decimal

    from django.db.models import Sum

    from netzwerke.models import OEFFENTLICHE_STATUS

    umgesetzt = Q(status__in=OEFFENTLICHE_STATUS)
    rows = (
        _massnahmen(gebiet)
        .values(gebiet_pk=F("gebiet"), gebiet_name=F("gebiet__name"), ebene=F("gebiet__art"))
        .annotate(
            anzahl=Count("pk"),
            beschlossen=Count("pk", filter=umgesetzt),
            budget_summe=Sum("budget", filter=umgesetzt),
        )
        .order_by("gebiet_name", "gebiet_pk")
    )
    return [
        {
            "gebiet_id": r["gebiet_pk"],
            "gebiet": r["gebiet_name"],
            "ebene": r["ebene"],
            "massnahmen": r["anzahl"],
            "beschlossen": r["beschlossen"],
            "budget": r["budget_summe"] or Decimal("0"),
        }
        for r in rows
    ]


def massnahmen_je_handlungsfeld(gebiet: Gebiet | None = None) -> list[dict]:
    """Rows ``handlungsfeld_id``, ``handlungsfeld``, ``massnahmen``, ``beschlossen`` for each
    field (zero included). A measure with two fields counts in both."""
    from netzwerke.models import OEFFENTLICHE_STATUS

    ids = _massnahmen(gebiet).values("pk")
    umgesetzt = _massnahmen(gebiet).filter(status__in=OEFFENTLICHE_STATUS).values("pk")
    return [
        {
            "handlungsfeld_id": h.pk,
            "handlungsfeld": h.name,
            "massnahmen": h.anzahl,
            "beschlossen": h.umgesetzt,
        }
        for h in Handlungsfeld.objects.annotate(
            anzahl=Count("massnahmen", filter=Q(massnahmen__in=ids), distinct=True),
            umgesetzt=Count("massnahmen", filter=Q(massnahmen__in=umgesetzt), distinct=True),
        )
    ]


# --- Figures for the report ------------------------------------------------------------------


def berichtszahlen(gebiet: Gebiet | None, jahr: int) -> list[tuple[str, int, str]]:
    """Current totals for the report's "Zahlen aus dem Portal" block (label, value, unit).

    Networks and measures have no history by year yet, so these are the figures on the day the
    chapter is published (its snapshot keeps them); ``jahr`` is accepted for the common
    signature of all sources."""
    from netzwerke.models import MassnahmeStatus

    gesamt = mitgliedschaften_gesamt(gebiet)
    ebenen = netzwerke_je_ebene(gebiet)
    status = {row["status"]: row["massnahmen"] for row in massnahmen_je_status(gebiet)}
    beschlossen = sum(
        status[s]
        for s in (
            MassnahmeStatus.BESCHLOSSEN,
            MassnahmeStatus.LAUFEND,
            MassnahmeStatus.ABGESCHLOSSEN,
        )
    )
    pruefungen = {row["ergebnis"]: row["massnahmen"] for row in massnahmen_je_pruefergebnis(gebiet)}
    abgeschlossen = sum(
        n for key, n in pruefungen.items() if key not in (PRUEFUNG_OFFEN, PRUEFUNG_OHNE)
    )
    return [
        ("Netzwerke", sum(row["netzwerke"] for row in ebenen), "anzahl"),
        ("Bündnisse", sum(row["buendnisse"] for row in ebenen), "anzahl"),
        ("Mitgliedsorganisationen (verschieden)", gesamt["organisationen"], "anzahl"),
        ("Maßnahmen insgesamt", sum(status.values()), "anzahl"),
        ("davon beschlossen, laufend oder abgeschlossen", beschlossen, "anzahl"),
        ("Abgeschlossene Nachhaltigkeitsprüfungen", abgeschlossen, "anzahl"),
    ]
