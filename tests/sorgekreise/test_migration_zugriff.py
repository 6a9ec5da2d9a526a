"""Issue 18: the access log of help requests moved from the table ``sorgekreise.Zugriff`` into
the audit trail (sorgekreise 0004). An existing database keeps every row: who, when, what."""

from datetime import UTC, datetime

import pytest
from auditlog.models import LogEntry
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from saarlouis_portal.konten.audit import REDACTED

VORHER = [("sorgekreise", "0003_sprache_stammdaten")]
ANGESEHEN = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
GELOESCHT = datetime(2026, 3, 5, 3, 0, tzinfo=UTC)


def _old_requests(old):
    gebiet = old.get_model("stammdaten", "Gebiet").objects.create(name="Roden", art="stadtteil")
    ort = old.get_model("begegnung", "Ort").objects.create(
        name="Quartiersbüro Roden", art="quartiersbuero", gebiet=gebiet
    )
    kreis = old.get_model("sorgekreise", "Sorgekreis").objects.create(
        name="Sorgekreis Roden", ort=ort
    )
    art = old.get_model("sorgekreise", "Faehigkeit").objects.get_or_create(
        schluessel="einkaufen", defaults={"name": "Einkaufen"}
    )[0]
    Hilfeanfrage = old.get_model("sorgekreise", "Hilfeanfrage")
    offen = Hilfeanfrage.objects.create(
        sorgekreis=kreis, art=art, gebiet=gebiet, name="Erika Muster", telefon="+4968314711"
    )
    anonym = Hilfeanfrage.objects.create(
        sorgekreis=kreis, art=art, gebiet=gebiet, status="erledigt", anonymisiert_am=GELOESCHT
    )
    return art, offen, anonym


@pytest.mark.django_db(transaction=True)
def test_the_access_rows_become_audit_entries_and_come_back_on_the_way_back():
    from saarlouis_portal.konten.models import User
    from sorgekreise.models import Hilfeanfrage

    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes()
    try:
        old = executor.migrate(VORHER).apps
        art, offen, anonym = _old_requests(old)
        user = old.get_model("konten", "User").objects.create(email="ortsleitung@example.org")
        Zugriff = old.get_model("sorgekreise", "Zugriff")
        Zugriff.objects.create(anfrage=offen, benutzer=user, zeitpunkt=ANGESEHEN, aktion="ansehen")
        Zugriff.objects.create(
            anfrage=anonym, benutzer=None, zeitpunkt=GELOESCHT, aktion="loeschen"
        )

        executor.loader.build_graph()
        executor.migrate(latest)

        assert "sorgekreise_zugriff" not in connection.introspection.table_names()
        zugriff = Hilfeanfrage.objects.get(pk=offen.pk).zugriffe.get()
        assert (zugriff.zeitpunkt, zugriff.actor, zugriff.aktion, zugriff.actor_email) == (
            ANGESEHEN,
            User.objects.get(pk=user.pk),
            "ansehen",
            "ortsleitung@example.org",
        )
        assert zugriff.object_repr == f"Hilfeanfrage #{offen.pk} ({art.name})"
        # The anonymised request's entry names nothing, as retention leaves such entries.
        geloescht = Hilfeanfrage.objects.get(pk=anonym.pk).zugriffe.get()
        assert (geloescht.zeitpunkt, geloescht.benutzer, geloescht.aktion) == (
            GELOESCHT,
            None,
            "loeschen",
        )
        assert geloescht.object_repr == REDACTED
        assert "Muster" not in str(list(LogEntry.objects.values_list("object_repr", "changes")))

        executor.loader.build_graph()
        old = executor.migrate(VORHER).apps
        zurueck = old.get_model("sorgekreise", "Zugriff").objects.order_by("zeitpunkt")
        assert list(zurueck.values_list("anfrage", "benutzer", "zeitpunkt", "aktion")) == [
            (offen.pk, user.pk, ANGESEHEN, "ansehen"),
            (anonym.pk, None, GELOESCHT, "loeschen"),
        ]
        assert not LogEntry.objects.filter(action=LogEntry.Action.ACCESS).exists()
    finally:
        executor.loader.build_graph()
        executor.migrate(latest)
