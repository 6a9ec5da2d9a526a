"""Networks and members (staff), the public network pages, the map and the list export.

Meetings and talks live in ``treffen.py`` and ``gespraeche.py``; every URL is in
``netzwerke/urls.py``. Visibility comes from ``Netzwerk.objects.for_user`` (others' internal
networks are a 404), changes need ``Netzwerk.can_change`` (visible but not theirs: 403).
"""

from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Max, Prefetch, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import condition, require_POST

from netzwerke import karte as netzkarte
from netzwerke import services
from netzwerke.filters import KarteFilter, NetzwerkFilter
from netzwerke.forms.netzwerke import MitgliedschaftForm, NetzwerkForm
from netzwerke.kalender import ics_feed
from netzwerke.models import OEFFENTLICHE_STATUS, Mitgliedschaft, Netzwerk, NetzwerkStatus, Treffen
from saarlouis_portal import seiten_cache
from saarlouis_portal.konten.access import (
    get_changeable_or_403,
    get_visible_or_404,
    rolle_required,
)
from saarlouis_portal.konten.roles import Rolle
from saarlouis_portal.stammdaten.models import (
    Ansprechperson,
    Handlungsfeld,
    Sozialgesetzbuch,
    Thema,
)
from saarlouis_portal.tabellen import Tabelle, csv_response, xlsx_response
from saarlouis_portal.werte import unsaved

# Rows per page of the network lists: a page costs what it shows (issue 15).
PAGE_SIZE = 20
NETZWERK_EDITORS = (Rolle.SOZIALPLANUNG, Rolle.NETZWERKKOORDINATION)


def _page(request, queryset):
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("seite"))


def _list_queryset(queryset):
    heute = timezone.localdate()
    aktuell = Q(mitglieder__bis__isnull=True) | Q(mitglieder__bis__gte=heute)
    return (
        queryset.select_related("gebiet")
        .prefetch_related("themen", "handlungsfelder")
        .annotate(anzahl_mitglieder=Count("mitglieder", filter=aktuell, distinct=True))
        .order_by("name")
    )


def _aktuelle_mitglieder():
    return netzkarte.aktuelle_mitgliedschaften()


def abdeckung(netzwerk: Netzwerk, mitglieder) -> dict:
    """What the network covers and what nobody covers in its Gebiet.

    - topics and Handlungsfelder: the network's own ones, and those that no other network in
      the same Gebiet (not ended) takes up either: the gaps of the area;
    - SGB books: those under which at least one member provides benefits, and the others.
    """
    im_gebiet = Netzwerk.objects.filter(gebiet=netzwerk.gebiet_id).exclude(
        status=NetzwerkStatus.BEENDET
    )
    themen = list(netzwerk.themen.all())
    felder = list(netzwerk.handlungsfelder.all())
    sgb_vertreten = {b.pk for m in mitglieder for b in m.organisation.sgb_buecher.all()}
    alle_sgb = list(Sozialgesetzbuch.objects.all())
    return {
        "themen": themen,
        "felder": felder,
        "themen_luecken": list(Thema.objects.exclude(netzwerke__in=im_gebiet)),
        "felder_luecken": list(Handlungsfeld.objects.exclude(netzwerke__in=im_gebiet)),
        "sgb_vertreten": [b for b in alle_sgb if b.pk in sgb_vertreten],
        "sgb_fehlend": [b for b in alle_sgb if b.pk not in sgb_vertreten],
    }


# --- Public pages ----------------------------------------------------------------------------


@seiten_cache.for_visitors
def index(request):
    queryset = _list_queryset(Netzwerk.objects.public())
    filterset = NetzwerkFilter(request.GET or None, queryset=queryset)
    return render(
        request,
        "netzwerke/public/index.html",
        {"filter": filterset, "page": _page(request, filterset.qs)},
    )


@seiten_cache.for_visitors
def netzwerk(request, pk: int):
    netz = get_object_or_404(
        Netzwerk.objects.public()
        .select_related("gebiet")
        .prefetch_related("themen", "handlungsfelder"),
        pk=pk,
    )
    mitglieder = list(
        _aktuelle_mitglieder()
        .filter(netzwerk=netz)
        .select_related("organisation")
        .prefetch_related("organisation__sgb_buecher")
    )
    jetzt = timezone.now()
    context = {
        "netzwerk": netz,
        "mitglieder": mitglieder,
        "kommende": netz.treffen.filter(ende__gte=jetzt).order_by("beginn")[:10],
        "vergangene": netz.treffen.filter(ende__lt=jetzt, protokoll_oeffentlich=True)
        .exclude(protokoll="")
        .order_by("-beginn")[:10],
    }
    return render(request, "netzwerke/public/netzwerk.html", context)


def _feed_etag(request, pk: int) -> str:
    """Changes when a meeting changes, is added or removed, or the day (the window) moves:
    calendar apps poll often and get a 304 when nothing changed."""
    stand = (
        Treffen.objects.public()
        .filter(netzwerk=pk)
        .aggregate(zuletzt=Max("geaendert_am"), anzahl=Count("pk"))
    )
    zuletzt = stand["zuletzt"].timestamp() if stand["zuletzt"] else 0
    return f"{pk}-{stand['anzahl']}-{zuletzt}-{timezone.localdate().isoformat()}"


@condition(etag_func=_feed_etag)
def netzwerk_feed(request, pk: int):
    """Subscribable calendar of a public network: meetings of the last year and ahead."""
    netz = get_object_or_404(Netzwerk.objects.public(), pk=pk)
    seit = timezone.now() - timedelta(days=365)
    meetings = (
        netz.treffen.filter(beginn__gte=seit)
        .select_related("netzwerk")
        .mit_treffpunkt()
        .order_by("beginn")
    )
    response = HttpResponse(ics_feed(netz, meetings), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="netzwerk-{netz.pk}.ics"'
    return response


@seiten_cache.for_visitors
def karte(request):
    """The map for everybody: anonymous visitors see public networks, staff what they may."""
    queryset = Netzwerk.objects.for_user(request.user).exclude(status=NetzwerkStatus.BEENDET)
    filterset = KarteFilter(request.GET or None, queryset=queryset)
    daten = netzkarte.build(filterset.qs.distinct())
    titel = _("Netzwerkkarte")
    beschreibung = _(
        "%(netze)d Netzwerke und Bündnisse links, %(orgs)d Organisationen rechts; eine Linie "
        "je Mitgliedschaft. Die Tabelle unter dem Bild enthält dieselben Angaben."
    ) % {"netze": len(daten.netzwerke), "orgs": len(daten.organisationen)}
    context = {
        "filter": filterset,
        "karte": daten,
        "svg": netzkarte.svg(daten, titel, beschreibung),
        "staff": request.user.is_authenticated and request.user.has_rolle(*tuple(Rolle)),
    }
    return render(request, "netzwerke/karte.html", context)


# --- Staff: networks -------------------------------------------------------------------------


@rolle_required()
def netzwerk_list(request):
    queryset = _list_queryset(Netzwerk.objects.for_user(request.user))
    filterset = NetzwerkFilter(request.GET or None, queryset=queryset)
    context = {
        "filter": filterset,
        "page": _page(request, filterset.qs),
        "darf_anlegen": request.user.has_rolle(*NETZWERK_EDITORS),
        "export_query": request.GET.urlencode(),
    }
    return render(request, "netzwerke/staff/netzwerk_list.html", context)


@rolle_required()
def netzwerk_export(request):
    queryset = _list_queryset(Netzwerk.objects.for_user(request.user))
    filterset = NetzwerkFilter(request.GET or None, queryset=queryset)
    tabelle = Tabelle(
        titel=_("Netzwerke"),
        kopf=[
            _("Name"),
            _("Art"),
            _("Gebiet"),
            _("Ebene"),
            _("Themen"),
            _("Handlungsfelder"),
            _("Status"),
            _("Öffentlich"),
            _("Mitglieder"),
        ],
        zeilen=[
            [
                n.name,
                n.get_art_display(),
                n.gebiet.name,
                n.gebiet.get_art_display(),
                ", ".join(t.name for t in n.themen.all()),
                ", ".join(h.name for h in n.handlungsfelder.all()),
                n.get_status_display(),
                _("ja") if n.oeffentlich else _("nein"),
                n.anzahl_mitglieder,
            ]
            for n in filterset.qs
        ],
    )
    if request.GET.get("format") == "xlsx":
        return xlsx_response("netzwerke", [tabelle])
    return csv_response("netzwerke", tabelle)


@rolle_required(*NETZWERK_EDITORS)
def netzwerk_create(request):
    form = NetzwerkForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        netz = services.save_netzwerk(*unsaved(form), user=request.user)
        messages.success(request, _("„%(name)s“ wurde angelegt.") % {"name": netz.name})
        return redirect("netzwerke:netzwerk_detail", pk=netz.pk)
    return render(request, "netzwerke/staff/netzwerk_form.html", {"form": form})


@rolle_required()
def netzwerk_update(request, pk: int):
    netz = get_changeable_or_403(Netzwerk.objects, request.user, pk=pk)
    form = NetzwerkForm(request.POST or None, instance=netz)
    if request.method == "POST" and form.is_valid():
        services.save_netzwerk(*unsaved(form), user=request.user)
        messages.success(request, _("„%(name)s“ wurde gespeichert.") % {"name": netz.name})
        return redirect("netzwerke:netzwerk_detail", pk=netz.pk)
    return render(request, "netzwerke/staff/netzwerk_form.html", {"form": form, "netzwerk": netz})


# Open tasks on a network's page; the task list (netzwerke:aufgabe_list) shows them all.
AUFGABEN_AUF_DER_SEITE = 20


@rolle_required()
def netzwerk_detail(request, pk: int):
    netz = get_visible_or_404(
        Netzwerk.objects.select_related("gebiet").prefetch_related(
            "themen", "handlungsfelder", "koordination"
        ),
        request.user,
        pk=pk,
    )
    mitglieder = list(
        netz.mitglieder.select_related("organisation").prefetch_related(
            "organisation__sgb_buecher",
            Prefetch("ansprechpersonen", queryset=Ansprechperson.objects.order_by("nachname")),
        )
    )
    jetzt = timezone.now()
    massnahmen = list(netz.massnahmen.order_by("titel"))
    darf_massnahmen = request.user.has_rolle(Rolle.SOZIALPLANUNG, Rolle.NETZWERKKOORDINATION)
    context = {
        "netzwerk": netz,
        "mitglieder": mitglieder,
        "abdeckung": abdeckung(netz, mitglieder),
        "kommende": netz.treffen.filter(ende__gte=jetzt).order_by("beginn"),
        "vergangene": netz.treffen.filter(ende__lt=jetzt).order_by("-beginn")[:20],
        "massnahmen": massnahmen,
        # Only Sozialplanung and Netzwerkkoordination open the staff measure pages; the other
        # roles are linked to the public page where there is one, so no link answers 403.
        "darf_massnahmen": darf_massnahmen,
        "oeffentliche_massnahmen": set()
        if darf_massnahmen
        else {m.pk for m in massnahmen if m.status in OEFFENTLICHE_STATUS and netz.oeffentlich},
        "darf_aendern": netz.can_change(request.user),
        "heute": timezone.localdate(),
        # Open tasks (issue 17): the first ones due; the task list has all of them.
        "aufgaben": list(
            netz.aufgaben.offen()
            .select_related("treffen", "person__organisation", "organisation")
            .order_by("faellig_am", "pk")[:AUFGABEN_AUF_DER_SEITE]
        ),
        "aufgaben_offen": netz.aufgaben.offen().count(),
    }
    return render(request, "netzwerke/staff/netzwerk_detail.html", context)


# --- Staff: members --------------------------------------------------------------------------


def _mitglied_for_change(request, pk):
    mitglied = get_object_or_404(
        Mitgliedschaft.objects.select_related("netzwerk", "organisation").filter(
            netzwerk__in=Netzwerk.objects.for_user(request.user).values("pk")
        ),
        pk=pk,
    )
    if not mitglied.netzwerk.can_change(request.user):
        raise PermissionDenied
    return mitglied


@rolle_required()
def mitglied_create(request, pk: int):
    netz = get_changeable_or_403(Netzwerk.objects, request.user, pk=pk)
    form = MitgliedschaftForm(request.POST or None, netzwerk=netz)
    if request.method == "POST" and form.is_valid():
        mitglied = form.save(commit=False)
        mitglied.netzwerk = netz
        mitglied = services.add_mitglied(
            mitglied,
            neue_organisation=form.neue_organisation_daten(),
            person=form.neue_person_daten(),
        )
        messages.success(
            request,
            _("„%(org)s“ ist jetzt Mitglied.") % {"org": mitglied.organisation.name},
        )
        return redirect("netzwerke:netzwerk_detail", pk=netz.pk)
    return render(request, "netzwerke/staff/mitglied_form.html", {"form": form, "netzwerk": netz})


@rolle_required()
def mitglied_update(request, pk: int):
    mitglied = _mitglied_for_change(request, pk)
    form = MitgliedschaftForm(request.POST or None, instance=mitglied, netzwerk=mitglied.netzwerk)
    if request.method == "POST" and form.is_valid():
        services.update_mitglied(*unsaved(form), person=form.neue_person_daten())
        messages.success(request, _("Die Mitgliedschaft wurde gespeichert."))
        return redirect("netzwerke:netzwerk_detail", pk=mitglied.netzwerk_id)
    context = {"form": form, "netzwerk": mitglied.netzwerk, "mitglied": mitglied}
    return render(request, "netzwerke/staff/mitglied_form.html", context)


@rolle_required()
@require_POST
def mitglied_delete(request, pk: int):
    mitglied = _mitglied_for_change(request, pk)
    netzwerk_pk = mitglied.netzwerk_id
    name = mitglied.organisation.name
    services.remove_mitglied(mitglied)
    messages.success(request, _("„%(org)s“ ist nicht mehr Mitglied.") % {"org": name})
    return redirect("netzwerke:netzwerk_detail", pk=netzwerk_pk)
