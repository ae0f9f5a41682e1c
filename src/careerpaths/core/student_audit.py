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

import copyreg
import io
import multiprocessing
import pickle
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from itertools import islice
from types import MappingProxyType
from typing import Any

from careerpaths.core import grades
from careerpaths.core.audit import AuditMemo, AuditResult, Item, audit
from careerpaths.core.model import (
    Course,
    Credential,
    CredentialKind,
    InstitutionKind,
    Pathway,
    Region,
    Student,
)
from careerpaths.core.records import attempt_items, grade_reading, items_key, key_of
from careerpaths.core.requisites import CourseReq, course_key, evaluate, unmet, unparse
from careerpaths.core.terms import LAST_HIGH_SCHOOL_GRADE, Season, Term
from careerpaths.core.validation import counts_toward

_normalized = lru_cache(maxsize=1024)(grades.normalize)

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
    """Lookups built once per region for many audits.

    Besides the tables built here, it remembers answers that depend on the region alone
    as they are asked (a pathway's credentials, whether a course counts toward one of
    them), so a batch asks each question once rather than once per student.
    """

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
        self._pathway_credentials: dict[str, tuple[Credential, ...]] = {}
        self._on_pathway: dict[tuple[str, str], bool] = {}

    def diploma_for(self, school: str) -> Credential | None:
        return self.diploma_of.get(self.district_of.get(school, school))

    def pathway_credentials(self, pathway: Pathway) -> tuple[Credential, ...]:
        """The pathway's exits and what they stack into, breadth first, diplomas left out."""
        got = self._pathway_credentials.get(pathway.id)
        if got is None or self.region.pathways.get(pathway.id) is not pathway:
            region = self.region
            seen: list[str] = []
            todo = [e.credential for e in pathway.exits]
            while todo:
                cid = todo.pop(0)
                if cid in seen or cid not in region.credentials:
                    continue
                seen.append(cid)
                todo.extend(region.credentials[cid].stacks_into)
            got = tuple(
                region.credentials[c]
                for c in seen
                if region.credentials[c].kind is not CredentialKind.HS_DIPLOMA
            )
            if self.region.pathways.get(pathway.id) is pathway:
                self._pathway_credentials[pathway.id] = got
        return got

    def on_pathway(self, course: Course, pathway: Pathway) -> bool:
        """Whether ``course`` counts toward one of the pathway's credentials."""
        key = (course.key, pathway.id)
        got = self._on_pathway.get(key)
        if got is None or self.region.courses.get(course.key) is not course:
            got = any(counts_toward(course, c) for c in self.pathway_credentials(pathway))
            if self.region.courses.get(course.key) is course:
                self._on_pathway[key] = got
        return got


class _Passed:
    """A student's passed attempts, read once; :meth:`before` gives a requisite context."""

    def __init__(self, student: Student) -> None:
        self.student = student
        self.attempts = [
            (a.term, key_of(a.course), a.grade or "")
            for a in student.attempts
            if grade_reading(a.grade)[2]
        ]
        self._contexts: dict[Term, _RecordContext] = {}

    def before(self, term: Term) -> _RecordContext:
        ctx = self._contexts.get(term)
        if ctx is None:
            ctx = self._contexts[term] = _RecordContext(self.student, term, self.attempts)
        return ctx


class _RecordContext:
    """What the record shows before ``term``: passed courses, scores, credentials, flags."""

    def __init__(
        self, student: Student, term: Term, passed: Iterable[tuple[Term, str, str]]
    ) -> None:
        self.student = student
        self.term = term
        self.passed: dict[str, list[tuple[Term, str]]] = {}
        for when, key, grade in passed:
            if when < term:
                self.passed.setdefault(key, []).append((when, grade))

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
    ip = [a.term for a in student.attempts if grade_reading(a.grade)[0]]
    if ip:
        return max(ip)
    return Term.of(min(student.grade_level, 14), Season.FALL)


AuditFn = Callable[..., AuditResult]


def audit_many(
    students: Iterable[Student],
    region: Region,
    index: RegionIndex | None = None,
    *,
    workers: int = 1,
    chunk_size: int = 2000,
    memo: AuditMemo | None = None,
) -> Iterator[StudentAudit]:
    """Audit many students (the batch audit); results in the order given.

    Each result equals ``audit_student(student, region, index)`` — field for field. Two
    things make a batch cheaper than a loop over :func:`audit_student`:

    * an :class:`~careerpaths.core.audit.AuditMemo` shared by the whole batch: students
      whose records give a credential the same relevant course attempts get the same
      credential audit, computed once (see the memo's docstring for why that is exact);
    * with ``workers`` > 1, chunks of ``chunk_size`` students are audited in that many
      processes (the standard library's process pool; each worker gets the region once),
      and the results come back in the order given.

    A caller that audits a stream in several calls may pass its own ``memo`` (one
    process, ``workers=1``) to share it between calls.
    """
    index = index or RegionIndex(region)
    if workers > 1:
        yield from _audit_parallel(students, region, workers=workers, chunk_size=chunk_size)
        return
    memo = memo if memo is not None else AuditMemo()
    for student in students:
        yield _audit_student(student, region, index, memo.audit)


def audit_student(
    student: Student, region: Region, index: RegionIndex | None = None
) -> StudentAudit:
    """Audit one student against the diploma and the declared pathway's credentials."""
    return _audit_student(student, region, index or RegionIndex(region), audit)


def _audit_student(
    student: Student, region: Region, index: RegionIndex, run: AuditFn
) -> StudentAudit:
    courses = region.courses
    settings = region.settings
    now = current_term(student)
    flags: list[StudentFlag] = []
    # the items of one credential depend on its unit only (see records.items_key)
    items_of: dict[object, list[Item]] = {}

    def items_for(cred: Credential) -> list[Item]:
        unit = items_key(cred)
        got = items_of.get(unit)
        if got is None:
            got = items_of[unit] = attempt_items(student.attempts, courses, cred)
        return got

    diploma_cred = index.diploma_for(student.school)
    diploma = None
    hs_credits = 0.0
    if diploma_cred is not None:
        items = items_for(diploma_cred)
        hs_credits = round(sum(i.credits for i in items if not i.in_progress), 2)
        diploma = run(
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
    pathway_creds = index.pathway_credentials(pathway) if pathway is not None else ()
    for a in student.attempts:
        course = courses.get(key_of(a.course))
        is_college = course.is_college if course else a.dual_credit
        if not is_college:
            continue
        passed = grade_reading(a.grade)[2]
        if not passed and _normalized(a.grade) not in (grades.IN_PROGRESS, "W", None):
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
            elif pathway is not None and not index.on_pathway(course, pathway):
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
            items = items_for(cred)
            if not settings.share_across_credentials and cred.kind.is_college_award:
                items = [i for i in items if i.id not in diploma_used]
            results.append(
                run(
                    cred.id,
                    cred.name,
                    cred.requirements,
                    items,
                    exclusive=settings.exclusive_within_credential,
                )
            )
        taken = {
            key_of(a.course)
            for a in student.attempts
            if grade_reading(a.grade)[2] or grade_reading(a.grade)[0]
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
        under_way = any(grade_reading(a.grade)[0] for a in student.attempts)
        upcoming = sorted(
            {
                p.term
                for p in pathway.placements
                if p.term > now or (p.term == now and not under_way)
            }
        )[:2]
        record = _Passed(student)
        for p in sorted(pathway.placements, key=lambda p: (p.term, p.course)):
            if p.term not in upcoming or p.key in taken:
                continue
            course = courses.get(p.key)
            if course is None:
                continue
            ctx = record.before(p.term)
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


def _proxy(content: dict[object, object]) -> MappingProxyType[object, object]:
    return MappingProxyType(content)


def _reduce_proxy(
    proxy: MappingProxyType[object, object],
) -> tuple[Callable[..., object], tuple[object, ...]]:
    return (_proxy, (dict(proxy),))


def _dumps(obj: object) -> bytes:
    """Pickle ``obj`` for a worker; read-only mappings travel as the dicts they wrap.

    The domain keeps its mappings read-only (``MappingProxyType``), which the standard
    pickler refuses; this pickler alone learns them, nothing global changes.
    """
    buf = io.BytesIO()
    pickler = pickle.Pickler(buf, protocol=pickle.HIGHEST_PROTOCOL)
    table: dict[type, Callable[[Any], tuple[Callable[..., object], tuple[object, ...]]]] = {
        MappingProxyType: _reduce_proxy
    }
    pickler.dispatch_table = {**copyreg.dispatch_table, **table}
    pickler.dump(obj)
    return buf.getvalue()


# A worker process's region, index and memo, set once by the pool's initializer.
_worker: tuple[Region, RegionIndex, AuditMemo] | None = None


def _worker_start(region: bytes) -> None:
    global _worker
    got: Region = pickle.loads(region)
    _worker = (got, RegionIndex(got), AuditMemo())


def _worker_audit(students: bytes) -> list[StudentAudit]:
    assert _worker is not None, "the pool's initializer sets the worker's region"
    region, index, memo = _worker
    return [_audit_student(s, region, index, memo.audit) for s in pickle.loads(students)]


def _audit_parallel(
    students: Iterable[Student], region: Region, *, workers: int, chunk_size: int
) -> Iterator[StudentAudit]:
    """Chunks over a process pool, results in order; at most two chunks per worker in flight.

    Workers start with ``forkserver`` where the platform has it (``spawn`` elsewhere): a
    fork of a process that runs threads (a web server, a database driver) is not safe.
    """
    method = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
    it = iter(students)
    pending: deque[Future[list[StudentAudit]]] = deque()
    with ProcessPoolExecutor(
        max_workers=workers,
        mp_context=multiprocessing.get_context(method),
        initializer=_worker_start,
        initargs=(_dumps(region),),
    ) as pool:
        while True:
            while len(pending) < 2 * workers:
                chunk = list(islice(it, chunk_size))
                if not chunk:
                    break
                pending.append(pool.submit(_worker_audit, _dumps(chunk)))
            if not pending:
                return
            yield from pending.popleft().result()


def _n(x: float) -> str:
    return str(int(x)) if x == int(x) else f"{x:g}"
