"""Tasks for tests/portal/test_mehrere_server.py: each run leaves a row, so a task run twice
shows as two rows."""

from django_tasks import task

from saarlouis_portal.stammdaten.models import Gebiet, GebietArt


@task()
def protokollieren(nummer: int) -> None:
    Gebiet.objects.create(name=f"Aufgabe {nummer}", art=GebietArt.GEMEINDE)
