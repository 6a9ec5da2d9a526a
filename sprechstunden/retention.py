"""Retention step of the Sprechstunden for ``manage.py purge_personal_data``."""

from sprechstunden.services.hausbesuch import purge_closed_visits, purge_stale_visits
from sprechstunden.services.periodic import purge_personal_data as purge_buchungen
from sprechstunden.services.warteliste import purge_personal_data as purge_warteliste


def purge(now=None, *, dry_run: bool = False) -> list[tuple[str, int]]:
    return [
        ("Sprechstunden-Buchungen", purge_buchungen(now, dry_run=dry_run)),
        ("Hausbesuche", purge_closed_visits(now, dry_run=dry_run)),
        ("Hausbesuche, nie abgeschlossen", purge_stale_visits(now, dry_run=dry_run)),
        ("Warteliste, beendete Einträge", purge_warteliste(now, dry_run=dry_run)),
    ]
