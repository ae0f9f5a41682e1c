"""Reads of batch audits: the runs, a run's report per school and per college course,
the changes since the previous run, and random acts per student (counselors only).

Every count shown is a count of students, or credit hours of students; each goes through
``careerpaths.core.privacy``: counts of 1 to 9 and their complements read ``*`` so that
no hidden count can be worked out from a total, a district's schools, the courses or the
previous run. The per-school and per-course tables are built and suppressed once for the
whole region by :mod:`careerpaths.core.batch_summary` (the same builder as the command
line's) and each user sees a part of them, so two users' pages cannot be combined to
undo a suppression either.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Hashable, Mapping
from dataclasses import dataclass, replace

from django.db.models import Count, Q, QuerySet, Sum
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from careerpaths.core import batch_summary as bs
from careerpaths.core import model as m
from careerpaths.core.privacy import (
    HIDDEN,
    SMALL_CELL,
    Line,
    is_small,
    show,
    suppress,
    suppress_partition,
)
from careerpaths.web.accounts.models import Role
from careerpaths.web.accounts.selectors import Scope
from careerpaths.web.audits.models import AuditRun, RandomAct, StudentResult
from careerpaths.web.catalog.selectors import region_revision, region_snapshot
from careerpaths.web.students.selectors import students_visible

#: The command line's view: the operator of the app's database sees the whole region.
REGION_WIDE = Scope(user_id=None, role=Role.SITE_ADMIN)

#: Roles that see every school's row and the region's total.
_REGION_ROLES = (Role.SITE_ADMIN, Role.VIEWER)
#: Roles that see the per-college-course table (coordinators: their colleges' courses only).
_COURSE_ROLES = (
    Role.SITE_ADMIN,
    Role.VIEWER,
    Role.DISTRICT_DESIGNER,
    Role.COLLEGE_COORDINATOR,
)


def _cell(value: int, hidden: bool) -> str:
    return HIDDEN if hidden else str(value)


def _credits(value: float | None) -> str:
    return HIDDEN if value is None else f"{round(value, 1):g}"


# --------------------------------------------------------------------------- runs


@dataclass(frozen=True)
class RunLine:
    """A run in the list, with its region-wide counts suppressed."""

    run: AuditRun
    started_by: str
    students: str
    on_track: str
    off_track: str
    random_students: str
    random_credits: str


def _started_by(run: AuditRun) -> str:
    if run.source == "cli":
        return _("command line")
    return run.started_by.get_username() if run.started_by else _("a removed account")


def _run_line(run: AuditRun) -> RunLine:
    on, off = suppress_partition([run.on_track, run.off_track], total=run.students)
    ra, _rest = suppress_partition(
        [run.students_with_random_acts, run.students - run.students_with_random_acts],
        total=run.students,
    )
    return RunLine(
        run=run,
        started_by=_started_by(run),
        students=_cell(run.students, is_small(run.students)),
        on_track=on,
        off_track=off,
        random_students=ra,
        random_credits=_credits(run.random_act_credits) if ra.isdigit() else HIDDEN,
    )


def runs_list(*, limit: int = 50) -> list[RunLine]:
    """The newest runs first, each with its suppressed region-wide counts."""
    runs = AuditRun.objects.select_related("started_by").order_by("-started_at", "-id")
    return [_run_line(run) for run in runs[:limit]]


def latest_run(*, current: bool = False) -> AuditRun | None:
    """The newest run; with ``current``, only if it audited the catalog as it is now.

    The caseload's flags come from that run while the catalog has not changed since.
    """
    run = AuditRun.objects.order_by("-started_at", "-id").first()
    if run is not None and current and run.catalog_revision != region_revision():
        return None
    return run


def run_get(*, run_id: int) -> AuditRun:
    run = AuditRun.objects.select_related("started_by").filter(pk=run_id).first()
    if run is None:
        raise Http404()
    return run


def previous_run(*, run: AuditRun) -> AuditRun | None:
    """The run started just before ``run``."""
    earlier = Q(started_at__lt=run.started_at) | Q(started_at=run.started_at, pk__lt=run.pk)
    return AuditRun.objects.filter(earlier).order_by("-started_at", "-id").first()


# --------------------------------------------------------------------------- per school

Unit = bs.Unit
SchoolCounts = bs.UnitCounts


@dataclass(frozen=True)
class SchoolRow:
    """A line of the per-school table: a school, a district's subtotal or the region's total."""

    kind: str  # "school", "district" or "region"
    id: str
    name: str
    students: str
    on_track: str
    off_track: str
    random_students: str
    random_credits: str


@dataclass(frozen=True)
class CourseRow:
    """A college course that was a random act for some students in the run."""

    key: str
    code: str
    title: str
    college: str
    in_catalog: bool
    students: str
    credits: str


def school_counts(*, run: AuditRun) -> dict[str, SchoolCounts]:
    """The run's counts per school (one grouped query)."""
    rows = (
        StudentResult.objects.filter(run=run)
        .values("school")
        .annotate(
            n=Count("id"),
            on=Count("id", filter=Q(on_track=True)),
            ra=Count("id", filter=Q(random_act_count__gt=0)),
            credits=Sum("random_act_credits"),
        )
        .order_by()
    )
    return {r["school"]: SchoolCounts(r["n"], r["on"], r["ra"], r["credits"] or 0.0) for r in rows}


@dataclass(frozen=True)
class CourseCounts:
    """A random-act course's counts in a run, with the college that gives it."""

    provider: str
    counts: bs.CourseCounts


def course_counts(*, run: AuditRun) -> dict[str, CourseCounts]:
    """The run's random acts per college course, region-wide (one grouped query)."""
    agg = (
        RandomAct.objects.filter(run=run)
        .values("course_key", "provider")
        .annotate(students=Count("result", distinct=True), credits=Sum("credits"))
        .order_by()
    )
    return {
        r["course_key"]: CourseCounts(
            r["provider"] or "", bs.CourseCounts(r["students"], r["credits"] or 0.0)
        )
        for r in agg
    }


def _parents(region: m.Region, schools: Collection[str]) -> dict[str, str]:
    out = {}
    for school in schools:
        inst = region.institutions.get(school)
        if inst is not None and inst.parent in region.institutions:
            out[school] = str(inst.parent)
    return out


def run_summary(
    *,
    counts: Mapping[str, SchoolCounts],
    courses: Mapping[str, CourseCounts],
    region: m.Region,
) -> bs.BatchSummary:
    """The whole run's tables (every school and every course), suppressed as one report
    by :func:`careerpaths.core.batch_summary.batch_summary`; each user sees a part."""
    return bs.batch_summary(
        counts,
        parents=_parents(region, counts),
        courses={k: c.counts for k, c in courses.items()},
    )


def _name_of(region: m.Region) -> Callable[[Unit], str]:
    def name_of(unit: Unit) -> str:
        inst = region.institutions.get(unit[1])
        return inst.name if inst else unit[1]

    return name_of


def school_rows(*, summary: bs.BatchSummary, region: m.Region) -> list[tuple[Unit, SchoolRow]]:
    """The per-school table as text, in reading order (schools, districts, region)."""
    name_of = _name_of(region)
    out: list[tuple[Unit, SchoolRow]] = []
    for r in summary.ordered(name_of):
        unit: Unit = (r.kind, r.id)
        out.append(
            (
                unit,
                SchoolRow(
                    kind=r.kind,
                    id=r.id,
                    name=_("All schools") if r.kind == "region" else name_of(unit),
                    students=show(r.students),
                    on_track=show(r.on_track),
                    off_track=show(r.off_track),
                    random_students=show(r.random_students),
                    random_credits=_credits(r.random_credits),
                ),
            )
        )
    return out


def school_table(
    *, counts: Mapping[str, SchoolCounts], region: m.Region
) -> list[tuple[Unit, SchoolRow]]:
    """The whole region's per-school table, suppressed as one report (no courses)."""
    return school_rows(summary=run_summary(counts=counts, courses={}, region=region), region=region)


def _sees_unit(scope: Scope, unit: Unit) -> bool:
    if scope.has(*_REGION_ROLES):
        return True
    if scope.has(Role.DISTRICT_DESIGNER, Role.COUNSELOR):
        return unit[0] != "region" and unit[1] in scope.institutions
    return False


def _visible_schools(scope: Scope) -> Collection[str] | None:
    """Schools whose rows ``scope`` sees (``None``: all of them)."""
    if scope.has(*_REGION_ROLES):
        return None
    if scope.has(Role.DISTRICT_DESIGNER, Role.COUNSELOR):
        return scope.institutions
    return ()


# --------------------------------------------------------------------------- per course


def course_table(
    *,
    scope: Scope,
    summary: bs.BatchSummary,
    courses: Mapping[str, CourseCounts],
    region: m.Region,
) -> list[CourseRow]:
    """Random acts per college course: students (distinct) and credits, as suppressed in
    the run's one system (the courses' credits add up to the region's).

    A college coordinator sees its colleges' courses; designers, viewers and site
    administrators every course; counselors none (their caseload lists the students).
    """
    if not scope.has(*_COURSE_ROLES):
        return []
    mine = scope.institutions if scope.has(Role.COLLEGE_COORDINATOR) else None
    out: list[CourseRow] = []
    for key in summary.course_order():
        provider = courses[key].provider
        if mine is not None and provider not in mine:
            continue
        r = summary.courses[key]
        course = region.courses.get(key)
        college = region.institutions.get(provider)
        out.append(
            CourseRow(
                key=key,
                code=course.code if course else key,
                title=course.title if course else _("(not in the catalog)"),
                college=college.name if college else (provider or _("unknown")),
                in_catalog=course is not None,
                students=show(r.students),
                credits=_credits(r.credits),
            )
        )
    return out


# --------------------------------------------------------------------------- changes


@dataclass(frozen=True)
class Change:
    code: str  # stable, for tests and the JSON output
    label: str
    value: str


@dataclass(frozen=True)
class Changes:
    previous: AuditRun
    rows: tuple[Change, ...]


def _outcomes(run: AuditRun, schools: Collection[str] | None) -> dict[int, tuple[bool, bool]]:
    qs = StudentResult.objects.filter(run=run, student__isnull=False)
    if schools is not None:
        qs = qs.filter(school__in=list(schools))
    return {
        sid: (on, ra > 0)
        for sid, on, ra in qs.values_list("student_id", "on_track", "random_act_count")
        if sid is not None
    }


_CHANGE_LABELS = {  # marked for translation here, translated when shown
    "both": gettext_noop("Students in both runs"),
    "newly_off": gettext_noop("Newly off track"),
    "back_on": gettext_noop("Back on track"),
    "newly_random": gettext_noop("Newly with random acts"),
    "joined": gettext_noop("Audited for the first time"),
    "left": gettext_noop("No longer audited"),
}


_CHANGE_CELLS = (
    "still_on",
    "still_off",
    "newly_off",
    "back_on",
    "joined_on",
    "joined_off",
    "left_on",
    "left_off",
    "ra_kept",
    "newly_random",
    "ra_cleared",
    "ra_never",
    "ra_joined",
    "ra_left",
    "nora_joined",
    "nora_left",
)
# (before, now) -> the cell a student in both runs counts in
_TRACK = {
    (True, True): "still_on",
    (True, False): "newly_off",
    (False, True): "back_on",
    (False, False): "still_off",
}
_RANDOM = {
    (True, True): "ra_kept",
    (False, True): "newly_random",
    (True, False): "ra_cleared",
    (False, False): "ra_never",
}
_KNOWN = 1 << 30  # a stand-in for a figure known from elsewhere: never small
# total -> its parts, in the order computed (the last two sum totals above them)
_CHANGE_SUMS: dict[str, tuple[str, ...]] = {
    "both": ("still_on", "still_off", "newly_off", "back_on"),
    "on_now": ("still_on", "back_on", "joined_on"),
    "off_now": ("still_off", "newly_off", "joined_off"),
    "on_prev": ("still_on", "newly_off", "left_on"),
    "off_prev": ("still_off", "back_on", "left_off"),
    "joined": ("joined_on", "joined_off"),
    "left": ("left_on", "left_off"),
    "ra_now": ("ra_kept", "newly_random", "ra_joined"),
    "ra_prev": ("ra_kept", "ra_cleared", "ra_left"),
    "n_now": ("on_now", "off_now"),
    "n_prev": ("on_prev", "off_prev"),
}


def change_cells(
    now: Mapping[int, tuple[bool, bool]], before: Mapping[int, tuple[bool, bool]]
) -> tuple[dict[str, int], frozenset[str]]:
    """The change counts between two runs' outcomes and the ones to hide.

    Outcomes are ``student -> (on track, has random acts)``. The published changes are
    linked to both runs' totals (which other pages show) by exact sums, with the
    unpublished cells (still on track, joined and off track, …) as unknowns; a hidden
    change must stay hidden whatever the totals are, and if keeping it so would hide a
    total, every change is hidden.
    """
    v: dict[str, int] = dict.fromkeys(_CHANGE_CELLS, 0)
    for sid, (on, ra) in now.items():
        if sid in before:
            was_on, had_ra = before[sid]
            v[_TRACK[was_on, on]] += 1
            v[_RANDOM[had_ra, ra]] += 1
        else:
            v["joined_on" if on else "joined_off"] += 1
            v["ra_joined" if ra else "nora_joined"] += 1
    for sid, (on, ra) in before.items():
        if sid not in now:
            v["left_on" if on else "left_off"] += 1
            v["ra_left" if ra else "nora_left"] += 1
    for total, parts in _CHANGE_SUMS.items():
        v[total] = sum(v[p] for p in parts)
    lines = [Line(t, p) for t, p in _CHANGE_SUMS.items()]
    lines += [
        Line("both", ("ra_kept", "newly_random", "ra_cleared", "ra_never")),
        Line("joined", ("ra_joined", "nora_joined")),
        Line("left", ("ra_left", "nora_left")),
    ]
    published = set(_CHANGE_LABELS)
    totals = {"on_now", "off_now", "on_prev", "off_prev", "ra_now", "ra_prev", "n_now", "n_prev"}
    # Counts are never negative: the parts of a published zero are known zeros.
    zeros: set[str] = set()
    for ln in lines:
        if ln.total in published | totals and v[str(ln.total)] == 0:
            zeros |= {str(p) for p in ln.parts if p not in published}
    lines = [Line(ln.total, tuple(p for p in ln.parts if p not in zeros)) for ln in lines]
    # The runs' totals are other pages' figures, suppressed there: here they are known
    # constants (never themselves sensitive), chosen as complements only as a last resort.
    cells: dict[Hashable, int] = {
        k: (_KNOWN if k in totals else n) for k, n in v.items() if k not in zeros
    }
    unpublished = set(cells) - published - totals
    hidden = {str(k) for k in suppress(cells, lines, unpublished=unpublished, keep=totals)}
    if hidden & totals:
        hidden |= published
    return {k: v[k] for k in published}, frozenset(hidden & published)


def run_changes(*, scope: Scope, run: AuditRun) -> Changes | None:
    """What changed since the previous run, over the schools ``scope`` sees."""
    before_run = previous_run(run=run)
    schools = _visible_schools(scope)
    if before_run is None or schools == ():
        return None
    values, hidden = change_cells(_outcomes(run, schools), _outcomes(before_run, schools))
    return Changes(
        previous=before_run,
        rows=tuple(
            Change(code, _(_CHANGE_LABELS[code]), _cell(values[code], code in hidden))
            for code in _CHANGE_LABELS
        ),
    )


# --------------------------------------------------------------------------- the report


@dataclass(frozen=True)
class RunReport:
    run: RunLine
    schools: tuple[SchoolRow, ...]
    courses: tuple[CourseRow, ...]
    changes: Changes | None
    shows_schools: bool
    shows_courses: bool
    threshold: int = SMALL_CELL


def run_report(*, scope: Scope, run: AuditRun) -> RunReport:
    """A run's report as ``scope`` may see it: its schools' rows, its courses, the changes.

    The run's totals are the region's row of the same suppressed system as the schools
    and the courses (not suppressed on their own), so every figure on the page agrees.
    """
    region = region_snapshot()
    courses = course_counts(run=run)
    summary = run_summary(counts=school_counts(run=run), courses=courses, region=region)
    table = school_rows(summary=summary, region=region)
    total = next(r for unit, r in table if unit == bs.REGION)
    line = replace(
        _run_line(run),
        students=total.students,
        on_track=total.on_track,
        off_track=total.off_track,
        random_students=total.random_students,
        random_credits=total.random_credits,
    )
    return RunReport(
        run=line,
        schools=tuple(r for unit, r in table if _sees_unit(scope, unit)),
        courses=tuple(course_table(scope=scope, summary=summary, courses=courses, region=region)),
        changes=run_changes(scope=scope, run=run),
        shows_schools=_visible_schools(scope) != (),
        shows_courses=scope.has(*_COURSE_ROLES),
    )


# --------------------------------------------------------------------------- per student


def random_acts_by_student(*, scope: Scope, run: AuditRun) -> QuerySet[StudentResult]:
    """The run's students with random acts, for a counselor: only students now in scope.

    Personal data: the caller logs each row shown as a view of the student's record.
    """
    return (
        StudentResult.objects.filter(
            run=run,
            random_act_count__gt=0,
            student__in=students_visible(scope=scope),
        )
        .select_related("student")
        .order_by("student__record_id")
    )
