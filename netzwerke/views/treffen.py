"""Meetings of a network: staff pages (create, edit, invite) and the public meeting page."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from netzwerke import kalender, services, services_treffen, tasks
from netzwerke.forms.aufgaben import AnwesenheitForm
from netzwerke.forms.netzwerke import TreffenForm
from netzwerke.models import Netzwerk, Treffen
from saarlouis_portal.konten.access import (
    get_changeable_or_403,
    get_visible_or_404,
    rolle_required,
)
from saarlouis_portal.werte import unsaved


def _treffen():
    return Treffen.objects.select_related("netzwerk", "netzwerk__gebiet").mit_treffpunkt()


def public_treffen(request, pk: int):
    treffen = get_object_or_404(_treffen().public(), pk=pk)
    return render(request, "netzwerke/public/treffen.html", {"treffen": treffen})


def treffen_ics(request, pk: int):
    """One meeting as .ics: public networks for everybody, others for who may see them."""
    treffen = get_object_or_404(_treffen().for_user(request.user), pk=pk)
    response = HttpResponse(
        kalender.ics_treffen(treffen), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="treffen-{treffen.pk}.ics"'
    return response


def _treffpunkt(form) -> dict:
    """The Ort der Begegnung chosen in the form, when begegnung offers the field."""
    if "treffpunkt" not in form.cleaned_data:
        return {}
    return {"treffpunkt": form.cleaned_data["treffpunkt"], "set_treffpunkt": True}


@rolle_required()
def treffen_create(request, pk: int):
    netzwerk = get_changeable_or_403(Netzwerk.objects, request.user, pk=pk)
    form = TreffenForm(request.POST or None, instance=Treffen(netzwerk=netzwerk), netzwerk=netzwerk)
    if request.method == "POST" and form.is_valid():
        treffen = services.save_treffen(*unsaved(form), **_treffpunkt(form))
        messages.success(
            request,
            _("Das Treffen wurde angelegt. Sie können jetzt die Einladung senden."),
        )
        return redirect("netzwerke:treffen_detail", pk=treffen.pk)
    return render(
        request, "netzwerke/staff/treffen_form.html", {"form": form, "netzwerk": netzwerk}
    )


@rolle_required()
def treffen_update(request, pk: int):
    treffen = get_changeable_or_403(_treffen(), request.user, pk=pk)
    form = TreffenForm(request.POST or None, instance=treffen, netzwerk=treffen.netzwerk)
    if request.method == "POST" and form.is_valid():
        services.save_treffen(*unsaved(form), **_treffpunkt(form))
        text = _("Das Treffen wurde gespeichert.")
        if treffen.einladung_versendet_am and any(
            f in form.changed_data for f in services.KALENDER_FELDER
        ):
            text += " " + _("Bitte senden Sie eine Aktualisierung an die Mitglieder.")
        messages.success(request, text)
        return redirect("netzwerke:treffen_detail", pk=treffen.pk)
    context = {
        "form": form,
        "netzwerk": treffen.netzwerk,
        "treffen": treffen,
        "protokoll_stand": services_treffen.protokoll_stand(treffen),
    }
    return render(request, "netzwerke/staff/treffen_form.html", context)


@rolle_required()
def treffen_detail(request, pk: int):
    treffen = get_visible_or_404(_treffen().prefetch_related("anwesende"), request.user, pk=pk)
    darf_aendern = treffen.can_change(request.user)
    einladungen = services_treffen.einladungen_von(treffen)
    liste = list(einladungen)
    context = {
        "treffen": treffen,
        "netzwerk": treffen.netzwerk,
        "darf_aendern": darf_aendern,
        "empfaenger": services.empfaenger(treffen),
        "ohne_empfaenger": services.ohne_empfaenger(treffen),
        "einladung_art": services.einladung_art(treffen),
        # Following up (issue 17): replies and attendance, minutes sent, tasks.
        "einladungen": liste,
        "rueckmeldungen": services_treffen.rueckmeldungen(liste),
        "anwesenheit_form": AnwesenheitForm(
            einladungen=einladungen, initial={"anwesend": [e.pk for e in liste if e.anwesend]}
        )
        if darf_aendern
        else None,
        "protokoll_stand": services_treffen.protokoll_stand(treffen),
        "aufgaben": list(
            treffen.aufgaben.select_related(
                "person__organisation", "organisation", "erledigt_von"
            ).order_by("faellig_am", "pk")
        ),
        "heute": timezone.localdate(),
    }
    return render(request, "netzwerke/staff/treffen_detail.html", context)


@rolle_required()
@require_POST
def treffen_einladen(request, pk: int):
    treffen = get_changeable_or_403(_treffen(), request.user, pk=pk)
    if len(services.empfaenger(treffen)) > tasks.SOFORT_HOECHSTENS_EMPFAENGER:
        # Many recipients: the task worker sends, the job's page shows how far it is.
        return redirect(tasks.start_einladung(request.user, treffen))
    try:
        anzahl = services.send_einladung(treffen, request.user)
    except services.KeineEmpfaenger as error:
        error.show(request)
    else:
        messages.success(
            request,
            _("Die E-Mail wurde an %(anzahl)d Ansprechpersonen gesendet.") % {"anzahl": anzahl},
        )
    return redirect("netzwerke:treffen_detail", pk=treffen.pk)
