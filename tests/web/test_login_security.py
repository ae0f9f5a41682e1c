"""Issue #12 item 10: login throttling and lockout, the two-step login, the password
policy and the security log — each attack reproduced through the real login pages."""

from __future__ import annotations

import logging
import time
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client, override_settings
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from careerpaths.web.accounts.mfa import mark_demo_account, mfa_reset
from careerpaths.web.accounts.models import Role
from careerpaths.web.accounts.services import user_set_role

LOGIN = "/accounts/login/"
MFA = "/accounts/two-step/"
ADMIN_PASSWORD = "violet-otter-ladder-canyon"


def _user(name: str, role: Role, insts: list[str], password: str = ADMIN_PASSWORD) -> Any:
    user = get_user_model().objects.create_user(username=name, password=password)
    user_set_role(user=user, role=role, institutions=insts)
    return user


def _login(client: Client, username: str, password: str = ADMIN_PASSWORD) -> Any:
    return client.post(LOGIN, {"username": username, "password": password})


def _code(device: TOTPDevice, *, ahead: int = 0) -> str:
    """The code the user's authenticator app shows (``ahead`` steps later)."""
    device.refresh_from_db()
    code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=ahead)
    return f"{code:06d}"


# ------------------------------------------------------------------ throttling and lockout


def test_sixty_wrong_passwords_then_the_right_one_is_refused(region: Any) -> None:
    _user("chief", Role.SITE_ADMIN, [])
    client = Client()
    statuses = [_login(client, "chief", f"wrong-guess-{i}").status_code for i in range(60)]
    assert statuses[:4] == [200] * 4  # the login form again, "did not match"
    assert set(statuses[5:]) == {429}  # paused after five
    right = _login(client, "chief")
    assert right.status_code == 429
    assert "_auth_user_id" not in client.session
    assert "paused for 15 minutes" in right.content.decode()
    # from another address too: the pause is per account
    other = Client(REMOTE_ADDR="203.0.113.9")
    assert _login(other, "chief").status_code == 429


def test_a_right_password_resets_the_count(region: Any) -> None:
    _user("chief", Role.VIEWER, [])
    client = Client()
    for i in range(4):
        _login(client, "chief", f"typo-{i}")
    assert _login(client, "chief").status_code == 302
    client.post("/accounts/logout/")
    for i in range(4):
        assert _login(client, "chief", f"typo-again-{i}").status_code == 200


def test_failed_logins_are_in_the_security_log_without_names_or_passwords(
    region: Any, caplog: pytest.LogCaptureFixture
) -> None:
    user = _user("chief.ramirez@district.example", Role.VIEWER, [])
    client = Client()
    with caplog.at_level(logging.INFO):
        for i in range(6):
            _login(client, "chief.ramirez@district.example", f"Secret-Guess-{i}")
        _login(client, "nobody-by-this-name", "Another-Guess")
    security = [r.getMessage() for r in caplog.records if r.name == "careerpaths.security"]
    failed = [m for m in security if m.startswith("login failed")]
    assert len(failed) >= 5
    assert f"login failed: account={user.pk} " in failed[0]
    assert any("account=unknown" in m for m in failed)
    assert any("locked out" in m and f"account={user.pk}" in m for m in security)
    everything = "\n".join(r.getMessage() for r in caplog.records)
    for secret in ("Secret-Guess", "Another-Guess", "chief.ramirez", "nobody-by", "127.0.0.1"):
        assert secret not in everything


# ------------------------------------------------------------------ two-step login


def test_a_counselor_enrols_on_first_login_and_needs_a_code_afterwards(region: Any) -> None:
    user = _user("counselor", Role.COUNSELOR, ["hs-a"])
    client = Client()
    response = _login(client, "counselor")
    assert response.status_code == 302
    # the password alone does not open a student page
    response = client.get("/students/")
    assert response.status_code == 302 and response["Location"].startswith(MFA)
    page = client.get(response["Location"])
    html = page.content.decode()
    assert page.status_code == 200
    assert "Set up two-step login" in html and "<svg" in html and 'role="img"' in html
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    assert client.post(MFA, {"code": "000000", "next": "/students/"}).status_code == 422
    time.sleep(1.1)  # django-otp throttles: one second after a wrong code, doubling after each
    response = client.post(MFA, {"code": _code(device), "next": "/students/"})
    assert response.status_code == 302 and response["Location"] == "/students/"
    assert client.get("/students/").status_code == 200
    device.refresh_from_db()
    assert device.confirmed

    client.post("/accounts/logout/")
    _login(client, "counselor")
    assert client.get("/students/").status_code == 302
    page = client.get(MFA)
    assert "Two-step login" in page.content.decode()
    assert "<svg" not in page.content.decode()  # the secret is shown once, at enrolment
    assert client.post(MFA, {"code": _code(device, ahead=1)}).status_code == 302
    assert client.get("/students/").status_code == 200


@pytest.mark.parametrize("role", [Role.SITE_ADMIN, Role.DISTRICT_DESIGNER, Role.COUNSELOR])
def test_roles_that_see_student_records_cannot_skip_the_code(region: Any, role: Role) -> None:
    _user("someone", role, ["hs-a"] if role is Role.COUNSELOR else [])
    client = Client()
    _login(client, "someone")
    for url in ("/staff/", "/students/", "/students/import/", "/equity/", "/admin/"):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(MFA), url


@pytest.mark.parametrize("role", [Role.VIEWER, Role.COLLEGE_COORDINATOR])
def test_roles_that_see_aggregates_only_log_in_with_a_password(region: Any, role: Role) -> None:
    _user("someone", role, ["cc"] if role is Role.COLLEGE_COORDINATOR else [])
    client = Client()
    _login(client, "someone")
    assert client.get("/audits/").status_code == 200


def test_an_administrator_reset_makes_the_user_enrol_again(region: Any) -> None:
    user = _user("counselor", Role.COUNSELOR, ["hs-a"])
    TOTPDevice.objects.create(user=user, name="old phone", confirmed=True)
    assert mfa_reset(user=user) == 1
    client = Client()
    _login(client, "counselor")
    assert "Set up two-step login" in client.get(MFA).content.decode()


def test_demo_accounts_skip_the_code_only_where_the_settings_say_so(region: Any) -> None:
    user = _user("counselor", Role.COUNSELOR, ["hs-a"])
    mark_demo_account(user)
    client = Client()
    _login(client, "counselor")
    assert client.get("/students/").status_code == 302  # test settings: like production
    with override_settings(CAREERPATHS_MFA_EXEMPT_DEMO_ACCOUNTS=True):
        assert client.get("/students/").status_code == 200
        other = _user("real-counselor", Role.COUNSELOR, ["hs-a"])
        c2 = Client()
        _login(c2, other.username)
        assert c2.get("/students/").status_code == 302  # only demo accounts


def test_the_two_step_page_does_not_redirect_off_site(region: Any) -> None:
    user = _user("counselor", Role.COUNSELOR, ["hs-a"])
    TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    device = TOTPDevice.objects.get(user=user)
    client = Client()
    _login(client, "counselor")
    response = client.post(MFA, {"code": _code(device), "next": "https://evil.example/"})
    assert response.status_code == 302 and response["Location"] == "/staff/"


# ------------------------------------------------------------------ password policy


@pytest.mark.parametrize(
    "password",
    [
        "Summer2026",
        "careerpaths1",
        "Summer2026!!",
        "Summer2026!!!!",
        "CareerPaths2026!",
        "P@ssw0rd-2026",
        "Welcome12345!",
        "septiembre2026",
        "qwertyuiop123",
        "dragondragon12",
        "short-Pw1",
    ],
)
def test_guessable_passwords_are_refused(db: None, password: str) -> None:
    with pytest.raises(ValidationError):
        validate_password(password)


@pytest.mark.parametrize(
    "password", ["violet-otter-ladder-canyon", "Tq8#vLm2&xR9pZ", "maple river quartz 42"]
)
def test_strong_passwords_are_accepted(db: None, password: str) -> None:
    validate_password(password)
