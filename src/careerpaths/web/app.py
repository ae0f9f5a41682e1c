"""What the command line asks of the web app: set up, migrate, import, export, demo, serve.

Each function is one call for one CLI command; Django is configured on first use
(``DJANGO_SETTINGS_MODULE``, default the development settings).
"""

from __future__ import annotations

import contextlib
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
    if str(db["ENGINE"]).endswith("sqlite3"):
        return f"SQLite {db['NAME']}"
    return f"PostgreSQL {db.get('HOST') or 'localhost'}/{db['NAME']}"


def import_workspace(root: Path) -> ImportSummary:
    """Migrate, then load the workspace into the database (whole or not at all)."""
    migrate()
    from django.db import transaction

    from careerpaths.web.catalog.services import workspace_import

    with transaction.atomic():  # the region and its partnerships, whole or not at all
        summary = workspace_import(root=root)
        if (root / "partnerships").is_dir():  # agreements and funding files (issue #16)
            from careerpaths.web.partnerships.services import partnerships_import

            partnerships_import(folder=root / "partnerships")
    if (root / "staffing").is_dir():  # instructors, approvals, sections (issue #17)
        from careerpaths.web.staffing.services import staffing_import

        staffing_import(folder=root / "staffing")
    return summary


def export_workspace(root: Path) -> Region:
    """Write the database's region, and its partnerships under ``partnerships/<id>/``."""
    from careerpaths.web.catalog.services import workspace_export
    from careerpaths.web.partnerships.models import Partnership
    from careerpaths.web.partnerships.services import partnerships_export

    def partnerships(folder: Path) -> None:
        if Partnership.objects.exists():
            partnerships_export(folder=folder / "partnerships")

    return workspace_export(root=root, extra=partnerships)


@dataclass(frozen=True)
class DemoSite:
    summary: ImportSummary
    logins: list[DemoLogin]
    database: str


def prepare_demo(
    region: Region, *, staffing: Path | None = None, partnerships: Path | None = None
) -> DemoSite:
    """Migrate, import the demo region (its ``staffing`` folder of illustrative instructors
    and sections, issue #17, and its ``partnerships`` folders of agreements and funding
    files, issue #16) and create one demo account per role."""
    migrate()
    from careerpaths.web.accounts.services import demo_accounts_create
    from careerpaths.web.catalog.services import region_import

    summary = region_import(region=region)
    if partnerships is not None:
        from careerpaths.web.partnerships.services import partnerships_import

        partnerships_import(folder=partnerships)
    if staffing is not None:
        from careerpaths.web.staffing.services import staffing_import

        staffing_import(folder=staffing)
    return DemoSite(summary, demo_accounts_create(), database_label())


def default_workers() -> int:
    """Server processes for ``serve``: one per core (POSIX), one where fork is missing."""
    return max(1, min(os.cpu_count() or 1, 8)) if hasattr(os, "fork") else 1


def serve(
    *,
    host: str,
    port: int,
    threads: int = 8,
    workers: int = 1,
    ready: Callable[[str], None] | None = None,
) -> None:
    """Serve the app with waitress until interrupted.

    With ``workers`` > 1 (POSIX), the listening socket is bound once and that many forked
    processes serve it, so Python's global lock does not cap the server at one core.
    """
    import socket

    from django.conf import settings
    from waitress.server import create_server

    from careerpaths.web.wsgi import application

    local = ("127.0.0.1", "localhost", "::1")
    if (
        host not in local
        and host not in settings.ALLOWED_HOSTS
        and "*" not in settings.ALLOWED_HOSTS
    ):
        settings.ALLOWED_HOSTS.append(host)
    url = f"http://[{host}]:{port}/" if ":" in host else f"http://{host}:{port}/"
    if workers <= 1 or not hasattr(os, "fork"):
        server = create_server(application, host=host, port=port, threads=threads)
        if ready is not None:
            ready(url)
        try:
            server.run()
        finally:
            server.close()
        return

    import signal

    from django.db import connections

    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.create_server((host, port), family=family, backlog=1024)
    connections.close_all()  # each process opens its own database connections
    children: list[int] = []
    for _ in range(workers):
        pid = os.fork()
        if pid == 0:  # a worker
            code = 0
            try:
                create_server(application, sockets=[sock], threads=threads).run()
            except KeyboardInterrupt:
                pass
            except BaseException:
                code = 1
            finally:
                os._exit(code)
        children.append(pid)

    def stop(signum: int, _frame: object) -> None:
        for child in children:
            with contextlib.suppress(ProcessLookupError):
                os.kill(child, signal.SIGTERM)
        for child in children:  # reap them: nothing keeps listening after we exit
            with contextlib.suppress(ChildProcessError):
                os.waitpid(child, 0)
        raise SystemExit(0)

    signal.signal(signal.SIGTERM, stop)
    if ready is not None:
        ready(url)
    try:
        for child in children:
            os.waitpid(child, 0)
    except KeyboardInterrupt:
        stop(signal.SIGINT, None)
    finally:
        sock.close()


class UnknownSchool(LookupError):
    """The pathway is not offered at that school; ``valid`` lists (id, name) of those it is."""

    def __init__(self, school: str, valid: list[tuple[str, str]]) -> None:
        super().__init__(school)
        self.school = school
        self.valid = valid


def pathway_handout(pathway_id: str, *, lang: str, school: str | None = None) -> bytes | None:
    """The family handout PDF of a pathway in the database's region (None: no such pathway);
    with ``school``, the handout for that school's families (:class:`UnknownSchool` when the
    pathway is not offered there)."""
    from careerpaths.web.catalog import selectors
    from careerpaths.web.catalog.handout import handout_pdf

    region = selectors.region_snapshot()
    pathway = region.pathways.get(pathway_id)
    if pathway is None:
        return None
    content = selectors.map_language(lang)
    pmap = selectors.pathway_map(pathway=pathway, region=region, lang=content)
    part = None
    if school is not None:
        part = selectors.school_handout(
            region=region, pathway=pathway, school_id=school, lang=content
        )
        if part is None:
            valid = selectors.handout_schools(region=region, pathway=pathway)
            raise UnknownSchool(school, [(i.id, i.name) for i in valid])
    return handout_pdf(pmap=pmap, lang=lang, school=part)
