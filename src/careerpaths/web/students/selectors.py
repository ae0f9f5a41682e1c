"""Reads of student records, always through the counselor's scope."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.paginator import Paginator
from django.db.models import Count, Q, QuerySet, TextField
from django.db.models.functions import Cast
from django.http import Http404

from careerpaths.core import model as m
from careerpaths.core.student_audit import FlagCode, StudentAudit, audit_student
from careerpaths.io.audit_json import audit_to_json
from careerpaths.web.accounts.models import Role
from careerpaths.web.accounts.selectors import Scope, refuse
from careerpaths.web.catalog.models import Institution
from careerpaths.web.catalog.selectors import (
    region_in_page_language,
    region_index,
    region_revision,
    region_snapshot,
    versioned_snapshot,
)
from careerpaths.web.students.audit_page import AuditView, audit_view
from careerpaths.web.students.models import ImportBatch, Student

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
    """The students a user may see: a counselor's own schools' active students; nobody else's.

    Students made inactive by a roster import are kept but shown nowhere.
    """
    if scope.has(Role.COUNSELOR):
        return Student.objects.filter(school_id__in=scope.institutions, active=True)
    return Student.objects.none()


def students_stale(*, scope: Scope) -> QuerySet[Student]:
    """The visible students whose caseload summary predates the catalog's revision."""
    return students_visible(scope=scope).exclude(summary_revision=region_revision())


@dataclass(frozen=True)
class CaseloadFilters:
    school: str = ""
    grade: int | None = None
    flag: str = ""
    pathway: str = ""
    q: str = ""  # a student id (the school's record id), or part of one
    sort: str = "id"
    page: str = "1"  # as given: a bad or out-of-range page shows the first or last page


PAGE_SIZE = 50
CASELOAD_COLUMNS = (
    "public_id",
    "record_id",
    "school__name",
    "grade_level",
    "pathway",
    "synthetic",
    "summary_on_track",
    "summary_flags",
    "summary_college_credits",
)


@dataclass(frozen=True)
class Caseload:
    rows: tuple[Student, ...]  # the rows of this page only
    total: int  # the students matching the filters, over all pages
    page: int
    pages: int
    first: int  # 1-based position of the first row shown (0 when there is none)
    last: int
    schools: tuple[tuple[str, str], ...]
    pathways: tuple[tuple[str, str], ...]
    flags: tuple[str, ...]
    # Over the whole caseload in scope (not the filters): students on track, and per flag.
    # A counselor's own students, each visible to them: counts, not a published aggregate.
    on_track: int = 0
    flag_counts: tuple[tuple[str, int], ...] = ()
    everyone: int = 0


def caseload(*, scope: Scope, filters: CaseloadFilters, page_size: int = PAGE_SIZE) -> Caseload:
    """One page of a counselor's active students with their flags, filtered and sorted.

    Filtering, sorting, counting and slicing happen in the database, so a caseload of
    thousands costs one page of rows. The flags are the materialized audit summaries as
    stored: :func:`careerpaths.web.students.services.caseload_open` brings the ones behind
    the catalog revision up to date first (``caseload_refresh``); this only reads.
    """
    qs = students_visible(scope=scope)
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
    flags = tuple(f.value for f in FlagCode)
    texts = qs.annotate(flags_text=Cast("summary_flags", TextField()))
    counted = texts.aggregate(
        everyone=Count("pk"),
        on_track=Count("pk", filter=Q(summary_on_track=True)),
        **{
            f"f{i}": Count("pk", filter=Q(flags_text__contains=f'"{f}"'))
            for i, f in enumerate(flags)
        },
    )
    if filters.q.strip():
        qs = qs.filter(record_id__icontains=filters.q.strip())
    if filters.school:
        qs = qs.filter(school_id=filters.school)
    if filters.grade is not None:
        qs = qs.filter(grade_level=filters.grade)
    if filters.pathway:
        qs = qs.filter(pathway="" if filters.pathway == "-" else filters.pathway)
    if filters.flag == "on-track":
        qs = qs.filter(summary_on_track=True)
    elif filters.flag in flags:
        # The JSON list as text holds the code in quotes on SQLite and PostgreSQL alike
        # (codes are plain slugs), where a JSON "contains" lookup is not portable.
        qs = qs.annotate(flags_text=Cast("summary_flags", TextField())).filter(
            flags_text__contains=f'"{filters.flag}"'
        )
    elif filters.flag:
        qs = qs.none()  # an unknown flag matches nobody
    # Only the columns a row shows: the audit JSON and the attempts are large, and sorting
    # whole rows would drag them through the database's sort.
    qs = (
        qs.select_related("school")
        .only(*CASELOAD_COLUMNS)
        .order_by(*SORTS.get(filters.sort, SORTS["id"]))
    )
    paginator = Paginator(qs, page_size)
    current = paginator.get_page(filters.page)
    rows = tuple(current.object_list)
    names = dict(pathways)
    for row in rows:
        row.pathway_name = names.get(row.pathway, row.pathway)  # type: ignore[attr-defined]
    return Caseload(
        rows=rows,
        total=paginator.count,
        page=current.number,
        pages=paginator.num_pages,
        first=current.start_index(),
        last=current.end_index(),
        schools=schools,
        pathways=pathways,
        flags=flags,
        on_track=counted["on_track"],
        flag_counts=tuple((f, counted[f"f{i}"]) for i, f in enumerate(flags)),
        everyone=counted["everyone"],
    )


# The record itself, read only to (re)compute an audit: a page with a current
# materialized audit does not load or decode it, but for the attempts and the credentials
# held, which the page reads to say when a course is next taken and what to retake.
RECORD_FIELDS = ("scores", "flags", "credentials", "demographics", "attempts")
PAGE_DEFERRED = ("scores", "flags", "demographics")


def student_get(*, scope: Scope, public_id: str, defer: Sequence[str] = ()) -> Student:
    """One student in scope, or 404 — the same answer as for a student that does not exist.

    ``defer``: columns not to load (see :data:`RECORD_FIELDS`).
    """
    try:
        pid = uuid.UUID(public_id)
    except ValueError:
        raise Http404() from None
    qs = students_visible(scope=scope).select_related("school").filter(public_id=pid)
    row = next(iter(qs.defer(*defer).order_by()[:1]), None)
    if row is None:
        if Student.objects.filter(public_id=pid).exists():
            raise refuse(scope, "student")
        raise Http404()
    return row


@dataclass(frozen=True)
class StudentPage:
    student: Student
    audit: dict[str, Any]  # io.audit_json.audit_to_json of the StudentAudit
    pathway: m.Pathway | None
    school: str
    # The audit computed now because the materialized one was stale (None: it was current),
    # with the catalog revision it was computed against, for the caller to store.
    computed: StudentAudit | None = None
    revision: int = 0
    # The audit as a counselor and a family read it, in the request's language.
    view: AuditView | None = None

    @property
    def fresh(self) -> bool:
        return self.computed is not None


def student_audit(*, scope: Scope, public_id: str) -> StudentPage:
    """The audit page of one student: the materialized audit, recomputed if stale.

    The caller writes the access log entry (see services.student_record_open).
    """
    row = student_get(scope=scope, public_id=public_id, defer=PAGE_DEFERRED)
    revision, region = versioned_snapshot()
    computed = None
    if row.summary_audit is None or row.summary_revision != revision:
        row.refresh_from_db(fields=RECORD_FIELDS)
        index = region_index()
        region = index.region
        computed = audit_student(row.to_domain(), region, index)
        data = audit_to_json(computed)
    else:
        data = dict(row.summary_audit or {})
    return StudentPage(
        student=row,
        audit=data,
        pathway=region.pathways.get(row.pathway) if row.pathway else None,
        school=row.school.name,
        computed=computed,
        revision=revision,
        view=audit_view(
            audit=data,
            region=region_in_page_language(),
            attempt_rows=row.attempts,
            held=row.credentials,
        ),
    )


@dataclass(frozen=True)
class StudentPlanPage:
    student: Student
    school: str
    plan: Any  # careerpaths.planner.uses.StudentPlan
    pathways: tuple[tuple[str, str], ...]  # (id, name) for the what-if choice
    what_if: str  # the pathway id of a what-if ("" for the declared pathway)


def student_plan(*, scope: Scope, public_id: str, what_if: str = "") -> StudentPlanPage:
    """A student's plan from next term (the declared pathway, or ``what_if``'s).

    The caller writes the access log entry (see services.student_plan_open).
    """
    from careerpaths.planner import plan_student

    row = student_get(scope=scope, public_id=public_id, defer=())
    index = region_index()
    region = index.region
    if what_if and what_if not in region.pathways:
        what_if = ""
    plan = plan_student(
        row.to_domain(), region, pathway=what_if or None, index=index, time_limit=10.0
    )
    pathways = tuple(sorted(((p.id, p.name) for p in region.pathways.values()), key=lambda x: x[1]))
    return StudentPlanPage(row, row.school.name, plan, pathways, what_if)


# --------------------------------------------------------------------------- roster imports


def import_batches_visible(*, scope: Scope) -> QuerySet[ImportBatch]:
    """Imports a user may see: all for a site administrator; for a district designer the
    imports they made and those whose schools all lie in their district."""
    qs = ImportBatch.objects.select_related("actor", "decided_by").defer("payload")
    if scope.has(Role.SITE_ADMIN):
        return qs
    if not scope.has(Role.DISTRICT_DESIGNER):
        return qs.none()
    covered = [
        pk
        for pk, schools in ImportBatch.objects.values_list("pk", "schools")
        if schools and set(schools) <= scope.institutions
    ]
    return qs.filter(Q(actor_id=scope.user_id) | Q(pk__in=covered))


def institution_names(*, batches: Iterable[ImportBatch]) -> dict[str, str]:
    """The names of the institutions the imports name (their schools, the schools a
    refusal or a hold lists), by id: staff read names, not ids."""
    ids: set[str] = set()
    for b in batches:
        ids.update(b.schools or ())
        ids.update(str(e["school"]) for e in b.errors or () if e.get("school"))
        ids.update(str(h["school"]) for h in b.holds or () if h.get("school"))
    return dict(Institution.objects.filter(id__in=ids).values_list("id", "name"))


def import_batch_get(*, scope: Scope, public_id: str) -> ImportBatch:
    """One import in scope, or 404 (logged as a refusal when it exists)."""
    try:
        pid = uuid.UUID(str(public_id))
    except ValueError:
        raise Http404() from None
    row = import_batches_visible(scope=scope).defer(None).filter(public_id=pid).first()
    if row is None:
        if ImportBatch.objects.filter(public_id=pid).exists():
            raise refuse(scope, "import")
        raise Http404()
    return row
