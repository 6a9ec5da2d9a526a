"""Plain aggregates of the Sorgekreise for the social report. Nothing personal leaves here:
only counts and sums over kinds of help, areas, states and years, never a name, contact, note
or a single request.

The report (``berichte``) reads this app only through these functions. Each returns a list of
plain dicts sorted as documented. ``gebiet`` narrows every function to that area and all areas
below it (a circle by its place's area, a request by its own area, a helper by the areas they
serve). ``jahr`` counts requests created in that year and matches closed in it. Anonymised
rows count too: retention removes the person, not the figure.
"""

from decimal import Decimal

from django.db.models import Count, Q, Sum

from begegnung.models import Ort
from saarlouis_portal.stammdaten.models import Gebiet
from sorgekreise.models import (
    AnfrageStatus,
    Faehigkeit,
    Helfende,
    HelfendeStatus,
    Hilfeanfrage,
    Sorgekreis,
    Vermittlung,
    VermittlungStatus,
)


def _gebiete(gebiet: Gebiet | None):
    return Gebiet.objects.within(gebiet).values("pk") if gebiet is not None else None


def _kreise(gebiet):
    queryset = Sorgekreis.objects.all()
    if gebiet is not None:
        queryset = queryset.filter(ort__gebiet__in=_gebiete(gebiet))
    return queryset


def _anfragen(gebiet, jahr):
    queryset = Hilfeanfrage.objects.all()
    if gebiet is not None:
        queryset = queryset.filter(gebiet__in=_gebiete(gebiet))
    if jahr is not None:
        queryset = queryset.filter(erstellt_am__year=jahr)
    return queryset


def _helfende(gebiet):
    queryset = Helfende.objects.all()
    if gebiet is not None:
        queryset = queryset.filter(
            pk__in=Helfende.gebiete.through.objects.filter(gebiet__in=_gebiete(gebiet)).values(
                "helfende"
            )
        )
    return queryset


def kreise_pro_ort(gebiet: Gebiet | None = None) -> list[dict]:
    """Rows ``ort_id``, ``ort`` (name), ``anzahl`` of places with at least one circle, by name."""
    rows = _kreise(gebiet).values("ort_id", "ort__name").annotate(anzahl=Count("pk")).order_by()
    result = [{"ort_id": r["ort_id"], "ort": r["ort__name"], "anzahl": r["anzahl"]} for r in rows]
    return sorted(result, key=lambda r: (r["ort"], r["ort_id"]))


def helfende_pro_faehigkeit(gebiet: Gebiet | None = None) -> list[dict]:
    """Rows ``faehigkeit``, ``label``, ``anzahl`` (helpers not left offering it), every kind of
    help in its order, zeros included."""
    helfende = _helfende(gebiet).exclude(status=HelfendeStatus.AUSGESCHIEDEN)
    counts = dict(
        Helfende.faehigkeiten.through.objects.filter(helfende__in=helfende.values("pk"))
        .values_list("faehigkeit")
        .annotate(n=Count("helfende", distinct=True))
        .order_by()
    )
    return [
        {"faehigkeit": f.schluessel, "label": f.name, "anzahl": counts.get(f.pk, 0)}
        for f in Faehigkeit.objects.all()
    ]


def helfende_pro_status(gebiet: Gebiet | None = None) -> list[dict]:
    """Rows ``status``, ``label``, ``anzahl`` for every state in workflow order (zeros too)."""
    counts = dict(_helfende(gebiet).values_list("status").annotate(n=Count("pk")).order_by())
    return [
        {"status": s.value, "label": str(s.label), "anzahl": counts.get(s.value, 0)}
        for s in HelfendeStatus
    ]


def anfragen_pro_art(gebiet: Gebiet | None = None, jahr: int | None = None) -> list[dict]:
    """Rows ``faehigkeit``, ``label``, ``anzahl`` and one count per outcome (keys of
    ``AnfrageStatus``) for the kinds of help asked for, by count, then label."""
    rows = (
        _anfragen(gebiet, jahr)
        .values("art__schluessel", "art__name")
        .annotate(
            anzahl=Count("pk"),
            **{s.value: Count("pk", filter=Q(status=s.value)) for s in AnfrageStatus},
        )
        .order_by()
    )
    result = [
        {
            "faehigkeit": r["art__schluessel"],
            "label": r["art__name"],
            "anzahl": r["anzahl"],
            **{s.value: r[s.value] for s in AnfrageStatus},
        }
        for r in rows
    ]
    return sorted(result, key=lambda r: (-r["anzahl"], r["label"]))


def anfragen_pro_gebiet(gebiet: Gebiet | None = None, jahr: int | None = None) -> list[dict]:
    """Rows ``gebiet_id``, ``gebiet`` (name), ``anzahl``, by area name."""
    rows = (
        _anfragen(gebiet, jahr)
        .values("gebiet_id", "gebiet__name")
        .annotate(anzahl=Count("pk"))
        .order_by("gebiet__name", "gebiet_id")
    )
    return [
        {"gebiet_id": r["gebiet_id"], "gebiet": r["gebiet__name"], "anzahl": r["anzahl"]}
        for r in rows
    ]


def anfragen_pro_ergebnis(gebiet: Gebiet | None = None, jahr: int | None = None) -> list[dict]:
    """Rows ``status``, ``label``, ``anzahl`` for every outcome in workflow order (zeros too)."""
    counts = dict(_anfragen(gebiet, jahr).values_list("status").annotate(n=Count("pk")).order_by())
    return [
        {"status": s.value, "label": str(s.label), "anzahl": counts.get(s.value, 0)}
        for s in AnfrageStatus
    ]


def geleistete_stunden(gebiet: Gebiet | None = None, jahr: int | None = None) -> dict:
    """``vermittlungen`` (closed matches) and ``stunden`` (their hours, a Decimal), by the
    request's area and the year the match was closed."""
    queryset = Vermittlung.objects.filter(status=VermittlungStatus.ABGESCHLOSSEN)
    if gebiet is not None:
        queryset = queryset.filter(anfrage__gebiet__in=_gebiete(gebiet))
    if jahr is not None:
        queryset = queryset.filter(abgeschlossen_am__year=jahr)
    result = queryset.aggregate(vermittlungen=Count("pk"), stunden=Sum("stunden"))
    return {
        "vermittlungen": result["vermittlungen"],
        "stunden": result["stunden"] or Decimal("0"),
    }


def berichtszahlen(gebiet: Gebiet | None, jahr: int) -> list[tuple[str, float | int, str]]:
    """The Sorgekreise's lines in the report's "Zahlen aus dem Portal" block."""
    from django.utils.translation import gettext as _

    ergebnis = {r["status"]: r["anzahl"] for r in anfragen_pro_ergebnis(gebiet, jahr)}
    status = {r["status"]: r["anzahl"] for r in helfende_pro_status(gebiet)}
    stunden = geleistete_stunden(gebiet, jahr)
    orte = Ort.objects.filter(pk__in=_kreise(gebiet).values("ort")).count()
    return [
        (_("Sorgekreise"), _kreise(gebiet).count(), "anzahl"),
        (_("Orte der Begegnung mit Sorgekreis"), orte, "anzahl"),
        (
            _("Helfende (geprüft oder aktiv)"),
            status[HelfendeStatus.GEPRUEFT] + status[HelfendeStatus.AKTIV],
            "anzahl",
        ),
        (_("Hilfeanfragen"), sum(ergebnis.values()), "anzahl"),
        (
            _("davon vermittelt oder erledigt"),
            ergebnis[AnfrageStatus.VERMITTELT] + ergebnis[AnfrageStatus.ERLEDIGT],
            "anzahl",
        ),
        (_("Abgeschlossene Vermittlungen"), stunden["vermittlungen"], "anzahl"),
        (_("Geleistete Stunden"), float(stunden["stunden"]), "anzahl"),
    ]
