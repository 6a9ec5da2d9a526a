"""Materialise the bookable slots (Termin rows) of every Sprechstunde for its booking horizon.

Run it daily from cron: the horizon moves one day forward each day. It is idempotent (existing
slots are kept) and never deletes or moves a booked slot; booked slots that no longer fit a
changed schedule are listed so staff can contact the people.
"""

from django.core.management.base import BaseCommand

from sprechstunden.models import Sprechstunde
from sprechstunden.services.slots import generate_slots


class Command(BaseCommand):
    help = "Erzeugt die buchbaren Termine aller Sprechstunden (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Nur zählen, nichts ändern.")

    def handle(self, *args, dry_run=False, **options):
        created = removed = 0
        for sprechstunde in Sprechstunde.objects.select_related("anlaufstelle"):
            plan = generate_slots(sprechstunde, dry_run=dry_run)
            created += plan.created
            removed += plan.removed
            for termin in plan.betroffen:
                self.stdout.write(
                    self.style.WARNING(
                        f"Gebuchter Termin passt nicht mehr zum Zeitplan: {termin} (id {termin.pk})"
                    )
                )
        prefix = "Probelauf: " if dry_run else ""
        self.stdout.write(f"{prefix}{created} Termine angelegt, {removed} freie Termine entfernt.")
