"""A launch timeline back-scheduled from a term's start, with lead times as data.

A :class:`LeadTime` says how long before the start of a term something must be done
(``months`` / ``days`` before), or on which calendar date (``month``/``day``: the spring
deadline for fall sections, Ohio's March 1 information sessions). :func:`back_schedule`
turns the lead times that apply to a launch (a new pathway, course or section, in a
state) into dated milestones and says, on a given day, which are done, late, at risk or
upcoming.

>>> lt = LeadTime("plan", "Start planning", role="district_designer", months=12)
>>> [m.due.isoformat() for m in back_schedule([lt], start=date(2027, 8, 23),
...                                          target="pathway", as_of=date(2026, 1, 5))]
['2026-08-23']
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import Any

from careerpaths.core.i18n import Text, text
from careerpaths.core.staffing import add_months


def calendar_term_words(term: str) -> str:
    """A college calendar's term id in words: ``2027-FA`` is "fall 2027" (a :class:`Text`,
    said in the reader's language on the web); an id of another shape as written.

    >>> calendar_term_words("2027-FA"), calendar_term_words("Q3")
    ('fall 2027', 'Q3')
    """
    m = re.fullmatch(r"(\d{4})-?(FA|SP|SU|WI)", term.strip().upper())
    if m is None:
        return term
    year, season = m[1], m[2]
    if season == "FA":
        return text("fall %(year)s", year=year)
    if season == "SP":
        return text("spring %(year)s", year=year)
    if season == "SU":
        return text("summer %(year)s", year=year)
    return text("winter %(year)s", year=year)


def course_at_words(course: str, title: str, site: str, term: str) -> Text:
    """A course (or a section of it) at a place in a term, for people: "Medical
    Terminology (HSC-113) at Metro High School, fall 2027"."""
    return text(
        "%(title)s (%(course)s) at %(site)s, %(term)s",
        title=title or course,
        course=course,
        site=site,
        term=calendar_term_words(term),
    )


def pathway_at_words(pathway: str, site: str, term: str) -> Text:
    """A pathway launched at a school in a term: "the Nursing pathway at Metro High
    School, fall 2027"."""
    return text(
        "The %(pathway)s pathway at %(site)s, %(term)s",
        pathway=pathway,
        site=site,
        term=calendar_term_words(term),
    )


class MilestoneStatus(StrEnum):
    DONE = "done"
    LATE = "late"
    AT_RISK = "at_risk"
    UPCOMING = "upcoming"

    @property
    def label(self) -> str:
        return {
            "done": text("Done"),
            "late": text("Late"),
            "at_risk": text("At risk"),
            "upcoming": text("Upcoming"),
        }[self.value]


@dataclass(frozen=True)
class LeadTime:
    """One step of a launch and how far ahead of the term's start it is due."""

    id: str
    label: str
    role: str  # who does it: college_coordinator, district_designer, counselor
    months: int = 0
    days: int = 0
    month: int | None = None  # a fixed calendar date instead: the last one before the start
    day: int | None = None
    applies_to: frozenset[str] = frozenset({"pathway", "course", "section"})
    states: frozenset[str] = frozenset()  # empty: every state
    source: str = ""
    note: str = ""

    def due(self, start: date) -> date:
        if self.month is not None:
            d = date(start.year, self.month, self.day or 1)
            return d if d < start else date(start.year - 1, self.month, self.day or 1)
        return add_months(start, -self.months) - timedelta(days=self.days)


@dataclass(frozen=True)
class Milestone:
    lead: LeadTime
    target: str  # what is launched: "pathway", "course" or "section"
    subject: str  # its name, e.g. "HSC-173 at Kennedy High School, fall 2027"
    due: date
    status: MilestoneStatus

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.lead.id,
            "label": self.lead.label,
            "role": self.lead.role,
            "target": self.target,
            "subject": self.subject,
            "due": self.due.isoformat(),
            "status": self.status.value,
            "source": self.lead.source,
        }


def back_schedule(
    leads: Iterable[LeadTime],
    *,
    start: date,
    target: str,
    as_of: date,
    subject: str = "",
    state: str = "",
    done: Collection[str] = (),
    at_risk_days: int = 30,
) -> list[Milestone]:
    """The milestones of launching ``target`` for a term starting on ``start``.

    A milestone is *done* when its id is in ``done``; else *late* when its due date is
    before ``as_of``, *at risk* when it is due within ``at_risk_days``, else *upcoming*.
    Milestones come in date order (ties: the order of ``leads``).
    """
    out = []
    for order, lead in enumerate(leads):
        if target not in lead.applies_to:
            continue
        if lead.states and state.upper() not in lead.states:
            continue
        due = lead.due(start)
        if lead.id in done:
            status = MilestoneStatus.DONE
        elif due < as_of:
            status = MilestoneStatus.LATE
        elif due <= as_of + timedelta(days=at_risk_days):
            status = MilestoneStatus.AT_RISK
        else:
            status = MilestoneStatus.UPCOMING
        out.append((due, order, Milestone(lead, target, subject, due, status)))
    return [m for _, _, m in sorted(out, key=lambda t: (t[0], t[1]))]
