"""Reads of student records, always through the counselor's scope."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from careerpaths.core import model as m
from careerpaths.core.student_audit import FlagCode, audit_student
from careerpaths.web.accounts.models import Role
from careerpaths.web.accounts.selectors import Scope, refuse
from careerpaths.web.catalog.selectors import (
    region_index,
    region_revision,
    region_snapshot,
    versioned_snapshot,
)
from careerpaths.web.students.audits import audit_to_json
from careerpaths.web.students.models import Student

SORTS = {
    "grade": ("grade_level", "record_id"),
    "-grade": ("-grade_level", "record_id"),
    "credits": ("summary_college_credits", "record_id"),
    "-credits": ("-summary_college_credits", "record_id"),
    "id": ("record_id",),
    "-id": ("-record_id",),
    "school": ("school__name", "record_id"),
    "-school": ("-school__name", "record_id"),
}


def students_visible(*, scope: Scope) -> QuerySet[Student]:
    """The students a user may see: a counselor's own schools' students; nobody else's."""
    if scope.has(Role.COUNSELOR):
        return Student.objects.filter(school_id__in=scope.institutions)
    return Student.objects.none()


@dataclass(frozen=True)
class CaseloadFilters:
    school: str = ""
    grade: int | None = None
    flag: str = ""
    pathway: str = ""
    sort: str = "id"


@dataclass(frozen=True)
class Caseload:
    rows: tuple[Student, ...]
    total: int
    schools: tuple[tuple[str, str], ...]
    pathways: tuple[tuple[str, str], ...]
    flags: tuple[str, ...]


def caseload(*, scope: Scope, filters: CaseloadFilters, limit: int = 500) -> Caseload:
    """A counselor's students with their flags, filtered and sorted (at most ``limit`` rows).

    The flags are the materialized audit summaries; rows behind the catalog revision are
    brought up to date first (a cache refresh, the only write a read triggers).
    """
    from careerpaths.web.students.services import student_summaries_refresh

    qs = students_visible(scope=scope).select_related("school")
    stale = qs.exclude(summary_revision=region_revision())
    if stale.exists():
        student_summaries_refresh(students=stale)
    region = region_snapshot()
    schools = tuple(
        sorted(
            {
                (s.id, s.name)
                for s in region.institutions.values()
                if s.id in scope.institutions and s.kind is m.InstitutionKind.HIGH_SCHOOL
            },
            key=lambda x: x[1],
        )
    )
    pathways = tuple(sorted(((p.id, p.name) for p in region.pathways.values()), key=lambda x: x[1]))
    if filters.school:
        qs = qs.filter(school_id=filters.school)
    if filters.grade is not None:
        qs = qs.filter(grade_level=filters.grade)
    if filters.pathway:
        qs = qs.filter(pathway="" if filters.pathway == "-" else filters.pathway)
    rows = list(qs.order_by(*SORTS.get(filters.sort, SORTS["id"])))
    if filters.flag == "on-track":
        rows = [r for r in rows if r.summary_on_track]
    elif filters.flag:
        rows = [r for r in rows if filters.flag in r.summary_flags]
    names = dict(pathways)
    for row in rows[:limit]:
        row.pathway_name = names.get(row.pathway, row.pathway)  # type: ignore[attr-defined]
    return Caseload(
        rows=tuple(rows[:limit]),
        total=len(rows),
        schools=schools,
        pathways=pathways,
        flags=tuple(f.value for f in FlagCode),
    )


def student_get(*, scope: Scope, public_id: str) -> Student:
    """One student in scope, or 404 — the same answer as for a student that does not exist."""
    try:
        pid = uuid.UUID(public_id)
    except ValueError:
        raise Http404() from None
    row = students_visible(scope=scope).select_related("school").filter(public_id=pid).first()
    if row is None:
        if Student.objects.filter(public_id=pid).exists():
            raise refuse(scope, "student")
        raise Http404()
    return row


@dataclass(frozen=True)
class StudentPage:
    student: Student
    audit: dict[str, Any]  # audits.audit_to_json of the StudentAudit
    pathway: m.Pathway | None
    school: str
    fresh: bool  # computed now (the materialized audit was stale)


def student_audit(*, scope: Scope, public_id: str) -> StudentPage:
    """The audit page of one student: the materialized audit, recomputed if stale.

    The caller writes the access log entry (see services.student_record_open).
    """
    row = student_get(scope=scope, public_id=public_id)
    revision, region = versioned_snapshot()
    fresh = row.summary_audit is None or row.summary_revision != revision
    if fresh:
        index = region_index()
        region = index.region
        data = audit_to_json(audit_student(row.to_domain(), region, index))
    else:
        data = dict(row.summary_audit or {})
    return StudentPage(
        student=row,
        audit=data,
        pathway=region.pathways.get(row.pathway) if row.pathway else None,
        school=row.school.name,
        fresh=fresh,
    )
