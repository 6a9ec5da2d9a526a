"""Following a meeting up (issue 17): each invited person's reply through their own link, who
attended, the minutes sent to the members once approved, and the reminder before the meeting.

The reply link carries a random token (``Einladung.token``); opening it changes nothing, the
answer is a POST (``antworten``). Reminders are claimed row by row with
``select_for_update(skip_locked=True)`` before their mail is queued, so two hosts running the
periodic command at the same moment never remind anybody twice.
"""

import hashlib
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from netzwerke import kalender
from netzwerke.models import Antwort, Einladung, ProtokollVersand, Treffen
from netzwerke.services import KeineEmpfaenger, antwort_url, empfaenger, send_in_batches
from saarlouis_portal.errors import DomainError
from saarlouis_portal.postausgang import outbox

# The answers a person can give; "offen" is only where they started.
ANTWORTEN = (Antwort.ZUSAGE, Antwort.ABSAGE, Antwort.VIELLEICHT)

# Reminders claimed per transaction (each batch is one short lock).
ERINNERUNG_STAPEL = 100


class AntwortNichtMoeglich(DomainError):
    """The answer can no longer be given or changed. The public page words it itself (it is
    read in the members' languages; services are staff vocabulary)."""


class TreffenAbgesagt(AntwortNichtMoeglich):
    message = _("Das Treffen ist abgesagt.")


class TreffenBegonnen(AntwortNichtMoeglich):
    message = _("Das Treffen hat schon begonnen.")


class UngueltigeAntwort(DomainError):
    message = _("Unbekannte Antwort.")


class KeinProtokoll(DomainError):
    message = _("Das Protokoll ist noch leer. Bitte tragen Sie es zuerst ein (Bearbeiten).")


# --- Replies ---------------------------------------------------------------------------------


def get_einladung(token: str) -> Einladung | None:
    """The invitation behind a reply link, or None (unknown, malformed)."""
    if not token or len(token) > 64:
        return None
    return (
        Einladung.objects.select_related("treffen__netzwerk", "person__organisation")
        .filter(token=token)
        .first()
    )


def antwort_moeglich(treffen: Treffen, now=None) -> bool:
    """Answers can be given and changed until the meeting starts, unless it is cancelled."""
    return not treffen.abgesagt and treffen.beginn > (now or timezone.now())


@transaction.atomic
def antworten(einladung: Einladung, antwort: str, *, now=None) -> Einladung:
    """Record (or change) the person's answer. The same answer again changes nothing."""
    if antwort not in ANTWORTEN:
        raise UngueltigeAntwort
    now = now or timezone.now()
    einladung = (
        Einladung.objects.select_for_update(of=("self",))
        .select_related("treffen")
        .get(pk=einladung.pk)
    )
    if einladung.treffen.abgesagt:
        raise TreffenAbgesagt
    if einladung.treffen.beginn <= now:
        raise TreffenBegonnen
    if einladung.antwort != antwort:
        einladung.antwort = antwort
        einladung.beantwortet_am = now
        einladung.save(update_fields=["antwort", "beantwortet_am"])
    return einladung


def einladungen_von(treffen: Treffen):
    """The meeting's invitations with person and organisation, in the model's order."""
    return Einladung.objects.filter(treffen=treffen).select_related("person__organisation")


def rueckmeldungen(einladungen: list[Einladung]) -> dict:
    """Counts per answer (and attended) of a meeting's invitations, from the list at hand."""
    zahlen = dict.fromkeys(Antwort.values, 0)
    for einladung in einladungen:
        zahlen[einladung.antwort] += 1
    zahlen["anwesend"] = sum(1 for e in einladungen if e.anwesend)
    zahlen["gesamt"] = len(einladungen)
    return zahlen


# --- Attendance ------------------------------------------------------------------------------


class FremdeEinladung(DomainError):
    message = _("Diese Person ist zu diesem Treffen nicht eingeladen.")


@transaction.atomic
def save_anwesenheit(treffen: Treffen, anwesend: set[int]) -> int:
    """Tick who attended (``anwesend``: ids of the meeting's invitations). The organisation
    attendance follows: an organisation one of whose persons attended counts as present; one
    whose persons were just unticked and none of whose persons is left ticked no longer does.
    Organisations ticked directly (for people who were not invited) stay. Returns how many
    invitations changed."""
    einladungen = list(
        Einladung.objects.filter(treffen=treffen)
        .select_for_update(of=("self",))
        .select_related("person")
    )
    if not anwesend <= {e.pk for e in einladungen}:
        raise FremdeEinladung
    geaendert = [e for e in einladungen if e.anwesend != (e.pk in anwesend)]
    for einladung in geaendert:
        einladung.anwesend = einladung.pk in anwesend
        einladung.save(update_fields=["anwesend"])  # one audit entry per person
    mit_personen = {e.person.organisation_id for e in einladungen if e.anwesend}
    ausgetragen = {e.person.organisation_id for e in geaendert if not e.anwesend} - mit_personen
    if mit_personen:
        treffen.anwesende.add(*mit_personen)
    if ausgetragen:
        treffen.anwesende.remove(*ausgetragen)
    return len(geaendert)


# --- Minutes ---------------------------------------------------------------------------------


def fingerabdruck(text: str) -> str:
    return hashlib.sha256(text.strip().encode()).hexdigest()


def protokoll_stand(treffen: Treffen) -> dict:
    """The last sending of the minutes (None if never) and whether the text changed since."""
    letzter = ProtokollVersand.objects.filter(treffen=treffen).select_related("versendet_von")
    letzter = letzter.first()
    return {
        "letzter": letzter,
        "geaendert": bool(letzter and letzter.fingerabdruck != fingerabdruck(treffen.protokoll)),
    }


def protokoll_mail_context(treffen: Treffen, user, *, aktualisierung: bool) -> dict:
    netzwerk = treffen.netzwerk
    return {
        "treffen": treffen,
        "netzwerk": netzwerk,
        "aktualisierung": aktualisierung,
        "aufgaben": list(
            treffen.aufgaben.select_related("person__organisation", "organisation").order_by(
                "faellig_am", "pk"
            )
        ),
        "PORTAL_NAME": settings.PORTAL_NAME,
        "absender": user.get_full_name() or user.email,
        "seite": (
            settings.PORTAL_BASE_URL + reverse("netzwerke:treffen", args=[treffen.pk])
            if netzwerk.oeffentlich and treffen.protokoll_oeffentlich
            else ""
        ),
    }


def send_protokoll(treffen: Treffen, user, fortschritt=None) -> int:
    """Approve the minutes and e-mail them (text + HTML, with the tasks agreed) to the
    members' contact persons, one message each; record when, by whom and to how many. A second
    sending is an update ("Aktualisiertes Protokoll"). Returns the number sent."""
    if not treffen.protokoll.strip():
        raise KeinProtokoll
    personen = empfaenger(treffen)
    if not personen:
        raise KeineEmpfaenger
    aktualisierung = ProtokollVersand.objects.filter(treffen=treffen).exists()
    context = protokoll_mail_context(treffen, user, aktualisierung=aktualisierung)
    subject = render_to_string("netzwerke/email/protokoll_betreff.txt", context).strip()
    text = render_to_string("netzwerke/email/protokoll.txt", context)
    html = render_to_string("netzwerke/email/protokoll.html", context)
    messages = []
    for person in personen:
        message = EmailMultiAlternatives(subject=subject, body=text, to=[person.email])
        message.attach_alternative(html, "text/html")
        messages.append(message)
    sent = send_in_batches(messages, fortschritt)
    ProtokollVersand.objects.create(
        treffen=treffen,
        versendet_am=timezone.now(),
        versendet_von=user,
        empfaenger=sent,
        fingerabdruck=fingerabdruck(treffen.protokoll),
    )
    return sent


# --- Reminder before the meeting -------------------------------------------------------------


def erinnerung_faellig(now):
    """Invitations to remind: sent, not declined, not reminded yet, of a meeting that is not
    cancelled and starts within ``NETZWERKE_ERINNERUNG_TAGE`` days."""
    bis = now + timedelta(days=settings.NETZWERKE_ERINNERUNG_TAGE)
    return (
        Einladung.objects.filter(
            erinnert_am__isnull=True,
            versendet_am__isnull=False,
            treffen__abgesagt=False,
            treffen__beginn__gt=now,
            treffen__beginn__lte=bis,
        )
        .exclude(antwort=Antwort.ABSAGE)
        .exclude(person__email="")
    )


def send_erinnerungen(now=None, *, dry_run: bool = False) -> int:
    """Remind each invited person who has not declined, once, before the meeting. Each batch
    of invitations is locked (rows another host holds are skipped), marked and its mails queued
    in one transaction."""
    if settings.NETZWERKE_ERINNERUNG_TAGE <= 0:
        return 0
    now = now or timezone.now()
    faellig = erinnerung_faellig(now)
    if dry_run:
        return faellig.count()
    erinnert = 0
    while True:
        with transaction.atomic():
            stapel = list(
                faellig.select_for_update(skip_locked=True, of=("self",))
                .order_by("pk")
                .values_list("pk", flat=True)[:ERINNERUNG_STAPEL]
            )
            if not stapel:
                return erinnert
            Einladung.objects.filter(pk__in=stapel).update(erinnert_am=now)
            for pk in stapel:
                outbox.with_transaction(
                    lambda pk=pk: outbox.deliver(build_erinnerung, {"einladung": pk})
                )
        erinnert += len(stapel)


@outbox.builder
def build_erinnerung(data: dict) -> EmailMultiAlternatives | None:
    """The reminder of one invitation, built when it is sent: nothing if the invitation or the
    address is gone, the meeting was cancelled or the person declined in the meantime."""
    einladung = (
        Einladung.objects.select_related("treffen__netzwerk", "person")
        .filter(pk=data["einladung"])
        .first()
    )
    if (
        einladung is None
        or not einladung.person.email
        or einladung.treffen.abgesagt
        or einladung.antwort == Antwort.ABSAGE
    ):
        return None
    treffen = einladung.treffen
    context = {
        "treffen": treffen,
        "netzwerk": treffen.netzwerk,
        "einladung": einladung,
        "beantwortet": einladung.antwort != Antwort.OFFEN,
        "antwort_url": antwort_url(einladung),
        "PORTAL_NAME": settings.PORTAL_NAME,
    }
    subject = render_to_string("netzwerke/email/erinnerung_betreff.txt", context).strip()
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string("netzwerke/email/erinnerung.txt", context),
        to=[einladung.person.email],
    )
    message.attach_alternative(
        render_to_string("netzwerke/email/erinnerung.html", context), "text/html"
    )
    message.attach("treffen.ics", kalender.ics_treffen(treffen), "text/calendar; charset=utf-8")
    return message
