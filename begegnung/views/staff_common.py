"""What the staff pages of the Orte der Begegnung share: the role checks, the access rule for
rows that belong to a place, and the add/change/remove pages of such rows."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from begegnung.models import Ort
from saarlouis_portal.konten.access import get_changeable_or_403
from saarlouis_portal.konten.access import rolle_required as _rolle_required
from saarlouis_portal.konten.roles import Rolle

staff_required = _rolle_required()
planung_required = _rolle_required(Rolle.SOZIALPLANUNG)


def get_child_or_404_403(queryset, user, pk: int):
    """A row that belongs to a place: 404 outside the user's places, 403 if not changeable."""
    obj = get_object_or_404(
        queryset.select_related("ort").filter(ort__in=Ort.objects.for_user(user)), pk=pk
    )
    if not obj.ort.can_change(user):
        raise PermissionDenied
    return obj


class OrtChildViews:
    """Add, change and remove one kind of row that belongs to a place (an exception, a staff
    post, a partnership). Adding needs a place the user may change; a row outside the user's
    places is 404, a visible one the user may not change 403; removing is POST only."""

    template_name = "begegnung/staff/kind_form.html"

    def __init__(self, model, form_class, *, titel_neu, titel_aendern=None, meldungen):
        """``meldungen``: the success messages for "neu", "gespeichert" and "entfernt"."""
        self.model, self.form_class = model, form_class
        self.titel_neu, self.titel_aendern = titel_neu, titel_aendern
        self.meldungen = meldungen

    def _form_page(self, request, obj, titel, meldung: str):
        form = self.form_class(request.POST or None, instance=obj)
        if request.method == "POST" and form.is_valid():
            form.save()
            messages.success(request, str(self.meldungen[meldung]))
            return redirect("begegnung:ort_detail", pk=obj.ort_id)
        context = {"ort": obj.ort, "form": form, "titel": titel}
        return render(request, self.template_name, context)

    def create_view(self):
        @staff_required
        def create(request, pk: int):
            ort = get_changeable_or_403(Ort.objects, request.user, pk=pk)
            return self._form_page(request, self.model(ort=ort), self.titel_neu, "neu")

        return create

    def update_view(self):
        @staff_required
        def update(request, pk: int):
            obj = get_child_or_404_403(self.model.objects, request.user, pk)
            return self._form_page(request, obj, self.titel_aendern, "gespeichert")

        return update

    def delete_view(self):
        @staff_required
        @require_POST
        def delete(request, pk: int):
            obj = get_child_or_404_403(self.model.objects, request.user, pk)
            obj.delete()
            messages.success(request, str(self.meldungen["entfernt"]))
            return redirect("begegnung:ort_detail", pk=obj.ort_id)

        return delete
