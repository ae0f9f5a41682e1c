"""Tests: fast password hashing, no key file needed, PostgreSQL when the fixture says so."""

from __future__ import annotations

import os
import secrets

# A fresh key per test run (set before base is imported, so no key file is written).
os.environ.setdefault("DJANGO_SECRET_KEY", secrets.token_urlsafe(50))

from careerpaths.web.settings.base import *  # noqa: F403
from careerpaths.web.settings.base import HOME, database_from_url

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
DATABASES = {"default": database_from_url(os.environ.get("DATABASE_URL", ""), home=HOME)}
DEBUG = False
LANGUAGE_CODE = "en"
