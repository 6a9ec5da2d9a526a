"""Load demo data for a first local start; `make run` calls it.

Every installed app of the portal may have a ``demo.py`` with ``seed(stdout) -> logins``; they
run in the order of INSTALLED_APPS, so later apps find the master data they build on. Running
it again updates the demo rows instead of duplicating them.
"""

from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

_PORTAL_APPS = ("netzwerke", "begegnung", "sorgekreise", "sprechstunden", "berichte")


class DryRun(Exception):
    pass


class Command(BaseCommand):
    help = "Lädt Demodaten (Gebiete, Organisationen, je ein Konto pro Rolle)."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Nichts speichern.")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Auch ohne DEBUG laden (nie auf einem Produktivsystem: bekannte Passwörter).",
        )

    def handle(self, *args, dry_run=False, force=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "seed_demo legt Konten mit bekannten Passwörtern an und läuft nur mit DEBUG=true "
                "(oder --force auf einem Testsystem)."
            )
        logins = []
        try:
            with transaction.atomic():
                for config in apps.get_app_configs():
                    module_name = f"{config.name}.demo"
                    if not config.name.startswith(("saarlouis_portal.", *_PORTAL_APPS)):
                        continue
                    if find_spec(module_name) is None:
                        continue
                    logins += import_module(module_name).seed(self.stdout) or []
                if dry_run:
                    raise DryRun
        except DryRun:
            self.stdout.write("Probelauf: nichts gespeichert.")
            return
        from saarlouis_portal.konten.demo import DEMO_PASSWORT

        self.stdout.write(self.style.SUCCESS("Demodaten geladen. Demo-Anmeldungen:"))
        for email, rolle in logins:
            self.stdout.write(f"  {email:<30} {rolle}")
        self.stdout.write(f"  Passwort für alle: {DEMO_PASSWORT}")
