"""Selectors only read (issue #18): every page of the permission matrix, opened by a role
that may see it, with every function of every ``careerpaths.web.*.selectors`` module
watched — none of them may write to the database (no INSERT, UPDATE or DELETE while it
runs). Writes are services' (the caseload's summary refresh, the student page's stored
audit, the access log, the what-if's release and budget charge).

The caseload's summaries and the student's stored audit are made stale first, so the
writes a read used to trigger would be seen here.
"""

from __future__ import annotations

import functools
import inspect
import re
import sys
from collections.abc import Callable, Iterator
from types import ModuleType
from typing import Any

import pytest
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from careerpaths.web.catalog.models import RegionInfo
from tests.web.test_permission_matrix import MATRIX, ROLES, _kwargs

# Django logs an executemany as "<n> times: <sql>".
WRITE = re.compile(r"^\s*(?:\d+ times: )?\s*(INSERT|UPDATE|DELETE|REPLACE)\b", re.IGNORECASE)


def _selector_modules() -> list[ModuleType]:
    import careerpaths.web.urls  # noqa: F401  (every app's views, hence selectors, loaded)

    return [
        mod
        for name, mod in sorted(sys.modules.items())
        if name.startswith("careerpaths.web.") and name.endswith(".selectors")
    ]


def _watched(fn: Callable[..., Any], seen: list[str]) -> Callable[..., Any]:
    """``fn``, adding to ``seen`` each write (``function: SQL``) made while it runs."""

    @functools.wraps(fn)
    def run(*args: Any, **kwargs: Any) -> Any:
        with CaptureQueriesContext(connection) as ctx:
            result = fn(*args, **kwargs)
        for q in ctx.captured_queries:
            if WRITE.match(q["sql"]):
                seen.append(f"{fn.__module__}.{fn.__qualname__}: {q['sql'][:200]}")
        return result

    return run


@pytest.fixture
def writes_in_selectors(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Every selector function watched, wherever a web module holds it by name; yields the
    list of the writes made inside any of them."""
    seen: list[str] = []
    wrapped: dict[int, Callable[..., Any]] = {}
    for mod in _selector_modules():
        for _name, fn in inspect.getmembers(mod, inspect.isfunction):
            if fn.__module__ == mod.__name__:
                wrapped[id(fn)] = _watched(fn, seen)
    assert wrapped, "no selector found"
    for name, mod in list(sys.modules.items()):
        if not name.startswith("careerpaths.web") or mod is None:
            continue
        for attr, value in list(vars(mod).items()):
            if inspect.isfunction(value) and id(value) in wrapped:
                monkeypatch.setattr(mod, attr, wrapped[id(value)])
    yield seen


def _reader(expected: tuple[int, ...]) -> str | None:
    """Who opens a page: the counselor where they may (their caseload, their students),
    else the first staff role that may."""
    staff = [
        r for r, status in zip(ROLES, expected, strict=True) if status == 200 and r != "anonymous"
    ]
    return "counselor" if "counselor" in staff else next(iter(staff), None)


PAGES = [
    pytest.param(name, which, role, id=f"{name}-{role}")
    for name, (method, which, expected) in MATRIX.items()
    if method == "GET" and (role := _reader(expected)) is not None
]


@pytest.mark.parametrize(("name", "which", "role"), PAGES)
def test_pages_selectors_do_not_write(
    client_for: Any, writes_in_selectors: list[str], name: str, which: str, role: str
) -> None:
    kwargs = _kwargs(which)
    client = client_for(role)
    # a catalog edit since the summaries and audits were stored: they are stale now
    RegionInfo.objects.update(revision=F("revision") + 1)
    response = client.get(reverse(name, kwargs=kwargs))
    assert response.status_code == 200
    assert writes_in_selectors == []


def test_the_watch_sees_a_write_in_a_selector(users: dict[str, Any]) -> None:
    """A read that refreshed the caseload's summaries itself (as ``caseload`` once did) is
    caught."""
    from careerpaths.web.accounts.selectors import user_scope
    from careerpaths.web.students.selectors import CaseloadFilters, caseload
    from careerpaths.web.students.services import caseload_refresh

    def refreshing_caseload(**kwargs: Any) -> Any:
        caseload_refresh(scope=kwargs["scope"])
        return caseload(**kwargs)

    seen: list[str] = []
    RegionInfo.objects.update(revision=F("revision") + 1)
    scope = user_scope(user=users["counselor"])
    _watched(refreshing_caseload, seen)(scope=scope, filters=CaseloadFilters())
    assert seen and all("UPDATE" in w for w in seen)


def test_stale_reads_stay_reads(users: dict[str, Any], writes_in_selectors: list[str]) -> None:
    """Behind the catalog's revision, the caseload shows the summaries as stored and the
    student page computes the audit without storing it: the services write them."""
    from careerpaths.web.accounts.selectors import user_scope
    from careerpaths.web.students import selectors, services
    from careerpaths.web.students.models import Student

    RegionInfo.objects.update(revision=F("revision") + 1)
    scope = user_scope(user=users["counselor"])
    assert selectors.students_stale(scope=scope).exists()
    before = selectors.caseload(scope=scope, filters=selectors.CaseloadFilters())
    student = Student.objects.get(record_id="SYN-A1")
    page = selectors.student_audit(scope=scope, public_id=str(student.public_id))
    assert page.fresh and writes_in_selectors == []
    assert selectors.students_stale(scope=scope).exists()  # nothing was stored
    assert services.caseload_refresh(scope=scope) == before.everyone
    assert not selectors.students_stale(scope=scope).exists()
    assert services.caseload_refresh(scope=scope) == 0
