"""Settings shared by every environment; used as is for development and ``careerpaths demo``.

Configuration comes from the environment, read once by
:meth:`careerpaths.settings.Settings.from_env` (every variable: docs/settings.md):

* ``DATABASE_URL`` — ``postgres://user:password@host:port/name`` for PostgreSQL, or
  ``sqlite:///path``; unset means the embedded SQLite database in ``CAREERPATHS_HOME``.
* ``CAREERPATHS_HOME`` — the folder of the SQLite database and the development key
  (default ``~/.local/share/careerpaths``, the same folder as the labor store).
* ``DJANGO_SECRET_KEY`` — here optional: without it a key is generated once per database
  and kept beside the SQLite file (never in code, never in the source tree). Production
  requires it.
"""

from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

from careerpaths.settings import Settings

WEB_DIR = Path(__file__).resolve().parent.parent
#: The product's settings (frozen), read from the environment once; code reads them as
#: ``django.conf.settings.CAREERPATHS``.
CAREERPATHS = Settings.from_env()
HOME = CAREERPATHS.home


def database_from_url(url: str, *, home: Path) -> dict[str, object]:
    """A Django ``DATABASES`` entry from a ``DATABASE_URL``.

    >>> database_from_url("postgres://u:p%40ss@db:5433/cp", home=Path("/x"))["PORT"]
    '5433'
    """
    if not url:
        return _sqlite(str(home / "careerpaths.sqlite3"))
    parts = urlsplit(url)
    if parts.scheme == "sqlite":
        # sqlite:///relative/path or sqlite:////absolute/path
        path = parts.path[1:] if parts.path.startswith("/") else parts.path
        return _sqlite(path or ":memory:")
    if parts.scheme in ("postgres", "postgresql", "pgsql"):
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": unquote(parts.path.lstrip("/")),
            "USER": unquote(parts.username or ""),
            "PASSWORD": unquote(parts.password or ""),
            "HOST": parts.hostname or "",
            "PORT": str(parts.port or ""),
            "CONN_MAX_AGE": 60,
            "CONN_HEALTH_CHECKS": True,
        }
    raise ImproperlyConfigured(f"DATABASE_URL scheme {parts.scheme!r} is not supported")


def _sqlite(name: str) -> dict[str, object]:
    # WAL lets readers run beside the writer (the access log writes on every student
    # view); IMMEDIATE transactions wait for the write lock instead of failing mid-way.
    # Connections are kept (each server thread keeps its own): opening one and running
    # the PRAGMAs on every request cost more than most pages' queries.
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": name,
        "CONN_MAX_AGE": 600,
        "OPTIONS": {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        },
    }


def local_secret_key(home: Path) -> str:
    """The development key: generated once per database, stored beside the SQLite file."""
    path = home / "secret-key.txt"
    if path.exists():
        return path.read_text(encoding="utf-8").strip()
    home.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(50)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(key + "\n")
    return key


DATABASES = {"default": database_from_url(CAREERPATHS.database_url, home=HOME)}
if not CAREERPATHS.database_url:
    HOME.mkdir(parents=True, exist_ok=True)  # the embedded database needs its folder
SECRET_KEY = CAREERPATHS.secret_key or local_secret_key(HOME)
DEBUG = CAREERPATHS.debug
ALLOWED_HOSTS = list(CAREERPATHS.allowed_hosts) or ["127.0.0.1", "localhost", "[::1]"]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",  # ships htmx ({% htmx_script %}): no CDN
    "careerpaths.web.catalog",
    "careerpaths.web.accounts",
    "careerpaths.web.students",
    "careerpaths.web.labor",  # wages and openings on maps, labor reports (issue #4)
    "careerpaths.web.audits",  # batch audits stored by date (issue #5)
    "careerpaths.web.equity",  # equity dashboard and eligibility what-if (issue #5)
    "careerpaths.web.partnerships",  # costs by delivery model, Perkins V budget (issue #16)
    "careerpaths.web.staffing",  # instructors, approvals, sections, launch timeline (issue #17)
    # Login hardening (issue #12): TOTP two-step login, then throttling and lockout (axes
    # last, as its documentation asks).
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
]

MIDDLEWARE = [
    # first: every response carries the policy, also those an inner middleware answers
    "careerpaths.web.csp.ContentSecurityPolicyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # pages compressed for browsers that accept it (a family's map: ~50 KB of HTML, ~9 KB
    # sent); Django pads each compressed page with random bytes ("Heal the BREACH") and
    # masks the CSRF token, so secrets cannot be guessed from the compressed length
    "django.middleware.gzip.GZipMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "careerpaths.web.accounts.mfa.MFARequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

# ---------------------------------------------------------------- login hardening
# docs/web.md "Logins, two-step login and the Content-Security-Policy".
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # refuses a locked-out account before checking
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = 5  # wrong passwords in a row for one account ...
AXES_COOLOFF_TIME = timedelta(minutes=15)  # ... pause its logins this long
AXES_LOCKOUT_PARAMETERS = ["username"]  # per account: guessing from many addresses is slowed too
AXES_RESET_ON_SUCCESS = True
# axes warns that a lock by username alone lets an attacker rotate addresses; that is the
# point here: the lock follows the account whatever the address, and a whole school behind
# one NAT address is never locked out by one student's typing (docs/web.md).
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_HTTP_RESPONSE_CODE = 429
AXES_ENABLE_ACCESS_FAILURE_LOG = True  # the failed-login log in the admin (no passwords)
AXES_VERBOSE = False  # the security log below names accounts by id, never by username
OTP_TOTP_ISSUER = "careerpaths"
# Demo accounts (group "demo-only", created by `careerpaths demo` over synthetic students)
# skip the two-step login here, in development and the demo only; production.py and
# test.py turn this off.
CAREERPATHS_MFA_EXEMPT_DEMO_ACCOUNTS = True

# No inline script, no eval, no third-party origin (careerpaths/web/csp.py).
CAREERPATHS_CSP = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "font-src": "'self'",
    "connect-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'none'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}

ROOT_URLCONF = "careerpaths.web.urls"
WSGI_APPLICATION = "careerpaths.web.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [WEB_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "careerpaths.web.accounts.context.role",
            ],
        },
    },
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "careerpaths.web.accounts.passwords.GuessablePatternValidator"},
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "staff-home"
LOGOUT_REDIRECT_URL = "home"

# equity dashboard: counts of 1 to threshold - 1 students are suppressed (never below 5)
CAREERPATHS_EQUITY_THRESHOLD = CAREERPATHS.equity_threshold
# eligibility what-if: differentially private answers (docs/equity.md): ε per question,
# and each user's total ε per calendar month
CAREERPATHS_WHATIF_EPSILON = CAREERPATHS.whatif_epsilon
CAREERPATHS_WHATIF_BUDGET = CAREERPATHS.whatif_budget
# overrides the region's labor-market area ("" = the region's ``labor_area`` setting)
CAREERPATHS_LABOR_AREA = CAREERPATHS.labor_area

LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("es", "Español")]
LOCALE_PATHS = [WEB_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "America/Chicago"
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [WEB_DIR / "static"]
# Development and the demo serve static files straight from the package (no collectstatic).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False  # htmx reads it to send X-CSRFToken

# Application logs never carry personal data: records name users and students by their
# internal ids only.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {
        "console": {
            "class": "careerpaths.web.log_handlers.CurrentStderrHandler",
            "formatter": "plain",
        }
    },
    "loggers": {
        "careerpaths": {"handlers": ["console"], "level": "INFO", "propagate": False},
        # django-axes would log usernames and addresses: careerpaths.security logs instead
        "axes": {"handlers": [], "level": "CRITICAL", "propagate": False},
        "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
    },
}
