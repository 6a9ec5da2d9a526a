"""Plain values for services: a view hands a service the unsaved instance and the many-to-many
values of a valid model form, never the form itself.

``form.save(commit=False)`` only copies the cleaned values onto the instance; nothing is written.
The service then saves the instance and sets the links in its own transaction, so the rules
around the write (who coordinates, when a calendar SEQUENCE rises) live in one place and can be
called without a form, from a test, an import or a management command.
"""

from django.db import models


def unsaved(form) -> tuple[models.Model, dict]:
    """The instance with the form's values (not saved) and its many-to-many values by name."""
    instance = form.save(commit=False)
    many = {
        field.name: form.cleaned_data[field.name]
        for field in instance._meta.many_to_many
        if field.name in form.cleaned_data
    }
    return instance, many


def set_many(instance: models.Model, many: dict) -> None:
    """Set the many-to-many links named in ``many`` (after the instance has been saved)."""
    for name, values in many.items():
        getattr(instance, name).set(values)
