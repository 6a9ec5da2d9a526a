"""A code from the authenticator app still counts in the 30 seconds after its step ends (typed
late, or a phone's clock a little off), never later, and never twice."""

import datetime as dt

import time_machine
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

from tests.conftest import PASSWORD

SECRET = "JBSWY3DPEHPK3PXP"  # what tests.conftest.make_user gives roles that need MFA
# 10:00:00 Berlin is the start of a 30-second step; its counter is the Unix time / 30.
STEP_START = dt.datetime(2026, 3, 10, 10, 0, 0, tzinfo=dt.timezone(dt.timedelta(hours=1)))
COUNTER = int(STEP_START.timestamp()) // 30


def code_for(counter: int) -> str:
    return format_hotp_value(hotp_value(SECRET, counter))


def submit_code(client, user, code: str, at: dt.datetime):
    with time_machine.travel(at, tick=False):
        client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
        return client.post("/accounts/2fa/authenticate/", {"code": code})


def test_a_code_typed_in_the_last_second_of_its_step_is_accepted_in_the_next(client, planer):
    response = submit_code(client, planer, code_for(COUNTER), STEP_START + dt.timedelta(seconds=31))
    assert response.status_code == 302
    assert response["Location"] == "/cockpit/"


def test_a_code_from_a_phone_a_few_seconds_ahead_is_accepted(client, planer):
    response = submit_code(
        client, planer, code_for(COUNTER + 1), STEP_START + dt.timedelta(seconds=25)
    )
    assert response["Location"] == "/cockpit/"


def test_a_code_two_steps_old_is_refused(client, planer):
    response = submit_code(client, planer, code_for(COUNTER), STEP_START + dt.timedelta(seconds=61))
    assert response.context["form"].errors["code"] == ["Falscher Code."]
    assert "_auth_user_id" not in client.session


def test_the_same_code_does_not_log_in_twice(client, planer):
    code = code_for(COUNTER)
    assert (
        submit_code(client, planer, code, STEP_START + dt.timedelta(seconds=5)).status_code == 302
    )
    client.logout()
    response = submit_code(client, planer, code, STEP_START + dt.timedelta(seconds=40))
    assert response.context["form"].errors["code"]
    assert "_auth_user_id" not in client.session
