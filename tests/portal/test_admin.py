import re

import pytest
from django.contrib import admin
from django.core import mail
from django.urls import reverse

from saarlouis_portal.konten.models import User


def portal_models():
    prefixes = (
        "saarlouis_portal.",
        "netzwerke",
        "begegnung",
        "sorgekreise",
        "sprechstunden",
        "berichte",
    )
    return [m for m in admin.site._registry if m._meta.app_config.name.startswith(prefixes)]


def test_every_portal_model_is_in_the_admin_with_search_and_filters():
    models = portal_models()
    assert models
    for model in models:
        model_admin = admin.site._registry[model]
        assert model_admin.search_fields, model
        assert model_admin.list_filter, model


@pytest.mark.parametrize("model", portal_models(), ids=lambda m: m._meta.label)
def test_changelists_open_searched_and_filtered(client, administrator, model):
    client.force_login(administrator)
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    assert client.get(url, {"q": "Saar"}).status_code == 200


def test_the_invitation_mails_a_link_to_set_the_password(client, administrator, db):
    invited = User.objects.create_user(email="neu@example.org")  # no usable password yet
    client.force_login(administrator)
    response = client.post(
        reverse("admin:konten_user_changelist"),
        {"action": "einladung_senden", "_selected_action": [invited.pk]},
    )
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["neu@example.org"]
    link = re.search(r"http://testserver(/accounts/password/reset/key/\S+)", mail.outbox[0].body)
    client.logout()
    form_url = client.get(link.group(1))["Location"]
    client.post(
        form_url, {"password1": "Mein-Eigenes-Passwort-1", "password2": "Mein-Eigenes-Passwort-1"}
    )
    invited.refresh_from_db()
    assert invited.check_password("Mein-Eigenes-Passwort-1")


def test_translated_texts_are_edited_per_language_in_the_admin(client, administrator, db):
    """The admin of a model with translated fields (modeltranslation) saves the German text and
    a translation, and does not overwrite one with the other."""
    from saarlouis_portal.stammdaten.models import Thema

    thema = Thema.objects.create(name="Wohnen im Alter", slug="wohnen-im-alter")
    client.force_login(administrator)
    url = f"/admin/stammdaten/thema/{thema.pk}/change/"
    assert client.get(url).status_code == 200
    data = {
        "name_de": "Wohnen im Alter (neu)",
        "name_en": "Housing in old age",
        "slug": "wohnen-im-alter",
        "beschreibung": "",
        "reihenfolge": "0",
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    thema.refresh_from_db()
    assert (thema.name_de, thema.name_en) == ("Wohnen im Alter (neu)", "Housing in old age")
