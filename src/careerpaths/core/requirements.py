"""Requirement trees: what a credential (or the high-school diploma) asks for.

Nodes:

* :class:`AllOf` — every child;
* :class:`NOf` — at least ``n`` of the children;
* :class:`Credits` — a minimum number of credits from a set of courses, chosen by a
  :class:`Selector` (a list of courses, subject/number patterns such as ``CIS 1**``,
  tags, or high-school credit areas), optionally each with a minimum grade;
* :class:`CourseNode` — one course, optionally with a minimum grade.

Trees are data; :mod:`careerpaths.core.audit` decides them against a record.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property

from careerpaths.core.numbers import format_number
from careerpaths.core.requisites import course_key


@dataclass(frozen=True)
class CourseFacts:
    """What a selector needs to know about a course."""

    key: str
    subject: str
    number: str
    tags: frozenset[str]
    area: str | None
    level: str  # "secondary" or "postsecondary"


@dataclass(frozen=True)
class Selector:
    """Chooses courses: any that matches one of the listed courses, patterns, tags or areas.

    Patterns are ``SUBJECT NUMBER`` with ``*`` standing for one character of the number
    (``CIS 1**`` is every 100-level CIS course; ``CIS *`` every CIS course).
    ``level`` narrows the match to secondary or postsecondary courses.
    """

    courses: tuple[str, ...] = ()
    patterns: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    areas: tuple[str, ...] = ()
    level: str | None = None
    exclude: tuple[str, ...] = ()

    @cached_property
    def _course_keys(self) -> frozenset[str]:
        return frozenset(course_key(c) for c in self.courses)

    @cached_property
    def _exclude_keys(self) -> frozenset[str]:
        return frozenset(course_key(c) for c in self.exclude)

    def matches(self, course: CourseFacts) -> bool:
        if self.level and course.level != self.level:
            return False
        if course.key in self._exclude_keys:
            return False
        if course.key in self._course_keys:
            return True
        if any(_pattern_matches(p, course) for p in self.patterns):
            return True
        if course.tags & set(self.tags):
            return True
        return course.area is not None and course.area in self.areas

    @property
    def is_catch_all(self) -> bool:
        """True when the selector takes any course (of its level): a general-elective pool."""
        if self.courses or self.tags or self.areas or not self.patterns:
            return False
        return all(_PATTERN_RE.match(p) and _is_any(p) for p in self.patterns)

    def describe(self) -> str:
        parts: list[str] = []
        if self.courses:
            parts.append(", ".join(self.courses))
        if self.patterns:
            parts.append(", ".join(self.patterns))
        if self.tags:
            parts.append("courses tagged " + ", ".join(self.tags))
        if self.areas:
            parts.append("the " + " or ".join(self.areas) + " credit area")
        text = " or ".join(parts) or "any course"
        if self.level:
            text += f" ({self.level} courses only)"
        return text


_PATTERN_RE = re.compile(r"^\s*([A-Za-z&*]{1,6})[\s\-]*([A-Za-z0-9*]*)\s*$")


def _pattern_matches(pattern: str, course: CourseFacts) -> bool:
    m = _PATTERN_RE.match(pattern)
    if not m:
        return False
    subject, number = m.group(1).upper(), m.group(2).upper()
    if subject != "*" and subject != course.subject:
        return False
    if number in ("", "*"):
        return True
    if len(number) != len(course.number):
        return False
    return all(p == "*" or p == c for p, c in zip(number, course.number, strict=True))


def _is_any(pattern: str) -> bool:
    m = _PATTERN_RE.match(pattern)
    return bool(m) and m.group(1) == "*" and m.group(2) in ("", "*")  # type: ignore[union-attr]


def valid_pattern(pattern: str) -> bool:
    return bool(_PATTERN_RE.match(pattern))


@dataclass(frozen=True)
class CourseNode:
    course: str
    min_grade: str | None = None
    label: str = ""


@dataclass(frozen=True)
class Credits:
    credits: float
    select: Selector
    min_grade: str | None = None
    label: str = ""


@dataclass(frozen=True)
class AllOf:
    children: tuple[Requirement, ...]
    label: str = ""


@dataclass(frozen=True)
class NOf:
    n: int
    children: tuple[Requirement, ...]
    label: str = ""


Requirement = CourseNode | Credits | AllOf | NOf
Leaf = CourseNode | Credits


def walk(node: Requirement, path: str = "1") -> Iterator[tuple[str, Requirement]]:
    """Every node with its path: the root is ``1``, its second child ``1.2``."""
    yield path, node
    if isinstance(node, AllOf | NOf):
        for i, child in enumerate(node.children, start=1):
            yield from walk(child, f"{path}.{i}")


def leaves(node: Requirement) -> list[tuple[str, Leaf]]:
    return [(p, n) for p, n in walk(node) if isinstance(n, CourseNode | Credits)]


def referenced_courses(node: Requirement) -> set[str]:
    """Every course code named in the tree (leaves and selector lists)."""
    out: set[str] = set()
    for _, n in walk(node):
        if isinstance(n, CourseNode):
            out.add(n.course)
        elif isinstance(n, Credits):
            out.update(n.select.courses)
    return out


def describe(node: Requirement) -> str:
    """One line of plain language for a node (without its children)."""
    if node.label:
        return node.label
    match node:
        case CourseNode(course, None):
            return course
        case CourseNode(course, grade):
            return f"{course} with {grade} or better"
        case Credits(credits, select, grade):
            g = f" (each {grade} or better)" if grade else ""
            return f"{format_number(credits)} credits from {select.describe()}{g}"
        case AllOf(children):
            return f"all of {len(children)} requirements"
        case NOf(n, children):
            return f"{n} of {len(children)} requirements"
    raise TypeError(node)
