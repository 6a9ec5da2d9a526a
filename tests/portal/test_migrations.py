from io import StringIO

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command

from saarlouis_portal.konten.roles import Rolle
from saarlouis_portal.stammdaten.models import Handlungsfeld, Sozialgesetzbuch, Thema


def test_no_model_change_lacks_a_migration(db):
    out = StringIO()
    try:
        call_command("makemigrations", "--check", "--dry-run", stdout=out, stderr=out)
    except SystemExit as exc:  # makemigrations --check exits 1 when changes are missing
        pytest.fail(f"Missing migrations:\n{out.getvalue()} ({exc})")


def test_data_migrations_seed_roles_fields_of_action_topics_and_sgb_books(db):
    assert set(Group.objects.values_list("name", flat=True)) >= set(Rolle.values)
    assert list(Handlungsfeld.objects.values_list("name", flat=True)) == [
        "Partizipation und Vernetzung",
        "Bildung und Erziehung",
        "Arbeitsmarkt",
        "Existenzsicherung",
        "Wohnen und Wohnumgebung",
    ]
    assert Thema.objects.count() == 7
    assert "Interreligiöser Dialog" in Thema.objects.values_list("name", flat=True)
    assert set(Sozialgesetzbuch.objects.values_list("nummer", flat=True)) == {
        "II",
        "III",
        "V",
        "VIII",
        "IX",
        "XI",
        "XII",
    }


# Issue 18: Sprache moved from sprechstunden to stammdaten, and a meeting's Ort der Begegnung
# from netzwerke.Treffen to begegnung.Treffpunkt. Existing databases keep every row and link.
VOR_DEM_UMZUG = [
    ("sprechstunden", "0007_buchung_kalender_sequenz"),
    ("stammdaten", "0002_seed_stammdaten"),
    ("begegnung", "0002_stufenkriterien"),
    ("sorgekreise", "0002_faehigkeiten"),
    ("netzwerke", "0004_treffen_ort_der_begegnung"),
]


@pytest.mark.django_db(transaction=True)
def test_moving_sprache_and_the_meeting_place_keeps_every_link():
    from datetime import UTC, datetime, timedelta

    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    from begegnung.models import Ort, Treffpunkt
    from saarlouis_portal.stammdaten.models import Sprache

    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes()
    try:
        old = executor.migrate(VOR_DEM_UMZUG).apps
        AlteSprache = old.get_model("sprechstunden", "Sprache")
        sprachen = {
            code: AlteSprache.objects.get_or_create(code=code, defaults={"name": code})[0].pk
            for code in ("tr", "ar")
        }
        gebiet = old.get_model("stammdaten", "Gebiet").objects.create(name="Roden", art="stadtteil")
        ort = old.get_model("begegnung", "Ort").objects.create(
            name="Quartiersbüro Roden", art="quartiersbuero", gebiet=gebiet
        )
        ort.sprachen.set(sprachen.values())
        netzwerk = old.get_model("netzwerke", "Netzwerk").objects.create(
            name="Netzwerk Roden", gebiet=gebiet
        )
        Treffen = old.get_model("netzwerke", "Treffen")
        zeit = {"beginn": datetime(2026, 12, 10, 17, tzinfo=UTC)}
        zeit["ende"] = zeit["beginn"] + timedelta(hours=2)
        treffen = Treffen.objects.create(
            netzwerk=netzwerk, titel="Vor Ort", ort_begegnung=ort, **zeit
        )
        Treffen.objects.create(netzwerk=netzwerk, titel="Online", **zeit)

        executor.loader.build_graph()
        executor.migrate(latest)

        # Same rows, same ids, same links: nothing was copied.
        nachher = Sprache.objects.filter(pk__in=sprachen.values()).values_list("code", "pk")
        assert dict(nachher) == sprachen
        verknuepft = Ort.objects.get(pk=ort.pk).sprachen.values_list("pk", flat=True)
        assert set(verknuepft) == set(sprachen.values())
        assert list(Treffpunkt.objects.values_list("treffen_id", "ort_id")) == [
            (treffen.pk, ort.pk)
        ]
    finally:
        executor.loader.build_graph()
        executor.migrate(latest)
