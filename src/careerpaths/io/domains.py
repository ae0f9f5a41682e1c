"""The domain of every number student data may carry, checked at every reader.

A ``credits_earned`` of ``1e308`` used to be accepted and then broke every page that added
credits up (an overflow to infinity); a negative OneRoster score was accepted too. A number
outside its domain is reported with its position, like any other value that cannot be
read.

>>> in_domain("3.5", CREDITS), in_domain("1e308", CREDITS), in_domain("-1", SCORE)
(3.5, None, None)
"""

from __future__ import annotations

import math
from typing import NamedTuple

from careerpaths.core import i18n


class Domain(NamedTuple):
    """The values a number may take (both ends included) and how a message names them."""

    low: float
    high: float
    what: str


# One course attempt's credits (a semester-long college course gives 3-5; 30 is generous).
CREDITS = Domain(0.0, 30.0, i18n.text("a number of credits from 0 to 30"))
# A OneRoster result's score and a line item's resultValueMax (points, percentages, scales).
SCORE = Domain(0.0, 1_000_000.0, i18n.text("a score from 0 to 1,000,000"))
POINTS_POSSIBLE = Domain(0.0, 1_000_000.0, i18n.text("a maximum score from 0 to 1,000,000"))
# The template's scores: a grade point average, and placement or test scores.
GPA = Domain(0.0, 5.0, i18n.text("a GPA from 0 to 5"))
TEST_SCORE = Domain(0.0, 10_000.0, i18n.text("a score from 0 to 10,000"))


def in_domain(text: str, domain: Domain) -> float | None:
    """The number ``text`` gives when it is finite and within ``domain``, else None."""
    try:
        x = float(text)
    except (ValueError, OverflowError):
        return None
    if not math.isfinite(x) or not domain.low <= x <= domain.high:
        return None
    return x


def score_domain(name: str) -> Domain:
    """The domain of a template score by its name (``gpa``, ``placement.math``, …)."""
    return GPA if name.strip().lower() in ("gpa", "gpa.weighted", "gpa.unweighted") else TEST_SCORE
