"""Production: secrets and hosts only from the environment; HTTPS everywhere.

Required: ``DJANGO_SECRET_KEY``, ``DJANGO_ALLOWED_HOSTS``; ``DATABASE_URL`` for PostgreSQL.
Run ``manage.py collectstatic`` once per release (static files are then served by whitenoise
from ``STATIC_ROOT`` with hashed names).
"""

from __future__ import annotations

import os

from django.core.exceptions import ImproperlyConfigured

# Checked before base is imported, so production never generates a local key file.
if not os.environ.get("DJANGO_SECRET_KEY"):
    raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set in production")
if not os.environ.get("DJANGO_ALLOWED_HOSTS"):
    raise ImproperlyConfigured("DJANGO_ALLOWED_HOSTS must be set in production")

from careerpaths.web.settings.base import *  # noqa: F403
from careerpaths.web.settings.base import HOME

SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]

DEBUG = False
STATIC_ROOT = os.environ.get("DJANGO_STATIC_ROOT", str(HOME / "static"))
WHITENOISE_USE_FINDERS = False
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = os.environ.get("DJANGO_SECURE_SSL_REDIRECT", "1") == "1"
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.environ.get("DJANGO_CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]
SESSION_COOKIE_AGE = 8 * 3600  # a working day
X_FRAME_OPTIONS = "DENY"
