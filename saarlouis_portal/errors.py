"""The one base class of domain errors.

A service raises a ``DomainError`` (or a subclass named after what went wrong) when a rule of the
domain refuses a change; nothing has been written then. The error carries the sentence the person
reads (``message``) and, where the mistake belongs to one form field, that field's name
(``field``). Views turn it into a message with ``show`` (or into a field error with
``add_to_form``); they never build the sentence themselves.
"""

from django.contrib import messages
from django.utils.translation import gettext_lazy as _


class DomainError(Exception):
    message = _("Das hat leider nicht geklappt.")
    field: str | None = None

    def __init__(self, message=None, *, field: str | None = None):
        super().__init__(message or self.message)
        if message:
            self.message = message
        if field:
            self.field = field

    def __str__(self) -> str:
        return str(self.message)

    def show(self, request) -> None:
        messages.error(request, self.message)

    def add_to_form(self, form) -> None:
        """At the field the error names if the form has it, else above the form."""
        form.add_error(self.field if self.field in form.fields else None, str(self.message))
