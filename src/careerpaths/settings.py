"""One settings object for the whole product: :meth:`Settings.from_env` reads the environment
once, at the edge (the CLI, the Django settings modules), and the values are passed down.

Library code never reads ``os.environ``; every variable the product understands is a field
here, documented in docs/settings.md (a test checks both).

>>> s = Settings.from_env({"CAREERPATHS_HOME": "/srv/cp", "CAREERPATHS_EQUITY_THRESHOLD": "12"})
>>> (str(s.home), s.equity_threshold, s.labor_store.name)
('/srv/cp', 12, 'labor.sqlite')
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path

#: Where everything local lives when ``CAREERPATHS_HOME`` is unset: one per-user folder,
#: whatever the working directory (a relative ``./var`` once put a development key into
#: the source tree when the app was started from inside the package).
DEFAULT_HOME = Path("~/.local/share/careerpaths")

USER_STORE_NAME = "labor.sqlite"


class SettingsError(ValueError):
    """A variable that cannot be interpreted: names the variable and the value's problem."""


def _env(name: str, doc: str) -> dict[str, str]:
    return {"env": name, "doc": doc}


@dataclass(frozen=True)
class Settings:
    """Every environment variable careerpaths reads (``metadata["env"]`` names it)."""

    home: Path = field(
        default=DEFAULT_HOME.expanduser(),
        metadata=_env(
            "CAREERPATHS_HOME",
            "The folder of the embedded SQLite database, the development key and the labor store.",
        ),
    )
    database_url: str = field(
        default="",
        metadata=_env(
            "DATABASE_URL",
            "PostgreSQL (or another SQLite file) for the web app.",
        ),
    )
    equity_threshold: int = field(
        default=10,
        metadata=_env(
            "CAREERPATHS_EQUITY_THRESHOLD",
            "The small-cell threshold (never below 5).",
        ),
    )
    whatif_epsilon: float = field(
        default=0.5,
        metadata=_env(
            "CAREERPATHS_WHATIF_EPSILON",
            "The privacy cost ε of one eligibility what-if question.",
        ),
    )
    whatif_budget: float = field(
        default=10.0,
        metadata=_env(
            "CAREERPATHS_WHATIF_BUDGET",
            "Each user's what-if privacy budget ε per calendar month.",
        ),
    )
    labor_area: str = field(
        default="",
        metadata=_env(
            "CAREERPATHS_LABOR_AREA",
            "The region's labor-market area (OEWS code or name).",
        ),
    )
    analytics_postgres: str = field(
        default="",
        metadata=_env(
            "CAREERPATHS_ANALYTICS_POSTGRES",
            "PostgreSQL URL for `--engine postgres`.",
        ),
    )
    secret_key: str = field(
        default="",
        repr=False,
        metadata=_env(
            "DJANGO_SECRET_KEY",
            "The web app's signing key.",
        ),
    )
    debug: bool = field(
        default=False,
        metadata=_env(
            "DJANGO_DEBUG",
            "1 turns Django's debug pages on (development only).",
        ),
    )
    allowed_hosts: tuple[str, ...] = field(
        default=(),
        metadata=_env(
            "DJANGO_ALLOWED_HOSTS",
            "Comma-separated host names the web app answers (unset: this machine only; "
            "required in production).",
        ),
    )
    csrf_trusted_origins: tuple[str, ...] = field(
        default=(),
        metadata=_env(
            "DJANGO_CSRF_TRUSTED_ORIGINS",
            "Comma-separated origins (production).",
        ),
    )
    static_root: Path | None = field(
        default=None,
        metadata=_env(
            "DJANGO_STATIC_ROOT",
            "Collected static files (production).",
        ),
    )
    secure_ssl_redirect: bool = field(
        default=True,
        metadata=_env(
            "DJANGO_SECURE_SSL_REDIRECT",
            "0 turns the HTTPS redirect off (production).",
        ),
    )
    hsts_seconds: int = field(
        default=31536000,
        metadata=_env(
            "DJANGO_HSTS_SECONDS",
            "Strict-Transport-Security max-age (production).",
        ),
    )

    @property
    def labor_store(self) -> Path:
        """The user's labor store: ``$CAREERPATHS_HOME/labor.sqlite``."""
        return self.home / USER_STORE_NAME

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """The settings from ``environ`` (default ``os.environ``); unset or empty means default."""
        env = os.environ if environ is None else environ
        values: dict[str, object] = {}
        for f in fields(cls):
            raw = env.get(f.metadata["env"], "").strip()
            if raw:
                values[f.name] = _parse(f.metadata["env"], str(f.type), raw)
        threshold = values.get("equity_threshold", 10)
        if isinstance(threshold, int) and threshold < 5:
            raise SettingsError(f"CAREERPATHS_EQUITY_THRESHOLD must be at least 5, not {threshold}")
        return cls(**values)  # type: ignore[arg-type]


def env_names() -> list[str]:
    """The environment variables :class:`Settings` reads, in field order."""
    return [f.metadata["env"] for f in fields(Settings)]


def _parse(name: str, kind: str, raw: str) -> object:
    if kind.startswith("Path"):
        return Path(raw).expanduser().resolve()
    if kind == "bool":
        if raw not in ("0", "1"):
            raise SettingsError(f"{name} must be 0 or 1, not {raw!r}")
        return raw == "1"
    if kind == "int":
        try:
            return int(raw)
        except ValueError:
            raise SettingsError(f"{name} must be a whole number, not {raw!r}") from None
    if kind == "float":
        try:
            value = float(raw)
        except ValueError:
            raise SettingsError(f"{name} must be a number, not {raw!r}") from None
        if not value > 0 or value == float("inf"):
            raise SettingsError(f"{name} must be a positive number, not {raw!r}")
        return value
    if kind.startswith("tuple"):
        return tuple(p.strip() for p in raw.split(",") if p.strip())
    return raw
