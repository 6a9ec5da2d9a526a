"""The e-mail of the place hand-offs, sent through the outbox (``saarlouis_portal.postausgang``):
the person who proposed a place or requested a stage learns the decision, with the reason and a
link to the place's staff page. Stored as a recipe (the request's id); the worker builds the
mail from the row as it is then. Staff mails stay German."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse

from begegnung.models import Antrag
from saarlouis_portal.postausgang import outbox


@outbox.builder
def build_entscheidung(data: dict, antrag: Antrag | None = None):
    antrag = (
        antrag
        or Antrag.objects.select_related("ort", "gestellt_von", "entschieden_von")
        .filter(pk=data["antrag"])
        .first()
    )
    person = antrag.gestellt_von if antrag else None
    if antrag is None or antrag.ist_offen or person is None or not person.is_active:
        return None
    if not person.email:
        return None
    entschieden_von = antrag.entschieden_von
    context = {
        "PORTAL_NAME": settings.PORTAL_NAME,
        "antrag": antrag,
        "ort_name": antrag.ort.name,
        "angenommen": antrag.status == "angenommen",
        "entschieden_von": (entschieden_von.get_full_name() or entschieden_von.email)
        if entschieden_von
        else "",
        "url": settings.PORTAL_BASE_URL
        + reverse("begegnung:ort_detail", kwargs={"pk": antrag.ort_id}),
    }
    subject = render_to_string("begegnung/staff/email/entscheidung_betreff.txt", context)
    body = render_to_string("begegnung/staff/email/entscheidung.txt", context)
    return EmailMessage(subject=" ".join(subject.split()), body=body, to=[person.email])


def send_entscheidung(antrag: Antrag) -> None:
    outbox.deliver(build_entscheidung, {"antrag": antrag.pk}, antrag=antrag)
