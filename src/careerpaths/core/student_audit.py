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

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from itertools import compress
from operator import attrgetter

from careerpaths.core import grades
from careerpaths.core.audit import (
    AuditMemo,
    AuditResult,
    Item,
    Status,
    audit,
    could_be_met,
    eligible_leaves,
    fewest_credits,
    verdict,
)
from careerpaths.core.model import (
    Attempt,
    Course,
    Credential,
    CredentialKind,
    InstitutionKind,
    Pathway,
    Placement,
    Region,
    Student,
)
from careerpaths.core.numbers import format_number
from careerpaths.core.records import attempt_items, grade_reading, items_key, key_of
from careerpaths.core.requirements import Requirement
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
        self._placed_before: dict[
            tuple[str, Term], tuple[tuple[Placement, str, frozenset[str]], ...]
        ] = {}

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

    def placed_before(
        self, pathway: Pathway, term: Term
    ) -> tuple[tuple[Placement, str, frozenset[str]], ...]:
        """The map's high-school placements before ``term``, each with its course's key and
        its alternatives' keys."""
        key = (pathway.id, term)
        got = self._placed_before.get(key)
        if got is None or self.region.pathways.get(pathway.id) is not pathway:
            got = tuple(
                (p, p.key, frozenset(course_key(x) for x in p.alternatives))
                for p in pathway.placements
                if p.term < term and p.term.in_high_school
            )
            if self.region.pathways.get(pathway.id) is pathway:
                self._placed_before[key] = got
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
    memo: AuditMemo | None = None,
) -> Iterator[StudentAudit]:
    """Audit many students (the batch audit); results in the order given.

    Each result equals ``audit_student(student, region, index)`` — field for field. Two
    things make a batch cheaper than a loop over :func:`audit_student`:

    * an :class:`~careerpaths.core.audit.AuditMemo` shared by the whole batch: students
      whose records give a credential the same relevant course attempts get the same
      credential audit, computed once (see the memo's docstring for why that is exact).

    A caller that audits a stream in several calls may pass its own ``memo`` to share it
    between calls. Several processes: :mod:`careerpaths.analytics.audit_pool`.
    """
    index = index or RegionIndex(region)
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
        flags.extend(_pace_flags(diploma_cred, hs_credits, now))

    pathway = region.pathways.get(student.pathway) if student.pathway else None
    pathway_creds = index.pathway_credentials(pathway) if pathway is not None else ()
    college, dual, random_acts, off_pathway = _college_record(
        student.attempts, [_college_info(a, index) for a in student.attempts], index, pathway, flags
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
        taken = _taken(student)
        flags.extend(_pathway_pace_flags(index, pathway, now, taken))
        suggestions = _suggestions(student, region, pathway, now, taken)

    return StudentAudit(
        student=student.id,
        school=student.school,
        grade_level=student.grade_level,
        synthetic=student.synthetic,
        pathway=student.pathway,
        diploma=diploma,
        credentials=tuple(results),
        college_credits=college,
        dual_credits=dual,
        hs_credits=hs_credits,
        random_acts=random_acts,
        off_pathway=off_pathway,
        next_courses=tuple(suggestions),
        flags=tuple(flags),
    )


def _pace_flags(diploma: Credential, hs_credits: float, now: Term) -> list[StudentFlag]:
    """Off track for the diploma: fewer credits than its pace expects after these semesters."""
    total = diploma.total_credits
    done = max(
        0, min(HS_SEMESTERS, (now.grade - 9) * 2 + (1 if now.season is not Season.FALL else 0))
    )
    if total and done:
        expected = total * done / HS_SEMESTERS
        if hs_credits + 1e-9 < DIPLOMA_PACE * expected:
            return [
                StudentFlag(
                    FlagCode.OFF_TRACK_DIPLOMA,
                    f"{format_number(hs_credits)} high-school credits after {done} semesters; about "
                    f"{format_number(round(expected, 1))} expected for {diploma.name}.",
                )
            ]
    return []


@dataclass(frozen=True, slots=True)
class _CollegeInfo:
    """What the college record needs of an attempt at a college (or dual-credit) course."""

    course: Course | None
    passed: bool
    failed: bool  # a grade that is neither passing, withdrawn nor in progress
    hours: float
    counting: bool  # counts toward some credential of the region other than a diploma


def _college_info(a: Attempt, index: RegionIndex) -> _CollegeInfo | None:
    """None for a high-school course; it depends on the attempt's course, grade, dual
    credit and credits only (not its term)."""
    course = index.region.courses.get(key_of(a.course))
    is_college = course.is_college if course else a.dual_credit
    if not is_college:
        return None
    passed = grade_reading(a.grade)[2]
    failed = not passed and _normalized(a.grade) not in (grades.IN_PROGRESS, "W", None)
    hours = course.semester_hours if course else a.credits_earned
    hours = a.credits_earned or hours
    counting = course is not None and course.key in index.counting
    return _CollegeInfo(course, passed, failed, hours, counting)


def _college_record(
    attempts: Sequence[Attempt],
    infos: Sequence[_CollegeInfo | None],
    index: RegionIndex,
    pathway: Pathway | None,
    flags: list[StudentFlag],
) -> tuple[float, float, tuple[str, ...], tuple[str, ...]]:
    """College and dual credits, random acts and off-pathway dual credit; flags appended.

    ``infos`` are :func:`_college_info` of the attempts, in the same order."""
    college = 0.0
    dual = 0.0
    random_acts: list[str] = []
    off_pathway: list[str] = []
    for a, info in zip(attempts, infos, strict=True):
        if info is None:
            continue
        if info.failed:
            flags.append(
                StudentFlag(
                    FlagCode.FAILED_COLLEGE_COURSE,
                    f"{a.course} was not passed ({a.grade}) in {a.term.label}.",
                )
            )
        if not info.passed:
            continue
        college += info.hours
        if a.dual_credit and a.term.grade <= LAST_HIGH_SCHOOL_GRADE:
            dual += info.hours
            if not info.counting:
                random_acts.append(a.course)
            elif (
                pathway is not None
                and info.course is not None
                and not index.on_pathway(info.course, pathway)
            ):
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
    return round(college, 2), round(dual, 2), tuple(random_acts), tuple(off_pathway)


def _taken(student: Student) -> set[str]:
    """Keys of the courses passed or under way."""
    return {
        key_of(a.course)
        for a in student.attempts
        if grade_reading(a.grade)[2] or grade_reading(a.grade)[0]
    }


def _pathway_pace_flags(
    index: RegionIndex, pathway: Pathway, now: Term, taken: set[str]
) -> list[StudentFlag]:
    """Off track for the pathway: two or more high-school courses the map placed earlier."""
    missing = [
        p
        for p, key, keys in index.placed_before(pathway, now)
        if key not in taken and taken.isdisjoint(keys)
    ]
    if len(missing) >= 2:
        return [
            StudentFlag(
                FlagCode.OFF_TRACK_PATHWAY,
                "Pathway courses not taken yet "
                f"that the map places earlier: "
                f"{', '.join(p.course for p in missing[:6])}"
                f"{' and more' if len(missing) > 6 else ''}.",
            )
        ]
    return []


def _suggestions(
    student: Student, region: Region, pathway: Pathway, now: Term, taken: set[str]
) -> list[Suggestion]:
    """The map's courses of the next two terms, each with whether the student may enroll."""
    courses = region.courses
    suggestions: list[Suggestion] = []
    # the next two terms of the map: after the current one when it is under way
    under_way = any(grade_reading(a.grade)[0] for a in student.attempts)
    upcoming = sorted(
        {p.term for p in pathway.placements if p.term > now or (p.term == now and not under_way)}
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
    return suggestions


# -- verdicts: the batch audit's figures without the explanations ------------------------


@dataclass(frozen=True)
class StudentVerdict:
    """What a batch audit stores of a student: the statuses, credits and flags of
    :class:`StudentAudit` without the explanation trees and the next courses (which a
    counselor's page builds when it opens the student)."""

    student: str
    school: str
    grade_level: int
    synthetic: bool
    pathway: str | None
    diploma: Status | None  # None: no diploma known for the student's school
    credentials: tuple[tuple[str, Status], ...]  # the pathway's credentials, in order
    college_credits: float
    dual_credits: float
    hs_credits: float
    random_acts: tuple[str, ...]
    off_pathway: tuple[str, ...]
    flags: tuple[StudentFlag, ...]

    @property
    def on_track(self) -> bool:
        return not any(
            f.code in (FlagCode.OFF_TRACK_DIPLOMA, FlagCode.OFF_TRACK_PATHWAY) for f in self.flags
        )

    @classmethod
    def of(cls, audit: StudentAudit) -> StudentVerdict:
        """The verdict part of a full audit."""
        return cls(
            student=audit.student,
            school=audit.school,
            grade_level=audit.grade_level,
            synthetic=audit.synthetic,
            pathway=audit.pathway,
            diploma=audit.diploma.status if audit.diploma is not None else None,
            credentials=tuple((r.credential, r.status) for r in audit.credentials),
            college_credits=audit.college_credits,
            dual_credits=audit.dual_credits,
            hs_credits=audit.hs_credits,
            random_acts=audit.random_acts,
            off_pathway=audit.off_pathway,
            flags=audit.flags,
        )


class VerdictMemo:
    """Credential verdicts remembered across a batch, keyed by what a verdict depends on.

    Why a remembered verdict is exact: :func:`~careerpaths.core.audit.verdict` asks
    whether an allocation of the items to the tree's leaves exists, with finished items
    only and then with in-progress ones admitted. An item enters that search only through
    the leaves it may fill (:func:`~careerpaths.core.audit.eligible_leaves`: its course,
    credits and grade against each leaf's minimum), whether it is in progress, its
    credits (credit leaves add them up) and its identity (an item fills one leaf when the
    credential is exclusive); its id, code, term and exact grade only order candidates,
    which changes which allocation is found first, never whether one exists. So two
    students whose items form the same multiset of *(in progress, leaves, credits)* —
    items that fill no leaf left out — get the same verdict from the same tree, and the
    verdict computed for the first is the second's. The key is the tree (kept alive
    here), ``exclusive`` and that sorted multiset, as small numbers.

    The multiset forgets the grades above each leaf's minimum, the electives' codes and
    the terms, so students on the same schedule share verdicts even when their grades
    differ (they never share a full audit, whose explanation shows the grades). A verdict
    not found here is "not met" without a search when some leaf cannot be filled by the
    items on their own (:func:`~careerpaths.core.audit.could_be_met`) or, for an
    exclusive credential, the items carry fewer credits than the tree needs
    (:func:`~careerpaths.core.audit.fewest_credits`) — the common case for a diploma
    before grade 12. Both bounds are checked against the search by hypothesis.

    Attempts are read once per distinct *(course, grade, dual credit, credits)*: each
    gets a number, and per credential unit and tree a table gives its element. Every
    table is bounded: between two students, full verdicts are forgotten, and full
    number tables forget everything; forgetting never changes a result.
    """

    def __init__(self, index: RegionIndex, max_entries: int = 200_000) -> None:
        self.index = index
        self.max_entries = max_entries
        self.hits = 0
        self.misses = 0
        self.searches = 0
        self._clear()

    def _clear(self) -> None:
        self._content_ids: dict[tuple[str, str | None, bool, float], int] = {}
        self._attempts: list[Attempt] = []  # a representative attempt per content number
        self.in_progress: list[bool] = []
        self.taken: list[str | None] = []  # course key when passed or under way
        self.college: list[_CollegeInfo | None] = []
        self._items: dict[object, list[Item]] = {}  # unit -> item per content number
        self._hs: dict[object, list[float]] = {}  # unit -> credits of finished items
        self._relevant: dict[object, list[bool]] = {}  # unit -> fills a leaf of some tree
        self._tables: dict[int, tuple[Credential, _Elements]] = {}  # by credential
        # (tree, unit) -> element per content number (0: the item fills no leaf)
        self._elements: dict[tuple[int, object], _Elements] = {}
        self._element_ids: dict[tuple[int, bool, tuple[int, ...], float], int] = {}
        self._entries: list[tuple[tuple[int, ...], float]] = [((), 0.0)]  # per element
        self._verdicts: dict[tuple[int, bool, tuple[int, ...]], Status] = {}
        self._roots: list[Requirement] = []  # kept alive: their addresses key the tables

    def start(self) -> None:
        """Between two students: forget the verdicts, or everything, when a table is full."""
        if len(self._attempts) >= _MAX_CONTENTS or len(self._element_ids) >= self.max_entries:
            self._clear()
        elif len(self._verdicts) >= self.max_entries:
            self._verdicts.clear()  # the numbers stay valid: they name contents, not students

    def contents(self, attempts: Sequence[Attempt]) -> list[int]:
        """The content number of each attempt."""
        ids = self._content_ids
        out = list(map(ids.get, map(_content_key, attempts)))
        if None in out:
            for k, a in enumerate(attempts):
                if out[k] is None:
                    out[k] = self._number(a)
        return out  # type: ignore[return-value]  # no None left

    def _number(self, a: Attempt) -> int:
        key = _content_key(a)
        got = self._content_ids.get(key)
        if got is None:
            got = self._content_ids[key] = len(self._attempts)
            self._attempts.append(a)
            in_progress, _, passed = grade_reading(a.grade)
            self.in_progress.append(in_progress)
            self.taken.append(key_of(a.course) if passed or in_progress else None)
            self.college.append(_college_info(a, self.index))
        return got

    def _unit_items(self, cred: Credential) -> list[Item]:
        """The item of each content number for ``cred``'s unit (ids 0), filled up."""
        unit = items_key(cred)
        table = self._items.get(unit)
        if table is None:
            table = self._items[unit] = []
            self._hs[unit] = []
            self._relevant[unit] = []
        if len(table) < len(self._attempts):
            hs = self._hs[unit]
            relevant = self._relevant[unit]
            roots = [
                c.requirements
                for c in self.index.region.credentials.values()
                if c.requirements is not None and items_key(c) == unit
            ]
            courses = self.index.region.courses
            for a in self._attempts[len(table) :]:
                item = attempt_items((a,), courses, cred)[0]
                table.append(item)
                hs.append(0.0 if item.in_progress else item.credits)
                relevant.append(any(eligible_leaves(root, item) for root in roots))
        return table

    def hs_credits(self, cred: Credential, contents: Sequence[int]) -> float:
        """High-school credits of finished items, summed as an audit sums them."""
        self._unit_items(cred)
        return round(sum(map(self._hs[items_key(cred)].__getitem__, contents)), 2)

    def relevant(self, cred: Credential, contents: Sequence[int]) -> list[int]:
        """The contents that fill a leaf of some credential of the region in ``cred``'s unit:
        the others fill none of that unit's trees, so a verdict may leave them out."""
        self._unit_items(cred)
        return list(compress(contents, map(self._relevant[items_key(cred)].__getitem__, contents)))

    def verdict(self, cred: Credential, contents: Sequence[int], *, exclusive: bool) -> Status:
        """The status :func:`~careerpaths.core.audit.audit` gives ``cred`` for these items."""
        root = cred.requirements
        if root is None:
            return Status.NOT_MET
        known = self._tables.get(id(cred))
        if known is not None and known[0] is cred:
            table = known[1]
        else:
            unit = items_key(cred)
            found = self._elements.get((id(root), unit))
            if found is None:
                self._roots.append(root)
                found = self._elements[(id(root), unit)] = _Elements(
                    self, len(self._elements), root, cred
                )
            table = found
            self._tables[id(cred)] = (cred, table)
        key = (
            table.number,
            exclusive,
            tuple(sorted(filter(None, map(table.__getitem__, contents)))),
        )
        got = self._verdicts.get(key)
        if got is not None:
            self.hits += 1
            return got
        self.misses += 1
        entries = [self._entries[e] for e in key[2]]
        if (
            exclusive and sum(credits for _, credits in entries) + 1e-6 < fewest_credits(root)
        ) or not could_be_met(root, entries):
            got = Status.NOT_MET
        else:
            self.searches += 1
            items = self._unit_items(cred)
            relevant = [items[c] for c in contents if table[c]]
            got = verdict(
                root,
                [
                    Item(n, i.code, i.facts, i.credits, i.grade, i.term, i.in_progress)
                    for n, i in enumerate(relevant)
                ],
                exclusive=exclusive,
            )
        self._verdicts[key] = got
        return got

    def element(self, number: int, root: Requirement, cred: Credential, content: int) -> int:
        """The element number of a content for a tree (0: the item fills no leaf)."""
        item = self._unit_items(cred)[content]
        leaves = eligible_leaves(root, item)
        if not leaves:
            return 0
        credits = max(0.0, item.credits)
        key = (number, item.in_progress, leaves, credits)
        got = self._element_ids.get(key)
        if got is None:
            got = self._element_ids[key] = len(self._entries)
            self._entries.append((leaves, credits))
        return got


class _Elements(dict[int, int]):
    """A tree's element per content number, worked out when first asked."""

    def __init__(self, memo: VerdictMemo, number: int, root: Requirement, cred: Credential):
        super().__init__()
        self.memo = memo
        self.number = number
        self.root = root
        self.cred = cred

    def __missing__(self, content: int) -> int:
        got = self[content] = self.memo.element(self.number, self.root, self.cred, content)
        return got


_MAX_CONTENTS = 100_000
# what an attempt's content number stands for (its term aside)
_content_key = attrgetter("course", "grade", "dual_credit", "credits_earned")


def verdict_many(
    students: Iterable[Student],
    region: Region,
    index: RegionIndex | None = None,
    *,
    memo: VerdictMemo | None = None,
) -> Iterator[StudentVerdict]:
    """The batch audit's verdicts, in the order given.

    Each result equals ``StudentVerdict.of(audit_student(student, region, index))``
    (``tests/unit/core/test_audit_batch.py`` checks it with hypothesis); it costs a fraction
    of a full audit because credential verdicts are shared between students through a
    :class:`VerdictMemo` and no explanation is built. A caller that audits a stream in
    several calls may pass its own ``memo`` (made for the same index) to share it.
    """
    index = index or (memo.index if memo is not None else RegionIndex(region))
    if memo is None or memo.index is not index:
        memo = VerdictMemo(index)
    if not region.settings.share_across_credentials:
        # a college credential then sees only what the diploma's allocation left free,
        # which a verdict does not compute: take the full audits (still shared by a memo)
        audits = AuditMemo()
        for student in students:
            yield StudentVerdict.of(_audit_student(student, region, index, audits.audit))
        return
    for student in students:
        yield _verdict_student(student, region, index, memo)


def _verdict_student(
    student: Student, region: Region, index: RegionIndex, memo: VerdictMemo
) -> StudentVerdict:
    exclusive = region.settings.exclusive_within_credential
    memo.start()
    attempts = student.attempts
    contents = memo.contents(attempts)
    in_progress = memo.in_progress
    ip = [a.term for a, c in zip(attempts, contents, strict=True) if in_progress[c]]
    now = max(ip) if ip else Term.of(min(student.grade_level, 14), Season.FALL)
    flags: list[StudentFlag] = []

    diploma_cred = index.diploma_for(student.school)
    diploma = None
    hs_credits = 0.0
    if diploma_cred is not None:
        hs_credits = memo.hs_credits(diploma_cred, contents)
        diploma = memo.verdict(diploma_cred, contents, exclusive=exclusive)
        flags.extend(_pace_flags(diploma_cred, hs_credits, now))

    pathway = region.pathways.get(student.pathway) if student.pathway else None
    college = memo.college
    college_credits, dual, random_acts, off_pathway = _college_record(
        attempts, [college[c] for c in contents], index, pathway, flags
    )
    results: list[tuple[str, Status]] = []
    if pathway is None:
        flags.append(StudentFlag(FlagCode.NO_PATHWAY, "No pathway declared."))
    else:
        relevant: dict[object, list[int]] = {}  # the contents that matter, per unit
        for cred in index.pathway_credentials(pathway):
            unit = items_key(cred)
            mine = relevant.get(unit)
            if mine is None:
                mine = relevant[unit] = memo.relevant(cred, contents)
            results.append((cred.id, memo.verdict(cred, mine, exclusive=exclusive)))
        taken = memo.taken
        flags.extend(
            _pathway_pace_flags(index, pathway, now, {k for c in contents if (k := taken[c])})
        )

    return StudentVerdict(
        student=student.id,
        school=student.school,
        grade_level=student.grade_level,
        synthetic=student.synthetic,
        pathway=student.pathway,
        diploma=diploma,
        credentials=tuple(results),
        college_credits=college_credits,
        dual_credits=dual,
        hs_credits=hs_credits,
        random_acts=random_acts,
        off_pathway=off_pathway,
        flags=tuple(flags),
    )
