"""Plain aggregates of the Orte der Begegnung for the social report. Nothing personal and no
internal notes leave here.

The report (``berichte``) reads this app only through these functions. Each returns a list of
plain dicts sorted as documented. ``gebiet`` narrows every function to that area and all areas
below it (a Gemeinde includes its Stadtteile and Sozialräume). Non-public places count too: the
report describes the planning situation, not the public directory (pass ``nur_oeffentlich``
to count the directory only).
"""

from decimal import Decimal

from django.db.models import Count, Q, Sum

from begegnung.models import STUFEN_REIHENFOLGE, Angebot, Fachbereich, Ort, OrtArt, Stelle, Stufe
from saarlouis_portal.stammdaten.models import Gebiet, Thema


def _orte(gebiet: Gebiet | None, nur_oeffentlich: bool):
    queryset = Ort.objects.all()
    if nur_oeffentlich:
        queryset = queryset.public()
    if gebiet is not None:
        queryset = queryset.filter(gebiet__in=Gebiet.objects.within(gebiet).values("pk"))
    return queryset


def orte_pro_stufe(gebiet: Gebiet | None = None, nur_oeffentlich: bool = False) -> list[dict]:
    """Rows ``stufe``, ``label``, ``anzahl`` for every stage in growth order (zeros included)."""
    counts = dict(
        _orte(gebiet, nur_oeffentlich).values_list("stufe").annotate(n=Count("pk")).order_by()
    )
    return [
        {"stufe": s, "label": str(Stufe(s).label), "anzahl": counts.get(s, 0)}
        for s in STUFEN_REIHENFOLGE
    ]


def orte_pro_art(gebiet: Gebiet | None = None, nur_oeffentlich: bool = False) -> list[dict]:
    """Rows ``art``, ``label``, ``anzahl`` for the kinds that occur, by count, then label."""
    rows = _orte(gebiet, nur_oeffentlich).values("art").annotate(anzahl=Count("pk")).order_by()
    result = [
        {"art": r["art"], "label": str(OrtArt(r["art"]).label), "anzahl": r["anzahl"]} for r in rows
    ]
    return sorted(result, key=lambda r: (-r["anzahl"], r["label"]))


def orte_pro_sozialraum(gebiet: Gebiet | None = None, nur_oeffentlich: bool = False) -> list[dict]:
    """Rows ``gebiet_id``, ``gebiet`` (name), ``anzahl`` and one count per stage (keys of
    ``STUFEN_REIHENFOLGE``), by area name."""
    rows = (
        _orte(gebiet, nur_oeffentlich)
        .values("gebiet_id", "gebiet__name")
        .annotate(
            anzahl=Count("pk"),
            **{s: Count("pk", filter=Q(stufe=s)) for s in STUFEN_REIHENFOLGE},
        )
        .order_by("gebiet__name")
    )
    return [
        {
            "gebiet_id": r["gebiet_id"],
            "gebiet": r["gebiet__name"],
            "anzahl": r["anzahl"],
            **{s: r[s] for s in STUFEN_REIHENFOLGE},
        }
        for r in rows
    ]


def stellen_pro_fachbereich(gebiet: Gebiet | None = None) -> list[dict]:
    """Rows ``fachbereich``, ``label``, ``stellen`` (number of posts), ``vollzeit`` (sum of the
    shares as Decimal), by full-time equivalents descending."""
    queryset = Stelle.objects.filter(ort__in=_orte(gebiet, False).values("pk"))
    rows = queryset.values("fachbereich").annotate(stellen=Count("pk"), vollzeit=Sum("anteil"))
    result = [
        {
            "fachbereich": r["fachbereich"],
            "label": str(Fachbereich(r["fachbereich"]).label),
            "stellen": r["stellen"],
            "vollzeit": Decimal(r["vollzeit"] or 0).quantize(Decimal("0.01")),
        }
        for r in rows.order_by()
    ]
    return sorted(result, key=lambda r: (-r["vollzeit"], r["label"]))


def angebote_pro_thema(gebiet: Gebiet | None = None, nur_oeffentlich: bool = False) -> list[dict]:
    """Rows ``thema_id``, ``thema`` (name), ``anzahl`` for every topic (zeros included), in the
    topics' order. An offer with several topics counts once for each."""
    angebote = Angebot.objects.filter(ort__in=_orte(gebiet, nur_oeffentlich).values("pk"))
    if nur_oeffentlich:
        angebote = angebote.filter(oeffentlich=True)
    themen = Thema.objects.annotate(
        anzahl=Count("angebote", filter=Q(angebote__in=angebote.values("pk")))
    )
    return [{"thema_id": t.pk, "thema": t.name, "anzahl": t.anzahl} for t in themen]


def berichtszahlen(gebiet: Gebiet | None, jahr: int) -> list[tuple[str, object, str]]:
    """Current totals for the report's "Zahlen aus dem Portal" block (label, value, unit).

    Places have no history by year yet, so these are the figures on the day the chapter is
    published (its snapshot keeps them); ``jahr`` is accepted for the common signature."""
    stufen = orte_pro_stufe(gebiet)
    stellen = stellen_pro_fachbereich(gebiet)
    zeilen = [("Orte insgesamt", sum(row["anzahl"] for row in stufen), "anzahl")]
    zeilen += [(f"davon {row['label']}", row["anzahl"], "anzahl") for row in stufen]
    zeilen.append(
        ("Stellen (Vollzeitäquivalente)", float(sum(row["vollzeit"] for row in stellen)), "anzahl")
    )
    angebote = Angebot.objects.filter(ort__in=_orte(gebiet, False).values("pk")).count()
    zeilen.append(("Angebote", angebote, "anzahl"))
    return zeilen
