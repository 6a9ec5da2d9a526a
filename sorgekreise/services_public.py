"""Changes made by citizens through the public forms: a help request, an offer to help.

Each is one transaction; the person's consent is stored with the version of the privacy notice
they saw; the e-mails go out with the commit (through the outbox) and name nobody to coordinators.
"""

from dataclasses import dataclass, field
from datetime import datetime, time

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from saarlouis_portal.postausgang import outbox
from saarlouis_portal.sprachen import mail_language
from saarlouis_portal.stammdaten.models import Gebiet
from sorgekreise import notifications
from sorgekreise.models import (
    AnfrageStatus,
    Dringlichkeit,
    Faehigkeit,
    Helfende,
    HelfendeStatus,
    Hilfeanfrage,
    Quelle,
    Sorgekreis,
    Verfuegbarkeit,
)


@dataclass
class AnfrageDaten:
    """What a person asking for help tells us: the need, where, when, how to reach them."""

    sorgekreis: Sorgekreis
    art: Faehigkeit
    gebiet: Gebiet
    dringlichkeit: str = Dringlichkeit.NORMAL
    sprache: object | None = None
    wochentag: int | None = None
    uhrzeit_von: time | None = None
    uhrzeit_bis: time | None = None
    zeitfenster: str = ""
    name: str = ""
    telefon: str = ""
    email: str = ""
    notiz: str = ""
    mailsprache: str = "de"  # the page's language: the mail "Hilfe gefunden" speaks it


@dataclass
class HelfendeDaten:
    """What a volunteer tells us. ``zeiten``: weekly periods (weekday, from, to)."""

    name: str
    faehigkeiten: list
    email: str = ""
    telefon: str = ""
    sprachen: list = field(default_factory=list)
    gebiete: list = field(default_factory=list)
    sorgekreis: Sorgekreis | None = None
    zeiten: list[tuple[int, time, time]] = field(default_factory=list)
    mailsprache: str = "de"  # the page's language: later mails about matches speak it


def submit_request(data: AnfrageDaten, *, now: datetime | None = None) -> Hilfeanfrage:
    """Store a request from the public form; the circle's coordinators are told by e-mail."""
    now = now or timezone.now()
    with transaction.atomic():
        anfrage = Hilfeanfrage.objects.create(
            sorgekreis=data.sorgekreis,
            art=data.art,
            gebiet=data.gebiet,
            dringlichkeit=data.dringlichkeit,
            sprache=data.sprache,
            wochentag=data.wochentag,
            uhrzeit_von=data.uhrzeit_von,
            uhrzeit_bis=data.uhrzeit_bis,
            zeitfenster=data.zeitfenster,
            name=data.name,
            telefon=data.telefon,
            email=data.email,
            mailsprache=mail_language(data.mailsprache),
            notiz=data.notiz,
            status=AnfrageStatus.OFFEN,
            quelle=Quelle.OEFFENTLICH,
            einwilligung_version=settings.SORGEKREISE_EINWILLIGUNG_VERSION,
            einwilligung_am=now,
        )
        outbox.with_transaction(lambda: notifications.send_request_mails(anfrage))
    return anfrage


def offer_help(data: HelfendeDaten, *, now: datetime | None = None) -> Helfende:
    """Store a volunteer as *new* (not yet vetted: never matched before a coordinator met them)."""
    now = now or timezone.now()
    with transaction.atomic():
        helfende = Helfende.objects.create(
            name=data.name,
            email=data.email,
            telefon=data.telefon,
            mailsprache=mail_language(data.mailsprache),
            status=HelfendeStatus.NEU,
            quelle=Quelle.OEFFENTLICH,
            einwilligung_version=settings.SORGEKREISE_EINWILLIGUNG_VERSION,
            einwilligung_am=now,
        )
        helfende.faehigkeiten.set(data.faehigkeiten)
        helfende.sprachen.set(data.sprachen)
        helfende.gebiete.set(data.gebiete)
        if data.sorgekreis is not None:
            helfende.sorgekreise.add(data.sorgekreis)
        Verfuegbarkeit.objects.bulk_create(
            Verfuegbarkeit(helfende=helfende, wochentag=tag, beginn=von, ende=bis)
            for tag, von, bis in data.zeiten
        )
        kreis = data.sorgekreis
        outbox.with_transaction(lambda: notifications.send_volunteer_mails(helfende, kreis))
    return helfende
