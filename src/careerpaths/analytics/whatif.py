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
from functools import lru_cache
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


# -- the web's what-if: a coarse vocabulary and differentially private counts ----------------
# Any tool that answers arbitrary questions about students with exact counts is an oracle:
# two rules that differ by one student ("gpa >= 0" and "gpa >= 0 and (gpa != 2.2 or grade
# != 10)") subtract to that student, whatever is suppressed (Denning's tracker). The web's
# what-if therefore (1) accepts only a coarse vocabulary, so that no rule can name a value
# a single student holds, and (2) answers with differentially private counts: every count
# is a sum of cells of one histogram to which OpenDP adds discrete Laplace noise, each
# question costs its asker a share ε of a privacy budget per month, and the same question
# over the same data returns the same stored answer (repeating it cannot average the
# noise away). See docs/equity.md, "The what-if's guarantee".

#: The steps of the grid a threshold must sit on, by score (grade levels are whole).
GRID = {"grade": 1.0, "gpa": 0.25}
PLACEMENT_STEP = 10.0  # placement scores (200-300 scales) in bands of ten points
MAX_DEPTH = 3  # and/or levels: "a and (b or (c and d))" is three
MAX_CONDITIONS = 8
MAX_RULE_LENGTH = 400
_ORDER_OPS = (">=", ">", "<=", "<")
#: the histogram's cells per group: eligibility under (now, alternative) × participant
HISTOGRAM_CELLS = tuple((c, p) for c in ("stays", "gains", "loses", "never") for p in (True, False))
#: One breakdown per question (each student is in exactly one group of it).
PRIVATE_DIMENSIONS = ("school", "race_ethnicity", "sex", *FLAGS)


@dataclass(frozen=True)
class VocabularyProblem:
    """Why a rule is outside the what-if's vocabulary (``code`` for tests, ``detail`` the
    part of the rule at fault)."""

    code: str
    detail: str


def _depth(expr: Expr | None) -> int:
    from careerpaths.core.requisites import AllOf, AnyOf

    if isinstance(expr, AllOf | AnyOf):
        return 1 + max(_depth(i) for i in expr.items)
    return 0


def paren_depth(text: str) -> int:
    """How deeply ``text``'s parentheses nest (checked before parsing: a rule nested
    thousands deep must not reach the parser)."""
    depth = top = 0
    for ch in text:
        if ch == "(":
            depth += 1
            top = max(top, depth)
        elif ch == ")":
            depth -= 1
    return top


def vocabulary_problems(text: str, *, allowed_flags: Sequence[str] = ()) -> list[VocabularyProblem]:
    """What keeps ``text`` out of the what-if's vocabulary (empty: it is in).

    In: ``grade`` compared with a whole grade level, ``gpa`` with a multiple of 0.25,
    ``placement.<subject>`` with a multiple of 10, each with ``>=``, ``>``, ``<=`` or ``<``
    (never ``==`` or ``!=``: an equality names a value one student may hold); ``flag
    proficient.<subject>`` and the flags of the college's own rules; joined with ``and``
    / ``or``, nested at most three levels, at most eight conditions. Out: courses,
    credentials, other scores.

    >>> vocabulary_problems("grade >= 11 and gpa >= 2.75")
    []
    >>> [p.code for p in vocabulary_problems("gpa != 2.2 or grade == 10")]
    ['equality', 'off-grid', 'equality']
    """
    from careerpaths.core.requisites import Comparison, CourseReq, Flag, HasCredential, walk

    if len(text) > MAX_RULE_LENGTH:
        return [VocabularyProblem("too-long", f"{len(text)} characters")]
    if paren_depth(text) > MAX_DEPTH:
        return [VocabularyProblem("too-deep", f"{paren_depth(text)} levels of parentheses")]
    expr = parse(text)
    out: list[VocabularyProblem] = []
    if _depth(expr) > MAX_DEPTH:
        out.append(VocabularyProblem("too-deep", f"{_depth(expr)} levels"))
    atoms = [e for e in walk(expr) if not hasattr(e, "items")]
    if len(atoms) > MAX_CONDITIONS:
        out.append(VocabularyProblem("too-many", f"{len(atoms)} conditions"))
    for e in atoms:
        if isinstance(e, Comparison):
            shown = unparse(e)
            if e.op.value not in _ORDER_OPS:
                out.append(VocabularyProblem("equality", shown))
            step = GRID.get(e.name, PLACEMENT_STEP if e.name.startswith("placement.") else None)
            if step is None:
                out.append(VocabularyProblem("unknown-score", shown))
            elif abs(e.value / step - round(e.value / step)) > 1e-9:
                out.append(VocabularyProblem("off-grid", shown))
        elif isinstance(e, Flag):
            if not e.name.startswith("proficient.") and e.name not in allowed_flags:
                out.append(VocabularyProblem("unknown-flag", unparse(e)))
        elif isinstance(e, CourseReq | HasCredential):
            out.append(VocabularyProblem("course-or-credential", unparse(e)))
    return out


def rule_flags(*rules: str) -> tuple[str, ...]:
    """The flags ``rules`` mention (the college's own rules' flags are in the vocabulary)."""
    from careerpaths.core.requisites import Flag, walk

    out: set[str] = set()
    for text in rules:
        try:
            out |= {e.name for e in walk(parse(text)) if isinstance(e, Flag)}
        except ValueError:
            continue
    return tuple(sorted(out))


@dataclass(frozen=True)
class Histogram:
    """The what-if's one release: per group of ``dimension``, how many students are in
    each of :data:`HISTOGRAM_CELLS`. Each student is in exactly one cell, so adding or
    removing a student changes one count by one (sensitivity 1)."""

    dimension: str
    groups: tuple[str, ...]
    counts: tuple[int, ...]  # len(groups) * len(HISTOGRAM_CELLS), group-major

    def cell(self, group: str, cell: str, participant: bool | None = None) -> int:
        g = self.groups.index(group)
        base = g * len(HISTOGRAM_CELLS)
        return sum(
            self.counts[base + i]
            for i, (c, p) in enumerate(HISTOGRAM_CELLS)
            if c == cell and (participant is None or p is participant)
        )


def histogram(
    students: Iterable[Student],
    *,
    rule: str,
    alternative: str,
    dimension: str,
    groups: Sequence[str] = (),
) -> Histogram:
    """The exact histogram of :class:`Histogram` (the input of the noise, never shown).

    ``groups`` are the public list of the dimension's groups (the schools of the region,
    the federal race/ethnicity categories, Y/N): a group absent from the data still gets
    its cells, so that which groups appear does not depend on the students.
    """
    now_rule, alt_rule = parse(rule), parse(alternative)
    counts: dict[tuple[str, str, bool], int] = {}
    seen = set(groups)
    for s in students:
        ok_now, ok_alt = eligible(now_rule, s), eligible(alt_rule, s)
        cell = (
            "stays" if ok_now and ok_alt else "loses" if ok_now else "gains" if ok_alt else "never"
        )
        participant = any(a.dual_credit for a in s.attempts)
        group = _group_of(s, dimension)
        seen.add(group)
        key = (group, cell, participant)
        counts[key] = counts.get(key, 0) + 1
    names = tuple(sorted(seen))
    return Histogram(
        dimension=dimension,
        groups=names,
        counts=tuple(counts.get((g, c, p), 0) for g in names for c, p in HISTOGRAM_CELLS),
    )


def laplace_scale(epsilon: float) -> float:
    """The discrete Laplace scale that makes one release of a sensitivity-1 histogram
    ε-differentially private (OpenDP's own privacy map checks it)."""
    return 1.0 / epsilon


def _measurement(epsilon: float) -> Any:
    import opendp.prelude as dp  # lazily: only the web's what-if needs it

    dp.enable_features("contrib")
    space = dp.vector_domain(dp.atom_domain(T=int)), dp.l1_distance(T=int)
    meas = space >> dp.m.then_laplace(scale=laplace_scale(epsilon))
    # the histogram's L1 sensitivity is 1: OpenDP's privacy map must confirm ε for it
    if meas.map(d_in=1) > epsilon * (1 + 1e-9):
        raise RuntimeError("the noise does not meet the privacy budget")  # pragma: no cover
    return meas


def privatize(h: Histogram, *, epsilon: float) -> Histogram:
    """``h`` with OpenDP's discrete Laplace noise of scale 1/ε on every count."""
    noisy = _measurement(epsilon)(list(h.counts))
    return Histogram(dimension=h.dimension, groups=h.groups, counts=tuple(int(x) for x in noisy))


@lru_cache(maxsize=256)
def margin(epsilon: float, cells: int, *, confidence: float = 0.95) -> int:
    """The smallest m such that the sum of ``cells`` independent noises of scale 1/ε lies
    within ±m with probability ``confidence`` (exact: the noise's pmf, convolved).

    >>> margin(0.5, 1), margin(0.5, 2)
    (6, 8)
    """
    import numpy as np

    scale = laplace_scale(epsilon)
    width = int(40 * scale) + 10
    a = float(np.exp(-1.0 / scale))
    k = np.arange(-width, width + 1)
    one = (1 - a) / (1 + a) * a ** np.abs(k)
    dist = np.array([1.0])
    for _ in range(max(1, cells)):
        dist = np.convolve(dist, one)
    centre = (len(dist) - 1) // 2
    cum = dist[centre] + 2 * np.cumsum(dist[centre + 1 :])
    if not len(cum) or cum[-1] < confidence:
        return centre
    return int(np.searchsorted(cum, confidence) + 1) if dist[centre] < confidence else 0


@dataclass(frozen=True)
class PrivateWhatIf:
    """The what-if as the web shows it: noisy counts (``None``: under the threshold),
    their 95% margins, the ε this answer cost, and the exact rules compared."""

    rule: str
    alternative: str
    dimension: str
    threshold: int
    epsilon: float
    margins: dict[str, int]  # "cell": a gain or a loss; "pair": eligible now/alternative
    rows: tuple[WhatIfRow, ...]
    synthetic: bool = False

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def private_rows(
    noisy: Histogram,
    *,
    rule: str,
    alternative: str,
    epsilon: float,
    threshold: int = SMALL_CELL,
    synthetic: bool = False,
) -> PrivateWhatIf:
    """The what-if's rows from the noisy histogram only (post-processing: no access to
    the students, so the guarantee of the release carries over to everything shown).

    A noisy count is clamped at 0; a count under ``threshold`` (noisy) is shown hidden,
    so no small or zero count, and no exact 0% or 100% of a small group, is shown.
    """
    check_threshold(threshold)
    per: dict[str, dict[str, int]] = {}
    for g in noisy.groups:
        b = {c: noisy.cell(g, c) for c in _CELLS}
        b["part"] = sum(noisy.cell(g, c, True) for c in _CELLS)
        b["part_eligible"] = noisy.cell(g, "stays", True) + noisy.cell(g, "loses", True)
        per[g] = b
    total = {k: sum(b[k] for b in per.values()) for k in (*_CELLS, "part", "part_eligible")}

    def clamp(v: float) -> int:
        return max(0, int(v))

    def show_n(v: int) -> int | None:
        return None if v < threshold else v

    def row(dim: str, group: str, b: Mapping[str, int]) -> WhatIfRow:
        enrolled = clamp(sum(b[c] for c in _CELLS))
        now = clamp(b["stays"] + b["loses"])
        alt = clamp(b["stays"] + b["gains"])
        gains, loses = clamp(b["gains"]), clamp(b["loses"])
        shown_enrolled = show_n(enrolled)
        small_group = shown_enrolled is None
        gaps: list[float | None] = [None, None, None, None]
        rest = {k: total[k] - b[k] for k in total}
        rest_n = clamp(sum(rest[c] for c in _CELLS))
        if dim != "all" and not small_group and rest_n >= threshold:
            gaps[0] = round(
                100 * (now / enrolled - clamp(rest["stays"] + rest["loses"]) / rest_n), 1
            )
            gaps[1] = round(
                100 * (alt / enrolled - clamp(rest["stays"] + rest["gains"]) / rest_n), 1
            )
            part, rest_part = clamp(b["part"]), clamp(rest["part"])
            gaps[2] = round(100 * (part / enrolled - rest_part / rest_n), 1)

            def projected(x: Mapping[str, int], n: int) -> float:
                now_n = max(1, clamp(x["stays"] + x["loses"]))
                take_up = min(1.0, clamp(x["part_eligible"]) / now_n)
                lost = take_up * clamp(x["loses"])
                return max(0.0, clamp(x["part"]) - lost + take_up * clamp(x["gains"])) / n

            gaps[3] = round(100 * (projected(b, enrolled) - projected(rest, rest_n)), 1)
        return WhatIfRow(
            dimension=dim,
            group=group,
            enrolled=shown_enrolled,
            eligible_now=None if small_group else show_n(now),
            eligible_alternative=None if small_group else show_n(alt),
            gains=None if small_group else show_n(gains),
            loses=None if small_group else show_n(loses),
            rate_now=show_rate(None if small_group else now, shown_enrolled, threshold=threshold),
            rate_alternative=show_rate(
                None if small_group else alt, shown_enrolled, threshold=threshold
            ),
            eligibility_gap_now_pp=gaps[0],
            eligibility_gap_alternative_pp=gaps[1],
            participation_gap_now_pp=gaps[2],
            participation_gap_projected_pp=gaps[3],
        )

    rows = [row("all", "All students", total)]
    rows += [row(noisy.dimension, g, per[g]) for g in noisy.groups]
    return PrivateWhatIf(
        rule=unparse(parse(rule)),
        alternative=unparse(parse(alternative)),
        dimension=noisy.dimension,
        threshold=threshold,
        epsilon=epsilon,
        margins={
            # a gain or a loss (two cells: participants and not), eligible now or under
            # the alternative (four), a group's students (eight); All students: every group's
            "cell": margin(epsilon, 2),
            "pair": margin(epsilon, 4),
            "group": margin(epsilon, 8),
            "all_cell": margin(epsilon, 2 * len(noisy.groups)),
            "all_pair": margin(epsilon, 4 * len(noisy.groups)),
            "all_group": margin(epsilon, 8 * len(noisy.groups)),
        },
        rows=tuple(rows),
        synthetic=synthetic,
    )
