"""Staff pages of the place hand-offs: an Ortsleitung proposes a place or requests the next
stage of a place it leads; the Sozialplanung works through the queue of open requests and
decides each one. Views stay thin: access check, form, one service call, message."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from begegnung import services, services_antraege
from begegnung.forms.staff_antraege import EntscheidungForm, OrtVorschlagForm, StufenantragForm
from begegnung.models import Angebot, Antrag, Ort, Stufe
from begegnung.views.staff_common import planung_required, staff_required
from saarlouis_portal import vier_augen
from saarlouis_portal.errors import DomainError
from saarlouis_portal.konten.access import get_visible_or_404, rolle_required
from saarlouis_portal.konten.roles import Rolle
from saarlouis_portal.werte import unsaved

PAGE_SIZE = 50
ZULETZT_ENTSCHIEDEN = 10


def _daten(request):
    """The POST data, also when empty (an empty POST is answered with messages, not a blank
    form)."""
    return request.POST if request.method == "POST" else None


@rolle_required(Rolle.ORTSLEITUNG)
def ort_vorschlagen(request):
    form = OrtVorschlagForm(_daten(request))
    if request.method == "POST" and form.is_valid():
        ort, many = unsaved(form)
        services_antraege.propose_ort(ort, many, request.user, form.cleaned_data["begruendung"])
        messages.success(
            request,
            _(
                "Der Ort „%(name)s“ ist vorgeschlagen. Er bleibt nicht öffentlich, bis die "
                "Sozialplanung den Vorschlag annimmt; Sie erhalten dann eine E-Mail."
            )
            % {"name": ort.name},
        )
        return redirect("begegnung:ort_detail", pk=ort.pk)
    return render(request, "begegnung/staff/ort_vorschlagen.html", {"form": form})


@staff_required
def stufe_beantragen(request, pk: int):
    ort = get_visible_or_404(services.with_kennzahlen(Ort.objects), request.user, pk=pk)
    if not ort.is_led_by(request.user):
        raise PermissionDenied
    checkliste = services.build_checkliste(ort)
    hindernis = services_antraege.request_blocker(ort, checkliste)
    form = StufenantragForm(_daten(request))
    if request.method == "POST" and hindernis is None and form.is_valid():
        try:
            antrag = services_antraege.request_stufe(
                ort, request.user, form.cleaned_data["begruendung"]
            )
        except DomainError as error:
            error.add_to_form(form)
        else:
            messages.success(
                request,
                _(
                    "Ihr Antrag auf die Stufe „%(stufe)s“ ist gestellt. Die Sozialplanung "
                    "entscheidet; Sie erhalten dann eine E-Mail."
                )
                % {"stufe": antrag.get_stufe_display()},
            )
            return redirect("begegnung:ort_detail", pk=ort.pk)
    naechste = services.next_stufe(ort.stufe)
    context = {
        "ort": ort,
        "form": form,
        "hindernis": hindernis,
        "checkliste": checkliste,
        "naechste_stufe_label": Stufe(naechste).label if naechste else "",
    }
    return render(request, "begegnung/staff/stufe_beantragen.html", context)


def _mit_ort(queryset):
    """Requests with their place and what its checklist reads, in a fixed number of queries."""
    return queryset.select_related(
        "ort__gebiet", "gestellt_von", "entschieden_von"
    ).prefetch_related(
        "ort__oeffnungszeiten",
        "ort__stellen",
        "ort__partnerschaften",
        Prefetch("ort__angebote", Angebot.objects.all()),
    )


@planung_required
def antrag_list(request):
    offen = _mit_ort(Antrag.objects.decidable_by(request.user).offen()).order_by(
        "gestellt_am", "pk"
    )
    page = Paginator(offen, PAGE_SIZE).get_page(request.GET.get("seite"))
    kriterien = services.active_kriterien()
    for antrag in page.object_list:
        punkte = services_antraege.checkliste_fuer(antrag, kriterien)
        antrag.offene_punkte = [p for p in punkte if not p.erfuellt]
        antrag.eigen = vier_augen.gleiche_person(antrag.gestellt_von_id, request.user)
    entschieden = (
        Antrag.objects.decidable_by(request.user)
        .exclude(status="offen")
        .select_related("ort", "gestellt_von", "entschieden_von")
        .order_by("-entschieden_am", "-pk")[:ZULETZT_ENTSCHIEDEN]
    )
    context = {"page": page, "entschieden": entschieden}
    return render(request, "begegnung/staff/antrag_list.html", context)


@planung_required
def antrag_detail(request, pk: int):
    antrag = get_object_or_404(_mit_ort(Antrag.objects.decidable_by(request.user)), pk=pk)
    punkte = services_antraege.checkliste_fuer(antrag)
    offene = [p for p in punkte if not p.erfuellt]
    eigen = vier_augen.gleiche_person(antrag.gestellt_von_id, request.user)
    form = EntscheidungForm(_daten(request), offene_kriterien=offene)
    if request.method == "POST" and form.is_valid():
        try:
            services_antraege.decide(
                antrag, request.user, annehmen=form.annehmen, grund=form.cleaned_data["grund"]
            )
        except DomainError as error:
            if error.field is None:
                # Decided by somebody else meanwhile, or one's own request: the page says so.
                error.show(request)
                return redirect("begegnung:antrag_detail", pk=antrag.pk)
            error.add_to_form(form)
        else:
            text = (
                _("Der Antrag zu „%(name)s“ ist angenommen.")
                if form.annehmen
                else _("Der Antrag zu „%(name)s“ ist abgelehnt.")
            )
            messages.success(
                request,
                text % {"name": antrag.ort.name}
                + " "
                + _("Die antragstellende Person erhält eine E-Mail."),
            )
            return redirect("begegnung:antrag_list")
    context = {"antrag": antrag, "checkliste": punkte, "form": form, "eigen": eigen}
    return render(request, "begegnung/staff/antrag_detail.html", context)
