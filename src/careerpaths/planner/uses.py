"""The planner's uses: a pathway's grid filled, a student's plan, one course's best term."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

from careerpaths.core.findings import Finding, Severity
from careerpaths.core.model import Pathway, Placement, Region, Student
from careerpaths.core.planning import PlanProblem, PlanResult, student_problem, template_problem
from careerpaths.core.requisites import course_key
from careerpaths.core.student_audit import RegionIndex, current_term
from careerpaths.core.terms import Term
from careerpaths.core.validation import validate_pathway
from careerpaths.planner.cpsat import solve


@dataclass(frozen=True)
class TemplateFill:
    """A filled grid: the plan, the pathway with it, and the validator's findings on that."""

    result: PlanResult
    problem: PlanProblem
    pathway: Pathway | None  # the pathway with the planned placements (None: no plan)
    findings: tuple[Finding, ...]  # the validator's findings on ``pathway``
    notes: tuple[Finding, ...]  # what the planner left out or decided

    @property
    def clean(self) -> bool:
        return self.pathway is not None and not any(
            f.severity is Severity.ERROR for f in self.findings
        )


def fill_pathway(
    pathway: Pathway,
    region: Region,
    *,
    locked: Iterable[str] = (),
    keep: bool = True,
    time_limit: float = 10.0,
) -> TemplateFill:
    """Fill ``pathway``'s grid so it earns its diploma and exits, keeping ``locked`` courses in
    their terms (and, with ``keep``, moving as few of the others as it can).

    The filled pathway is checked by the pathway validator: a plan the validator finds an
    error in is reported, never hidden.
    """
    problem, notes = template_problem(pathway, region, locked=locked, keep=keep)
    result = solve(problem, time_limit=time_limit)
    if result.plan is None:
        return TemplateFill(result, problem, None, (), tuple(notes))
    alternatives = {p.key: p.alternatives for p in pathway.placements}
    placements = tuple(
        Placement(pc.code, pc.term, alternatives.get(pc.key, ())) for pc in result.plan.placements
    )
    filled = replace(pathway, placements=placements)
    findings = validate_pathway(
        filled, region.courses, region.credentials, region.settings, region.institutions
    )
    return TemplateFill(result, problem, filled, tuple(findings), tuple(notes))


@dataclass(frozen=True)
class StudentPlan:
    student: Student
    now: Term
    pathway: Pathway | None
    credentials: tuple[str, ...]  # what the plan aims at (a what-if names them)
    result: PlanResult
    problem: PlanProblem
    notes: tuple[Finding, ...]


def plan_student(
    student: Student,
    region: Region,
    *,
    pathway: str | None = None,
    credentials: Iterable[str] = (),
    now: Term | None = None,
    time_limit: float = 10.0,
    index: RegionIndex | None = None,
) -> StudentPlan:
    """A student's plan from the term after ``now`` (their current term): the diploma's
    remaining requirements and their declared pathway's credentials, or a what-if
    (``pathway`` or ``credentials`` given)."""
    index = index or RegionIndex(region)
    pid = pathway or student.pathway
    pw = region.pathways.get(pid) if pid else None
    if pathway and pw is None:
        raise KeyError(f"no pathway {pathway!r}")
    for cid in credentials:
        if cid not in region.credentials:
            raise KeyError(f"no credential {cid!r}")
    now = now or current_term(student)
    problem, notes = student_problem(
        student,
        region,
        pathway=pw,
        credentials=credentials,
        now=now,
        diploma=index.diploma_for(student.school),
    )
    result = solve(problem, time_limit=time_limit)
    wanted = tuple(g.credential.id for g in problem.goals)
    return StudentPlan(student, now, pw, wanted, result, problem, tuple(notes))


def suggest_term(
    pathway: Pathway, region: Region, course: str, *, time_limit: float = 5.0
) -> Term | None:
    """The term the planner would put ``course`` in, every other placement locked where it is
    (None when no term works)."""
    key = course_key(course)
    others = [p for p in pathway.placements if p.key != key]
    if key not in region.courses:
        return None
    trial = replace(pathway, placements=tuple(others))
    problem, _ = template_problem(trial, region, locked=[p.course for p in others], keep=True)
    problem = replace(
        problem,
        courses={**problem.courses, key: region.courses[key]},
        required=problem.required | {key},
        goals=(),
        min_college_hours_in_high_school=0.0,
    )
    result = solve(problem, time_limit=time_limit, explain=False)
    if result.plan is None:
        return None
    return result.plan.term_of().get(key)
