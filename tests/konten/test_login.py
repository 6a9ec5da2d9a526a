import re

from django.core import mail

from saarlouis_portal.konten.models import User
from tests.conftest import PASSWORD


def login(client, email, password=PASSWORD):
    return client.post("/accounts/login/", {"login": email, "password": password})


def test_login_page_explains_who_it_is_for(client, db):
    response = client.get("/accounts/login/")
    assert response.status_code == 200
    assert "Anmeldung für Mitarbeitende" in response.content.decode()


def test_staff_logs_in_with_email_and_lands_in_the_cockpit(client, koordination):
    response = login(client, "Koordination@Example.org")
    assert response.status_code == 302
    assert response["Location"] == "/cockpit/"
    assert client.get("/cockpit/").status_code == 200


def test_wrong_password_shows_an_error_and_keeps_the_user_out(client, koordination):
    response = login(client, koordination.email, "falsch")
    assert response.status_code == 200
    assert "E-Mail-Adresse und/oder das Passwort sind leider falsch" in response.content.decode()
    assert client.get("/cockpit/").status_code == 302


def test_user_with_mfa_is_asked_for_the_code_before_entering(client, planer):
    response = login(client, planer.email)
    assert response.status_code == 302
    assert response["Location"] == "/accounts/2fa/authenticate/"
    assert client.get("/cockpit/")["Location"].startswith("/accounts/login/")


def test_logout_needs_a_post_and_ends_the_session(client, koordination):
    login(client, koordination.email)
    assert client.get("/accounts/logout/").status_code == 200  # confirmation page only
    assert client.get("/cockpit/").status_code == 200
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert client.get("/cockpit/").status_code == 302


def test_nobody_can_sign_up(client, db):
    response = client.post(
        "/accounts/signup/",
        {
            "email": "neu@example.org",
            "password1": "Ein-Langes-Passwort-1",
            "password2": "Ein-Langes-Passwort-1",
        },
    )
    assert response.status_code == 200
    assert "signup_closed" in response.templates[0].name
    assert not User.objects.filter(email="neu@example.org").exists()


def test_password_reset_by_email_sets_a_new_password(client, koordination):
    response = client.post("/accounts/password/reset/", {"email": koordination.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = re.search(r"http://testserver(/accounts/password/reset/key/\S+)", mail.outbox[0].body)
    assert link, mail.outbox[0].body
    form_url = client.get(link.group(1))["Location"]
    response = client.post(
        form_url, {"password1": "Ganz-Neues-Passwort-7", "password2": "Ganz-Neues-Passwort-7"}
    )
    assert response.status_code == 302
    koordination.refresh_from_db()
    assert koordination.check_password("Ganz-Neues-Passwort-7")


def test_password_reset_for_an_unknown_address_sends_nothing_and_reveals_nothing(client, db):
    response = client.post("/accounts/password/reset/", {"email": "niemand@example.org"})
    assert response.status_code == 302
    assert mail.outbox == []


def test_repeated_failed_logins_are_rate_limited(client, koordination):
    for _attempt in range(5):
        login(client, koordination.email, "falsch")
    response = login(client, koordination.email)  # even the right password is refused now
    assert response.status_code in (200, 429)
    assert client.get("/cockpit/").status_code == 302


def test_admin_login_goes_through_allauth(client, db):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_admin_is_closed_to_staff_without_admin_rights(client, koordination):
    client.force_login(koordination)
    response = client.get("/admin/")
    assert response.status_code == 302
