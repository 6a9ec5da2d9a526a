"""Staff pages of closures (Schließzeiten) of an Anlaufstelle or a Sprechstunde."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from saarlouis_portal.konten.access import get_changeable_or_403
from sprechstunden.forms.staff import SchliesszeitForm
from sprechstunden.models import Anlaufstelle, Buchung, Schliesszeit, Sprechstunde
from sprechstunden.views.staff_common import _counselled_pks, staff_required


def _schliesszeit_create(request, *, anlaufstelle=None, sprechstunde=None):
    form = SchliesszeitForm(
        request.POST or None, anlaufstelle=anlaufstelle, sprechstunde=sprechstunde
    )
    bezug = anlaufstelle or sprechstunde
    if request.method == "POST" and form.is_valid():
        schliesszeit = form.save()
        messages.success(request, _("Die Schließzeit wurde eingetragen."))
        if sprechstunde is not None:
            return redirect("sprechstunden:staff_sprechstunde", pk=sprechstunde.pk)
        betroffen = (
            Buchung.objects.offen()
            .filter(
                termin__sprechstunde__anlaufstelle=anlaufstelle,
                termin__beginn__lt=schliesszeit.ende,
                termin__ende__gt=schliesszeit.beginn,
                termin__abgesagt=False,
            )
            .count()
        )
        if betroffen:
            messages.warning(
                request,
                ngettext(
                    "In der Schließzeit liegt %(n)d offene Buchung. Bitte sagen Sie den Termin "
                    "ab oder verschieben Sie die Buchung (siehe die Sprechstunden).",
                    "In der Schließzeit liegen %(n)d offene Buchungen. Bitte sagen Sie die "
                    "Termine ab oder verschieben Sie die Buchungen (siehe die Sprechstunden).",
                    betroffen,
                )
                % {"n": betroffen},
            )
        return redirect("sprechstunden:staff_anlaufstelle", pk=anlaufstelle.pk)
    context = {
        "form": form,
        "bezug": bezug,
        "anlaufstelle": anlaufstelle,
        "sprechstunde": sprechstunde,
    }
    return render(request, "sprechstunden/staff/schliesszeit_form.html", context)


@staff_required
def anlaufstelle_schliesszeit_create(request, pk: int):
    anlaufstelle = get_changeable_or_403(Anlaufstelle.objects, request.user, pk=pk)
    return _schliesszeit_create(request, anlaufstelle=anlaufstelle)


@staff_required
def sprechstunde_schliesszeit_create(request, pk: int):
    sprechstunde = get_changeable_or_403(
        Sprechstunde.objects.select_related("anlaufstelle"), request.user, pk=pk
    )
    return _schliesszeit_create(request, sprechstunde=sprechstunde)


@staff_required
def schliesszeit_list(request):
    schliesszeiten = _with_loeschbar(
        Schliesszeit.objects.filter(ende__gt=timezone.now()).select_related(
            "anlaufstelle", "sprechstunde__anlaufstelle"
        ),
        request.user,
    )
    return render(
        request, "sprechstunden/staff/schliesszeit_list.html", {"schliesszeiten": schliesszeiten}
    )


def _with_loeschbar(schliesszeiten, user) -> list[Schliesszeit]:
    """Marks the closures ``user`` may delete: all for Sozialplanung, those of their own
    Sprechstunden for counsellors (an Anlaufstelle's closure concerns every Träger there)."""
    eigene = _counselled_pks(user)
    rows = list(schliesszeiten)
    for row in rows:
        row.loeschbar = eigene is None or row.sprechstunde_id in eigene
    return rows


@staff_required
@require_POST
def schliesszeit_delete(request, pk: int):
    schliesszeit = get_object_or_404(
        Schliesszeit.objects.select_related("anlaufstelle", "sprechstunde"), pk=pk
    )
    if not (schliesszeit.anlaufstelle or schliesszeit.sprechstunde).can_change(request.user):
        raise PermissionDenied
    schliesszeit.delete()
    messages.success(request, _("Die Schließzeit wurde gelöscht."))
    if schliesszeit.sprechstunde_id:
        return redirect("sprechstunden:staff_sprechstunde", pk=schliesszeit.sprechstunde_id)
    return redirect("sprechstunden:staff_anlaufstelle", pk=schliesszeit.anlaufstelle_id)
