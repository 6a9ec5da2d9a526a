"""Changes of networks, members, meetings and talks. Views call these; each runs in one
transaction and leaves the audit trail to django-auditlog (registered in apps.py)."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from netzwerke import kalender
from netzwerke.models import Antwort, Einladung, Gespraech, Mitgliedschaft, Netzwerk, Treffen
from netzwerke.treffpunkte import registriert
from saarlouis_portal.errors import DomainError
from saarlouis_portal.konten.roles import Rolle
from saarlouis_portal.stammdaten.models import Ansprechperson, Organisation
from saarlouis_portal.werte import set_many

# A change of these fields changes what calendars show: SEQUENCE goes up.
KALENDER_FELDER = ("titel", "beginn", "ende", "treffpunkt", "ort", "tagesordnung", "abgesagt")


class KeineEmpfaenger(DomainError):
    """Nobody to invite: no member has a contact person with an e-mail address."""

    message = _(
        "Keine Ansprechperson der Mitglieder hat eine E-Mail-Adresse. Bitte ergänzen Sie "
        "die Ansprechpersonen der Mitglieder."
    )


@transaction.atomic
def save_netzwerk(netzwerk: Netzwerk, many: dict | None = None, *, user) -> Netzwerk:
    """Save a network and its links. A coordinator (not Sozialplanung) stays among the
    coordinators of the networks they create or edit, so they cannot lock themselves out by
    mistake."""
    netzwerk.save()
    set_many(netzwerk, many or {})
    if not user.has_rolle(Rolle.SOZIALPLANUNG) and user.has_rolle(Rolle.NETZWERKKOORDINATION):
        netzwerk.koordination.add(user)
    return netzwerk


@transaction.atomic
def add_mitglied(
    mitglied: Mitgliedschaft,
    *,
    neue_organisation: dict | None = None,
    person: dict | None = None,
) -> Mitgliedschaft:
    """Create a membership (``mitglied.netzwerk`` set, not saved). ``neue_organisation``
    (name, art, sgb_buecher) creates the organisation entered on the same screen; ``person``
    (vorname, nachname, email, telefon) a new contact person, else all the organisation's
    contact persons are linked."""
    netzwerk = mitglied.netzwerk
    if neue_organisation:
        sgb = neue_organisation.pop("sgb_buecher", None) or []
        organisation = Organisation.objects.create(**neue_organisation)
        organisation.sgb_buecher.set(sgb)
        organisation.gebiete.add(netzwerk.gebiet)
        mitglied.organisation = organisation
    organisation = mitglied.organisation
    mitglied.save()
    if person:
        mitglied.ansprechpersonen.add(
            Ansprechperson.objects.create(organisation=organisation, **person)
        )
    else:
        mitglied.ansprechpersonen.set(organisation.ansprechpersonen.all())
    return mitglied


@transaction.atomic
def update_mitglied(
    mitglied: Mitgliedschaft, many: dict | None = None, *, person: dict | None = None
) -> Mitgliedschaft:
    mitglied.save()
    set_many(mitglied, many or {})
    if person:
        mitglied.ansprechpersonen.add(
            Ansprechperson.objects.create(organisation=mitglied.organisation, **person)
        )
    return mitglied


@transaction.atomic
def remove_mitglied(mitglied: Mitgliedschaft) -> None:
    """Remove a membership. The organisation and its contact persons stay (master data); its
    attendance of past meetings stays in their minutes."""
    mitglied.delete()


@transaction.atomic
def save_treffen(
    treffen: Treffen, many: dict | None = None, *, treffpunkt=None, set_treffpunkt: bool = False
) -> Treffen:
    """Save a meeting; a change calendars show (compared with the stored row) raises SEQUENCE.
    ``set_treffpunkt``: also set the Ort der Begegnung (``treffpunkt``, None clears it)."""
    treffpunkte = registriert() if set_treffpunkt else None
    if treffen.pk:
        felder = [f for f in KALENDER_FELDER if f != "treffpunkt"]
        before = Treffen.objects.select_for_update().filter(pk=treffen.pk).values(*felder).first()
        changed = any((before or {}).get(f) != getattr(treffen, f) for f in felder)
        if treffpunkte and treffpunkte.von(treffen) != treffpunkt:
            changed = True
        if changed:
            treffen.sequenz += 1
        if before and before["beginn"] != treffen.beginn:
            # A new start: who was reminded of the old date is reminded again (issue 17).
            Einladung.objects.filter(treffen=treffen).update(erinnert_am=None)
    treffen.save()
    set_many(treffen, many or {})
    if treffpunkte:
        treffpunkte.setzen(treffen, treffpunkt)
    return treffen


def empfaenger(treffen: Treffen) -> list[Ansprechperson]:
    """The contact persons of the current members that have an e-mail address, each once."""
    heute = timezone.localdate()
    aktuelle = Mitgliedschaft.objects.filter(netzwerk=treffen.netzwerk_id).filter(
        Q(bis__isnull=True) | Q(bis__gte=heute)
    )
    personen = (
        Ansprechperson.objects.filter(mitgliedschaften__in=aktuelle)
        .exclude(email="")
        .select_related("organisation")
        .distinct()
        .order_by("organisation__name", "nachname", "vorname")
    )
    seen, result = set(), []
    for person in personen:
        if person.email.lower() not in seen:
            seen.add(person.email.lower())
            result.append(person)
    return result


def ohne_empfaenger(treffen: Treffen) -> list[Mitgliedschaft]:
    """Current memberships none of whose contact persons has an e-mail address: the invitation
    does not reach them, so the meeting page names them with a link to add one."""
    heute = timezone.localdate()
    mit_email = Ansprechperson.objects.filter(mitgliedschaften=OuterRef("pk")).exclude(email="")
    return list(
        Mitgliedschaft.objects.filter(netzwerk=treffen.netzwerk_id)
        .filter(Q(bis__isnull=True) | Q(bis__gte=heute))
        .exclude(Exists(mit_email))
        .select_related("organisation")
        .order_by("organisation__name")
    )


def einladung_art(treffen: Treffen) -> str:
    """``absage``, ``aktualisierung`` (sent before) or ``einladung``."""
    if treffen.abgesagt:
        return "absage"
    return "aktualisierung" if treffen.einladung_versendet_am else "einladung"


# Messages handed to the mail connection at once; a background job reports after each batch.
EINLADUNG_STAPEL = 25


def send_in_batches(messages: list, fortschritt=None) -> int:
    """Hand ``messages`` to one mail connection, ``EINLADUNG_STAPEL`` at a time; the number
    sent. ``fortschritt(erledigt, gesamt)`` hears of each batch."""
    sent = 0
    with get_connection() as connection:
        for start in range(0, len(messages), EINLADUNG_STAPEL):
            sent += connection.send_messages(messages[start : start + EINLADUNG_STAPEL]) or 0
            if fortschritt:
                fortschritt(min(start + EINLADUNG_STAPEL, len(messages)), len(messages))
    return sent


def einladungen_fuer(treffen: Treffen, personen: list[Ansprechperson]) -> dict[int, Einladung]:
    """Each person's invitation to the meeting (its reply link), created where missing."""
    vorhanden = {e.person_id: e for e in Einladung.objects.filter(treffen=treffen)}
    neu = [Einladung(treffen=treffen, person=p) for p in personen if p.pk not in vorhanden]
    if neu:
        Einladung.objects.bulk_create(neu, ignore_conflicts=True)
        vorhanden = {e.person_id: e for e in Einladung.objects.filter(treffen=treffen)}
    return vorhanden


def antwort_url(einladung: Einladung) -> str:
    """The person's own reply link, absolute (it goes into e-mails)."""
    return settings.PORTAL_BASE_URL + reverse("netzwerke:antwort", args=[einladung.token])


def send_einladung(treffen: Treffen, user, fortschritt=None) -> int:
    """E-mail the meeting (text + HTML, .ics attached) to the members' contact persons, one
    message each (members must not see each other's addresses). Returns the number sent.

    Each person gets their own reply link (``Einladung``, issue 17), except in a cancellation.
    ``fortschritt(erledigt, gesamt)``, if given, hears of each batch of messages (a background
    job, netzwerke/tasks.py, shows it on its page)."""
    personen = empfaenger(treffen)
    if not personen:
        raise KeineEmpfaenger
    art = einladung_art(treffen)
    einladungen = einladungen_fuer(treffen, personen)
    context = {
        "treffen": treffen,
        "netzwerk": treffen.netzwerk,
        "art": art,
        "PORTAL_NAME": settings.PORTAL_NAME,
        "absender": user.get_full_name() or user.email,
        "seite": (
            settings.PORTAL_BASE_URL + reverse("netzwerke:treffen", args=[treffen.pk])
            if treffen.netzwerk.oeffentlich
            else ""
        ),
    }
    subject = render_to_string("netzwerke/email/einladung_betreff.txt", context).strip()
    ics = kalender.ics_treffen(treffen)
    messages = []
    for person in personen:
        einladung = einladungen[person.pk]
        persoenlich = {
            **context,
            "einladung": einladung,
            "antwort_url": antwort_url(einladung) if art != "absage" else "",
            "beantwortet": einladung.antwort != Antwort.OFFEN,
        }
        text = render_to_string("netzwerke/email/einladung.txt", persoenlich)
        html = render_to_string("netzwerke/email/einladung.html", persoenlich)
        message = EmailMultiAlternatives(subject=subject, body=text, to=[person.email])
        message.attach_alternative(html, "text/html")
        message.attach("treffen.ics", ics, "text/calendar; charset=utf-8")
        messages.append(message)
    sent = send_in_batches(messages, fortschritt)
    jetzt = timezone.now()
    Treffen.objects.filter(pk=treffen.pk).update(einladung_versendet_am=jetzt)
    Einladung.objects.filter(pk__in=[einladungen[p.pk].pk for p in personen]).update(
        versendet_am=jetzt
    )
    return sent


@transaction.atomic
def save_gespraech(gespraech: Gespraech, many: dict | None = None, *, user) -> Gespraech:
    if gespraech.gefuehrt_von_id is None:
        gespraech.gefuehrt_von = user
    gespraech.save()
    set_many(gespraech, many or {})
    return gespraech
