"""Staffing dual-enrollment sections: instructors, qualification rules, sections, shortages.

Plain Python, no framework. Everything a coordinator asks is answered with structured
results that explain themselves:

* :func:`check_qualification` applies a college's qualification rules (data: see
  ``careerpaths/staffing/data/accreditors.yaml`` and a workspace's ``staffing/colleges.yaml``)
  to one instructor and one course, and says which rule and evidence met it or what is
  missing ("needs 6 more graduate hours in mathematics").
* :func:`instructor_findings` and :func:`section_findings` report bad input (a degree
  without a discipline, an expired licence, overlapping sections for one instructor, a
  section over its room's capacity) as :class:`~careerpaths.core.findings.Finding`.
* :func:`activation_findings` says why a section cannot be activated (NACEP F1/F2: an
  approved instructor who has done the course's orientation).
* :func:`find_shortages` lists courses with student demand and no qualified, approved,
  oriented instructor, with the remedies the seeds name ranked by feasibility and cost —
  a :class:`SectionCost` passed in: :class:`FundingCost` applies a state's funding rules
  (:mod:`careerpaths.core.funding`, per delivery model, less state aid), given as data.
* :func:`back_schedule` plans a launch backwards from a term's start with lead times as
  data, and says what is late or at risk on a given day.

A rule set is a list of *alternatives*; an alternative is met when every one of its
requirements is. Requirements are read in the course's teaching discipline:

========================  =====================================================
``degree: LEVEL``          the instructor holds a degree of at least that level
``in_discipline: true``    ... in the course's discipline (or a related one)
``graduate_hours: N``      N graduate semester hours in the discipline
``work_years: N``          N years of related work experience in the discipline
``licence: true``          a current licence or certification the college lists for the
                           discipline (``licence: [RN, LPN]`` names them)
``documented: true``       the approval must record a written justification
========================  =====================================================
"""

from __future__ import annotations

import calendar
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, time, timedelta
from enum import StrEnum
from types import MappingProxyType
from typing import Any, Protocol

from careerpaths.core.findings import Finding, Severity, Where
from careerpaths.core.funding import CostLine, DeliveryModel, FormulaError, RuleSet, section_cost
from careerpaths.core.funding import CourseFacts as FundingFacts
from careerpaths.core.i18n import Text, join_text, text
from careerpaths.core.model import Course, Delivery
from careerpaths.core.privacy import HIDDEN, show_count
from careerpaths.core.requisites import course_key

# --------------------------------------------------------------------------- codes

# code -> (severity, meaning); docs/staffing.md lists them and a test keeps it current.
CODES: dict[str, tuple[Severity, str]] = {
    "degree-without-discipline": (
        Severity.ERROR,
        "A degree is recorded without its discipline, so it cannot count for any course.",
    ),
    "degree-unknown-level": (Severity.ERROR, "A degree's level is not one of the known levels."),
    "licence-expired": (
        Severity.WARNING,
        "A licence or certification has expired; it no longer counts as evidence.",
    ),
    "licence-expires-soon": (
        Severity.INFO,
        "A licence or certification expires within 90 days.",
    ),
    "background-check-missing": (
        Severity.WARNING,
        "No background check date is recorded; sections with high-school students need one.",
    ),
    "background-check-old": (
        Severity.WARNING,
        "The background check is older than the college's renewal period.",
    ),
    "negative-hours": (Severity.ERROR, "Graduate hours or years of experience below zero."),
    "section-over-room-capacity": (
        Severity.ERROR,
        "A section's enrollment capacity is larger than its room holds.",
    ),
    "section-minimum-above-capacity": (
        Severity.ERROR,
        "A section's minimum to run is larger than its capacity.",
    ),
    "section-times": (Severity.ERROR, "A meeting ends before it starts."),
    "instructor-overlap": (
        Severity.ERROR,
        "One instructor is assigned to two sections that meet at the same time.",
    ),
    "section-unknown-instructor": (
        Severity.ERROR,
        "A section names an instructor who is not on record.",
    ),
    "section-unknown-course": (Severity.ERROR, "A section names a course not in the catalog."),
    "activation-no-instructor": (Severity.ERROR, "The section has no instructor."),
    "activation-not-qualified": (
        Severity.ERROR,
        "The instructor does not meet the college's qualification rules for the course.",
    ),
    "activation-not-approved": (
        Severity.ERROR,
        "The college has not approved the instructor for the course (NACEP F1).",
    ),
    "activation-orientation-missing": (
        Severity.ERROR,
        "The instructor has not done the course's orientation (NACEP F2).",
    ),
    "activation-background-check": (
        Severity.ERROR,
        "The instructor has no current background check.",
    ),
}


def finding(code: str, where: Where, message: str, **data: object) -> Finding:
    return Finding(code, CODES[code][0], where, message, dict(data))


# --------------------------------------------------------------------------- instructors


class DegreeLevel(StrEnum):
    ASSOCIATE = "associate"
    BACHELOR = "bachelor"
    MASTER = "master"
    DOCTORATE = "doctorate"

    @property
    def rank(self) -> int:
        return _LEVEL_RANK[self]

    @property
    def label(self) -> str:
        return _LEVEL_LABEL[self]


_LEVEL_RANK = {
    DegreeLevel.ASSOCIATE: 1,
    DegreeLevel.BACHELOR: 2,
    DegreeLevel.MASTER: 3,
    DegreeLevel.DOCTORATE: 4,
}
_LEVEL_LABEL = {
    DegreeLevel.ASSOCIATE: text("an associate degree"),
    DegreeLevel.BACHELOR: text("a bachelor's degree"),
    DegreeLevel.MASTER: text("a master's degree"),
    DegreeLevel.DOCTORATE: text("a doctorate"),
}


@dataclass(frozen=True)
class Degree:
    level: DegreeLevel
    discipline: str | None  # None is bad input: reported, never counted
    institution: str = ""


@dataclass(frozen=True)
class Licence:
    """A licence (RN) or industry certification (CompTIA A+), with its expiry if any."""

    name: str
    expires: date | None = None

    def current(self, as_of: date) -> bool:
        return self.expires is None or self.expires >= as_of


@dataclass(frozen=True)
class Instructor:
    """A possible dual-enrollment instructor: college faculty, a high-school teacher, or
    someone from industry. ``employer`` is an institution id (a high school, the college)
    or a free name for an outside employer; ``available`` lists the times of day the
    instructor could teach (``day``, ``early_morning``, ``evening``, ``weekend``,
    ``summer``)."""

    id: str
    name: str
    employer: str
    degrees: tuple[Degree, ...] = ()
    graduate_hours: Mapping[str, float] = field(default_factory=lambda: MappingProxyType({}))
    licences: tuple[Licence, ...] = ()
    work_years: Mapping[str, float] = field(default_factory=lambda: MappingProxyType({}))
    background_check: date | None = None
    available: frozenset[str] = frozenset({"day"})
    illustrative: bool = False


# --------------------------------------------------------------------------- rules


class CourseKind(StrEnum):
    TRANSFER = "transfer"  # general education / transfer courses
    TECHNICAL = "technical"  # non-transfer technical (CTE) courses


@dataclass(frozen=True)
class Requirement:
    degree: DegreeLevel | None = None
    in_discipline: bool = False
    graduate_hours: float = 0.0
    work_years: float = 0.0
    licence: bool | tuple[str, ...] = False
    documented: bool = False


@dataclass(frozen=True)
class Alternative:
    id: str
    label: str
    requires: Requirement
    basis: str = "credentials"  # HLC: credentials, progress toward credentials, tested experience


@dataclass(frozen=True)
class Framework:
    """An accreditor's faculty-credential expectations (SACSCOC 6.2.a, HLC)."""

    id: str
    name: str
    rules: Mapping[CourseKind, tuple[Alternative, ...]]
    source: str = ""
    note: str = ""


@dataclass(frozen=True)
class CollegePolicy:
    """A college's qualification rules: its accreditor's, or its own documented process.

    ``rules`` (per course kind) replace the framework's alternatives when given: HLC asks
    each college for its own documented process; a SACSCOC college may add justified
    alternatives. ``disciplines`` maps a course subject (``BIO``) to its teaching
    discipline; ``courses`` overrides it per course (``HSC-173: nursing``);
    ``transfer_subjects`` are the subjects whose courses are transfer courses.
    """

    college: str
    framework: Framework
    rules: Mapping[CourseKind, tuple[Alternative, ...]] = field(
        default_factory=lambda: MappingProxyType({})
    )
    disciplines: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    courses: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    transfer_subjects: frozenset[str] = frozenset()
    related: Mapping[str, frozenset[str]] = field(default_factory=lambda: MappingProxyType({}))
    licences: Mapping[str, tuple[str, ...]] = field(default_factory=lambda: MappingProxyType({}))
    discipline_rules: Mapping[str, tuple[Alternative, ...]] = field(
        default_factory=lambda: MappingProxyType({})
    )
    background_check_years: float = 3.0
    max_sections_per_term: int = 2  # dual-enrollment sections a faculty member may add
    source: str = ""
    illustrative: bool = False

    def alternatives(self, kind: CourseKind, discipline: str = "") -> tuple[Alternative, ...]:
        """The discipline's own rules (e.g. nurse aide: an RN), else the kind's, else the
        accreditor's."""
        return (
            self.discipline_rules.get(discipline)
            or self.rules.get(kind)
            or self.framework.rules.get(kind, ())
        )

    def discipline_of(self, course: Course) -> str:
        override = self.courses.get(course.key)
        if override:
            return override
        return self.disciplines.get(course.subject, course.subject.lower())

    def kind_of(self, course: Course) -> CourseKind:
        if course.subject in self.transfer_subjects:
            return CourseKind.TRANSFER
        return CourseKind.TECHNICAL

    def matches(self, discipline: str | None, target: str) -> bool:
        if discipline is None:
            return False
        d = discipline.strip().lower()
        return d == target or d in self.related.get(target, frozenset())

    def licences_for(self, target: str, requirement: Requirement) -> tuple[str, ...]:
        if isinstance(requirement.licence, tuple):
            return requirement.licence
        return self.licences.get(target, ())


# --------------------------------------------------------------------------- checking


@dataclass(frozen=True)
class AlternativeResult:
    alternative: Alternative
    evidence: tuple[str, ...]  # what met each requirement
    missing: tuple[str, ...]  # what is still needed, in words

    @property
    def met(self) -> bool:
        return not self.missing


@dataclass(frozen=True)
class QualificationCheck:
    """The verdict for one instructor and one course, with its reasons.

    ``rule`` is the alternative that met (or, when none did, the closest one: fewest
    things missing); ``results`` holds every alternative tried.
    """

    instructor: str
    course: str
    college: str
    framework: str
    discipline: str
    kind: CourseKind
    results: tuple[AlternativeResult, ...]

    @property
    def qualified(self) -> bool:
        return any(r.met for r in self.results)

    @property
    def best(self) -> AlternativeResult | None:
        if not self.results:
            return None
        return min(self.results, key=lambda r: (not r.met, len(r.missing)))

    @property
    def needs_justification(self) -> bool:
        best = self.best
        return best is not None and best.met and best.alternative.requires.documented

    def explain(self) -> str:
        best = self.best
        if best is None:
            return text(
                "No qualification rule for %(kind)s courses at this college.", kind=self.kind.value
            )
        rule = text(
            "%(rule)s (%(framework)s)", rule=best.alternative.label, framework=self.framework
        )
        if best.met:
            return text("Qualified by %(rule)s: %(evidence)s.", rule=rule,
                        evidence=join_text(best.evidence))  # fmt: skip
        tried: Text | None = None
        for r in sorted(self.results, key=lambda r: len(r.missing)):
            one = text("%(rule)s: %(missing)s.", rule=r.alternative.label,
                       missing=join_text(r.missing))  # fmt: skip
            tried = one if tried is None else text("%(tried)s Or %(next)s", tried=tried, next=one)
        return text("Not qualified under %(framework)s. %(tried)s", framework=self.framework,
                    tried=tried or "")  # fmt: skip

    def as_dict(self) -> dict[str, object]:
        best = self.best
        return {
            "instructor": self.instructor,
            "course": self.course,
            "college": self.college,
            "framework": self.framework,
            "discipline": self.discipline,
            "kind": self.kind.value,
            "qualified": self.qualified,
            "rule": best.alternative.id if best else None,
            "rule_label": best.alternative.label if best else None,
            "basis": best.alternative.basis if best else None,
            "evidence": list(best.evidence) if best else [],
            "missing": list(best.missing) if best else [],
            "needs_justification": self.needs_justification,
            "explanation": self.explain(),
        }


def _num(x: float) -> str:
    return f"{x:g}"


def _plural(n: float, word: str) -> str:
    return f"{_num(n)} {word}{'' if n == 1 else 's'}"


def _evaluate(
    instructor: Instructor,
    policy: CollegePolicy,
    target: str,
    alt: Alternative,
    as_of: date,
) -> AlternativeResult:
    req = alt.requires
    evidence: list[str] = []
    missing: list[str] = []
    if req.degree is not None:
        wanted = req.degree
        held = [
            d
            for d in instructor.degrees
            if d.discipline is not None
            and d.level.rank >= wanted.rank
            and (not req.in_discipline or policy.matches(d.discipline, target))
        ]
        if held:
            top = max(held, key=lambda d: d.level.rank)
            evidence.append(text("%(degree)s in %(field)s", degree=top.level.label,
                                 field=top.discipline))  # fmt: skip
        else:
            need = (
                text("needs %(degree)s in %(field)s", degree=wanted.label, field=target)
                if req.in_discipline
                else text("needs %(degree)s", degree=wanted.label)
            )
            have = [d for d in instructor.degrees if d.discipline is not None]
            if have:
                top = max(have, key=lambda d: d.level.rank)
                missing.append(
                    text(
                        "%(need)s (highest: %(degree)s in %(field)s)",
                        need=need,
                        degree=top.level.label,
                        field=top.discipline,
                    )
                )
            else:
                missing.append(need)
    if req.graduate_hours:
        hours = sum(
            h for d, h in instructor.graduate_hours.items() if policy.matches(d, target) and h > 0
        )
        if hours >= req.graduate_hours:
            evidence.append(text("%(n)s graduate hours in %(field)s", n=_num(hours), field=target))
        else:
            lack = req.graduate_hours - hours
            missing.append(
                text("needs %(n)s more graduate hour in %(field)s (has %(has)s of %(of)s)", n=_num(lack),
                     field=target, has=_num(hours), of=_num(req.graduate_hours))
                if lack == 1
                else text("needs %(n)s more graduate hours in %(field)s (has %(has)s of %(of)s)",
                          n=_num(lack), field=target, has=_num(hours), of=_num(req.graduate_hours))
            )  # fmt: skip
    if req.work_years:
        # overlapping experience counts once: the longest related record, not the sum
        years = max(
            (y for d, y in instructor.work_years.items() if policy.matches(d, target) and y > 0),
            default=0.0,
        )
        if years >= req.work_years:
            evidence.append(
                text("%(n)s year of work experience in %(field)s", n=_num(years), field=target)
                if years == 1
                else text(
                    "%(n)s years of work experience in %(field)s", n=_num(years), field=target
                )
            )
        else:
            lack = req.work_years - years
            has, of = _num(years), _num(req.work_years)
            missing.append(
                text("needs %(n)s more year of work experience in %(field)s (has %(has)s of %(of)s)",
                     n=_num(lack), field=target, has=has, of=of)
                if lack == 1
                else text("needs %(n)s more years of work experience in %(field)s (has %(has)s of "
                          "%(of)s)", n=_num(lack), field=target, has=has, of=of)
            )  # fmt: skip
    if req.licence:
        names = policy.licences_for(target, req)
        wanted_names = {n.lower() for n in names}
        relevant = [lic for lic in instructor.licences if lic.name.lower() in wanted_names]
        current = [lic for lic in relevant if lic.current(as_of)]
        if current:
            lic = current[0]
            evidence.append(
                text(
                    "%(name)s licence, valid to %(date)s",
                    name=lic.name,
                    date=lic.expires.isoformat(),
                )
                if lic.expires
                else text("%(name)s licence", name=lic.name)
            )
        elif relevant:
            lic = max(relevant, key=lambda x: x.expires or date.max)
            missing.append(
                text(
                    "needs a current %(names)s licence (%(name)s expired %(date)s)",
                    names=join_text(names, " or "),
                    name=lic.name,
                    date=lic.expires.isoformat() if lic.expires else "",
                )
            )
        elif names:
            missing.append(
                text("needs a current %(names)s licence", names=join_text(names, " or "))
            )
        else:
            missing.append(
                text("needs a current licence or certification in %(field)s", field=target)
            )
    if req.documented:
        evidence.append(text("justification to be documented in the approval"))
    return AlternativeResult(alt, tuple(evidence), tuple(missing))


def check_qualification(
    instructor: Instructor, course: Course, policy: CollegePolicy, *, as_of: date
) -> QualificationCheck:
    """Does ``instructor`` meet ``policy``'s rules for ``course`` on ``as_of``?

    Every alternative for the course's kind is evaluated; the check is qualified when
    one is met. Degrees without a discipline and expired licences count for nothing (the
    findings of :func:`instructor_findings` say so).
    """
    target = policy.discipline_of(course)
    kind = policy.kind_of(course)
    results = tuple(
        _evaluate(instructor, policy, target, alt, as_of)
        for alt in policy.alternatives(kind, target)
    )
    return QualificationCheck(
        instructor=instructor.id,
        course=course.code,
        college=policy.college,
        framework=_rule_source(policy, kind, target),
        discipline=target,
        kind=kind,
        results=results,
    )


def _rule_source(policy: CollegePolicy, kind: CourseKind, discipline: str) -> str:
    if policy.discipline_rules.get(discipline) or policy.rules.get(kind):
        return text("the college's rules under %(framework)s", framework=policy.framework.name)
    return policy.framework.name


def check_matrix(
    instructors: Sequence[Instructor],
    courses: Sequence[Course],
    policy: CollegePolicy,
    *,
    as_of: date,
) -> dict[tuple[str, str], bool]:
    """Qualified or not, for every instructor × course pair.

    A verdict depends on the course only through its discipline and kind, so each
    instructor is checked once per (discipline, kind) group and the verdict shared by
    the group's courses — the same answers as calling :func:`check_qualification` per
    pair (a property test compares them).
    """
    groups: dict[tuple[str, CourseKind], list[Course]] = {}
    for c in courses:
        groups.setdefault((policy.discipline_of(c), policy.kind_of(c)), []).append(c)
    out: dict[tuple[str, str], bool] = {}
    for ins in instructors:
        for (target, kind), members in groups.items():
            ok = any(
                _evaluate(ins, policy, target, alt, as_of).met
                for alt in policy.alternatives(kind, target)
            )
            for c in members:
                out[(ins.id, c.code)] = ok
    return out


def instructor_findings(
    instructor: Instructor, *, as_of: date, policy: CollegePolicy | None = None
) -> list[Finding]:
    """Bad or doubtful input on an instructor's record."""
    where = Where(file=None, node=instructor.id)
    out: list[Finding] = []
    # ``index`` (the degree's or licence's position) and ``kind`` let a form put each
    # finding beside the field it is about.
    for i, d in enumerate(instructor.degrees):
        if not d.discipline or not d.discipline.strip():
            out.append(
                finding(
                    "degree-without-discipline",
                    where,
                    text(
                        "%(name)s: %(degree)s has no discipline; record the field of study (e.g. "
                        "nursing, mathematics) or it cannot count for any course.",
                        name=instructor.name,
                        degree=d.level.label,
                    ),
                    level=d.level.value,
                    index=i,
                )
            )
    for kind, values in (
        ("graduate_hours", instructor.graduate_hours),
        ("work_years", instructor.work_years),
    ):
        for name, value in values.items():
            if value < 0:
                out.append(
                    finding(
                        "negative-hours",
                        where,
                        text(
                            "%(name)s: %(field)s has %(value)s, below zero.",
                            name=instructor.name,
                            field=name,
                            value=f"{value:g}",
                        ),
                        discipline=name,
                        kind=kind,
                    )
                )
    for i, lic in enumerate(instructor.licences):
        if lic.expires is not None and lic.expires < as_of:
            out.append(
                finding(
                    "licence-expired",
                    where,
                    text(
                        "%(name)s: %(licence)s expired on %(date)s; it does not count until "
                        "renewed.",
                        name=instructor.name,
                        licence=lic.name,
                        date=lic.expires.isoformat(),
                    ),
                    licence=lic.name,
                    expired=lic.expires.isoformat(),
                    index=i,
                )
            )
        elif lic.expires is not None and lic.expires < as_of + timedelta(days=90):
            out.append(
                finding(
                    "licence-expires-soon",
                    where,
                    text(
                        "%(name)s: %(licence)s expires on %(date)s.",
                        name=instructor.name,
                        licence=lic.name,
                        date=lic.expires.isoformat(),
                    ),
                    licence=lic.name,
                    index=i,
                )
            )
    if instructor.background_check is None:
        out.append(
            finding(
                "background-check-missing",
                where,
                text("%(name)s: no background check date on record.", name=instructor.name),
            )
        )
    elif policy is not None and not background_check_current(instructor, policy, as_of=as_of):
        out.append(
            finding(
                "background-check-old",
                where,
                text(
                    "%(name)s: background check of %(date)s is older than %(years)s years.",
                    name=instructor.name,
                    date=instructor.background_check.isoformat(),
                    years=f"{policy.background_check_years:g}",
                ),
            )
        )
    return out


def background_check_current(instructor: Instructor, policy: CollegePolicy, *, as_of: date) -> bool:
    if instructor.background_check is None:
        return False
    return (as_of - instructor.background_check).days <= policy.background_check_years * 365.25


# --------------------------------------------------------------------------- sections


class SectionDelivery(StrEnum):
    """Who teaches where (the seeds' delivery models)."""

    HS_TEACHER_ADJUNCT = "hs_teacher_adjunct"  # a high-school teacher appointed as adjunct
    COLLEGE_FACULTY_AT_HS = "college_faculty_at_hs"
    ON_CAMPUS = "on_campus"
    CAREER_CENTER = "career_center"
    ONLINE = "online"

    @property
    def label(self) -> str:
        return {
            "hs_teacher_adjunct": text("High-school teacher as college adjunct"),
            "college_faculty_at_hs": text("College faculty at the high school"),
            "on_campus": text("On the college campus"),
            "career_center": text("At the career center"),
            "online": text("Online"),
        }[self.value]


class TimeSlot(StrEnum):
    DAY = "day"
    EARLY_MORNING = "early_morning"
    EVENING = "evening"
    WEEKEND = "weekend"
    SUMMER = "summer"

    @property
    def label(self) -> str:
        return {
            "day": text("day"),
            "early_morning": text("early morning"),
            "evening": text("evening"),
            "weekend": text("weekend"),
            "summer": text("summer"),
        }[self.value]


class SectionStatus(StrEnum):
    PLANNED = "planned"
    ACTIVE = "active"
    CANCELLED = "cancelled"


DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


@dataclass(frozen=True)
class Meeting:
    days: frozenset[str]
    start: time
    end: time

    def overlaps(self, other: Meeting) -> bool:
        return bool(self.days & other.days) and self.start < other.end and other.start < self.end

    def __str__(self) -> str:
        days = "/".join(d.capitalize() for d in DAYS if d in self.days)
        return f"{days} {self.start:%H:%M}-{self.end:%H:%M}"


@dataclass(frozen=True)
class Section:
    id: str
    term: str  # a calendar term, e.g. "2027-FA"
    course: str
    site: str  # a high school, the career center, the college (or "online")
    delivery: SectionDelivery
    capacity: int
    minimum: int = 0
    room_capacity: int | None = None
    slot: TimeSlot = TimeSlot.DAY
    meetings: tuple[Meeting, ...] = ()
    instructor: str | None = None
    status: SectionStatus = SectionStatus.PLANNED
    serves: tuple[str, ...] = ()  # schools whose students it serves (default: the site)
    illustrative: bool = False

    @property
    def key(self) -> str:
        return course_key(self.course)

    @property
    def schools(self) -> tuple[str, ...]:
        return self.serves or (self.site,)


def section_findings(
    sections: Sequence[Section],
    *,
    instructors: Mapping[str, Instructor] | None = None,
    courses: Mapping[str, Course] | None = None,
) -> list[Finding]:
    """Bad input among sections: capacities, meeting times, one instructor in two places."""
    out: list[Finding] = []
    for s in sections:
        where = Where(term=s.term, course=s.course, node=s.id)
        if s.room_capacity is not None and s.capacity > s.room_capacity:
            out.append(
                finding(
                    "section-over-room-capacity",
                    where,
                    text(
                        "Section %(id)s: capacity %(capacity)s is more than the room holds "
                        "(%(room)s).",
                        id=s.id,
                        capacity=s.capacity,
                        room=s.room_capacity,
                    ),
                    capacity=s.capacity,
                    room_capacity=s.room_capacity,
                )
            )
        if s.minimum > s.capacity:
            out.append(
                finding(
                    "section-minimum-above-capacity",
                    where,
                    text(
                        "Section %(id)s: minimum to run (%(minimum)s) is above its capacity "
                        "(%(capacity)s).",
                        id=s.id,
                        minimum=s.minimum,
                        capacity=s.capacity,
                    ),
                )
            )
        for j, m in enumerate(s.meetings):
            if m.end <= m.start:
                out.append(
                    finding(
                        "section-times",
                        where,
                        text(
                            "Section %(id)s: a meeting ends (%(end)s) before it starts "
                            "(%(start)s).",
                            id=s.id,
                            end=f"{m.end:%H:%M}",
                            start=f"{m.start:%H:%M}",
                        ),
                        meeting=j,
                    )
                )
        if instructors is not None and s.instructor and s.instructor not in instructors:
            out.append(
                finding(
                    "section-unknown-instructor",
                    where,
                    text(
                        "Section %(id)s: no instructor %(instructor)s on record.",
                        id=s.id,
                        instructor=repr(s.instructor),
                    ),
                )
            )
        if courses is not None and s.key not in courses:
            out.append(
                finding(
                    "section-unknown-course",
                    where,
                    text(
                        "Section %(id)s: course %(course)s is not in the catalog.",
                        id=s.id,
                        course=s.course,
                    ),
                )
            )
    by_instructor: dict[tuple[str, str], list[Section]] = {}
    for s in sections:
        if s.instructor and s.status is not SectionStatus.CANCELLED:
            by_instructor.setdefault((s.instructor, s.term), []).append(s)
    for (who, term), group in sorted(by_instructor.items()):
        group.sort(key=lambda s: s.id)
        for i, a in enumerate(group):
            for b in group[i + 1 :]:
                clash = next(
                    ((x, y) for x in a.meetings for y in b.meetings if x.overlaps(y)), None
                )
                if clash is not None:
                    out.append(
                        finding(
                            "instructor-overlap",
                            Where(term=term, course=a.course, node=a.id),
                            text(
                                "Instructor %(who)s is assigned to sections %(a)s (%(when_a)s) "
                                "and %(b)s (%(when_b)s), which meet at the same time.",
                                who=who,
                                a=a.id,
                                when_a=clash[0],
                                b=b.id,
                                when_b=clash[1],
                            ),
                            instructor=who,
                            sections=[a.id, b.id],
                        )
                    )
    return out


# --------------------------------------------------------------------------- approvals


class ApprovalStatus(StrEnum):
    APPLIED = "applied"
    APPROVED = "approved"
    DECLINED = "declined"


@dataclass(frozen=True)
class Approval:
    """The college's decision on an instructor, and the NACEP obligations since.

    ``oriented`` maps a course key to the date its course-specific orientation was done
    (NACEP F2); ``last_pd`` is the last annual discipline-specific professional
    development (F3); ``site_visits`` the faculty liaison's visits (C3).
    """

    instructor: str
    college: str
    courses: frozenset[str]  # course keys
    status: ApprovalStatus = ApprovalStatus.APPLIED
    conditions: str = ""
    reasons: str = ""
    decided_by: str = ""
    decided_on: date | None = None
    oriented: Mapping[str, date] = field(default_factory=lambda: MappingProxyType({}))
    last_pd: date | None = None
    site_visits: tuple[date, ...] = ()

    def approved_for(self, course: str) -> bool:
        return self.status is ApprovalStatus.APPROVED and course_key(course) in self.courses

    def oriented_for(self, course: str) -> bool:
        return course_key(course) in self.oriented


def activation_findings(
    section: Section,
    *,
    instructor: Instructor | None,
    approval: Approval | None,
    check: QualificationCheck | None,
    policy: CollegePolicy,
    as_of: date,
) -> list[Finding]:
    """Why ``section`` cannot be activated (empty: it can)."""
    where = Where(term=section.term, course=section.course, node=section.id)
    if instructor is None:
        return [
            finding(
                "activation-no-instructor",
                where,
                text("Section %(id)s has no instructor.", id=section.id),
            )
        ]
    out: list[Finding] = []
    if check is not None and not check.qualified:
        out.append(finding("activation-not-qualified", where, check.explain()))
    if approval is None or not approval.approved_for(section.course):
        out.append(
            finding(
                "activation-not-approved",
                where,
                text(
                    "%(name)s is not approved by the college to teach %(course)s.",
                    name=instructor.name,
                    course=section.course,
                ),
            )
        )
    if approval is None or not approval.oriented_for(section.course):
        out.append(
            finding(
                "activation-orientation-missing",
                where,
                text(
                    "%(name)s has not done the %(course)s orientation; the section cannot be "
                    "activated until it is done (NACEP F2).",
                    name=instructor.name,
                    course=section.course,
                ),
            )
        )
    if not background_check_current(instructor, policy, as_of=as_of):
        out.append(
            finding(
                "activation-background-check",
                where,
                text("%(name)s has no current background check.", name=instructor.name),
            )
        )
    return out


@dataclass(frozen=True)
class Due:
    """Something an approved instructor or the college owes, and by when (a reminder)."""

    instructor: str
    standard: str  # NACEP F2, F3, C3, E1
    label: str
    due: date
    course: str = ""
    section: str = ""

    def status(self, as_of: date, *, soon_days: int = 30) -> str:
        if self.due < as_of:
            return text("late")
        if self.due <= as_of + timedelta(days=soon_days):
            return text("due soon")
        return text("upcoming")


def add_months(d: date, months: int) -> date:
    """``d`` moved by ``months`` (the day clipped to the month's length).

    >>> add_months(date(2027, 3, 31), -1)
    datetime.date(2027, 2, 28)
    """
    total = d.year * 12 + (d.month - 1) + months
    year, month = divmod(total, 12)
    month += 1
    return date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


def nacep_dues(
    approval: Approval,
    sections: Sequence[Section],
    terms: Mapping[str, tuple[date, date]],
    *,
    site_visit_cycle_years: int = 3,
    evaluation_days_after_term: int = 14,
) -> list[Due]:
    """What an approved instructor's NACEP standards ask next.

    F2: the course's orientation before the first section starts. F3: professional
    development every year (a year after the last one, or after the approval). C3: a site
    visit in the instructor's first term, then every ``site_visit_cycle_years``. E1: the
    end-of-term course evaluation of each section, ``evaluation_days_after_term`` days
    after the term ends.
    """
    if approval.status is not ApprovalStatus.APPROVED:
        return []
    mine = sorted(
        (
            s
            for s in sections
            if s.instructor == approval.instructor and s.status is not SectionStatus.CANCELLED
        ),
        key=lambda s: (terms.get(s.term, (date.max, date.max))[0], s.id),
    )
    out: list[Due] = []
    for s in mine:
        start, end = terms.get(s.term, (None, None))
        if start is None or end is None:
            continue
        if not approval.oriented_for(s.course):
            out.append(
                Due(approval.instructor, "F2", text("Course orientation"), start, s.course, s.id)
            )
        out.append(
            Due(
                approval.instructor,
                "E1",
                text("End-of-term course evaluation"),
                end + timedelta(days=evaluation_days_after_term),
                s.course,
                s.id,
            )
        )
    base = approval.last_pd or approval.decided_on
    if base is not None:
        out.append(
            Due(
                approval.instructor,
                "F3",
                text("Annual professional development"),
                add_months(base, 12),
            )
        )
    dated = [(terms[s.term], s) for s in mine if s.term in terms]
    if dated:
        (_first_start, first_end), first = dated[0]
        if not approval.site_visits:
            out.append(
                Due(
                    approval.instructor,
                    "C3",
                    text("Faculty liaison site visit (first term)"),
                    first_end,
                    first.course,
                    first.id,
                )
            )
        else:
            out.append(
                Due(
                    approval.instructor,
                    "C3",
                    text("Faculty liaison site visit (cycle)"),
                    add_months(max(approval.site_visits), 12 * site_visit_cycle_years),
                )
            )
    return sorted(out, key=lambda d: (d.due, d.standard, d.section))


# --------------------------------------------------------------------------- cost


@dataclass(frozen=True)
class CostEstimate:
    """What a remedy's section would cost, and how that was worked out.

    ``amount`` is what ranks remedies: for the funding rules, what the partnership's
    parties (district, college, career center, family) pay less the state aid that flows
    back to them (``paid`` - ``aid``). ``rules`` names the rule set and ``lines`` each cost
    line with the rule it comes from, its formula and its source (empty for the default).
    """

    amount: float | None  # dollars for the section; None when unknown
    basis: str  # how it was computed, in words
    rules: str = ""  # the rule set's name ("" for the default tuition estimate)
    lines: tuple[CostLine, ...] = ()
    paid: float | None = None  # what the parties pay before state aid
    aid: float = 0.0  # state aid flowing back to them
    students: int | None = None  # the students it is for (None: the remedy's)

    def per_student(self, default: int) -> float:
        """The amount per student it is for (infinite when unknown): what ranks remedies."""
        if self.amount is None:
            return float("inf")
        return self.amount / max(self.students if self.students is not None else default, 1)

    def as_dict(self) -> dict[str, Any]:
        return {
            "cost": self.amount,
            "cost_basis": self.basis,
            "cost_rules": self.rules,
            "cost_paid": self.paid,
            "cost_aid": self.aid,
            "cost_lines": [line.as_dict() for line in self.lines],
        }


class SectionCost(Protocol):
    """What a section of ``course`` for ``students`` under ``delivery`` costs.

    :class:`FundingCost` applies a state's funding rules (:mod:`careerpaths.core.funding`);
    :func:`tuition_cost` is the default when no rules are known.
    """

    def __call__(
        self, *, course: Course, delivery: SectionDelivery, students: int
    ) -> CostEstimate: ...


def tuition_cost(*, course: Course, delivery: SectionDelivery, students: int) -> CostEstimate:
    """Default: the course's tuition (credits × tuition per credit) × students.

    The same for every delivery model — what the college would bill at its published
    rate, an upper bound before the partnership's agreement and state funding apply.
    """
    if course.tuition is None:
        return CostEstimate(None, text("no tuition rate recorded for the course"))
    amount = round(course.tuition * students, 2)
    return CostEstimate(
        amount,
        text(
            "%(n)s students × %(tuition)s tuition (%(credits)s credits × %(rate)s), the college's "
            "published rate (no funding rules applied)",
            n=students,
            tuition=f"${course.tuition:,.2f}",
            credits=f"{course.credits:g}",
            rate=f"${course.tuition_per_credit:,.2f}",
        ),
        paid=amount,
        students=students,
    )


#: The funding rules' delivery model of each section delivery model.
DELIVERY_MODEL: Mapping[SectionDelivery, DeliveryModel] = MappingProxyType(
    {
        SectionDelivery.HS_TEACHER_ADJUNCT: DeliveryModel.HS_TEACHER,
        SectionDelivery.COLLEGE_FACULTY_AT_HS: DeliveryModel.COLLEGE_FACULTY_AT_HS,
        SectionDelivery.ON_CAMPUS: DeliveryModel.COLLEGE_CAMPUS,
        SectionDelivery.CAREER_CENTER: DeliveryModel.CAREER_CENTER,
        SectionDelivery.ONLINE: DeliveryModel.ONLINE,
    }
)


def cost_facts(course: Course) -> FundingFacts:
    """What the funding rules look at: college credit (semester hours), high-school
    credit and the course's tags (``cte``, ``gen-ed``)."""
    return FundingFacts(
        code=course.code,
        title=course.title,
        credits=course.semester_hours,
        hs_credits=1.0 if course.hs_credits is None else course.hs_credits,
        tags=course.tags,
    )


def _money(x: float) -> str:
    return f"${x:,.0f}"


#: Who pays, in the words of a cost basis (lower case).
_PAYER = {
    "district": text("school district"),
    "college": text("college"),
    "career_center": text("career center"),
    "family": text("family"),
    "state": text("state"),
}

#: The section's delivery model, in the words of a cost basis (lower case).
_DELIVERY_WORDS = {
    "hs_teacher_adjunct": text("high-school teacher as college adjunct"),
    "college_faculty_at_hs": text("college faculty at the high school"),
    "on_campus": text("on the college campus"),
    "career_center": text("at the career center"),
    "online": text("online"),
}


def _amounts(by_party: Mapping[Any, float]) -> Text:
    """``school district $1,200, family $0``: who pays what (the parties that pay)."""
    return join_text(
        [text("%(payer)s %(amount)s", payer=_PAYER.get(p.value, p.label.lower()),
              amount=_money(v)) for p, v in by_party.items() if v],
        ", ",
    )  # fmt: skip


@dataclass(frozen=True)
class FundingCost:
    """A :class:`SectionCost` under funding rules (#16's :func:`~careerpaths.core.funding.section_cost`):
    each party's cost lines for the delivery model, less the state aid that flows back.

    The rules come in as data (a state's rule set, merged with a partnership's local
    costs by the caller); nothing here knows which state they are.
    """

    rules: RuleSet
    on: date | None = None
    share_of_day: float | None = None

    def __call__(self, *, course: Course, delivery: SectionDelivery, students: int) -> CostEstimate:
        try:
            b = section_cost(
                cost_facts(course), DELIVERY_MODEL[delivery], students, self.rules,
                share_of_day=self.share_of_day, on=self.on,
            )  # fmt: skip
        except FormulaError as exc:
            return CostEstimate(None, text("cannot be computed under %(rules)s: %(error)s",
                                           rules=self.rules.name, error=str(exc)),
                                rules=self.rules.name)  # fmt: skip
        aid = round(sum(b.received.values()), 2)
        net = round(b.total - aid, 2)
        parties = _amounts(b.by_party) if any(b.by_party.values()) else text("nothing")
        words = text("%(total)s paid (%(parties)s)", total=_money(b.total), parties=parties)
        if aid:
            gets = join_text(
                [text("%(payer)s %(amount)s", payer=_PAYER.get(p.value, p.label.lower()),
                      amount=_money(v)) for p, v in b.received.items()],
                ", ",
            )  # fmt: skip
            words = text("%(paid)s less %(aid)s state aid (%(gets)s)", paid=words,
                         aid=_money(aid), gets=gets)  # fmt: skip
        return CostEstimate(
            net,
            text(
                "%(words)s = %(net)s for %(n)s students, %(delivery)s",
                words=words,
                net=_money(net),
                n=students,
                delivery=_DELIVERY_WORDS.get(delivery.value, delivery.label.lower()),
            ),
            rules=self.rules.name,
            lines=b.lines,
            paid=b.total,
            aid=aid,
            students=students,
        )


# --------------------------------------------------------------------------- shortages


class Feasibility(StrEnum):
    READY = "ready"  # can be staffed now
    NEEDS_ORIENTATION = "needs_orientation"
    NEEDS_APPROVAL = "needs_approval"  # qualified, to be approved and oriented
    NEEDS_CREDENTIALS = "needs_credentials"  # close, but missing something
    NOT_FEASIBLE = "not_feasible"

    @property
    def rank(self) -> int:
        return list(Feasibility).index(self)

    @property
    def label(self) -> str:
        return {
            "ready": text("Ready now"),
            "needs_orientation": text("After the course orientation"),
            "needs_approval": text("After approval and orientation"),
            "needs_credentials": text("After the missing credentials"),
            "not_feasible": text("Not feasible"),
        }[self.value]


class RemedyKind(StrEnum):
    APPROVE_HS_TEACHER = "approve_hs_teacher"
    ASSIGN_COLLEGE_FACULTY = "assign_college_faculty"
    SHARED_CAREER_CENTER = "shared_career_center"
    ONLINE = "online"
    NON_TRADITIONAL_TIME = "non_traditional_time"

    @property
    def label(self) -> str:
        return {
            "approve_hs_teacher": text("Approve a qualified high-school teacher as adjunct"),
            "assign_college_faculty": text("Assign college faculty"),
            "shared_career_center": text("One shared section at the career center"),
            "online": text("Online section"),
            "non_traditional_time": text("Section at a non-traditional time"),
        }[self.value]


_KIND_ORDER = list(RemedyKind)

#: The times of day an instructor may be free, in the words of a remedy.
_TIMES = {
    "early_morning": text("early morning"),
    "evening": text("evening"),
    "weekend": text("weekend"),
    "summer": text("summer"),
}


@dataclass(frozen=True)
class Remedy:
    kind: RemedyKind
    feasibility: Feasibility
    detail: str
    delivery: SectionDelivery
    students: int
    cost: CostEstimate
    instructor: str | None = None
    schools: tuple[str, ...] = ()
    # the count is a total over schools one of which has fewer students than the small-cell
    # threshold: shown as the hidden mark (the total less the others would give it away)
    hidden: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind.value,
            "label": self.kind.label,
            "feasibility": self.feasibility.value,
            "feasibility_label": self.feasibility.label,
            "detail": self.detail,
            "delivery": self.delivery.value,
            "instructor": self.instructor,
            "schools": list(self.schools),
            "students": self.students,
            "hidden": self.hidden,
            **self.cost.as_dict(),
        }


@dataclass(frozen=True)
class Shortage:
    """Students at ``school`` want ``course`` next term and no section is staffed."""

    course: str
    school: str
    term: str
    students: int
    reason: str
    sections: tuple[str, ...]
    candidates: tuple[QualificationCheck, ...]
    remedies: tuple[Remedy, ...]

    def as_dict(self) -> dict[str, Any]:
        return {
            "course": self.course,
            "school": self.school,
            "term": self.term,
            "students": self.students,
            "reason": self.reason,
            "sections": list(self.sections),
            "candidates": [c.as_dict() for c in self.candidates],
            "remedies": [r.as_dict() for r in self.remedies],
        }


@dataclass(frozen=True)
class StaffingContext:
    """Everything the shortage finder looks at for one college and one term."""

    policy: CollegePolicy
    courses: Mapping[str, Course]  # by course key
    instructors: Mapping[str, Instructor]
    approvals: Mapping[str, Approval]  # by instructor id (this college's)
    sections: Sequence[Section]
    school_district: Mapping[str, str]  # high school -> district
    career_center: str | None
    as_of: date
    cost: SectionCost = tuition_cost


def _staffed(
    section: Section, ctx: StaffingContext, checks: Callable[[str, Course], QualificationCheck]
) -> str | None:
    """None when the section is staffed; else the reason it is not, in words."""
    if section.instructor is None:
        return text("no instructor assigned")
    ins = ctx.instructors.get(section.instructor)
    course = ctx.courses.get(section.key)
    if ins is None or course is None:
        return text("instructor or course not on record")
    if not checks(ins.id, course).qualified:
        return text("%(name)s does not qualify", name=ins.name)
    approval = ctx.approvals.get(ins.id)
    if approval is None or not approval.approved_for(section.course):
        return text("%(name)s is not approved for the course", name=ins.name)
    if not approval.oriented_for(section.course):
        return text("%(name)s has not done the course orientation", name=ins.name)
    return None


def _load(ctx: StaffingContext, instructor: str, term: str) -> int:
    return sum(
        1
        for s in ctx.sections
        if s.instructor == instructor and s.term == term and s.status is not SectionStatus.CANCELLED
    )


def find_shortages(
    demand: Mapping[tuple[str, str], int],
    ctx: StaffingContext,
    *,
    term: str,
    small_cell: int = 0,
) -> list[Shortage]:
    """Courses with demand at a school in ``term`` and no staffed section serving it.

    With ``small_cell``, a school's count under it enters the all-schools total of a shared
    section as ``small_cell`` students, and that remedy is marked ``hidden``: its count and
    cost then follow from shown figures only (a total less the other schools' counts would
    give away the hidden one).

    ``demand`` maps (school, course key) to the number of students. A school is served
    when a section of the course in ``term`` lists it (or sits at it) and its instructor
    is qualified, approved for the course and oriented. Each shortage lists every
    instructor's check for the course (why each does or does not qualify) and the
    remedies, ranked by feasibility, then cost per student, then the seeds' order. An
    instructor already at the college's ``max_sections_per_term`` in ``term`` is not
    offered for another section.
    """
    cache: dict[tuple[str, str], QualificationCheck] = {}

    def checks(ins_id: str, course: Course) -> QualificationCheck:
        k = (ins_id, course.key)
        if k not in cache:
            cache[k] = check_qualification(
                ctx.instructors[ins_id], course, ctx.policy, as_of=ctx.as_of
            )
        return cache[k]

    in_term = [
        s for s in ctx.sections if s.term == term and s.status is not SectionStatus.CANCELLED
    ]
    by_course_total: dict[str, int] = {}
    by_course_schools: dict[str, list[str]] = {}
    by_course_hidden: set[str] = set()
    for (school, key), n in demand.items():
        if n > 0:
            small = n < small_cell
            by_course_total[key] = by_course_total.get(key, 0) + (small_cell if small else n)
            by_course_schools.setdefault(key, []).append(school)
            if small:
                by_course_hidden.add(key)
    out: list[Shortage] = []
    for (school, key), n in sorted(demand.items()):
        course = ctx.courses.get(key)
        if n <= 0 or course is None:
            continue
        serving = [s for s in in_term if s.key == key and school in s.schools]
        reasons = [(s, _staffed(s, ctx, checks)) for s in serving]
        if any(r is None for _, r in reasons):
            continue
        reason = (
            join_text(text("section %(id)s: %(reason)s", id=s.id, reason=r) for s, r in reasons)
            if reasons
            else text("no section planned")
        )
        candidates = tuple(
            sorted(
                (checks(i, course) for i in sorted(ctx.instructors)),
                key=lambda c: (
                    not c.qualified,
                    len(c.best.missing) if c.best else 99,
                    c.instructor,
                ),
            )
        )
        remedies = _remedies(
            school,
            course,
            n,
            tuple(sorted(by_course_schools[key])),
            by_course_total[key],
            ctx,
            checks,
            term,
            total_hidden=key in by_course_hidden,
        )
        out.append(
            Shortage(
                course=course.code,
                school=school,
                term=term,
                students=n,
                reason=reason,
                sections=tuple(s.id for s in serving),
                candidates=candidates,
                remedies=remedies,
            )
        )
    return out


def _readiness(ins_id: str, course: Course, ctx: StaffingContext) -> Feasibility:
    approval = ctx.approvals.get(ins_id)
    if approval is not None and approval.approved_for(course.code):
        if approval.oriented_for(course.code):
            return Feasibility.READY
        return Feasibility.NEEDS_ORIENTATION
    return Feasibility.NEEDS_APPROVAL


def _remedies(
    school: str,
    course: Course,
    students: int,
    schools: tuple[str, ...],
    total: int,
    ctx: StaffingContext,
    checks: Callable[[str, Course], QualificationCheck],
    term: str,
    *,
    total_hidden: bool = False,
) -> tuple[Remedy, ...]:
    district = ctx.school_district.get(school)
    found: list[Remedy] = []
    qualified = [i for i in sorted(ctx.instructors) if checks(i, course).qualified]

    def cost(delivery: SectionDelivery, n: int) -> CostEstimate:
        return ctx.cost(course=course, delivery=delivery, students=n)

    # 1. a high-school teacher of the school (or its district) who qualifies
    for ins_id in sorted(ctx.instructors):
        ins = ctx.instructors[ins_id]
        if ins.employer not in (school, district):
            continue
        check = checks(ins_id, course)
        if check.qualified:
            feas = _readiness(ins_id, course, ctx)
            detail = text("%(name)s: %(why)s", name=ins.name, why=check.explain())
        else:
            best = check.best
            if best is None or len(best.missing) > 1:
                continue
            feas = Feasibility.NEEDS_CREDENTIALS
            detail = text("%(name)s: %(why)s", name=ins.name, why=join_text(best.missing))
        if "day" not in ins.available:
            continue
        delivery = SectionDelivery.HS_TEACHER_ADJUNCT
        found.append(
            Remedy(RemedyKind.APPROVE_HS_TEACHER, feas, detail, delivery, students,
                   cost(delivery, students), ins_id, (school,))
        )  # fmt: skip
    # 2. college faculty with room in their load, teaching at the high school by day
    for ins_id in qualified:
        ins = ctx.instructors[ins_id]
        if ins.employer != ctx.policy.college or "day" not in ins.available:
            continue
        load = _load(ctx, ins_id, term)
        if load >= ctx.policy.max_sections_per_term:
            continue
        delivery = SectionDelivery.COLLEGE_FACULTY_AT_HS
        found.append(
            Remedy(RemedyKind.ASSIGN_COLLEGE_FACULTY, _readiness(ins_id, course, ctx),
                   text("%(name)s (%(load)s of %(max)s dual-enrollment sections this term)",
                        name=ins.name, load=load, max=ctx.policy.max_sections_per_term),
                   delivery, students, cost(delivery, students), ins_id,
                   (school,))
        )  # fmt: skip
    # 3. one section at the career center for every school with demand
    if ctx.career_center:
        teachers = [
            i
            for i in qualified
            if "day" in ctx.instructors[i].available
            and _load(ctx, i, term) < ctx.policy.max_sections_per_term
        ]
        delivery = SectionDelivery.CAREER_CENTER
        if teachers:
            pick = min(teachers, key=lambda i: _readiness(i, course, ctx).rank)
            found.append(
                Remedy(RemedyKind.SHARED_CAREER_CENTER, _readiness(pick, course, ctx),
                       text("%(n)s students from all schools in one section taught by %(name)s",
                            n=HIDDEN if total_hidden else show_count(total),
                            name=ctx.instructors[pick].name),
                       delivery, total, cost(delivery, total), pick, schools, total_hidden)
            )  # fmt: skip
    # 4. online, where the course may be taught online
    delivery = SectionDelivery.ONLINE
    if Delivery.ONLINE in course.delivery or Delivery.HYBRID in course.delivery:
        online = [i for i in qualified if _load(ctx, i, term) < ctx.policy.max_sections_per_term]
        if online:
            pick = min(online, key=lambda i: _readiness(i, course, ctx).rank)
            found.append(
                Remedy(RemedyKind.ONLINE, _readiness(pick, course, ctx),
                       text("taught online by %(name)s", name=ctx.instructors[pick].name),
                       delivery, students,
                       cost(delivery, students), pick, (school,))
            )  # fmt: skip
    else:
        found.append(
            Remedy(RemedyKind.ONLINE, Feasibility.NOT_FEASIBLE,
                   text("%(course)s is not offered online (labs, clinicals or equipment)",
                        course=course.code),
                   delivery, students, cost(delivery, students), None, (school,))
        )  # fmt: skip
    # 5. a qualified instructor free only early, late, on weekends or in summer
    for ins_id in qualified:
        ins = ctx.instructors[ins_id]
        times = sorted(ins.available - {"day"})
        if "day" in ins.available or not times:
            continue
        if _load(ctx, ins_id, term) >= ctx.policy.max_sections_per_term:
            continue
        delivery = SectionDelivery.CAREER_CENTER if ctx.career_center else SectionDelivery.ON_CAMPUS
        found.append(
            Remedy(RemedyKind.NON_TRADITIONAL_TIME, _readiness(ins_id, course, ctx),
                   text("%(name)s (%(employer)s) can teach %(times)s", name=ins.name,
                        employer=ins.employer,
                        times=join_text((_TIMES.get(t, t.replace("_", " ")) for t in times), ", ")),
                   delivery, total, cost(delivery, total), ins_id, schools)
        )  # fmt: skip
    return tuple(
        sorted(
            found,
            key=lambda r: (
                r.feasibility.rank,
                # per student: a shared section's total is not comparable with one school's
                r.cost.per_student(r.students),
                _KIND_ORDER.index(r.kind),
                r.instructor or "",
            ),
        )
    )
