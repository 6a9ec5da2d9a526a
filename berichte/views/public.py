"""The public report pages and their downloads.

Everybody sees published reports and chapters (with their published chapters only); every staff
role also sees drafts, marked as such, and their downloads are never cached. A large draft in PDF
or Word is made by a background job (berichte/tasks.py) and fetched from its progress page.
Published pages come from a stored body (berichte/seiten.py) and answer conditional requests
with 304.
"""

import hashlib

from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date

from berichte import seiten, tasks
from berichte.exports import EXPORTE, Dokument, abgelegt, inhalt
from berichte.models import Bericht, Kapitel, Workflow
from berichte.snapshot import kapitel_daten
from saarlouis_portal import seiten_cache
from saarlouis_portal.konten.access import get_visible_or_404


def anzeige(kapitel) -> list[dict]:
    """The chapter's blocks prepared for the page (also the staff view of a chapter)."""
    return seiten.kapitel_kontext(kapitel)["bausteine"]


def _kapitel_liste(bericht, user):
    return tasks.kapitel_liste(bericht, user)


# Reports per page of the public list: a Landkreis publishes one per Gemeinde and year.
PAGE_SIZE = 20


@seiten_cache.for_visitors
def index(request):
    berichte = (
        Bericht.objects.public()
        .select_related("gebiet")
        .annotate(
            anzahl_kapitel=Count("kapitel", filter=Q(kapitel__status=Workflow.VEROEFFENTLICHT))
        )
        .order_by("-jahr", "titel", "pk")
    )
    page = Paginator(berichte, PAGE_SIZE).get_page(request.GET.get("seite"))
    return render(request, "berichte/public/index.html", {"berichte": page, "page": page})


def _antwort(request, template: str, context: dict, seite, stand, *teile) -> HttpResponse:
    """Render ``template`` around the stored body ``seite`` (None: render it all). Anonymous
    visitors get an ETag over everything the page shows, Last-Modified ``stand`` and a 304 when
    they have the page already; a signed-in page carries the user's menu and CSRF token."""
    if seite is None:
        return render(request, template, context)
    context["koerper"] = seiten.html(seite)
    if request.user.is_authenticated:
        return render(request, template, context)
    teile = "|".join(map(str, (seite.schluessel, *teile)))
    etag = f'"{hashlib.sha256(teile.encode()).hexdigest()[:32]}"'
    stand = int(max(stand, seite.erstellt_am).timestamp())  # HTTP dates have whole seconds
    nicht_geaendert = get_conditional_response(request, etag=etag, last_modified=stand)
    response = nicht_geaendert or render(request, template, context)
    response.headers.setdefault("ETag", etag)
    response.headers.setdefault("Last-Modified", http_date(stand))
    # Ask again every time: the chapter navigation changes when another chapter is published.
    patch_cache_control(response, no_cache=True)
    return response


@seiten_cache.for_visitors
def bericht(request, pk: int):
    bericht = get_visible_or_404(Bericht.objects.select_related("gebiet"), request.user, pk=pk)
    kapitel_liste = _kapitel_liste(bericht, request.user)
    context = {"bericht": bericht, "kapitel_liste": kapitel_liste, "formate": EXPORTE}
    seite = seiten.bericht_seite(bericht, kapitel_liste)
    stand = max(
        [bericht.geaendert_am] + [k.veroeffentlicht_am or k.geaendert_am for k in kapitel_liste]
    )
    return _antwort(request, "berichte/public/bericht.html", context, seite, stand)


def _sichtbares_kapitel(request, pk: int) -> Kapitel:
    kapitel = get_visible_or_404(
        Kapitel.objects.select_related("bericht__gebiet"), request.user, pk=pk
    )
    if not kapitel.bericht.is_visible_to(request.user):
        raise Http404
    return kapitel


@seiten_cache.for_visitors
def kapitel(request, pk: int):
    # One query for the chapter and the chapters beside it that the user sees (navigation);
    # the snapshot is read only to render a draft or a body not stored yet.
    kapitel_liste = list(
        Kapitel.objects.for_user(request.user)
        .filter(bericht__kapitel=pk)
        .select_related("bericht__gebiet")
        .defer("snapshot")
        .order_by("reihenfolge", "pk")
    )
    position = next((n for n, k in enumerate(kapitel_liste) if k.pk == pk), None)
    if position is None or not kapitel_liste[position].bericht.is_visible_to(request.user):
        raise Http404
    kapitel = kapitel_liste[position]
    vorher = kapitel_liste[position - 1] if position > 0 else None
    nachher = kapitel_liste[position + 1] if position + 1 < len(kapitel_liste) else None
    context = {"kapitel": kapitel, "bericht": kapitel.bericht, "vorher": vorher, "nachher": nachher}
    seite = seiten.kapitel_seite(kapitel)
    if seite is None:
        context.update(seiten.kapitel_kontext(kapitel))
        return render(request, "berichte/public/kapitel.html", context)
    navigation = [(k.pk, k.titel) if k else None for k in (vorher, nachher)]
    stand = max(k.veroeffentlicht_am or k.geaendert_am for k in kapitel_liste)
    return _antwort(request, "berichte/public/kapitel.html", context, seite, stand, navigation)


def _download(
    request, bericht, kapitel_liste, fmt: str, *, kapitel: Kapitel | None = None
) -> HttpResponse:
    """The file, or for a large draft in PDF or Word a background job (berichte/tasks.py):
    GET asks, POST starts the job and leads to its progress page."""
    if fmt not in EXPORTE:
        raise Http404
    entwurf = any(k.status != Workflow.VEROEFFENTLICHT for k in kapitel_liste)
    im_hintergrund = entwurf and fmt in tasks.HINTERGRUND_FORMATE
    if request.method == "POST":
        if not im_hintergrund:
            return HttpResponseNotAllowed(["GET"])
        auftrag = tasks.start_entwurf_export(request.user, bericht, kapitel, fmt)
        return redirect(auftrag)
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "POST"] if im_hintergrund else ["GET"])
    dokument = Dokument(
        bericht, [(k, kapitel_daten(k)) for k in kapitel_liste], einzeln=kapitel is not None
    )
    export = EXPORTE[fmt]
    umfang = tasks.umfang(dokument) if fmt in tasks.HINTERGRUND_FORMATE else 0
    gross = umfang > tasks.SOFORT_HOECHSTENS_WERTE.get(fmt, umfang)
    if im_hintergrund and gross:
        context = {"bericht": bericht, "kapitel": kapitel, "export": export, "umfang": umfang}
        return render(request, "berichte/staff/export_starten.html", context)
    daten = None if im_hintergrund else abgelegt(dokument, fmt)
    if daten is None and gross:
        # Published, but its file is not made yet (the worker makes it after publishing): the
        # worker is asked again, the visitor gets a short page instead of waiting seconds.
        tasks.nachbauen_lassen(bericht)
        context = {"bericht": bericht, "kapitel": kapitel, "export": export}
        response = render(request, "berichte/public/datei_in_arbeit.html", context, status=503)
        response["Retry-After"] = "60"
        return response
    if daten is None:
        daten = inhalt(dokument, fmt)
    response = HttpResponse(daten, content_type=export.content_type)
    response["Content-Disposition"] = f'attachment; filename="{dokument.dateiname()}.{fmt}"'
    if dokument.enthaelt_entwurf:
        response["Cache-Control"] = "private, no-store"
    return response


def bericht_download(request, pk: int, fmt: str):
    bericht = get_visible_or_404(Bericht.objects.select_related("gebiet"), request.user, pk=pk)
    return _download(request, bericht, _kapitel_liste(bericht, request.user), fmt)


def kapitel_download(request, pk: int, fmt: str):
    kapitel = _sichtbares_kapitel(request, pk)
    return _download(request, kapitel.bericht, [kapitel], fmt, kapitel=kapitel)
