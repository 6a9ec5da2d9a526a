"""Staff pages of a place's staffing and costs per year ("Personal und Kosten je Jahr"):
Sozialplanung adds, changes and deletes ``Stellenanteil`` and ``Standortkosten`` rows, which the
pilot report reads. Counsellors see them on the place's page but change nothing (403); a row
of another place is not found (404)."""

from collections import defaultdict
from decimal import Decimal

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from sprechstunden.forms.staff_planungsdaten import StandortkostenForm, StellenanteilForm
from sprechstunden.models import Anlaufstelle, Standortkosten, Stellenanteil
from sprechstunden.views.staff_common import planung_required


def planungsdaten_je_jahr(anlaufstelle: Anlaufstelle) -> list[dict]:
    """The place's shares and costs grouped by year, newest first, with their sums. Two
    queries, however many rows."""
    jahre = defaultdict(lambda: {"stellenanteile": [], "kosten": []})
    for anteil in anlaufstelle.stellenanteile.select_related("traeger"):
        jahre[anteil.jahr]["stellenanteile"].append(anteil)
    for kosten in anlaufstelle.kosten.select_related("getragen_von"):
        jahre[kosten.jahr]["kosten"].append(kosten)
    return [
        {
            "jahr": jahr,
            **zeilen,
            "summe_prozent": sum((a.prozent for a in zeilen["stellenanteile"]), Decimal(0)),
            "summe_betrag": sum((k.betrag for k in zeilen["kosten"]), Decimal(0)),
        }
        for jahr, zeilen in sorted(jahre.items(), reverse=True)
    ]


# What each kind of row needs: model, form, related name, and the texts of its pages.
ARTEN = {
    "stellenanteil": {
        "model": Stellenanteil,
        "form": StellenanteilForm,
        "neu": lambda: _("Stellenanteil eintragen"),
        "bearbeiten": lambda: _("Stellenanteil ändern"),
        "gespeichert": lambda: _("Der Stellenanteil wurde gespeichert."),
        "loeschen_titel": lambda e: (
            _("Stellenanteil von %(traeger)s (%(jahr)s) löschen?")
            % {"traeger": e.traeger, "jahr": e.jahr}
        ),
        "geloescht": lambda: _("Der Stellenanteil wurde gelöscht."),
    },
    "kosten": {
        "model": Standortkosten,
        "form": StandortkostenForm,
        "neu": lambda: _("Kosten eintragen"),
        "bearbeiten": lambda: _("Kosten ändern"),
        "gespeichert": lambda: _("Die Kosten wurden gespeichert."),
        "loeschen_titel": lambda e: (
            _("Kosten „%(bezeichnung)s“ (%(jahr)s) löschen?")
            % {"bezeichnung": e.bezeichnung, "jahr": e.jahr}
        ),
        "geloescht": lambda: _("Die Kosten wurden gelöscht."),
    },
}


def _eintrag(art: str, anlaufstelle: Anlaufstelle, eintrag_pk: int):
    """A row of this place; another place's row is a 404."""
    return get_object_or_404(ARTEN[art]["model"].objects, anlaufstelle=anlaufstelle, pk=eintrag_pk)


def _formular(request, art: str, anlaufstelle: Anlaufstelle, eintrag=None):
    texte = ARTEN[art]
    form = texte["form"](request.POST or None, instance=eintrag, anlaufstelle=anlaufstelle)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, texte["gespeichert"]())
        return redirect(_zurueck(anlaufstelle))
    titel = texte["bearbeiten"]() if eintrag else texte["neu"]()
    context = {"form": form, "anlaufstelle": anlaufstelle, "titel": titel}
    return render(request, "sprechstunden/staff/planungsdaten_form.html", context)


def _zurueck(anlaufstelle: Anlaufstelle) -> str:
    return reverse("sprechstunden:staff_anlaufstelle", args=[anlaufstelle.pk]) + "#personal"


def _loeschen(request, art: str, anlaufstelle: Anlaufstelle, eintrag_pk: int):
    texte = ARTEN[art]
    eintrag = _eintrag(art, anlaufstelle, eintrag_pk)
    if request.method == "POST":
        eintrag.delete()
        messages.success(request, texte["geloescht"]())
        return redirect(_zurueck(anlaufstelle))
    context = {
        "titel": texte["loeschen_titel"](eintrag),
        "text": _("Der Eintrag wird gelöscht und fehlt danach in Berichten über dieses Jahr."),
        "knopf": _("Löschen"),
        "zurueck_url": ("sprechstunden:staff_anlaufstelle", anlaufstelle.pk),
    }
    return render(request, "portal/bestaetigen.html", context)


def _anlaufstelle(pk: int) -> Anlaufstelle:
    return get_object_or_404(Anlaufstelle.objects, pk=pk)


@planung_required
def stellenanteil_create(request, pk: int):
    return _formular(request, "stellenanteil", _anlaufstelle(pk))


@planung_required
def stellenanteil_update(request, pk: int, eintrag_pk: int):
    anlaufstelle = _anlaufstelle(pk)
    eintrag = _eintrag("stellenanteil", anlaufstelle, eintrag_pk)
    return _formular(request, "stellenanteil", anlaufstelle, eintrag)


@planung_required
def stellenanteil_delete(request, pk: int, eintrag_pk: int):
    return _loeschen(request, "stellenanteil", _anlaufstelle(pk), eintrag_pk)


@planung_required
def kosten_create(request, pk: int):
    return _formular(request, "kosten", _anlaufstelle(pk))


@planung_required
def kosten_update(request, pk: int, eintrag_pk: int):
    anlaufstelle = _anlaufstelle(pk)
    eintrag = _eintrag("kosten", anlaufstelle, eintrag_pk)
    return _formular(request, "kosten", anlaufstelle, eintrag)


@planung_required
def kosten_delete(request, pk: int, eintrag_pk: int):
    return _loeschen(request, "kosten", _anlaufstelle(pk), eintrag_pk)
