"""Following a meeting up on its staff page (issue 17): who attended, and the minutes approved
and sent to the members. The replies themselves are shown by ``treffen.treffen_detail``."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from netzwerke import services, services_treffen, tasks
from netzwerke.forms.aufgaben import AnwesenheitForm
from netzwerke.models import Treffen
from saarlouis_portal.konten.access import get_changeable_or_403, rolle_required


def _treffen():
    return Treffen.objects.select_related("netzwerk", "netzwerk__gebiet").mit_treffpunkt()


@rolle_required()
@require_POST
def treffen_anwesenheit(request, pk: int):
    treffen = get_changeable_or_403(_treffen(), request.user, pk=pk)
    form = AnwesenheitForm(request.POST, einladungen=services_treffen.einladungen_von(treffen))
    if not form.is_valid():
        messages.error(
            request,
            _("Die Anwesenheit wurde nicht gespeichert: %(fehler)s")
            % {"fehler": " ".join(form.errors["anwesend"])},
        )
        return redirect("netzwerke:treffen_detail", pk=treffen.pk)
    anwesend = {e.pk for e in form.cleaned_data["anwesend"]}
    services_treffen.save_anwesenheit(treffen, anwesend)
    messages.success(
        request,
        ngettext(
            "Die Anwesenheit wurde gespeichert: %(anzahl)d Person anwesend.",
            "Die Anwesenheit wurde gespeichert: %(anzahl)d Personen anwesend.",
            len(anwesend),
        )
        % {"anzahl": len(anwesend)},
    )
    return redirect(f"{treffen_url(treffen)}#rueckmeldungen")


def treffen_url(treffen) -> str:
    return reverse("netzwerke:treffen_detail", args=[treffen.pk])


@rolle_required()
@require_http_methods(["GET", "POST"])
def protokoll_versenden(request, pk: int):
    """GET: what will be sent, to how many, with a button; POST: approve and send."""
    treffen = get_changeable_or_403(_treffen(), request.user, pk=pk)
    empfaenger = services.empfaenger(treffen)
    if request.method == "POST":
        if len(empfaenger) > tasks.SOFORT_HOECHSTENS_EMPFAENGER and treffen.protokoll.strip():
            return redirect(tasks.start_protokoll(request.user, treffen))
        try:
            anzahl = services_treffen.send_protokoll(treffen, request.user)
        except (services_treffen.KeinProtokoll, services.KeineEmpfaenger) as error:
            error.show(request)
            return redirect("netzwerke:treffen_detail", pk=treffen.pk)
        messages.success(
            request,
            ngettext(
                "Das Protokoll ist freigegeben und wurde an %(anzahl)d Ansprechperson gesendet.",
                "Das Protokoll ist freigegeben und wurde an %(anzahl)d Ansprechpersonen gesendet.",
                anzahl,
            )
            % {"anzahl": anzahl},
        )
        return redirect(f"{treffen_url(treffen)}#protokoll")
    stand = services_treffen.protokoll_stand(treffen)
    context = {
        "treffen": treffen,
        "netzwerk": treffen.netzwerk,
        "empfaenger": empfaenger,
        "stand": stand,
        "protokoll_leer": not treffen.protokoll.strip(),
        "aufgaben": list(
            treffen.aufgaben.select_related("person__organisation", "organisation").order_by(
                "faellig_am", "pk"
            )
        ),
    }
    return render(request, "netzwerke/staff/protokoll_versenden.html", context)
