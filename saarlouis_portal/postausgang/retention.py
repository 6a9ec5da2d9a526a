"""Retention step of the outbox for ``manage.py purge_personal_data``."""

from saarlouis_portal.postausgang.outbox import purge as purge_outbox


def purge(now=None, *, dry_run: bool = False) -> list[tuple[str, int]]:
    return [("Unversendete E-Mails", purge_outbox(now, dry_run=dry_run))]
