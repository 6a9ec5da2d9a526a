"""The staff mail about new feedback, sent through the outbox (``saarlouis_portal.postausgang``).

The mail is stored as a recipe (the feedback's id) and built from the row as it is then, so
feedback deleted in between sends nothing. It names the page concerned and the answer deadline
and links to the feedback in the admin; the text, name and address stay behind the login, since
feedback on barriers often tells of the writer's disability.
"""

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from saarlouis_portal.barrierefreiheit.models import Rueckmeldung
from saarlouis_portal.postausgang import outbox


@outbox.builder
def build_rueckmeldung_neu(data: dict, rueckmeldung: Rueckmeldung | None = None):
    rueckmeldung = rueckmeldung or Rueckmeldung.objects.filter(pk=data["rueckmeldung"]).first()
    if rueckmeldung is None:
        return None
    path = reverse("admin:barrierefreiheit_rueckmeldung_change", args=[rueckmeldung.pk])
    context = {
        "PORTAL_NAME": settings.PORTAL_NAME,
        "rueckmeldung": rueckmeldung,
        "url": settings.PORTAL_BASE_URL + path,
        "mit_email": bool(rueckmeldung.email),
    }
    # Staff read German, whatever language the citizen used the form in.
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string("barrierefreiheit/email/rueckmeldung_neu_betreff.txt", context)
        body = render_to_string("barrierefreiheit/email/rueckmeldung_neu.txt", context)
    return EmailMessage(
        subject=" ".join(subject.split()), body=body, to=[settings.BARRIEREFREIHEIT_EMAIL]
    )


def send_rueckmeldung_mail(rueckmeldung: Rueckmeldung) -> None:
    outbox.deliver(
        build_rueckmeldung_neu, {"rueckmeldung": rueckmeldung.pk}, rueckmeldung=rueckmeldung
    )
