"""A student's audit: the diploma, the declared pathway's credentials, credits, flags.

This is what a counselor sees for one student and what the batch audit computes for
all of them. It reads the record and the region and returns a frozen result; it
never writes.

Definitions:

* *college credits*: passed semester hours of postsecondary courses;
* *dual credits*: the part of those earned in high school as dual credit;
* *random act*: a passed dual-credit course that counts toward no credential in the
  region other than the high-school diploma (the seed's "random acts" of dual enrollment);
* *off pathway*: a dual-credit course that counts toward some credential in the region
  but none of the declared pathway's;
* *off track*: behind the diploma's pace (fewer than 85% of the high-school credits
  expected by the number of completed semesters) or missing two or more courses the
  pathway template placed before the current term.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from enum import StrEnum

from careerpaths.core import grades
from careerpaths.core.audit import AuditResult, audit
from careerpaths.core.model import (
    Course,
    Credential,
    CredentialKind,
    InstitutionKind,
    Region,
    Student,
)
from careerpaths.core.records import attempt_items
from careerpaths.core.requisites import CourseReq, course_key, evaluate, unmet, unparse
from careerpaths.core.terms import LAST_HIGH_SCHOOL_GRADE, Season, Term
from careerpaths.core.validation import counts_toward

DIPLOMA_PACE = 0.85
HS_SEMESTERS = 8


class FlagCode(StrEnum):
    OFF_TRACK_DIPLOMA = "off-track-diploma"
    OFF_TRACK_PATHWAY = "off-track-pathway"
    RANDOM_ACT = "random-act"
    OFF_PATHWAY = "off-pathway-dual-credit"
    FAILED_COLLEGE_COURSE = "failed-college-course"
    NO_PATHWAY = "no-pathway"


@dataclass(frozen=True)
class StudentFlag:
    code: FlagCode
    message: str


@dataclass(frozen=True)
class Suggestion:
    course: str
    title: str
    term: str
    eligible: bool | None  # None: depends on facts not on record
    reason: str


@dataclass(frozen=True)
class StudentAudit:
    student: str
    school: str
    grade_level: int
    synthetic: bool
    pathway: str | None
    diploma: AuditResult | None
    credentials: tuple[AuditResult, ...]
    college_credits: float
    dual_credits: float
    hs_credits: float
    random_acts: tuple[str, ...]
    off_pathway: tuple[str, ...]
    next_courses: tuple[Suggestion, ...]
    flags: tuple[StudentFlag, ...]

    @property
    def on_track(self) -> bool:
        return not any(
            f.code in (FlagCode.OFF_TRACK_DIPLOMA, FlagCode.OFF_TRACK_PATHWAY) for f in self.flags
        )


class RegionIndex:
    """Lookups built once per region for many audits."""

    def __init__(self, region: Region) -> None:
        self.region = region
        creds = [c for c in region.credentials.values() if c.kind is not CredentialKind.HS_DIPLOMA]
        self.counting: set[str] = {
            course.key
            for course in region.courses.values()
            if course.is_college and any(counts_toward(course, c) for c in creds)
        }
        self.district_of: dict[str, str] = {}
        for inst in region.institutions.values():
            if inst.kind is InstitutionKind.HIGH_SCHOOL and inst.parent:
                self.district_of[inst.id] = inst.parent
        self.diploma_of: dict[str, Credential] = {
            c.issuer: c for c in region.credentials.values() if c.kind is CredentialKind.HS_DIPLOMA
        }

    def diploma_for(self, school: str) -> Credential | None:
        return self.diploma_of.get(self.district_of.get(school, school))


class _RecordContext:
    def __init__(self, student: Student, courses: Mapping[str, Course], term: Term) -> None:
        self.student = student
        self.term = term
        self.passed: dict[str, list[tuple[Term, str]]] = {}
        for a in student.attempts:
            if a.term < term and grades.is_passing(a.grade):
                self.passed.setdefault(a.key, []).append((a.term, a.grade or ""))

    def has_course(self, req: CourseReq) -> bool | None:
        return any(grades.meets_minimum(g, req.min_grade) for _, g in self.passed.get(req.key, []))

    def value(self, name: str) -> float | None:
        if name == "grade":
            return float(self.term.grade)
        return self.student.scores.get(name)

    def has_credential(self, credential: str) -> bool | None:
        return credential in self.student.credentials

    def flag(self, name: str) -> bool | None:
        return name in self.student.flags


def current_term(student: Student) -> Term:
    """The term the student is in: where in-progress attempts sit, else fall of their grade."""
    ip = [a.term for a in student.attempts if grades.normalize(a.grade) == grades.IN_PROGRESS]
    if ip:
        return max(ip)
    return Term.of(min(student.grade_level, 14), Season.FALL)


def audit_many(
    students: Iterable[Student], region: Region, index: RegionIndex | None = None
) -> Iterator[StudentAudit]:
    """Audit many students (the batch audit); results in the order given.

    Each result equals ``audit_student(student, region, index)``.
    """
    index = index or RegionIndex(region)
    for student in students:
        yield audit_student(student, region, index)


def audit_student(
    student: Student, region: Region, index: RegionIndex | None = None
) -> StudentAudit:
    """Audit one student against the diploma and the declared pathway's credentials."""
    index = index or RegionIndex(region)
    courses = region.courses
    settings = region.settings
    now = current_term(student)
    flags: list[StudentFlag] = []

    diploma_cred = index.diploma_for(student.school)
    diploma = None
    hs_credits = 0.0
    if diploma_cred is not None:
        items = attempt_items(student.attempts, courses, diploma_cred)
        hs_credits = round(sum(i.credits for i in items if not i.in_progress), 2)
        diploma = audit(
            diploma_cred.id,
            diploma_cred.name,
            diploma_cred.requirements,
            items,
            exclusive=settings.exclusive_within_credential,
        )
        total = diploma_cred.total_credits
        done = max(
            0, min(HS_SEMESTERS, (now.grade - 9) * 2 + (1 if now.season is not Season.FALL else 0))
        )
        if total and done:
            expected = total * done / HS_SEMESTERS
            if hs_credits + 1e-9 < DIPLOMA_PACE * expected:
                flags.append(
                    StudentFlag(
                        FlagCode.OFF_TRACK_DIPLOMA,
                        f"{_n(hs_credits)} high-school credits after {done} semesters; about "
                        f"{_n(round(expected, 1))} expected for {diploma_cred.name}.",
                    )
                )

    college = 0.0
    dual = 0.0
    random_acts: list[str] = []
    off_pathway: list[str] = []
    pathway = region.pathways.get(student.pathway) if student.pathway else None
    pathway_creds = []
    if pathway is not None:
        seen: list[str] = []
        todo = [e.credential for e in pathway.exits]
        while todo:
            cid = todo.pop(0)
            if cid in seen or cid not in region.credentials:
                continue
            seen.append(cid)
            todo.extend(region.credentials[cid].stacks_into)
        pathway_creds = [
            region.credentials[c]
            for c in seen
            if region.credentials[c].kind is not CredentialKind.HS_DIPLOMA
        ]
    for a in student.attempts:
        course = courses.get(a.key)
        is_college = course.is_college if course else a.dual_credit
        if not is_college:
            continue
        passed = grades.is_passing(a.grade)
        if not passed and grades.normalize(a.grade) not in (grades.IN_PROGRESS, "W", None):
            flags.append(
                StudentFlag(
                    FlagCode.FAILED_COLLEGE_COURSE,
                    f"{a.course} was not passed ({a.grade}) in {a.term.label}.",
                )
            )
        if not passed:
            continue
        hours = course.semester_hours if course else a.credits_earned
        hours = a.credits_earned or hours
        college += hours
        if a.dual_credit and a.term.grade <= LAST_HIGH_SCHOOL_GRADE:
            dual += hours
            if course is None or course.key not in index.counting:
                random_acts.append(a.course)
            elif pathway is not None and not any(counts_toward(course, c) for c in pathway_creds):
                off_pathway.append(a.course)
    if random_acts:
        flags.append(
            StudentFlag(
                FlagCode.RANDOM_ACT,
                "Dual-credit courses that count toward no "
                f"credential in the region: {', '.join(random_acts)}.",
            )
        )
    if off_pathway:
        flags.append(
            StudentFlag(
                FlagCode.OFF_PATHWAY,
                "Dual-credit courses outside the declared "
                f"pathway's credentials: {', '.join(off_pathway)}.",
            )
        )

    results: list[AuditResult] = []
    suggestions: list[Suggestion] = []
    if pathway is None:
        flags.append(StudentFlag(FlagCode.NO_PATHWAY, "No pathway declared."))
    else:
        diploma_used = diploma.used_ids if diploma is not None else frozenset()
        for cred in pathway_creds:
            items = attempt_items(student.attempts, courses, cred)
            if not settings.share_across_credentials and cred.kind.is_college_award:
                items = [i for i in items if i.id not in diploma_used]
            results.append(
                audit(
                    cred.id,
                    cred.name,
                    cred.requirements,
                    items,
                    exclusive=settings.exclusive_within_credential,
                )
            )
        taken = {
            a.key
            for a in student.attempts
            if grades.is_passing(a.grade) or grades.normalize(a.grade) == grades.IN_PROGRESS
        }
        missing = [
            p
            for p in pathway.placements
            if p.term < now
            and p.term.in_high_school
            and p.key not in taken
            and not any(course_key(x) in taken for x in p.alternatives)
        ]
        if len(missing) >= 2:
            flags.append(
                StudentFlag(
                    FlagCode.OFF_TRACK_PATHWAY,
                    "Pathway courses not taken yet "
                    f"that the map places earlier: "
                    f"{', '.join(p.course for p in missing[:6])}"
                    f"{' and more' if len(missing) > 6 else ''}.",
                )
            )
        # the next two terms of the map: after the current one when it is under way
        under_way = any(grades.normalize(a.grade) == grades.IN_PROGRESS for a in student.attempts)
        upcoming = sorted(
            {
                p.term
                for p in pathway.placements
                if p.term > now or (p.term == now and not under_way)
            }
        )[:2]
        for p in sorted(pathway.placements, key=lambda p: (p.term, p.course)):
            if p.term not in upcoming or p.key in taken:
                continue
            course = courses.get(p.key)
            if course is None:
                continue
            ctx = _RecordContext(student, courses, p.term)
            verdicts = [evaluate(course.prerequisites, ctx)]
            dual_course = course.is_college and p.term.in_high_school
            if dual_course:
                verdicts.append(evaluate(course.eligibility, ctx))
            if any(v is False for v in verdicts):
                missing_parts = unmet(course.prerequisites, ctx)
                if dual_course:
                    missing_parts += unmet(course.eligibility, ctx)
                reason = "needs " + "; ".join(unparse(x) for x in missing_parts)
                ok: bool | None = False
            elif all(v is True for v in verdicts):
                reason, ok = "eligible", True
            else:
                reason, ok = "check eligibility at enrollment", None
            suggestions.append(Suggestion(course.code, course.title, p.term.id, ok, reason))

    return StudentAudit(
        student=student.id,
        school=student.school,
        grade_level=student.grade_level,
        synthetic=student.synthetic,
        pathway=student.pathway,
        diploma=diploma,
        credentials=tuple(results),
        college_credits=round(college, 2),
        dual_credits=round(dual, 2),
        hs_credits=hs_credits,
        random_acts=tuple(random_acts),
        off_pathway=tuple(off_pathway),
        next_courses=tuple(suggestions),
        flags=tuple(flags),
    )


def _n(x: float) -> str:
    return str(int(x)) if x == int(x) else f"{x:g}"
