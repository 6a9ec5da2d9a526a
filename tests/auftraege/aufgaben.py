"""Tasks for the tests of the job service, as an app would write them in its tasks.py."""

from django_tasks import task

from saarlouis_portal.auftraege import services
from saarlouis_portal.auftraege.services import AuftragFehler


@task()
def mit_datei(auftrag_id: str, text: str) -> None:
    def work(auftrag):
        services.report(auftrag.pk, 1, 2)
        services.finish(
            auftrag.pk,
            inhalt=text.encode(),
            dateiname="ergebnis.txt",
            content_type="text/plain; charset=utf-8",
            ergebnis="Die Datei ist erstellt.",
        )

    services.run(auftrag_id, work)


@task()
def stuerzt_ab(auftrag_id: str) -> None:
    def work(auftrag):
        services.report(auftrag.pk, 3, 40)
        raise RuntimeError("interner Fehler in /srv/portal/geheim.py Zeile 42")

    services.run(auftrag_id, work)


@task()
def lehnt_ab(auftrag_id: str) -> None:
    def work(auftrag):
        raise AuftragFehler("Die Vorlage ist nicht mehr verfügbar.")

    services.run(auftrag_id, work)
