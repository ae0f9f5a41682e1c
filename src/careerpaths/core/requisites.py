"""Requisites as logic, not lists.

A requisite is an expression over courses (optionally with a minimum grade), test or
placement scores, the student's grade level, credentials held and named flags, joined
with ``and`` / ``or`` and parentheses::

    (MAT-156 or MATH 1 with B) and placement.math >= 250 and grade >= 11

The same language serves prerequisites, corequisites, strict corequisites and
dual-enrollment eligibility rules. :func:`parse` reads it (with a lark LALR parser;
errors carry the column), :func:`unparse` prints it back in the same syntax, and
:func:`evaluate` decides it in three-valued logic: a condition that the context cannot
know (a placement score while checking a pathway template) is ``None``, not False.

>>> e = parse("(MAT-156 or MATH 1 with B) and placement.math >= 250 and grade >= 11")
>>> unparse(e)
'(MAT-156 or MATH 1 with B) and placement.math >= 250 and grade >= 11'
>>> sorted(course_codes(e))
['MAT-156', 'MATH 1']
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from enum import StrEnum
from functools import cache, lru_cache
from importlib import resources
from typing import Protocol

from lark import Lark, Token, Transformer, UnexpectedEOF, UnexpectedInput


@lru_cache(maxsize=65536)
def course_key(code: str) -> str:
    """Canonical lookup key of a course code: upper case, separators removed.

    >>> course_key("mat-156") == course_key("MAT 156") == "MAT156"
    True
    """
    return re.sub(r"[\s\-_.]+", "", code).upper()


class Op(StrEnum):
    GE = ">="
    LE = "<="
    GT = ">"
    LT = "<"
    EQ = "=="
    NE = "!="

    def holds(self, left: float, right: float) -> bool:
        return _OPS[self](left, right)


_OPS: dict[Op, Callable[[float, float], bool]] = {
    Op.GE: lambda a, b: a >= b,
    Op.LE: lambda a, b: a <= b,
    Op.GT: lambda a, b: a > b,
    Op.LT: lambda a, b: a < b,
    Op.EQ: lambda a, b: a == b,
    Op.NE: lambda a, b: a != b,
}


@dataclass(frozen=True)
class CourseReq:
    """A course, as written, optionally with a minimum grade (``MATH 1 with B``)."""

    code: str
    min_grade: str | None = None

    @property
    def key(self) -> str:
        return course_key(self.code)


@dataclass(frozen=True)
class Comparison:
    """``grade >= 11``, ``gpa >= 2.5``, ``placement.math >= 250``."""

    name: str
    op: Op
    value: float


@dataclass(frozen=True)
class HasCredential:
    credential: str


@dataclass(frozen=True)
class Flag:
    """A named yes/no fact about the student, e.g. ``flag admitted.nursing``."""

    name: str


@dataclass(frozen=True)
class AllOf:
    items: tuple[Expr, ...]


@dataclass(frozen=True)
class AnyOf:
    items: tuple[Expr, ...]


Expr = CourseReq | Comparison | HasCredential | Flag | AllOf | AnyOf
GRADE_LEVEL = "grade"


class RequisiteSyntaxError(ValueError):
    """A requisite that cannot be parsed; ``column`` is 1-based within the expression."""

    def __init__(self, text: str, column: int, reason: str) -> None:
        self.text = text
        self.column = column
        self.reason = reason
        super().__init__(f"column {column}: {reason}")


class _ToAst(Transformer[Token, Expr]):
    def course(self, items: list[Token]) -> CourseReq:
        code = re.sub(r"\s+", " ", str(items[0]))
        return CourseReq(code, str(items[1]).upper() if len(items) > 1 else None)

    def comparison(self, items: list[Token]) -> Comparison:
        return Comparison(str(items[0]), Op(str(items[1])), float(items[2]))

    def credential(self, items: list[Token]) -> HasCredential:
        return HasCredential(str(items[0]))

    def flag(self, items: list[Token]) -> Flag:
        return Flag(str(items[0]))

    def and_(self, items: list[Expr]) -> Expr:
        return items[0] if len(items) == 1 else _flatten(AllOf, items)

    def or_(self, items: list[Expr]) -> Expr:
        return items[0] if len(items) == 1 else _flatten(AnyOf, items)


def _flatten(kind: type[AllOf] | type[AnyOf], items: list[Expr]) -> Expr:
    flat: list[Expr] = []
    for item in items:
        flat.extend(item.items if isinstance(item, kind) else (item,))
    return kind(tuple(flat))


@cache
def _parser() -> Lark:
    grammar = resources.files("careerpaths.core").joinpath("requisite.grammar.lark").read_text()
    return Lark(grammar, parser="lalr", maybe_placeholders=False)


#: Deepest parenthesis nesting accepted (real requisites nest two or three deep); checked
#: before parsing, so a hostile expression cannot exhaust the stack of the tree walkers.
MAX_NESTING = 32
#: Longest requisite text accepted (the longest in real catalogs is a few hundred characters).
MAX_LENGTH = 10_000


def _check_shape(text: str) -> None:
    if len(text) > MAX_LENGTH:
        raise RequisiteSyntaxError(
            text, MAX_LENGTH + 1, f"the expression is longer than {MAX_LENGTH:,} characters"
        )
    depth = 0
    for i, ch in enumerate(text):
        if ch == "(":
            depth += 1
            if depth > MAX_NESTING:
                raise RequisiteSyntaxError(
                    text, i + 1, f"parentheses nested more than {MAX_NESTING} deep"
                )
        elif ch == ")":
            depth -= 1


@lru_cache(maxsize=4096)
def parse(text: str) -> Expr | None:
    """Parse a requisite; an empty or blank text means "no requisite" (None).

    Expressions longer than :data:`MAX_LENGTH` or nested deeper than :data:`MAX_NESTING`
    are refused with a positioned :class:`RequisiteSyntaxError`. An expression (immutable)
    is parsed once and kept: a catalog's requisites are parsed again at each load.
    """
    if not text or not text.strip():
        return None
    _check_shape(text)
    try:
        tree = _parser().parse(text)
    except UnexpectedInput as exc:
        column = int(getattr(exc, "column", 0) or 0) or len(text) + 1
        token = getattr(exc, "token", None)
        if isinstance(exc, UnexpectedEOF) or getattr(token, "type", "") == "$END":
            column = len(text.rstrip()) + 1
        raise RequisiteSyntaxError(text, column, _reason(exc, text, column)) from None
    result = _ToAst().transform(tree)
    if isinstance(result, Token):  # a bare token can only come from a malformed input
        raise RequisiteSyntaxError(text, 1, "not a requisite expression")
    return result


def _reason(exc: UnexpectedInput, text: str, column: int) -> str:
    at = text[column - 1 : column + 11].split(" ")[0] if column <= len(text) else ""
    if column > len(text) or not at:
        return "the expression ends too early (a course, comparison or ')' is missing)"
    expected = sorted(getattr(exc, "expected", None) or getattr(exc, "allowed", None) or [])
    names = {
        "RPAR": "')'",
        "LPAR": "'('",
        "_AND": "'and'",
        "_OR": "'or'",
        "_WITH": "'with'",
        "COURSE_CODE": "a course code",
        "NAME": "a name",
        "NUMBER": "a number",
        "OP": "a comparison (>=, <=, >, <, ==, !=)",
        "GRADE": "a letter grade",
        "CRED_ID": "a credential id",
        "_CREDENTIAL": "'credential'",
        "_FLAG": "'flag'",
        "$END": "the end",
    }
    wanted = [names.get(e, e) for e in expected if not e.startswith("__")]
    hint = f"; expected {', '.join(dict.fromkeys(wanted))}" if wanted else ""
    return f"unexpected {at!r}{hint}"


_PRECEDENCE = {AnyOf: 1, AllOf: 2}


def unparse(expr: Expr | None) -> str:
    """Print an expression in the syntax :func:`parse` reads, with minimal parentheses."""
    if expr is None:
        return ""
    return _unparse(expr, 0)


def _unparse(expr: Expr, parent: int) -> str:
    match expr:
        case CourseReq(code, None):
            return code
        case CourseReq(code, grade):
            return f"{code} with {grade}"
        case Comparison(name, op, value):
            number = str(int(value)) if value == int(value) else str(value)
            return f"{name} {op.value} {number}"
        case HasCredential(cred):
            return f"credential {cred}"
        case Flag(name):
            return f"flag {name}"
        case AllOf(items) | AnyOf(items):
            mine = _PRECEDENCE[type(expr)]
            word = " and " if isinstance(expr, AllOf) else " or "
            body = word.join(_unparse(i, mine) for i in items)
            return f"({body})" if mine < parent else body
    raise TypeError(f"not a requisite: {expr!r}")


def walk(expr: Expr | None) -> Iterator[Expr]:
    if expr is None:
        return
    yield expr
    if isinstance(expr, AllOf | AnyOf):
        for item in expr.items:
            yield from walk(item)


def course_codes(expr: Expr | None) -> set[str]:
    """Every course code the expression mentions, as written."""
    return {e.code for e in walk(expr) if isinstance(e, CourseReq)}


def course_refs(expr: Expr | None) -> list[CourseReq]:
    return [e for e in walk(expr) if isinstance(e, CourseReq)]


def mandatory_course_keys(expr: Expr | None) -> set[str]:
    """Course keys needed in every way of satisfying the expression.

    ``A and (B or C)`` needs A always, B or C only sometimes, so this returns {A}.
    """
    match expr:
        case None:
            return set()
        case CourseReq():
            return {expr.key}
        case AllOf(items):
            out: set[str] = set()
            for i in items:
                out |= mandatory_course_keys(i)
            return out
        case AnyOf(items):
            sets = [mandatory_course_keys(i) for i in items]
            return set.intersection(*sets) if sets else set()
    return set()


class Context(Protocol):
    """What an evaluation may ask. Each answer is True, False, or None for "cannot know"."""

    def has_course(self, req: CourseReq) -> bool | None: ...

    def value(self, name: str) -> float | None: ...

    def has_credential(self, credential: str) -> bool | None: ...

    def flag(self, name: str) -> bool | None: ...


def evaluate(expr: Expr | None, ctx: Context) -> bool | None:
    """Kleene three-valued evaluation: False beats unknown in ``and``, True beats it in ``or``."""
    match expr:
        case None:
            return True
        case CourseReq():
            return ctx.has_course(expr)
        case Comparison(name, op, value):
            actual = ctx.value(name)
            return None if actual is None else op.holds(actual, value)
        case HasCredential(cred):
            return ctx.has_credential(cred)
        case Flag(name):
            return ctx.flag(name)
        case AllOf(items):
            results = [evaluate(i, ctx) for i in items]
            if any(r is False for r in results):
                return False
            return True if all(r is True for r in results) else None
        case AnyOf(items):
            results = [evaluate(i, ctx) for i in items]
            if any(r is True for r in results):
                return True
            return False if all(r is False for r in results) else None
    raise TypeError(f"not a requisite: {expr!r}")


def unmet(expr: Expr | None, ctx: Context) -> list[Expr]:
    """The smallest parts of ``expr`` that are false, for a plain-language explanation."""
    if expr is None or evaluate(expr, ctx) is not False:
        return []
    if isinstance(expr, AllOf):
        return [x for i in expr.items for x in unmet(i, ctx)]
    return [expr]
