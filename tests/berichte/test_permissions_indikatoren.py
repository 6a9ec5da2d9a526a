"""Who may do what on the data side: Sozialplanung edits indicators and sets up monitorings;
Berichtswesen sees and exports them; both import values (issue 16); other roles get 403;
logged-out visitors go to the login. The rules live in Indikator.can_change /
Monitoring.can_change (DATENPFLEGE) and Importlauf.can_import (WERTE_IMPORT)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from berichte.models import Importlauf, Indikator, Messwert, Monitoring
from berichte.services_indikatoren import stage_datei, token_for

LESEN = {"planer", "berichtswesen"}
PFLEGEN = {"planer"}
IMPORTIEREN = {"planer", "berichtswesen"}


@pytest.fixture
def objekte(monitoring, sgb2_quote, planer):
    datei = stage_datei(planer, "w.csv", b"indikator;gebiet;jahr;wert\nsgb2_quote;Nord;2024;9\n")
    return {"indikator": sgb2_quote, "monitoring": monitoring, "token": token_for(datei)}


# (URL name, key of the object whose pk/token is the argument, allowed roles)
GET_PAGES = [
    ("indikator_list", None, LESEN),
    ("indikator_detail", "indikator", LESEN),
    ("werte_export", None, LESEN),
    ("monitoring_list", None, LESEN),
    ("monitoring_detail", "monitoring", LESEN),
    ("indikator_create", None, PFLEGEN),
    ("indikator_update", "indikator", PFLEGEN),
    ("import", None, IMPORTIEREN),
    ("monitoring_create", None, PFLEGEN),
    ("monitoring_update", "monitoring", PFLEGEN),
]


def url(name, key, objekte, **query):
    if key is None:
        return reverse(f"berichte:{name}")
    value = objekte[key]
    return reverse(f"berichte:{name}", args=[value if isinstance(value, str) else value.pk])


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_index_table_downloads_like_the_result_page(client, users_by_role, objekte, fmt):
    target = reverse("berichte:monitoring_export", args=[objekte["monitoring"].pk, fmt])
    for role, user in users_by_role.items():
        client.force_login(user)
        expected = 200 if role in LESEN else 403
        assert client.get(target).status_code == expected, f"{role} {target}"
    client.logout()
    assert client.get(target)["Location"] == f"/accounts/login/?next={target}"


@pytest.mark.parametrize(("name", "key", "erlaubt"), GET_PAGES, ids=[p[0] for p in GET_PAGES])
def test_each_role_sees_what_it_may(client, users_by_role, objekte, name, key, erlaubt):
    target = url(name, key, objekte)
    for role, user in users_by_role.items():
        client.force_login(user)
        expected = 200 if role in erlaubt else 403
        assert client.get(target).status_code == expected, f"{role} {target}"
    client.logout()
    response = client.get(target)
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={target}"


def test_berichtswesen_exports_and_imports_but_cannot_change(client, berichtswesen, objekte):
    client.force_login(berichtswesen)
    export = client.get(reverse("berichte:werte_export"), {"format": "csv", "form": "lang"})
    assert export.status_code == 200
    indikator = objekte["indikator"]
    assert not indikator.can_change(berichtswesen)
    response = client.post(
        reverse("berichte:indikator_update", args=[indikator.pk]), {"name": "Geändert"}
    )
    assert response.status_code == 403
    response = client.post(reverse("berichte:monitoring_create"), {"name": "X"})
    assert response.status_code == 403
    response = client.post(
        reverse("berichte:monitoring_update", args=[objekte["monitoring"].pk]), {"name": "X"}
    )
    assert response.status_code == 403
    indikator.refresh_from_db()
    assert indikator.name == "SGB-II-Quote"
    assert Monitoring.objects.get().name == "Sozialmonitoring 2024"
    # Importing values is theirs too (issue 16): upload, preview, confirm.
    response = client.post(
        reverse("berichte:import"),
        {
            "datei": SimpleUploadedFile(
                "w.csv", b"indikator;gebiet;jahr;wert\nsgb2_quote;Nord;2024;9\n"
            )
        },
    )
    assert response.status_code == 302
    vorschau = client.get(response["Location"])
    assert vorschau.status_code == 200
    token = response["Location"].rstrip("/").split("/")[-1]
    response = client.post(reverse("berichte:import_bestaetigen", args=[token]))
    assert response.status_code == 302
    lauf = Importlauf.objects.get()
    assert lauf.importiert_von == berichtswesen
    assert Messwert.objects.get(jahr=2024, gebiet__name="Nord", indikator=indikator).wert == 9


def test_other_roles_and_anonymous_cannot_import(client, users_by_role, objekte):
    target = reverse("berichte:import_bestaetigen", args=[objekte["token"]])
    for role, user in users_by_role.items():
        if role in IMPORTIEREN:
            continue
        client.force_login(user)
        assert client.post(target).status_code == 403, role
    client.logout()
    assert client.post(target).status_code == 302
    assert not Messwert.objects.filter(jahr=2024, wert=9).exists()


def test_the_preview_belongs_to_the_person_who_uploaded(client, users_by_role, objekte):
    target = reverse("berichte:import_vorschau", args=[objekte["token"]])
    for role, user in users_by_role.items():
        client.force_login(user)
        response = client.get(target)
        # The planner who uploaded sees it; Berichtswesen may import but not another person's
        # file (back to the upload, as for a file that is gone); everybody else is refused
        # before the file is read.
        if role == "planer":
            assert response.status_code == 200, role
        elif role in IMPORTIEREN:
            assert response.status_code == 302, role
            assert response["Location"] == reverse("berichte:import")
        else:
            assert response.status_code == 403, role


def test_nobody_confirms_another_persons_file(client, berichtswesen, objekte):
    client.force_login(berichtswesen)
    response = client.post(reverse("berichte:import_bestaetigen", args=[objekte["token"]]))
    assert response["Location"] == reverse("berichte:import")
    assert not Importlauf.objects.exists()
    assert not Messwert.objects.filter(jahr=2024, wert=9).exists()


def test_confirming_is_post_only(client, planer, objekte):
    client.force_login(planer)
    response = client.get(reverse("berichte:import_bestaetigen", args=[objekte["token"]]))
    assert response.status_code == 405


def test_unknown_objects_are_404(client, planer, objekte):
    client.force_login(planer)
    for name in ("indikator_detail", "indikator_update", "monitoring_detail", "monitoring_update"):
        assert client.get(reverse(f"berichte:{name}", args=[999999])).status_code == 404


def test_the_rule_lives_on_the_model(planer, berichtswesen, beratung, outsider, objekte):
    assert Importlauf.can_import(planer)
    assert Importlauf.can_import(berichtswesen)
    assert not Importlauf.can_import(beratung)
    assert not Importlauf.can_import(outsider)
    assert Indikator().can_change(planer)
    assert not Indikator().can_change(berichtswesen)
    assert not Indikator().can_change(beratung)
    assert objekte["monitoring"].can_change(planer)
    assert not objekte["monitoring"].can_change(berichtswesen)
    assert list(Indikator.objects.for_user(beratung)) == []
    assert objekte["indikator"] in Indikator.objects.for_user(berichtswesen)
