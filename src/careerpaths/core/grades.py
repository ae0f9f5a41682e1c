"""Letter grades and their order.

>>> meets_minimum("B", "B-")
True
>>> meets_minimum("C+", "B-")
False
>>> meets_minimum("P", "C")
True
>>> meets_minimum("W", None)
False
"""

from __future__ import annotations

GRADE_POINTS: dict[str, float] = {
    "A+": 4.0,
    "A": 4.0,
    "A-": 3.7,
    "B+": 3.3,
    "B": 3.0,
    "B-": 2.7,
    "C+": 2.3,
    "C": 2.0,
    "C-": 1.7,
    "D+": 1.3,
    "D": 1.0,
    "D-": 0.7,
    "F": 0.0,
}
# Rank orders grades strictly (A+ above A although both carry 4.0 points).
_RANK = {g: i for i, g in enumerate(reversed(list(GRADE_POINTS)))}
PASS_GRADES = frozenset({"P", "S", "CR", "T"})  # pass, satisfactory, credit, transfer
NON_PASSING = frozenset({"NP", "U", "NC", "W", "I", "IP", "AU", "WF"})
LETTERS = tuple(GRADE_POINTS)
# A pass grade is taken to meet a minimum of C or lower: colleges equate P with C or better.
_PASS_EQUIVALENT = "C"
IN_PROGRESS = "IP"
_PASSING = frozenset(g for g, p in GRADE_POINTS.items() if p > 0.0) | PASS_GRADES
_NOT_PASSING = frozenset(g for g, p in GRADE_POINTS.items() if p <= 0.0) | NON_PASSING


def normalize(grade: str | None) -> str | None:
    if grade is None:
        return None
    g = grade.strip().upper()
    return g or None


def is_known(grade: str) -> bool:
    g = normalize(grade)
    return g is not None and (g in GRADE_POINTS or g in PASS_GRADES or g in NON_PASSING)


def is_passing(grade: str | None) -> bool:
    """Whether a grade earns credit (D- or better, or a pass grade)."""
    # Grades already in canonical form (nearly all of them) are answered by one look-up:
    # this runs for every course attempt of every student an import derives.
    if grade in _PASSING:
        return True
    if grade is None or grade in _NOT_PASSING:
        return False
    g = normalize(grade)
    if g is None:
        return False
    if g in PASS_GRADES:
        return True
    return g in GRADE_POINTS and GRADE_POINTS[g] > 0.0


def meets_minimum(grade: str | None, minimum: str | None) -> bool:
    """Whether ``grade`` is passing and at least ``minimum`` (any passing grade when None)."""
    g = normalize(grade)
    if not is_passing(g):
        return False
    m = normalize(minimum)
    if m is None:
        return True
    if m not in _RANK:
        raise ValueError(f"{minimum!r} is not a letter grade")
    if g in PASS_GRADES:
        return _RANK[_PASS_EQUIVALENT] >= _RANK[m]
    assert g is not None
    return _RANK[g] >= _RANK[m]


def points(grade: str | None) -> float | None:
    g = normalize(grade)
    return GRADE_POINTS.get(g) if g is not None else None
