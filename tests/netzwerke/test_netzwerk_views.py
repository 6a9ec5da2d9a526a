"""Staff pages of networks: list with filters, create, edit, detail with coverage."""

import pytest
from django.urls import reverse

from netzwerke.models import Netzwerk, NetzwerkStatus
from saarlouis_portal.stammdaten.models import GebietArt, Handlungsfeld, Thema

pytestmark = pytest.mark.django_db


def _daten(ort, **extra):
    data = {
        "name": "Netzwerk Wohnen",
        "art": "netzwerk",
        "gebiet": ort.pk,
        "themen": [Thema.objects.get(slug="sprachfoerderung").pk],
        "handlungsfelder": [],
        "beschreibung": "Wir **treffen** uns.",
        "status": NetzwerkStatus.AKTIV,
        "gegruendet_am": "",
        "koordination": [],
        "oeffentlich": "on",
    }
    data.update(extra)
    return data


def test_the_list_shows_visible_networks_and_filters_by_topic(
    client, koordination, netzwerk, fremdes_netzwerk, thema_sprache
):
    netzwerk.themen.add(thema_sprache)
    client.force_login(koordination)
    html = client.get(reverse("netzwerke:netzwerk_list")).content.decode()
    assert "Netzwerk Sprachförderung" in html
    assert "Internes Netzwerk Roden" not in html
    html = client.get(
        reverse("netzwerke:netzwerk_list"),
        {"thema": Thema.objects.exclude(pk=thema_sprache.pk).first().pk},
    ).content.decode()
    assert "Netzwerk Sprachförderung" not in html


def test_the_list_filters_by_level_and_gebiet(client, planer, netzwerk, fremdes_netzwerk, stadt):
    client.force_login(planer)
    url = reverse("netzwerke:netzwerk_list")
    html = client.get(url, {"ebene": GebietArt.STADTTEIL}).content.decode()
    assert "Internes Netzwerk Roden" in html
    assert "Netzwerk Sprachförderung" not in html
    # A city includes its districts.
    html = client.get(url, {"gebiet": stadt.pk}).content.decode()
    assert "Internes Netzwerk Roden" in html
    assert "Netzwerk Sprachförderung" in html


def test_the_list_query_count_stays_flat(client, planer, stadt, django_assert_max_num_queries):
    client.force_login(planer)
    url = reverse("netzwerke:netzwerk_list")

    def add(n, start):
        for i in range(start, start + n):
            netz = Netzwerk.objects.create(name=f"Netz {i}", gebiet=stadt)
            netz.themen.set(Thema.objects.all()[:2])
            netz.handlungsfelder.set(Handlungsfeld.objects.all()[:2])

    add(3, 0)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    add(27, 3)
    with django_assert_max_num_queries(len(few)):
        assert client.get(url).status_code == 200


def test_a_planner_creates_a_network(client, planer, stadt, koordination):
    client.force_login(planer)
    response = client.post(
        reverse("netzwerke:netzwerk_create"), _daten(stadt, koordination=[koordination.pk])
    )
    netz = Netzwerk.objects.get(name="Netzwerk Wohnen")
    assert response.status_code == 302
    assert list(netz.koordination.all()) == [koordination]


def test_a_coordinator_stays_coordinator_of_the_network_they_create(client, koordination, stadt):
    client.force_login(koordination)
    client.post(reverse("netzwerke:netzwerk_create"), _daten(stadt))
    netz = Netzwerk.objects.get(name="Netzwerk Wohnen")
    assert netz.can_change(koordination)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("name", "", "Dieses Feld ist zwingend erforderlich."),
        ("name", "<script>alert(1)</script>", "ohne HTML"),
        ("name", "x" * 161, "höchstens 160 Zeichen"),
        ("gebiet", "999999", "gültige Auswahl"),
        ("gebiet", "abc", "gültige Auswahl"),
        ("status", "erfunden", "gültige Auswahl"),
        ("gegruendet_am", "2999-01-01", "in der Zukunft"),
        ("gegruendet_am", "kein Datum", "gültiges Datum"),
        ("beschreibung", "x" * 10001, "höchstens 10000 Zeichen"),
        ("koordination", ["999999"], "gültige Auswahl"),
        # Ids beyond 64 bits: a message, not a server error, on SQLite too.
        ("gebiet", "9" * 30, "gültige Auswahl"),
        ("themen", ["9" * 30], "gültige Auswahl"),
        ("koordination", [str(2**63)], "gültige Auswahl"),
    ],
)
def test_bad_input_is_rejected_at_the_field(client, planer, stadt, field, value, message):
    client.force_login(planer)
    response = client.post(reverse("netzwerke:netzwerk_create"), _daten(stadt, **{field: value}))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Netzwerk.objects.filter(name="Netzwerk Wohnen").exists()


def test_only_coordinators_and_planners_can_be_coordination(client, planer, stadt, beratung):
    client.force_login(planer)
    response = client.post(
        reverse("netzwerke:netzwerk_create"), _daten(stadt, koordination=[beratung.pk])
    )
    assert "gültige Auswahl" in response.content.decode()


def test_a_duplicate_name_is_rejected(client, planer, stadt, netzwerk):
    client.force_login(planer)
    response = client.post(
        reverse("netzwerke:netzwerk_create"), _daten(stadt, name="netzwerk sprachförderung")
    )
    assert "gibt es schon" in response.content.decode()


def test_script_in_the_description_is_stripped_on_render(client, planer, netzwerk):
    netzwerk.beschreibung = "Hallo <script>alert('x')</script> **Welt**"
    netzwerk.save()
    client.force_login(planer)
    for url in (
        reverse("netzwerke:netzwerk_detail", args=[netzwerk.pk]),
        reverse("netzwerke:netzwerk", args=[netzwerk.pk]),
    ):
        html = client.get(url).content.decode()
        assert "<script>alert" not in html
        assert "<strong>Welt</strong>" in html


def test_the_coordinator_edits_their_network(client, koordination, netzwerk, stadt):
    client.force_login(koordination)
    response = client.post(
        reverse("netzwerke:netzwerk_update", args=[netzwerk.pk]),
        _daten(stadt, name="Netzwerk Sprache", status=NetzwerkStatus.RUHEND),
    )
    assert response.status_code == 302
    netzwerk.refresh_from_db()
    assert netzwerk.name == "Netzwerk Sprache"
    assert netzwerk.status == NetzwerkStatus.RUHEND
    assert netzwerk.can_change(koordination)


def test_the_detail_shows_members_with_sgb_and_coverage(client, planer, netzwerk, mitglied, stadt):
    netzwerk.themen.set([Thema.objects.get(slug="sprachfoerderung")])
    other = Netzwerk.objects.create(name="Wohnen", gebiet=stadt)
    other.themen.set(Thema.objects.filter(slug="wohnraum"))
    client.force_login(planer)
    response = client.get(reverse("netzwerke:netzwerk_detail", args=[netzwerk.pk]))
    html = response.content.decode()
    assert "Caritasverband Saar-Hochwald" in html
    assert "SGB VIII" in html
    assert "clara@caritas.example" in html
    luecken = {t.name for t in response.context["abdeckung"]["themen_luecken"]}
    assert "Sprachförderung" not in luecken
    assert "Gleichstellung" in luecken
    fehlend = {b.nummer for b in response.context["abdeckung"]["sgb_fehlend"]}
    assert "VIII" not in fehlend
    assert "II" in fehlend


def test_export_csv_and_xlsx(client, planer, netzwerk, mitglied):
    import csv
    import io

    from openpyxl import load_workbook

    netzwerk.name = "=HYPERLINK(1)"
    netzwerk.save()
    client.force_login(planer)
    url = reverse("netzwerke:netzwerk_export")
    response = client.get(url, {"format": "csv"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][0] == "Name"
    assert rows[1][0] == "'=HYPERLINK(1)"
    assert rows[1][-1] == "1"
    response = client.get(url, {"format": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet["A2"].value == "'=HYPERLINK(1)"
    assert sheet["I2"].value == 1


def test_export_respects_visibility(client, koordination, netzwerk, fremdes_netzwerk):
    client.force_login(koordination)
    body = client.get(reverse("netzwerke:netzwerk_export"), {"format": "csv"}).content.decode()
    assert "Netzwerk Sprachförderung" in body
    assert "Internes Netzwerk Roden" not in body


def test_gebiet_filter_with_unknown_id_does_not_fail(client, planer, netzwerk):
    client.force_login(planer)
    response = client.get(reverse("netzwerke:netzwerk_list"), {"gebiet": "999"})
    assert response.status_code == 200
    # The unknown area filters nothing out and is named at its field.
    assert list(response.context["page"].object_list) == [netzwerk]
    assert 'id="id_gebiet_error"' in response.content.decode()


def test_roles_without_the_measure_pages_get_public_links_or_plain_names(
    client, beratung, koordination, netzwerk, massnahme
):
    """Beratung may see the network but not the staff measure pages: no link may answer 403."""
    from netzwerke.models import Massnahme, MassnahmeStatus

    beschlossen = Massnahme.objects.create(
        titel="Familienzentrum",
        netzwerk=netzwerk,
        gebiet=massnahme.gebiet,
        status=MassnahmeStatus.LAUFEND,
    )
    url = reverse("netzwerke:netzwerk_detail", args=[netzwerk.pk])
    client.force_login(beratung)
    html = client.get(url).content.decode()
    assert reverse("netzwerke:massnahme_detail", args=[massnahme.pk]) not in html
    assert reverse("netzwerke:massnahme_detail", args=[beschlossen.pk]) not in html
    assert reverse("netzwerke:massnahme", args=[beschlossen.pk]) in html  # public: linked
    assert "Sprachcafé im Quartier" in html  # an idea: named, not linked
    assert reverse("netzwerke:massnahme", args=[massnahme.pk]) not in html
    assert client.get(reverse("netzwerke:massnahme", args=[beschlossen.pk])).status_code == 200
    client.force_login(koordination)
    html = client.get(url).content.decode()
    assert reverse("netzwerke:massnahme_detail", args=[massnahme.pk]) in html
