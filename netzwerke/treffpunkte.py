"""Meeting places that a higher app offers for network meetings.

Networks sit below the Orte der Begegnung (docs/architecture.md): netzwerke never imports
begegnung. A meeting may still take place at an Ort der Begegnung; begegnung keeps that link
(``begegnung.Treffpunkt``) and registers its ``Treffpunkte`` here in ``AppConfig.ready()``. The
meeting form, the meeting pages, the invitations and the calendar files use whatever is
registered; with nothing registered a meeting has only its free-text place (``Treffen.ort``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from django import forms
    from django.db.models import Model, QuerySet

    from netzwerke.models import Treffen


class Treffpunkte(Protocol):
    def formfield(self) -> forms.Field:
        """The optional choice of a place in the meeting form."""

    def von(self, treffen: Treffen) -> Model | None:
        """The place of a saved meeting, or None."""

    def setzen(self, treffen: Treffen, ort: Model | None) -> None:
        """Record the place chosen in the form (None: no place)."""

    def anzeige(self, treffen: Treffen) -> str:
        """The meeting's place as one line (name and address), or ""."""

    def vorladen(self, queryset: QuerySet) -> QuerySet:
        """``queryset`` (of meetings) loading the places with it, one query for the list."""


_registriert: Treffpunkte | None = None


def registrieren(treffpunkte: Treffpunkte | None) -> None:
    global _registriert
    _registriert = treffpunkte


def registriert() -> Treffpunkte | None:
    return _registriert
