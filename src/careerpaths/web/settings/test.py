"""Tests: fast password hashing, no key file needed, PostgreSQL when the fixture says so.

Security is as in production (login throttling, MFA for the roles that see student
records, the Content-Security-Policy): tests log in through a helper that verifies a TOTP
device (tests/web/conftest.py), never with the demo's exemption.
"""

from __future__ import annotations

import os
import secrets
import tempfile

# A fresh key per test run (set before base is imported, so no key file is written), and a
# throwaway CAREERPATHS_HOME unless the run names one: tests never touch the user's folder.
os.environ.setdefault("DJANGO_SECRET_KEY", secrets.token_urlsafe(50))
os.environ.setdefault("CAREERPATHS_HOME", tempfile.mkdtemp(prefix="careerpaths-test-"))

from careerpaths.web.settings.base import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
DEBUG = False
LANGUAGE_CODE = "en"
CAREERPATHS_MFA_EXEMPT_DEMO_ACCOUNTS = False
