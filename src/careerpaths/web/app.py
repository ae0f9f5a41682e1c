"""What the command line asks of the web app: set up, migrate, import, export, demo, serve.

Each function is one call for one CLI command; Django is configured on first use
(``DJANGO_SETTINGS_MODULE``, default the development settings).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from careerpaths.core.model import Region
    from careerpaths.web.accounts.services import DemoLogin
    from careerpaths.web.catalog.services import ImportSummary


def setup(*, home: Path | None = None) -> None:
    """Configure Django (once); ``home`` sets where the SQLite database lives."""
    if home is not None:
        os.environ["CAREERPATHS_HOME"] = str(home)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "careerpaths.web.settings.base")
    import django

    django.setup()


def migrate(*, verbosity: int = 0) -> None:
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=verbosity)


def database_label() -> str:
    from django.conf import settings

    db = settings.DATABASES["default"]
    if db["ENGINE"].endswith("sqlite3"):
        return f"SQLite {db['NAME']}"
    return f"PostgreSQL {db.get('HOST') or 'localhost'}/{db['NAME']}"


def import_workspace(root: Path) -> ImportSummary:
    """Migrate, then load the workspace into the database (whole or not at all)."""
    migrate()
    from careerpaths.web.catalog.services import workspace_import

    return workspace_import(root=root)


def export_workspace(root: Path) -> Region:
    from careerpaths.web.catalog.services import workspace_export

    return workspace_export(root=root)


@dataclass(frozen=True)
class DemoSite:
    summary: ImportSummary
    logins: list[DemoLogin]
    database: str


def prepare_demo(region: Region) -> DemoSite:
    """Migrate, import the demo region and create one demo account per role."""
    migrate()
    from careerpaths.web.accounts.services import demo_accounts_create
    from careerpaths.web.catalog.services import region_import

    summary = region_import(region=region)
    return DemoSite(summary, demo_accounts_create(), database_label())


def serve(
    *, host: str, port: int, threads: int = 8, ready: Callable[[str], None] | None = None
) -> None:
    """Serve the app with waitress (production-grade, pure Python) until interrupted."""
    from waitress.server import create_server

    from careerpaths.web.wsgi import application

    if host not in ("127.0.0.1", "localhost", "::1"):
        from django.conf import settings

        if host not in settings.ALLOWED_HOSTS and "*" not in settings.ALLOWED_HOSTS:
            settings.ALLOWED_HOSTS.append(host)
    server = create_server(application, host=host, port=port, threads=threads)
    if ready is not None:
        ready(f"http://{host}:{port}/")
    try:
        server.run()
    finally:
        server.close()
