"""What the staff pages of the Sprechstunden (Sozialplanung and Beratung) share: who may open
them, how a service's refusal and failed mails are reported, whose clients a user serves.

Views stay thin: access check, form, service call, message, redirect. Every state change is a
POST."""

from django.contrib import messages
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from saarlouis_portal import telefon
from saarlouis_portal.konten.access import rolle_required as _rolle_required
from saarlouis_portal.konten.roles import Rolle
from sprechstunden.models import Sprechstunde
from sprechstunden.services.errors import SprechstundenFehler

staff_required = _rolle_required(Rolle.SOZIALPLANUNG, Rolle.BERATUNG)
# Anlaufstellen, new Sprechstunden and who counsels in them: the municipality's planners.
planung_required = _rolle_required(Rolle.SOZIALPLANUNG)


def _fehler(request, error: SprechstundenFehler) -> None:
    messages.error(request, str(error.message))


def _warn_if_mail_failed(request, buchungen) -> None:
    """Mails the mail server refused within the request (outbox off): the change stands, and
    the people concerned should hear of it another way."""
    failed = [b for b in buchungen if b.mail_fehlgeschlagen]
    if not failed:
        return
    messages.warning(
        request,
        ngettext(
            "Die E-Mail an %(n)d Person konnte nicht verschickt werden (der Mailserver ist "
            "gerade nicht erreichbar). Bitte informieren Sie sie anders, etwa per Telefon: "
            "%(kontakt)s",
            "Die E-Mails an %(n)d Personen konnten nicht verschickt werden (der Mailserver ist "
            "gerade nicht erreichbar). Bitte informieren Sie sie anders, etwa per Telefon: "
            "%(kontakt)s",
            len(failed),
        )
        % {
            "n": len(failed),
            "kontakt": ", ".join(
                f"{b.name or _('ohne Namen')} "
                f"{telefon.for_display(b.telefon) if b.telefon else b.email}"
                for b in failed
            ),
        },
    )


def _counselled_pks(user) -> set[int] | None:
    """The Sprechstunden whose clients ``user`` serves; None stands for all of them."""
    if user.has_rolle(Rolle.SOZIALPLANUNG):
        return None
    return set(Sprechstunde.objects.counselled_by(user).values_list("pk", flat=True))
