"""The public report pages and their downloads.

Everybody sees published reports and chapters (with their published chapters only); every staff
role also sees drafts, marked as such, and their downloads are never cached.
"""

from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import render

from berichte import blocks
from berichte.exports import EXPORTE, Dokument, inhalt
from berichte.models import Bericht, Kapitel, Workflow
from berichte.snapshot import kapitel_daten
from saarlouis_portal.konten.access import get_visible_or_404


def anzeige(kapitel) -> list[dict]:
    """The chapter's blocks prepared for the page (also the staff view of a chapter)."""
    return [blocks.aufbereiten(d) for d in kapitel_daten(kapitel)]


def _kapitel_liste(bericht, user):
    return list(
        Kapitel.objects.for_user(user)
        .filter(bericht=bericht)
        .select_related("bericht__gebiet")
        .order_by("reihenfolge", "pk")
    )


def index(request):
    berichte = (
        Bericht.objects.public()
        .select_related("gebiet")
        .annotate(
            anzahl_kapitel=Count("kapitel", filter=Q(kapitel__status=Workflow.VEROEFFENTLICHT))
        )
    )
    return render(request, "berichte/public/index.html", {"berichte": berichte})


def bericht(request, pk: int):
    bericht = get_visible_or_404(Bericht.objects.select_related("gebiet"), request.user, pk=pk)
    context = {
        "bericht": bericht,
        "kapitel_liste": _kapitel_liste(bericht, request.user),
        "formate": EXPORTE,
    }
    return render(request, "berichte/public/bericht.html", context)


def _sichtbares_kapitel(request, pk: int) -> Kapitel:
    kapitel = get_visible_or_404(
        Kapitel.objects.select_related("bericht__gebiet", "veroeffentlicht_von"),
        request.user,
        pk=pk,
    )
    if not Bericht.objects.for_user(request.user).filter(pk=kapitel.bericht_id).exists():
        raise Http404
    return kapitel


def kapitel(request, pk: int):
    kapitel = _sichtbares_kapitel(request, pk)
    kapitel_liste = _kapitel_liste(kapitel.bericht, request.user)
    position = [k.pk for k in kapitel_liste].index(kapitel.pk)
    context = {
        "kapitel": kapitel,
        "bericht": kapitel.bericht,
        "bausteine": anzeige(kapitel),
        "formate": EXPORTE,
        "vorher": kapitel_liste[position - 1] if position > 0 else None,
        "nachher": kapitel_liste[position + 1] if position + 1 < len(kapitel_liste) else None,
    }
    return render(request, "berichte/public/kapitel.html", context)


def _download(dokument: Dokument, fmt: str) -> HttpResponse:
    if fmt not in EXPORTE:
        raise Http404
    export = EXPORTE[fmt]
    response = HttpResponse(inhalt(dokument, fmt), content_type=export.content_type)
    response["Content-Disposition"] = f'attachment; filename="{dokument.dateiname()}.{fmt}"'
    if dokument.enthaelt_entwurf:
        response["Cache-Control"] = "private, no-store"
    return response


def bericht_download(request, pk: int, fmt: str):
    bericht = get_visible_or_404(Bericht.objects.select_related("gebiet"), request.user, pk=pk)
    kapitel_liste = _kapitel_liste(bericht, request.user)
    dokument = Dokument(bericht, [(k, kapitel_daten(k)) for k in kapitel_liste], einzeln=False)
    return _download(dokument, fmt)


def kapitel_download(request, pk: int, fmt: str):
    kapitel = _sichtbares_kapitel(request, pk)
    dokument = Dokument(kapitel.bericht, [(kapitel, kapitel_daten(kapitel))], einzeln=True)
    return _download(dokument, fmt)
