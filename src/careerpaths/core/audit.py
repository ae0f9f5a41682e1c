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
(node, used-items) states are remembered. ``tests/unit/test_audit.py`` checks it
against a brute-force matcher.

Definitions: a ``CourseNode`` is met by one item of that course whose grade meets the
minimum; a ``Credits`` node by items matching its selector whose credits add up to the
minimum; ``AllOf`` when every child is met; ``NOf`` when ``n`` children are met.
Planned items (grade None) meet any minimum grade; in-progress items count only toward
an "in progress" status.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from enum import StrEnum
from itertools import combinations

from careerpaths.core import grades
from careerpaths.core.requirements import (
    AllOf,
    CourseFacts,
    CourseNode,
    Credits,
    Leaf,
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


class _Solver:
    """Exact allocation search over one tree and one set of items."""

    def __init__(
        self, root: Requirement, items: Sequence[Item], *, exclusive: bool, allow_ip: bool
    ) -> None:
        self.root = root
        self.exclusive = exclusive
        self.allow_ip = allow_ip
        self.candidates: dict[str, list[Item]] = {}
        by_key: dict[str, list[Item]] = {}
        for i in items:
            by_key.setdefault(i.facts.key, []).append(i)
        for path, leaf in leaves(root):
            pool = (
                by_key.get(course_key(leaf.course), []) if isinstance(leaf, CourseNode) else items
            )
            cands = [i for i in pool if self._eligible(leaf, i)]
            # best first: higher grade, then more credits, then earlier term
            cands.sort(key=lambda i: (-(grades.points(i.grade) or 0.0), -i.credits, i.id))
            self.candidates[path] = cands
        # Children are solved from the most specific (fewest candidates) to the most general,
        # a fixed order; so when a leaf is solved, only the leaves after it in that order can
        # still want an item. ``later[path]`` holds those items: any other free candidate can
        # be taken at no cost to the rest of the search.
        self.order: dict[str, tuple[int, ...]] = {}
        self.possible: dict[str, bool] = {}
        # leaves that must all be met for a node to be met (an n-of below contributes none)
        self.required: dict[str, list[str]] = {}
        self.leaf_of: dict[str, Leaf] = dict(leaves(root))
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
        for k, child in enumerate(node.children):
            seq: list[str] = []
            ids = self._plan(child, f"{path}.{k + 1}", seq)
            subs.append((len(ids), k, seq, ids))
        subs.sort(key=lambda t: (t[0], t[1]))
        self.order[path] = tuple(k for _, k, _, _ in subs)
        if isinstance(node, AllOf) or node.n >= len(node.children):
            self.required[path] = [
                leaf for k in range(len(node.children)) for leaf in self.required[f"{path}.{k + 1}"]
            ]
        else:
            self.required[path] = []
        for _, _, seq, _ in subs:
            sequence.extend(seq)
        n_possible = sum(self.possible[f"{path}.{k + 1}"] for k in range(len(node.children)))
        need = len(node.children) if isinstance(node, AllOf) else node.n
        self.possible[path] = n_possible >= need
        return set().union(*(ids for _, _, _, ids in subs))

    def _eligible(self, leaf: Leaf, item: Item) -> bool:
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
        for size in range(1, len(contested) + 1):
            for subset in combinations(contested, size):
                total = sum(i.credits for i in subset)
                smallest = min(i.credits for i in subset)
                if total + 1e-9 >= need and total - smallest + 1e-9 < need:
                    yield sole + subset


def _facts_label(items: Sequence[Applied]) -> str:
    return ", ".join(
        f"{a.code} ({a.grade})"
        if a.grade
        else f"{a.code} (in progress)"
        if a.in_progress
        else a.code
        for a in items
    )


def _applied(items: Sequence[Item]) -> tuple[Applied, ...]:
    return tuple(
        Applied(i.code, i.credits, i.grade, i.term.id if i.term else None, i.planned, i.in_progress)
        for i in items
    )


def _num(x: float) -> str:
    return str(int(x)) if x == int(x) else f"{x:g}"


def _build(
    node: Requirement,
    path: str,
    alloc: dict[str, tuple[Item, ...]],
    all_items: Sequence[Item],
) -> NodeResult:
    """Turn an allocation (possibly partial) into results with explanations."""
    desc = describe(node)
    if isinstance(node, CourseNode):
        got = alloc.get(path, ())
        applied = _applied(got)
        if got:
            return NodeResult(
                path, "course", desc, True, 1, 1, applied, "", f"Met by {_facts_label(applied)}."
            )
        tried = [i for i in all_items if i.facts.key == course_key(node.course) and i.grade]
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
            text = f"Met: {_num(earned)} of {_num(node.credits)} credits from {what} ({_facts_label(applied)})."
            return NodeResult(path, "credits", desc, True, node.credits, earned, applied, "", text)
        more = _num(round(node.credits - earned, 2))
        remaining = f"{more} more credits from {what}"
        so_far = f" ({_facts_label(applied)})" if applied else ""
        text = f"{_num(earned)} of {_num(node.credits)} credits so far{so_far}; {remaining}."
        return NodeResult(
            path, "credits", desc, False, node.credits, earned, applied, remaining, text
        )
    kids = tuple(
        _build(c, f"{path}.{i}", alloc, all_items) for i, c in enumerate(node.children, start=1)
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
    status = Status.MET
    solver = _Solver(root, items, exclusive=exclusive, allow_ip=False)
    found = next(solver.solve(root, "1", frozenset()), None)
    if found is None and any(i.in_progress for i in items):
        solver = _Solver(root, items, exclusive=exclusive, allow_ip=True)
        found = next(solver.solve(root, "1", frozenset()), None)
        status = Status.IN_PROGRESS
    if found is not None:
        alloc = _trim(root, dict(found[1]))
    else:
        status = Status.NOT_MET
        _, alloc = _best_effort(solver, root, "1", frozenset())
    result = _build(root, "1", alloc, items)
    used_ids = {i.id for got in alloc.values() for i in got}
    unused = tuple(i.code for i in items if i.id not in used_ids)
    return AuditResult(credential_id, name, status, result, unused, frozenset(used_ids))


def is_satisfiable(root: Requirement, items: Sequence[Item], *, exclusive: bool = True) -> bool:
    return allocate(root, items, exclusive=exclusive) is not None
