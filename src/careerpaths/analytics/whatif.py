"""Eligibility what-if: who gains or loses dual-enrollment eligibility under another rule.

Both rules are requisite expressions (:mod:`careerpaths.core.requisites`) evaluated per
student in Python, exactly as the audits evaluate them: ``grade`` is the student's grade
level now, other names are scores (``gpa``, ``placement.math``), ``flag X`` a flag
(``proficient.reading``), a course code a course passed (with a minimum grade if given).
A rule that cannot be decided for a student (a score they never took) counts as not
eligible: a college cannot enrol a student on a score it does not have.

The effect on the participation gap is a projection, stated as such: students who lose
eligibility stop participating, and students who gain it participate at the rate at which
currently eligible students in the same group participate (all students' rate when the
group has no eligible students).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Any

from careerpaths.analytics.stats import newcombe
from careerpaths.analytics.tables import FLAGS
from careerpaths.core import grades
from careerpaths.core.model import Student
from careerpaths.core.privacy import SMALL_CELL, Line, check_threshold, show_rate, suppress
from careerpaths.core.requisites import CourseReq, Expr, evaluate, parse, unparse

# Senior Year Plus in the demo region: general-education courses need proficiency or a
# placement score; technical (CTE) courses need only the grade level.
CURRENT_RULE = (
    "grade >= 11 and (flag proficient.reading and flag proficient.math and "
    "flag proficient.science or placement.reading >= 250)"
)
TECHNICAL_RULE = "grade >= 11"
WHATIF_DIMENSIONS = ("school", "race_ethnicity", "sex", *FLAGS)
_CELLS = ("stays", "gains", "loses", "never")


class _StudentContext:
    def __init__(self, student: Student) -> None:
        self.s = student
        self.passed: dict[str, list[str]] = {}
        for a in student.attempts:
            if a.grade and grades.is_passing(a.grade):
                self.passed.setdefault(a.key, []).append(a.grade)

    def has_course(self, req: CourseReq) -> bool | None:
        got = self.passed.get(req.key, [])
        return any(grades.meets_minimum(g, req.min_grade) for g in got)

    def value(self, name: str) -> float | None:
        if name == "grade":
            return float(self.s.grade_level)
        return self.s.scores.get(name)

    def has_credential(self, credential: str) -> bool | None:
        return credential in self.s.credentials

    def flag(self, name: str) -> bool | None:
        return name in self.s.flags


def eligible(rule: Expr | None, student: Student) -> bool:
    """Whether ``student`` meets ``rule`` now (undecidable counts as no)."""
    return evaluate(rule, _StudentContext(student)) is True


@dataclass(frozen=True)
class WhatIfRow:
    dimension: str
    group: str
    enrolled: int | None
    eligible_now: int | None
    eligible_alternative: int | None
    gains: int | None
    loses: int | None
    rate_now: str
    rate_alternative: str
    eligibility_gap_now_pp: float | None
    eligibility_gap_alternative_pp: float | None
    participation_gap_now_pp: float | None
    participation_gap_projected_pp: float | None


@dataclass(frozen=True)
class WhatIf:
    rule: str
    alternative: str
    threshold: int
    rows: tuple[WhatIfRow, ...]
    synthetic: bool = False

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _group_of(student: Student, dim: str) -> str:
    if dim == "school":
        return student.school
    value = student.demographics.get(dim, "Unknown")
    return ("Y" if value == "Y" else "N") if dim in FLAGS else value


def what_if(
    students: Iterable[Student],
    *,
    rule: str = CURRENT_RULE,
    alternative: str = TECHNICAL_RULE,
    dimensions: Sequence[str] = WHATIF_DIMENSIONS,
    districts: Mapping[str, str] | None = None,
    threshold: int = SMALL_CELL,
) -> WhatIf:
    """Compare two eligibility rules over ``students``, by group, suppressed.

    >>> from careerpaths.core.model import Student
    >>> s = [Student(id=f"S{i}", school="a", grade_level=9 + i % 4, cohort=2027) for i in range(40)]
    >>> r = what_if(s, rule="grade >= 12", alternative="grade >= 11", dimensions=())
    >>> r.rows[0].eligible_now, r.rows[0].eligible_alternative, r.rows[0].gains
    (10, 20, 10)
    """
    check_threshold(threshold)
    now_rule, alt_rule = parse(rule), parse(alternative)
    people = list(students)
    rows: dict[tuple[str, str], dict[str, int]] = {}

    def bucket(dim: str, group: str) -> dict[str, int]:
        return rows.setdefault(
            (dim, group), dict.fromkeys((*_CELLS, "enrolled", "part", "part_eligible"), 0)
        )

    # the All students row exists even with no students: a well-formed, empty comparison
    bucket("all", "All students")
    for s in people:
        ok_now, ok_alt = eligible(now_rule, s), eligible(alt_rule, s)
        cell = (
            "stays" if ok_now and ok_alt else "loses" if ok_now else "gains" if ok_alt else "never"
        )
        participant = any(a.dual_credit for a in s.attempts)
        keys = [("all", "All students")] + [(d, _group_of(s, d)) for d in dimensions]
        for key in keys:
            b = bucket(*key)
            b[cell] += 1
            b["enrolled"] += 1
            b["part"] += participant
            b["part_eligible"] += participant and ok_now
    values: dict[Any, int] = {}
    lines: list[Line] = []
    for (dim, group), b in rows.items():
        k = (dim, group)
        for c in _CELLS:
            values[(*k, c)] = b[c]
        values[(*k, "enrolled")] = b["enrolled"]
        values[(*k, "now")] = b["stays"] + b["loses"]
        values[(*k, "alt")] = b["stays"] + b["gains"]
        values[(*k, "notnow")] = b["enrolled"] - values[(*k, "now")]
        values[(*k, "notalt")] = b["enrolled"] - values[(*k, "alt")]
        lines.append(Line((*k, "enrolled"), tuple((*k, c) for c in _CELLS)))
        lines.append(Line((*k, "now"), ((*k, "stays"), (*k, "loses"))))
        lines.append(Line((*k, "alt"), ((*k, "stays"), (*k, "gains"))))
        lines.append(Line((*k, "enrolled"), ((*k, "now"), (*k, "notnow"))))
        lines.append(Line((*k, "enrolled"), ((*k, "alt"), (*k, "notalt"))))
    columns = (*_CELLS, "enrolled", "now", "alt", "notnow", "notalt")
    for dim in dimensions:
        groups = sorted(g for d, g in rows if d == dim)
        for c in columns:
            lines.append(Line(("all", "All students", c), tuple((dim, g, c) for g in groups)))
    if districts and "school" in dimensions:
        by_district: dict[str, list[str]] = {}
        for d, g in rows:
            if d == "school":
                by_district.setdefault(districts.get(g, g), []).append(g)
        for district, schools in by_district.items():
            for c in columns:
                dkey = (f"district:{district}", c)
                values[dkey] = sum(values[("school", s, c)] for s in schools)
                lines.append(Line(dkey, tuple(("school", s, c) for s in schools)))
    # districts are not shown, but their totals are protected like the rest
    unpublished = {
        k
        for k in values
        if k[-1] in ("stays", "never", "notnow", "notalt") or str(k[0]).startswith("district:")
    }
    keep = {k for k in values if k[0] == "all" or k[-1] == "enrolled"}
    hidden = suppress(values, lines, threshold=threshold, unpublished=unpublished, keep=keep)

    def pub(*key: Any) -> int | None:
        return None if key in hidden else values[key]

    total = rows[("all", "All students")]
    overall_take_up = total["part_eligible"] / max(1, total["stays"] + total["loses"])

    def projected(b: Mapping[str, int]) -> tuple[int, int]:
        now_n = b["stays"] + b["loses"]
        take_up = b["part_eligible"] / now_n if now_n else overall_take_up
        lost = round(b["part_eligible"] * b["loses"] / now_n) if now_n else 0
        return round(b["part"] - lost + take_up * b["gains"]), b["enrolled"]

    out: list[WhatIfRow] = []
    for (dim, group), b in sorted(rows.items(), key=lambda kv: (kv[0][0] != "all", kv[0])):
        k = (dim, group)
        enrolled, now, alt = pub(*k, "enrolled"), pub(*k, "now"), pub(*k, "alt")
        gaps: list[float | None] = [None, None, None, None]
        rest_n = total["enrolled"] - b["enrolled"]
        if (
            dim != "all"
            and enrolled is not None
            and now is not None
            and alt is not None
            and rest_n >= threshold
        ):
            rest = {c: total[c] - b[c] for c in b}
            pairs = [
                (b["stays"] + b["loses"], rest["stays"] + rest["loses"]),
                (b["stays"] + b["gains"], rest["stays"] + rest["gains"]),
            ]
            for i, (x1, x2) in enumerate(pairs):
                gaps[i] = round(100 * newcombe(x1, b["enrolled"], x2, rest_n)[0], 1)
            if pub(*k, "gains") is not None and pub(*k, "loses") is not None:
                p1, n1 = projected(b)
                p2, n2 = projected(rest)
                gaps[2] = round(100 * (b["part"] / n1 - rest["part"] / n2), 1)
                gaps[3] = round(100 * (p1 / n1 - p2 / n2), 1)
        out.append(
            WhatIfRow(
                dimension=dim,
                group=group,
                enrolled=enrolled,
                eligible_now=now,
                eligible_alternative=alt,
                gains=pub(*k, "gains"),
                loses=pub(*k, "loses"),
                rate_now=show_rate(now, enrolled, threshold=threshold),
                rate_alternative=show_rate(alt, enrolled, threshold=threshold),
                eligibility_gap_now_pp=gaps[0],
                eligibility_gap_alternative_pp=gaps[1],
                participation_gap_now_pp=gaps[2],
                participation_gap_projected_pp=gaps[3],
            )
        )
    return WhatIf(
        rule=unparse(now_rule),
        alternative=unparse(alt_rule),
        threshold=threshold,
        rows=tuple(out),
        synthetic=any(s.synthetic for s in people),
    )
