"""Measures (Maßnahmen/Projekte), milestones, timeline and the sustainability check: the staff
pages, the CSV/XLSX export, the print page and PDF of the check, and the public pages.

Views stay thin: access check, form, service call (``netzwerke/services_massnahmen.py``),
message, redirect. Every state change is a POST."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from netzwerke import services_massnahmen as services
from netzwerke.filters_massnahmen import MassnahmeFilter, OeffentlicheMassnahmeFilter
from netzwerke.forms.massnahmen import MassnahmeForm, MeilensteinForm, PruefungForm, StatusForm
from netzwerke.models import (
    Massnahme,
    Meilenstein,
    Nachhaltigkeitspruefung,
    Netzwerk,
    PruefBewertung,
    Ratsbeschluss,
    Statuswechsel,
)
from netzwerke.pdf import druck_html, pruefung_pdf
from saarlouis_portal import seiten_cache, vier_augen
from saarlouis_portal.konten.access import (
    get_changeable_or_403,
    get_visible_or_404,
    rolle_required,
)
from saarlouis_portal.konten.roles import Rolle
from saarlouis_portal.tabellen import Tabelle, csv_response, xlsx_response
from saarlouis_portal.werte import unsaved

PAGE_SIZE = 25  # rows per page: a page costs what it shows (issue 15)
staff_required = rolle_required(Rolle.SOZIALPLANUNG, Rolle.NETZWERKKOORDINATION)


def _page(request, queryset):
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("seite"))


def _fehler(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def _listen_queryset(queryset):
    return queryset.select_related("netzwerk", "gebiet", "traeger", "pruefung").prefetch_related(
        "handlungsfelder",
        # The newest complete decision first: the list shows it (``beschluesse_neueste.0``).
        Prefetch(
            "beschluesse",
            Ratsbeschluss.objects.vollstaendig().order_by("-datum", "-pk"),
            to_attr="beschluesse_neueste",
        ),
    )


# Staff: list and export


@staff_required
def massnahme_list(request):
    queryset = _listen_queryset(Massnahme.objects.for_user(request.user)).order_by("titel", "pk")
    filterset = MassnahmeFilter(request.GET or None, queryset=queryset, user=request.user)
    query = request.GET.copy()
    query.pop("seite", None)
    context = {
        "filter": filterset,
        "page": _page(request, filterset.qs),
        "darf_anlegen": Netzwerk.objects.changeable_by(request.user).exists(),
        "export_query": query.urlencode(),
    }
    return render(request, "netzwerke/massnahmen/staff_list.html", context)


EXPORT_KOPF = [
    "Titel",
    "Netzwerk oder Bündnis",
    "Status",
    "Federführender Träger",
    "Gebiet",
    "Handlungsfelder",
    "Beginn",
    "Ende",
    "Budget (Euro)",
    "Fortschritt (%)",
    "Prüfung abgeschlossen am",
    "Ergebnis der Prüfung",
]


def _export_zeile(m: Massnahme) -> list:
    pruefung = getattr(m, "pruefung", None)
    abgeschlossen = pruefung and pruefung.abgeschlossen_am
    return [
        m.titel,
        m.netzwerk.name,
        m.get_status_display(),
        m.traeger.name if m.traeger else "",
        m.gebiet.name,
        ", ".join(h.name for h in m.handlungsfelder.all()),
        m.beginn,
        m.ende,
        m.budget,
        m.fortschritt,
        timezone.localtime(abgeschlossen).date() if abgeschlossen else None,
        pruefung.get_ergebnis_display() if abgeschlossen else "",
    ]


@staff_required
def massnahme_export(request):
    queryset = _listen_queryset(Massnahme.objects.for_user(request.user)).order_by("titel", "pk")
    filterset = MassnahmeFilter(request.GET or None, queryset=queryset, user=request.user)
    tabelle = Tabelle(
        titel=_("Maßnahmen"),
        kopf=EXPORT_KOPF,
        zeilen=[_export_zeile(m) for m in filterset.qs],
        hinweise=[
            _("Stand: %(zeit)s, %(portal)s")
            % {
                "zeit": timezone.localtime().strftime("%d.%m.%Y %H:%M"),
                "portal": settings.PORTAL_NAME,
            }
        ],
    )
    dateiname = f"massnahmen-{timezone.localdate():%Y-%m-%d}"
    if request.GET.get("format") == "xlsx":
        return xlsx_response(dateiname, [tabelle])
    return csv_response(dateiname, tabelle)


# Staff: one measure


@staff_required
def massnahme_create(request):
    initial = {}
    netzwerk_pk = request.GET.get("netzwerk", "")
    if netzwerk_pk.isdigit():
        netzwerk = Netzwerk.objects.changeable_by(request.user).filter(pk=netzwerk_pk).first()
        if netzwerk:
            initial = {"netzwerk": netzwerk, "gebiet": netzwerk.gebiet_id}
    form = MassnahmeForm(request.POST or None, initial=initial, user=request.user)
    if request.method == "POST" and form.is_valid():
        massnahme = services.create_massnahme(*unsaved(form), user=request.user)
        messages.success(
            request, _("Die Maßnahme „%(titel)s“ wurde angelegt.") % {"titel": massnahme.titel}
        )
        return redirect("netzwerke:massnahme_detail", pk=massnahme.pk)
    return render(request, "netzwerke/massnahmen/staff_form.html", {"form": form})


def _detail(request, pk: int, status_form: StatusForm | None = None):
    """The staff page of a measure; ``status_form`` bound with its errors after a refused
    status change (the message at the field)."""
    massnahme = get_visible_or_404(
        Massnahme.objects.select_related("netzwerk", "gebiet", "traeger").prefetch_related(
            "partner",
            "handlungsfelder",
            "meilensteine",
            "beschluesse",
            Prefetch("statuswechsel", Statuswechsel.objects.select_related("wer")),
        ),
        request.user,
        pk=pk,
    )
    pruefung = (
        Nachhaltigkeitspruefung.objects.select_related("geprueft_von", "eingereicht_von")
        .prefetch_related("ziele", Prefetch("bewertungen", PruefBewertung.objects.order_by("pk")))
        .filter(massnahme=massnahme)
        .first()
    )
    darf_aendern = massnahme.can_change(request.user)
    ziele = services.erlaubte_ziele(massnahme)
    if status_form is None and darf_aendern and ziele:
        status_form = StatusForm(ziele=ziele)
    context = {
        "massnahme": massnahme,
        "pruefung": pruefung,
        "maengel": services.pruefung_maengel(pruefung) if pruefung else [],
        "darf_aendern": darf_aendern,
        "status_form": status_form,
        "pruefung_offen": not services.pruefung_ist_eingefroren(massnahme),
        "vier_augen": vier_augen.aktiv(),
        # Four eyes: the person who submitted the check is told before trying to approve it.
        "selbst_vorgelegt": pruefung is not None
        and pruefung.ist_eingereicht
        and vier_augen.gleiche_person(pruefung.eingereicht_von_id, request.user),
        "heute": timezone.localdate(),
    }
    return render(request, "netzwerke/massnahmen/staff_detail.html", context)


@staff_required
def massnahme_detail(request, pk: int):
    return _detail(request, pk)


@staff_required
def massnahme_update(request, pk: int):
    massnahme = get_changeable_or_403(Massnahme.objects, request.user, pk=pk)
    form = MassnahmeForm(request.POST or None, instance=massnahme, user=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(
            request, _("Die Maßnahme „%(titel)s“ wurde gespeichert.") % {"titel": massnahme.titel}
        )
        return redirect("netzwerke:massnahme_detail", pk=massnahme.pk)
    context = {"form": form, "massnahme": massnahme}
    return render(request, "netzwerke/massnahmen/staff_form.html", context)


@staff_required
@require_POST
def massnahme_status(request, pk: int):
    massnahme = get_changeable_or_403(Massnahme.objects, request.user, pk=pk)
    form = StatusForm(request.POST, ziele=services.erlaubte_ziele(massnahme))
    if form.is_valid():
        try:
            services.change_status(
                massnahme, form.cleaned_data["nach"], request.user, form.cleaned_data["bemerkung"]
            )
        except ValidationError as error:
            form.add_error("nach", error)
        else:
            messages.success(
                request,
                _("Der Status ist jetzt „%(status)s“.")
                % {"status": massnahme.get_status_display()},
            )
            return redirect("netzwerke:massnahme_detail", pk=massnahme.pk)
    # The page again, the reason at the field (and in the form's error summary).
    return _detail(request, massnahme.pk, status_form=form)


# Staff: milestones


def _meilenstein_changeable(request, pk: int) -> Meilenstein:
    meilenstein = get_object_or_404(
        Meilenstein.objects.filter(
            massnahme__in=Massnahme.objects.for_user(request.user).values("pk")
        ).select_related("massnahme__netzwerk"),
        pk=pk,
    )
    if not meilenstein.massnahme.can_change(request.user):
        raise PermissionDenied
    return meilenstein


@staff_required
def meilenstein_create(request, pk: int):
    massnahme = get_changeable_or_403(Massnahme.objects, request.user, pk=pk)
    form = MeilensteinForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        meilenstein = form.save(commit=False)
        meilenstein.massnahme = massnahme
        meilenstein.save()
        messages.success(
            request,
            _("Der Meilenstein „%(titel)s“ wurde angelegt.") % {"titel": meilenstein.titel},
        )
        return redirect("netzwerke:massnahme_detail", pk=massnahme.pk)
    context = {"form": form, "massnahme": massnahme}
    return render(request, "netzwerke/massnahmen/meilenstein_form.html", context)


@staff_required
def meilenstein_update(request, pk: int):
    meilenstein = _meilenstein_changeable(request, pk)
    form = MeilensteinForm(request.POST or None, instance=meilenstein)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(
            request,
            _("Der Meilenstein „%(titel)s“ wurde gespeichert.") % {"titel": meilenstein.titel},
        )
        return redirect("netzwerke:massnahme_detail", pk=meilenstein.massnahme_id)
    context = {"form": form, "massnahme": meilenstein.massnahme, "meilenstein": meilenstein}
    return render(request, "netzwerke/massnahmen/meilenstein_form.html", context)


@staff_required
def meilenstein_erreicht(request, pk: int):
    """Mark a milestone reached today, or open it again (a confirmation page, then POST)."""
    meilenstein = _meilenstein_changeable(request, pk)
    if request.method != "POST":
        context = {"meilenstein": meilenstein, "massnahme": meilenstein.massnahme}
        return render(request, "netzwerke/massnahmen/meilenstein_erreicht.html", context)
    services.mark_reached(meilenstein, erreicht=meilenstein.erreicht_am is None)
    if meilenstein.erreicht_am:
        text = _("Der Meilenstein „%(titel)s“ ist erreicht.")
    else:
        text = _("Der Meilenstein „%(titel)s“ ist wieder offen.")
    messages.success(request, text % {"titel": meilenstein.titel})
    return redirect("netzwerke:massnahme_detail", pk=meilenstein.massnahme_id)


@staff_required
def meilenstein_delete(request, pk: int):
    meilenstein = _meilenstein_changeable(request, pk)
    if request.method == "POST":
        meilenstein.delete()
        messages.success(
            request,
            _("Der Meilenstein „%(titel)s“ wurde gelöscht.") % {"titel": meilenstein.titel},
        )
        return redirect("netzwerke:massnahme_detail", pk=meilenstein.massnahme_id)
    context = {"meilenstein": meilenstein, "massnahme": meilenstein.massnahme}
    return render(request, "netzwerke/massnahmen/meilenstein_delete.html", context)


# Staff: sustainability check


@staff_required
def pruefung(request, pk: int):
    massnahme = get_changeable_or_403(
        Massnahme.objects.select_related("netzwerk"), request.user, pk=pk
    )
    if services.pruefung_ist_eingefroren(massnahme):
        messages.error(
            request,
            _("Die Prüfung einer Maßnahme im Status „%(status)s“ kann nicht mehr geändert werden.")
            % {"status": massnahme.get_status_display()},
        )
        return redirect("netzwerke:massnahme_detail", pk=massnahme.pk)
    pruefung = services.get_or_create_pruefung(massnahme)
    form = PruefungForm(request.POST or None, pruefung=pruefung)
    if request.method == "POST" and form.is_valid():
        war_vorgelegt = pruefung.ist_eingereicht
        try:
            wieder_geoeffnet = services.save_pruefung(pruefung, form.daten(), request.user)
        except ValidationError as error:
            _fehler(request, error)
            return redirect("netzwerke:massnahme_detail", pk=massnahme.pk)
        if wieder_geoeffnet and war_vorgelegt:
            messages.warning(
                request,
                _(
                    "Die Prüfung wurde geändert; die Vorlage zur Freigabe ist damit "
                    "zurückgenommen. Legen Sie sie erneut vor, wenn sie fertig ist."
                ),
            )
        elif wieder_geoeffnet:
            messages.warning(
                request,
                _(
                    "Die Prüfung wurde geändert und ist damit wieder offen. Schließen Sie sie "
                    "erneut ab, wenn sie fertig ist."
                ),
            )
        else:
            messages.success(request, _("Die Nachhaltigkeitsprüfung wurde gespeichert."))
        return redirect("netzwerke:massnahme_detail", pk=massnahme.pk)
    context = {"form": form, "massnahme": massnahme, "pruefung": pruefung}
    return render(request, "netzwerke/massnahmen/pruefung_form.html", context)


@staff_required
@require_POST
def pruefung_vorlegen(request, pk: int):
    """Submit the check for approval by a second person (four eyes)."""
    massnahme = get_changeable_or_403(Massnahme.objects, request.user, pk=pk)
    pruefung = get_object_or_404(Nachhaltigkeitspruefung, massnahme=massnahme)
    try:
        services.submit_check(pruefung, request.user)
    except ValidationError as error:
        messages.error(request, _("Die Prüfung kann noch nicht vorgelegt werden."))
        _fehler(request, error)
    else:
        messages.success(
            request,
            _(
                "Die Prüfung ist zur Freigabe vorgelegt. Freigeben muss sie eine andere Person: "
                "eine weitere Koordination des Netzwerks oder die Sozialplanung."
            ),
        )
    return redirect("netzwerke:massnahme_detail", pk=massnahme.pk)


@staff_required
@require_POST
def pruefung_abschliessen(request, pk: int):
    massnahme = get_changeable_or_403(Massnahme.objects, request.user, pk=pk)
    pruefung = get_object_or_404(Nachhaltigkeitspruefung, massnahme=massnahme)
    try:
        services.complete_check(pruefung, request.user)
    except ValidationError as error:
        messages.error(request, _("Die Prüfung kann noch nicht abgeschlossen werden."))
        _fehler(request, error)
    else:
        messages.success(request, _("Die Nachhaltigkeitsprüfung ist abgeschlossen."))
    return redirect("netzwerke:massnahme_detail", pk=massnahme.pk)


def _druck_massnahme(request, pk: int) -> Massnahme:
    return get_visible_or_404(
        Massnahme.objects.select_related("netzwerk", "gebiet", "traeger").prefetch_related(
            "partner", "handlungsfelder"
        ),
        request.user,
        pk=pk,
    )


@staff_required
def pruefung_druck(request, pk: int):
    massnahme = _druck_massnahme(request, pk)
    return HttpResponse(druck_html(massnahme, request))


@staff_required
def pruefung_pdf_view(request, pk: int):
    massnahme = _druck_massnahme(request, pk)
    response = HttpResponse(pruefung_pdf(massnahme, request), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="nachhaltigkeitspruefung-massnahme-{massnahme.pk}.pdf"'
    )
    return response


# Public


@seiten_cache.for_visitors
def massnahmen(request):
    queryset = _listen_queryset(Massnahme.objects.public()).order_by("titel", "pk")
    filterset = OeffentlicheMassnahmeFilter(request.GET or None, queryset=queryset)
    context = {"filter": filterset, "page": _page(request, filterset.qs)}
    return render(request, "netzwerke/massnahmen/public_list.html", context)


@seiten_cache.for_visitors
def massnahme(request, pk: int):
    massnahme = get_object_or_404(
        Massnahme.objects.public()
        .select_related("netzwerk", "gebiet", "traeger")
        .prefetch_related("partner", "handlungsfelder", "meilensteine", "statuswechsel"),
        pk=pk,
    )
    pruefung = (
        Nachhaltigkeitspruefung.objects.prefetch_related(
            "ziele", Prefetch("bewertungen", PruefBewertung.objects.order_by("pk"))
        )
        .filter(massnahme=massnahme, abgeschlossen_am__isnull=False)
        .first()
    )
    context = {
        "massnahme": massnahme,
        "pruefung": pruefung,
        "beschluesse": Ratsbeschluss.objects.public().filter(massnahme=massnahme),
    }
    return render(request, "netzwerke/massnahmen/public_detail.html", context)
