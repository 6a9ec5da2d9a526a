"""E-mails of the public side, sent through the outbox (``saarlouis_portal.postausgang``):
confirmations, the coordinators' notices, and the mail that tells a person seeking help that a
helper was found.

Each mail is stored as a recipe (the row's id); the worker builds it later from the row as it is
then, so a request or helper whose data was deleted in between gets no mail. Confirmations go to
the address the person gave; coordinators get a link into the portal and never the person's
name, contact or note (those are Art. 9 data and stay behind the login and the access log).
"""

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from saarlouis_portal.konten.models import User
from saarlouis_portal.konten.roles import Rolle
from saarlouis_portal.postausgang import outbox
from saarlouis_portal.sprachen import mail_language
from sorgekreise.models import (
    Dringlichkeit,
    Helfende,
    Hilfeanfrage,
    Sorgekreis,
    Vermittlung,
    VermittlungStatus,
)


def _url(name: str, pk: int) -> str:
    return settings.PORTAL_BASE_URL + reverse(name, kwargs={"pk": pk})


def _render(template: str, context: dict, to: str) -> EmailMessage:
    context = {
        "PORTAL_NAME": settings.PORTAL_NAME,
        "kontakt": settings.PORTAL_CONTACT_EMAIL,
        "aufbewahrung_tage": settings.SORGEKREISE_AUFBEWAHRUNG_TAGE,
        **context,
    }
    subject = render_to_string(f"sorgekreise/email/{template}_betreff.txt", context)
    body = render_to_string(f"sorgekreise/email/{template}.txt", context)
    return EmailMessage(subject=" ".join(subject.split()), body=body, to=[to])


def koordination_addresses(kreis: Sorgekreis | None) -> list[str]:
    """The circle's coordinators; without any (or without a circle) Sozialplanung, so that
    nothing lands nowhere."""
    users = User.objects.filter(is_active=True).exclude(email="")
    addresses = []
    if kreis is not None:
        addresses = list(
            users.filter(koordinierte_sorgekreise=kreis).values_list("email", flat=True)
        )
    if not addresses:
        addresses = list(
            users.filter(groups__name=Rolle.SOZIALPLANUNG.value).values_list("email", flat=True)
        )
    return sorted(set(addresses))


# Builders: the outbox worker calls them with the stored JSON.


@outbox.builder
def build_anfrage_eingang(data: dict, anfrage: Hilfeanfrage | None = None):
    anfrage = anfrage or Hilfeanfrage.objects.filter(pk=data["anfrage"]).first()
    if anfrage is None or anfrage.anonymisiert_am or not anfrage.email:
        return None
    context = {"kreis_name": anfrage.sorgekreis.name}
    # The person's confirmation speaks the language of the page they wrote on, also when the
    # outbox worker builds it later.
    with translation.override(mail_language(data.get("sprache"))):
        return _render("anfrage_eingang", context, anfrage.email)


@outbox.builder
def build_anfrage_neu(data: dict, anfrage: Hilfeanfrage | None = None):
    anfrage = anfrage or Hilfeanfrage.objects.filter(pk=data["anfrage"]).first()
    if anfrage is None or anfrage.anonymisiert_am:
        return None
    context = {
        "kreis_name": anfrage.sorgekreis.name,
        "art": anfrage.art.name,
        "dringlichkeit": anfrage.get_dringlichkeit_display(),
        "dringend": anfrage.dringlichkeit == Dringlichkeit.DRINGEND,
        "url": _url("sorgekreise:anfrage_detail", anfrage.pk),
    }
    return _render("anfrage_neu", context, data["an"])


@outbox.builder
def build_helfende_eingang(data: dict, helfende: Helfende | None = None):
    helfende = helfende or Helfende.objects.filter(pk=data["helfende"]).first()
    if helfende is None or helfende.anonymisiert_am or not helfende.email:
        return None
    with translation.override(mail_language(data.get("sprache"))):
        return _render("helfende_eingang", {"name": helfende.name}, helfende.email)


@outbox.builder
def build_helfende_neu(data: dict, helfende: Helfende | None = None):
    helfende = helfende or Helfende.objects.filter(pk=data["helfende"]).first()
    if helfende is None or helfende.anonymisiert_am:
        return None
    context = {
        "kreis_name": data.get("kreis_name", ""),
        "url": _url("sorgekreise:helfende_detail", helfende.pk),
    }
    return _render("helfende_neu", context, data["an"])


@outbox.builder
def build_hilfe_gefunden(data: dict, vermittlung: Vermittlung | None = None):
    """To the person seeking help: a helper said yes and will get in touch. It names the
    helper (the volunteer notice allows it once they agreed), never the helper's contact, and
    speaks the language the person asked in. Built from the match as it is then: nothing goes
    out when the match ended in between or the request's data is gone."""
    if vermittlung is None:
        vermittlung = (
            Vermittlung.objects.select_related(
                "helfende", "anfrage__art", "anfrage__gebiet", "anfrage__sorgekreis__ort"
            )
            .filter(pk=data["vermittlung"])
            .first()
        )
    if vermittlung is None or vermittlung.status != VermittlungStatus.ANGENOMMEN:
        return None
    anfrage = vermittlung.anfrage
    if anfrage.anonymisiert_am or not anfrage.email:
        return None
    context = {
        "anfrage": anfrage,
        "name": anfrage.name,
        "helfende_name": vermittlung.helfende.name,
        "sorgekreis": anfrage.sorgekreis,
        "ort": anfrage.sorgekreis.ort,
    }
    with translation.override(mail_language(anfrage.mailsprache)):
        return _render("hilfe_gefunden", context, anfrage.email)


# Called by the services after commit.


def send_match_mail(vermittlung: Vermittlung) -> None:
    """Tell the person seeking help that ``vermittlung``'s helper said yes (by e-mail)."""
    outbox.deliver(build_hilfe_gefunden, {"vermittlung": vermittlung.pk}, vermittlung=vermittlung)


def send_request_mails(anfrage: Hilfeanfrage) -> None:
    """Confirmation to the person (if they gave an address) and one mail per coordinator."""
    if anfrage.email:
        data = {"anfrage": anfrage.pk, "sprache": translation.get_language()}
        outbox.deliver(build_anfrage_eingang, data, anfrage=anfrage)
    for address in koordination_addresses(anfrage.sorgekreis):
        outbox.deliver(build_anfrage_neu, {"anfrage": anfrage.pk, "an": address}, anfrage=anfrage)


def send_volunteer_mails(helfende: Helfende, kreis: Sorgekreis | None) -> None:
    if helfende.email:
        data = {"helfende": helfende.pk, "sprache": translation.get_language()}
        outbox.deliver(build_helfende_eingang, data, helfende=helfende)
    kreis_name = kreis.name if kreis else ""
    for address in koordination_addresses(kreis):
        data = {"helfende": helfende.pk, "an": address, "kreis_name": kreis_name}
        outbox.deliver(build_helfende_neu, data, helfende=helfende)
