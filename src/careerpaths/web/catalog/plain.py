"""Plain-language words for families: requisites, terms and codes said the way a parent reads them.

The core keeps requisites as logic (``BIO-168 with B- and credential iowa-cna``); the family map
says "Anatomy I with a B- or better, and the Certified Nurse Aide credential". Every sentence goes
through gettext, so the Spanish page says it in Spanish.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from careerpaths.core.requisites import (
    AllOf,
    AnyOf,
    Comparison,
    CourseReq,
    Expr,
    Flag,
    HasCredential,
    Op,
    course_key,
)
from careerpaths.core.terms import LAST_HIGH_SCHOOL_GRADE, Term


def _join(parts: list[str], word: str) -> str:
    if len(parts) <= 1:
        return "".join(parts)
    return _("%(first)s %(word)s %(last)s") % {
        "first": ", ".join(parts[:-1]),
        "word": word,
        "last": parts[-1],
    }


def _op_words(op: Op, value: str) -> str:
    return {
        Op.GE: _("%(v)s or higher"),
        Op.GT: _("above %(v)s"),
        Op.LE: _("%(v)s or lower"),
        Op.LT: _("below %(v)s"),
        Op.EQ: _("exactly %(v)s"),
        Op.NE: _("other than %(v)s"),
    }[op] % {"v": value}


def _number(value: float) -> str:
    return f"{value:g}"


def _comparison(c: Comparison) -> str:
    value = _op_words(c.op, _number(c.value))
    name = c.name.lower()
    if name == "grade":
        return _("being in grade %(v)s") % {"v": value}
    if name == "gpa":
        return _("a grade point average (GPA) of %(v)s") % {"v": value}
    if name.startswith("placement."):
        subject = name.split(".", 1)[1].replace("_", " ")
        return _("a %(subject)s placement score of %(v)s") % {"subject": subject, "v": value}
    return _("%(name)s of %(v)s") % {"name": name.replace("_", " ").replace(".", " "), "v": value}


def _flag(f: Flag) -> str:
    words = f.name.replace("_", " ").replace(".", " ").replace("-", " ")
    if f.name.startswith("admitted."):
        return _("admission to the %(program)s program") % {"program": words.split(" ", 1)[1]}
    return _("the school's approval (%(what)s)") % {"what": words}


def requisite_words(
    expr: Expr | None, courses: Mapping[str, str], credentials: Mapping[str, str]
) -> str:
    """The requisite as a phrase; ``courses`` maps course keys to titles, ``credentials`` ids to names."""
    if expr is None:
        return ""
    return _words(expr, courses, credentials)


def _words(expr: Expr, courses: Mapping[str, str], credentials: Mapping[str, str]) -> str:
    if isinstance(expr, CourseReq):
        title = courses.get(expr.key) or courses.get(course_key(expr.code)) or _("a listed course")
        if expr.min_grade:
            return _("%(course)s with a %(grade)s or better") % {
                "course": title,
                "grade": expr.min_grade,
            }
        return title
    if isinstance(expr, HasCredential):
        return _("the %(credential)s credential") % {
            "credential": credentials.get(expr.credential) or _("required")
        }
    if isinstance(expr, Comparison):
        return _comparison(expr)
    if isinstance(expr, Flag):
        return _flag(expr)
    if isinstance(expr, AllOf):
        return _join([_words(e, courses, credentials) for e in expr.items], _("and"))
    if isinstance(expr, AnyOf):
        parts = [_words(e, courses, credentials) for e in expr.items]
        return _("either %(choices)s") % {"choices": _join(parts, _("or"))}
    return ""


def term_heading(term: Term) -> str:
    """ "Grade 11 · Spring" in high school, "College year 1 · Fall" after it."""
    season = {"FA": _("Fall"), "SP": _("Spring"), "SU": _("Summer")}[term.season.value]
    if term.in_high_school:
        return _("Grade %(grade)s · %(season)s") % {"grade": term.grade, "season": season}
    return _("College year %(year)s · %(season)s") % {
        "year": term.grade - LAST_HIGH_SCHOOL_GRADE,
        "season": season,
    }


def credits_words(n: float, college: bool) -> str:
    """ "1 high-school credit", "3 college credits" (plural forms per language)."""
    shown = _number(n)
    count = 1 if n == 1 else 2  # 0.5 credits reads as plural in English and Spanish
    if college:
        return ngettext("%(n)s college credit", "%(n)s college credits", count) % {"n": shown}
    return ngettext("%(n)s high-school credit", "%(n)s high-school credits", count) % {"n": shown}


def glossary() -> dict[str, str]:
    """Credential abbreviations families meet on the maps, explained (in the page's language)."""
    return {
        "AAS": _("Associate of Applied Science: a two-year college degree for a career"),
        "ADN": _("Associate Degree in Nursing: the two-year degree for registered nurses"),
        "BSN": _("Bachelor of Science in Nursing: a four-year university degree"),
        "BAS": _("Bachelor of Applied Studies: a four-year degree that builds on an AAS"),
        "LPN": _("Licensed Practical Nurse"),
        "CNA": _("Certified Nursing Assistant"),
        "NCLEX-PN": _("The national licensing exam for practical nurses"),
        "NCLEX-RN": _("The national licensing exam for registered nurses"),
        "CPR": _("Cardiopulmonary resuscitation: emergency first aid for the heart and lungs"),
        "BLS": _("Basic Life Support: CPR training for health workers"),
        "AWS": _("American Welding Society"),
        "CNC": _("Computer numerical control: machines run by computer programs"),
        "CompTIA": _("The Computing Technology Industry Association, which certifies IT skills"),
    }
