"""Changes of networks, members, meetings and talks. Views call these; each runs in one
transaction and leaves the audit trail to django-auditlog (registered in apps.py)."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from netzwerke import kalender
from netzwerke.models import Gespraech, Mitgliedschaft, Netzwerk, Treffen
from netzwerke.treffpunkte import registriert
from saarlouis_portal.errors import DomainError
from saarlouis_portal.konten.roles import Rolle
from saarlouis_portal.stammdaten.models import Ansprechperson, Organisation

# A change of these fields changes what calendars show: SEQUENCE goes up.
KALENDER_FELDER = ("titel", "beginn", "ende", "treffpunkt", "ort", "tagesordnung", "abgesagt")


class KeineEmpfaenger(DomainError):
    """Nobody to invite: no member has a contact person with an e-mail address."""

    message = _(
        "Keine Ansprechperson der Mitglieder hat eine E-Mail-Adresse. Bitte ergänzen Sie "
        "die Ansprechpersonen der Mitglieder."
    )


@transaction.atomic
def save_netzwerk(form, user) -> Netzwerk:
    """Save a network form. A coordinator (not Sozialplanung) stays among the coordinators of
    the networks they create or edit, so they cannot lock themselves out by mistake."""
    netzwerk = form.save()
    if not user.has_rolle(Rolle.SOZIALPLANUNG) and user.has_rolle(Rolle.NETZWERKKOORDINATION):
        netzwerk.koordination.add(user)
    return netzwerk


@transaction.atomic
def add_mitglied(netzwerk: Netzwerk, form) -> Mitgliedschaft:
    """Create a membership from a valid ``MitgliedschaftForm``; creates the new organisation
    and contact person given on the same screen."""
    data = form.cleaned_data
    organisation = data.get("organisation")
    if organisation is None:
        organisation = Organisation.objects.create(
            name=data["neue_organisation"], art=data["neue_organisation_art"]
        )
        organisation.sgb_buecher.set(data.get("neue_organisation_sgb") or [])
        organisation.gebiete.add(netzwerk.gebiet)
    mitglied = form.save(commit=False)
    mitglied.netzwerk = netzwerk
    mitglied.organisation = organisation
    mitglied.save()
    person = form.neue_person_daten()
    if person:
        mitglied.ansprechpersonen.add(
            Ansprechperson.objects.create(organisation=organisation, **person)
        )
    else:
        mitglied.ansprechpersonen.set(organisation.ansprechpersonen.all())
    return mitglied


@transaction.atomic
def update_mitglied(form) -> Mitgliedschaft:
    mitglied = form.save()
    person = form.neue_person_daten()
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
def save_treffen(form) -> Treffen:
    """Save a meeting form; a change calendars show raises SEQUENCE."""
    treffen = form.save(commit=False)
    if treffen.pk and any(f in form.changed_data for f in KALENDER_FELDER):
        treffen.sequenz += 1
    treffen.save()
    form.save_m2m()
    treffpunkte = registriert()
    if treffpunkte and "treffpunkt" in form.cleaned_data:
        treffpunkte.setzen(treffen, form.cleaned_data["treffpunkt"])
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


def einladung_art(treffen: Treffen) -> str:
    """``absage``, ``aktualisierung`` (sent before) or ``einladung``."""
    if treffen.abgesagt:
        return "absage"
    return "aktualisierung" if treffen.einladung_versendet_am else "einladung"


def send_einladung(treffen: Treffen, user) -> int:
    """E-mail the meeting (text + HTML, .ics attached) to the members' contact persons, one
    message each (members must not see each other's addresses). Returns the number sent."""
    personen = empfaenger(treffen)
    if not personen:
        raise KeineEmpfaenger
    art = einladung_art(treffen)
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
    text = render_to_string("netzwerke/email/einladung.txt", context)
    html = render_to_string("netzwerke/email/einladung.html", context)
    ics = kalender.ics_treffen(treffen)
    messages = []
    for person in personen:
        message = EmailMultiAlternatives(subject=subject, body=text, to=[person.email])
        message.attach_alternative(html, "text/html")
        message.attach("treffen.ics", ics, "text/calendar; charset=utf-8")
        messages.append(message)
    with get_connection() as connection:
        sent = connection.send_messages(messages) or 0
    Treffen.objects.filter(pk=treffen.pk).update(einladung_versendet_am=timezone.now())
    return sent


@transaction.atomic
def save_gespraech(form, user) -> Gespraech:
    gespraech = form.save(commit=False)
    if gespraech.gefuehrt_von_id is None:
        gespraech.gefuehrt_von = user
    gespraech.save()
    form.save_m2m()
    return gespraech
