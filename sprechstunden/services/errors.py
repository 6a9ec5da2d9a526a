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
