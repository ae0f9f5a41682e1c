"""Writes of batch audits: one run over every active student, stored with its date.

The run, its per-student results, their random acts and the caseload columns of the
students (``summary_*``) are written together in one transaction, so the caseload and
the stored run always agree, and a failed run leaves nothing behind.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from careerpaths.core import batch_summary
from careerpaths.core import model as m
from careerpaths.core.student_audit import StudentAudit, StudentVerdict, VerdictMemo, verdict_many
from careerpaths.web.accounts.selectors import Scope
from careerpaths.web.audits.models import AuditRun, RandomAct, StudentResult
from careerpaths.web.audits.selectors import random_acts_by_student
from careerpaths.web.catalog.selectors import region_index, region_revision
from careerpaths.web.students.models import DOMAIN_FIELDS, Student
from careerpaths.web.students.services import student_accesses_record, student_summaries_store

#: Students read, audited and written per round trip: bounds memory at any roster size.
CHUNK_SIZE = 2000


def random_act_hours(
    student: m.Student, result: StudentAudit | StudentVerdict, courses: Mapping[str, m.Course]
) -> list[tuple[str, str, float]]:
    """``(course key, provider, semester hours)`` of each of ``result.random_acts``
    (:func:`careerpaths.core.batch_summary.random_act_hours`)."""
    return batch_summary.random_act_hours(student, result.random_acts, courses)


def _store_chunk(
    *,
    run: AuditRun,
    rows: Sequence[Student],
    domain: Sequence[m.Student],
    results: Sequence[StudentAudit | StudentVerdict],
    courses: Mapping[str, m.Course],
) -> None:
    stored: list[StudentResult] = []
    acts: list[list[tuple[str, str, float]]] = []
    for row, student, result in zip(rows, domain, results, strict=True):
        found = random_act_hours(student, result, courses)
        acts.append(found)
        stored.append(
            StudentResult(
                run=run,
                student_id=row.pk,
                school=row.school_id,
                on_track=result.on_track,
                flags=sorted({f.code.value for f in result.flags}),
                college_credits=result.college_credits,
                dual_credits=result.dual_credits,
                random_act_count=len(found),
                random_act_credits=round(sum(h for _k, _p, h in found), 2),
                random_acts=[k for k, _p, _h in found],
            )
        )
        run.students += 1
        if result.on_track:
            run.on_track += 1
        else:
            run.off_track += 1
        if found:
            run.students_with_random_acts += 1
            run.random_act_credits += sum(h for _k, _p, h in found)
    # bulk_create sets the primary keys (PostgreSQL, SQLite ≥ 3.35): the acts point at them
    StudentResult.objects.bulk_create(stored, batch_size=1000)
    RandomAct.objects.bulk_create(
        [
            RandomAct(
                run=run,
                result_id=res.pk,
                school=res.school,
                course_key=key,
                provider=provider,
                credits=hours,
            )
            for res, found in zip(stored, acts, strict=True)
            for key, provider, hours in found
        ],
        batch_size=1000,
    )


@transaction.atomic
def batch_audit_run(
    *, actor: User | None = None, as_of: date | None = None, chunk_size: int = CHUNK_SIZE
) -> AuditRun:
    """Audit every active student, store the run and refresh the caseload columns.

    ``actor`` is the staff member who started the run (``None``: the command line);
    ``as_of`` the date the run stands for (default: today). Students are read in
    primary-key order, ``chunk_size`` at a time, audited with ``audit_many`` and written
    back in bulk: a handful of queries per chunk, none per student.

    The run computes verdicts (``verdict_many``: statuses, credits, flags, random acts),
    not the explanation trees: those are built when a counselor opens a student, so the
    students' stored explanations are cleared here (see ``student_summaries_store``).
    """
    started = timezone.now()
    revision = region_revision()
    index = region_index()
    region = index.region
    run = AuditRun.objects.create(
        started_at=started,
        as_of=as_of or timezone.localdate(started),
        started_by=actor,
        source="web" if actor is not None else "cli",
        catalog_revision=revision,
    )
    # Keyset pagination rather than one open cursor: SQLite gives no isolation between a
    # cursor still being read and the writes made on the same connection meanwhile.
    memo = VerdictMemo(index)  # shared by the chunks
    # only what to_domain reads
    students = Student.objects.filter(active=True).only(*DOMAIN_FIELDS).order_by("pk")
    last = 0
    while True:
        rows = list(students.filter(pk__gt=last)[:chunk_size])
        if not rows:
            break
        last = rows[-1].pk
        domain = [row.to_domain() for row in rows]
        results = list(verdict_many(domain, region, index, memo=memo))
        _store_chunk(run=run, rows=rows, domain=domain, results=results, courses=region.courses)
        student_summaries_store(rows=rows, results=results, revision=revision)
    run.random_act_credits = round(run.random_act_credits, 2)
    run.finished_at = timezone.now()
    run.save()
    return run


def random_acts_open(*, scope: Scope, actor: User, run: AuditRun) -> list[StudentResult]:
    """A counselor opens a run's students with random acts: each row shown is logged.

    Only the counselor's students (see ``selectors.random_acts_by_student``); each row
    is a ``batch-audit`` line of the access log.
    """
    rows = list(random_acts_by_student(scope=scope, run=run))
    student_accesses_record(
        actor=actor,
        student_ids=[r.student_id for r in rows if r.student_id is not None],
        what="batch-audit",
    )
    return rows
