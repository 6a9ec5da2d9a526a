"""Issue 14: texts staff type for the public in several languages. A translation shows on its
language's pages; where it is missing the German text stands in, marked lang="de" (WCAG 3.1.2);
German pages stay as they were; the lists need no extra queries; existing texts survive the
migration as the German ones."""

import re
from datetime import date, time

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from begegnung.models import Angebot, Ort, OrtArt
from saarlouis_portal.stammdaten.inhalt import in_every_language
from saarlouis_portal.stammdaten.models import Gebiet, GebietArt, Thema
from sorgekreise.models import Sorgekreis
from sprechstunden.models import Anlaufstelle, Sprechstunde

BESCHREIBUNG_DE = "Deutsch üben bei **Kaffee**."
BESCHREIBUNG_EN = "Practise German over **coffee**."


@pytest.fixture
def roden(db):
    return Gebiet.objects.create(name="Roden", art=GebietArt.STADTTEIL)


@pytest.fixture
def ort(roden):
    return Ort.objects.create(
        name="Quartiersbüro Roden",
        art=OrtArt.QUARTIERSBUERO,
        gebiet=roden,
        beschreibung="Ein Haus für alle.",
        barrierefreiheit_hinweise="Rampe am Seiteneingang.\nKlingel unten.",
    )


@pytest.fixture
def sprachcafe(ort):
    angebot = Angebot.objects.create(
        ort=ort,
        titel="Sprachcafé",
        titel_en="Language café",
        beschreibung=BESCHREIBUNG_DE,
        beschreibung_en=BESCHREIBUNG_EN,
        kostenlos=False,
        kosten="2 Euro für den Kaffee",
    )
    angebot.themen.add(Thema.objects.get(slug="sprachfoerderung"))
    return angebot


@pytest.fixture
def sprechstunde(roden):
    anlaufstelle = Anlaufstelle.objects.create(
        name="Bürgerbüro Roden",
        gebiet=roden,
        strasse="Holzmühler Weg 1",
        plz="66740",
        ort="Saarlouis",
        telefon="06831 4430",
        wegbeschreibung="Bus 4 bis Rathaus.\nDann links.",
        wegbeschreibung_tr="Otobüs 4 ile belediye binasına.",
    )
    return Sprechstunde.objects.create(
        anlaufstelle=anlaufstelle,
        titel="Offene Sozialberatung",
        titel_en="Open social advice",
        beschreibung="Beratung ohne Termin.",
        wochentage=[0],
        beginn=time(9),
        ende=time(11),
        gueltig_ab=date(2026, 1, 1),
    )


def _html(client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, path
    return response.content.decode()


def _german(html: str) -> list[str]:
    """What the page marks German (lang="de" on the html element of a German page aside)."""
    return re.findall(r'<(?:span|div) lang="de"(?: dir="ltr")?>(.*?)</(?:span|div)>', html, re.S)


def test_a_translation_shows_on_its_pages_without_a_german_mark(client, sprachcafe):
    html = _html(client, f"/en/orte/angebote/{sprachcafe.pk}/")
    assert '<h1 class="kern-heading-x-large">Language café</h1>' in html
    assert "Practise German over <strong>coffee</strong>." in html
    assert "Sprachcafé" not in html  # neither in the title nor in the crumbs
    assert "Deutsch üben" not in html
    # The cost has no English text: German stands in, marked, and so does the seeded topic.
    assert sorted(_german(html)) == ["2 Euro für den Kaffee", "Sprachförderung"]


def test_a_missing_translation_shows_the_german_text_marked_german(client, sprachcafe):
    html = _html(client, f"/fr/orte/angebote/{sprachcafe.pk}/")
    assert '<h1 class="kern-heading-x-large"><span lang="de">Sprachcafé</span></h1>' in html
    # Markdown stays Markdown, inside a block marked German.
    assert '<div lang="de"><p>Deutsch üben bei <strong>Kaffee</strong>.</p></div>' in html
    assert "Language café" not in html


def test_german_text_on_a_right_to_left_page_also_runs_left_to_right(client, sprachcafe):
    html = _html(client, f"/ar/orte/angebote/{sprachcafe.pk}/")
    assert '<span lang="de" dir="ltr">Sprachcafé</span>' in html


def test_german_pages_are_unchanged(client, sprachcafe, ort):
    html = _html(client, f"/orte/angebote/{sprachcafe.pk}/")
    assert '<h1 class="kern-heading-x-large">Sprachcafé</h1>' in html
    assert "Deutsch üben bei <strong>Kaffee</strong>." in html
    assert "2 Euro für den Kaffee" in html
    assert "Language café" not in html
    assert _german(html) == []
    ort_html = _html(client, f"/orte/{ort.pk}/")
    assert "Rampe am Seiteneingang.<br>Klingel unten." in ort_html
    assert _german(ort_html) == []


def test_line_breaks_and_lists_in_other_languages(client, ort, sprachcafe, sprechstunde):
    html = _html(client, f"/uk/orte/{ort.pk}/")
    assert '<span lang="de">Rampe am Seiteneingang.<br>Klingel unten.</span>' in html
    assert '<div lang="de"><p>Ein Haus für alle.</p></div>' in html
    # The directory lists the offer under its English title on English pages.
    assert '">Language café</a>' in _html(client, "/en/orte/")
    sprechstunden = _html(client, "/en/sprechstunden/")
    assert '">Open social advice</a>' in sprechstunden
    assert '<p class="kern-body"><span lang="de">Beratung ohne Termin.</span></p>' in sprechstunden


def test_directions_of_a_sprechstunde_per_language(client, sprechstunde):
    path = f"/sprechstunden/{sprechstunde.pk}/"
    turkish = _html(client, "/tr" + path)
    assert "Otobüs 4 ile belediye binasına." in turkish
    assert "Bus 4 bis Rathaus" not in turkish
    french = _html(client, "/fr" + path)
    assert '<span lang="de">Bus 4 bis Rathaus.<br>Dann links.</span>' in french
    assert '<h1 class="kern-heading-x-large"><span lang="de">Offene Sozialberatung</span></h1>' in (
        french
    )
    assert '<h1 class="kern-heading-x-large">Open social advice</h1>' in _html(client, "/en" + path)


def test_care_circle_texts_per_language(client, ort):
    kreis = Sorgekreis.objects.create(
        name="Sorgekreis Roden",
        ort=ort,
        kurzbeschreibung="Nachbarn helfen Nachbarn.",
        kurzbeschreibung_en="Neighbours helping neighbours.",
        beschreibung="Wir treffen uns *jeden Monat*.",
    )
    english = _html(client, f"/en/sorgekreise/{kreis.pk}/")
    assert "Neighbours helping neighbours." in english
    assert '<div lang="de"><p>Wir treffen uns <em>jeden Monat</em>.</p></div>' in english
    assert '<span lang="de">Nachbarn helfen Nachbarn.</span>' in _html(client, "/fr/sorgekreise/")
    assert _german(_html(client, f"/sorgekreise/{kreis.pk}/")) == []


def test_a_search_in_every_language_finds_untranslated_texts(sprachcafe):
    nur_deutsch = Angebot.objects.create(ort=sprachcafe.ort, titel="Nähcafé im Quartier")
    with translation.override("en"):
        # Filters look at the active language's column only ...
        assert list(Angebot.objects.filter(titel__icontains="café")) == [sprachcafe]
        # ... a search over every column finds German and English texts alike.
        treffer = Angebot.objects.filter(in_every_language("titel", "icontains", "café"))
        assert set(treffer) == {sprachcafe, nur_deutsch}
        assert set(Angebot.objects.filter(in_every_language("titel", "icontains", "Näh"))) == {
            nur_deutsch
        }


def _count(client, path: str) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(path).status_code == 200
    return len(context.captured_queries)


def test_translations_cost_no_queries_in_the_lists(client, roden, sprachcafe):
    german, english = _count(client, "/orte/"), _count(client, "/en/orte/")
    for nummer in range(6):
        ort = Ort.objects.create(
            name=f"Ort {nummer}", art=OrtArt.KITA, gebiet=roden, beschreibung_en="A place"
        )
        angebot = Angebot.objects.create(ort=ort, titel=f"Angebot {nummer}", titel_fr="Activité")
        angebot.themen.add(Thema.objects.get(slug="sprachfoerderung"))
    assert _count(client, "/orte/") == german
    assert _count(client, "/en/orte/") == english == german
    assert _count(client, "/fr/orte/") == german


VORHER = [
    ("stammdaten", "0003_sprache"),
    ("begegnung", "0004_treffpunkt"),
    ("sorgekreise", "0004_zugriff_ins_audit_log"),
    ("sprechstunden", "0010_sprechstunde_oeffentlich"),
]


@pytest.mark.django_db(transaction=True)
def test_the_migration_keeps_existing_texts_as_the_german_ones():
    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes()
    try:
        executor.migrate(VORHER)
        # The state migrate() returns for several apps at once may still hold later migrations
        # of the others: the state at the four targets is exact.
        executor.loader.build_graph()
        old = executor.loader.project_state(VORHER).apps
        gebiet = old.get_model("stammdaten", "Gebiet").objects.create(name="Roden", art="stadtteil")
        ort = old.get_model("begegnung", "Ort").objects.create(
            name="Quartiersbüro", art="quartiersbuero", gebiet=gebiet, beschreibung="Ein Haus."
        )
        angebot = old.get_model("begegnung", "Angebot").objects.create(
            ort=ort, titel="Sprachcafé", kosten="2 Euro"
        )
        kreis = old.get_model("sorgekreise", "Sorgekreis").objects.create(
            name="Sorgekreis Roden", ort=ort, kurzbeschreibung="Nachbarn helfen."
        )
        anlaufstelle = old.get_model("sprechstunden", "Anlaufstelle").objects.create(
            name="Rathaus", gebiet=gebiet, strasse="Markt 1", plz="66740", ort="Saarlouis",
            wegbeschreibung="Erster Stock.",
        )  # fmt: skip
        sprechstunde = old.get_model("sprechstunden", "Sprechstunde").objects.create(
            anlaufstelle=anlaufstelle, titel="Beratung", beschreibung="Ohne Termin.",
            beginn=time(9), ende=time(11), gueltig_ab=date(2026, 1, 1), wochentage=[0],
        )  # fmt: skip
        # Not the seeded topics: a transactional test before this one may have flushed them.
        thema = old.get_model("stammdaten", "Thema").objects.create(
            name="Nachbarschaftshilfe", slug="nachbarschaftshilfe"
        )

        executor.loader.build_graph()
        executor.migrate(latest)

        assert Ort.objects.filter(pk=ort.pk, beschreibung_de="Ein Haus.").exists()
        angebot_neu = Angebot.objects.get(pk=angebot.pk)
        assert (angebot_neu.titel_de, angebot_neu.kosten_de, angebot_neu.titel_en) == (
            "Sprachcafé",
            "2 Euro",
            None,
        )
        assert Sorgekreis.objects.get(pk=kreis.pk).kurzbeschreibung_de == "Nachbarn helfen."
        assert Anlaufstelle.objects.get(pk=anlaufstelle.pk).wegbeschreibung_de == "Erster Stock."
        neu = Sprechstunde.objects.get(pk=sprechstunde.pk)
        assert (neu.titel_de, neu.beschreibung_de) == ("Beratung", "Ohne Termin.")
        assert Thema.objects.get(pk=thema.pk).name_de == "Nachbarschaftshilfe"
        # A German text changed after the migration goes back into the old column.
        Angebot.objects.filter(pk=angebot.pk).update(titel_de="Sprachcafé am Markt")

        executor.loader.build_graph()
        executor.migrate(VORHER)
        executor.loader.build_graph()
        old = executor.loader.project_state(VORHER).apps
        zurueck = old.get_model("begegnung", "Angebot").objects.get(pk=angebot.pk)
        assert zurueck.titel == "Sprachcafé am Markt"
    finally:
        executor.loader.build_graph()
        executor.migrate(latest)
