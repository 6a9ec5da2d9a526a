"""Indicators, their values, imports and exports, and the social monitoring (staff).

Sozialplanung keeps indicators and monitoring settings (``Indikator.can_change``,
``Monitoring.can_change``); Berichtswesen and Sozialplanung see and export them (``REDAKTION``)
and import values (``Importlauf.can_import``); every other role gets 403.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Max, Min
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from berichte import formate, importer, monitoring_seite, services_indikatoren, tasks
from berichte.filters import IndikatorFilter
from berichte.forms.indikatoren import ExportForm, ImportForm, IndikatorForm, MonitoringForm
from berichte.models import REDAKTION, Importlauf, Indikator, Messwert, Monitoring
from berichte.monitoring import berechne
from saarlouis_portal.konten.access import (
    get_changeable_or_403,
    get_visible_or_404,
    rolle_required,
)
from saarlouis_portal.stammdaten.models import Gebiet
from saarlouis_portal.tabellen import csv_response, xlsx_response

redaktion_required = rolle_required(*REDAKTION)
MAX_VORSCHAU_WERTE = 100


def _darf_pflegen(user) -> bool:
    return Indikator().can_change(user)


def _pflege_required(request):
    if not _darf_pflegen(request.user):
        raise PermissionDenied


def _import_required(request):
    if not Importlauf.can_import(request.user):
        raise PermissionDenied


def vorzeichen(value: float | None) -> str:
    """A z-value in German notation with its sign ("+0,71", "−1,41"), or a dash."""
    if value is None:
        return "–"
    text = f"{value:+.2f}".replace(".", ",")
    return text.replace("-", "−")


def _page(request, queryset, per_page=50):
    return Paginator(queryset, per_page).get_page(request.GET.get("seite"))


# Indicators


@redaktion_required
def indikator_list(request):
    queryset = (
        Indikator.objects.for_user(request.user)
        .annotate(
            anzahl_werte=Count("werte"), jahr_min=Min("werte__jahr"), jahr_max=Max("werte__jahr")
        )
        .order_by("kapitel", "name", "pk")
    )
    filterset = IndikatorFilter(request.GET or None, queryset=queryset)
    context = {
        "filter": filterset,
        "page": _page(request, filterset.qs),
        "darf_pflegen": _darf_pflegen(request.user),
        "darf_importieren": Importlauf.can_import(request.user),
    }
    return render(request, "berichte/indikatoren/indikator_list.html", context)


@redaktion_required
def indikator_detail(request, pk: int):
    indikator = get_visible_or_404(Indikator.objects, request.user, pk=pk)
    werte = list(indikator.werte.select_related("gebiet", "importlauf__importiert_von"))
    jahre = sorted({w.jahr for w in werte})
    zeilen: dict[int, dict] = {}
    for wert in werte:
        zeile = zeilen.setdefault(wert.gebiet_id, {"gebiet": wert.gebiet, "werte": {}})
        zeile["werte"][wert.jahr] = wert
    rang = {art: i for i, art in enumerate(("landkreis", "gemeinde", "stadtteil", "sozialraum"))}
    tabelle = [
        {"gebiet": z["gebiet"], "werte": [z["werte"].get(j) for j in jahre]}
        for z in sorted(
            zeilen.values(), key=lambda z: (rang.get(z["gebiet"].art, 9), z["gebiet"].name)
        )
    ]
    laeufe = (
        Importlauf.objects.filter(werte__indikator=indikator)
        .select_related("importiert_von")
        .distinct()[:5]
    )
    context = {
        "indikator": indikator,
        "jahre": jahre,
        "tabelle": tabelle,
        "laeufe": laeufe,
        "monitorings": indikator.monitorings.all(),
        "darf_pflegen": indikator.can_change(request.user),
        "darf_importieren": Importlauf.can_import(request.user),
    }
    return render(request, "berichte/indikatoren/indikator_detail.html", context)


@redaktion_required
def indikator_create(request):
    _pflege_required(request)
    form = IndikatorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        indikator = form.save()
        messages.success(
            request, _("Der Indikator „%(name)s“ wurde angelegt.") % {"name": indikator.name}
        )
        return redirect("berichte:indikator_detail", pk=indikator.pk)
    return render(request, "berichte/indikatoren/indikator_form.html", {"form": form})


@redaktion_required
def indikator_update(request, pk: int):
    indikator = get_changeable_or_403(Indikator.objects, request.user, pk=pk)
    form = IndikatorForm(request.POST or None, instance=indikator)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(
            request, _("Der Indikator „%(name)s“ wurde gespeichert.") % {"name": indikator.name}
        )
        return redirect("berichte:indikator_detail", pk=indikator.pk)
    context = {"form": form, "indikator": indikator}
    return render(request, "berichte/indikatoren/indikator_form.html", context)


# Import


@redaktion_required
def import_upload(request):
    _import_required(request)
    # Bound on every POST: a form with only a file field has empty POST data.
    form = ImportForm(request.POST, request.FILES) if request.method == "POST" else ImportForm()
    if request.method == "POST" and form.is_valid():
        datei = form.cleaned_data["datei"]
        staged = services_indikatoren.stage_datei(request.user, datei.name, datei.read())
        return redirect("berichte:import_vorschau", token=services_indikatoren.token_for(staged))
    laeufe = Importlauf.objects.select_related("importiert_von")[:10]
    return render(
        request, "berichte/indikatoren/import_upload.html", {"form": form, "laeufe": laeufe}
    )


def _staged_or_redirect(request, token):
    datei = services_indikatoren.datei_for_token(token, request.user)
    if datei is None:
        messages.error(
            request,
            _(
                "Die hochgeladene Datei ist nicht mehr vorhanden (schon importiert oder älter "
                "als einen Tag). Bitte laden Sie sie erneut hoch."
            ),
        )
    return datei


@redaktion_required
def import_vorschau(request, token: str):
    _import_required(request)
    datei = _staged_or_redirect(request, token)
    if datei is None:
        return redirect("berichte:import")
    dateifehler = None
    pruefung = None
    try:
        pruefung = services_indikatoren.check_datei(datei)
    except importer.DateiFehler as error:
        dateifehler = error.message
    aenderungen = []
    betroffen = []
    if pruefung and pruefung.ok:
        aenderungen = [w for w in pruefung.werte if w.status != "unveraendert"][:MAX_VORSCHAU_WERTE]
        # Said before the confirmation, whether the file is then saved here or by the worker.
        betroffen = services_indikatoren.betroffene_kapitel(pruefung)
    context = {
        "datei": datei,
        "token": token,
        "pruefung": pruefung,
        "dateifehler": dateifehler,
        "aenderungen": aenderungen,
        "betroffene_kapitel": betroffen,
        "im_hintergrund": len(datei.inhalt) > tasks.IMPORT_SOFORT_HOECHSTENS_BYTES,
        "max_vorschau": MAX_VORSCHAU_WERTE,
    }
    # 200 even when the file has errors: the page itself worked, and it says what is wrong.
    return render(request, "berichte/indikatoren/import_vorschau.html", context)


@require_POST
@redaktion_required
def import_bestaetigen(request, token: str):
    _import_required(request)
    datei = _staged_or_redirect(request, token)
    if datei is None:
        return redirect("berichte:import")
    try:
        if len(datei.inhalt) > tasks.IMPORT_SOFORT_HOECHSTENS_BYTES:
            # A large file is saved by the task worker; its page shows the progress per batch.
            vorschau = reverse("berichte:import_vorschau", args=[token])
            return redirect(tasks.start_import(request.user, datei, vorschau))
        lauf = services_indikatoren.import_datei(datei, request.user)
    except services_indikatoren.ImportAbgelehnt as error:
        error.show(request)
        return redirect("berichte:import_vorschau", token=token)
    messages.success(request, tasks.ergebnis_text(lauf))
    return redirect("berichte:import")


# Export


@redaktion_required
def werte_export(request):
    form = ExportForm(request.GET or None)
    if "format" in request.GET and form.is_valid():
        data = form.cleaned_data
        gebiete = Gebiet.objects.within(data["gebiet"]) if data["gebiet"] else None
        werte = services_indikatoren.werte_for_export(
            indikatoren=data["indikator"],
            kapitel=data["kapitel"],
            gebiete=gebiete,
            jahr_von=data["jahr_von"],
            jahr_bis=data["jahr_bis"],
        )
        if data["form"] == "breit":
            tabelle = services_indikatoren.tabelle_breit(werte)
        else:
            tabelle = services_indikatoren.tabelle_lang(werte)
        dateiname = f"kennzahlen-{data['form']}"
        if data["format"] == "xlsx":
            return xlsx_response(dateiname, [tabelle])
        return csv_response(dateiname, tabelle)
    status = 400 if "format" in request.GET else 200
    context = {
        "form": form,
        "darf_pflegen": _darf_pflegen(request.user),
        "darf_importieren": Importlauf.can_import(request.user),
    }
    return render(request, "berichte/indikatoren/export.html", context, status=status)


# Monitoring


@redaktion_required
def monitoring_list(request):
    monitorings = (
        Monitoring.objects.for_user(request.user)
        .select_related("gebiet")
        .annotate(anzahl_indikatoren=Count("indikatoren"))
        .order_by("-jahr", "name", "pk")
    )
    context = {
        "page": _page(request, monitorings),
        "darf_pflegen": Monitoring().can_change(request.user),
        "darf_importieren": Importlauf.can_import(request.user),
    }
    return render(request, "berichte/monitoring/monitoring_list.html", context)


@redaktion_required
def monitoring_create(request):
    if not Monitoring().can_change(request.user):
        raise PermissionDenied
    form = MonitoringForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        monitoring = form.save()
        messages.success(
            request, _("Das Monitoring „%(name)s“ wurde angelegt.") % {"name": monitoring.name}
        )
        return redirect("berichte:monitoring_detail", pk=monitoring.pk)
    return render(request, "berichte/monitoring/monitoring_form.html", {"form": form})


@redaktion_required
def monitoring_update(request, pk: int):
    monitoring = get_changeable_or_403(Monitoring.objects, request.user, pk=pk)
    form = MonitoringForm(request.POST or None, instance=monitoring)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(
            request, _("Das Monitoring „%(name)s“ wurde gespeichert.") % {"name": monitoring.name}
        )
        return redirect("berichte:monitoring_detail", pk=monitoring.pk)
    context = {"form": form, "monitoring": monitoring}
    return render(request, "berichte/monitoring/monitoring_form.html", context)


def _jahr(request, monitoring: Monitoring) -> int:
    """The year asked for (?jahr=), or the monitoring's own year for anything else."""
    jahr = request.GET.get("jahr", "")
    return int(jahr) if jahr.isdigit() and 1900 <= int(jahr) <= 2200 else monitoring.jahr


def _anzeige(wert) -> str:
    """A cell of the index table on the page: z-values and indices with their sign, whole
    numbers with a thousands point, a dash where the downloads have an empty cell."""
    if wert is None:
        return "–"
    if isinstance(wert, float):
        return vorzeichen(wert)
    if isinstance(wert, int):
        return formate.zahl(wert)
    return str(wert)


@redaktion_required
def monitoring_detail(request, pk: int):
    monitoring = get_visible_or_404(
        Monitoring.objects.select_related("gebiet"), request.user, pk=pk
    )
    ergebnis = berechne(monitoring, _jahr(request, monitoring))
    verfuegbare_jahre = sorted(
        set(
            Messwert.objects.filter(indikator__in=ergebnis.indikatoren).values_list(
                "jahr", flat=True
            )
        )
        | {monitoring.jahr},
        reverse=True,
    )
    # The rows of the downloads, formatted: page and files show the same table. The first
    # cell (the area) is the row header, the last (the note) a badge beside it.
    numerisch = monitoring_seite.numerische_spalten(ergebnis)[1:-1]
    zeilen = [
        {
            "name": zeile[0],
            "hinweis": zeile[-1],
            "zellen": [(_anzeige(v), n) for v, n in zip(zeile[1:-1], numerisch, strict=True)],
        }
        for zeile in monitoring_seite.index_zeilen(ergebnis)
    ]
    context = {
        "monitoring": monitoring,
        "ergebnis": ergebnis,
        "zeilen": zeilen,
        "karte": monitoring_seite.status_karte(ergebnis),
        "auffaellige": monitoring_seite.auffaellige(ergebnis),
        "jahre": verfuegbare_jahre,
        "schwellen": {
            "hoch": vorzeichen(float(monitoring.schwelle_hoch)),
            "niedrig": vorzeichen(float(monitoring.schwelle_niedrig)),
            "sehr_niedrig": vorzeichen(float(monitoring.schwelle_sehr_niedrig)),
            "dynamik": f"{float(monitoring.schwelle_dynamik):.2f}".replace(".", ","),
        },
        "darf_pflegen": monitoring.can_change(request.user),
    }
    return render(request, "berichte/monitoring/monitoring_detail.html", context)


EXPORT_FORMATE = ("csv", "xlsx")


@redaktion_required
def monitoring_export(request, pk: int, fmt: str):
    """The index table of the result page as CSV or XLSX, for the year asked for."""
    if fmt not in EXPORT_FORMATE:
        raise Http404
    monitoring = get_visible_or_404(
        Monitoring.objects.select_related("gebiet"), request.user, pk=pk
    )
    ergebnis = berechne(monitoring, _jahr(request, monitoring))
    tabelle = monitoring_seite.index_tabelle(ergebnis)
    dateiname = f"sozialmonitoring-{monitoring.pk}-{ergebnis.jahr}"
    if fmt == "xlsx":
        return xlsx_response(dateiname, [tabelle])
    return csv_response(dateiname, tabelle)
