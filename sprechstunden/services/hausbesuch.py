"""Outreach visits (aufsuchende Hilfe): every change of a ``Hausbesuch`` is one function here, in
one transaction with the row locked; e-mails go out after commit and carry no personal data,
only a link into the portal where the reader must log in.

Workflow::

    neu ──assign──> geplant ──visited──> besucht ──close (anonymous outcome)──> abgeschlossen
                      │  ^                                                        ^
                      │  └──assign or reschedule (new date)──┐                    │
                      └──not reached──> nicht_erreicht ──close (no outcome)───────┘

``neu`` and ``geplant`` can also be closed without an outcome (request withdrawn, duplicate).
Sozialplanung assigns; the assigned counsellor reschedules (``reschedule``), records the steps
and closes the visit (``Hausbesuch.can_change``).

A request from the public form comes with the person's own link: it shows what is stored and
withdraws the request, which deletes it at once (``withdraw_visit``). Who opened a visit's
personal details is written by the views with ``saarlouis_portal.konten.zugriff.log_access``.
"""

import logging
import smtplib
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from saarlouis_portal.konten.audit import redact_audit_trail
from saarlouis_portal.konten.models import User
from saarlouis_portal.konten.roles import Rolle
from saarlouis_portal.stammdaten.models import Gebiet, Organisation
from sprechstunden.models import (
    Beratungskontakt,
    Beratungsthema,
    Hausbesuch,
    HausbesuchStatus,
    hash_token,
    new_token,
)
from sprechstunden.services.errors import LinkUngueltig, SprechstundenFehler

logger = logging.getLogger(__name__)


def _send(message: EmailMessage) -> None:
    """Send a mail after the change has committed. A mail server that is down (outbox off)
    must not turn the stored request into an error page: the change stands, the failure is
    logged (without the address), and staff see the request in their queue anyway."""
    try:
        message.send()
    except (OSError, smtplib.SMTPException) as error:
        logger.error("Hausbesuch-Mail nicht versandt: %s", type(error).__name__)


# From these states a visit can be (re)planned, and closed without a visit having happened.
PLANBAR = (HausbesuchStatus.NEU, HausbesuchStatus.GEPLANT, HausbesuchStatus.NICHT_ERREICHT)
OFFEN = (*PLANBAR, HausbesuchStatus.BESUCHT)
# An assigned visit that its counsellor can move to another date.
NEU_PLANBAR = (HausbesuchStatus.GEPLANT, HausbesuchStatus.NICHT_ERREICHT)


class HausbesuchFehler(SprechstundenFehler):
    message = _("Dieser Schritt passt nicht zum Stand des Hausbesuchs.")


@dataclass
class AnfrageDaten:
    """What a person (or staff after a call) tells us to arrange a visit."""

    name: str
    gebiet: Gebiet
    anliegen: Beratungsthema
    telefon: str = ""
    email: str = ""
    adresse: str = ""
    wunschzeiten: str = ""
    vermittelt_durch: Organisation | None = None
    hinweis: str = ""


@dataclass
class Ergebnis:
    """The anonymous outcome of a visit that took place, for the statistics."""

    thema: Beratungsthema
    erstkontakt: bool
    datum: date
    vermittelt_an: Organisation | None = None


def _detail_url(hausbesuch: Hausbesuch) -> str:
    path = reverse("sprechstunden:hausbesuch_detail", kwargs={"pk": hausbesuch.pk})
    return settings.PORTAL_BASE_URL + path


def _mail(template: str, recipients: list[str], hausbesuch: Hausbesuch, **extra) -> None:
    """One mail per recipient (nobody sees the others' addresses); no personal data inside."""
    context = {"PORTAL_NAME": settings.PORTAL_NAME, **extra}
    if "url" not in context:
        context["url"] = _detail_url(hausbesuch)
    subject = render_to_string(f"sprechstunden/hausbesuch/mail_{template}_betreff.txt", context)
    body = render_to_string(f"sprechstunden/hausbesuch/mail_{template}.txt", context)
    for address in recipients:
        _send(EmailMessage(subject=subject.strip(), body=body, to=[address]))


def _sozialplanung_addresses() -> list[str]:
    return list(
        User.objects.filter(groups__name=Rolle.SOZIALPLANUNG.value, is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
        .distinct()
        .order_by("email")
    )


def _locked(hausbesuch: Hausbesuch) -> Hausbesuch:
    return Hausbesuch.objects.select_for_update().get(pk=hausbesuch.pk)


def request_visit(data: AnfrageDaten, *, by=None, now: datetime | None = None) -> Hausbesuch:
    """Store a request for a visit; the person agreed to the privacy notice of the current version.

    ``by`` is the staff member who took the request on the phone (``None``: the public form).
    Unless Sozialplanung entered it themselves, Sozialplanung is told by e-mail to triage it.
    """
    now = now or timezone.now()
    if not (data.telefon or data.email or data.adresse):
        raise HausbesuchFehler(
            _("Bitte geben Sie eine Telefonnummer, eine E-Mail-Adresse oder eine Adresse an.")
        )
    with transaction.atomic():
        hausbesuch = Hausbesuch.objects.create(
            status=HausbesuchStatus.NEU,
            name=data.name,
            telefon=data.telefon,
            email=data.email,
            adresse=data.adresse,
            gebiet=data.gebiet,
            anliegen=data.anliegen,
            wunschzeiten=data.wunschzeiten,
            vermittelt_durch=data.vermittelt_durch,
            hinweis=data.hinweis,
            einwilligung_version=settings.SPRECHSTUNDEN_EINWILLIGUNG_VERSION,
            einwilligung_am=now,
            erstellt_von=by,
        )
        if by is None or not by.has_rolle(Rolle.SOZIALPLANUNG):
            recipients = _sozialplanung_addresses()
            transaction.on_commit(lambda: _mail("neu", recipients, hausbesuch))
    return hausbesuch


def request_visit_online(data: AnfrageDaten, *, now: datetime | None = None):
    """A request from the public form: stored as by ``request_visit``, plus the person's own
    link. Returns the request and the link's token (shown once, and mailed if they gave an
    address; only its hash is stored)."""
    token, token_hash = new_token()
    with transaction.atomic():
        hausbesuch = request_visit(data, now=now)
        Hausbesuch.objects.filter(pk=hausbesuch.pk).update(token_hash=token_hash)
        hausbesuch.token_hash = token_hash
        if hausbesuch.email:
            transaction.on_commit(lambda: _receipt_mail(hausbesuch, token))
    return hausbesuch, token


def link_url(token: str) -> str:
    path = reverse("sprechstunden:hausbesuch_link", kwargs={"token": token})
    return settings.PORTAL_BASE_URL + path


def _receipt_mail(hausbesuch: Hausbesuch, token: str) -> None:
    """To the person: the request arrived, and their link. Nothing of what they wrote is in it."""
    context = {
        "url": link_url(token),
        "PORTAL_NAME": settings.PORTAL_NAME,
        "PORTAL_CONTACT_EMAIL": settings.PORTAL_CONTACT_EMAIL,
    }
    subject = render_to_string("sprechstunden/hausbesuch/mail_eingang_betreff.txt", context)
    body = render_to_string("sprechstunden/hausbesuch/mail_eingang.txt", context)
    _send(EmailMessage(subject=subject.strip(), body=body, to=[hausbesuch.email]))


def get_visit_by_token(token: str) -> Hausbesuch:
    """The request behind a person's link; ``LinkUngueltig`` for anything else."""
    if not token or len(token) > 100:
        raise LinkUngueltig()
    hausbesuch = (
        Hausbesuch.objects.filter(token_hash=hash_token(token))
        .select_related("gebiet", "anliegen", "vermittelt_durch", "partner")
        .first()
    )
    if hausbesuch is None:
        raise LinkUngueltig()
    return hausbesuch


def withdraw_visit(token: str) -> None:
    """The person withdraws their request: it is deleted with its traces in the audit trail.
    Whoever plans it (the assigned counsellor, or Sozialplanung while nobody is) is told by
    e-mail, without anything personal."""
    with transaction.atomic():
        hausbesuch = _locked(get_visit_by_token(token))
        nummer = hausbesuch.pk
        offen = hausbesuch.status in OFFEN
        fachkraft = hausbesuch.zugewiesen
        if fachkraft and fachkraft.is_active and fachkraft.email:
            recipients = [fachkraft.email]
        else:  # nobody assigned, or nobody there to read it
            recipients = _sozialplanung_addresses()
        hausbesuch.delete()
        redact_audit_trail(Hausbesuch, [nummer])
        if offen and recipients:
            url = settings.PORTAL_BASE_URL + reverse("sprechstunden:hausbesuch_list")
            transaction.on_commit(
                lambda: _mail("zurueckgezogen", recipients, hausbesuch, nummer=nummer, url=url)
            )


def assign(
    hausbesuch: Hausbesuch,
    *,
    zugewiesen,
    geplant_am: datetime,
    partner: Organisation | None = None,
    by,
    now: datetime | None = None,
) -> Hausbesuch:
    """Triage: a counsellor (and optionally a partner organisation) visits at the planned time."""
    now = now or timezone.now()
    if not by.has_rolle(Rolle.SOZIALPLANUNG):
        raise HausbesuchFehler(_("Nur die Sozialplanung teilt Hausbesuche zu."))
    if not zugewiesen.has_rolle(Rolle.BERATUNG):
        raise HausbesuchFehler(_("Bitte wählen Sie eine Beratungsfachkraft."))
    if geplant_am < now:
        raise HausbesuchFehler(_("Der geplante Termin liegt in der Vergangenheit."))
    with transaction.atomic():
        locked = _locked(hausbesuch)
        if locked.status not in PLANBAR:
            raise HausbesuchFehler(_("Dieser Hausbesuch kann nicht mehr geplant werden."))
        newly_assigned = locked.zugewiesen_id != zugewiesen.pk
        locked.zugewiesen = zugewiesen
        locked.partner = partner
        locked.geplant_am = geplant_am
        locked.status = HausbesuchStatus.GEPLANT
        locked.save(update_fields=["zugewiesen", "partner", "geplant_am", "status"])
        if newly_assigned and zugewiesen.email and zugewiesen != by:
            transaction.on_commit(lambda: _mail("zugeteilt", [zugewiesen.email], locked))
    return locked


def reschedule(
    hausbesuch: Hausbesuch,
    *,
    geplant_am: datetime,
    partner: Organisation | None = None,
    by,
    now: datetime | None = None,
) -> Hausbesuch:
    """A new date for an assigned visit (moved, or the person was not reached): Sozialplanung or
    the assigned counsellor, who keeps it. Who visits is Sozialplanung's choice (``assign``)."""
    now = now or timezone.now()
    if geplant_am < now:
        raise HausbesuchFehler(_("Der geplante Termin liegt in der Vergangenheit."))
    with transaction.atomic():
        locked = _locked(hausbesuch)
        if not locked.can_change(by):
            raise HausbesuchFehler(
                _("Nur die zuständige Fachkraft und die Sozialplanung planen diesen Besuch.")
            )
        if locked.zugewiesen_id is None or locked.status not in NEU_PLANBAR:
            raise HausbesuchFehler(_("Dieser Hausbesuch kann nicht neu geplant werden."))
        locked.geplant_am = geplant_am
        locked.partner = partner
        locked.status = HausbesuchStatus.GEPLANT
        locked.save(update_fields=["geplant_am", "partner", "status"])
    return locked


def _move(hausbesuch: Hausbesuch, *, allowed, status: str) -> Hausbesuch:
    with transaction.atomic():
        locked = _locked(hausbesuch)
        if locked.status not in allowed:
            raise HausbesuchFehler
        locked.status = status
        locked.save(update_fields=["status"])
    return locked


def mark_visited(hausbesuch: Hausbesuch) -> Hausbesuch:
    return _move(hausbesuch, allowed=(HausbesuchStatus.GEPLANT,), status=HausbesuchStatus.BESUCHT)


def mark_not_reached(hausbesuch: Hausbesuch) -> Hausbesuch:
    return _move(
        hausbesuch, allowed=(HausbesuchStatus.GEPLANT,), status=HausbesuchStatus.NICHT_ERREICHT
    )


def close_visit(
    hausbesuch: Hausbesuch,
    *,
    by,
    ergebnis: Ergebnis | None = None,
    now: datetime | None = None,
) -> Hausbesuch:
    """Close a visit. After a visit the anonymous outcome is required and goes to the statistics
    as a ``Beratungskontakt`` in the visit's Gebiet; a visit that never happened has none."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = _locked(hausbesuch)
        if locked.status not in OFFEN:
            raise HausbesuchFehler(_("Dieser Hausbesuch ist bereits abgeschlossen."))
        visited = locked.status == HausbesuchStatus.BESUCHT
        if visited and ergebnis is None:
            raise HausbesuchFehler(_("Bitte erfassen Sie das Ergebnis des Besuchs."))
        if not visited and ergebnis is not None:
            raise HausbesuchFehler(
                _("Ein Ergebnis lässt sich nur für einen Besuch erfassen, der stattgefunden hat.")
            )
        if visited:
            if ergebnis.datum > timezone.localtime(now, timezone.get_default_timezone()).date():
                raise HausbesuchFehler(_("Das Datum des Besuchs liegt in der Zukunft."))
            record_visit_outcome(locked, ergebnis, by=by)
        locked.status = HausbesuchStatus.ABGESCHLOSSEN
        locked.abgeschlossen_am = now
        locked.save(update_fields=["status", "abgeschlossen_am"])
    return locked


def record_visit_outcome(hausbesuch: Hausbesuch, ergebnis: Ergebnis, *, by) -> Beratungskontakt:
    """The anonymous record of a home visit: the Gebiet of the visit, no Anlaufstelle."""
    return Beratungskontakt.objects.create(
        anlaufstelle=None,
        sprechstunde=None,
        gebiet=hausbesuch.gebiet,
        datum=ergebnis.datum,
        art=Beratungskontakt.Art.HAUSBESUCH,
        thema=ergebnis.thema,
        erstkontakt=ergebnis.erstkontakt,
        vermittelt_an=ergebnis.vermittelt_an,
        erfasst_von=by,
    )


def purge_closed_visits(now: datetime | None = None, *, dry_run: bool = False) -> int:
    """Delete visits closed longer ago than the retention period, and their traces in the audit
    trail. The anonymous outcomes stay; they never pointed to the visit."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.HAUSBESUCH_AUFBEWAHRUNG_TAGE)
    due = Hausbesuch.objects.filter(
        status=HausbesuchStatus.ABGESCHLOSSEN, abgeschlossen_am__lt=cutoff
    )
    return _delete(due, dry_run=dry_run)


def purge_stale_visits(now: datetime | None = None, *, dry_run: bool = False) -> int:
    """Delete visits nobody closed, once the maximum age has passed since the request came in
    and since the last planned visit (``HAUSBESUCH_HOECHSTALTER_TAGE``; 0: never). Without this,
    a request forgotten in the list would keep a person's data for good: the retention period
    only starts when a visit is closed. A case still being planned is not touched."""
    days = settings.HAUSBESUCH_HOECHSTALTER_TAGE
    if days <= 0:
        return 0
    now = now or timezone.now()
    cutoff = now - timedelta(days=days)
    due = (
        Hausbesuch.objects.exclude(status=HausbesuchStatus.ABGESCHLOSSEN)
        .filter(erstellt_am__lt=cutoff)
        .filter(Q(geplant_am__isnull=True) | Q(geplant_am__lt=cutoff))
    )
    return _delete(due, dry_run=dry_run)


def _delete(due, *, dry_run: bool) -> int:
    """Delete the visits of ``due`` with their traces in the audit trail."""
    ids = list(due.values_list("pk", flat=True))
    if dry_run or not ids:
        return len(ids)
    with transaction.atomic():
        Hausbesuch.objects.filter(pk__in=ids).delete()
        redact_audit_trail(Hausbesuch, ids)
    return len(ids)
