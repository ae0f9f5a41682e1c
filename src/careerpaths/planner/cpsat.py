"""A :class:`~careerpaths.core.planning.PlanProblem` as a CP-SAT model.

Variables: ``x[k][i]`` is 1 when course ``k`` is placed in term ``i`` (each course at most
once); ``by[k][i]`` is 1 when it is placed in term ``i`` or before (a running sum), so "a
prerequisite placed earlier" is one literal. Requisites are encoded one way only (a placement
implies its requisite, ``and``/``or`` as auxiliary literals), which is all a plan needs.
A credential's requirement tree becomes one literal per node; a leaf draws courses through
``use[leaf][k]``, each course used by one leaf of a credential when counting is exclusive.

The order of plans (fewest terms, then fewest courses added, then the fullest term's share
of its limit, then fewest moves) is proven in two steps, each an exact lexicographic pair as
one weighted sum, the second held at its optimum by the first's bound: one solve, then a
minimisation within a budget whose proof, when unfinished, is left to feasibility checks
one balance value down (:func:`_balance`, :func:`search_down`). When a bound from the
problem alone (:func:`_last_term_bound`) is the fewest terms, one solve does both steps
(:func:`_at_bound`). A course's variables
exist only in the terms it can take (:func:`_domains`) up to the last one in which it can
serve the plan (:func:`_latest`), and the balance figure ranges over the values a term's load
can sum to (:func:`fill_values`).

With no plan, the model is built again with one assumption literal per constraint group (a
course's offering, its grade window, its requisites, a lock, a credential's deadline, the load
limits...) and CP-SAT's sufficient assumptions for infeasibility, shrunk by deletion, name a
small set of groups that cannot hold together.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from careerpaths.core import grades
from careerpaths.core.findings import Finding
from careerpaths.core.planning import (
    Plan,
    PlannedCourse,
    PlanProblem,
    PlanResult,
    PlanStatus,
    credits_in_term,
    fixed_leaf,
    hs_load,
    passed_meets,
    plan_finding,
    scaled_down,
    scaled_up,
    score,
)
from careerpaths.core.records import credit_for
from careerpaths.core.requirements import AllOf as ReqAll
from careerpaths.core.requirements import CourseNode, Credits, NOf, Requirement, Selector, leaves
from careerpaths.core.requisites import (
    AllOf,
    AnyOf,
    Comparison,
    CourseReq,
    Expr,
    Flag,
    HasCredential,
    course_key,
    unparse,
    walk,
)
from careerpaths.core.terms import Season

if TYPE_CHECKING:  # pragma: no cover
    from ortools.sat.python import cp_model

Lit = Any  # a CP-SAT literal (BoolVarT); True / False stand for constants
Group = tuple[str, str]

FILL_SCALE = 1000  # a term's fill in thousandths of its limit


@dataclass
class _Built:
    model: cp_model.CpModel
    x: dict[str, list[Lit]]
    groups: dict[Group, Lit] = field(default_factory=dict)
    n_vars: int = 0


def _domains(
    problem: PlanProblem, keys: list[str], start: dict[str, list[int]] | None = None
) -> dict[str, list[int]]:
    """The terms each course can take in some plan: those the course may go in (offered,
    in its grade window) where its requisites and eligibility can be met by courses in their
    own such terms (a prerequisite's earliest term before it, a corequisite's at or before
    it, a strict corequisite's in it). Shrunk to a fixed point from the terms allowed, so a
    term left out is one no plan uses: the model holds no variable for it."""
    p = problem
    terms = [t.term for t in p.terms]
    dom: dict[str, list[int]] = start or {
        k: [i for i, t in enumerate(terms) if p.allowed_in(p.courses[k], t) is None] for k in keys
    }

    def possible(expr: Expr | None, i: int, mode: str) -> bool:
        match expr:
            case None:
                return True
            case CourseReq():
                if passed_meets(p, expr):
                    return True
                d = dom.get(expr.key)
                if not d:
                    return False
                if mode == "before":
                    return d[0] < i
                if mode == "same-or-before":
                    return d[0] <= i
                return i in d
            case Comparison() | HasCredential() | Flag():
                return fixed_leaf(expr, p, terms[i])
            case AllOf(items):
                return all(possible(e, i, mode) for e in items)
            case AnyOf(items):
                return any(possible(e, i, mode) for e in items)
        raise TypeError(expr)

    def fits(k: str, i: int) -> bool:
        c = p.courses[k]
        if not (
            possible(c.prerequisites, i, "before")
            and possible(c.corequisites, i, "same-or-before")
            and possible(c.strict_corequisites, i, "same")
        ):
            return False
        if c.is_college and terms[i].in_high_school and c.eligibility is not None:
            return possible(c.eligibility, i, "before")
        return True

    # only a course with requisites or eligibility can lose a term to another's domain
    linked = [
        k
        for k in keys
        if any(
            e is not None
            for e in (
                p.courses[k].prerequisites,
                p.courses[k].corequisites,
                p.courses[k].strict_corequisites,
                p.courses[k].eligibility,
            )
        )
    ]
    changed = True
    while changed:
        changed = False
        for k in linked:
            kept = [i for i in dom[k] if fits(k, i)]
            if len(kept) != len(dom[k]):
                dom[k] = kept
                changed = True
    return dom


def _selected(
    problem: PlanProblem, select: Selector, cache: dict[int, frozenset[str]]
) -> frozenset[str]:
    """The problem's courses ``select`` matches, worked out once per selector (``cache``)."""
    out = cache.get(id(select))
    if out is None:
        out = frozenset(k for k, c in problem.courses.items() if select.matches(c.facts))
        cache[id(select)] = out
    return out


def _reduced(
    problem: PlanProblem, keys: list[str], cache: dict[int, frozenset[str]] | None = None
) -> dict[str, list[int]]:
    """The terms the model holds for each course: its domain (:func:`_domains`) up to its
    last useful term (:func:`_latest`), the domains then shrunk again to a fixed point."""
    dom = _domains(problem, keys)
    late = _latest(problem, dom, {} if cache is None else cache)
    cut = {k: [i for i in d if i <= late[k]] for k, d in dom.items()}
    if cut == dom:
        return dom
    return _domains(problem, keys, cut)


def _latest(
    problem: PlanProblem, dom: dict[str, list[int]], cache: dict[int, frozenset[str]]
) -> dict[str, int]:
    """The last term in which placing each course can serve a plan (-1: none): the
    deadline of a goal it can count for, its lock or previous term, the last high-school
    term for a college course when the region asks for college credits in high school, and,
    for a requisite, the last term of a course that needs it (a term before, for a
    prerequisite or a dual-enrollment rule; the same term for a corequisite).

    Placed any later, a course serves nothing: taking it out of the plan keeps every
    constraint (nothing counts it, nothing placed within its own bound needs it, loads only
    fall) and never worsens the score (no more terms, one course added fewer, a fill no
    higher, no more moves: a course of the previous plan not in its term is a move either
    way). So an optimal plan places no course after its bound, and the model need not hold
    those terms (a property test compares the scores with and without the bound)."""
    p = problem
    T = len(p.terms)
    index = {t.term: i for i, t in enumerate(p.terms)}
    last_hs = max((i for i, t in enumerate(p.terms) if t.term.in_high_school), default=-1)
    late = dict.fromkeys(dom, -1)

    def at_least(k: str, i: int) -> None:
        if k in late and i > late[k]:
            late[k] = i

    for goal in p.goals:
        root = goal.credential.requirements
        if root is None:
            continue
        d = T - 1
        if goal.deadline is not None:
            d = max((i for i, t in enumerate(p.terms) if t.term <= goal.deadline), default=-1)
        for _, leaf in leaves(root):
            if isinstance(leaf, CourseNode):
                at_least(course_key(leaf.course), d)
            else:
                for k in _selected(p, leaf.select, cache):
                    at_least(k, d)
    for k in p.required:
        at_least(k, T - 1)
    for k, term in (*p.locks.items(), *p.previous.items()):
        at_least(k, index.get(term, -1))
    if p.min_college_hours_in_high_school:
        for k in dom:
            if p.courses[k].is_college:
                at_least(k, last_hs)
    # requisites: who needs whom, how far before, and up to which of its terms (a
    # dual-enrollment rule holds in high school only)
    needs: list[tuple[str, str, int, int]] = []
    for k in dom:
        c = p.courses[k]
        for expr, gap, cap in (
            (c.prerequisites, 1, T - 1),
            (c.corequisites, 0, T - 1),
            (c.strict_corequisites, 0, T - 1),
            (c.eligibility if c.is_college else None, 1, last_hs),
        ):
            for e in walk(expr):
                if isinstance(e, CourseReq) and e.key in late and e.key != k:
                    needs.append((k, e.key, gap, cap))
    changed = True
    while changed:
        changed = False
        for k, req, gap, cap in needs:
            top = min(late[k], dom[k][-1], cap) if dom[k] else -1
            if top - gap > late[req]:
                late[req] = top - gap
                changed = True
    return late


def _last_term_bound(
    problem: PlanProblem, dom: dict[str, list[int]], cache: dict[int, frozenset[str]]
) -> int | None:
    """A term no plan of the model (courses in their ``dom`` terms) ends before: every plan
    places a course in it or later, or -1. ``None`` when the bounds find no plan at all.

    Locks and required courses hold their first term; each goal, the bounds of
    :class:`_GoalBound`: the term by which its tree can first be met, and the high-school
    load it needs against the terms' limits.
    """
    p = problem
    never = len(p.terms)  # a term no plan reaches
    index = {t.term: i for i, t in enumerate(p.terms)}
    bound = -1
    for k in p.required:
        if p.placeable(k) and k in dom:
            bound = max(bound, dom[k][0] if dom[k] else never)
    for term in p.locks.values():
        bound = max(bound, index.get(term, never))
    scale = p.semester_course_credits
    load = {k: scaled_up(hs_load(p.courses[k], scale)) for k in dom}
    room = [0] * len(p.terms)
    for k, d in dom.items():
        for i in d:
            room[i] += load[k]
    # a term's high-school limit, and no more than the load of the courses it may hold
    caps: list[int | None] = [
        min(scaled_down(pt.max_hs_courses), room[i])
        if pt.term.in_high_school and pt.max_hs_courses is not None
        else None
        for i, pt in enumerate(p.terms)
    ]
    for goal in p.goals:
        if goal.credential.requirements is None:
            continue
        last = max(
            (
                i
                for i, pt in enumerate(p.terms)
                if goal.deadline is None or pt.term <= goal.deadline
            ),
            default=-1,
        )
        g = _GoalBound(p, goal.credential, last, dom, load, caps, cache)
        start, need = g.needs()
        bound = max(bound, start)
        if need > 0:  # the first term by which the limits hold that load, before the deadline
            held, at = 0, never
            for i in range(last + 1):
                c = caps[i]
                if c is not None:
                    held += c
                    if held >= need:
                        at = i
                        break
            bound = max(bound, at)
    return None if bound >= never else bound


@dataclass
class _GoalBound:
    """What a credential's tree needs placed by its deadline (term ``last``), at least.

    The earliest term by which it can be met, every course in the first term of its domain
    (a course named: that term; credits: the term by which the courses' credits reach the
    figure; all of: the latest child; n of: the n-th earliest child). And the high-school
    load it needs: a course's load counts only when every term it may take by the deadline
    has a high-school limit (``caps``), so what counts is all placed in such terms; a
    credits leaf needs its credits not met by passed courses, at the least load per credit
    of its placeable courses; with exclusive counting the children of an all-of (and the n
    lightest children of an n-of) use different courses, so their loads add up, and across
    the leaves of a tree of all-of a passed course lowers the need of one leaf only.
    """

    p: PlanProblem
    cred: Any
    last: int
    dom: dict[str, list[int]]
    load: dict[str, int]
    caps: list[int | None]
    cache: dict[int, frozenset[str]]

    @property
    def never(self) -> int:
        return len(self.p.terms)

    def early(self, k: str, minimum: str | None) -> int:
        """The first term course ``k`` can count from (-1: passed at ``minimum``)."""
        p = self.p
        if k in p.passed:
            g = p.passed[k]
            if g is None or grades.meets_minimum(g, minimum):
                return -1
        d = self.dom.get(k)
        return d[0] if d and d[0] <= self.last else self.never

    def weight(self, k: str) -> int:
        if any(self.caps[i] is None for i in self.dom[k] if i <= self.last):
            return 0
        return self.load[k]

    def candidates(self, leaf: Credits) -> list[tuple[int, int, str]]:
        """(first term, credits, course) of the courses a credits leaf can count."""
        out = []
        for k in _selected(self.p, leaf.select, self.cache):
            w = scaled_down(credit_for(self.cred, self.p.courses[k]))
            e = self.early(k, leaf.min_grade)
            if w > 0 and e < self.never:
                out.append((e, w, k))
        return sorted(out)

    def node(self, n: Requirement) -> tuple[int, int]:
        """The earliest term and the least load with which ``n`` can be met."""
        exclusive = self.p.exclusive
        match n:
            case CourseNode(course, minimum):
                k = course_key(course)
                if k not in self.p.courses:
                    return self.never, 0
                e = self.early(k, minimum)
                return e, (self.weight(k) if 0 <= e < self.never else 0)
            case Credits(credits, _, _):
                need = scaled_up(credits)
                if need <= 0:
                    return -1, 0
                items = self.candidates(n)
                total, at = 0, self.never
                for e, w, _k in items:
                    total += w
                    if total >= need:
                        at = e
                        break
                rest = need - sum(w for e, w, _k in items if e < 0)
                least = [-(-rest * self.weight(k) // w) for e, w, k in items if e >= 0]
                return at, (min(least) if rest > 0 and least else 0)
            case ReqAll(children):
                parts = [self.node(c) for c in children]
                loads = [x for _, x in parts]
                start = max((e for e, _ in parts), default=-1)
                return start, (sum(loads) if exclusive else max(loads, default=0))
            case NOf(k_of, children):
                if k_of <= 0:
                    return -1, 0
                parts = [self.node(c) for c in children]
                if len(parts) < k_of:
                    return self.never, 0
                starts = sorted(e for e, _ in parts)
                loads = sorted(x for _, x in parts)
                return starts[k_of - 1], (sum(loads[:k_of]) if exclusive else loads[k_of - 1])
        raise TypeError(n)

    def needs(self) -> tuple[int, int]:
        """The tree's earliest term and least load (with the whole-tree bound on the load
        when counting is exclusive and the tree is all-of over leaves)."""
        root = self.cred.requirements
        start, need = self.node(root)
        flat: list[Requirement] = []
        if self.p.exclusive and _all_of_leaves(root, flat):
            total = Fraction(0)
            cut: dict[str, Fraction] = {}  # a passed course lowers one leaf's need at most
            for leaf in flat:
                if isinstance(leaf, CourseNode):
                    k = course_key(leaf.course)
                    if k in self.p.courses and 0 <= self.early(k, leaf.min_grade) < self.never:
                        total += self.weight(k)
                    continue
                assert isinstance(leaf, Credits)
                items = self.candidates(leaf)
                ratios = [Fraction(self.weight(k), w) for e, w, k in items if e >= 0]
                if not ratios:
                    continue
                r = min(ratios)
                total += scaled_up(leaf.credits) * r
                for e, w, k in items:
                    if e < 0:
                        cut[k] = max(cut.get(k, Fraction(0)), w * r)
            need = max(need, math.ceil(total - sum(cut.values())))
        return start, need


def _all_of_leaves(n: Requirement, out: list[Requirement]) -> bool:
    """Whether ``n`` is leaves under all-of nodes only (``out`` gets the leaves)."""
    match n:
        case ReqAll(children):
            return all(_all_of_leaves(c, out) for c in children)
        case CourseNode() | Credits():
            out.append(n)
            return True
    return False


class _Builder:
    def __init__(self, problem: PlanProblem, *, explain: bool) -> None:
        from ortools.sat.python import cp_model

        self.cp = cp_model
        self.p = problem
        self.explain = explain
        self.m = cp_model.CpModel()
        self.T = len(problem.terms)
        self.index = {t.term: i for i, t in enumerate(problem.terms)}
        self.groups: dict[Group, Lit] = {}
        self.keys = [k for k in problem.courses if problem.placeable(k)]
        self.x: dict[str, list[Lit]] = {}
        self.by: dict[str, list[Lit]] = {}
        self._cache: dict[tuple[int, int, str], Lit] = {}
        self._selected: dict[int, frozenset[str]] = {}  # a leaf's selector: its courses
        self.stages: list[tuple[str, Any]] = []
        # the balance figure, per term its limit and weighted placements, its values, and the
        # moves from the previous plan (set with the objective)
        self.fill: Any = None
        self.fills: list[tuple[int, list[tuple[int, Lit]]]] = []
        self.fill_domain: list[int] = []
        self.moves: list[Any] = []
        self.reach: list[Lit] = []
        self.added: Any = 0
        self.added_lits: list[Lit] = []
        self.n_added = 1
        # with no explanation asked, a course's variables exist only in the terms it can
        # take (see _domains); explaining needs every term, each refusal under its group
        self.domain = (
            {k: list(range(self.T)) for k in self.keys}
            if explain
            else _reduced(problem, self.keys, self._selected)
        )

    # -- groups: an assumption literal when explaining, nothing otherwise
    def group(self, kind: str, name: str = "") -> list[Lit]:
        if not self.explain:
            return []
        key = (kind, name)
        if key not in self.groups:
            self.groups[key] = self.m.new_bool_var(f"g:{kind}:{name}")
        return [self.groups[key]]

    def forbid(self, lits: list[Lit], because: list[Lit]) -> None:
        """Not all of ``lits`` (under the group literals ``because``)."""
        if any(v is False for v in lits):
            return
        ct = self.m.add_bool_or([v.negated() for v in lits])
        if because:
            ct.only_enforce_if(because)

    # -- requisite expressions: a literal that implies the expression
    def lit(self, expr: Expr | None, i: int, mode: str) -> Lit:
        if expr is None:
            return True
        key = (id(expr), i, mode)  # the expressions live as long as the problem
        if key in self._cache:
            return self._cache[key]
        out = self._lit(expr, i, mode)
        self._cache[key] = out
        return out

    def _lit(self, expr: Expr, i: int, mode: str) -> Lit:
        p = self.p
        term = p.terms[i].term
        match expr:
            case CourseReq():
                if passed_meets(p, expr):
                    return True
                if expr.key not in self.x:
                    return False
                if mode == "before":
                    return self.by[expr.key][i - 1] if i > 0 else False
                if mode == "same-or-before":
                    return self.by[expr.key][i]
                return self.x[expr.key][i]
            case Comparison() | HasCredential() | Flag():
                return fixed_leaf(expr, p, term)
            case AllOf(items):
                parts = [self.lit(e, i, mode) for e in items]
                if any(v is False for v in parts):
                    return False
                rest = [v for v in parts if v is not True]
                if not rest:
                    return True
                if len(rest) == 1:
                    return rest[0]
                b = self.m.new_bool_var("and")
                for v in rest:
                    self.m.add_implication(b, v)
                return b
            case AnyOf(items):
                parts = [self.lit(e, i, mode) for e in items]
                if any(v is True for v in parts):
                    return True
                rest = [v for v in parts if v is not False]
                if not rest:
                    return False
                if len(rest) == 1:
                    return rest[0]
                b = self.m.new_bool_var("or")
                self.m.add_bool_or(rest).only_enforce_if(b)
                return b
        raise TypeError(expr)

    def require(self, x: Lit, expr: Lit, because: list[Lit]) -> None:
        if expr is True or x is False:
            return
        if expr is False:
            self.forbid([x], because)
            return
        self.m.add_bool_or([expr]).only_enforce_if([x, *because])

    def _variables(self) -> None:
        """``x[k][i]`` in the terms of the course's domain (False elsewhere) and ``by[k][i]``,
        ``by[i] = by[i-1] + x[i]`` over Booleans: a running sum that doubles as "placed at
        most once" and changes only in the terms of the domain."""
        m, T = self.m, self.T
        for k in self.keys:
            dom = set(self.domain[k])
            row: list[Lit] = [m.new_bool_var(f"x:{k}:{i}") if i in dom else False for i in range(T)]
            self.x[k] = row
            running: list[Lit] = []
            prev: Lit = False
            for i in range(T):
                if row[i] is not False:
                    if prev is False:
                        prev = row[i]
                    else:
                        b = m.new_bool_var(f"by:{k}:{i}")
                        m.add(b == prev + row[i])
                        prev = b
                running.append(prev)
            self.by[k] = running

    # -- the model
    def build(self, objective: bool) -> _Built:
        p, m = self.p, self.m
        self._variables()

        for k in self.keys:
            c = p.courses[k]
            for i, pt in enumerate(p.terms):
                if self.x[k][i] is False:
                    continue
                # outside explanations the domain holds allowed terms only
                why = p.allowed_in(c, pt.term) if self.explain else None
                if why is not None:
                    self.forbid([self.x[k][i]], self.group(why, k if why != "summers" else ""))
                for expr, mode in (
                    (c.prerequisites, "before"),
                    (c.corequisites, "same-or-before"),
                    (c.strict_corequisites, "same"),
                ):
                    self.require(self.x[k][i], self.lit(expr, i, mode), self.group("prereq", k))
                if c.is_college and pt.term.in_high_school and c.eligibility is not None:
                    self.require(
                        self.x[k][i],
                        self.lit(c.eligibility, i, "before"),
                        self.group("eligibility", k),
                    )

        for k in sorted(p.required | set(p.locks)):
            because = self.group("place", k)
            if k not in self.x:
                if k not in p.passed:
                    m.add_bool_or([False]).only_enforce_if(because) if because else m.add_bool_or(
                        []
                    )
                continue
            ct = m.add_bool_or([self.by[k][-1]])
            if because:
                ct.only_enforce_if(because)
        for k, term in sorted(p.locks.items()):
            because = self.group("lock", k)
            at = self.index.get(term)
            if k not in self.x or at is None or self.x[k][at] is False:
                if because:
                    m.add_bool_or([False]).only_enforce_if(because)
                else:
                    m.add_bool_or([])
                continue
            ct = m.add_bool_or([self.x[k][at]])
            if because:
                ct.only_enforce_if(because)

        # loads
        scale = p.semester_course_credits
        fills = []
        for i, pt in enumerate(p.terms):
            here = [(k, p.courses[k]) for k in self.keys if self.x[k][i] is not False]
            if pt.max_college_hours is not None:
                terms = [
                    (scaled_up(c.semester_hours), self.x[k][i]) for k, c in here if c.is_college
                ]
                if terms:
                    ct = m.add(sum(w * v for w, v in terms) <= scaled_down(pt.max_college_hours))
                    if g := self.group("load-college"):
                        ct.only_enforce_if(g)
            if pt.term.in_high_school and pt.max_hs_courses is not None:
                terms = [(scaled_up(hs_load(c, scale)), self.x[k][i]) for k, c in here]
                if terms:
                    ct = m.add(sum(w * v for w, v in terms) <= scaled_down(pt.max_hs_courses))
                    if g := self.group("load-hs"):
                        ct.only_enforce_if(g)
            weights = [
                (scaled_up(credits_in_term(c, pt.term, scale)), self.x[k][i]) for k, c in here
            ]
            fills.append((scaled_down(pt.cap), weights))

        if p.min_college_hours_in_high_school:
            hs_terms = [i for i, pt in enumerate(p.terms) if pt.term.in_high_school]
            terms = [
                (scaled_down(p.courses[k].semester_hours), self.x[k][i])
                for k in self.keys
                if p.courses[k].is_college
                for i in hs_terms
                if self.x[k][i] is not False
            ]
            ct = m.add(
                sum(w * v for w, v in terms) >= scaled_up(p.min_college_hours_in_high_school)
            )
            if g := self.group("college-in-hs"):
                ct.only_enforce_if(g)

        for goal in p.goals:
            self._goal(goal.credential, goal.deadline)

        if objective:
            self._objective(fills)
        return _Built(m, self.x, self.groups)

    def _goal(self, cred: Any, deadline: Any) -> None:
        p, m = self.p, self.m
        root: Requirement = cred.requirements
        d = -1
        for i, pt in enumerate(p.terms):
            if deadline is None or pt.term <= deadline:
                d = i
        pool = sorted(set(self.keys) | {k for k in p.passed if k in p.courses})

        def available(k: str, minimum: str | None) -> Lit:
            by = self.by[k][d] if (k in self.x and d >= 0) else False
            g = p.passed.get(k, "-")
            passed_ok = k in p.passed and (g is None or grades.meets_minimum(g, minimum))
            placeable = k in self.x and self.by[k][-1] is not False
            if passed_ok and placeable:  # a retake: the old grade counts unless retaken
                either = m.new_bool_var("passed-or-placed")
                m.add_bool_or(
                    [self.by[k][-1].negated(), by]
                    if by is not False
                    else [self.by[k][-1].negated()]
                ).only_enforce_if(either)
                return either
            if passed_ok:
                return True
            return by

        uses: dict[str, list[Lit]] = {}

        def node(n: Requirement) -> Lit:
            match n:
                case CourseNode(course, minimum):
                    k = course_key(course)
                    if k not in p.courses:
                        return False
                    a = available(k, minimum)
                    if a is True or a is False:
                        if a is True and p.exclusive:
                            u = m.new_bool_var("use")
                            uses.setdefault(k, []).append(u)
                            return u
                        return a
                    u = m.new_bool_var("use")
                    m.add_implication(u, a)
                    uses.setdefault(k, []).append(u)
                    return u
                case Credits(credits, select, minimum):
                    weighted = []
                    chosen = _selected(p, select, self._selected)
                    for k in pool:
                        c = p.courses[k]
                        if k not in chosen:
                            continue
                        a = available(k, minimum)
                        w = scaled_down(credit_for(cred, c))
                        if a is False or w <= 0:
                            continue
                        u = m.new_bool_var("use")
                        if a is not True:
                            m.add_implication(u, a)
                        uses.setdefault(k, []).append(u)
                        weighted.append(w * u)
                    s = m.new_bool_var("credits")
                    need = scaled_up(credits)
                    if not weighted:
                        return not need > 0
                    m.add(sum(weighted) >= need).only_enforce_if(s)
                    return s
                case ReqAll(children):
                    parts = [node(ch) for ch in children]
                    if any(v is False for v in parts):
                        return False
                    s = m.new_bool_var("all")
                    for v in parts:
                        if v is not True:
                            m.add_implication(s, v)
                    return s
                case NOf(n_, children):
                    parts = [node(ch) for ch in children]
                    s = m.new_bool_var("nof")
                    m.add(
                        sum(1 if v is True else (0 if v is False else v) for v in parts) >= n_
                    ).only_enforce_if(s)
                    return s
            raise TypeError(n)

        top = node(root)
        if p.exclusive:
            for lits in uses.values():
                if len(lits) > 1:
                    m.add_at_most_one(lits)
        because = self.group("goal", cred.id)
        if top is True:
            return
        if top is False:
            if because:
                m.add_bool_or([False]).only_enforce_if(because)
            else:
                m.add_bool_or([])
            return
        ct = m.add_bool_or([top])
        if because:
            ct.only_enforce_if(because)

    def _objective(self, fills: list[tuple[int, list[tuple[int, Lit]]]]) -> None:
        """The plan model's order as stages, each minimised with the ones before it held."""
        p, m, T = self.p, self.m, self.T
        # reach[i]: a course is placed in term i or later (i >= 1); the last term's index is
        # their sum
        reach = [m.new_bool_var(f"reach:{i}") for i in range(1, T)]
        for a, b in zip(reach[1:], reach, strict=False):
            m.add_implication(a, b)
        for k in self.keys:
            for i in range(1, T):
                if self.x[k][i] is not False:
                    m.add_implication(self.x[k][i], reach[i - 1])
        last = sum(reach)
        # The fullest term's share of its limit, in thousandths, over only the values a term's
        # load can take (the subset sums of its courses' weights): between two of them the
        # solver need not prove each thousandth out in turn.
        self.fill_domain = fill_values(fills)
        fill = m.new_int_var_from_domain(self.cp.Domain.from_values(self.fill_domain), "fill")
        for cap, weights in fills:
            if cap > 0:
                m.add(fill * cap >= FILL_SCALE * sum(w * v for w, v in weights))
        moves = []
        for k, term in p.previous.items():
            at = self.index.get(term)
            if k in self.x and at is not None and self.x[k][at] is not False:
                moves.append(1 - self.x[k][at])
            else:
                moves.append(1)
        # courses the plan adds: what the designer already placed is not counted, so keeping
        # it never costs (moves decide whether it stays where it is)
        added_lits = [
            self.by[k][-1] for k in self.keys if k not in p.previous and self.by[k][-1] is not False
        ]
        added = sum(added_lits)
        # Two solves, each an exact lexicographic pair as one weighted sum (the second term
        # of a pair is below the first's weight): terms then courses added, then balance then
        # moves. A solve per criterion costs a presolve each for nothing.
        n_added = sum(1 for k in self.keys if k not in p.previous) + 1
        self.stages = [
            ("terms, added", last * n_added + added),
            ("balance, moves", fill * (len(moves) + 1) + sum(moves) if moves else fill),
        ]
        self.fill, self.fills, self.moves = fill, fills, moves
        self.reach, self.added, self.n_added = reach, added, n_added
        self.added_lits = added_lits


def fill_values(fills: list[tuple[int, list[tuple[int, Lit]]]]) -> list[int]:
    """Every value the balance figure can take: per term of limit ``cap`` (hundredths), the
    thousandths ``ceil(1000 * load / cap)`` of each load its courses' weights can sum to
    within the limit (a bit set of subset sums), and 0.

    >>> fill_values([(800, [(100, "a"), (134, "b")]), (0, [(100, "c")])])
    [0, 125, 168, 293]
    """
    out = {0}
    for cap, weights in fills:
        if cap <= 0:
            continue
        sums = 1
        mask = (1 << (cap + 1)) - 1
        for w, _ in weights:
            if w > 0:
                sums = (sums | (sums << w)) & mask
        load = 0
        while sums:
            if sums & 1:
                out.add(-(-FILL_SCALE * load // cap))
            sums >>= 1
            load += 1
    return sorted(out)


def fill_of(fills: list[tuple[int, list[tuple[int, Lit]]]], value: Callable[[Lit], int]) -> int:
    """The balance figure of a plan: its fullest term's ``ceil(1000 * load / cap)``."""
    out = 0
    for cap, weights in fills:
        if cap > 0:
            load = sum(w * value(v) for w, v in weights)
            out = max(out, -(-FILL_SCALE * load // cap))
    return out


def search_down(
    candidates: list[int], best: int, feasible: Callable[[int], int | None]
) -> tuple[int, bool]:
    """The least of ``candidates`` (sorted; none below them has a plan) at which a plan
    exists, from ``best``, the figure of a plan in hand. ``feasible(v)`` looks for a plan
    whose figure is at most ``v`` and answers that plan's figure, ``None`` when there is
    none, or raises :class:`TimeoutError`. It is asked at the candidate just below the best
    figure so far, so the last check (the one answering ``None``) proves the best optimal.
    Returns the best figure and whether it is proven."""
    while True:
        below = [v for v in candidates if v < best]
        if not below:
            return best, True
        try:
            got = feasible(below[-1])
        except TimeoutError:
            return best, False
        if got is None:
            return best, True
        best = got


# The balance solve's budget before its proof is handed to a feasibility check (CP-SAT
# deterministic seconds; see _balance).
BALANCE_BUDGET = 0.05
# The one solve at the fewest terms' bound: its budget (deterministic seconds; it minimises
# the courses added as well, so more than the balance solve's: 0.05 and 0.15 measured no
# better), and how many terms it tries from the bound before the two solves take over.
AT_BOUND_BUDGET = 0.1
AT_BOUND_TRIES = 2


def _solver(time_limit: float, workers: int) -> Any:
    from ortools.sat.python import cp_model

    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = time_limit
    solver.parameters.num_workers = workers
    solver.parameters.random_seed = 7
    # Measured on the demo cases (benchmarks/bench_planner.py, docs/planner.md): one worker
    # with the full LP relaxation proves the balance stage optimal where the default portfolio
    # times out (two workers share two cores with the web server and are slower still); the
    # LP's constraints all in from the start, not added lazily, halve the balance stage; one
    # presolve pass is enough on these models, and probing at level 1 rather than 2 (students'
    # plans about 10 % faster, templates within the noise).
    solver.parameters.linearization_level = 2
    solver.parameters.add_lp_constraints_lazily = False
    solver.parameters.max_presolve_iterations = 1
    solver.parameters.cp_model_probing_level = 1
    return solver


def _balance(
    builder: _Builder,
    model: cp_model.CpModel,
    variables: list[Lit],
    kept: list[int],
    started: float,
    time_limit: float,
    workers: int,
    lower: int | None = None,
) -> bool:
    """Balance then moves, with terms and courses added held at their optimum; ``kept``
    (the values of ``variables``) becomes the plan found. Returns whether it is proven.
    With ``lower`` (a balance figure no plan is below), ``kept`` is a plan to start from
    and the minimisation is skipped: the checks start at once.

    One minimisation of the pair (balance, moves) within :data:`BALANCE_BUDGET`, which
    finishes, proven, on most cases. On the others it has a plan, often the best, but is
    still proving that no plan has a less full term; one feasibility check instead (is there
    a plan at the next balance value down, between the solve's lower bound and its plan?)
    proves that faster. A check that finds a plan gives the next, lower figure to try, so
    the figure returned is proven optimal either way; the moves are then minimised with it
    held.
    """
    from ortools.sat.python import cp_model

    fill, fills = builder.fill, builder.fills
    n_moves = len(builder.moves)

    def solution(solver: Any) -> int:
        sol = solver.response_proto.solution
        kept[:] = [sol[v.index] for v in variables]
        return fill_of(fills, lambda v: sol[v.index])

    def left() -> float:
        return time_limit - (time.perf_counter() - started)

    def kept_fill() -> int:
        value = dict(zip((id(v) for v in variables), kept, strict=True))
        return fill_of(fills, lambda v: value[id(v)])

    if lower is not None:
        best = kept_fill()
    else:
        solver = _solver(max(left(), 0.05), workers)
        solver.parameters.max_deterministic_time = BALANCE_BUDGET
        model.minimize(builder.stages[1][1])
        status = solver.solve(model)
        model.clear_objective()  # type: ignore[no-untyped-call]
        if status == cp_model.OPTIMAL:
            solution(solver)
            return True
        lower = 0
        if status == cp_model.FEASIBLE:
            best = solution(solver)
            # the objective is fill * (moves + 1) + moves: no plan has a fill below this
            lower = -(-(round(solver.best_objective_bound) - n_moves) // (n_moves + 1))
        else:  # no plan within the budget: the first solve's plan is one
            best = kept_fill()

    def feasible(v: int) -> int | None:
        if left() <= 0.05:
            raise TimeoutError
        fill.domain = cp_model.Domain.from_values([d for d in builder.fill_domain if d <= v])
        solver = _solver(left(), workers)
        st = solver.solve(model)
        if st == cp_model.INFEASIBLE:
            return None
        if st not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            raise TimeoutError
        return solution(solver)

    candidates = [d for d in builder.fill_domain if d >= lower]
    best, proven = search_down(candidates, best, feasible)
    fill.domain = cp_model.Domain.from_values([d for d in builder.fill_domain if d <= best])
    if builder.moves:
        solver = _solver(max(left(), 0.05), workers)
        model.minimize(sum(builder.moves))
        st = solver.solve(model)
        model.clear_objective()  # type: ignore[no-untyped-call]
        if st in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            solution(solver)
        proven = proven and st == cp_model.OPTIMAL
    return proven


def _at_bound(
    builder: _Builder,
    model: cp_model.CpModel,
    variables: list[Lit],
    kept: list[int],
    started: float,
    time_limit: float,
    workers: int,
) -> tuple[Any, bool] | None:
    """The plan in one solve when the fewest terms are known beforehand: with no course
    after the term :func:`_last_term_bound` says every plan reaches, every plan found ends
    there, which is then the fewest; the rest of the order (courses added, balance,
    moves) is one weighted sum, each criterion below the previous one's weight.

    The solve runs within :data:`AT_BOUND_BUDGET`. Unfinished with the courses added
    proven (the solve's bound is above every score with fewer), the balance is proven by
    :func:`_balance`'s checks from its plan and bound. With no plan at the bound, the next
    term is tried (up to :data:`AT_BOUND_TRIES` terms). Answers the status and whether it
    is proven (``kept`` the plan), or ``None`` for the two solves of :func:`solve`: when no
    plan ends at the terms tried (the model then says every plan ends after them), or the
    budget ran out before the courses added were proven (the model then holds the term the
    plan ends at, the fewest).
    """
    from ortools.sat.python import cp_model

    bound = _last_term_bound(builder.p, builder.domain, builder._selected)
    if bound is None:
        return None
    reach, moves = builder.reach, builder.moves
    balance = builder.stages[1][1]
    weight = builder.fill_domain[-1] * (len(moves) + 1) + len(moves) + 1
    added = builder.added
    model.minimize(added * weight + balance)
    bound = max(bound, 0)  # reach[i]: a course in term i + 1 or later
    for _ in range(AT_BOUND_TRIES):
        after = reach[bound:]
        for r in after:
            r.domain = cp_model.Domain(0, 0)
        solver = _solver(max(time_limit - (time.perf_counter() - started), 0.05), workers)
        solver.parameters.max_deterministic_time = AT_BOUND_BUDGET
        status = solver.solve(model)
        if status != cp_model.INFEASIBLE:
            break
        # every plan ends after the bound
        for r in after:
            r.domain = cp_model.Domain(0, 1)
        if not after:  # the bound is the last term: no plan at all
            model.clear_objective()  # type: ignore[no-untyped-call]
            return status, True
        after[0].domain = cp_model.Domain(1, 1)
        bound += 1
    model.clear_objective()  # type: ignore[no-untyped-call]
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        for r in reach[bound:]:
            r.domain = cp_model.Domain(0, 1)
        return None
    sol = solver.response_proto.solution
    kept[:] = [sol[v.index] for v in variables]
    if status == cp_model.OPTIMAL:
        return status, True
    # a plan ends at the bound; are its courses added proven fewest? (no plan scores below
    # the solve's bound, and the balance part of a score is below ``weight``)
    n = sum(sol[v.index] for v in builder.added_lits)
    if round(solver.best_objective_bound) // weight < n:
        return None
    if not isinstance(added, int):
        model.add(added <= n)
    # the balance part of the solve's bound, then the fill part of that (as in _balance)
    rest = round(solver.best_objective_bound) - n * weight
    lower = max(0, -(-(rest - len(moves)) // (len(moves) + 1)))
    proven = _balance(builder, model, variables, kept, started, time_limit, workers, lower)
    return cp_model.OPTIMAL, proven


def solve(
    problem: PlanProblem, *, time_limit: float = 10.0, workers: int = 1, explain: bool = True
) -> PlanResult:
    """The best plan for ``problem``, or why there is none.

    OPTIMAL means proven best in the plan model's order; FEASIBLE a plan found before the
    time limit; INFEASIBLE comes with ``plan-conflict`` findings (when ``explain``).
    """
    from ortools.sat.python import cp_model

    started = time.perf_counter()
    builder = _Builder(problem, explain=False)
    built = builder.build(objective=True)
    model = built.model
    proven = False
    variables = [v for row in built.x.values() for v in row if v is not False]
    kept: list[int] = []
    at_bound = _at_bound(builder, model, variables, kept, started, time_limit, workers)
    if at_bound is not None:
        status, proven = at_bound
        if status == cp_model.OPTIMAL and not proven:
            status = cp_model.FEASIBLE
    else:
        # terms and courses added: proven at the root without cuts, which cost more than
        # they save there (measured: students' first solve about halved); the balance
        # solve needs them
        solver = _solver(time_limit, workers)
        solver.parameters.cut_level = 0
        solver.parameters.symmetry_level = 0  # nor symmetry: found at the root all the same
        first = builder.stages[0][1]
        model.minimize(first)
        status = solver.solve(model)
    if at_bound is None and status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        proven = status == cp_model.OPTIMAL
        sol = solver.response_proto.solution
        kept = [sol[v.index] for v in variables]
        # no hint from this solve to the next: measured, it saves little on most cases and
        # sent one demo template's balance solve from 0.9 s to 6 s
        best = round(solver.objective_value)
        model.add(first <= best)
        # the same bound spelled out for the presolve: ``first`` is ``last * n_added +
        # added`` with ``added < n_added``, so no plan within it ends after term ``last``
        # of the plan found; at the proven optimum none ends before either (it would score
        # below the optimum), so none adds more courses
        last, added = divmod(best, builder.n_added)
        for r in builder.reach[last:]:
            model.add_bool_or([r.negated()])
        if proven and not isinstance(builder.added, int):
            model.add(builder.added <= added)
        model.clear_objective()  # type: ignore[no-untyped-call]
        status = cp_model.OPTIMAL
        if time_limit - (time.perf_counter() - started) <= 0.05:
            proven = False
        else:
            proven = (
                _balance(builder, model, variables, kept, started, time_limit, workers) and proven
            )
    if status == cp_model.OPTIMAL and not proven:
        status = cp_model.FEASIBLE
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        placements = []
        value = dict(zip((id(v) for v in variables), kept, strict=True))
        for k, row in built.x.items():
            for i, v in enumerate(row):
                if v is not False and value[id(v)]:
                    c = problem.courses[k]
                    term = problem.terms[i].term
                    before = problem.previous.get(k)
                    placements.append(
                        PlannedCourse(
                            key=k,
                            code=c.code,
                            title=c.title,
                            term=term,
                            credits=c.credits,
                            college=c.is_college,
                            locked=k in problem.locks,
                            retake=k in problem.retakes,
                            moved_from=before if before is not None and before != term else None,
                        )
                    )
        placements.sort(key=lambda pc: (pc.term, pc.code))
        plan = Plan(tuple(placements), score(problem, [(pc.key, pc.term) for pc in placements]))
        findings: list[Finding] = []
        st = PlanStatus.OPTIMAL if status == cp_model.OPTIMAL else PlanStatus.FEASIBLE
        if st is PlanStatus.FEASIBLE:
            findings.append(
                plan_finding(
                    "plan-not-proven",
                    f"A plan was found, but not proven the best within {time_limit:g} seconds.",
                )
            )
        return PlanResult(st, plan, tuple(findings), time.perf_counter() - started)
    if status == cp_model.INFEASIBLE:
        conflicts = explain_infeasible(problem, time_limit=time_limit) if explain else []
        return PlanResult(
            PlanStatus.INFEASIBLE, None, tuple(conflicts), time.perf_counter() - started
        )
    return PlanResult(
        PlanStatus.UNKNOWN,
        None,
        (
            plan_finding(
                "plan-timeout",
                f"No plan was found within {time_limit:g} seconds; try again with more time "
                "or fewer courses to place.",
            ),
        ),
        time.perf_counter() - started,
    )


def _core(
    built: _Built, keep: Callable[[Group], bool], time_limit: float
) -> tuple[bool, list[Group]]:
    """Infeasible with the kept groups assumed (the others left free)? And, if so, a
    sufficient subset of them. The model is built once per explanation; each call only
    changes its assumptions."""
    from ortools.sat.python import cp_model

    names = [g for g in built.groups if keep(g)]
    lits = [built.groups[g] for g in names]
    built.model.clear_assumptions()
    built.model.add_assumptions(lits)
    solver = _solver(time_limit, 1)
    status = solver.solve(built.model)
    if status != cp_model.INFEASIBLE:
        return False, []
    index = {built.groups[g].index: g for g in names}
    core = [index[i] for i in solver.sufficient_assumptions_for_infeasibility() if i in index]
    return True, core


def explain_infeasible(problem: PlanProblem, *, time_limit: float = 10.0) -> list[Finding]:
    """Plain-language findings naming a small set of constraints that cannot all hold."""
    deadline = time.perf_counter() + time_limit
    built = _Builder(problem, explain=True).build(objective=False)
    infeasible, core = _core(built, lambda g: True, time_limit)
    if not infeasible:
        return [plan_finding("plan-timeout", "No plan was found, and no conflict could be named.")]
    # shrink by deletion: drop each group the conflict survives without
    kept = list(core)
    for g in list(core):
        if time.perf_counter() > deadline:
            break
        if g not in kept:  # already dropped with a smaller core
            continue
        trial = [x for x in kept if x != g]
        trial_set = set(trial)
        still, smaller = _core(built, trial_set.__contains__, 2.0)
        if still:
            kept = smaller or trial
    lines = [describe_group(problem, g) for g in kept]
    head = plan_finding(
        "plan-infeasible",
        "No plan meets every constraint. These cannot all hold together; relaxing any one "
        "of them may allow a plan: " + "; ".join(lines) + "."
        if lines
        else "No plan meets every constraint: the terms of the grid cannot hold what must be "
        "placed.",
        conflicts=len(lines),
    )
    out = [head]
    for g, line in zip(kept, lines, strict=True):
        kind, name = g
        course = problem.courses[name].code if name in problem.courses else None
        out.append(
            plan_finding(
                "plan-conflict",
                line,
                course=course,
                credential=name if kind == "goal" else None,
                constraint=kind,
            )
        )
    return out


def describe_group(problem: PlanProblem, group: Group) -> str:
    """A constraint group in words a designer or counselor reads."""
    kind, name = group
    c = problem.courses.get(name)
    code = c.code if c else name
    match kind:
        case "place":
            return f"{code} must be placed"
        case "lock":
            t = problem.locks.get(name)
            return f"{code} is locked in {t.label if t else 'a term outside the grid'}"
        case "offered":
            assert c is not None
            seasons = ", ".join(s.label.lower() for s in Season if s in c.terms_offered)
            return f"{code} is offered only in {seasons or 'no term'}"
        case "window":
            assert c is not None
            return f"{code} is open to grades {c.grade_min or 9}-{c.grade_max or 12} only"
        case "summers":
            return "the plan uses no summer terms"
        case "prereq":
            assert c is not None
            parts = [
                f"{label} {unparse(e)}"
                for label, e in (
                    ("needs first", c.prerequisites),
                    ("needs with it or first", c.corequisites),
                    ("needs in the same term", c.strict_corequisites),
                )
                if e is not None
            ]
            return f"{code} " + ", ".join(parts)
        case "eligibility":
            assert c is not None
            return f"the dual-enrollment rule of {code} ({unparse(c.eligibility)})"
        case "goal":
            goal = next(g for g in problem.goals if g.credential.id == name)
            when = goal.deadline.label if goal.deadline else problem.terms[-1].term.label
            return f"{goal.credential.name} must be earned by {when}"
        case "load-hs":
            caps = {t.max_hs_courses for t in problem.terms if t.max_hs_courses is not None}
            return f"a high-school term holds at most {_num(max(caps))} semester courses"
        case "load-college":
            hours = sorted({t.max_college_hours for t in problem.terms if t.max_college_hours})
            return (
                "a term holds at most "
                + " or ".join(_num(x) for x in hours)
                + (" college semester hours")
            )
        case "college-in-hs":
            return (
                f"at least {_num(problem.min_college_hours_in_high_school)} college credits "
                "by the end of grade 12"
            )
    return f"{kind} {name}"


def _num(x: float | None) -> str:
    if x is None:
        return ""
    return str(int(x)) if x == int(x) else f"{x:g}"


def groups_of(problem: PlanProblem) -> Iterable[Group]:
    """Every constraint group of ``problem`` (what an explanation can name)."""
    builder = _Builder(problem, explain=True)
    return list(builder.build(objective=False).groups)
