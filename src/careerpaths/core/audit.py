"""Requirement audits: which of a record's courses satisfy which requirement.

An audit allocates *items* (course attempts, or planned placements of a pathway) to
the leaves of a requirement tree. Inside one credential a course counts once
(``exclusive=True``, the default); across credentials each audit starts afresh, so a
dual-credit course counts toward the high-school diploma and a college credential at
once — that double counting is the point of dual credit (see
:class:`~careerpaths.core.model.RegionSettings`).

The allocation is exact: it finds an assignment whenever one exists. The search runs
over the tree (n-of choices, minimal credit subsets) with two prunings that never lose
a solution — an item only one leaf can use is given to that leaf first, and failed
(node, used-items) states are remembered. ``tests/unit/core/test_audit.py`` checks it
against a brute-force matcher.

Definitions: a ``CourseNode`` is met by one item of that course whose grade meets the
minimum; a ``Credits`` node by items matching its selector whose credits add up to the
minimum; ``AllOf`` when every child is met; ``NOf`` when ``n`` children are met.
Planned items (grade None) meet any minimum grade; in-progress items count only toward
an "in progress" status.

A batch audits a million students, so the work that depends on a tree alone is done
once per tree (``_Tree``: leaf paths, descriptions, which leaves a course could fill),
and :class:`AuditMemo` lets a batch reuse an audit for the next student with the same
relevant items; neither changes a result (``tests/unit/core/test_audit_batch.py``).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from itertools import combinations

from careerpaths.core import grades
from careerpaths.core.numbers import format_number
from careerpaths.core.requirements import (
    AllOf,
    CourseFacts,
    CourseNode,
    Credits,
    Leaf,
    NOf,
    Requirement,
    describe,
    leaves,
    walk,
)
from careerpaths.core.requisites import course_key
from careerpaths.core.terms import Term


@dataclass(frozen=True)
class Item:
    """Something that can fill a requirement: a course attempt or a planned course."""

    id: int
    code: str
    facts: CourseFacts
    credits: float
    grade: str | None = None  # None: planned, not yet taken
    term: Term | None = None
    in_progress: bool = False

    @property
    def planned(self) -> bool:
        return self.grade is None and not self.in_progress

    def label(self) -> str:
        bits = [self.code]
        if self.grade:
            bits.append(self.grade)
        elif self.in_progress:
            bits.append("in progress")
        elif self.planned:
            bits.append("planned")
        if self.term:
            bits.append(self.term.label.lower())
        return f"{bits[0]} ({', '.join(bits[1:])})" if len(bits) > 1 else bits[0]


class Status(StrEnum):
    MET = "met"
    IN_PROGRESS = "in_progress"
    NOT_MET = "not_met"


@dataclass(frozen=True)
class Applied:
    code: str
    credits: float
    grade: str | None
    term: str | None
    planned: bool
    in_progress: bool


@dataclass(frozen=True)
class NodeResult:
    """The audit of one node: met or not, what was applied, what remains, and why."""

    path: str
    kind: str
    description: str
    met: bool
    required: float  # credits (Credits), 1 (course), n (NOf), number of children (AllOf)
    earned: float
    applied: tuple[Applied, ...]
    remaining: str
    explanation: str
    children: tuple[NodeResult, ...] = ()

    def walk(self) -> Iterator[NodeResult]:
        yield self
        for c in self.children:
            yield from c.walk()


@dataclass(frozen=True)
class AuditResult:
    credential: str
    name: str
    status: Status
    root: NodeResult | None
    unused: tuple[str, ...]  # codes of items this credential did not use
    used_ids: frozenset[int] = frozenset()  # ids of the items it applied

    @property
    def met(self) -> bool:
        return self.status is Status.MET

    def summary(self) -> str:
        if self.root is None:
            return f"{self.name}: no requirement tree (earned by exam)."
        word = {
            Status.MET: "met",
            Status.IN_PROGRESS: "met once courses in progress are completed",
            Status.NOT_MET: "not met",
        }[self.status]
        return f"{self.name}: {word}. {self.root.explanation}"


Alloc = tuple[tuple[str, tuple[Item, ...]], ...]

# Grade comparisons, remembered: an audit asks the same few (grade, minimum) questions
# millions of times in a batch. Only answers are stored (an invalid minimum still raises).
_MEETS: dict[tuple[str | None, str | None], bool] = {}
_POINTS: dict[str | None, float] = {}


_MAX_GRADES = 4096  # unknown grades on bad records must not grow the tables without end


def _meets(grade: str | None, minimum: str | None) -> bool:
    got = _MEETS.get((grade, minimum))
    if got is None:
        got = grades.meets_minimum(grade, minimum)
        if len(_MEETS) >= _MAX_GRADES:
            _MEETS.clear()
        _MEETS[(grade, minimum)] = got
    return got


def _points(grade: str | None) -> float:
    got = _POINTS.get(grade)
    if got is None:
        got = grades.points(grade) or 0.0
        if len(_POINTS) >= _MAX_GRADES:
            _POINTS.clear()
        _POINTS[grade] = got
    return got


class _Tree:
    """What an audit needs to know about a requirement tree, worked out once per tree.

    Everything here is a function of the (frozen) tree alone: leaf paths, each node's
    children paths and one-line description, and — per course's facts, remembered as
    they are met — which leaves the course could ever fill, so that finding a leaf's
    candidates is one lookup per item instead of a selector test per (leaf, item).
    """

    def __init__(self, root: Requirement) -> None:
        self.root = root
        self.leaves: list[tuple[str, Leaf]] = leaves(root)
        self.leaf_of: dict[str, Leaf] = dict(self.leaves)
        self.leaf_index: dict[str, int] = {path: k for k, (path, _) in enumerate(self.leaves)}
        self.nodes: list[tuple[str, Requirement]] = list(walk(root))
        self.node_of: dict[str, Requirement] = dict(self.nodes)
        self.describe: dict[str, str] = {path: describe(node) for path, node in self.nodes}
        self.children: dict[str, tuple[str, ...]] = {
            path: tuple(f"{path}.{k + 1}" for k in range(len(node.children)))
            for path, node in self.nodes
            if isinstance(node, AllOf | NOf)
        }
        # (leaf index, path, is a credits leaf, minimum grade)
        self.leaf_info: list[tuple[int, str, bool, str | None]] = [
            (k, path, isinstance(leaf, Credits), leaf.min_grade)
            for k, (path, leaf) in enumerate(self.leaves)
        ]
        self.course_keys: list[str | None] = [
            course_key(leaf.course) if isinstance(leaf, CourseNode) else None
            for _, leaf in self.leaves
        ]
        self.course_key_of: dict[str, str] = {
            path: course_key(node.course)
            for path, node in self.nodes
            if isinstance(node, CourseNode)
        }
        self.fewest_credits = _fewest(root)
        self._fits: dict[CourseFacts, tuple[int, ...]] = {}
        # the same answers by object identity (a catalog course's facts are one object); an
        # entry holds its facts, so the address cannot be reused while it is here
        self._fits_of_object: dict[int, tuple[CourseFacts, tuple[int, ...]]] = {}

    def could_be_met(self, credits: list[float], count: list[int]) -> bool:
        """See :func:`could_be_met`: ``credits`` and ``count`` of the candidates per leaf."""
        able: dict[str, bool] = {}
        index = self.leaf_index
        for path, node in reversed(self.nodes):  # children before their parent
            if isinstance(node, CourseNode):
                able[path] = count[index[path]] > 0
            elif isinstance(node, Credits):
                able[path] = credits[index[path]] + 1e-9 >= node.credits
            else:
                met = sum(able[kid] for kid in self.children[path])
                need = len(node.children) if isinstance(node, AllOf) else node.n
                able[path] = met >= need
        return able[self.nodes[0][0]]

    def eligible(self, item: Item) -> tuple[int, ...]:
        """Indexes of the leaves ``item`` may fill in a search that admits it.

        A course leaf wants the course, a credits leaf a matching course with credits;
        a finished item must meet the leaf's minimum grade (planned and in-progress items
        have no grade yet). The search without in-progress items leaves those out whole.
        """
        info = self.leaf_info
        free_grade = item.grade is None or item.in_progress
        return tuple(
            k
            for k in self.fits(item.facts)
            if (item.credits > 0 or not info[k][2])
            and (free_grade or _meets(item.grade, info[k][3]))
        )

    def fits(self, facts: CourseFacts) -> tuple[int, ...]:
        """Indexes of the leaves a course with these facts could fill (grades aside)."""
        known = self._fits_of_object.get(id(facts))
        if known is not None and known[0] is facts:
            return known[1]
        got = self._fits.get(facts)
        if got is None:
            got = self._fits[facts] = tuple(
                k
                for k, (_, leaf) in enumerate(self.leaves)
                if (
                    facts.key == self.course_keys[k]
                    if isinstance(leaf, CourseNode)
                    else leaf.select.matches(facts)
                )
            )
        if len(self._fits_of_object) >= _MAX_OBJECTS:
            self._fits_of_object.clear()
        if len(self._fits) >= _MAX_OBJECTS:
            self._fits.clear()
        self._fits_of_object[id(facts)] = (facts, got)
        return got


_MAX_OBJECTS = 50_000
_TREES: dict[int, _Tree] = {}
_MAX_TREES = 512


def _tree(root: Requirement) -> _Tree:
    """The compiled form of ``root`` (keyed by identity; the entry keeps ``root`` alive)."""
    got = _TREES.get(id(root))
    if got is None or got.root is not root:
        if len(_TREES) >= _MAX_TREES:
            _TREES.clear()
        got = _TREES[id(root)] = _Tree(root)
    return got


class _Solver:
    """Exact allocation search over one tree and one set of items."""

    def __init__(
        self, root: Requirement, items: Sequence[Item], *, exclusive: bool, allow_ip: bool
    ) -> None:
        self.root = root
        self.exclusive = exclusive
        self.allow_ip = allow_ip
        tree = self.tree = _tree(root)
        # A leaf's candidates are the items :meth:`_eligible` accepts for it, in item order;
        # ``tree.fits`` narrows the leaves to test to those the item's course could fill.
        found: list[list[Item]] = [[] for _ in tree.leaves]
        info = tree.leaf_info
        eligible = tree.eligible
        for i in items:
            if i.in_progress and not allow_ip:
                continue
            for k in eligible(i):
                found[k].append(i)
        self.candidates: dict[str, list[Item]] = {}
        for (_, path, _, _), cands in zip(info, found, strict=True):
            # best first: higher grade, then more credits, then earlier term
            cands.sort(key=lambda i: (-_points(i.grade), -i.credits, i.id))
            self.candidates[path] = cands
        # Children are solved from the most specific (fewest candidates) to the most general,
        # a fixed order; so when a leaf is solved, only the leaves after it in that order can
        # still want an item. ``later[path]`` holds those items: any other free candidate can
        # be taken at no cost to the rest of the search.
        self.order: dict[str, tuple[int, ...]] = {}
        self.possible: dict[str, bool] = {}
        # leaves that must all be met for a node to be met (an n-of below contributes none)
        self.required: dict[str, list[str]] = {}
        self.leaf_of: dict[str, Leaf] = tree.leaf_of
        sequence: list[str] = []
        self._plan(root, "1", sequence)
        self.later: dict[str, frozenset[int]] = {}
        wanted: set[int] = set()
        for path in reversed(sequence):
            self.later[path] = frozenset(wanted)
            wanted.update(i.id for i in self.candidates[path])
        self.failed: set[tuple[str, frozenset[int]]] = set()

    def _plan(self, node: Requirement, path: str, sequence: list[str]) -> set[int]:
        """Fix the solving order, note which nodes could be met at all; return candidate ids."""
        if isinstance(node, CourseNode | Credits):
            cands = self.candidates[path]
            if isinstance(node, CourseNode):
                self.possible[path] = bool(cands)
            else:
                self.possible[path] = sum(i.credits for i in cands) + 1e-9 >= node.credits
            sequence.append(path)
            self.required[path] = [path]
            return {i.id for i in cands}
        subs: list[tuple[int, int, list[str], set[int]]] = []
        kids = self.tree.children[path]
        for k, child in enumerate(node.children):
            seq: list[str] = []
            ids = self._plan(child, kids[k], seq)
            subs.append((len(ids), k, seq, ids))
        subs.sort(key=lambda t: (t[0], t[1]))
        self.order[path] = tuple(k for _, k, _, _ in subs)
        if isinstance(node, AllOf) or node.n >= len(node.children):
            self.required[path] = [leaf for kid in kids for leaf in self.required[kid]]
        else:
            self.required[path] = []
        for _, _, seq, _ in subs:
            sequence.extend(seq)
        n_possible = sum(self.possible[kid] for kid in kids)
        need = len(node.children) if isinstance(node, AllOf) else node.n
        self.possible[path] = n_possible >= need
        return set().union(*(ids for _, _, _, ids in subs))

    def _eligible(self, leaf: Leaf, item: Item) -> bool:
        """Whether ``item`` may fill ``leaf`` (the definition the candidate lists follow)."""
        if item.in_progress and not self.allow_ip:
            return False
        minimum = leaf.min_grade
        if not (item.planned or item.in_progress or grades.meets_minimum(item.grade, minimum)):
            return False
        if isinstance(leaf, CourseNode):
            return item.facts.key == course_key(leaf.course)
        return item.credits > 0 and leaf.select.matches(item.facts)

    def solve(
        self, node: Requirement, path: str, used: frozenset[int]
    ) -> Iterator[tuple[frozenset[int], Alloc]]:
        state = (path, used if self.exclusive else frozenset())
        if state in self.failed:
            return
        found = False
        for result in self._solve(node, path, used):
            found = True
            yield result
        if not found:
            self.failed.add(state)

    def _solve(
        self, node: Requirement, path: str, used: frozenset[int]
    ) -> Iterator[tuple[frozenset[int], Alloc]]:
        if not self.possible[path]:
            return
        if isinstance(node, CourseNode):
            free = [i for i in self.candidates[path] if i.id not in used]
            later = self.later[path]
            sole = [i for i in free if i.id not in later]
            for item in sole[:1] or free:
                yield self._take(used, (item,)), ((path, (item,)),)
        elif isinstance(node, Credits):
            for chosen in self._credit_sets(node, path, used):
                yield self._take(used, chosen), ((path, chosen),)
        elif isinstance(node, AllOf):
            yield from self._chain(node.children, path, self.order[path], 0, used, ())
        else:
            if node.n <= 0:
                yield used, ()
                return
            able = [k for k in self.order[path] if self.possible[f"{path}.{k + 1}"]]
            for combo in combinations(able, node.n):
                yield from self._chain(node.children, path, combo, 0, used, ())

    def _chain(
        self,
        children: tuple[Requirement, ...],
        path: str,
        order: tuple[int, ...],
        k: int,
        used: frozenset[int],
        alloc: Alloc,
    ) -> Iterator[tuple[frozenset[int], Alloc]]:
        if k == len(order):
            yield used, alloc
            return
        if self.exclusive and not self._enough(
            [leaf for j in order[k:] for leaf in self.required[f"{path}.{j + 1}"]], used
        ):
            return
        i = order[k]
        for used2, alloc2 in self.solve(children[i], f"{path}.{i + 1}", used):
            yield from self._chain(children, path, order, k + 1, used2, alloc + alloc2)

    def _enough(self, required: list[str], used: frozenset[int]) -> bool:
        """A necessary condition (pruning only): the free items can cover every required leaf.

        Each required leaf needs its credits (a course leaf: its cheapest free candidate),
        and the free candidates of all of them together must carry at least the sum.
        """
        need = 0.0
        pool: dict[int, float] = {}
        for path in required:
            free = [i for i in self.candidates[path] if i.id not in used]
            if not free:
                return False
            leaf = self.leaf_of[path]
            if isinstance(leaf, CourseNode):
                need += min(i.credits for i in free)
            else:
                have = sum(i.credits for i in free)
                if have + 1e-9 < leaf.credits:
                    return False
                need += leaf.credits
            for i in free:
                pool[i.id] = i.credits
        return sum(pool.values()) + 1e-9 >= need

    def _take(self, used: frozenset[int], items: tuple[Item, ...]) -> frozenset[int]:
        return used | {i.id for i in items} if self.exclusive else used

    def _credit_sets(
        self, node: Credits, path: str, used: frozenset[int]
    ) -> Iterator[tuple[Item, ...]]:
        free = [i for i in self.candidates[path] if i.id not in used]
        if sum(i.credits for i in free) + 1e-9 < node.credits:
            return
        later = self.later[path]
        sole = tuple(i for i in free if i.id not in later)
        have = sum(i.credits for i in sole)
        if have + 1e-9 >= node.credits:
            yield sole  # items no later leaf can use: taking them costs the rest nothing
            return
        need = node.credits - have
        contested = [i for i in free if i.id in later]
        credit = [i.credits for i in contested]
        ascending = sorted(credit)
        descending = ascending[::-1]
        for size in range(1, len(contested) + 1):
            # Sizes that cannot give a minimal set are skipped (with a margin far above
            # rounding): every subset of ``size`` items keeps at least the ``size - 1``
            # smallest credits after dropping its smallest, and carries at most the
            # ``size`` largest.
            if sum(ascending[: size - 1]) - 1e-6 >= need:
                break
            if sum(descending[:size]) + 1e-6 < need:
                continue
            for picks in combinations(range(len(contested)), size):
                total = sum([credit[k] for k in picks])
                smallest = min([credit[k] for k in picks])
                if total + 1e-9 >= need and total - smallest + 1e-9 < need:
                    yield sole + tuple(contested[k] for k in picks)


def _facts_label(items: Sequence[Applied]) -> str:
    return ", ".join(
        f"{a.code} ({a.grade})"
        if a.grade
        else f"{a.code} (in progress)"
        if a.in_progress
        else a.code
        for a in items
    )


@lru_cache(maxsize=256)
def _term_id(term: Term) -> str:
    return term.id


def _applied(items: Sequence[Item]) -> tuple[Applied, ...]:
    return tuple(
        Applied(
            i.code,
            i.credits,
            i.grade,
            _term_id(i.term) if i.term else None,
            i.planned,
            i.in_progress,
        )
        for i in items
    )


def _build(
    node: Requirement,
    path: str,
    alloc: dict[str, tuple[Item, ...]],
    graded: dict[str, list[Item]],
    tree: _Tree,
) -> NodeResult:
    """Turn an allocation (possibly partial) into results with explanations.

    ``graded`` holds the items that carry a grade by course key, in item order.
    """
    desc = tree.describe[path]
    if isinstance(node, CourseNode):
        got = alloc.get(path, ())
        applied = _applied(got)
        if got:
            return NodeResult(
                path, "course", desc, True, 1, 1, applied, "", f"Met by {_facts_label(applied)}."
            )
        tried = graded.get(tree.course_key_of[path], [])
        good = [i for i in tried if grades.meets_minimum(i.grade, node.min_grade)]
        why = ""
        if good:
            why = f" {node.course} ({good[0].grade}) counts toward another requirement here."
        elif tried and node.min_grade:
            grades_seen = ", ".join(sorted({i.grade or "" for i in tried}))
            why = f" {node.course} was taken ({grades_seen}) but needs {node.min_grade} or better."
        elif tried:
            why = f" {node.course} was taken but not passed."
        return NodeResult(
            path, "course", desc, False, 1, 0, (), desc, f"Still needed: {desc}.{why}"
        )
    if isinstance(node, Credits):
        got = alloc.get(path, ())
        applied = _applied(got)
        earned = round(sum(i.credits for i in got), 2)
        met = earned + 1e-9 >= node.credits
        what = node.select.describe()
        if met:
            text = f"Met: {format_number(earned)} of {format_number(node.credits)} credits from {what} ({_facts_label(applied)})."
            return NodeResult(path, "credits", desc, True, node.credits, earned, applied, "", text)
        more = format_number(round(node.credits - earned, 2))
        remaining = f"{more} more credits from {what}"
        so_far = f" ({_facts_label(applied)})" if applied else ""
        text = f"{format_number(earned)} of {format_number(node.credits)} credits so far{so_far}; {remaining}."
        return NodeResult(
            path, "credits", desc, False, node.credits, earned, applied, remaining, text
        )
    kids = tuple(
        _build(c, sub, alloc, graded, tree)
        for c, sub in zip(node.children, tree.children[path], strict=True)
    )
    n_met = sum(k.met for k in kids)
    applied = tuple(a for k in kids for a in k.applied)
    if isinstance(node, AllOf):
        need = len(kids)
        met = n_met == need
        missing = [k.remaining or k.description for k in kids if not k.met]
        text = (
            f"All {need} requirements met."
            if met
            else f"{n_met} of {need} requirements met; still needed: {'; '.join(missing)}."
        )
        return NodeResult(
            path, "all_of", desc, met, need, n_met, applied, "; ".join(missing), text, kids
        )
    met = n_met >= node.n
    if met:
        text = f"{node.n} of {len(kids)} needed, {n_met} met."
        remaining = ""
    else:
        remaining = f"{node.n - n_met} more of: " + "; ".join(
            k.description for k in kids if not k.met
        )
        text = f"Needs {node.n} of {len(kids)}; {n_met} met so far; {remaining}."
    return NodeResult(path, "n_of", desc, met, node.n, n_met, applied, remaining, text, kids)


def _best_effort(
    solver: _Solver, node: Requirement, path: str, used: frozenset[int]
) -> tuple[frozenset[int], dict[str, tuple[Item, ...]]]:
    """An explanation for an unmet tree (the verdict itself comes from the exact search).

    Children are visited from the most specific (fewest candidate courses) to the most
    general, so a course shows where it naturally belongs: an English course counts toward
    the English requirement before a catch-all electives requirement. A child that can be
    met keeps an allocation that meets it; one that cannot shows its partial progress.
    """
    if isinstance(node, CourseNode | Credits):
        free = tuple(i for i in solver.candidates[path] if i.id not in used)
        if isinstance(node, CourseNode):
            free = free[:1]
        return solver._take(used, free), {path: free}
    out: dict[str, tuple[Item, ...]] = {}
    order = solver.order[path]
    met = 0
    need = len(node.children) if isinstance(node, AllOf) else node.n
    for k in order:
        child, sub = node.children[k], f"{path}.{k + 1}"
        found = next(solver.solve(child, sub, used), None) if met < need else None
        if found is not None:
            met += 1
            alloc = _trim(child, dict(found[1]), sub)
            out.update(alloc)
            if solver.exclusive:
                used = used | {i.id for got in alloc.values() for i in got}
        else:
            used, extra = _best_effort(solver, child, sub, used)
            out.update(extra)
    return used, out


def _trim(
    root: Requirement, alloc: dict[str, tuple[Item, ...]], base: str = "1"
) -> dict[str, tuple[Item, ...]]:
    """Drop surplus items from met credit leaves, so a credential holds only what it needs.

    College courses are released first: with ``share_across_credentials`` off, what the
    diploma does not need stays free for the college credential.
    """
    out = dict(alloc)
    for path, leaf in walk(root, base):
        if not isinstance(leaf, Credits) or path not in out:
            continue
        kept = list(out[path])
        if sum(i.credits for i in kept) + 1e-9 < leaf.credits:
            continue  # unmet: keep the partial progress
        order = sorted(kept, key=lambda i: (i.facts.level != "postsecondary", -i.credits))
        for it in order:
            rest = sum(i.credits for i in kept) - it.credits
            if rest + 1e-9 >= leaf.credits:
                kept.remove(it)
        out[path] = tuple(kept)
    return out


def allocate(
    root: Requirement,
    items: Sequence[Item],
    *,
    exclusive: bool = True,
    allow_in_progress: bool = False,
) -> dict[str, tuple[Item, ...]] | None:
    """An allocation that satisfies ``root`` (leaf path → items), or None if none exists."""
    solver = _Solver(root, items, exclusive=exclusive, allow_ip=allow_in_progress)
    found = next(solver.solve(root, "1", frozenset()), None)
    return dict(found[1]) if found is not None else None


def audit(
    credential_id: str,
    name: str,
    root: Requirement | None,
    items: Sequence[Item],
    *,
    exclusive: bool = True,
) -> AuditResult:
    """Audit ``items`` against a requirement tree, with a plain-language explanation per node."""
    if root is None:
        return AuditResult(credential_id, name, Status.NOT_MET, None, tuple(i.code for i in items))
    # The verdict: met by finished courses; else met once in-progress ones are finished;
    # else not met. Admitting in-progress items only adds candidates, so when the tree
    # cannot be met even with them it cannot be met without them either: that search
    # (the common case for a student half way through) is skipped, nothing else changes.
    status = Status.MET
    if any(i.in_progress for i in items):
        solver = _Solver(root, items, exclusive=exclusive, allow_ip=True)
        found = next(solver.solve(root, "1", frozenset()), None)
        if found is not None:
            narrow = _Solver(root, items, exclusive=exclusive, allow_ip=False)
            finished = next(narrow.solve(root, "1", frozenset()), None)
            if finished is not None:
                solver, found = narrow, finished
            else:
                status = Status.IN_PROGRESS
    else:
        solver = _Solver(root, items, exclusive=exclusive, allow_ip=False)
        found = next(solver.solve(root, "1", frozenset()), None)
    if found is not None:
        alloc = _trim(root, dict(found[1]))
    else:
        status = Status.NOT_MET
        _, alloc = _best_effort(solver, root, "1", frozenset())
    graded: dict[str, list[Item]] = {}
    for i in items:
        if i.grade:
            graded.setdefault(i.facts.key, []).append(i)
    result = _build(root, "1", alloc, graded, solver.tree)
    used_ids = {i.id for got in alloc.values() for i in got}
    unused = tuple(i.code for i in items if i.id not in used_ids)
    return AuditResult(credential_id, name, status, result, unused, frozenset(used_ids))


def verdict(root: Requirement | None, items: Sequence[Item], *, exclusive: bool = True) -> Status:
    """The status :func:`audit` gives these arguments, without building the explanation."""
    if root is None:
        return Status.NOT_MET
    if any(i.in_progress for i in items):
        if allocate(root, items, exclusive=exclusive, allow_in_progress=True) is None:
            return Status.NOT_MET
        if allocate(root, items, exclusive=exclusive) is None:
            return Status.IN_PROGRESS
        return Status.MET
    return Status.MET if allocate(root, items, exclusive=exclusive) is not None else Status.NOT_MET


def fewest_credits(root: Requirement) -> float:
    """The fewest credits an exclusive allocation meeting ``root`` can use.

    Each credits leaf needs its credits from items no other leaf uses; a course leaf
    needs an item but no credits; all-of adds its children up, n-of its n cheapest. So
    when the items that may fill some leaf carry fewer credits in all, the tree cannot be
    met (with ``exclusive``; shared items could count twice).
    """
    return _tree(root).fewest_credits


def could_be_met(root: Requirement, entries: Iterable[tuple[tuple[int, ...], float]]) -> bool:
    """A necessary condition for meeting ``root``, from what each item may fill.

    ``entries`` are, per item, its :func:`eligible_leaves` and credits. Each leaf must be
    fillable on its own — a course leaf has a candidate, a credits leaf candidates
    carrying its credits — and all-of / n-of nodes need that many such children: the
    first test of the exact search, without the search. False means the tree cannot be
    met by these items (exclusive or not); True decides nothing.
    """
    tree = _tree(root)
    credits = [0.0] * len(tree.leaves)
    count = [0] * len(tree.leaves)
    for leaves_, amount in entries:
        for k in leaves_:
            credits[k] += amount
            count[k] += 1
    return tree.could_be_met(credits, count)


def _fewest(node: Requirement) -> float:
    if isinstance(node, CourseNode):
        return 0.0
    if isinstance(node, Credits):
        return max(0.0, node.credits)
    costs = sorted(_fewest(c) for c in node.children)
    if isinstance(node, AllOf):
        return sum(costs)
    return sum(costs[: max(0, node.n)])


def eligible_leaves(root: Requirement, item: Item) -> tuple[int, ...]:
    """Indexes (in :func:`leaves` order) of the leaves of ``root`` that ``item`` may fill
    in a search that admits it; empty when the item can play no part in an audit of it."""
    return _tree(root).eligible(item)


def is_satisfiable(root: Requirement, items: Sequence[Item], *, exclusive: bool = True) -> bool:
    return allocate(root, items, exclusive=exclusive) is not None


class AuditMemo:
    """Credential audits remembered across a batch, keyed by what an audit depends on.

    Why a remembered result is exact: :func:`audit` is a pure function of the credential's
    id and name, its (frozen) tree, ``exclusive`` and the items. An item whose course
    fills no leaf of the tree (``_Tree.fits`` is empty) is never a candidate, never part
    of a node's explanation, and cannot change the in-progress verdict (the second search,
    which admits in-progress items, has the same candidates as the first when none of
    them is relevant); it only appears in ``unused``. Ids enter the search only through
    their order (the tie-break of the candidate order) and their identity (the used
    sets). So the audit of the *relevant* items, renumbered by the rank of their ids,
    gives the same tree of results; ``used_ids`` translate back through the ranks and
    ``unused`` is recomputed from all the items. The key is the tree's identity (the
    memo keeps the tree alive), the credential's id and name, ``exclusive`` and the
    renumbered relevant items — code, course facts, credits, grade, term, in progress.

    Students in a region share course histories (the same required courses, the same
    dual-credit sequence), and a college credential usually sees only the few college
    courses on a high-school record, so most of a batch's credential audits are found
    here. The memo forgets everything when it holds ``max_entries`` results, which
    bounds its memory; forgetting never changes a result.
    """

    def __init__(self, max_entries: int = 20_000) -> None:
        self.max_entries = max_entries
        self._results: dict[tuple[object, ...], AuditResult] = {}
        self._roots: dict[int, Requirement] = {}
        # course facts by number: equal facts get one number, looked up by identity first
        self._facts_numbers: dict[CourseFacts, int] = {}
        self._facts_objects: dict[int, tuple[CourseFacts, int]] = {}
        self.hits = 0
        self.misses = 0

    def _facts_number(self, facts: CourseFacts) -> int:
        known = self._facts_objects.get(id(facts))
        if known is not None and known[0] is facts:
            return known[1]
        number = self._facts_numbers.setdefault(facts, len(self._facts_numbers))
        if len(self._facts_objects) >= _MAX_OBJECTS:
            self._facts_objects.clear()
        self._facts_objects[id(facts)] = (facts, number)
        return number

    def audit(
        self,
        credential_id: str,
        name: str,
        root: Requirement | None,
        items: Sequence[Item],
        *,
        exclusive: bool = True,
    ) -> AuditResult:
        """The same result as :func:`audit` with these arguments."""
        if root is None:
            return audit(credential_id, name, root, items, exclusive=exclusive)
        if len(self._facts_numbers) >= _MAX_OBJECTS:
            # numbers are about to be reused: forget every key made with them first
            self._facts_numbers.clear()
            self._facts_objects.clear()
            self._results.clear()
        fits = _tree(root).fits
        relevant = [i for i in items if fits(i.facts)]
        ids = sorted({i.id for i in relevant})
        rank = {v: k for k, v in enumerate(ids)}
        self._roots.setdefault(id(root), root)  # keeps the address from being reused
        number = self._facts_number
        key = (
            id(root),
            credential_id,
            name,
            exclusive,
            tuple(
                (rank[i.id], i.code, number(i.facts), i.credits, i.grade, i.term, i.in_progress)
                for i in relevant
            ),
        )
        found = self._results.get(key)
        if found is None:
            self.misses += 1
            reduced = [
                Item(rank[i.id], i.code, i.facts, i.credits, i.grade, i.term, i.in_progress)
                for i in relevant
            ]
            found = audit(credential_id, name, root, reduced, exclusive=exclusive)
            if len(self._results) >= self.max_entries:
                self._results.clear()
            self._results[key] = found
        else:
            self.hits += 1
        used = frozenset(ids[k] for k in found.used_ids)
        unused = tuple(i.code for i in items if i.id not in used)
        return AuditResult(credential_id, name, found.status, found.root, unused, used)
