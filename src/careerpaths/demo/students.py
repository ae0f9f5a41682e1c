"""Synthetic students for the demo region — no real people, ids like ``SYN-000123``.

:func:`generate_students` is deterministic: the same region, count and seed give the
same students (one ``random.Random(seed)``; nothing depends on hash order).

Today is 2026-11-23, so the current term is the fall of school year 2026-27: a student
in grade ``g`` has completed grades 9 to ``g - 1`` (fall and spring) and has the
current fall's courses in progress (grade ``IP``). ``cohort`` is the expected
graduation year (grade 12 now: 2027).

Every number below is an **approximation chosen to look like Linn County, Iowa**, not
a statistic: the shares are rough impressions of what the Iowa Department of Education
and the districts publish (Cedar Rapids more diverse and with more students from
low-income families than Linn-Mar; Metro, the district's alternative high school,
more so), and they were not taken from a source. They exist to make the demo's
equity views plausible; the students are labelled ``synthetic=True`` everywhere.

* enrollment share by school: Jefferson 21%, Kennedy 23%, Washington 19%, Metro 5%,
  Linn-Mar 32%; grades 9-12 about equal;
* ``race_ethnicity`` (federal categories) — Cedar Rapids: White 53%, Black or African
  American 20%, Hispanic/Latino 10%, Two or more races 10%, Asian 4%, Native Hawaiian
  or Other Pacific Islander 2%, American Indian or Alaska Native 1%; Linn-Mar: White
  74%, Black 7%, Hispanic 6%, Two or more 7%, Asian 5%, NHPI 0.5%, AIAN 0.5%;
* ``sex`` F 49% / M 51%;
* ``economically_disadvantaged`` Cedar Rapids 48% (Metro 75%), Linn-Mar 24%;
  ``english_learner`` 8% / 4%; ``disability`` (IEP) 13% (Metro 25%);
* Perkins V special populations: ``homeless`` 1.5% / 0.7% (Metro 5%), ``foster_care``
  0.4%, ``migrant`` 0.1%, ``military_connected`` 1.5%, ``single_parent`` 0.3% in grade
  9 rising to 1.2% in grade 12, ``displaced_homemaker`` 0.05%.

Scores: an unobserved readiness (normal, lowered a little for economic disadvantage,
English learners and disability) drives ``gpa`` (0-4), the Iowa assessment flags
``proficient.reading`` / ``proficient.math`` / ``proficient.science`` (about two thirds
proficient) and, for students who took one, ACCUPLACER-style placement scores
``placement.reading`` / ``placement.math`` (200-300). Course grades follow readiness
with noise: mostly A-C, some D and F, a few withdrawals (W) in college courses.

Transcripts: students with a declared pathway (about half; more in the upper grades)
follow its grade 9-12 placements — taking each dual-credit course if they are eligible
(Senior Year Plus: proficiency or placement for general education, grade level for
CTE) and most of the time, otherwise a high-school course instead. Others follow their
district's core plan with electives and, in grades 11-12, sometimes a dual-credit
course — a "random act" that leads to no credential they are pursuing (some pathway
students take one too). A failed core course is often retaken the next term.
"""

from __future__ import annotations

import math
import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from types import MappingProxyType

from careerpaths.core import grades
from careerpaths.core.model import (
    Attempt,
    Course,
    Credential,
    CredentialKind,
    PathwayStatus,
    Region,
    Student,
)
from careerpaths.core.requirements import AllOf, CourseNode, NOf, Requirement
from careerpaths.core.requisites import CourseReq, course_key, evaluate, mandatory_course_keys
from careerpaths.core.terms import Season, Term

# Institution ids of the demo workspace (src/careerpaths/demo/regions/cedar-rapids/).
CRCSD = "crcsd"
LINN_MAR = "linn-mar"
JEFFERSON = "jefferson-hs"
KENNEDY = "kennedy-hs"
WASHINGTON = "washington-hs"
METRO = "metro-hs"
LINN_MAR_HS = "linn-mar-hs"
KIRKWOOD = "kirkwood"
DISTRICT_OF: dict[str, str] = {
    JEFFERSON: CRCSD,
    KENNEDY: CRCSD,
    WASHINGTON: CRCSD,
    METRO: CRCSD,
    LINN_MAR_HS: LINN_MAR,
}
# The grade 9-12 core each district's synthetic students take (semester course codes of the
# workspace's courses.csv, by pathway term).
CORE_PLANS: dict[str, dict[str, tuple[str, ...]]] = {
    CRCSD: {
        "G9-FA": ("CRENG-100A", "CRMTH-100A", "CRSCI-100A", "CRSOC-100A", "CRPE-100"),
        "G9-SP": ("CRENG-100B", "CRMTH-100B", "CRSCI-100B", "CRSOC-100B", "CRHLT-100"),
        "G10-FA": ("CRENG-200A", "CRMTH-200A", "CRSCI-200A", "CRSOC-200A", "CRPE-200"),
        "G10-SP": ("CRENG-200B", "CRMTH-200B", "CRSCI-200B", "CRSOC-200B"),
        "G11-FA": ("CRENG-300A", "CRMTH-300A", "CRSCI-150A", "CRSOC-300", "CRPE-300"),
        "G11-SP": ("CRENG-300B", "CRMTH-300B", "CRSCI-150B", "CRSOC-310"),
        "G12-FA": ("CRENG-400A",),
        "G12-SP": ("CRENG-400B",),
    },
    LINN_MAR: {
        "G9-FA": ("LMENG-100A", "LMMTH-100A", "LMSCI-100A", "LMSOC-100A", "LMPE-100"),
        "G9-SP": ("LMENG-100B", "LMMTH-100B", "LMSCI-100B", "LMSOC-100B", "LMHLT-100"),
        "G10-FA": ("LMENG-200A", "LMMTH-200A", "LMSCI-200A", "LMSOC-200A", "LMPE-200"),
        "G10-SP": ("LMENG-200B", "LMMTH-200B", "LMSCI-200B", "LMSOC-200B", "LMENG-250"),
        "G11-FA": ("LMENG-300A", "LMMTH-300A", "LMSCI-150", "LMSOC-300", "LMPE-300"),
        "G11-SP": ("LMENG-300B", "LMMTH-300B", "LMSCI-300", "LMSOC-320"),
        "G12-FA": ("LMENG-410",),
        "G12-SP": (),
    },
}
# Elective pools a general (no pathway) schedule draws from, per district.
ELECTIVE_POOLS: dict[str, tuple[str, ...]] = {
    CRCSD: (
        "CRART-100",
        "CRART-110",
        "CRART-200",
        "CRSPA-100A",
        "CRSPA-100B",
        "CRSPA-200A",
        "CRSPA-200B",
        "CRCTE-110",
        "CRCTE-115",
        "CRCTE-120",
        "CRCTE-130",
        "CRCTE-140",
        "CRCTE-150",
        "CRCTE-160",
        "CRCTE-170",
        "CRCTE-180",
        "CRCTE-190",
        "CRENG-250",
        "CRMTH-350",
        "CRMTH-400A",
        "CRMTH-400B",
        "CRSCI-300A",
        "CRSCI-300B",
        "CRSCI-410",
        "CRSOC-320",
        "CRPE-400",
    ),
    LINN_MAR: (
        "LMART-100",
        "LMART-110",
        "LMART-120",
        "LMSPA-100A",
        "LMSPA-100B",
        "LMSPA-200A",
        "LMSPA-200B",
        "LMSPA-300A",
        "LMSPA-300B",
        "LMCTE-110",
        "LMCTE-115",
        "LMCTE-120",
        "LMCTE-130",
        "LMCTE-140",
        "LMCTE-150",
        "LMCTE-160",
        "LMCTE-170",
        "LMCTE-180",
        "LMCTE-190",
        "LMENG-260",
        "LMENG-420",
        "LMMTH-350",
        "LMMTH-400A",
        "LMMTH-400B",
        "LMSCI-410",
        "LMSOC-330",
        "LMSOC-340",
        "LMPE-400",
    ),
}

CURRENT_FALL_YEAR = 2026  # school year 2026-27; today is 2026-11-23
CURRENT_SCHOOL_YEAR = "2026-27"

SCHOOL_SHARES: tuple[tuple[str, float], ...] = (
    (JEFFERSON, 0.21),
    (KENNEDY, 0.23),
    (WASHINGTON, 0.19),
    (METRO, 0.05),
    (LINN_MAR_HS, 0.32),
)
RACE_SHARES: dict[str, tuple[tuple[str, float], ...]] = {
    CRCSD: (
        ("White", 0.53),
        ("Black or African American", 0.20),
        ("Hispanic/Latino", 0.10),
        ("Two or more races", 0.10),
        ("Asian", 0.04),
        ("Native Hawaiian or Other Pacific Islander", 0.02),
        ("American Indian or Alaska Native", 0.01),
    ),
    LINN_MAR: (
        ("White", 0.74),
        ("Black or African American", 0.07),
        ("Hispanic/Latino", 0.06),
        ("Two or more races", 0.07),
        ("Asian", 0.05),
        ("Native Hawaiian or Other Pacific Islander", 0.005),
        ("American Indian or Alaska Native", 0.005),
    ),
}
ECON_DISADVANTAGED = {CRCSD: 0.48, LINN_MAR: 0.24, METRO: 0.75}
ENGLISH_LEARNER = {CRCSD: 0.08, LINN_MAR: 0.04}
DISABILITY = {CRCSD: 0.13, LINN_MAR: 0.13, METRO: 0.25}
HOMELESS = {CRCSD: 0.015, LINN_MAR: 0.007, METRO: 0.05}
DECLARE_BY_GRADE = {9: 0.30, 10: 0.45, 11: 0.60, 12: 0.65}
# Some pathways draw more students than others (nursing most).
PATHWAY_WEIGHT = {"health-nursing": 1.6, "health-ma-hit": 1.1, "business-administration": 1.2}
COURSES_PER_TERM = {CRCSD: 6, LINN_MAR: 7}
# Dual-credit courses students outside a pathway most often take (random acts).
RANDOM_ACT_POOL: tuple[str, ...] = (
    "ENG-105",
    "PSY-111",
    "SPC-101",
    "HSC-205",
    "BUS-102",
    "BCA-212",
    "CIS-130",
    "MFG-105",
    "SOC-110",
)
# Concurrent-enrollment CTE courses of programs the region has not mapped: they count
# toward no credential here. Half of the students who take a course outside their plan
# take one of these (the seed's "random acts" that lead nowhere).
OUTSIDE_PATHWAYS: tuple[str, ...] = ("ECE-103", "CUL-110")
CORE_AREAS = frozenset({"ELA", "MATH", "SCI", "SS"})


_key = cache(course_key)  # the generator looks up the same few hundred codes many times


def school_year(fall_year: int) -> str:
    """``2026`` → ``"2026-27"``."""
    return f"{fall_year}-{(fall_year + 1) % 100:02d}"


@dataclass
class _Ctx:
    """Requisite context for one synthetic student at one term."""

    grade_level: int
    scores: Mapping[str, float]
    flags: frozenset[str]
    passed: dict[str, str] = field(default_factory=dict)  # course key -> best grade
    held: set[str] = field(default_factory=set)

    def has_course(self, req: CourseReq) -> bool | None:
        got = self.passed.get(_key(req.code))
        return got is not None and grades.meets_minimum(got, req.min_grade)

    def value(self, name: str) -> float | None:
        if name == "grade":
            return float(self.grade_level)
        return self.scores.get(name)

    def has_credential(self, credential: str) -> bool | None:
        return credential in self.held

    def flag(self, name: str) -> bool | None:
        return name in self.flags


def _pick(rng: random.Random, shares: Sequence[tuple[str, float]]) -> str:
    x = rng.random() * sum(w for _, w in shares)
    for name, w in shares:
        x -= w
        if x < 0:
            return name
    return shares[-1][0]


def _yn(rng: random.Random, p: float) -> str:
    return "Y" if rng.random() < p else "N"


def _letter(rng: random.Random, readiness: float, *, college: bool) -> str:
    """A letter grade: mostly A-C, some D/F; college grades a little lower."""
    if college and rng.random() < 0.04:
        return "W"
    score = 2.95 + 0.65 * readiness + rng.gauss(0.0, 0.75) - (0.15 if college else 0.0)
    for cut, letter in (
        (3.75, "A"),
        (3.45, "A-"),
        (3.15, "B+"),
        (2.85, "B"),
        (2.55, "B-"),
        (2.25, "C+"),
        (1.95, "C"),
        (1.7, "C-"),
        (1.5, "D+"),
        (1.35, "D"),
        (1.2, "D-"),
    ):
        if score >= cut:
            return letter
    return "F"


def _tree_met(node: Requirement, passed: Mapping[str, str]) -> bool:
    """Whether passed courses meet a course-only tree (industry certifications)."""
    if isinstance(node, CourseNode):
        got = passed.get(_key(node.course))
        return got is not None and grades.meets_minimum(got, node.min_grade)
    if isinstance(node, AllOf):
        return all(_tree_met(c, passed) for c in node.children)
    if isinstance(node, NOf):
        return sum(_tree_met(c, passed) for c in node.children) >= node.n
    return False


@dataclass(frozen=True)
class _Plans:
    """Per-term course lists, precomputed once per region."""

    pathway_terms: dict[str, dict[Term, tuple[str, ...]]]  # pathway id -> term -> codes
    pathway_courses: dict[str, frozenset[str]]  # pathway id -> every course it places
    offered: dict[str, tuple[str, ...]]  # school -> published pathway ids


def _plans(region: Region) -> _Plans:
    pathway_terms: dict[str, dict[Term, tuple[str, ...]]] = {}
    pathway_courses: dict[str, frozenset[str]] = {}
    offered: dict[str, list[str]] = {}
    for p in sorted(region.pathways.values(), key=lambda p: p.id):
        if p.status is not PathwayStatus.PUBLISHED:
            continue
        terms: dict[Term, list[str]] = {}
        for pl in p.placements:
            if pl.term.in_high_school:
                terms.setdefault(pl.term, []).append(pl.course)
        pathway_terms[p.id] = {t: tuple(cs) for t, cs in sorted(terms.items())}
        pathway_courses[p.id] = frozenset(pl.key for pl in p.placements)
        for school in p.schools:
            offered.setdefault(school, []).append(p.id)
    return _Plans(pathway_terms, pathway_courses, {s: tuple(ids) for s, ids in offered.items()})


class _Generator:
    def __init__(self, region: Region, rng: random.Random) -> None:
        self.region = region
        self.rng = rng
        self.plans = _plans(region)
        self.courses: Mapping[str, Course] = region.courses
        self.credentials: Mapping[str, Credential] = region.credentials
        # high-school prerequisites of each elective (course keys)
        self.needs: dict[str, frozenset[str]] = {
            code: frozenset(mandatory_course_keys(region.courses[_key(code)].prerequisites))
            for pool in ELECTIVE_POOLS.values()
            for code in pool
        }

    # -- one student ------------------------------------------------------------------
    def student(self, number: int) -> Student:
        rng = self.rng
        school = _pick(rng, SCHOOL_SHARES)
        district = DISTRICT_OF[school]
        grade_level = 9 + min(3, int(rng.random() * 4))
        cohort = CURRENT_FALL_YEAR + 1 + (12 - grade_level)
        demographics = self.demographics(school, district, grade_level)
        penalty = (
            0.30 * (demographics["economically_disadvantaged"] == "Y")
            + 0.35 * (demographics["english_learner"] == "Y")
            + 0.45 * (demographics["disability"] == "Y")
            + (0.25 if school == METRO else 0.0)
        )
        readiness = rng.gauss(0.0, 1.0) - penalty + 0.25
        scores: dict[str, float] = {
            "gpa": round(min(4.0, max(0.3, 2.95 + 0.55 * readiness + rng.gauss(0, 0.25))), 2)
        }
        flags = set()
        for subject, cut in (("reading", -0.45), ("math", -0.35), ("science", -0.4)):
            if readiness + rng.gauss(0.0, 0.55) > cut:
                flags.add(f"proficient.{subject}")
        pathway: str | None = None
        offered = self.plans.offered.get(school, ())
        if offered and rng.random() < DECLARE_BY_GRADE[grade_level]:
            pathway = _pick(rng, [(pid, PATHWAY_WEIGHT.get(pid, 1.0)) for pid in offered])
        if grade_level >= 10 and rng.random() < (0.75 if pathway else 0.35):
            for subject in ("reading", "math"):
                raw = 250 + 17 * readiness + rng.gauss(0.0, 9.0)
                scores[f"placement.{subject}"] = float(round(min(300.0, max(200.0, raw))))
        frozen_scores = MappingProxyType(dict(sorted(scores.items())))
        attempts, held = self.transcript(
            district, grade_level, pathway, readiness, frozen_scores, frozenset(flags)
        )
        return Student(
            id=f"SYN-{number:06d}",
            school=school,
            grade_level=grade_level,
            cohort=cohort,
            pathway=pathway,
            scores=frozen_scores,
            flags=frozenset(flags),
            credentials=frozenset(held),
            demographics=MappingProxyType(demographics),
            attempts=tuple(attempts),
            synthetic=True,
        )

    def demographics(self, school: str, district: str, grade_level: int) -> dict[str, str]:
        rng = self.rng
        local = METRO if school == METRO else district
        return {
            "race_ethnicity": _pick(rng, RACE_SHARES[district]),
            "sex": "F" if rng.random() < 0.49 else "M",
            "economically_disadvantaged": _yn(rng, ECON_DISADVANTAGED[local]),
            "english_learner": _yn(rng, ENGLISH_LEARNER[district]),
            "disability": _yn(rng, DISABILITY.get(local, DISABILITY[district])),
            "homeless": _yn(rng, HOMELESS[local]),
            "foster_care": _yn(rng, 0.004),
            "migrant": _yn(rng, 0.001),
            "military_connected": _yn(rng, 0.015),
            "single_parent": _yn(rng, 0.003 + 0.003 * (grade_level - 9)),
            "displaced_homemaker": _yn(rng, 0.0005),
        }

    # -- transcripts --------------------------------------------------------------------
    def transcript(
        self,
        district: str,
        grade_level: int,
        pathway: str | None,
        readiness: float,
        scores: Mapping[str, float],
        flags: frozenset[str],
    ) -> tuple[list[Attempt], set[str]]:
        rng = self.rng
        ctx = _Ctx(grade_level, scores, flags)
        attempts: list[Attempt] = []
        retakes: list[str] = []
        pool = ELECTIVE_POOLS[district]
        taken: set[str] = set()
        for grade in range(9, grade_level + 1):
            for season in (Season.FALL, Season.SPRING):
                term = Term.of(grade, season)
                current = grade == grade_level
                if current and season is Season.SPRING:
                    break
                ctx.grade_level = grade
                codes = self.schedule(district, term, pathway, ctx, taken, pool)
                codes = [*retakes, *codes][: COURSES_PER_TERM[district] + 1]
                retakes = []
                year = school_year(CURRENT_FALL_YEAR - (grade_level - grade))
                for code in codes:
                    key = _key(code)
                    course = self.courses[key]
                    taken.add(key)
                    dual = course.is_college
                    if current:
                        grade_text = grades.IN_PROGRESS
                    else:
                        grade_text = _letter(rng, readiness, college=dual)
                    passing = grades.is_passing(grade_text)
                    earned = (
                        0.0 if current or not passing else (course.semester_hours or course.credits)
                    )
                    attempts.append(
                        Attempt(
                            course=course.code,
                            term=term,
                            grade=grade_text,
                            credits_earned=earned,
                            dual_credit=dual,
                            provider=KIRKWOOD if dual else district,
                            school_year=year,
                        )
                    )
                    if current:
                        continue
                    if passing:
                        best = ctx.passed.get(key)
                        if best is None or (grades.points(grade_text) or 0) > (
                            grades.points(best) or 0
                        ):
                            ctx.passed[key] = grade_text
                    elif (
                        not dual
                        and course.hs_credit_area in CORE_AREAS
                        and grade_text == "F"
                        and rng.random() < 0.6
                    ):
                        retakes.append(course.code)
                if not current and pathway:
                    self.earn_certifications(pathway, term, ctx)
        return attempts, ctx.held

    def schedule(
        self,
        district: str,
        term: Term,
        pathway: str | None,
        ctx: _Ctx,
        taken: set[str],
        pool: Sequence[str],
    ) -> list[str]:
        rng = self.rng
        core = list(CORE_PLANS[district].get(term.id, ()))
        out: list[str] = []
        if pathway:
            planned = self.plans.pathway_terms[pathway].get(term, ())
            missing_core = [c for c in core if c not in planned]
            for code in planned:
                course = self.courses[_key(code)]
                if not course.is_college:
                    if course.hs_credit_area not in CORE_AREAS and rng.random() < 0.06:
                        code = self.elective(pool, taken, out)  # a different elective
                    out.append(code)
                elif self.takes_dual(course, ctx, 0.9):
                    out.append(code)
                elif course.hs_credit_area in CORE_AREAS and missing_core:
                    out.append(missing_core.pop(0))  # the high-school course it replaced
                else:
                    out.append(self.elective(pool, taken, out))
            if term.grade >= 11 and rng.random() < 0.06:
                self.random_act(out, ctx, taken, pathway)
            return out
        out = list(core)
        target = COURSES_PER_TERM[district] - (1 if rng.random() < 0.25 else 0)
        if term.grade >= 11 and rng.random() < 0.22:
            self.random_act(out, ctx, taken, None)
        while len(out) < target:
            out.append(self.elective(pool, taken, out))
        return out

    def takes_dual(self, course: Course, ctx: _Ctx, p: float) -> bool:
        if _key(course.code) in ctx.passed:
            return False
        if course.grade_min is not None and ctx.grade_level < course.grade_min:
            return False
        for expr in (course.eligibility, course.prerequisites):
            if evaluate(expr, ctx) is not True:
                return False
        return self.rng.random() < p

    def random_act(self, out: list[str], ctx: _Ctx, taken: set[str], pathway: str | None) -> None:
        planned = self.plans.pathway_courses[pathway] if pathway else frozenset()
        pool = OUTSIDE_PATHWAYS if self.rng.random() < 0.5 else RANDOM_ACT_POOL
        choices = [
            c for c in pool if _key(c) not in taken and _key(c) not in planned and c not in out
        ]
        if not choices:
            return
        code = self.rng.choice(choices)
        if self.takes_dual(self.courses[_key(code)], ctx, 1.0):
            out.append(code)

    def elective(self, pool: Sequence[str], taken: set[str], chosen: Sequence[str]) -> str:
        free = [
            c for c in pool if _key(c) not in taken and c not in chosen and self.needs[c] <= taken
        ]
        return self.rng.choice(free or list(pool))

    def earn_certifications(self, pathway: str, term: Term, ctx: _Ctx) -> None:
        for ex in self.region.pathways[pathway].exits:
            cred = self.credentials.get(ex.credential)
            if (
                cred is None
                or cred.kind is not CredentialKind.INDUSTRY_CERTIFICATION
                or cred.id in ctx.held
                or cred.requirements is None
                or ex.term > term
            ):
                continue
            if _tree_met(cred.requirements, ctx.passed) and self.rng.random() < 0.8:
                ctx.held.add(cred.id)


def generate_students(region: Region, n: int = 2400, seed: int = 2026) -> list[Student]:
    """``n`` synthetic students for ``region`` (the demo catalog), reproducible from ``seed``.

    >>> from careerpaths.demo.region import build_region
    >>> region = build_region(students=0)
    >>> a = generate_students(region, 3, seed=1)
    >>> [s.id for s in a], all(s.synthetic for s in a)
    (['SYN-000001', 'SYN-000002', 'SYN-000003'], True)
    >>> a == generate_students(region, 3, seed=1)
    True
    """
    gen = _Generator(region, random.Random(seed))
    return [gen.student(i) for i in range(1, n + 1)]


def summary(students: Sequence[Student]) -> dict[str, float]:
    """Shares used to eyeball the generator (declared pathway, dual credit, D/F/W)."""
    n = max(1, len(students))
    attempts = [a for s in students for a in s.attempts if a.grade != grades.IN_PROGRESS]
    m = max(1, len(attempts))
    return {
        "students": float(len(students)),
        "declared": sum(s.pathway is not None for s in students) / n,
        "with_dual_credit": sum(any(a.dual_credit for a in s.attempts) for s in students) / n,
        "dfw": sum(a.grade in ("D+", "D", "D-", "F", "W") for a in attempts) / m,
        "mean_gpa": math.fsum(s.scores.get("gpa", 0.0) for s in students) / n,
    }


__all__ = ["CURRENT_SCHOOL_YEAR", "generate_students", "school_year", "summary"]
