"""Production: secrets and hosts only from the environment; HTTPS everywhere.

Required: ``DJANGO_SECRET_KEY``, ``DJANGO_ALLOWED_HOSTS``; ``DATABASE_URL`` for PostgreSQL.
Run ``manage.py collectstatic`` once per release (static files are then served by whitenoise
from ``STATIC_ROOT`` with hashed names).
"""

from __future__ import annotations

from django.core.exceptions import ImproperlyConfigured

from careerpaths.settings import Settings

# Checked before base is imported, so production never generates a local key file.
_env = Settings.from_env()
if not _env.secret_key:
    raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set in production")
if not _env.allowed_hosts:
    raise ImproperlyConfigured("DJANGO_ALLOWED_HOSTS must be set in production")

from careerpaths.web.settings.base import *  # noqa: E402, F403
from careerpaths.web.settings.base import CAREERPATHS, HOME  # noqa: E402

SECRET_KEY = CAREERPATHS.secret_key

DEBUG = False
STATIC_ROOT = str(CAREERPATHS.static_root or HOME / "static")
WHITENOISE_USE_FINDERS = False
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = CAREERPATHS.secure_ssl_redirect
SECURE_HSTS_SECONDS = CAREERPATHS.hsts_seconds
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
CSRF_TRUSTED_ORIGINS = list(CAREERPATHS.csrf_trusted_origins)
SESSION_COOKIE_AGE = 8 * 3600  # a working day
X_FRAME_OPTIONS = "DENY"

# Never in production: every account that can see student records logs in with a code.
CAREERPATHS_MFA_EXEMPT_DEMO_ACCOUNTS = False
CAREERPATHS_CSP = {**CAREERPATHS_CSP, "upgrade-insecure-requests": ""}  # noqa: F405
