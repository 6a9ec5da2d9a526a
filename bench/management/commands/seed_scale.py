"""``seed_scale --factor 10|100``: the demo data grown for the page benchmark (bench/seed.py).

Exists so that bench/pages.py (and anyone looking into a slow page by hand) can fill a benchmark
database with ten or a hundred times the demo data in a minute; installed by bench/settings.py
only, never in the portal itself.
"""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from bench.seed import seed_scale


class DryRun(Exception):
    pass


class Command(BaseCommand):
    help = "Vervielfacht die Demodaten für den Seiten-Benchmark (nur Benchmark-Datenbanken)."

    def add_arguments(self, parser):
        parser.add_argument("--factor", type=int, default=10, help="10 oder 100 (mindestens 2).")
        parser.add_argument("--dry-run", action="store_true", help="Nichts speichern.")

    def handle(self, *args, factor=10, dry_run=False, **options):
        if factor < 2:
            raise CommandError("--factor muss mindestens 2 sein.")
        try:
            with transaction.atomic():
                created = seed_scale(factor, stdout=self.stdout)
                if dry_run:
                    raise DryRun
        except DryRun:
            self.stdout.write(f"Probelauf: {sum(created.values())} Zeilen, nichts gespeichert.")
