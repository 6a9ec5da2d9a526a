from django.db import transaction

from saarlouis_portal.konten.audit import redact_audit_trail
from saarlouis_portal.stammdaten.models import Ansprechperson


@transaction.atomic
def remove_ansprechperson(person: Ansprechperson) -> None:
    """Delete a contact person and the personal traces in the audit trail."""
    pk = person.pk
    person.delete()
    redact_audit_trail(Ansprechperson, [pk])
