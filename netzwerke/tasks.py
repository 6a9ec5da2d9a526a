"""Background tasks of netzwerke (issue 15: no request runs longer than 2 s).

``einladung_senden``: the invitation to a meeting for many contact persons. Even with the outbox
(``EMAIL_QUEUE``) each message is rendered to JSON and stored on its own, about 20 ms each on a
loaded server (50 recipients: 0.9 to 1.3 s measured), and without the outbox each is handed to
the SMTP server in the request. So a meeting with more than ``SOFORT_HOECHSTENS_EMPFAENGER``
recipients is invited by the task worker, with progress per batch of messages.

``protokoll_senden``: the approved minutes of a meeting (issue 17), the same way.
"""

from django.urls import reverse
from django.utils.translation import gettext as _
from django_tasks import task

from netzwerke import services, services_treffen
from netzwerke.models import Treffen
from saarlouis_portal.auftraege import services as auftraege
from saarlouis_portal.auftraege.services import AuftragFehler

SOFORT_HOECHSTENS_EMPFAENGER = 25


def start_einladung(user, treffen: Treffen):
    zurueck = reverse("netzwerke:treffen_detail", args=[treffen.pk])
    return auftraege.start(
        einladung_senden,
        art="netzwerke.einladung",
        titel=_("E-Mail zum Treffen „%(titel)s“") % {"titel": treffen},
        user=user,
        args=(treffen.pk,),
        einheit=_("E-Mails"),
        zurueck_url=zurueck,
        zurueck_text=_("Zurück zum Treffen"),
    )


@task()
def einladung_senden(auftrag_id: str, treffen_pk: int) -> None:
    auftraege.run(auftrag_id, lambda auftrag: _einladung_senden(auftrag, treffen_pk))


def _einladung_senden(auftrag, treffen_pk: int) -> None:
    user = auftrag.gestartet_von
    treffen = Treffen.objects.select_related("netzwerk").filter(pk=treffen_pk).first()
    # Rights as in the request: the person may have lost them since.
    if treffen is None or not treffen.can_change(user):
        raise AuftragFehler(_("Das Treffen ist nicht mehr verfügbar."))
    anzahl = services.send_einladung(
        treffen, user, lambda erledigt, gesamt: auftraege.report(auftrag.pk, erledigt, gesamt)
    )
    auftraege.finish(
        auftrag.pk,
        ergebnis=_("Die E-Mail wurde an %(anzahl)d Ansprechpersonen gesendet.")
        % {"anzahl": anzahl},
    )


def start_protokoll(user, treffen: Treffen):
    zurueck = reverse("netzwerke:treffen_detail", args=[treffen.pk])
    return auftraege.start(
        protokoll_senden,
        art="netzwerke.protokoll",
        titel=_("Protokoll des Treffens „%(titel)s“") % {"titel": treffen},
        user=user,
        args=(treffen.pk,),
        einheit=_("E-Mails"),
        zurueck_url=zurueck,
        zurueck_text=_("Zurück zum Treffen"),
    )


@task()
def protokoll_senden(auftrag_id: str, treffen_pk: int) -> None:
    auftraege.run(auftrag_id, lambda auftrag: _protokoll_senden(auftrag, treffen_pk))


def _protokoll_senden(auftrag, treffen_pk: int) -> None:
    user = auftrag.gestartet_von
    treffen = Treffen.objects.select_related("netzwerk").filter(pk=treffen_pk).first()
    if treffen is None or not treffen.can_change(user):
        raise AuftragFehler(_("Das Treffen ist nicht mehr verfügbar."))
    # KeinProtokoll, KeineEmpfaenger: DomainErrors, shown on the job's page by ``run``.
    anzahl = services_treffen.send_protokoll(
        treffen, user, lambda erledigt, gesamt: auftraege.report(auftrag.pk, erledigt, gesamt)
    )
    auftraege.finish(
        auftrag.pk,
        ergebnis=_(
            "Das Protokoll ist freigegeben und wurde an %(anzahl)d Ansprechpersonen gesendet."
        )
        % {"anzahl": anzahl},
    )
