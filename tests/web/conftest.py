"""Web test fixtures: the two-district region in the database, one user per role.

With ``CAREERPATHS_TEST_POSTGRES=1`` the whole session runs on a throwaway PostgreSQL
cluster started here (see tests/pg.py); otherwise on SQLite.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from careerpaths.web.accounts.models import Role
from careerpaths.web.accounts.services import user_set_role
from careerpaths.web.catalog.services import region_import
from tests.web.auth import verified_login
from tests.web.regions import web_region

ROLES: dict[str, tuple[Role, list[str]] | None] = {
    "anonymous": None,
    "site_admin": (Role.SITE_ADMIN, []),
    "district_designer": (Role.DISTRICT_DESIGNER, ["da"]),
    "college_coordinator": (Role.COLLEGE_COORDINATOR, ["cc"]),
    "counselor": (Role.COUNSELOR, ["hs-a"]),
    "viewer": (Role.VIEWER, []),
}


@pytest.fixture(autouse=True)
def _default_language() -> Iterator[None]:
    """Each test starts in the site's default language: a response rendered in Spanish
    leaves Spanish active on the thread (LocaleMiddleware does not switch back)."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(scope="session")
def django_db_modify_db_settings(
    django_db_modify_db_settings_parallel_suffix: None,
) -> Iterator[None]:
    if os.environ.get("CAREERPATHS_TEST_POSTGRES") != "1":
        yield
        return
    from django.conf import settings

    from careerpaths.web.settings.base import database_from_url
    from tests.pg import start_cluster

    cluster = start_cluster()
    new = database_from_url(cluster.url, home=Path("."))
    db = settings.DATABASES["default"]  # changed in place: connections hold this dict
    for key in ("ENGINE", "NAME", "USER", "PASSWORD", "HOST", "PORT"):
        db[key] = new[key]
    db["OPTIONS"] = {}  # the SQLite pragmas mean nothing to PostgreSQL
    from django.db import connections

    with contextlib.suppress(AttributeError):
        del connections["default"]  # a connection made before the switch is dropped
    try:
        yield
    finally:
        from django.db import connections

        connections.close_all()
        cluster.stop()


@pytest.fixture
def region(db: None) -> Any:
    reg = web_region()
    region_import(region=reg)
    return reg


@pytest.fixture
def users(region: Any) -> dict[str, Any]:
    User = get_user_model()
    out: dict[str, Any] = {"anonymous": None}
    for name, spec in ROLES.items():
        if spec is None:
            continue
        role, insts = spec
        user = User.objects.create_user(username=name, password="pw-" + name)
        user_set_role(user=user, role=role, institutions=insts)
        out[name] = user
    return out


@pytest.fixture
def client_for(users: dict[str, Any]) -> Any:
    def make(role: str) -> Client:
        c = Client()
        if users[role] is not None:
            verified_login(c, users[role])
        return c

    return make
