"""E-mails to people on the waiting list, in plain text and HTML, in the language of the page
they signed up on (``Wartelisteneintrag.mailsprache``): the link to confirm the address
(double opt-in), and the offer of a freed seat with its booking link and deadline.

Like the booking mails they go through the outbox as a recipe (``build_from_outbox``): the entry
as it is when the mail is built, so an entry that ended meanwhile gets nothing. The link's token
is made when the mail is built; the outbox never holds a usable token."""

import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from saarlouis_portal.postausgang import outbox
from sprechstunden.models import Wartelisteneintrag, WartelisteStatus, new_token

logger = logging.getLogger(__name__)

BESTAETIGEN = "warteliste_bestaetigen"
ANGEBOT = "warteliste_angebot"
# A mail is built only while the entry is in the state it is about.
_STATUS = {BESTAETIGEN: WartelisteStatus.UNBESTAETIGT, ANGEBOT: WartelisteStatus.HAELT}


def entry_url(token: str) -> str:
    return settings.PORTAL_BASE_URL + reverse("sprechstunden:warteliste_eintrag", args=[token])


def _fresh_token(eintrag: Wartelisteneintrag) -> str:
    token, token_hash = new_token()
    Wartelisteneintrag.objects.filter(pk=eintrag.pk).update(token_hash=token_hash)
    eintrag.token_hash = token_hash
    return token


@outbox.builder
def build_from_outbox(data: dict, eintrag=None, token=None):
    if eintrag is None:
        eintrag = (
            Wartelisteneintrag.objects.select_related("sprechstunde__anlaufstelle", "termin")
            .filter(pk=data["eintrag"])
            .first()
        )
    template = data["template"]
    if eintrag is None or not eintrag.email or eintrag.status != _STATUS[template]:
        return None
    with translation.override(eintrag.mailsprache):
        return _build(eintrag, template, token or _fresh_token(eintrag))


def _build(eintrag: Wartelisteneintrag, template: str, token: str) -> EmailMultiAlternatives:
    sprechstunde = eintrag.sprechstunde
    context = {
        "eintrag": eintrag,
        "sprechstunde": sprechstunde,
        "anlaufstelle": sprechstunde.anlaufstelle,
        "termin": eintrag.termin,
        "link": entry_url(token),
        "PORTAL_NAME": settings.PORTAL_NAME,
    }
    subject = render_to_string(f"sprechstunden/email/{template}_betreff.txt", context).strip()
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string(f"sprechstunden/email/{template}.txt", context),
        to=[eintrag.email],
    )
    message.attach_alternative(
        render_to_string(f"sprechstunden/email/{template}.html", context), "text/html"
    )
    return message


def deliver_on_commit(eintrag: Wartelisteneintrag, template: str, *, token: str | None = None):
    """Send the mail once the change is committed (``token``: the entry's link at hand, used
    when the mail is built at once; otherwise a new one is made then)."""
    data = {"eintrag": eintrag.pk, "template": template}

    def send():
        try:
            outbox.deliver(build_from_outbox, data, eintrag=eintrag, token=token)
        except OSError as error:  # the mail server failed a mail sent at once
            logger.warning(
                "Mail %r about waiting-list entry %s not sent: %s",
                template,
                eintrag.pk,
                type(error).__name__,
            )

    outbox.with_transaction(send)
