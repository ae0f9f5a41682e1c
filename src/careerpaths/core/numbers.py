"""Numbers from untrusted input: one parser with bounds by domain, one formatter.

Every reader and form that accepts a number (course credits, credits earned, GPA, test
scores, wages, tuition) checks it against its :class:`Domain`, so ``1e308``, ``inf`` and
``nan`` are refused where they enter and can never reach an aggregate or a JSON column.

>>> parse_number("3", COURSE_CREDITS)
3.0
>>> parse_number("1e308", COURSE_CREDITS)
Traceback (most recent call last):
...
careerpaths.core.numbers.OutOfDomain: 1e+308 is not a number of credits (0 to 40)
>>> format_number(3.0), format_number(2.5)
('3', '2.5')
"""

from __future__ import annotations

import math
from dataclasses import dataclass


@dataclass(frozen=True)
class Domain:
    """The accepted range of one kind of number, inclusive, and its name for messages."""

    what: str
    low: float
    high: float
    integer: bool = False

    def describe(self) -> str:
        return f"{self.what} ({format_number(self.low)} to {format_number(self.high)})"


class OutOfDomain(ValueError):
    """A value that is not a number, not finite, or outside its domain."""

    def __init__(self, raw: object, domain: Domain) -> None:
        self.raw = raw
        self.domain = domain
        super().__init__(f"{raw} is not {domain.describe()}")


#: Credits of one course (semester hours; the longest real course is 12-16).
COURSE_CREDITS = Domain("a number of credits", 0, 40)
#: High-school credits of one course.
HS_CREDITS = Domain("a number of high-school credits", 0, 10)
#: Credits a credential requires, or a student has earned, in total.
TOTAL_CREDITS = Domain("a total of credits", 0, 1000)
#: Grade point average, weighted scales included.
GPA = Domain("a GPA", 0, 5)
#: A placement or assessment score (ACCUPLACER, SAT, ACT, state tests ...).
SCORE = Domain("a test score", 0, 10_000)
#: Tuition per credit, in dollars.
TUITION = Domain("an amount in dollars per credit", 0, 100_000)
#: An annual wage in dollars (BLS top codes annual wages at $239,200; cap generously).
ANNUAL_WAGE = Domain("an annual wage in dollars", 0, 10_000_000)
#: An hourly wage in dollars.
HOURLY_WAGE = Domain("an hourly wage in dollars", 0, 5_000)
#: Counts of jobs, openings or people.
COUNT = Domain("a count", 0, 1e9)
#: A percentage change (growth can be negative).
PERCENT_CHANGE = Domain("a percentage change", -100, 10_000)


def check_number(value: float, domain: Domain) -> float:
    """``value`` if it is finite and within ``domain``, else :class:`OutOfDomain`."""
    if not math.isfinite(value) or not domain.low <= value <= domain.high:
        raise OutOfDomain(format_number(value), domain)
    if domain.integer and value != int(value):
        raise OutOfDomain(format_number(value), domain)
    return value


def parse_number(text: str, domain: Domain) -> float:
    """A number as spreadsheets write it (thousands separators, a leading ``$``, spaces),
    checked against ``domain``. Raises :class:`OutOfDomain` (a ValueError)."""
    cleaned = text.strip().replace(",", "").removeprefix("$").strip()
    try:
        value = float(cleaned)
    except ValueError:
        raise OutOfDomain(repr(text), domain) from None
    return check_number(value, domain)


def format_number(x: float) -> str:
    """A number without a useless ``.0``: 3.0 -> "3", 2.5 -> "2.5"; inf and nan as text."""
    if not math.isfinite(x):
        return str(x)
    return str(int(x)) if x == int(x) and abs(x) < 1e15 else f"{x:g}"
