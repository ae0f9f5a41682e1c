"""Terms of a grade 9-14 pathway.

A pathway runs from grade 9 fall to grade 14 spring; grades 13 and 14 are the first
two years after high school (college years 1 and 2). Summers are optional terms that
sit after the spring of the same grade.

>>> Term.parse("G11-FA") < Term.parse("G11-SP") < Term.parse("G11-SU") < Term.parse("G12-FA")
True
>>> [t.id for t in term_grid(first_grade=9, last_grade=9, summers=True)]
['G9-FA', 'G9-SP', 'G9-SU']
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

FIRST_GRADE = 9
LAST_GRADE = 14
LAST_HIGH_SCHOOL_GRADE = 12


class Season(StrEnum):
    FALL = "FA"
    SPRING = "SP"
    SUMMER = "SU"

    @property
    def order(self) -> int:
        return _SEASON_ORDER[self]

    @property
    def label(self) -> str:
        return {"FA": "Fall", "SP": "Spring", "SU": "Summer"}[self.value]


_SEASON_ORDER = {Season.FALL: 0, Season.SPRING: 1, Season.SUMMER: 2}
_SEASONS = (Season.FALL, Season.SPRING, Season.SUMMER)  # by season_order
_SEASON_CODES = tuple(s.value for s in _SEASONS)
_TERM_RE = re.compile(r"^\s*G(?:RADE)?\s*(\d{1,2})\s*[-_ ]\s*(FA|SP|SU)\s*$", re.IGNORECASE)


class TermError(ValueError):
    """A term id that cannot be read."""


@dataclass(frozen=True, order=True)
class Term:
    """A term in the grade 9-14 grid, ordered by grade then season (fall, spring, summer)."""

    grade: int
    season_order: int

    @staticmethod
    def of(grade: int, season: Season) -> Term:
        if not FIRST_GRADE <= grade <= LAST_GRADE:
            raise TermError(f"grade {grade} is outside {FIRST_GRADE}-{LAST_GRADE}")
        return Term(grade, season.order)

    @staticmethod
    def parse(text: str) -> Term:
        match = _TERM_RE.match(text)
        if not match:
            raise TermError(f"{text!r} is not a term; write it like G9-FA, G11-SP or G12-SU")
        return Term.of(int(match.group(1)), Season(match.group(2).upper()))

    @property
    def season(self) -> Season:
        return _SEASONS[self.season_order]

    @property
    def id(self) -> str:
        # millions of times when the students' files are written: no enum on the way
        return f"G{self.grade}-{_SEASON_CODES[self.season_order]}"

    @property
    def in_high_school(self) -> bool:
        return self.grade <= LAST_HIGH_SCHOOL_GRADE

    @property
    def label(self) -> str:
        if self.grade <= LAST_HIGH_SCHOOL_GRADE:
            return f"Grade {self.grade} {self.season.label}"
        return f"College year {self.grade - LAST_HIGH_SCHOOL_GRADE} {self.season.label}"

    def __str__(self) -> str:
        return self.id


def term_grid(
    *, first_grade: int = FIRST_GRADE, last_grade: int = LAST_GRADE, summers: bool = False
) -> list[Term]:
    """All terms from ``first_grade`` fall to ``last_grade`` spring (summer too when asked)."""
    seasons = [Season.FALL, Season.SPRING] + ([Season.SUMMER] if summers else [])
    return [Term.of(g, s) for g in range(first_grade, last_grade + 1) for s in seasons]
