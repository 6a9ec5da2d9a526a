"""The domain errors of the Sprechstunden services, each carrying the message the view shows the
person."""

from django.utils.translation import gettext_lazy as _

from saarlouis_portal.errors import DomainError


class SprechstundenFehler(DomainError):
    """A domain error of the Sprechstunden services."""


class TerminBelegt(SprechstundenFehler):
    message = _("Dieser Termin ist leider gerade vergeben worden. Bitte wählen Sie einen anderen.")

    def __init__(self, message=None, *, termin=None):
        super().__init__(message)
        self.termin = termin  # the locked slot, when the service had it at hand


class ThemaNichtAngeboten(SprechstundenFehler):
    """The topic is not one the slot's Sprechstunde offers: a mistake at the form's topic field."""

    field = "thema"
    message = _("Bitte wählen Sie eines der angebotenen Themen.")


class TerminNichtBuchbar(SprechstundenFehler):
    message = _("Dieser Termin kann nicht (mehr) gebucht werden. Bitte wählen Sie einen anderen.")


class ZuVieleBuchungen(SprechstundenFehler):
    message = _(
        "Sie haben bereits die höchstmögliche Zahl offener Termine. Bitte sagen Sie einen davon "
        "ab oder rufen Sie uns an."
    )


class SchonGebucht(SprechstundenFehler):
    """The same person (e-mail address or phone number) holds a seat in this slot already: a
    form sent twice, or booked again by mistake. One person, one seat."""

    message = _(
        "Für diese E-Mail-Adresse oder Telefonnummer ist dieser Termin schon gebucht. Sie "
        "brauchen nichts weiter zu tun: Den Link zu Ihrer Buchung (bestätigen, verschieben, "
        "absagen) finden Sie in Ihrer E-Mail oder auf der Seite nach der Buchung."
    )


class BuchungNichtAenderbar(SprechstundenFehler):
    message = _(
        "Dieser Termin kann online nicht mehr geändert werden. Bitte rufen Sie die Anlaufstelle an."
    )


class ZuVielAndrang(SprechstundenFehler):
    message = _(
        "Gerade buchen sehr viele Menschen gleichzeitig. Bitte versuchen Sie es in einem Moment "
        "noch einmal."
    )


class LinkUngueltig(SprechstundenFehler):
    message = _("Dieser Link ist ungültig oder abgelaufen.")


class NichtVerlaengerbar(SprechstundenFehler):
    message = _(
        "Diese Reservierung kann nicht mehr verlängert werden. Bitte bestätigen Sie den Termin "
        "über den Link in der E-Mail oder buchen Sie neu."
    )


# The waiting list (services.warteliste)


class AngebotAbgelaufen(SprechstundenFehler):
    """The offer from the waiting list was used, withdrawn or has lapsed."""

    message = _(
        "Dieses Angebot aus der Warteliste gilt nicht mehr: Die Frist ist abgelaufen oder der "
        "Termin ist schon gebucht."
    )


class WartelisteNichtMoeglich(SprechstundenFehler):
    """Nothing to wait for on that day: it has free slots, or none at all."""

    field = "tag"
    message = _(
        "Für diesen Tag können Sie sich nicht auf die Warteliste setzen. Bitte wählen Sie einen "
        "der angebotenen Tage."
    )


class SchonAufWarteliste(SprechstundenFehler):
    message = _(
        "Mit dieser E-Mail-Adresse oder Telefonnummer stehen Sie für diese Auswahl schon auf "
        "der Warteliste. Sie brauchen nichts weiter zu tun."
    )


class BuchungNichtGefunden(SprechstundenFehler):
    """ "Buchung finden": the same calm answer whether the code is unknown or the phone number
    or e-mail address does not match, so that the page tells a guesser nothing."""

    message = _(
        "Zu diesen Angaben finden wir keine Buchung. Bitte prüfen Sie den Buchungscode und die "
        "Telefonnummer oder E-Mail-Adresse, die Sie bei der Buchung angegeben haben."
    )
