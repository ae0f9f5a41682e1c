"""Reads of batch audits: the runs, a run's report per school and per college course,
the changes since the previous run, and random acts per student (counselors only).

Every count shown is a count of students; each goes through ``careerpaths.core.privacy``:
counts of 1 to 9 are shown ``<10``, and complements are hidden (``*``) so that no hidden
count can be worked out from a total, a district's schools or the previous run. The
per-school table is suppressed once for the whole region (schools, districts, region
total linked by their sums) and each user sees a part of it, so two users' pages cannot be
combined to undo a suppression either.
"""

from __future__ import annotations

from collections.abc import Collection, Hashable, Mapping
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet, Sum
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from careerpaths.core import model as m
from careerpaths.core.privacy import SMALL_CELL, Line, is_small, suppress, suppress_partition
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


def _cell(value: int, hidden: bool, threshold: int = SMALL_CELL) -> str:
    if not hidden:
        return str(value)
    return f"<{threshold}" if is_small(value, threshold) else "*"


def _credits(value: float | None) -> str:
    return f"{round(value or 0.0, 1):g}"


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
        random_credits=_credits(run.random_act_credits) if ra.isdigit() else "*",
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

_MEASURES = ("n", "on", "off", "ra", "nora")
Unit = tuple[str, str]  # ("school" | "district" | "region", id)


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
class SchoolCounts:
    """One school's results in a run: students, on track, with random acts, their credits."""

    students: int
    on_track: int
    random_students: int
    random_credits: float


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


def _parent(region: m.Region, school: str) -> str | None:
    inst = region.institutions.get(school)
    return inst.parent if inst is not None and inst.parent in region.institutions else None


def school_table(
    *, counts: Mapping[str, SchoolCounts], region: m.Region
) -> list[tuple[Unit, SchoolRow]]:
    """The whole region's per-school table, suppressed as one report.

    Each unit (school, district, region) has the cells students = on + off track =
    with + without random acts; a district's cells are the sums of its schools', the
    region's the sums of its districts' (and of schools without a district). The
    "without random acts" cells are never shown but take part in the sums.
    """
    region_unit: Unit = ("region", "")
    children: dict[Unit, list[Unit]] = {region_unit: []}
    totals: dict[Unit, dict[str, float]] = {}
    for school, c in counts.items():
        unit: Unit = ("school", school)
        totals[unit] = {
            "n": c.students,
            "on": c.on_track,
            "off": c.students - c.on_track,
            "ra": c.random_students,
            "nora": c.students - c.random_students,
            "credits": c.random_credits,
        }
        parent = _parent(region, school)
        up: Unit = ("district", parent) if parent else region_unit
        if up not in children:
            children[up] = []
            children[region_unit].append(up)
        children[up].append(unit)
    for up in [u for u in children if u != region_unit] + [region_unit]:
        totals[up] = {k: sum(totals[c][k] for c in children[up]) for k in (*_MEASURES, "credits")}
    values: dict[Hashable, int] = {}
    lines: list[Line] = []
    for unit, t in totals.items():
        for k in _MEASURES:
            values[(unit, k)] = int(t[k])
        lines.append(Line((unit, "n"), ((unit, "on"), (unit, "off"))))
        lines.append(Line((unit, "n"), ((unit, "ra"), (unit, "nora"))))
    for up, parts in children.items():
        for k in _MEASURES:
            lines.append(Line((up, k), tuple((p, k) for p in parts)))
    hidden = suppress(
        values,
        lines,
        unpublished={(u, "nora") for u in totals},
        keep={(region_unit, k) for k in _MEASURES},
    )

    def row(unit: Unit) -> SchoolRow:
        t = totals[unit]
        kind, uid = unit
        inst = region.institutions.get(uid)
        name = _("All schools") if kind == "region" else (inst.name if inst else uid)
        ra_hidden = (unit, "ra") in hidden
        return SchoolRow(
            kind=kind,
            id=uid,
            name=name,
            students=_cell(int(t["n"]), (unit, "n") in hidden),
            on_track=_cell(int(t["on"]), (unit, "on") in hidden),
            off_track=_cell(int(t["off"]), (unit, "off") in hidden),
            random_students=_cell(int(t["ra"]), ra_hidden),
            # credits are hidden with their students: the same sums link them
            random_credits="*" if ra_hidden else _credits(t["credits"]),
        )

    def name_of(unit: Unit) -> str:
        inst = region.institutions.get(unit[1])
        return inst.name if inst else unit[1]

    out: list[tuple[Unit, SchoolRow]] = []
    for up in sorted(children[region_unit], key=name_of):
        if up[0] == "school":
            out.append((up, row(up)))
            continue
        out.extend((s, row(s)) for s in sorted(children[up], key=name_of))
        out.append((up, row(up)))
    out.append((region_unit, row(region_unit)))
    return out


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


def course_table(*, scope: Scope, run: AuditRun, region: m.Region) -> list[CourseRow]:
    """Random acts per college course: students (distinct) and credits, suppressed per cell.

    A college coordinator sees its colleges' courses; designers, viewers and site
    administrators every course; counselors none (their caseload lists the students).
    """
    if not scope.has(*_COURSE_ROLES):
        return []
    acts = RandomAct.objects.filter(run=run)
    if scope.has(Role.COLLEGE_COORDINATOR):
        acts = acts.filter(provider__in=scope.institutions)
    agg = (
        acts.values("course_key", "provider")
        .annotate(students=Count("result", distinct=True), credits=Sum("credits"))
        .order_by()
    )
    shown: list[tuple[int, str, CourseRow]] = []
    hidden: list[tuple[int, str, CourseRow]] = []
    for r in agg:
        course = region.courses.get(r["course_key"])
        college = region.institutions.get(r["provider"])
        small = is_small(r["students"])
        item = CourseRow(
            key=r["course_key"],
            code=course.code if course else r["course_key"],
            title=course.title if course else _("(not in the catalog)"),
            college=college.name if college else (r["provider"] or _("unknown")),
            in_catalog=course is not None,
            students=_cell(r["students"], small),
            credits="*" if small else _credits(r["credits"]),
        )
        # hidden rows are ordered by key only: their order must not rank the hidden counts
        (hidden if small else shown).append((-r["students"], r["course_key"], item))
    return [x[2] for x in sorted(shown)] + [x[2] for x in sorted(hidden, key=lambda x: x[1])]


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
    """A run's report as ``scope`` may see it: its schools' rows, its courses, the changes."""
    region = region_snapshot()
    rows = [
        r
        for unit, r in school_table(counts=school_counts(run=run), region=region)
        if _sees_unit(scope, unit)
    ]
    return RunReport(
        run=_run_line(run),
        schools=tuple(rows),
        courses=tuple(course_table(scope=scope, run=run, region=region)),
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
