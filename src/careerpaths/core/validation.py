"""Pathway and catalog validation: structured findings, never a bare boolean.

Every check has a stable code (the ``CODES`` table, documented in docs/findings.md).
:func:`validate_catalog` checks the course catalog as a whole (requisite cycles,
contradictory corequisite chains, references to unknown courses);
:func:`validate_pathway` checks one pathway against the catalog and credentials;
:func:`validate_region` does both for every pathway.

Requisites are decided in three-valued logic (see :mod:`careerpaths.core.requisites`):
in a pathway template a course requisite is met by a course placed in an earlier term
(corequisites: the same or an earlier term; strict corequisites: the same term), a
``grade`` condition by the term's grade, and anything about a particular student
(placement scores, GPA, flags) is unknown — reported once per course as information
for advisers, not as an error.
"""

from __future__ import annotations

from collections import defaultdict, deque
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from careerpaths.core.audit import Item, audit
from careerpaths.core.findings import Finding, Severity, Where, sort_findings
from careerpaths.core.i18n import Text, join_text, text
from careerpaths.core.model import (
    Course,
    Credential,
    CredentialKind,
    Exit,
    ExitKind,
    Institution,
    Pathway,
    Placement,
    Region,
    RegionSettings,
)
from careerpaths.core.numbers import format_number
from careerpaths.core.planning import hs_load, reachable_providers
from careerpaths.core.records import course_facts, placement_items
from careerpaths.core.requirements import CourseNode, Credits, leaves
from careerpaths.core.requisites import (
    GRADE_LEVEL,
    CourseReq,
    course_key,
    course_refs,
    evaluate,
    mandatory_course_keys,
    unmet,
    unparse,
)
from careerpaths.core.terms import LAST_HIGH_SCHOOL_GRADE, Season, Term

E, W, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO

# code -> (severity, what it means); docs/findings.md is generated from and tested against this.
CODES: dict[str, tuple[Severity, str]] = {
    "unknown-course": (E, "A pathway places a course that is not in the catalog."),
    "unknown-credential": (E, "An exit or diploma names a credential that does not exist."),
    "course-out-of-reach": (
        E,
        "A course belongs to another district or institution the pathway's schools cannot reach.",
    ),
    "unknown-requisite-course": (W, "A requisite names a course that is not in the catalog."),
    "duplicate-placement": (W, "The same course is placed more than once."),
    "prerequisite-order": (E, "A prerequisite is not placed in an earlier term."),
    "corequisite-order": (E, "A corequisite is not placed in the same or an earlier term."),
    "strict-corequisite-term": (E, "A strict corequisite is not placed in the same term."),
    "requisite-cycle": (E, "Courses require each other in a cycle; the cycle is listed."),
    "requisite-cycle-optional": (W, "A cycle runs through alternatives (or) of requisites."),
    "contradictory-corequisites": (
        E,
        "A chain of corequisites and prerequisites that no term order can satisfy.",
    ),
    "term-not-offered": (E, "A course is placed in a season the college does not offer it."),
    "summer-not-in-grid": (W, "A course is placed in a summer but the pathway has no summers."),
    "grade-window": (E, "A course is placed in a grade outside its grade window."),
    "dual-enrollment-eligibility": (
        E,
        "Students in that grade are not eligible for the dual-enrollment course.",
    ),
    "eligibility-conditions": (
        INFO,
        "Eligibility also depends on student facts (placement, GPA) checked at enrollment.",
    ),
    "term-load-high": (W, "A term carries more credits than the region allows."),
    "term-load-low": (W, "A college term carries fewer credits than the region's minimum."),
    "diploma-not-met": (E, "The grade 9-12 placements do not meet the high-school diploma."),
    "no-diploma": (W, "The pathway names no high-school diploma."),
    "exit-not-met": (E, "The courses placed up to an exit do not earn its credential."),
    "exit-by-exam": (
        INFO,
        "An exit credential is earned by exam; no course requirements to check.",
    ),
    "exit-requirements-not-modelled": (
        INFO,
        "An exit credential (often a university transfer) has no requirement tree to check.",
    ),
    "stack-order": (W, "A credential is placed after a credential it stacks into."),
    "college-credits-by-grade-12": (
        E,
        "Fewer college credits than the region's minimum are placed by the end of grade 12.",
    ),
    "repeated-content": (W, "A high-school course repeats the content of a dual-credit course."),
    "random-act": (
        W,
        "A dual-enrollment course counts toward no credential in the pathway, except perhaps "
        "as a general elective (a random act).",
    ),
    "no-dual-enrollment": (W, "The pathway places no college course in high school."),
    "no-target-occupations": (W, "The pathway names no target occupations (SOC codes)."),
    "no-college-exit": (W, "The pathway has no certificate, diploma or degree exit."),
}


#: Seasons in the words of a finding (lower case).
_SEASON_WORDS = {"FA": text("fall"), "SP": text("spring"), "SU": text("summer")}
_SEASON_NAMES = {"FA": text("Fall"), "SP": text("Spring"), "SU": text("Summer")}


def _term_words(term: Term) -> Text:
    """``Grade 11 Fall`` / ``College year 1 Spring`` as a translatable sentence part."""
    season = _SEASON_NAMES[term.season.value]
    if term.grade <= LAST_HIGH_SCHOOL_GRADE:
        return text("Grade %(grade)s %(season)s", grade=term.grade, season=season)
    return text("College year %(year)s %(season)s", year=term.grade - LAST_HIGH_SCHOOL_GRADE,
                season=season)  # fmt: skip


def finding(code: str, where: Where, message: str, **data: object) -> Finding:
    severity, _ = CODES[code]
    return Finding(code, severity, where, message, dict(data))


# --------------------------------------------------------------------------- catalog


@dataclass(frozen=True)
class _Edge:
    source: str  # course key required
    target: str  # course key requiring it
    strict: bool  # True: source strictly before target; False: same term or before
    kind: str


def _constraint_edges(courses: Mapping[str, Course], *, mandatory: bool) -> list[_Edge]:
    edges: list[_Edge] = []
    for c in courses.values():
        for kind, expr in (
            ("prerequisite", c.prerequisites),
            ("corequisite", c.corequisites),
            ("strict corequisite", c.strict_corequisites),
        ):
            keys = mandatory_course_keys(expr) if mandatory else {r.key for r in course_refs(expr)}
            for k in sorted(keys):
                if k not in courses or (k == c.key and kind != "prerequisite"):
                    continue
                edges.append(_Edge(k, c.key, kind == "prerequisite", kind))
                if kind == "strict corequisite":
                    edges.append(_Edge(c.key, k, False, kind))
    return edges


def _sccs(nodes: Iterable[str], edges: list[_Edge]) -> list[set[str]]:
    """Strongly connected components (iterative Tarjan)."""
    graph: dict[str, list[str]] = defaultdict(list)
    for e in edges:
        graph[e.source].append(e.target)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    out: list[set[str]] = []
    counter = 0
    for root in nodes:
        if root in index:
            continue
        work = [(root, 0)]
        while work:
            v, i = work.pop()
            if i == 0:
                index[v] = low[v] = counter
                counter += 1
                stack.append(v)
                on_stack.add(v)
            succ = graph[v]
            if i < len(succ):
                work.append((v, i + 1))
                w = succ[i]
                if w not in index:
                    work.append((w, 0))
                elif w in on_stack:
                    low[v] = min(low[v], index[w])
                continue
            if low[v] == index[v]:
                comp: set[str] = set()
                while True:
                    w = stack.pop()
                    on_stack.discard(w)
                    comp.add(w)
                    if w == v:
                        break
                out.append(comp)
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[v])
    return out


def _path(edges: list[_Edge], start: str, goal: str, inside: set[str]) -> list[_Edge] | None:
    """Shortest edge path start -> goal within ``inside`` (BFS)."""
    out_edges: dict[str, list[_Edge]] = defaultdict(list)
    for e in edges:
        if e.source in inside and e.target in inside:
            out_edges[e.source].append(e)
    prev: dict[str, _Edge] = {}
    seen = {start}
    queue = deque([start])
    while queue:
        v = queue.popleft()
        if v == goal:
            path: list[_Edge] = []
            while v != start:
                e = prev[v]
                path.append(e)
                v = e.source
            return list(reversed(path))
        for e in out_edges[v]:
            if e.target not in seen:
                seen.add(e.target)
                prev[e.target] = e
                queue.append(e.target)
    return None


#: The kinds of requisite, in the words of a finding.
_REQUISITE_KINDS = {
    "prerequisite": text("prerequisite"),
    "corequisite": text("corequisite"),
    "strict corequisite": text("strict corequisite"),
    "eligibility rule": text("eligibility rule"),
}


def _cycle_findings(courses: Mapping[str, Course]) -> list[Finding]:
    findings: list[Finding] = []
    reported: set[frozenset[str]] = set()
    for mandatory in (True, False):
        edges = _constraint_edges(courses, mandatory=mandatory)
        for comp in _sccs(sorted(courses), edges):
            strict_inside = [e for e in edges if e.strict and e.source in comp and e.target in comp]
            if not strict_inside:
                continue  # courses taken together: fine
            first = min(strict_inside, key=lambda e: (e.source, e.target))
            back = _path(edges, first.target, first.source, comp) or []
            cycle = [first, *back]
            members = frozenset(e.source for e in cycle)
            if members in reported:
                continue
            reported.add(frozenset(comp))
            reported.add(members)
            names = [courses[e.source].code for e in cycle] + [courses[cycle[0].source].code]
            shown = " → ".join(names)
            steps = join_text(
                text("%(course)s is a %(kind)s of %(other)s", course=courses[e.source].code,
                     kind=_REQUISITE_KINDS.get(e.kind, e.kind), other=courses[e.target].code)
                for e in cycle
            )  # fmt: skip
            if not mandatory:
                code = "requisite-cycle-optional"
                msg = text("Requisite cycle through alternatives: %(cycle)s (%(steps)s).",
                           cycle=shown, steps=steps)  # fmt: skip
            elif all(e.kind == "prerequisite" for e in cycle):
                code = "requisite-cycle"
                msg = text("Requisite cycle: %(cycle)s. No order of terms can satisfy it.",
                           cycle=shown)  # fmt: skip
            else:
                code = "contradictory-corequisites"
                msg = text("Contradictory requisites: %(cycle)s (%(steps)s): one must come before "
                           "the other and also in the same or a later term.", cycle=shown,
                           steps=steps)  # fmt: skip
            findings.append(finding(code, Where(course=names[0]), msg, cycle=names))
    return findings


def validate_catalog(courses: Mapping[str, Course]) -> list[Finding]:
    """Catalog-wide checks: unknown requisite courses, cycles, contradictory corequisites."""
    findings: list[Finding] = []
    for c in sorted(courses.values(), key=lambda c: c.key):
        for kind, expr in (
            ("prerequisite", c.prerequisites),
            ("corequisite", c.corequisites),
            ("strict corequisite", c.strict_corequisites),
            ("eligibility rule", c.eligibility),
        ):
            for ref in course_refs(expr):
                if ref.key not in courses:
                    findings.append(
                        finding(
                            "unknown-requisite-course",
                            Where(course=c.code),
                            text(
                                "%(course)s's %(kind)s names %(ref)s, which is not in the catalog.",
                                course=c.code,
                                kind=_REQUISITE_KINDS[kind],
                                ref=ref.code,
                            ),
                        )
                    )
    findings.extend(_cycle_findings(courses))
    return findings


# --------------------------------------------------------------------------- pathway


class _PlanContext:
    """Requisite context of a pathway template at one term."""

    def __init__(
        self,
        placed: Mapping[str, list[Term]],
        term: Term,
        mode: str,
        earned: Mapping[str, list[Term]],
    ) -> None:
        self.placed = placed
        self.term = term
        self.mode = mode  # "before", "same-or-before", "same"
        self.earned = earned

    def _ok(self, t: Term) -> bool:
        if self.mode == "before":
            return t < self.term
        if self.mode == "same":
            return t == self.term
        return t <= self.term

    def has_course(self, req: CourseReq) -> bool | None:
        return any(self._ok(t) for t in self.placed.get(req.key, []))

    def value(self, name: str) -> float | None:
        return float(self.term.grade) if name == GRADE_LEVEL else None

    def has_credential(self, credential: str) -> bool | None:
        if any(t < self.term for t in self.earned.get(credential, [])):
            return True
        return None  # a student may hold it already

    def flag(self, name: str) -> bool | None:
        return None


@dataclass
class _PathwayCheck:
    """What every check of one pathway reads, and the findings they add."""

    pathway: Pathway
    courses: Mapping[str, Course]
    credentials: Mapping[str, Credential]
    settings: RegionSettings
    institutions: Mapping[str, Institution] | None = None
    out: list[Finding] = field(default_factory=list)
    placed: dict[str, list[Term]] = field(default_factory=lambda: defaultdict(list))
    known: list[tuple[Placement, Course]] = field(default_factory=list)
    earned: dict[str, list[Term]] = field(default_factory=lambda: defaultdict(list))
    diploma_used: frozenset[int] = frozenset()

    def add(
        self,
        code: str,
        message: str,
        *,
        term: str | None = None,
        course: str | None = None,
        credential: str | None = None,
        **data: object,
    ) -> None:
        where = Where(pathway=self.pathway.id, term=term, course=course, credential=credential)
        self.out.append(finding(code, where, message, **data))

    @property
    def diploma(self) -> Credential | None:
        hs = self.pathway.hs_diploma
        return self.credentials.get(hs) if hs else None

    @property
    def dual_courses(self) -> list[tuple[Placement, Course]]:
        return [(p, c) for p, c in self.known if c.is_college and p.term.in_high_school]


def validate_pathway(
    pathway: Pathway,
    courses: Mapping[str, Course],
    credentials: Mapping[str, Credential],
    settings: RegionSettings | None = None,
    institutions: Mapping[str, Institution] | None = None,
) -> list[Finding]:
    """Check one pathway. Findings are sorted: errors first within each pathway.

    Each check below adds the findings of one rule (or of a few codes that share their
    evidence); the catalog of codes is :data:`FINDINGS`.
    """
    ck = _PathwayCheck(pathway, courses, credentials, settings or RegionSettings(), institutions)
    _check_placements(ck)
    _check_exit_credentials(ck)
    for p, course in sorted(ck.known, key=lambda pc: (pc[0].term, pc[1].code)):
        _check_requisites(ck, p, course)
        _check_term_offered(ck, p, course)
        _check_grade_window(ck, p, course)
        _check_eligibility(ck, p, course)
    _check_term_loads(ck)
    _check_diploma(ck)
    _check_exits(ck)
    _check_college_credits(ck)
    _check_repeated_content(ck)
    _check_random_acts(ck)
    _check_targets(ck)
    return sort_findings(ck.out)


def _check_placements(ck: _PathwayCheck) -> None:
    """``unknown-course``, ``course-out-of-reach``, ``duplicate-placement``."""
    institutions = ck.institutions
    reach = reachable_providers(ck.pathway, institutions) if institutions else None
    for p in ck.pathway.placements:
        course = ck.courses.get(p.key)
        if course is None:
            ck.add(
                "unknown-course",
                text("%(course)s is not in the catalog.", course=p.course),
                term=p.term.id,
                course=p.course,
            )
            continue
        out_of_reach = reach is not None and course.provider not in reach
        if out_of_reach and institutions and course.provider in institutions:
            ck.add(
                "course-out-of-reach",
                text(
                    "%(course)s is taught by %(provider)s, which this pathway's schools cannot "
                    "reach.",
                    course=course.code,
                    provider=institutions[course.provider].name,
                ),
                term=p.term.id,
                course=course.code,
            )
        ck.placed[p.key].append(p.term)
        ck.known.append((p, course))
    for key, terms in ck.placed.items():
        if len(terms) > 1:
            code = ck.courses[key].code
            ck.add(
                "duplicate-placement",
                text(
                    "%(course)s is placed %(n)s times (%(terms)s).",
                    course=code,
                    n=len(terms),
                    terms=", ".join(t.id for t in sorted(terms)),
                ),
                course=code,
            )


def _check_exit_credentials(ck: _PathwayCheck) -> None:
    """``unknown-credential`` for an exit (and the exits' terms, for the checks after)."""
    for ex in ck.pathway.exits:
        ck.earned[ex.credential].append(ex.term)
        if ex.credential not in ck.credentials:
            ck.add(
                "unknown-credential",
                text("Exit credential %(credential)s does not exist.", credential=ex.credential),
                term=ex.term.id,
                credential=ex.credential,
            )


def _check_requisites(ck: _PathwayCheck, p: Placement, course: Course) -> None:
    """``prerequisite-order``, ``corequisite-order``, ``strict-corequisite-term``."""
    for code, expr, mode, word in (
        ("prerequisite-order", course.prerequisites, "before", text("in an earlier term")),
        (
            "corequisite-order",
            course.corequisites,
            "same-or-before",
            text("in the same or an earlier term"),
        ),
        ("strict-corequisite-term", course.strict_corequisites, "same", text("in the same term")),
    ):
        ctx = _PlanContext(ck.placed, p.term, mode, ck.earned)
        if evaluate(expr, ctx) is False:
            missing = "; ".join(unparse(x) for x in unmet(expr, ctx))
            ck.add(
                code,
                text(
                    "%(course)s in %(term)s needs %(missing)s %(when)s (requisite: %(rule)s).",
                    course=course.code,
                    term=_term_words(p.term),
                    missing=missing,
                    when=word,
                    rule=unparse(expr),
                ),
                term=p.term.id,
                course=course.code,
            )


def _check_term_offered(ck: _PathwayCheck, p: Placement, course: Course) -> None:
    """``term-not-offered``, ``summer-not-in-grid``."""
    if p.term.season not in course.terms_offered:
        seasons = [_SEASON_NAMES[s.value] for s in Season if s in course.terms_offered]
        offered = join_text(seasons, ", ") if seasons else text("no term")
        ck.add(
            "term-not-offered",
            text(
                "%(course)s is placed in %(season)s but offered in %(offered)s.",
                course=course.code,
                season=_SEASON_WORDS[p.term.season.value],
                offered=offered,
            ),
            term=p.term.id,
            course=course.code,
        )
    if p.term.season is Season.SUMMER and not ck.pathway.summers:
        ck.add(
            "summer-not-in-grid",
            text(
                "%(course)s is placed in a summer term, but the pathway's grid has no summers.",
                course=course.code,
            ),
            term=p.term.id,
            course=course.code,
        )


def _check_grade_window(ck: _PathwayCheck, p: Placement, course: Course) -> None:
    """``grade-window``: high-school and dual-credit courses inside their grade window."""
    dual = course.is_college and p.term.in_high_school
    if course.is_college and not dual:
        return
    lo, hi = course.grade_min, course.grade_max
    if (lo is not None and p.term.grade < lo) or (hi is not None and p.term.grade > hi):
        ck.add(
            "grade-window",
            text(
                "%(course)s is open to grades %(lo)s-%(hi)s; it is placed in grade %(grade)s.",
                course=course.code,
                lo=lo or 9,
                hi=hi or 12,
                grade=p.term.grade,
            ),
            term=p.term.id,
            course=course.code,
        )


def _check_eligibility(ck: _PathwayCheck, p: Placement, course: Course) -> None:
    """``dual-enrollment-eligibility``, ``eligibility-conditions``."""
    dual = course.is_college and p.term.in_high_school
    if not dual or course.eligibility is None:
        return
    ctx = _PlanContext(ck.placed, p.term, "before", ck.earned)
    verdict = evaluate(course.eligibility, ctx)
    if verdict is False:
        missing = "; ".join(unparse(x) for x in unmet(course.eligibility, ctx))
        ck.add(
            "dual-enrollment-eligibility",
            text(
                "Students in grade %(grade)s are not eligible for %(course)s: needs %(missing)s "
                "(rule: %(rule)s).",
                grade=p.term.grade,
                course=course.code,
                missing=missing,
                rule=unparse(course.eligibility),
            ),
            term=p.term.id,
            course=course.code,
        )
    elif verdict is None:
        ck.add(
            "eligibility-conditions",
            text(
                "%(course)s: eligibility also depends on each student (%(rule)s); check it at "
                "enrollment.",
                course=course.code,
                rule=unparse(course.eligibility),
            ),
            term=p.term.id,
            course=course.code,
        )


def _check_term_loads(ck: _PathwayCheck) -> None:
    """``term-load-low``, ``term-load-high`` (high-school load in semester-course
    equivalents, college load in semester hours)."""
    settings = ck.settings
    diploma = ck.diploma
    scale = diploma.semester_course_credits if diploma else 1.0
    by_term: dict[Term, list[Course]] = defaultdict(list)
    for p, course in ck.known:
        by_term[p.term].append(course)
    for term, cs in sorted(by_term.items()):
        college = sum(c.semester_hours for c in cs if c.is_college)
        cap = (
            settings.max_college_hours_per_summer
            if term.season is Season.SUMMER
            else settings.max_college_hours_per_term
        )
        low = settings.min_credits_per_term
        if low and not term.in_high_school and term.season is not Season.SUMMER and college < low:
            ck.add(
                "term-load-low",
                text(
                    "%(term)s carries %(n)s college semester hours (fewer than %(low)s: "
                    "part-time).",
                    term=_term_words(term),
                    n=format_number(college),
                    low=format_number(low),
                ),
                term=term.id,
            )
        if college > cap:
            ck.add(
                "term-load-high",
                text(
                    "%(term)s carries %(n)s college semester hours (more than %(cap)s).",
                    term=_term_words(term),
                    n=format_number(college),
                    cap=format_number(cap),
                ),
                term=term.id,
            )
        if term.in_high_school:
            load = sum(hs_load(c, scale) for c in cs)
            if load > settings.max_hs_credits_per_term + 1e-9:
                # a course may weigh more than one semester course (a year-long or a 4-hour
                # dual-credit course): say both, so the count matches what the grid shows
                ck.add(
                    "term-load-high",
                    text(
                        "%(term)s carries %(n)s course weighing %(load)s semester courses "
                        "(more than %(cap)s).",
                        term=_term_words(term),
                        n=len(cs),
                        load=format_number(round(load, 2)),
                        cap=format_number(settings.max_hs_credits_per_term),
                    )
                    if len(cs) == 1
                    else text(
                        "%(term)s carries %(n)s courses weighing %(load)s semester courses "
                        "(more than %(cap)s).",
                        term=_term_words(term),
                        n=len(cs),
                        load=format_number(round(load, 2)),
                        cap=format_number(settings.max_hs_credits_per_term),
                    ),
                    term=term.id,
                )


def _check_diploma(ck: _PathwayCheck) -> None:
    """``no-diploma``, ``unknown-credential`` (the diploma), ``diploma-not-met``."""
    pathway = ck.pathway
    diploma = ck.diploma
    if pathway.hs_diploma is None:
        ck.add(
            "no-diploma",
            text(
                "The pathway names no high-school diploma, so its grade 9-12 courses cannot be "
                "checked against graduation requirements."
            ),
        )
    elif diploma is None:
        ck.add(
            "unknown-credential",
            text("Diploma %(credential)s does not exist.", credential=pathway.hs_diploma),
            credential=pathway.hs_diploma,
        )
    elif diploma.requirements is not None:
        items = placement_items(
            pathway.placements,
            ck.courses,
            diploma,
            until=Term.of(LAST_HIGH_SCHOOL_GRADE, Season.SUMMER),
        )
        result = audit(
            diploma.id,
            diploma.name,
            diploma.requirements,
            items,
            exclusive=ck.settings.exclusive_within_credential,
        )
        ck.diploma_used = result.used_ids
        if not result.met and result.root is not None:
            ck.add(
                "diploma-not-met",
                text(
                    "%(credential)s is not met by the grade 9-12 courses: still needed "
                    "%(remaining)s.",
                    credential=diploma.name,
                    remaining=result.root.remaining,
                ),
                credential=diploma.id,
            )


def _check_exits(ck: _PathwayCheck) -> None:
    """Each exit: ``exit-by-exam``, ``exit-requirements-not-modelled``, ``exit-not-met``,
    then ``stack-order``."""
    exit_terms = {e.credential: e.term for e in ck.pathway.exits}
    for ex in sorted(ck.pathway.exits, key=lambda e: e.term):
        cred = ck.credentials.get(ex.credential)
        if cred is None:
            continue
        _check_exit_met(ck, ex, cred)
        for target in cred.stacks_into:
            if target in exit_terms and exit_terms[target] < ex.term:
                ck.add(
                    "stack-order",
                    text(
                        "%(credential)s stacks into %(target)s, which is placed earlier "
                        "(%(term)s).",
                        credential=cred.name,
                        target=target,
                        term=exit_terms[target].id,
                    ),
                    term=ex.term.id,
                    credential=cred.id,
                )


def _check_exit_met(ck: _PathwayCheck, ex: Exit, cred: Credential) -> None:
    if cred.requirements is None and cred.kind is CredentialKind.INDUSTRY_CERTIFICATION:
        ck.add(
            "exit-by-exam",
            text(
                "%(credential)s is earned by exam (%(exam)s); no course requirements to check.",
                credential=cred.name,
                exam=cred.exam or text("see issuer"),
            ),
            term=ex.term.id,
            credential=cred.id,
        )
        return
    if cred.requirements is None:
        what = text("Transfer to") if ex.kind is ExitKind.TRANSFER else text("Exit to")
        ck.add(
            "exit-requirements-not-modelled",
            text(
                "%(what)s %(credential)s: its requirements are set by its issuer and are not "
                "modelled in this region, so they are not checked.",
                what=what,
                credential=cred.name,
            ),
            term=ex.term.id,
            credential=cred.id,
        )
        return
    items = placement_items(ck.pathway.placements, ck.courses, cred, until=ex.term)
    if not ck.settings.share_across_credentials and cred.kind.is_college_award:
        # no double counting: what the diploma used is not the degree's
        items = [i for i in items if i.id not in ck.diploma_used]
    result = audit(
        cred.id,
        cred.name,
        cred.requirements,
        items,
        exclusive=ck.settings.exclusive_within_credential,
    )
    if not result.met and result.root is not None:
        ck.add(
            "exit-not-met",
            text(
                "%(credential)s at %(term)s is not met by the courses placed by then: still "
                "needed %(remaining)s.",
                credential=cred.name,
                term=_term_words(ex.term),
                remaining=result.root.remaining,
            ),
            term=ex.term.id,
            credential=cred.id,
        )


def _check_college_credits(ck: _PathwayCheck) -> None:
    """``no-dual-enrollment``, ``college-credits-by-grade-12``."""
    dual_courses = ck.dual_courses
    college_hs = sum(c.semester_hours for _, c in dual_courses)
    if not dual_courses:
        ck.add("no-dual-enrollment", text("No college course is placed in grades 9-12."))
    minimum = ck.settings.min_college_credits_by_grade_12
    if college_hs + 1e-9 < minimum:
        ck.add(
            "college-credits-by-grade-12",
            text(
                "%(n)s college credits are placed by the end of grade 12; the region's minimum "
                "is %(minimum)s.",
                n=format_number(college_hs),
                minimum=format_number(minimum),
            ),
        )


def _check_repeated_content(ck: _PathwayCheck) -> None:
    """``repeated-content``: a high-school course repeating a placed dual-credit course."""
    dual_keys = {c.key: c for _, c in ck.dual_courses}
    for p, c in ck.known:
        if c.is_college:
            continue
        for twin in sorted(_equivalents(c, dual_keys)):
            ck.add(
                "repeated-content",
                text(
                    "%(course)s (%(title)s) repeats the content of dual-credit %(twin)s "
                    "(%(twin_title)s) placed in the same pathway.",
                    course=c.code,
                    title=c.title,
                    twin=dual_keys[twin].code,
                    twin_title=dual_keys[twin].title,
                ),
                term=p.term.id,
                course=c.code,
                repeats=dual_keys[twin].code,
            )


def _check_random_acts(ck: _PathwayCheck) -> None:
    """``random-act``: dual-enrollment courses that count toward no credential of the
    pathway."""
    college_creds = [
        ck.credentials[cid]
        for cid in _stack(ck.pathway, ck.credentials)
        if ck.credentials[cid].kind is not CredentialKind.HS_DIPLOMA
    ]
    for p, c in sorted(ck.dual_courses, key=lambda pc: pc[0].term):
        if not any(counts_toward(c, cred) for cred in college_creds):
            ck.add(
                "random-act",
                text(
                    "Dual-enrollment course %(course)s (%(title)s) counts toward no credential "
                    "in this pathway: a random act of dual enrollment.",
                    course=c.code,
                    title=c.title,
                ),
                term=p.term.id,
                course=c.code,
            )


def _check_targets(ck: _PathwayCheck) -> None:
    """``no-target-occupations``, ``no-college-exit``."""
    if not ck.pathway.occupations:
        ck.add(
            "no-target-occupations", text("The pathway names no target occupations (SOC codes).")
        )
    if not any(
        ck.credentials[e.credential].kind.is_college_award
        for e in ck.pathway.exits
        if e.credential in ck.credentials and e.kind is not ExitKind.TRANSFER
    ):
        ck.add("no-college-exit", text("The pathway has no certificate, diploma or degree exit."))


def _equivalents(course: Course, dual: Mapping[str, Course]) -> set[str]:
    keys = {course_key(e) for e in course.equivalents} & set(dual)
    keys |= {k for k, c in dual.items() if course.key in {course_key(e) for e in c.equivalents}}
    return keys


def _stack(pathway: Pathway, credentials: Mapping[str, Credential]) -> list[str]:
    """The pathway's exit credentials and everything they stack into."""
    seen: list[str] = []
    todo = [e.credential for e in pathway.exits]
    while todo:
        cid = todo.pop(0)
        if cid in seen or cid not in credentials:
            continue
        seen.append(cid)
        todo.extend(credentials[cid].stacks_into)
    return seen


def counts_toward(course: Course, credential: Credential, *, specific: bool = True) -> bool:
    """Whether some requirement of ``credential`` can use ``course``.

    With ``specific`` (the default) a catch-all requirement ("21 credits of any college
    course") does not count: a course that fits a credential only as a general elective is
    not part of its program of study, which is what "random acts" of dual enrollment means.
    """
    if credential.requirements is None:
        return False
    facts = course_facts(course)
    for _, leaf in leaves(credential.requirements):
        if isinstance(leaf, CourseNode) and course_key(leaf.course) == course.key:
            return True
        if (
            isinstance(leaf, Credits)
            and leaf.select.matches(facts)
            and not (specific and leaf.select.is_catch_all)
        ):
            return True
    return False


def validate_region(region: Region) -> list[Finding]:
    """The catalog checks and every pathway's checks."""
    findings = validate_catalog(region.courses)
    for pathway in sorted(region.pathways.values(), key=lambda p: p.id):
        findings.extend(
            validate_pathway(
                pathway, region.courses, region.credentials, region.settings, region.institutions
            )
        )
    return findings


def items_for_exit(
    pathway: Pathway, courses: Mapping[str, Course], credential: Credential, until: Term
) -> list[Item]:
    return placement_items(pathway.placements, courses, credential, until=until)
