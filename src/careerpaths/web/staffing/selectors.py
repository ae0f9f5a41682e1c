"""Reads about staffing, scoped by role.

* College coordinators (their colleges) and site admins see instructors with their
  personal data (background checks, credentials), approvals, sections, demand and
  shortages, and the NACEP reminders.
* District designers see demand and shortages for their schools (no personal data:
  candidates are named with their verdicts only).
* The due list shows each role its own launch milestones.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any
from uuid import UUID

from django.utils import timezone

from careerpaths.core import staffing as st
from careerpaths.core.findings import Finding
from careerpaths.core.launch import Milestone, course_at_words, pathway_at_words
from careerpaths.core.model import Course, InstitutionKind, Region
from careerpaths.staffing import report
from careerpaths.staffing.costs import funding_for
from careerpaths.staffing.files import Launch, StaffingData, parse_policy, read_lead_times
from careerpaths.web.accounts.models import Role
from careerpaths.web.accounts.selectors import Scope, refuse
from careerpaths.web.staffing.models import Approval, Instructor, Section, StaffingCalendar

MANAGERS = (Role.SITE_ADMIN, Role.COLLEGE_COORDINATOR)


def region_course(code: str) -> Course | None:
    from careerpaths.web.catalog.selectors import region_snapshot

    return region_snapshot().course(code)


def college_policy(college: str) -> st.CollegePolicy:
    cal = StaffingCalendar.objects.get(college_id=college)
    return parse_policy(college, cal.policy)[0]


def colleges_in_scope(scope: Scope) -> list[str]:
    ids = StaffingCalendar.objects.order_by("college_id").values_list("college_id", flat=True)
    if scope.has(Role.SITE_ADMIN):
        return list(ids)
    if scope.has(Role.COLLEGE_COORDINATOR):
        return [c for c in ids if c in scope.institutions]
    if scope.has(Role.DISTRICT_DESIGNER):
        return list(ids)  # their schools' partner colleges; demand is filtered to schools
    return []


def staffing_data(college: str) -> StaffingData:
    """The college's staffing as the core sees it (the same shape the files give)."""
    cal = StaffingCalendar.objects.get(college_id=college)
    policy, center = parse_policy(college, cal.policy)
    rows = list(Instructor.objects.filter(college_id=college).order_by("ref"))
    approvals = {
        a.instructor.ref: a.to_domain()
        for a in Approval.objects.filter(instructor__college_id=college).select_related(
            "instructor"
        )
    }
    sections = [
        s.to_domain()
        for s in Section.objects.filter(college_id=college)
        .select_related("instructor")
        .order_by("ref")
    ]
    leads, nacep, _ = read_lead_times()
    return StaffingData(
        policies={college: policy},
        career_centers={college: center},
        instructors={r.ref: r.to_domain() for r in rows},
        approvals=approvals,
        sections=sections,
        terms={t: (date.fromisoformat(a), date.fromisoformat(b)) for t, (a, b) in cal.terms.items()},
        lead_times=leads,
        launches=[
            Launch(x["target"], x["subject"], x["term"], x.get("state", ""), frozenset(x.get("done", [])),
                   x.get("course", ""), x.get("pathway", ""), x.get("site", ""))
            for x in cal.launches
        ],
        next_fall=cal.next_fall or None,
        nacep=nacep,
    )  # fmt: skip


def _schools_of(scope: Scope) -> set[str] | None:
    """None: every school (coordinators and admins); else the designer's high schools."""
    if scope.has(Role.DISTRICT_DESIGNER):
        from careerpaths.web.catalog.selectors import region_snapshot

        region = region_snapshot()
        return {
            i.id
            for i in region.institutions.values()
            if i.kind is InstitutionKind.HIGH_SCHOOL and i.id in scope.institutions
        }
    return None


@dataclass(frozen=True)
class StaffingPage:
    college: str
    college_name: str
    illustrative: bool
    demand: list[dict[str, Any]]
    shortages: list[dict[str, Any]]
    sections: list[dict[str, Any]] = field(default_factory=list)
    instructors: list[dict[str, Any]] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    manager: bool = False  # the college's coordinators and admins: sections, instructors, forms
    funding: dict[str, str] = field(default_factory=dict)  # the rules costing the remedies


def demand_rows(*, scope: Scope, college: str, next_fall_year: int) -> list[Any]:
    """Demand from the students in the database (eligible next year under each course's
    rule), computed in DuckDB."""
    from careerpaths.analytics import engines
    from careerpaths.staffing.demand import (
        demand_on,
        eligibility_rules,
        facts_table,
        placements_table,
    )
    from careerpaths.web.equity.selectors import population

    site = Scope(user_id=scope.user_id, role=Role.SITE_ADMIN)
    pop = population(scope=site)  # every student; narrowed to the scope's schools below
    con = engines.connect("duckdb")
    try:
        s, a = engines.load(con, pop.students, pop.attempts)
        return demand_on(
            con, students=s, attempts=a,
            placements=placements_table(pop.region, next_fall_year=next_fall_year),
            facts=facts_table(pop.people), rules=eligibility_rules(pop.region),
        )  # fmt: skip
    finally:
        con.disconnect()


def staffing_page(
    *, scope: Scope, college: str, as_of: date | None = None, subjects: tuple[str, ...] = ()
) -> StaffingPage:
    from careerpaths.web.catalog.selectors import region_snapshot

    if college not in colleges_in_scope(scope):
        raise refuse(scope, "staffing")
    region = region_snapshot()
    data = staffing_data(college)
    day = as_of or timezone.localdate()
    year = int(data.next_fall[:4]) if data.next_fall else day.year + 1
    rows = demand_rows(scope=scope, college=college, next_fall_year=year)
    schools = _schools_of(scope)
    money = funding_for(region, college)
    lines, found = report.demand_lines(
        data, region, rows, college=college, as_of=day, schools=schools, subjects=subjects,
        cost=money.cost(on=day),
    )  # fmt: skip
    manager = scope.has(*MANAGERS)
    shortages = [report.shortage_dict(s, region) for s in found]
    if not manager:  # designers: verdicts only, no one's credentials
        for s in shortages:
            s["candidates"] = [
                {
                    "instructor_name": data.instructors[c["instructor"]].name,
                    "qualified": c["qualified"],
                }
                for c in s["candidates"]
            ]
    else:
        for s in shortages:
            for c in s["candidates"]:
                c["instructor_name"] = data.instructors[c["instructor"]].name
    inst = region.institutions.get(college)
    sections: list[dict[str, Any]] = []
    instructors: list[dict[str, Any]] = []
    if manager:
        by_ref = {r.ref: r for r in Instructor.objects.filter(college_id=college)}
        for row in (
            Section.objects.filter(college_id=college)
            .select_related("instructor")
            .order_by("term", "ref")
        ):
            course = region.course(row.course)
            sections.append({
                "public_id": row.public_id, "ref": row.ref, "term": row.term,
                "course": row.course, "title": course.title if course else "",
                "site": region.institutions[row.site].name if row.site in region.institutions else row.site,
                "delivery": st.SectionDelivery(row.delivery).label, "slot": st.TimeSlot(row.slot).label,
                "meetings": ", ".join(str(m) for m in row.to_domain().meetings),
                "capacity": row.capacity, "minimum": row.minimum,
                "instructor": row.instructor.name if row.instructor else "",
                "status": row.status,
            })  # fmt: skip
        for ref, ins_row in sorted(by_ref.items()):
            a = data.approvals.get(ref)
            instructors.append({
                "public_id": ins_row.public_id, "name": ins_row.name,
                "approval": a.status.value if a else "none",
                "courses": ", ".join(sorted(a.courses)) if a else "",
            })  # fmt: skip
    return StaffingPage(
        college=college,
        college_name=inst.name if inst else college,
        illustrative=any(i.illustrative for i in data.instructors.values()),
        demand=[ln.as_dict() for ln in lines],
        shortages=shortages,
        sections=sections,
        instructors=instructors,
        findings=data.findings,
        manager=manager,
        funding={"rules": money.name, "origin": money.origin},
    )


@dataclass(frozen=True)
class InstructorPage:
    row: Instructor
    instructor: st.Instructor
    approval: Approval | None
    checks: list[dict[str, Any]]
    findings: list[Finding]
    dues: list[Reminder]  # the NACEP dates, each section in words
    events: list[Any]
    changes: list[Any] = field(default_factory=list)
    employer_name: str = ""


def instructor_get(*, scope: Scope, public_id: UUID) -> Instructor:
    """An instructor with personal data: the college's coordinators and admins only."""
    try:
        row = Instructor.objects.select_related("college").get(public_id=public_id)
    except Instructor.DoesNotExist:
        raise refuse(scope, "instructor") from None
    if not (
        scope.has(Role.SITE_ADMIN)
        or (scope.has(Role.COLLEGE_COORDINATOR) and scope.covers(row.college_id))
    ):
        raise refuse(scope, "instructor")
    return row


def instructor_page(*, scope: Scope, row: Instructor, as_of: date | None = None) -> InstructorPage:
    from careerpaths.web.catalog.selectors import region_snapshot

    day = as_of or timezone.localdate()
    region = region_snapshot()
    data = staffing_data(row.college_id)
    ins = data.instructors[row.ref]
    approval = Approval.objects.filter(instructor=row).first()
    courses = sorted(
        set(approval.courses if approval else [])
        | {s.key for s in data.sections if s.instructor == ins.id}
    )
    checks = report.check_rows(
        report.qualification_checks(data, region, courses=courses, instructor=ins.id, as_of=day), data
    ) if courses else []  # fmt: skip
    policy = data.policies[row.college_id]
    dues = (
        st.nacep_dues(data.approvals[ins.id], data.sections, data.terms,
                      site_visit_cycle_years=data.nacep.site_visit_cycle_years,
                      evaluation_days_after_term=data.nacep.evaluation_days_after_term)
        if ins.id in data.approvals else []
    )  # fmt: skip
    return InstructorPage(
        row=row,
        instructor=ins,
        approval=approval,
        checks=checks,
        findings=st.instructor_findings(ins, as_of=day, policy=policy),
        dues=_reminders(row.college_id, dues, _region_in_reading_language()),
        events=list(approval.events.select_related("actor")) if approval else [],
        changes=list(row.changes.select_related("actor")),
        employer_name=region.institutions[ins.employer].name
        if ins.employer in region.institutions
        else ins.employer,
    )


def section_get(*, scope: Scope, public_id: UUID) -> Section:
    try:
        row = Section.objects.select_related("instructor").get(public_id=public_id)
    except Section.DoesNotExist:
        raise refuse(scope, "section") from None
    if not (
        scope.has(Role.SITE_ADMIN)
        or (scope.has(Role.COLLEGE_COORDINATOR) and scope.covers(row.college_id))
    ):
        raise refuse(scope, "section")
    return row


ROLE_OF = {
    Role.COLLEGE_COORDINATOR: "college_coordinator",
    Role.DISTRICT_DESIGNER: "district_designer",
    Role.COUNSELOR: "counselor",
}


def _region_in_reading_language() -> Region:
    """The catalog's region with course titles and pathway names in the active language."""
    from django.utils.translation import get_language

    from careerpaths.core.i18n import region_in_language
    from careerpaths.web.catalog.selectors import region_snapshot

    return region_in_language(region_snapshot(), get_language() or "en")


def _place(region: Region, site: str) -> str:
    inst = region.institutions.get(site)
    return inst.name if inst is not None else site


def launch_in_words(launch: Launch, region: Region) -> str:
    """What a launch launches, for people: from its ``course`` or ``pathway`` and ``site``
    (the course's title, the pathway's name, the school's name, the term in words, said in
    the reader's language); else its ``subject`` as the file wrote it."""
    if launch.course and launch.site:
        course = region.course(launch.course)
        title = course.title if course is not None else ""
        return course_at_words(launch.course, title, _place(region, launch.site), launch.term)
    pathway = region.pathways.get(launch.pathway) if launch.pathway else None
    if pathway is not None and launch.site:
        return pathway_at_words(pathway.name, _place(region, launch.site), launch.term)
    return launch.subject


@dataclass(frozen=True)
class Reminder:
    """A NACEP reminder for people: the instructor's name and the section in words (its
    course's title, the site and the term), not its code."""

    due: st.Due
    instructor: str
    section: str


def due_list(*, scope: Scope, as_of: date | None = None) -> tuple[list[Milestone], list[Reminder]]:
    """The launch milestones of the user's role (all for admins) and, for coordinators
    and admins, the NACEP reminders of their colleges' instructors; each launch and section
    named in the reader's language."""
    day = as_of or timezone.localdate()
    role = ROLE_OF.get(scope.role) if scope.role else None
    region = _region_in_reading_language()
    milestones: list[Milestone] = []
    reminders: list[Reminder] = []
    for college in colleges_in_scope(scope) or (
        list(StaffingCalendar.objects.values_list("college_id", flat=True))
        if scope.has(Role.COUNSELOR)
        else []
    ):
        data = staffing_data(college)
        launches = [replace(ln, subject=launch_in_words(ln, region)) for ln in data.launches]
        data = replace(data, launches=launches)
        milestones += [
            m for m in report.timeline(data, as_of=day) if role is None or m.lead.role == role
        ]
        if scope.has(*MANAGERS):
            reminders += _reminders(college, report.dues(data), region)
    return sorted(milestones, key=lambda m: (m.due, m.subject)), reminders


def _reminders(college: str, dues: list[st.Due], region: Region) -> list[Reminder]:
    sections = {s.ref: s for s in Section.objects.filter(college_id=college)}
    names = dict(Instructor.objects.filter(college_id=college).values_list("ref", "name"))
    out = []
    for d in dues:
        row = sections.get(d.section) if d.section else None
        words = ""
        if row is not None:
            course = region.course(row.course)
            title = course.title if course is not None else ""
            words = course_at_words(row.course, title, _place(region, row.site), row.term)
        elif d.course:
            course = region.course(d.course)
            words = f"{course.title} ({d.course})" if course is not None else d.course
        out.append(Reminder(d, names.get(d.instructor, d.instructor), words))
    return out
