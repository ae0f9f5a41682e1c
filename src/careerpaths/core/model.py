"""The domain model: institutions, courses, credentials, pathways, students.

Plain frozen dataclasses. Identity is by ``id`` (institutions, credentials, pathways,
students) or by the canonical course key (see :func:`careerpaths.core.requisites.course_key`).
Adapters (workspace files, the web app's database) translate to and from these.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property, lru_cache
from types import MappingProxyType

from careerpaths.core.requirements import CourseFacts, Requirement
from careerpaths.core.requisites import Expr, course_key
from careerpaths.core.terms import Season, Term

#: Text in other languages than the catalog's (English): (language, field, text) triples,
#: sorted, e.g. ``(("es", "title", "Anatomía y fisiología I"),)``. See ``core/i18n.py``.
Translations = tuple[tuple[str, str, str], ...]


class InstitutionKind(StrEnum):
    DISTRICT = "district"
    HIGH_SCHOOL = "high_school"
    CAREER_CENTER = "career_center"
    COLLEGE = "college"
    UNIVERSITY = "university"
    EMPLOYER = "employer"
    INTERMEDIARY = "intermediary"


@dataclass(frozen=True)
class Institution:
    id: str
    name: str
    kind: InstitutionKind
    parent: str | None = None  # a high school's district, a center's college
    city: str = ""
    state: str = ""
    source: str = ""
    illustrative: bool = False
    # how families reach the school about its pathways, as the region wrote it (e.g. "Counseling
    # office, 319-555-0100"); "" when the data has none, and then nothing is made up
    contact: str = ""


class Level(StrEnum):
    SECONDARY = "secondary"
    POSTSECONDARY = "postsecondary"


class CreditUnit(StrEnum):
    HS_CREDIT = "hs_credit"
    SEMESTER_HOUR = "semester_hour"
    QUARTER_HOUR = "quarter_hour"

    @property
    def label(self) -> str:
        return {
            "hs_credit": "high-school credits",
            "semester_hour": "semester credit hours",
            "quarter_hour": "quarter credit hours",
        }[self.value]


# A quarter hour is two thirds of a semester hour (the usual conversion).
QUARTER_TO_SEMESTER = 2 / 3


class Delivery(StrEnum):
    HIGH_SCHOOL = "high_school"  # taught at the high school (often by a credentialed HS teacher)
    CAREER_CENTER = "career_center"
    COLLEGE_CAMPUS = "college_campus"
    ONLINE = "online"
    HYBRID = "hybrid"
    WORK_BASED = "work_based"


_CODE_RE = re.compile(r"^\s*([A-Za-z][A-Za-z&]{0,5})[\s\-]?(\d{1,4}[A-Za-z]{0,2})\s*$")


@lru_cache(maxsize=65536)
def split_code(code: str) -> tuple[str, str]:
    """``"BIO-168"`` → ``("BIO", "168")``; ``"MATH 1"`` → ``("MATH", "1")``."""
    m = _CODE_RE.match(code)
    if not m:
        raise ValueError(
            f"{code!r} is not a course code (letters then a number, e.g. BIO-168 or MATH 1)"
        )
    return m.group(1).upper(), m.group(2).upper()


@dataclass(frozen=True)
class Course:
    """A course in the regional catalog, secondary or postsecondary.

    ``hs_credit_area`` and ``hs_credits`` say what a college course satisfies on the
    high-school transcript when taken for dual credit (e.g. area ``ELA``, 1.0 credit).
    ``equivalents`` lists courses with the same content: a high-school course equivalent
    to a dual-credit course placed in the same pathway repeats that content.
    """

    code: str
    title: str
    provider: str
    credits: float
    unit: CreditUnit
    level: Level
    cip: str | None = None
    hs_credit_area: str | None = None
    hs_credits: float | None = None  # in one-semester-course equivalents (1.0 = one semester)
    terms_offered: frozenset[Season] = frozenset({Season.FALL, Season.SPRING})
    grade_min: int | None = None
    grade_max: int | None = None
    eligibility: Expr | None = None
    prerequisites: Expr | None = None
    corequisites: Expr | None = None
    strict_corequisites: Expr | None = None
    delivery: frozenset[Delivery] = frozenset()
    tuition_per_credit: float | None = None
    equipment: tuple[str, ...] = ()
    tags: frozenset[str] = frozenset()
    equivalents: tuple[str, ...] = ()
    description: str = ""
    source: str = ""
    illustrative: bool = False
    translations: Translations = ()  # title, description

    @cached_property
    def key(self) -> str:
        return course_key(self.code)

    @cached_property
    def facts(self) -> CourseFacts:
        """What requirement selectors look at (computed once per course)."""
        return CourseFacts(
            key=self.key,
            subject=self.subject,
            number=self.number,
            tags=self.tags,
            area=self.hs_credit_area,
            level=self.level.value,
        )

    @property
    def subject(self) -> str:
        return split_code(self.code)[0]

    @property
    def number(self) -> str:
        return split_code(self.code)[1]

    @property
    def is_college(self) -> bool:
        return self.level is Level.POSTSECONDARY

    @property
    def semester_hours(self) -> float:
        """College credit in semester hours (0 for a high-school course)."""
        if self.unit is CreditUnit.SEMESTER_HOUR:
            return self.credits
        if self.unit is CreditUnit.QUARTER_HOUR:
            return round(self.credits * QUARTER_TO_SEMESTER, 2)
        return 0.0

    def hs_credit_value(self, semester_course_credits: float = 1.0) -> float:
        """High-school credits the course earns toward a diploma with the given scale."""
        if self.unit is CreditUnit.HS_CREDIT:
            return self.credits
        return (self.hs_credits or 0.0) * semester_course_credits

    @property
    def tuition(self) -> float | None:
        """What the course would cost at college tuition (credits x rate), if known."""
        if self.tuition_per_credit is None or not self.is_college:
            return None
        return round(self.credits * self.tuition_per_credit, 2)


class CredentialKind(StrEnum):
    HS_DIPLOMA = "hs_diploma"
    INDUSTRY_CERTIFICATION = "industry_certification"
    CERTIFICATE = "certificate"
    DIPLOMA = "diploma"  # a postsecondary diploma (Iowa practical nursing, for one)
    AAS = "aas"
    AA = "aa"
    AS = "as"
    BACHELOR = "bachelor"

    @property
    def rank(self) -> int:
        """Position on the stack: certification < certificate < diploma < associate < bachelor."""
        return _KIND_RANK[self]

    @property
    def label(self) -> str:
        return _KIND_LABEL[self]

    @property
    def is_college_award(self) -> bool:
        return self not in (CredentialKind.HS_DIPLOMA, CredentialKind.INDUSTRY_CERTIFICATION)


_KIND_RANK = {
    CredentialKind.HS_DIPLOMA: 0,
    CredentialKind.INDUSTRY_CERTIFICATION: 1,
    CredentialKind.CERTIFICATE: 2,
    CredentialKind.DIPLOMA: 3,
    CredentialKind.AAS: 4,
    CredentialKind.AA: 4,
    CredentialKind.AS: 4,
    CredentialKind.BACHELOR: 5,
}
_KIND_LABEL = {
    CredentialKind.HS_DIPLOMA: "High-school diploma",
    CredentialKind.INDUSTRY_CERTIFICATION: "Industry certification",
    CredentialKind.CERTIFICATE: "Certificate",
    CredentialKind.DIPLOMA: "Diploma",
    CredentialKind.AAS: "Associate of Applied Science",
    CredentialKind.AA: "Associate of Arts",
    CredentialKind.AS: "Associate of Science",
    CredentialKind.BACHELOR: "Bachelor's degree",
}


@dataclass(frozen=True)
class Credential:
    """A credential and what earns it.

    ``requirements`` is the requirement tree (None when earned by an exam alone, e.g.
    an industry certification whose preparation is in ``prepared_by``).
    ``stacks_into`` names the credentials this one counts toward.
    """

    id: str
    name: str
    kind: CredentialKind
    issuer: str
    cip: str | None = None
    requirements: Requirement | None = None
    stacks_into: tuple[str, ...] = ()
    total_credits: float | None = None
    # High-school diplomas only: the credits one semester course earns under this diploma
    # (Cedar Rapids counts 1 per semester course, Linn-Mar 5). A dual-credit college
    # course's ``hs_credits`` (in semester courses) is multiplied by it.
    semester_course_credits: float = 1.0
    exam: str = ""
    description: str = ""
    source: str = ""
    illustrative: bool = False
    translations: Translations = ()  # name, description


class ExitKind(StrEnum):
    OFF_RAMP = "off_ramp"  # a credential a student can leave with and work
    MILESTONE = "milestone"  # earned on the way, no reason to leave (e.g. the diploma)
    TRANSFER = "transfer"  # continues to a bachelor's at a university


@dataclass(frozen=True)
class Placement:
    """A course placed in a term of a pathway; ``alternatives`` may replace it."""

    course: str
    term: Term
    alternatives: tuple[str, ...] = ()
    note: str = ""
    translations: Translations = ()  # note

    @property
    def key(self) -> str:
        return course_key(self.course)


@dataclass(frozen=True)
class Exit:
    """A point where a credential is earned: the pathway's off-ramps (and its end)."""

    credential: str
    term: Term
    kind: ExitKind = ExitKind.OFF_RAMP
    occupations: tuple[str, ...] = ()  # SOC 2018 codes this exit leads to
    note: str = ""
    translations: Translations = ()  # note


@dataclass(frozen=True)
class OnRamp:
    """A point where a student can join the pathway, and what joining requires."""

    term: Term
    label: str
    requires: Expr | None = None
    translations: Translations = ()  # label


class PathwayStatus(StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"
    ARCHIVED = "archived"


@dataclass(frozen=True)
class Pathway:
    id: str
    name: str
    cluster: str
    owner: str  # the designing district or career center
    college: str  # the partner college
    schools: tuple[str, ...] = ()  # high schools offering it
    occupations: tuple[str, ...] = ()  # target SOC 2018 codes
    hs_diploma: str | None = None  # credential id of the diploma the pathway satisfies
    summers: bool = False
    placements: tuple[Placement, ...] = ()
    exits: tuple[Exit, ...] = ()
    on_ramps: tuple[OnRamp, ...] = ()
    status: PathwayStatus = PathwayStatus.DRAFT
    description: str = ""
    source: str = ""
    illustrative: bool = False
    translations: Translations = ()  # name, description

    def placements_by_term(self) -> dict[Term, list[Placement]]:
        out: dict[Term, list[Placement]] = {}
        for p in sorted(self.placements, key=lambda p: p.term):
            out.setdefault(p.term, []).append(p)
        return out

    @property
    def credential_ids(self) -> list[str]:
        ids = [e.credential for e in self.exits]
        if self.hs_diploma and self.hs_diploma not in ids:
            ids.insert(0, self.hs_diploma)
        return ids


@dataclass(frozen=True, slots=True)  # slots: a state-scale import holds millions
class Attempt:
    """One course attempt on a student's record."""

    course: str
    term: Term  # grade level and season when taken
    grade: str | None  # letter grade, P/NP, W, IP (in progress) or None
    credits_earned: float
    dual_credit: bool = False
    provider: str = ""
    school_year: str = ""  # e.g. "2025-26"

    @property
    def key(self) -> str:
        return course_key(self.course)


@dataclass(frozen=True)
class Student:
    """A student record. ``synthetic`` marks generated (demo) students everywhere they appear."""

    id: str
    school: str
    grade_level: int
    cohort: int  # expected high-school graduation year
    pathway: str | None = None  # declared pathway id
    scores: Mapping[str, float] = field(default_factory=lambda: MappingProxyType({}))
    flags: frozenset[str] = frozenset()
    credentials: frozenset[str] = frozenset()  # credentials already held (e.g. CNA)
    demographics: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    attempts: tuple[Attempt, ...] = ()
    synthetic: bool = False


@dataclass(frozen=True)
class RegionSettings:
    """Rules a region sets for validation (defaults follow the seed documents)."""

    min_college_credits_by_grade_12: float = 12.0
    min_credits_per_term: float = 0.0
    max_hs_credits_per_term: float = 8.0
    max_college_hours_per_term: float = 18.0
    max_college_hours_per_summer: float = 12.0
    share_across_credentials: bool = True  # dual credit: a course counts for diploma and degree
    exclusive_within_credential: bool = True  # a course counts once inside one credential
    # The labor-market area the region's reports and maps use: an OEWS area code
    # ("0016300") or name ("Cedar Rapids, IA"); empty means the national figures.
    labor_area: str = ""


@dataclass(frozen=True)
class Region:
    id: str
    name: str
    institutions: Mapping[str, Institution]
    courses: Mapping[str, Course]  # keyed by course key
    credentials: Mapping[str, Credential]
    pathways: Mapping[str, Pathway]
    students: Mapping[str, Student] = field(default_factory=lambda: MappingProxyType({}))
    settings: RegionSettings = RegionSettings()
    description: str = ""
    sources: tuple[str, ...] = ()

    def course(self, code: str) -> Course | None:
        return self.courses.get(course_key(code))


def index_courses(courses: Iterable[Course]) -> dict[str, Course]:
    return {c.key: c for c in courses}
