"""Retention step for ``manage.py purge_personal_data`` (daily cron): background jobs and the
files they produced are deleted ``AUFTRAEGE_AUFBEWAHRUNG_TAGE`` days after they were started.
The task results of django-tasks-db are pruned by ``manage.py prune_db_task_results``."""

from saarlouis_portal.auftraege.services import purge as purge_auftraege


def purge(now=None, *, dry_run: bool = False) -> list[tuple[str, int]]:
    return [("Hintergrundaufträge mit ihren Dateien", purge_auftraege(now, dry_run=dry_run))]
