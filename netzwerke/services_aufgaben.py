"""Tasks of a network (issue 17): agreed in a meeting or on the network page, with who is
responsible (a contact person or a member organisation), a due date and a status; and the
reminder e-mail on the due date, sent once (claimed with ``select_for_update(skip_locked=True)``
like the meeting reminders, ``services_treffen``)."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.template.loader import render_to_string
from django.utils import timezone

from netzwerke.models import Aufgabe, AufgabeStatus, Mitgliedschaft
from saarlouis_portal.postausgang import outbox
from saarlouis_portal.stammdaten.models import Ansprechperson

ERINNERUNG_STAPEL = 100


def _abschluss(aufgabe: Aufgabe, vorher: str | None, user, now) -> None:
    """Done or dropped: when and by whom (kept while the status stays); open again: cleared."""
    if aufgabe.status == AufgabeStatus.OFFEN:
        aufgabe.erledigt_am = None
        aufgabe.erledigt_von = None
    elif aufgabe.status != vorher or aufgabe.erledigt_am is None:
        aufgabe.erledigt_am = now
        aufgabe.erledigt_von = user


@transaction.atomic
def save_aufgabe(aufgabe: Aufgabe, *, user) -> Aufgabe:
    """Create or change a task. A new due date arms the reminder again."""
    vorher = None
    if aufgabe.pk:
        alt = Aufgabe.objects.select_for_update().values("faellig_am", "status").get(pk=aufgabe.pk)
        vorher = alt["status"]
        if alt["faellig_am"] != aufgabe.faellig_am:
            aufgabe.erinnert_am = None
    else:
        aufgabe.erstellt_von = user
    _abschluss(aufgabe, vorher, user, timezone.now())
    aufgabe.save()
    return aufgabe


@transaction.atomic
def set_aufgabe_status(aufgabe: Aufgabe, status: str, *, user) -> Aufgabe:
    """Mark a task done, dropped or open again (the buttons of the lists)."""
    aufgabe = Aufgabe.objects.select_for_update().get(pk=aufgabe.pk)
    vorher = aufgabe.status
    aufgabe.status = status
    _abschluss(aufgabe, vorher, user, timezone.now())
    aufgabe.save()
    return aufgabe


# --- Reminder on the due date ----------------------------------------------------------------


def empfaenger(aufgabe: Aufgabe) -> list[str]:
    """The addresses a task's reminder goes to: the responsible person's, or those of the
    responsible organisation's contact persons in the network."""
    if aufgabe.person_id:
        return [aufgabe.person.email] if aufgabe.person.email else []
    if not aufgabe.organisation_id:
        return []
    heute = timezone.localdate()
    mitgliedschaft = Mitgliedschaft.objects.filter(
        netzwerk=aufgabe.netzwerk_id, organisation=aufgabe.organisation_id
    ).filter(Q(bis__isnull=True) | Q(bis__gte=heute))
    adressen = (
        Ansprechperson.objects.filter(mitgliedschaften__in=mitgliedschaft)
        .exclude(email="")
        .order_by("email")
        .values_list("email", flat=True)
    )
    seen, result = set(), []
    for adresse in adressen:
        if adresse.lower() not in seen:
            seen.add(adresse.lower())
            result.append(adresse)
    return result


def erinnerung_faellig(heute):
    """Open tasks due today or earlier, not reminded yet, with somebody to remind: a person
    with an address, or (no person) an organisation with a contact address in the network."""
    org_kontakt = Exists(
        Mitgliedschaft.objects.filter(
            netzwerk=OuterRef("netzwerk"),
            organisation=OuterRef("organisation"),
            ansprechpersonen__email__gt="",
        ).filter(Q(bis__isnull=True) | Q(bis__gte=heute))
    )
    return (
        Aufgabe.objects.offen()
        .filter(faellig_am__lte=heute, erinnert_am__isnull=True)
        .filter(Q(person__email__gt="") | (Q(person__isnull=True) & org_kontakt))
    )


def send_erinnerungen(now=None, *, dry_run: bool = False) -> int:
    """E-mail each task due (today or before) once to whoever is responsible. Returns the
    number of tasks reminded."""
    now = now or timezone.now()
    heute = timezone.localdate(now)
    faellig = erinnerung_faellig(heute)
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
            Aufgabe.objects.filter(pk__in=stapel).update(erinnert_am=now)
            for aufgabe in Aufgabe.objects.filter(pk__in=stapel).select_related("person"):
                for adresse in empfaenger(aufgabe):
                    data = {"aufgabe": aufgabe.pk, "an": adresse}
                    outbox.with_transaction(
                        lambda data=data: outbox.deliver(build_erinnerung, data)
                    )
        erinnert += len(stapel)


@outbox.builder
def build_erinnerung(data: dict) -> EmailMultiAlternatives | None:
    """The reminder of one task to one address, built when it is sent: nothing if the task is
    gone or no longer open."""
    aufgabe = (
        Aufgabe.objects.select_related(
            "netzwerk", "treffen", "person__organisation", "organisation"
        )
        .filter(pk=data["aufgabe"], status=AufgabeStatus.OFFEN)
        .first()
    )
    if aufgabe is None:
        return None
    koordination = [
        u.email for u in aufgabe.netzwerk.koordination.filter(is_active=True) if u.email
    ]
    context = {
        "aufgabe": aufgabe,
        "netzwerk": aufgabe.netzwerk,
        "treffen": aufgabe.treffen,
        "PORTAL_NAME": settings.PORTAL_NAME,
    }
    message = EmailMultiAlternatives(
        subject=render_to_string("netzwerke/email/aufgabe_betreff.txt", context).strip(),
        body=render_to_string("netzwerke/email/aufgabe.txt", context),
        to=[data["an"]],
        reply_to=koordination,
    )
    message.attach_alternative(
        render_to_string("netzwerke/email/aufgabe.html", context), "text/html"
    )
    return message
