"""Logging a test client in as a user who has passed the two-step login.

``force_login`` alone leaves a user of a role that must verify a code on the two-step page
(careerpaths/web/accounts/mfa.py). This gives the user a confirmed TOTP device and marks
the session verified with it, as ``django_otp.login`` does after a right code;
tests/web/test_login_security.py goes through the real form with real codes.
"""

from __future__ import annotations

from typing import Any

from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice


def verified_login(client: Client, user: Any) -> TOTPDevice:
    client.force_login(user)
    device, _ = TOTPDevice.objects.get_or_create(
        user=user, name="test authenticator", defaults={"confirmed": True}
    )
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return device
