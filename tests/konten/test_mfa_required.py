import pytest

from saarlouis_portal.konten.roles import Rolle
from tests.conftest import PASSWORD, make_user


@pytest.mark.parametrize("rolle", [Rolle.SOZIALPLANUNG, Rolle.BERATUNG, Rolle.ORTSLEITUNG])
def test_roles_seeing_personal_data_must_set_up_mfa_first(client, db, rolle):
    user = make_user("ohne-mfa@example.org", rolle, mfa=False)
    client.force_login(user)
    for path in ["/cockpit/", "/stammdaten/gebiete/", "/"]:
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"] == "/accounts/2fa/totp/activate/"


def test_the_setup_page_and_logout_stay_reachable(client, db):
    make_user("ohne-mfa@example.org", Rolle.SOZIALPLANUNG, mfa=False)
    response = client.post(
        "/accounts/login/", {"login": "ohne-mfa@example.org", "password": PASSWORD}
    )
    assert response["Location"] == "/cockpit/"
    assert client.get("/cockpit/")["Location"] == "/accounts/2fa/totp/activate/"
    # allauth asks for the password once more before a second factor can be added.
    reauth = client.get("/accounts/2fa/totp/activate/")["Location"]
    assert reauth.startswith("/accounts/reauthenticate/")
    response = client.post(reauth, {"password": PASSWORD})
    assert response.status_code == 302
    setup = client.get("/accounts/2fa/totp/activate/")
    assert setup.status_code == 200
    assert "QR-Code" in setup.content.decode()
    assert client.post("/accounts/logout/").status_code == 302


def test_administrators_must_set_up_mfa_too(client, db):
    client.force_login(make_user("admin2@example.org", is_superuser=True, is_staff=True, mfa=False))
    assert client.get("/admin/")["Location"] == "/accounts/2fa/totp/activate/"


def test_with_mfa_set_up_the_user_gets_in(client, planer):
    client.force_login(planer)
    assert client.get("/cockpit/").status_code == 200


@pytest.mark.parametrize("rolle", [Rolle.NETZWERKKOORDINATION, Rolle.BERICHTSWESEN])
def test_other_roles_may_work_without_mfa(client, db, rolle):
    client.force_login(make_user("ohne-mfa@example.org", rolle, mfa=False))
    assert client.get("/cockpit/").status_code == 200


def test_the_development_switch_lifts_the_requirement(client, db, settings):
    settings.DEV_DISABLE_MFA_REQUIREMENT = True
    client.force_login(make_user("ohne-mfa@example.org", Rolle.SOZIALPLANUNG, mfa=False))
    assert client.get("/cockpit/").status_code == 200


def test_legal_pages_stay_readable_before_mfa_is_set_up(client, db):
    client.force_login(make_user("ohne-mfa@example.org", Rolle.BERATUNG, mfa=False))
    for path in ["/impressum/", "/datenschutz/", "/barrierefreiheit/"]:
        assert client.get(path).status_code == 200, path
