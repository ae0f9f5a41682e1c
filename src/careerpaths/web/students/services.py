"""Writes about students: audit summaries for the caseload, the access log."""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from django.contrib.auth.models import User
from django.db import connection
from django.db.models import Field

from careerpaths.core.student_audit import StudentAudit, StudentVerdict, verdict_many
from careerpaths.io.audit_json import audit_to_json
from careerpaths.web.accounts.selectors import Scope
from careerpaths.web.catalog.selectors import region_index, region_revision
from careerpaths.web.students.models import Student, StudentAccess
from careerpaths.web.students.selectors import (
    Caseload,
    CaseloadFilters,
    StudentPage,
    StudentPlanPage,
    caseload,
    student_audit,
    student_plan,
    students_stale,
)

SUMMARY_FIELDS = [
    "summary_revision",
    "summary_on_track",
    "summary_flags",
    "summary_college_credits",
    "summary_dual_credits",
    "summary_random_acts",
    "summary_audit",
]


def student_summaries_refresh(*, students: Iterable[Student]) -> int:
    """Recompute the caseload columns of ``students`` from their verdicts; returns how many.

    Verdicts (``verdict_many``) carry everything the caseload shows; the explanations are
    cleared and each is built when the student's page is next opened.
    """
    index = region_index()
    rows = list(students)
    results = verdict_many((row.to_domain() for row in rows), index.region, index)
    return student_summaries_store(rows=rows, results=results, revision=region_revision())


def _concrete(name: str) -> Field[Any, Any]:
    field = Student._meta.get_field(name)
    assert isinstance(field, Field)
    return field


def student_summaries_store(
    *, rows: Sequence[Student], results: Iterable[StudentAudit | StudentVerdict], revision: int
) -> int:
    """Write already computed audits (in the order of ``rows``) into the caseload columns.

    A verdict (the batch audit's result) has no explanation: the stored one is cleared,
    and the student's page builds it when it is next opened.

    One ``UPDATE … WHERE id = ?`` executed for all rows (``executemany``): Django's
    ``bulk_update`` builds a CASE expression per column and row, which cost more than the
    audits themselves in a batch. Values go through each field's own database preparation,
    so JSON is stored exactly as the ORM stores it, on SQLite and PostgreSQL alike.
    """
    fields = [_concrete(name) for name in SUMMARY_FIELDS]
    params = []
    for row, result in zip(rows, results, strict=True):
        row.summary_revision = revision
        row.summary_on_track = result.on_track
        row.summary_flags = sorted({f.code.value for f in result.flags})
        row.summary_college_credits = result.college_credits
        row.summary_dual_credits = result.dual_credits
        row.summary_random_acts = len(result.random_acts)
        row.summary_audit = audit_to_json(result) if isinstance(result, StudentAudit) else None
        params.append(
            [f.get_db_prep_save(getattr(row, f.attname), connection) for f in fields] + [row.pk]
        )
    if params:
        qn = connection.ops.quote_name
        assignments = ", ".join(f"{qn(str(f.column))} = %s" for f in fields)
        sql = f"UPDATE {qn(Student._meta.db_table)} SET {assignments} WHERE {qn('id')} = %s"
        with connection.cursor() as cursor:
            cursor.executemany(sql, params)
    return len(params)


_write_lock = threading.Lock()


@contextmanager
def _sqlite_writer() -> Iterator[None]:
    """On SQLite, one writer at a time per process: the server's threads queue here, where
    SQLite would make them sleep and retry (its busy handler backs off by up to 100 ms)
    while the thread holding the database lock waits for the interpreter lock."""
    if connection.vendor != "sqlite" or connection.in_atomic_block:
        yield
        return
    with _write_lock:
        yield


def student_access_record(*, actor: User, student: Student, what: str) -> None:
    """Write one line of the access log (who, whom, when, what)."""
    student_accesses_record(actor=actor, student_ids=[student.pk], what=what)


def student_accesses_record(*, actor: User, student_ids: Iterable[int], what: str) -> None:
    """Write a line of the access log for each student (who, whom, when, what)."""
    rows = [StudentAccess(actor_id=actor.pk, student_id=pk, what=what) for pk in student_ids]
    with _sqlite_writer():
        StudentAccess.objects.bulk_create(rows, batch_size=500)


def student_record_open(*, scope: Scope, actor: User, public_id: str) -> StudentPage:
    """A counselor opens a student's page: the audit, and its line in the access log."""
    page = student_audit(scope=scope, public_id=public_id)
    if page.computed is not None:  # materialize for the next view
        student_summaries_store(
            rows=[page.student], results=[page.computed], revision=page.revision
        )
    student_access_record(actor=actor, student=page.student, what="audit")
    return page


def student_plan_open(
    *, scope: Scope, actor: User, public_id: str, what_if: str = ""
) -> StudentPlanPage:
    """A counselor opens a student's plan (or a what-if), logged as a ``plan`` view."""
    page = student_plan(scope=scope, public_id=public_id, what_if=what_if)
    student_access_record(actor=actor, student=page.student, what="plan")
    return page


def caseload_refresh(*, scope: Scope) -> int:
    """Bring the caseload summaries in ``scope`` up to the catalog's revision (those a
    catalog edit or an import left behind); returns how many were recomputed."""
    stale = students_stale(scope=scope)
    if not stale.exists():
        return 0
    return student_summaries_refresh(students=stale)


def caseload_open(*, scope: Scope, actor: User, filters: CaseloadFilters) -> Caseload:
    """A counselor opens the caseload: the summaries refreshed where stale, then the rows
    shown, each logged as a ``caseload`` view."""
    caseload_refresh(scope=scope)
    result = caseload(scope=scope, filters=filters)
    student_accesses_record(
        actor=actor, student_ids=[row.pk for row in result.rows], what="caseload"
    )
    return result
