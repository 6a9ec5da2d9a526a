"""Changes of the staff side: circles with their participants and meetings, helpers (with
vetting, languages and weekly times), requests (with their access log) and the match workflow.

Every function is one transaction; requests are locked while a match changes them. Every view
of and change to a request is written to the access log (``saarlouis_portal.konten.zugriff``:
who, when, what): the request may hold Art. 9 data and the coordination must be able to say who
looked at it. The functions take model instances and cleaned values, never forms.

Helpers get an e-mail through the outbox when proposed (kind of help, area, time window, no
contact data of the person seeking help) and when the match is accepted (now with the minimal
contact they need to get in touch; never the internal note). The person seeking help is told of
the yes through the channel they gave: an e-mail in their language (the helper's name, never the
helper's contact), or, with a phone number only, a call task for the coordination, which records
who called and when (``record_anruf``). The coordination records how a match ended
(``VermittlungErgebnis``).
"""

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from saarlouis_portal.errors import DomainError
from saarlouis_portal.konten.zugriff import ZugriffAktion, log_access
from saarlouis_portal.postausgang import outbox
from sorgekreise import notifications
from sorgekreise.matching import ist_vorschlagbar
from sorgekreise.models import (
    ABGESCHLOSSEN,
    AnfrageStatus,
    Benachrichtigung,
    Helfende,
    HelfendeStatus,
    Hilfeanfrage,
    Quelle,
    Sorgekreis,
    Teilnahme,
    Treffen,
    Verfuegbarkeit,
    Vermittlung,
    VermittlungErgebnis,
    VermittlungStatus,
)


class SorgekreisFehler(DomainError):
    """A change that the current state does not allow; the view shows the message."""


# --- Circles, participants, meetings --------------------------------------------------------


@transaction.atomic
def save_sorgekreis(kreis: Sorgekreis, *, koordination) -> Sorgekreis:
    """Create or change a circle with its coordinators."""
    kreis.save()
    kreis.koordination.set(koordination)
    return kreis


def save_teilnahme(teilnahme: Teilnahme) -> Teilnahme:
    teilnahme.save()
    return teilnahme


def delete_teilnahme(teilnahme: Teilnahme) -> None:
    teilnahme.delete()


def save_treffen(treffen: Treffen) -> Treffen:
    treffen.save()
    return treffen


# --- Requests --------------------------------------------------------------------------------


def _status_zeitpunkt(anfrage: Hilfeanfrage) -> None:
    """``abgeschlossen_am`` is set when a request is done or withdrawn (retention runs from
    it) and cleared when it is reopened."""
    if anfrage.status in ABGESCHLOSSEN:
        anfrage.abgeschlossen_am = anfrage.abgeschlossen_am or timezone.now()
    else:
        anfrage.abgeschlossen_am = None


@transaction.atomic
def create_anfrage(anfrage: Hilfeanfrage, user) -> Hilfeanfrage:
    """A request taken by staff (e.g. after a call); consent was given orally."""
    anfrage.quelle = Quelle.VERWALTUNG
    anfrage.erstellt_von = user
    anfrage.einwilligung_version = settings.SORGEKREISE_EINWILLIGUNG_VERSION
    anfrage.einwilligung_am = timezone.now()
    _status_zeitpunkt(anfrage)
    anfrage.save()
    log_access(anfrage, user, ZugriffAktion.ANLEGEN)
    return anfrage


@transaction.atomic
def update_anfrage(anfrage: Hilfeanfrage, user) -> Hilfeanfrage:
    _status_zeitpunkt(anfrage)
    anfrage.save()
    if anfrage.status in ABGESCHLOSSEN:
        # A request closed by hand ends its running matches, so no helper stays "busy" with it:
        # an accepted match of a done request counts as closed, everything else as declined.
        jetzt = timezone.now()
        laufend = Vermittlung.objects.filter(anfrage=anfrage)
        if anfrage.status == AnfrageStatus.ERLEDIGT:
            laufend.filter(status=VermittlungStatus.ANGENOMMEN).update(
                status=VermittlungStatus.ABGESCHLOSSEN, abgeschlossen_am=jetzt
            )
        laufend.filter(
            status__in=[VermittlungStatus.VORGESCHLAGEN, VermittlungStatus.ANGENOMMEN]
        ).update(status=VermittlungStatus.ABGELEHNT, abgeschlossen_am=jetzt)
    log_access(anfrage, user, ZugriffAktion.AENDERN)
    return anfrage


# --- Helpers ---------------------------------------------------------------------------------


@transaction.atomic
def save_helfende(
    helfende: Helfende,
    user,
    *,
    neu: bool,
    faehigkeiten,
    sprachen,
    gebiete,
    sorgekreise,
    zeiten: list[tuple[int, datetime.time, datetime.time]],
) -> Helfende:
    """Save a helper with what they offer, their languages, areas, circles and weekly times
    (``zeiten``: weekday, from, to; they replace the old ones). Vetting (status geprüft/aktiv)
    records who vetted and when."""
    if neu:
        helfende.erstellt_von = user
        helfende.quelle = Quelle.VERWALTUNG
        if not helfende.einwilligung_am:
            helfende.einwilligung_version = settings.SORGEKREISE_EINWILLIGUNG_VERSION
            helfende.einwilligung_am = timezone.now()
    if helfende.status in (HelfendeStatus.GEPRUEFT, HelfendeStatus.AKTIV):
        if helfende.geprueft_am is None:
            helfende.geprueft_am = timezone.localdate()
        if helfende.geprueft_von_id is None:
            helfende.geprueft_von = user
    if not neu:
        vorher = (
            Helfende.objects.filter(pk=helfende.pk)
            .values_list("fuehrungszeugnis_gueltig_bis", flat=True)
            .first()
        )
        if vorher != helfende.fuehrungszeugnis_gueltig_bis:
            # A new certificate: the renewal reminder is due again for it.
            helfende.erinnerung_gesendet_am = None
    if helfende.status == HelfendeStatus.AUSGESCHIEDEN:
        helfende.ausgeschieden_am = helfende.ausgeschieden_am or timezone.now()
    else:
        helfende.ausgeschieden_am = None
    helfende.save()
    helfende.faehigkeiten.set(faehigkeiten)
    helfende.sprachen.set(sprachen)
    helfende.gebiete.set(gebiete)
    helfende.sorgekreise.set(sorgekreise)
    helfende.verfuegbarkeiten.all().delete()
    Verfuegbarkeit.objects.bulk_create(
        Verfuegbarkeit(helfende=helfende, wochentag=tag, beginn=von, ende=bis)
        for tag, von, bis in zeiten
    )
    return helfende


# --- Matches ---------------------------------------------------------------------------------


def _locked_anfrage(pk: int) -> Hilfeanfrage:
    return Hilfeanfrage.objects.select_for_update().get(pk=pk)


def propose_vermittlung(anfrage: Hilfeanfrage, helfende: Helfende, user) -> Vermittlung:
    with transaction.atomic():
        anfrage = _locked_anfrage(anfrage.pk)
        if anfrage.status != AnfrageStatus.OFFEN:
            raise SorgekreisFehler(_("Die Anfrage ist nicht mehr offen."))
        if not ist_vorschlagbar(anfrage, helfende):
            raise SorgekreisFehler(
                _("Diese Person kann für diese Anfrage nicht vorgeschlagen werden.")
            )
        vermittlung = Vermittlung.objects.create(
            anfrage=anfrage, helfende=helfende, vorgeschlagen_von=user
        )
        log_access(anfrage, user, ZugriffAktion.VERMITTELN)
        outbox.with_transaction(lambda: _mail(vermittlung, "vorgeschlagen"))
    return vermittlung


def accept_vermittlung(vermittlung: Vermittlung, user) -> Vermittlung:
    """The helper said yes: the request counts as matched and the helper gets the contact.

    The person seeking help is told through the channel they gave: with an e-mail address a
    mail in their language goes out with the commit; with a phone number only, the match
    becomes a call task for the coordination (``VermittlungQuerySet.anruf_offen``)."""
    with transaction.atomic():
        anfrage = _locked_anfrage(vermittlung.anfrage_id)
        vermittlung = Vermittlung.objects.select_for_update().get(pk=vermittlung.pk)
        if vermittlung.status != VermittlungStatus.VORGESCHLAGEN:
            raise SorgekreisFehler(_("Nur ein offener Vorschlag kann angenommen werden."))
        if anfrage.status != AnfrageStatus.OFFEN:
            raise SorgekreisFehler(_("Die Anfrage ist nicht mehr offen."))
        jetzt = timezone.now()
        vermittlung.status = VermittlungStatus.ANGENOMMEN
        vermittlung.angenommen_am = jetzt
        if anfrage.email:
            vermittlung.benachrichtigt_per = Benachrichtigung.EMAIL
            vermittlung.benachrichtigt_am = jetzt
        else:
            vermittlung.benachrichtigt_per = Benachrichtigung.TELEFON
        vermittlung.save()
        anfrage.status = AnfrageStatus.VERMITTELT
        anfrage.save(update_fields=["status", "geaendert_am"])
        log_access(anfrage, user, ZugriffAktion.VERMITTELN)
        outbox.with_transaction(lambda: _mail(vermittlung, "angenommen"))
        if vermittlung.benachrichtigt_per == Benachrichtigung.EMAIL:
            outbox.with_transaction(lambda: notifications.send_match_mail(vermittlung))
    return vermittlung


@transaction.atomic
def record_anruf(vermittlung: Vermittlung, user) -> Vermittlung:
    """The coordination phoned the person seeking help and told them of the helper's yes:
    the call task is done, with who called and when."""
    anfrage = _locked_anfrage(vermittlung.anfrage_id)
    vermittlung = Vermittlung.objects.select_for_update().get(pk=vermittlung.pk)
    if not vermittlung.anruf_offen:
        raise SorgekreisFehler(_("Für diese Vermittlung ist kein Anruf offen."))
    vermittlung.benachrichtigt_am = timezone.now()
    vermittlung.benachrichtigt_von = user
    vermittlung.save(update_fields=["benachrichtigt_am", "benachrichtigt_von"])
    log_access(anfrage, user, ZugriffAktion.VERMITTELN)
    return vermittlung


@transaction.atomic
def start_hilfe(vermittlung: Vermittlung, user) -> Vermittlung:
    """The help has begun (the helper and the person met): recorded once, the match runs on."""
    anfrage = _locked_anfrage(vermittlung.anfrage_id)
    vermittlung = Vermittlung.objects.select_for_update().get(pk=vermittlung.pk)
    if vermittlung.status != VermittlungStatus.ANGENOMMEN:
        raise SorgekreisFehler(_("Nur bei einer angenommenen Vermittlung kann die Hilfe beginnen."))
    if vermittlung.begonnen_am is None:
        vermittlung.begonnen_am = timezone.now()
        vermittlung.save(update_fields=["begonnen_am"])
    log_access(anfrage, user, ZugriffAktion.VERMITTELN)
    return vermittlung


def decline_vermittlung(
    vermittlung: Vermittlung, user, *, ergebnis: str | None = None
) -> Vermittlung:
    """End a proposal or an accepted match that did not work out; the request is open again.
    ``ergebnis`` defaults to the helper's no (a proposal) or "did not work out" (accepted)."""
    with transaction.atomic():
        anfrage = _locked_anfrage(vermittlung.anfrage_id)
        vermittlung = Vermittlung.objects.select_for_update().get(pk=vermittlung.pk)
        if vermittlung.status not in (
            VermittlungStatus.VORGESCHLAGEN,
            VermittlungStatus.ANGENOMMEN,
        ):
            raise SorgekreisFehler(_("Diese Vermittlung läuft nicht mehr."))
        war_angenommen = vermittlung.status == VermittlungStatus.ANGENOMMEN
        vermittlung.status = VermittlungStatus.ABGELEHNT
        vermittlung.abgeschlossen_am = timezone.now()
        vermittlung.ergebnis = ergebnis or (
            VermittlungErgebnis.NICHT_GEKLAPPT if war_angenommen else VermittlungErgebnis.ABGESAGT
        )
        vermittlung.save()
        if war_angenommen and anfrage.status == AnfrageStatus.VERMITTELT:
            # The request is open again so another helper can be proposed.
            anfrage.status = AnfrageStatus.OFFEN
            anfrage.save(update_fields=["status", "geaendert_am"])
        log_access(anfrage, user, ZugriffAktion.VERMITTELN)
    return vermittlung


def close_vermittlung(
    vermittlung: Vermittlung,
    user,
    *,
    stunden: Decimal | None,
    anfrage_erledigt: bool = True,
    ergebnis: str = VermittlungErgebnis.GEHOLFEN,
) -> Vermittlung:
    """Close an accepted match with the hours given; by default the request is done.

    With ``ergebnis`` "nicht mehr nötig" the person no longer needs the help: the request is
    withdrawn (``zurückgezogen``) and the helper does not count as proven by it."""
    with transaction.atomic():
        anfrage = _locked_anfrage(vermittlung.anfrage_id)
        vermittlung = Vermittlung.objects.select_for_update().get(pk=vermittlung.pk)
        if vermittlung.status != VermittlungStatus.ANGENOMMEN:
            raise SorgekreisFehler(_("Nur eine angenommene Vermittlung kann abgeschlossen werden."))
        geholfen = ergebnis == VermittlungErgebnis.GEHOLFEN
        vermittlung.status = VermittlungStatus.ABGESCHLOSSEN
        vermittlung.abgeschlossen_am = timezone.now()
        vermittlung.stunden = stunden
        vermittlung.ergebnis = ergebnis
        vermittlung.save()
        if not geholfen:
            anfrage.status = AnfrageStatus.ZURUECKGEZOGEN
        elif anfrage_erledigt:
            anfrage.status = AnfrageStatus.ERLEDIGT
        if not geholfen or anfrage_erledigt:
            _status_zeitpunkt(anfrage)
            anfrage.save(update_fields=["status", "abgeschlossen_am", "geaendert_am"])
            # Other helpers proposed for the same request wait for nothing any more.
            Vermittlung.objects.filter(
                anfrage=anfrage, status=VermittlungStatus.VORGESCHLAGEN
            ).update(
                status=VermittlungStatus.ABGELEHNT, abgeschlossen_am=vermittlung.abgeschlossen_am
            )
        if geholfen and vermittlung.helfende.status == HelfendeStatus.GEPRUEFT:
            # Helped once: the helper counts as active from now on.
            Helfende.objects.filter(pk=vermittlung.helfende_id).update(status=HelfendeStatus.AKTIV)
        log_access(anfrage, user, ZugriffAktion.VERMITTELN)
    return vermittlung


# --- Mails to helpers ------------------------------------------------------------------------


@outbox.builder
def build_helfende_mail(data: dict, vermittlung=None):
    """Built from the match as it is now: nothing is sent when the helper has no address any
    more or the match was withdrawn in the meantime."""
    if vermittlung is None:
        vermittlung = (
            Vermittlung.objects.select_related(
                "helfende", "anfrage__art", "anfrage__gebiet", "anfrage__sorgekreis__ort"
            )
            .filter(pk=data["vermittlung"])
            .first()
        )
    if vermittlung is None or not vermittlung.helfende.email:
        return None
    if vermittlung.status in (VermittlungStatus.ABGELEHNT,):
        return None
    template = data["template"]
    if template == "nachfrage" and (
        vermittlung.status != VermittlungStatus.VORGESCHLAGEN
        or vermittlung.anfrage.status != AnfrageStatus.OFFEN
    ):
        return None  # answered in the meantime: no reminder
    anfrage = vermittlung.anfrage
    context = {
        "vermittlung": vermittlung,
        "helfende": vermittlung.helfende,
        "anfrage": anfrage,
        "sorgekreis": anfrage.sorgekreis,
        # Contact data of the person seeking help only once the match is accepted.
        "mit_kontakt": template == "angenommen",
        "ort": anfrage.sorgekreis.ort,
        "PORTAL_NAME": settings.PORTAL_NAME,
    }
    # In the language the helper offered help in (also when the outbox worker builds it).
    with translation.override(vermittlung.helfende.mailsprache):
        name = f"sorgekreise/email/vermittlung/{template}"
        return EmailMessage(
            subject=render_to_string(f"{name}_betreff.txt", context).strip(),
            body=render_to_string(f"{name}.txt", context),
            to=[vermittlung.helfende.email],
        )


def _mail(vermittlung: Vermittlung, template: str) -> None:
    outbox.deliver(
        build_helfende_mail,
        {"vermittlung": vermittlung.pk, "template": template},
        vermittlung=vermittlung,
    )


# --- Renewal reminders for police certificates -----------------------------------------------


@outbox.builder
def build_erinnerung_mail(data: dict):
    """One mail per coordinator: the helpers whose certificate expires soon (names and
    dates only, with a link to each helper's staff page)."""
    helfende = list(
        Helfende.objects.filter(pk__in=data["helfende"], anonymisiert_am__isnull=True).order_by(
            "fuehrungszeugnis_gueltig_bis", "name"
        )
    )
    if not helfende:
        return None
    context = {
        "helfende": [
            {
                "name": h.name,
                "gueltig_bis": h.fuehrungszeugnis_gueltig_bis,
                "url": settings.PORTAL_BASE_URL
                + reverse("sorgekreise:helfende_detail", args=[h.pk]),
            }
            for h in helfende
        ],
        "PORTAL_NAME": settings.PORTAL_NAME,
    }
    return EmailMessage(
        subject=render_to_string(
            "sorgekreise/email/vermittlung/erinnerung_betreff.txt", context
        ).strip(),
        body=render_to_string("sorgekreise/email/vermittlung/erinnerung.txt", context),
        to=[data["an"]],
    )


def _zeugnis_faellig(heute):
    return Helfende.objects.zeugnis_erneuern(heute).filter(erinnerung_gesendet_am__isnull=True)


def _zeugnis_sperren(queryset) -> list[int]:
    """The due helpers' ids, locked until this run's commit; rows another run holds are
    skipped."""
    return list(
        queryset.select_for_update(skip_locked=True, of=("self",))
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def _zeugnis_empfaenger(pks) -> tuple[dict[str, list[int]], list[int]]:
    """The active coordinators of the helpers' circles, each with their helpers; and the
    helpers that have somebody to remind."""
    je_empfaenger: dict[str, list[int]] = {}
    gemeldet = []
    for h in (
        Helfende.objects.filter(pk__in=pks)
        .order_by("pk")
        .prefetch_related("sorgekreise__koordination")
    ):
        empfaenger = {
            u.email for k in h.sorgekreise.all() for u in k.koordination.all() if u.is_active
        }
        for email in empfaenger:
            je_empfaenger.setdefault(email, []).append(h.pk)
        if empfaenger:
            gemeldet.append(h.pk)
    return je_empfaenger, gemeldet


def vetting_reminders(*, heute=None, dry_run: bool = False) -> int:
    """Remind the coordinators of each helper whose extended police certificate expires within
    ``ZEUGNIS_VORLAUF_TAGE`` days (or has expired). Each helper is reminded once per
    certificate: the date is stored and cleared when a new certificate date is entered.

    Several hosts may run it at the same moment (docs/deployment.md): a run locks the helpers it
    reminds (``SELECT … FOR UPDATE SKIP LOCKED``, as ``services_erinnerung``) and marks them in
    the transaction that queues the mails, so another run skips them while they are locked and
    no longer finds them due after the commit."""
    heute = heute or timezone.localdate()
    faellig = _zeugnis_faellig(heute)
    if dry_run:
        return len(_zeugnis_empfaenger(faellig.values("pk"))[1])
    with transaction.atomic():
        je_empfaenger, gemeldet = _zeugnis_empfaenger(_zeugnis_sperren(faellig))
        Helfende.objects.filter(pk__in=gemeldet).update(erinnerung_gesendet_am=heute)
        for email, pks in sorted(je_empfaenger.items()):
            data = {"an": email, "helfende": pks}
            outbox.with_transaction(lambda data=data: outbox.deliver(build_erinnerung_mail, data))
    return len(gemeldet)
    with transaction.atomic():
        Helfende.objects.filter(pk__in=gemeldet).update(erinnerung_gesendet_am=heute)
        for email, pks in sorted(je_empfaenger.items()):
            data = {"an": email, "helfende": pks}
            outbox.with_transaction(lambda data=data: outbox.deliver(build_erinnerung_mail, data))
    return len(gemeldet)
