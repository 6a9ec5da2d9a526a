"""Council decisions of a measure (staff): record, change, remove. The measure comes from the
URL and must be one the person may change (another network's measure: 404 or 403, nothing
saved); the rules live in ``netzwerke/services_beschluesse.py``."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from netzwerke import services_beschluesse as services
from netzwerke.forms.massnahmen import RatsbeschlussForm
from netzwerke.models import Massnahme, Ratsbeschluss
from saarlouis_portal.konten.access import get_changeable_or_403, rolle_required
from saarlouis_portal.konten.roles import Rolle

staff_required = rolle_required(Rolle.SOZIALPLANUNG, Rolle.NETZWERKKOORDINATION)
FORM_TEMPLATE = "netzwerke/massnahmen/staff_beschluss_form.html"


def _speichern(request, form, massnahme, beschluss=None):
    if request.method == "POST" and form.is_valid():
        gespeichert = form.save(commit=False)
        gespeichert.massnahme = massnahme
        try:
            services.save_beschluss(gespeichert)
        except services.BeschlussFehler as error:
            error.add_to_form(form)
        else:
            messages.success(
                request,
                _("Der Ratsbeschluss „%(beschluss)s“ wurde gespeichert.")
                % {"beschluss": gespeichert},
            )
            return redirect("netzwerke:massnahme_detail", pk=massnahme.pk)
    context = {"form": form, "massnahme": massnahme, "beschluss": beschluss}
    return render(request, FORM_TEMPLATE, context)


@staff_required
def beschluss_create(request, pk: int):
    massnahme = get_changeable_or_403(
        Massnahme.objects.select_related("netzwerk"), request.user, pk=pk
    )
    form = RatsbeschlussForm(request.POST or None)
    return _speichern(request, form, massnahme)


@staff_required
def beschluss_update(request, pk: int):
    beschluss = get_changeable_or_403(
        Ratsbeschluss.objects.select_related("massnahme__netzwerk"), request.user, pk=pk
    )
    form = RatsbeschlussForm(request.POST or None, instance=beschluss)
    return _speichern(request, form, beschluss.massnahme, beschluss)


@staff_required
def beschluss_delete(request, pk: int):
    beschluss = get_changeable_or_403(
        Ratsbeschluss.objects.select_related("massnahme__netzwerk"), request.user, pk=pk
    )
    massnahme = beschluss.massnahme
    if request.method == "POST":
        try:
            services.remove_beschluss(beschluss)
        except services.BeschlussFehler as error:
            error.show(request)
        else:
            messages.success(
                request,
                _("Der Ratsbeschluss „%(beschluss)s“ wurde entfernt.") % {"beschluss": beschluss},
            )
        return redirect("netzwerke:massnahme_detail", pk=massnahme.pk)
    context = {"beschluss": beschluss, "massnahme": massnahme}
    return render(request, "netzwerke/massnahmen/staff_beschluss_delete.html", context)
