"""The frozen content of a published chapter.

Publishing stores the resolved data of every block in ``Kapitel.snapshot``; from then on pages
and exports read only the snapshot, so later imports, changed indicators, new bookings or edited
recommendations never alter what was published. Drafts are resolved live on every view.
"""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone

from berichte.blocks import resolve_kapitel
from berichte.models import Workflow

VERSION = 1


def einfrieren(kapitel) -> dict:
    """The snapshot of ``kapitel`` as it resolves now (a JSON round trip proves it storable)."""
    snapshot = {
        "version": VERSION,
        "erstellt_am": timezone.now().isoformat(),
        "bausteine": resolve_kapitel(kapitel),
    }
    return json.loads(json.dumps(snapshot, cls=DjangoJSONEncoder))


def kapitel_daten(kapitel) -> list[dict]:
    """The block dicts to show: the snapshot once published, else resolved live."""
    if kapitel.status == Workflow.VEROEFFENTLICHT and kapitel.snapshot:
        return kapitel.snapshot["bausteine"]
    return resolve_kapitel(kapitel)
