"""Turning placements and attempts into audit items, per credential.

The unit a credential counts in decides an item's credits: a high-school diploma
counts high-school credits (a dual-credit college course brings its ``hs_credits``,
scaled to the diploma's credits per semester course); a college credential counts
semester hours (quarter hours converted).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import lru_cache

from careerpaths.core import grades
from careerpaths.core.audit import Item
from careerpaths.core.model import (
    Attempt,
    Course,
    Credential,
    CredentialKind,
    Placement,
    split_code,
)
from careerpaths.core.requirements import CourseFacts
from careerpaths.core.requisites import course_key
from careerpaths.core.terms import Term


def course_facts(course: Course) -> CourseFacts:
    return course.facts


def bare_facts(code: str, *, college: bool) -> CourseFacts:
    """Facts for a course missing from the catalog (e.g. a transfer course on a transcript)."""
    try:
        subject, number = split_code(code)
    except ValueError:
        subject, number = code.upper(), ""
    return CourseFacts(
        key=course_key(code),
        subject=subject,
        number=number,
        tags=frozenset(),
        area=None,
        level="postsecondary" if college else "secondary",
    )


def credit_for(credential: Credential, course: Course) -> float:
    """Credits ``course`` brings to ``credential``, in the credential's unit."""
    if credential.kind is CredentialKind.HS_DIPLOMA:
        return course.hs_credit_value(credential.semester_course_credits)
    return course.semester_hours


def placement_items(
    placements: Iterable[Placement],
    courses: Mapping[str, Course],
    credential: Credential,
    *,
    until: Term | None = None,
) -> list[Item]:
    """Planned items for the placements at or before ``until`` (all when None)."""
    items: list[Item] = []
    for n, p in enumerate(sorted(placements, key=lambda p: p.term)):
        if until is not None and p.term > until:
            continue
        course = courses.get(p.key)
        if course is None:
            continue
        items.append(
            Item(n, course.code, course_facts(course), credit_for(credential, course), None, p.term)
        )
    return items


# What a batch looks up for every attempt, remembered: a course code's key, and a raw
# grade's reading (in progress, the grade an item carries, passing). Both are pure
# functions of their argument; the tables are bounded.
key_of = lru_cache(maxsize=16_384)(course_key)


@lru_cache(maxsize=1024)
def grade_reading(raw: str | None) -> tuple[bool, str | None, bool]:
    """``(in progress, item grade, passing)`` for a grade as written on the record."""
    normalized = grades.normalize(raw)
    in_progress = normalized == grades.IN_PROGRESS
    grade = None if in_progress else (normalized or "NC")
    return in_progress, grade, grades.is_passing(grade)


def attempt_items(
    attempts: Iterable[Attempt], courses: Mapping[str, Course], credential: Credential
) -> list[Item]:
    """Items for a student's attempts; failed and withdrawn attempts carry no credit."""
    items: list[Item] = []
    diploma = credential.kind is CredentialKind.HS_DIPLOMA
    for n, a in enumerate(attempts):
        course = courses.get(key_of(a.course))
        in_progress, grade, passing = grade_reading(a.grade)
        if course is not None:
            facts = course_facts(course)
            college = course.is_college
            if diploma and college and not a.dual_credit:
                credits = 0.0  # a college course taken outside dual credit is not on the HS record
            elif college and not diploma:
                credits = a.credits_earned if not in_progress else course.semester_hours
                credits = credits if credits else course.semester_hours
            else:
                credits = credit_for(credential, course)
        else:
            facts = bare_facts(a.course, college=not diploma)
            credits = a.credits_earned
        if not in_progress and not passing:
            credits = 0.0
        items.append(Item(n, a.course, facts, credits, grade, a.term, in_progress))
    return items


def items_key(credential: Credential) -> tuple[object, ...]:
    """What of ``credential`` :func:`attempt_items` depends on: credentials with the same
    key get equal items from the same attempts (a diploma's credits per semester course;
    every college credential counts semester hours)."""
    if credential.kind is CredentialKind.HS_DIPLOMA:
        return (CredentialKind.HS_DIPLOMA, credential.semester_course_credits)
    return ("college",)
