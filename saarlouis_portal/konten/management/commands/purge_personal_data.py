"""Delete personal data whose retention period has ended, in every app.

Run it daily from cron. Each app that stores personal data has a ``retention.py`` with
``purge(dry_run=False) -> list[(label, count)]``; they run in the order of INSTALLED_APPS.
Anonymous statistics stay; the audit trail of purged rows is redacted as well. Started by cron
on several hosts at once, one run purges and the others stop (``saarlouis_portal.sperren``).
"""

from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.core.management.base import BaseCommand

from saarlouis_portal.sperren import allein


class Command(BaseCommand):
    help = "Löscht personenbezogene Daten nach Ablauf der Aufbewahrungsfristen."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Nur zählen, nichts löschen.")

    def handle(self, *args, dry_run=False, **options):
        with allein("purge_personal_data") as erhalten:
            if not erhalten:
                self.stdout.write("Läuft bereits (anderer Server); dieser Lauf tut nichts.")
                return
            self.purge(dry_run)

    def purge(self, dry_run: bool) -> None:
        prefix = "Probelauf: " if dry_run else ""
        for config in apps.get_app_configs():
            module_name = f"{config.name}.retention"
            if config.name.startswith(("django.", "allauth")) or find_spec(module_name) is None:
                continue
            for label, count in import_module(module_name).purge(dry_run=dry_run):
                self.stdout.write(f"{prefix}{label}: {count} gelöscht.")
