"""Staffing reports: one builder per table, shared by the CLI and the web app.

Each function returns plain rows (dicts with stable keys); the CLI prints them as a
table, JSON or CSV and the web pages render them. Student counts pass through
:func:`careerpaths.core.privacy.show_count` (1 to 9 shown as the one hidden-count mark, ``*``).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from careerpaths.core import staffing as st
from careerpaths.core.i18n import text
from careerpaths.core.launch import Milestone, back_schedule
from careerpaths.core.model import Course, Region
from careerpaths.core.privacy import HIDDEN, SMALL_CELL, show_count
from careerpaths.core.requisites import course_key
from careerpaths.staffing.demand import DemandRow, eligibility_rules
from careerpaths.staffing.files import StaffingData

ILLUSTRATIVE_NOTE = (
    "Illustrative: the demo's instructors, sections and college rules are invented to show "
    "the checks; the students are synthetic."
)


def _name(region: Region, inst: str) -> str:
    i = region.institutions.get(inst)
    return i.name if i else inst


def policy_of(data: StaffingData, college: str | None) -> st.CollegePolicy:
    if college is None:
        if len(data.policies) != 1:
            raise KeyError("several colleges: name one with --college")
        return next(iter(data.policies.values()))
    if college not in data.policies:
        raise KeyError(f"no qualification rules for college {college!r}")
    return data.policies[college]


def qualification_checks(
    data: StaffingData,
    region: Region,
    *,
    college: str | None = None,
    courses: Sequence[str] = (),
    instructor: str | None = None,
    as_of: date,
) -> list[st.QualificationCheck]:
    """Every instructor (or one) against the given courses (default: each instructor's
    applied-for courses and the courses of planned sections)."""
    policy = policy_of(data, college)
    people = [data.instructors[instructor]] if instructor else list(data.instructors.values())
    wanted = [course_key(c) for c in courses]
    if not wanted:
        keys = {k for a in data.approvals.values() for k in a.courses}
        keys |= {s.key for s in data.sections}
        wanted = sorted(keys)
    out = []
    for ins in sorted(people, key=lambda i: i.id):
        for key in wanted:
            course = region.courses.get(key)
            if course is None:
                raise KeyError(f"no course {key!r} in the catalog")
            out.append(st.check_qualification(ins, course, policy, as_of=as_of))
    return out


def check_rows(checks: Iterable[st.QualificationCheck], data: StaffingData) -> list[dict[str, Any]]:
    rows = []
    for c in checks:
        d = c.as_dict()
        ins = data.instructors[c.instructor]
        approval = data.approvals.get(c.instructor)
        d["instructor_name"] = ins.name
        d["approval"] = (
            approval.status.value
            if approval and course_key(c.course) in approval.courses
            else "none"
        )
        d["oriented"] = bool(approval and approval.oriented_for(c.course))
        rows.append(d)
    return rows


@dataclass(frozen=True)
class DemandLine:
    term: str
    course: str
    title: str
    school: str
    school_name: str
    students: int  # eligible next year
    sections: tuple[str, ...]
    capacity: int
    staffed: bool
    undecided: int = 0  # eligibility not decidable yet (no placement score on record)
    ineligible: int = 0
    eligibility: str = "none"  # the rule, as written

    def as_dict(self) -> dict[str, Any]:
        return {
            "term": self.term,
            "course": self.course,
            "title": self.title,
            "school": self.school,
            "school_name": self.school_name,
            "students": show_count(self.students),
            "undecided": show_count(self.undecided),
            "ineligible": show_count(self.ineligible),
            "eligibility": self.eligibility,
            "sections": list(self.sections),
            "capacity": self.capacity,
            "staffed": self.staffed,
        }


def shown_cost(cost: st.SectionCost) -> st.SectionCost:
    """``cost``, with a group of 1 to 9 students costed as :data:`SMALL_CELL` students:
    a cost for the exact number would give away the count the pages hide."""

    def costed(*, course: Course, delivery: st.SectionDelivery, students: int) -> st.CostEstimate:
        if students == 0 or students >= SMALL_CELL:
            return cost(course=course, delivery=delivery, students=students)
        est = cost(course=course, delivery=delivery, students=SMALL_CELL)
        basis = text("%(basis)s (fewer than %(n)s students: costed as %(n)s)", basis=est.basis,
                     n=SMALL_CELL)  # fmt: skip
        return replace(est, basis=basis)

    return costed


def context(data: StaffingData, region: Region, *, college: str | None, as_of: date,
            cost: st.SectionCost = st.tuition_cost) -> st.StaffingContext:  # fmt: skip
    """What the shortage finder looks at; remedies are costed by ``cost`` (through
    :func:`shown_cost`)."""
    policy = policy_of(data, college)
    return st.StaffingContext(
        policy=policy,
        courses=region.courses,
        instructors=data.instructors,
        approvals={k: a for k, a in data.approvals.items() if a.college == policy.college},
        sections=data.sections,
        school_district={i.id: i.parent or i.id for i in region.institutions.values() if i.parent},
        career_center=data.career_centers.get(policy.college),
        as_of=as_of,
        cost=shown_cost(cost),
    )


def terms_of_year(data: StaffingData) -> list[str]:
    """The next school year's terms: the next fall's and the ones after it in the calendar."""
    terms = sorted(data.terms, key=lambda t: data.terms[t][0])
    if data.next_fall and data.next_fall in terms:
        start = terms.index(data.next_fall)
        year = int(data.next_fall[:4])
        return [t for t in terms[start:] if int(t[:4]) <= year + 1 and t != f"{year + 1}-FA"]
    return terms


def demand_lines(
    data: StaffingData,
    region: Region,
    rows: Sequence[DemandRow],
    *,
    college: str | None = None,
    as_of: date,
    schools: Iterable[str] | None = None,
    subjects: Iterable[str] = (),
    cost: st.SectionCost = st.tuition_cost,
) -> tuple[list[DemandLine], list[st.Shortage]]:
    """Demand per (term, course, school) beside its sections, and the shortages (their
    remedies costed by ``cost``: see :mod:`careerpaths.staffing.costs`)."""
    ctx = context(data, region, college=college, as_of=as_of, cost=cost)
    keep = set(schools) if schools is not None else None
    wanted = {x.upper() for x in subjects}
    lines: list[DemandLine] = []
    shortages: list[st.Shortage] = []
    rules = eligibility_rules(region)
    for term in terms_of_year(data):
        # every (school, course) with eligible or undecided students; the eligible are
        # the demand the shortage finder staffs
        wanted_rows = {
            (r.school, r.course_key): r
            for r in rows
            if r.term == term
            and (keep is None or r.school in keep)
            and r.course_key in region.courses
            and (not wanted or region.courses[r.course_key].subject in wanted)
            # the college's own courses only: another provider staffs its sections itself
            and region.courses[r.course_key].provider == ctx.policy.college
        }
        demand = {k: r.students for k, r in wanted_rows.items() if r.students}
        found = st.find_shortages(demand, ctx, term=term, small_cell=SMALL_CELL)
        short = {(s.school, course_key(s.course)) for s in found}
        shortages += found
        for (school, key), row in sorted(wanted_rows.items(), key=lambda kv: (kv[0][1], kv[0][0])):
            n = row.students
            course = region.courses.get(key)
            serving = [
                s
                for s in data.sections
                if s.term == term and s.key == key and school in s.schools
                and s.status is not st.SectionStatus.CANCELLED
            ]  # fmt: skip
            lines.append(
                DemandLine(
                    term=term,
                    course=course.code if course else key,
                    title=course.title if course else "",
                    school=school,
                    school_name=_name(region, school),
                    students=n,
                    sections=tuple(s.id for s in serving),
                    capacity=sum(s.capacity for s in serving),
                    staffed=(school, key) not in short,
                    undecided=row.undecided,
                    ineligible=row.ineligible,
                    eligibility=rules[key].describe() if key in rules else "none",
                )
            )
    return lines, shortages


def shortage_dict(s: st.Shortage, region: Region) -> dict[str, Any]:
    d = s.as_dict()
    d["students"] = show_count(s.students)
    d["school_name"] = _name(region, s.school)
    for r in d["remedies"]:
        r["students"] = HIDDEN if r["hidden"] else show_count(int(r["students"]))
    return d


def timeline(data: StaffingData, *, as_of: date) -> list[Milestone]:
    out: list[Milestone] = []
    for launch in data.launches:
        start = data.terms[launch.term][0]
        out += back_schedule(
            data.lead_times,
            start=start,
            target=launch.target,
            subject=launch.subject,
            state=launch.state,
            done=launch.done,
            as_of=as_of,
        )
    return sorted(out, key=lambda m: (m.due, m.subject))


def dues(data: StaffingData) -> list[st.Due]:
    out: list[st.Due] = []
    for a in data.approvals.values():
        out += st.nacep_dues(
            a,
            data.sections,
            data.terms,
            site_visit_cycle_years=data.nacep.site_visit_cycle_years,
            evaluation_days_after_term=data.nacep.evaluation_days_after_term,
        )
    return sorted(out, key=lambda d: (d.due, d.instructor, d.standard))


# ----------------------------------------------------------------- formats


def to_json(payload: Any) -> str:
    return json.dumps(payload, indent=2, ensure_ascii=False, default=str) + "\n"


def to_csv(rows: Sequence[dict[str, Any]], columns: Sequence[str]) -> str:
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(columns)
    for r in rows:
        w.writerow(
            [
                "; ".join(map(str, v)) if isinstance(v, list) else v
                for v in (r.get(c) for c in columns)
            ]
        )
    return out.getvalue()
