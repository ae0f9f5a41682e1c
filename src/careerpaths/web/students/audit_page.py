"""The student audit as a counselor and a family read it.

The core's audit (:mod:`careerpaths.core.student_audit`, stored as JSON by
:mod:`careerpaths.io.audit_json`) stays as it is; this reads it with the region and the
student's attempts and says it in the reader's language:

* a progress bar per requirement block — credits done, in progress (courses under way) and
  still needed, in the credential's unit (high-school credits for the diploma, college
  credits for the rest);
* an at-risk banner with its reasons in plain words: diploma credits short for the
  semesters left, a failed course that a requirement still needs, not yet eligible for a
  course the pathway places in the next terms, behind the pathway's pace;
* what is still needed, with course titles first (the code after them, small), the term
  the pathway places each course in (or when it is next offered, when that term is past)
  and retakes;
* why each credential is listed (an exit of the declared pathway, or what counts toward it),
  met and later credentials folded;
* what the student would hold by the end of grade 12 following the pathway from here
  (:func:`then_view`).

Every sentence goes through gettext; course titles, credential names and requirement labels
are the catalog's own words. Numbers are formatted per locale (es-US groups like en-US).

"Still needed" credits are the fewest that would meet a block: every course of an all-of,
the cheapest remaining choices of an n-of, the credits a credits requirement still lacks.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from careerpaths.core import grades
from careerpaths.core.audit import Status, verdict
from careerpaths.core.audit import audit as run_audit
from careerpaths.core.model import (
    Attempt,
    Course,
    Credential,
    CredentialKind,
    ExitKind,
    Pathway,
    Region,
)
from careerpaths.core.records import (
    attempt_items,
    credit_for,
    grade_reading,
    items_key,
    key_of,
    placement_items,
)
from careerpaths.core.requirements import AllOf, CourseNode, Credits, NOf, Requirement, Selector
from careerpaths.core.requisites import RequisiteSyntaxError, course_key, parse
from careerpaths.core.student_audit import HS_SEMESTERS, FlagCode
from careerpaths.core.terms import LAST_GRADE, LAST_HIGH_SCHOOL_GRADE, Season, Term, TermError
from careerpaths.io.audit_json import node_to_json
from careerpaths.web.catalog.plain import requisite_words
from careerpaths.web.catalog.plain import term_heading as _term_heading

# --------------------------------------------------------------------------- shapes


@dataclass(frozen=True)
class Progress:
    """Credits done, in progress and still needed in one block (or requirements, when a
    course's credits are unknown)."""

    done: float
    in_progress: float
    needed: float
    college: bool
    counted: bool = False  # True: requirements counted, not credits
    text: str = ""  # "27 of 40 high-school credits done · 6 in progress · 7 still needed"

    @property
    def total(self) -> float:
        return self.done + self.in_progress + self.needed

    def _pct(self, value: float) -> str:
        # A string: a float in a template would be localized ("40,5" in Spanish) in SVG.
        return f"{100 * value / self.total:.1f}" if self.total > 0 else "0"

    @property
    def done_pct(self) -> str:
        return self._pct(self.done)

    @property
    def in_progress_pct(self) -> str:
        return self._pct(self.in_progress)

    @property
    def in_progress_x(self) -> str:
        return self._pct(self.done)


@dataclass(frozen=True)
class Need:
    """One thing still needed: a course, some credits, or a choice among courses."""

    kind: str  # "course", "credits" or "choice"
    text: str  # titles first: "Human Anatomy I with a B- or better", "1 more credit"
    code: str = ""  # the course code, shown on demand
    detail: str = ""  # credits: what counts ("from English language arts")
    when: str = ""  # "Grade 12 · Spring" (the map's term, or the next one it is offered)
    late: bool = False  # the map placed it before now
    retake: str = ""  # "failed in Grade 11 · Spring (grade F)"
    options: tuple[Option, ...] = ()  # a choice's courses, or courses that would count


@dataclass(frozen=True)
class Option:
    title: str
    code: str
    when: str = ""


@dataclass(frozen=True)
class Used:
    title: str
    code: str
    grade: str
    when: str
    in_progress: bool


@dataclass(frozen=True)
class Part:
    """A top-level block of a credential's requirements (the diploma's English, ...)."""

    title: str
    status: str  # "met", "in_progress" or "not_met"
    progress: Progress
    needs: tuple[Need, ...]
    used: tuple[Used, ...]


@dataclass(frozen=True)
class Block:
    """A credential (or the diploma) with its progress, parts and why it is listed."""

    id: str
    name: str
    kind: str  # the credential kind in words
    status: str  # "met", "in_progress", "not_met" or "no_tree"
    status_text: str
    why: tuple[str, ...]
    progress: Progress | None
    parts: tuple[Part, ...]
    open: bool  # shown unfolded
    note: str = ""  # a credential without requirements on record: how it is earned
    held: bool = False

    @property
    def needs(self) -> tuple[Need, ...]:
        return tuple(n for p in self.parts for n in p.needs)


@dataclass(frozen=True)
class Reason:
    kind: str  # "diploma", "diploma-pace", "retake", "not-eligible", "pathway-pace", "failed"
    text: str


@dataclass(frozen=True)
class Retake:
    title: str
    code: str
    text: str  # "failed in Grade 11 · Spring (grade F)"
    needed_for: str  # credential names
    when: str  # next offered


@dataclass(frozen=True)
class NextCourse:
    title: str
    code: str
    when: str
    eligible: bool | None
    text: str  # "Yes", "Not yet: needs Human Anatomy I", "To check at enrollment"
    free: bool  # a college course in high school
    needs: str = ""  # what is missing, in words (not eligible only)


@dataclass(frozen=True)
class AuditView:
    now: str
    at_risk: bool
    headline: str
    reasons: tuple[Reason, ...]
    notes: tuple[str, ...]
    retakes: tuple[Retake, ...]
    diploma: Block | None
    credentials: tuple[Block, ...]
    next_courses: tuple[NextCourse, ...]
    flags: tuple[str, ...] = field(default=())  # the flag codes (labels in the template)
    college_credits: str = "0"
    dual_credits: str = "0"
    hs_credits: str = "0"
    then: Then | None = None

    @property
    def diploma_needs(self) -> tuple[Need, ...]:
        return self.diploma.needs if self.diploma is not None else ()

    @property
    def next_credential(self) -> Block | None:
        """The nearest credential of the pathway not earned yet (shown unfolded)."""
        return next((b for b in self.credentials if b.open), None)


@dataclass(frozen=True)
class Then:
    """What the student would hold by the end of high school and at the pathway's end if they
    followed the declared pathway's remaining terms (see :func:`then_view`)."""

    diploma: str  # "met", "not_met" or "" (no diploma on record)
    diploma_short: str  # "7 high-school credits would still be missing" or ""
    by_graduation: tuple[str, ...]  # credential names earned by the end of grade 12
    by_end: tuple[str, ...]  # and by the pathway's last term
    college_credits: float  # college credits in high school by graduation, if followed
    college_credits_text: str


# --------------------------------------------------------------------------- words

_HEADINGS: dict[tuple[str, Term], str] = {}


def term_heading(term: Term) -> str:
    """ "Grade 12 · Spring" in the active language (remembered: a page says hundreds)."""
    key = (get_language() or "", term)
    got = _HEADINGS.get(key)
    if got is None:
        if len(_HEADINGS) > 1000:
            _HEADINGS.clear()
        got = _HEADINGS[key] = _term_heading(term)
    return got


def number(value: float) -> str:
    """A credit count as families in the United States read it, in English and Spanish
    alike: 7, 2.5, 1,200 (es-US groups and points like en-US; Spain's "2,5" is not used).
    Written out rather than through babel: a page formats hundreds of them."""
    text = f"{round(value, 2):,.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def _credits(value: float, college: bool) -> str:
    n = number(value)
    count = 1 if value == 1 else 2
    if college:
        return ngettext("%(n)s college credit", "%(n)s college credits", count) % {"n": n}
    return ngettext("%(n)s high-school credit", "%(n)s high-school credits", count) % {"n": n}


def _more_credits(value: float, college: bool) -> str:
    n = number(value)
    count = 1 if value == 1 else 2
    if college:
        return ngettext("%(n)s more college credit", "%(n)s more college credits", count) % {"n": n}
    return ngettext("%(n)s more high-school credit", "%(n)s more high-school credits", count) % {
        "n": n
    }


def _requirements(value: float) -> str:
    n = round(value)
    return ngettext("%(n)s requirement", "%(n)s requirements", n) % {"n": n}


AREAS = {
    "ELA": lambda: _("English language arts"),
    "MATH": lambda: _("mathematics"),
    "SCI": lambda: _("science"),
    "SS": lambda: _("social studies"),
    "HPE": lambda: _("physical education and health"),
    "PE": lambda: _("physical education"),
    "HLT": lambda: _("health"),
    "CTE": lambda: _("career and technical education"),
    "ART": lambda: _("fine arts"),
    "FA": lambda: _("fine arts"),
    "WL": lambda: _("world languages"),
}


def area_name(area: str) -> str:
    got = AREAS.get(area.upper())
    return got() if got else area


def _or(parts: Sequence[str]) -> str:
    if len(parts) <= 1:
        return "".join(parts)
    return _("%(first)s or %(last)s") % {"first": ", ".join(parts[:-1]), "last": parts[-1]}


def _and(parts: Sequence[str]) -> str:
    if len(parts) <= 1:
        return "".join(parts)
    return _("%(first)s and %(last)s") % {"first": ", ".join(parts[:-1]), "last": parts[-1]}


def _term_words(term_id: str | None) -> str:
    if not term_id:
        return ""
    try:
        return term_heading(Term.parse(term_id))
    except TermError:
        return term_id


def _selector_words(select: Selector, titles: Mapping[str, str]) -> str:
    parts: list[str] = []
    if select.areas:
        parts.append(_or([area_name(a) for a in select.areas]))
    if select.courses:
        parts.append(_or([titles.get(course_key(c), c) for c in select.courses]))
    if select.tags:
        parts.append(
            _("courses tagged %(tags)s") % {"tags": _or([t.replace("-", " ") for t in select.tags])}
        )
    if select.patterns:
        if select.is_catch_all:
            parts.append(_("any course"))
        else:
            parts.append(_("courses numbered %(patterns)s") % {"patterns": _or(select.patterns)})
    text = _or(parts) or _("any course")
    if select.level == "postsecondary":
        text = _("%(what)s (college courses only)") % {"what": text}
    elif select.level == "secondary":
        text = _("%(what)s (high-school courses only)") % {"what": text}
    return text


# --------------------------------------------------------------------------- the reading


@dataclass
class _Tally:
    done: float = 0.0
    in_progress: float = 0.0
    needed: float = 0.0
    # the same in requirements (leaves), for blocks whose courses' credits are unknown
    n_done: int = 0
    n_in_progress: int = 0
    n_needed: int = 0
    known: bool = True

    def add(self, other: _Tally) -> None:
        self.done += other.done
        self.in_progress += other.in_progress
        self.needed += other.needed
        self.n_done += other.n_done
        self.n_in_progress += other.n_in_progress
        self.n_needed += other.n_needed
        self.known = self.known and other.known


def _attempts(rows: Sequence[Sequence[Any]]) -> tuple[Attempt, ...]:
    """The stored attempt rows (``Student.attempts``) as the core's attempts."""
    out = []
    for a in rows:
        try:
            term = Term.parse(str(a[1]))
        except TermError:
            continue
        out.append(Attempt(str(a[0]), term, a[2], float(a[3] or 0), bool(a[4])))
    return tuple(out)


def _failed(grade: str | None) -> bool:
    g = grades.normalize(grade)
    return g not in (None, grades.IN_PROGRESS, "W") and not grades.is_passing(g)


class _Reader:
    """The student's record and the region, looked up for one page."""

    def __init__(
        self,
        region: Region,
        pathway: Pathway | None,
        attempts: Sequence[Attempt],
        grade_level: int,
    ) -> None:
        self.region = region
        self.courses = region.courses
        self.pathway = pathway
        self.titles = {k: c.title for k, c in region.courses.items()}
        ip = [a.term for a in attempts if grade_reading(a.grade)[0]]
        self.under_way = bool(ip)
        self.now = max(ip) if ip else Term.of(min(max(grade_level, 9), 14), Season.FALL)
        # the first term still ahead (after the one under way; past grade 14: none is)
        self.next_term: Term = (_following(self.now) if self.under_way else self.now) or Term(
            LAST_GRADE + 1, 0
        )
        self.passed: set[str] = set()
        self.in_progress: set[str] = set()
        self.failed: dict[str, list[Attempt]] = {}
        self.low: dict[str, list[Attempt]] = {}  # passed attempts, by course
        for a in attempts:
            key = key_of(a.course)
            in_progress, _grade, passing = grade_reading(a.grade)
            if in_progress:
                self.in_progress.add(key)
            elif passing:
                self.passed.add(key)
                self.low.setdefault(key, []).append(a)
            elif _failed(a.grade):
                self.failed.setdefault(key, []).append(a)
        self.taken = self.passed | self.in_progress
        self.held: frozenset[str] = frozenset()
        self._tallies: dict[tuple[int, int], tuple[Mapping[str, Any], _Tally]] = {}
        self._course_needs: dict[tuple[str, str | None], Need] = {}
        # The map's term for each course (and its alternatives), the earliest if placed twice.
        self.placed: dict[str, Term] = {}
        self.placements = sorted(pathway.placements, key=lambda p: p.term) if pathway else []
        for p in self.placements:
            for key in (p.key, *(course_key(a) for a in p.alternatives)):
                self.placed.setdefault(key, p.term)
        # the map's courses still ahead: from the next term on, not passed or under way
        self.ahead = [
            (p, course)
            for p in self.placements
            if p.term >= self.next_term
            and p.key not in self.taken
            and (course := self.courses.get(p.key)) is not None
        ]

    def title(self, code: str) -> str:
        return self.titles.get(course_key(code)) or code

    def next_offered(self, course: Course | None) -> Term | None:
        """The first term from the next one in which ``course`` is offered (in its grades)."""
        if course is None:
            return None
        term: Term | None = self.next_term
        last = LAST_GRADE if course.is_college else LAST_HIGH_SCHOOL_GRADE
        while term is not None and term.grade <= last:
            if (
                term.season in course.terms_offered
                and (course.grade_min is None or term.grade >= course.grade_min)
                and (course.grade_max is None or term.grade <= course.grade_max)
            ):
                return term
            term = _following(term)
        return None

    def when(self, key: str) -> tuple[str, bool]:
        """When a course is taken: the map's term, or — when that term is past or the course
        is not on the map — the next term it is offered. ``(words, late)``."""
        placed = self.placed.get(key)
        if placed is not None and placed >= self.next_term:
            return term_heading(placed), False
        nxt = self.next_offered(self.courses.get(key))
        if placed is not None:
            if nxt is None:
                return _("planned for %(term)s") % {"term": term_heading(placed)}, True
            return _("next offered %(term)s") % {"term": term_heading(nxt)}, True
        if nxt is None:
            return "", False
        return _("next offered %(term)s") % {"term": term_heading(nxt)}, False

    def retake(self, key: str, min_grade: str | None) -> str:
        """Why a course must be taken again, or "" (not failed, or passed or under way since)."""
        if key in self.in_progress:
            return ""
        if key not in self.passed and key in self.failed:
            last = max(self.failed[key], key=lambda a: a.term)
            return _("failed in %(term)s (grade %(grade)s)") % {
                "grade": grades.normalize(last.grade) or "",
                "term": term_heading(last.term),
            }
        if min_grade and key in self.low:
            best = self.low[key]
            if not any(grades.meets_minimum(a.grade, min_grade) for a in best):
                last = max(best, key=lambda a: a.term)
                return _("grade %(grade)s in %(term)s; needs %(minimum)s or better") % {
                    "grade": grades.normalize(last.grade) or "",
                    "term": term_heading(last.term),
                    "minimum": min_grade,
                }
        return ""

    # -- a credential's tree, node by node (the JSON result beside the region's tree)

    def tally(self, node: Mapping[str, Any], req: Requirement | None, cred: Credential) -> _Tally:
        """Credits done, under way and still needed in a node (remembered per node: a block,
        its parts and their needs ask for the same nodes)."""
        key = (id(node), id(cred))
        hit = self._tallies.get(key)
        if hit is not None and hit[0] is node:
            return hit[1]
        got = self._tally(node, req, cred)
        self._tallies[key] = (node, got)
        return got

    def _tally(self, node: Mapping[str, Any], req: Requirement | None, cred: Credential) -> _Tally:
        applied = node.get("applied") or []
        if isinstance(req, CourseNode) or node.get("kind") == "course":
            course = (
                self.courses.get(course_key(req.course)) if isinstance(req, CourseNode) else None
            )
            catalog = credit_for(cred, course) if course is not None else 0.0
            if node.get("met"):
                credits = sum(float(a.get("credits") or 0) for a in applied) or catalog
                under_way = any(a.get("in_progress") for a in applied)
                return _Tally(
                    0.0 if under_way else credits,
                    credits if under_way else 0.0,
                    0.0,
                    0 if under_way else 1,
                    1 if under_way else 0,
                    0,
                    credits > 0,
                )
            return _Tally(0.0, 0.0, catalog, 0, 0, 1, catalog > 0)
        if isinstance(req, Credits) or node.get("kind") == "credits":
            required = float(req.credits if isinstance(req, Credits) else node.get("required") or 0)
            done = sum(float(a.get("credits") or 0) for a in applied if not a.get("in_progress"))
            ip = sum(float(a.get("credits") or 0) for a in applied if a.get("in_progress"))
            done = min(done, required)
            ip = min(ip, required - done)
            needed = max(0.0, required - done - ip)
            if needed > 1e-9:
                counts = (0, 0, 1)
            elif ip > 1e-9:
                counts = (0, 1, 0)
            else:
                counts = (1, 0, 0)
            return _Tally(round(done, 2), round(ip, 2), round(needed, 2), *counts)
        kids = list(node.get("children") or [])
        reqs: list[Requirement | None] = (
            list(req.children) if isinstance(req, AllOf | NOf) else [None] * len(kids)
        )
        if len(reqs) != len(kids):
            reqs = [None] * len(kids)
        tallies = [self.tally(k, r, cred) for k, r in zip(kids, reqs, strict=True)]
        total = _Tally()
        if isinstance(req, NOf) or node.get("kind") == "n_of":
            n = req.n if isinstance(req, NOf) else int(node.get("required") or 0)
            # the met children first (finished before under way), then the cheapest others
            met = sorted(
                (k for k, t in enumerate(tallies) if t.needed <= 1e-9 and t.n_needed == 0),
                key=lambda k: tallies[k].in_progress,
            )[:n]
            rest = sorted(
                (k for k in range(len(tallies)) if k not in met),
                key=lambda k: (tallies[k].needed, tallies[k].n_needed),
            )
            for k in met + rest[: max(0, n - len(met))]:
                total.add(tallies[k])
            return total
        for t in tallies:
            total.add(t)
        return total

    def needs(
        self, node: Mapping[str, Any], req: Requirement | None, cred: Credential
    ) -> list[Need]:
        """What an unmet node still needs, in words."""
        if node.get("met"):
            return []
        college = cred.kind is not CredentialKind.HS_DIPLOMA
        if isinstance(req, CourseNode):
            return [self._course_need(req)]
        if isinstance(req, Credits):
            t = self.tally(node, req, cred)
            return [
                Need(
                    "credits",
                    _more_credits(t.needed, college),
                    detail=_("from %(what)s") % {"what": _selector_words(req.select, self.titles)},
                    options=self._suggestions(req.select, node, high_school=not college),
                )
            ]
        if isinstance(req, NOf):
            kids = list(node.get("children") or [])
            met = sum(1 for k in kids if k.get("met"))
            more = max(0, req.n - met)
            options = []
            for k, r in zip(kids, req.children, strict=False):
                if k.get("met"):
                    continue
                if isinstance(r, CourseNode):
                    when, _late = self.when(course_key(r.course))
                    options.append(Option(self._course_words(r), r.course, when))
                else:
                    options.append(Option(self.describe(r), ""))
            return [
                Need(
                    "choice",
                    ngettext("%(n)s more of these:", "%(n)s more of these:", more) % {"n": more},
                    options=tuple(options),
                )
            ]
        if isinstance(req, AllOf):
            out: list[Need] = []
            for k, r in zip(node.get("children") or [], req.children, strict=False):
                out.extend(self.needs(k, r, cred))
            return out
        # no tree from the region (should not happen): the core's own words
        return [Need("course", str(node.get("remaining") or node.get("description") or ""))]

    def _course_words(self, req: CourseNode) -> str:
        title = self.title(req.course)
        if req.min_grade:
            return _("%(course)s with a %(grade)s or better") % {
                "course": title,
                "grade": req.min_grade,
            }
        return title

    def _course_need(self, req: CourseNode) -> Need:
        got = self._course_needs.get((req.course, req.min_grade))
        if got is None:
            got = self._course_needs[(req.course, req.min_grade)] = self._make_course_need(req)
        return got

    def _make_course_need(self, req: CourseNode) -> Need:
        key = course_key(req.course)
        when, late = self.when(key)
        return Need(
            "course",
            self._course_words(req),
            code=req.course,
            when=when,
            late=late,
            retake=self.retake(key, req.min_grade),
        )

    def _suggestions(
        self, select: Selector, node: Mapping[str, Any], *, high_school: bool
    ) -> tuple[Option, ...]:
        """Up to three courses of the map, not taken yet, from the next term on, that count
        (in high school only, for the diploma)."""
        used = {course_key(str(a.get("course"))) for a in node.get("applied") or []}
        out: list[Option] = []
        seen: set[str] = set()
        for p, course in self.ahead:
            if p.key in used or p.key in seen or (high_school and not p.term.in_high_school):
                continue
            if not select.matches(course.facts):
                continue
            seen.add(p.key)
            out.append(Option(course.title, course.code, term_heading(p.term)))
            if len(out) == 3:
                break
        return tuple(out)

    def describe(self, req: Requirement) -> str:
        """A requirement in words: its label, else what it asks for (titles first)."""
        if req.label:
            return req.label
        if isinstance(req, CourseNode):
            return self._course_words(req)
        if isinstance(req, Credits):
            return _("%(credits)s from %(what)s") % {
                "credits": number(req.credits),
                "what": _selector_words(req.select, self.titles),
            }
        if isinstance(req, AllOf):
            return ngettext(
                "All of %(n)s requirement", "All of %(n)s requirements", len(req.children)
            ) % {"n": len(req.children)}
        return ngettext(
            "%(n)s of %(m)s requirement", "%(n)s of %(m)s requirements", len(req.children)
        ) % {"n": req.n, "m": len(req.children)}

    def used(self, node: Mapping[str, Any]) -> tuple[Used, ...]:
        out = []
        seen: set[tuple[str, str]] = set()
        for a in node.get("applied") or []:
            code = str(a.get("course") or "")
            term = str(a.get("term") or "")
            if (code, term) in seen:
                continue
            seen.add((code, term))
            ip = bool(a.get("in_progress"))
            out.append(
                Used(
                    self.title(code),
                    code,
                    "" if ip else str(a.get("grade") or ""),
                    _term_words(term),
                    ip,
                )
            )
        return tuple(out)


def _following(term: Term) -> Term | None:
    """The next fall or spring term (summers are optional terms: skipped)."""
    if term.season is Season.FALL:
        return Term.of(term.grade, Season.SPRING)
    if term.grade >= 14:
        return None
    return Term.of(term.grade + 1, Season.FALL)


def _status(node: Mapping[str, Any], tally: _Tally) -> str:
    if not node.get("met"):
        return "not_met"
    return "in_progress" if tally.in_progress > 1e-9 or tally.n_in_progress else "met"


def _progress(t: _Tally, college: bool) -> Progress:
    counted = not t.known or (t.done + t.in_progress + t.needed) <= 0
    if counted:
        p = Progress(float(t.n_done), float(t.n_in_progress), float(t.n_needed), college, True)
        total_words = _requirements(p.total)
    else:
        p = Progress(round(t.done, 2), round(t.in_progress, 2), round(t.needed, 2), college)
        total_words = _credits(p.total, college)
    bits = [_("%(done)s of %(total)s done") % {"done": number(p.done), "total": total_words}]
    if p.in_progress:
        bits.append(_("%(n)s in progress") % {"n": number(p.in_progress)})
    if p.needed:
        bits.append(_("%(n)s still needed") % {"n": number(p.needed)})
    return Progress(p.done, p.in_progress, p.needed, college, counted, " · ".join(bits))


def _parts(
    reader: _Reader, tree: Mapping[str, Any], root: Requirement | None, cred: Credential
) -> tuple[Part, ...]:
    college = cred.kind is not CredentialKind.HS_DIPLOMA
    kids = list(tree.get("children") or [])
    if isinstance(root, AllOf) and len(root.children) == len(kids) and kids:
        pairs: list[tuple[Mapping[str, Any], Requirement | None]] = list(
            zip(kids, root.children, strict=True)
        )
    else:
        pairs = [(tree, root)]
    out = []
    for node, req in pairs:
        t = reader.tally(node, req, cred)
        title = reader.describe(req) if req is not None else str(node.get("description") or "")
        out.append(
            Part(
                title,
                _status(node, t),
                _progress(t, college),
                tuple(reader.needs(node, req, cred)),
                reader.used(node),
            )
        )
    return tuple(out)


STATUS_WORDS = {
    "met": lambda: _("Earned"),
    "in_progress": lambda: _("Will be earned once the courses under way are passed"),
    "not_met": lambda: _("Not yet"),
    "no_tree": lambda: _("Requirements not on record here"),
}
DIPLOMA_STATUS_WORDS = {
    "met": lambda: _("All requirements met"),
    "in_progress": lambda: _("Met once the courses under way are passed"),
    "not_met": lambda: _("Not met yet"),
    "no_tree": lambda: _("Requirements not on record here"),
}


def _block(
    reader: _Reader,
    result: Mapping[str, Any],
    cred: Credential | None,
    *,
    why: tuple[str, ...] = (),
    diploma: bool = False,
    held: bool = False,
) -> Block:
    from careerpaths.web.catalog.templatetags.catalog_labels import credential_kind

    name = str(result.get("name") or (cred.name if cred else ""))
    kind = credential_kind(cred.kind.value) if cred is not None else ""
    tree = result.get("tree")
    words = DIPLOMA_STATUS_WORDS if diploma else STATUS_WORDS
    if cred is None or not tree:
        note = ""
        if cred is not None and cred.exam:
            note = _("Earned by passing an exam: %(exam)s.") % {"exam": cred.exam}
        elif cred is not None and cred.kind is CredentialKind.BACHELOR:
            note = _(
                "Earned at a university after transfer: its requirements are the university's."
            )
        else:
            note = _("Ask the issuer how it is earned.")
        status = "met" if held else "no_tree"
        return Block(
            str(result.get("credential") or ""),
            name,
            kind,
            status,
            _("Already held") if held else words[status](),
            why,
            None,
            (),
            False,
            note,
            held,
        )
    root = cred.requirements
    t = reader.tally(tree, root, cred)
    status = _status(tree, t)
    college = cred.kind is not CredentialKind.HS_DIPLOMA
    return Block(
        cred.id,
        name,
        kind,
        "met" if held else status,
        _("Already held") if held else words[status](),
        why,
        _progress(t, college),
        _parts(reader, tree, root, cred),
        False,
        held=held,
    )


def _why(region: Region, pathway: Pathway, listed: Sequence[str]) -> dict[str, tuple[str, ...]]:
    """Why each of the pathway's credentials is listed."""
    out: dict[str, list[str]] = {c: [] for c in listed}
    for e in pathway.exits:
        if e.credential not in out:
            continue
        if e.kind is ExitKind.TRANSFER:
            text = _("An exit of this pathway: earned at a university after transfer.")
        elif e.kind is ExitKind.MILESTONE:
            text = _("A milestone of this pathway, %(term)s.") % {"term": term_heading(e.term)}
        else:
            text = _("An exit of this pathway, %(term)s: the student can leave here and work.") % {
                "term": term_heading(e.term)
            }
        out[e.credential].append(text)
    for cid in listed:
        below = [
            region.credentials[o].name
            for o in listed
            if o != cid and o in region.credentials and cid in region.credentials[o].stacks_into
        ]
        if below:
            out[cid].append(
                _("Listed because %(names)s counts toward it.") % {"names": _and(below)}
                if len(below) == 1
                else _("Listed because %(names)s count toward it.") % {"names": _and(below)}
            )
    return {k: tuple(v) for k, v in out.items()}


# --------------------------------------------------------------------------- the page


def audit_view(
    *,
    audit: Mapping[str, Any],
    region: Region,
    attempt_rows: Sequence[Sequence[Any]],
    held: Iterable[str] = (),
    with_then: bool = True,
) -> AuditView:
    """The audit page's content in the reader's language (call with the language active)."""
    pathway = region.pathways.get(str(audit.get("pathway") or "")) if audit.get("pathway") else None
    attempts = _attempts(attempt_rows)
    reader = _Reader(region, pathway, attempts, int(audit.get("grade_level") or 9))
    held_set = frozenset(held)
    reader.held = held_set
    flags = tuple(str(f.get("code")) for f in audit.get("flags") or [])

    diploma = None
    diploma_cred = None
    if audit.get("diploma"):
        diploma_cred = region.credentials.get(str(audit["diploma"].get("credential")))
        diploma = _block(reader, audit["diploma"], diploma_cred, diploma=True)
        diploma = _with_open(diploma, diploma.status != "met")

    listed = [str(r.get("credential")) for r in audit.get("credentials") or []]
    whys = _why(region, pathway, listed) if pathway is not None else {}
    blocks = []
    opened = False
    for r in audit.get("credentials") or []:
        cid = str(r.get("credential"))
        b = _block(
            reader, r, region.credentials.get(cid), why=whys.get(cid, ()), held=cid in held_set
        )
        # The nearest credential not earned yet is unfolded; met ones and later ones folded.
        show = not opened and b.status not in ("met", "no_tree")
        opened = opened or show
        blocks.append(_with_open(b, show))

    next_courses = tuple(_next_course(reader, s) for s in audit.get("next_courses") or [])
    retakes = _retakes(reader, diploma, blocks)
    reasons = _reasons(reader, audit, diploma, diploma_cred, retakes, next_courses, flags, pathway)
    notes = _notes(reader, audit, flags)
    diploma_reason = any(r.kind == "diploma" for r in reasons)
    if diploma_reason:
        headline = _("At risk of not graduating on time")
    elif reasons:
        headline = _("Off track: needs attention")
    else:
        headline = _("On track")
    return AuditView(
        now=term_heading(reader.now),
        at_risk=bool(reasons),
        headline=headline,
        reasons=tuple(reasons),
        notes=tuple(notes),
        retakes=tuple(retakes),
        diploma=diploma,
        credentials=tuple(blocks),
        next_courses=next_courses,
        flags=flags,
        college_credits=number(float(audit.get("college_credits") or 0)),
        dual_credits=number(float(audit.get("dual_credits") or 0)),
        hs_credits=number(float(audit.get("hs_credits") or 0)),
        then=then_view(reader, audit, region, attempts, diploma_cred) if with_then else None,
    )


def _with_open(b: Block, show: bool) -> Block:
    return replace(b, open=show)


def _next_course(reader: _Reader, s: Mapping[str, Any]) -> NextCourse:
    code = str(s.get("course") or "")
    course = reader.courses.get(course_key(code))
    term_id = str(s.get("term") or "")
    try:
        term: Term | None = Term.parse(term_id)
    except TermError:
        term = None
    eligible = s.get("eligible")
    needs = ""
    if eligible is True:
        text = _("Yes")
    elif eligible is None:
        text = _("To check at enrollment")
    else:
        needs = _reason_words(reader, str(s.get("reason")))
        text = _("Not yet: needs %(what)s") % {"what": needs}
    return NextCourse(
        title=str(s.get("title") or reader.title(code)),
        code=code,
        when=term_heading(term) if term else term_id,
        eligible=eligible if isinstance(eligible, bool) else None,
        text=text,
        free=bool(course and course.is_college and term and term.in_high_school),
        needs=needs,
    )


def _reason_words(reader: _Reader, reason: str) -> str:
    """The core's "needs X; Y" (requisites in their syntax) said in words with titles."""
    body = reason[len("needs ") :] if reason.startswith("needs ") else reason
    names = {k: c.name for k, c in reader.region.credentials.items()}
    out = []
    for part in body.split("; "):
        try:
            expr = parse(part)
        except RequisiteSyntaxError:
            out.append(part)
            continue
        out.append(requisite_words(expr, reader.titles, names) or part)
    return _and(out)


def _retakes(reader: _Reader, diploma: Block | None, blocks: Sequence[Block]) -> list[Retake]:
    """Courses to take again: a requirement still needs them (failed, or a grade too low)."""
    found: dict[str, tuple[Need, list[str]]] = {}
    for b in ([diploma] if diploma else []) + list(blocks):
        if b.held:
            continue
        for n in b.needs:
            if n.kind != "course" or not n.code or not n.retake:
                continue
            got = found.setdefault(course_key(n.code), (n, []))
            if b.name not in got[1]:
                got[1].append(b.name)
    out = []
    for key, (need, names) in found.items():
        nxt = reader.next_offered(reader.courses.get(key))
        out.append(
            Retake(
                reader.title(need.code),
                need.code,
                need.retake,
                _and(names),
                term_heading(nxt) if nxt else "",
            )
        )
    return out


def _semesters_left(reader: _Reader) -> int:
    """High-school fall and spring terms left: from the next term (after the one under way)."""
    term: Term | None = reader.next_term
    n = 0
    while term is not None and term.grade <= LAST_HIGH_SCHOOL_GRADE:
        n += 1
        term = _following(term)
    return n


def _reasons(
    reader: _Reader,
    audit: Mapping[str, Any],
    diploma: Block | None,
    diploma_cred: Credential | None,
    retakes: Sequence[Retake],
    next_courses: Sequence[NextCourse],
    flags: Sequence[str],
    pathway: Pathway | None,
) -> list[Reason]:
    out: list[Reason] = []
    # The diploma: more credits still needed than the semesters left hold at the usual pace.
    if (
        diploma is not None
        and diploma_cred is not None
        and diploma.progress is not None
        and diploma.status == "not_met"
        and not diploma.progress.counted
    ):
        needed = diploma.progress.needed
        left = _semesters_left(reader)
        total = diploma_cred.total_credits or diploma.progress.total
        pace = total / HS_SEMESTERS if total else 0.0
        if needed > 1e-9 and (left == 0 or needed > left * pace + 1e-9):
            if left == 0:
                text = _(
                    "%(credits)s still needed for the diploma beyond the courses under way, "
                    "and no high-school semester is left."
                ) % {"credits": _credits(needed, False)}
            else:
                text = ngettext(
                    "%(credits)s still needed for the diploma beyond the courses under way, "
                    "with %(n)s semester left: more than a usual semester earns (about %(pace)s).",
                    "%(credits)s still needed for the diploma beyond the courses under way, "
                    "with %(n)s semesters left: more than usual semesters earn (about %(pace)s "
                    "each).",
                    left,
                ) % {"credits": _credits(needed, False), "n": left, "pace": number(pace)}
            out.append(Reason("diploma", text))
    if FlagCode.OFF_TRACK_DIPLOMA.value in flags and diploma_cred is not None:
        total = diploma_cred.total_credits or 0.0
        done = max(
            0,
            min(
                HS_SEMESTERS,
                (reader.now.grade - 9) * 2 + (1 if reader.now.season is not Season.FALL else 0),
            ),
        )
        expected = total * done / HS_SEMESTERS
        if not any(r.kind == "diploma" for r in out):
            out.append(
                Reason(
                    "diploma-pace",
                    ngettext(
                        "Behind on diploma credits: %(have)s after %(n)s semester; "
                        "about %(expected)s expected by now.",
                        "Behind on diploma credits: %(have)s after %(n)s semesters; "
                        "about %(expected)s expected by now.",
                        done,
                    )
                    % {
                        "have": _credits(float(audit.get("hs_credits") or 0), False),
                        "n": done,
                        "expected": number(round(expected, 1)),
                    },
                )
            )
    for r in retakes:
        out.append(
            Reason(
                "retake",
                _("Retake %(course)s: %(what)s. Needed for %(for)s.")
                % {"course": r.title, "what": r.text, "for": r.needed_for},
            )
        )
    retaken = {course_key(r.code) for r in retakes}
    for key, tries in sorted(reader.failed.items()):
        course = reader.courses.get(key)
        if key in retaken or key in reader.taken or course is None or not course.is_college:
            continue
        last = max(tries, key=lambda a: a.term)
        out.append(
            Reason(
                "failed",
                _(
                    "Failed the college course %(course)s (%(grade)s, %(term)s): "
                    "it stays on the college transcript."
                )
                % {
                    "course": course.title,
                    "grade": grades.normalize(last.grade) or "",
                    "term": term_heading(last.term),
                },
            )
        )
    for c in next_courses:
        if c.eligible is False:
            template = (
                _(
                    "Not yet eligible for the free college course %(course)s (%(term)s): "
                    "needs %(what)s."
                )
                if c.free
                else _("Not yet eligible for %(course)s (%(term)s): needs %(what)s.")
            )
            out.append(
                Reason(
                    "not-eligible", template % {"course": c.title, "term": c.when, "what": c.needs}
                )
            )
    if FlagCode.OFF_TRACK_PATHWAY.value in flags and pathway is not None:
        # the core's rule (student_audit._pathway_pace_flags): high-school placements before
        # now, neither the course nor one of its alternatives passed or under way
        missing = [
            p
            for p in reader.placements
            if p.term < reader.now
            and p.term.in_high_school
            and p.key not in reader.taken
            and reader.taken.isdisjoint(course_key(a) for a in p.alternatives)
        ]
        titles = [reader.title(p.course) for p in missing]
        shown = titles[:5]
        listing = (
            _and(shown)
            if len(titles) <= 5
            else _("%(first)s and %(n)s more")
            % {
                "first": ", ".join(shown),
                "n": len(titles) - 5,
            }
        )
        out.append(
            Reason(
                "pathway-pace",
                ngettext(
                    "Behind the pathway's plan: %(n)s course the map places earlier is not "
                    "taken yet (%(courses)s).",
                    "Behind the pathway's plan: %(n)s courses the map places earlier are not "
                    "taken yet (%(courses)s).",
                    len(missing),
                )
                % {"n": len(missing), "courses": listing},
            )
        )
    return out


def _notes(reader: _Reader, audit: Mapping[str, Any], flags: Sequence[str]) -> list[str]:
    out = []
    if FlagCode.NO_PATHWAY.value in flags:
        out.append(_("No pathway chosen yet: this audit covers the diploma only."))
    if audit.get("random_acts"):
        out.append(
            _("College credit that counts toward no credential in the region: %(courses)s.")
            % {"courses": _and([reader.title(c) for c in audit["random_acts"]])}
        )
    if audit.get("off_pathway"):
        out.append(
            _("College credit outside the student's pathway: %(courses)s.")
            % {"courses": _and([reader.title(c) for c in audit["off_pathway"]])}
        )
    return out


# --------------------------------------------------------------------------- on track then


def then_view(
    reader: _Reader,
    audit: Mapping[str, Any],
    region: Region,
    attempts: Sequence[Attempt],
    diploma_cred: Credential | None,
) -> Then | None:
    """What the student would hold if they took the declared pathway's remaining courses
    (those placed from the next term on, not passed or under way) and passed the courses
    under way: by the end of high school, and by the pathway's last term.

    Courses the map placed before now and the student did not take stay missing: following
    the map from here does not make them up (the retakes and "still needed" lists do).
    Planned courses meet any minimum grade, as the core's audit of a plan assumes.
    """
    pathway = reader.pathway
    if pathway is None:
        return None
    settings = region.settings
    exclusive = settings.exclusive_within_credential
    ahead = [
        p
        for p in reader.placements
        if p.term >= reader.next_term
        and p.key not in reader.taken
        and reader.taken.isdisjoint(course_key(a) for a in p.alternatives)
    ]
    last_hs = Term.of(LAST_HIGH_SCHOOL_GRADE, Season.SUMMER)

    made: dict[tuple[object, Term | None], list[Any]] = {}

    def items(cred: Credential, until: Term | None) -> list[Any]:
        key = (items_key(cred), until)  # a credential's items depend on its unit alone
        got = made.get(key)
        if got is None:
            done = attempt_items(attempts, region.courses, cred)
            planned = placement_items(ahead, region.courses, cred, until=until)
            # the planned items numbered after the attempts (an item's id is its identity)
            got = made[key] = done + [replace(i, id=len(done) + k) for k, i in enumerate(planned)]
        return got

    def earned(cred: Credential, until: Term | None) -> bool:
        if cred.id in reader.held:
            return True
        if cred.requirements is None:
            return False
        got = verdict(cred.requirements, items(cred, until), exclusive=exclusive)
        return got is not Status.NOT_MET

    diploma = ""
    short = ""
    if diploma_cred is not None and diploma_cred.requirements is not None:
        result = run_audit(
            diploma_cred.id,
            diploma_cred.name,
            diploma_cred.requirements,
            items(diploma_cred, last_hs),
            exclusive=exclusive,
        )
        diploma = "not_met" if result.status is Status.NOT_MET else "met"
        if diploma == "not_met" and result.root is not None:
            tree = node_to_json(result.root)
            needed = reader.tally(tree, diploma_cred.requirements, diploma_cred).needed
            if needed > 1e-9:
                short = _("%(credits)s would still be missing.") % {
                    "credits": _credits(needed, False)
                }
    by_graduation: list[str] = []
    by_end: list[str] = []
    for r in audit.get("credentials") or []:
        cred = region.credentials.get(str(r.get("credential")))
        if cred is None:
            continue
        # more courses only add candidates: not earned with all of them, not by grade 12
        if not earned(cred, None):
            continue
        (by_graduation if earned(cred, last_hs) else by_end).append(cred.name)
    hours = float(audit.get("college_credits") or 0)
    for p in ahead:
        course = region.courses.get(p.key)
        if course is not None and course.is_college and p.term.in_high_school:
            hours += course.semester_hours
    return Then(
        diploma=diploma,
        diploma_short=short,
        by_graduation=tuple(by_graduation),
        by_end=tuple(by_end),
        college_credits=round(hours, 2),
        college_credits_text=_credits(round(hours, 2), True),
    )
