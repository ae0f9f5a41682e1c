"""Curricular Analytics metrics, computed in (near-)linear time.

The four structural metrics of Heileman et al., *Curricular Analytics: A Framework for
Quantifying the Impact of Curricular Reforms and Pedagogical Innovations* (2018), with
the definitions of the reference toolbox (CurricularAnalytics.jl and its Python port
``curricularanalytics`` 0.2.0), which this module reproduces value for value:

* the **curriculum graph** ``G = (V, E)`` has a vertex per course and an edge ``u → v``
  whenever ``u`` is a requisite of ``v``, of any kind (prerequisite, corequisite,
  strict corequisite); parallel edges (a course that is two kinds of requisite of
  another) count once;
* a **source** is a vertex of in-degree 0; a **sink** a vertex of out-degree 0 *and
  in-degree > 0*, so an isolated vertex lies on no source → sink path;
* ``#(p)`` is the number of *vertices* of a path ``p``.

The reference enumerates every source → sink path, which is exponential in the depth of
the graph. Here each metric is a dynamic programme over one topological order: delay and
centrality in ``O(V + E)`` (centrality with Python big integers, path counts grow
exponentially), blocking factor with bitset reachability. See each function's
docstring for its definition and the formula used.

A requisite cycle makes the metrics undefined: :func:`topological_order` raises
:class:`RequisiteCycleError` naming one cycle.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Literal, get_args

from careerpaths.core.model import Course
from careerpaths.core.requisites import Expr, course_key, course_refs

EdgeKind = Literal["prereq", "coreq", "strict_coreq"]
System = Literal["semester", "quarter"]
EDGE_KINDS: tuple[str, ...] = get_args(EdgeKind)
SYSTEMS: tuple[str, ...] = get_args(System)


@dataclass(frozen=True)
class Edge:
    """``source`` is a requisite of ``target``, of the given kind."""

    source: str
    target: str
    kind: EdgeKind = "prereq"


class RequisiteCycleError(ValueError):
    """The curriculum graph has a cycle; ``cycle`` lists its courses in requisite order."""

    def __init__(self, cycle: tuple[str, ...], names: Mapping[str, str] | None = None) -> None:
        self.cycle = cycle
        named = [f"{c} ({names[c]})" if names and names.get(c) else c for c in cycle]
        ring = " → ".join((*named, named[0]))
        super().__init__(
            f"requisite cycle: {ring} (curriculum metrics need an acyclic requisite graph)"
        )


@dataclass(frozen=True)
class CurriculumGraph:
    """A curriculum as a graph: ``ids`` in a fixed order, ``edges`` between them.

    ``names`` maps ids to course names (an id without a name gets ``""``). An edge given
    twice is kept once (at its first position); the same pair with two kinds stays two
    ``Edge`` values but is one edge of the graph the metrics see. An edge naming an
    unknown id, a duplicate id or an unknown ``system`` raise :class:`ValueError`.
    """

    ids: tuple[str, ...]
    names: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}), hash=False)
    edges: tuple[Edge, ...] = ()
    system: str = "semester"

    def __post_init__(self) -> None:
        ids = tuple(self.ids)
        known: set[str] = set()
        for cid in ids:
            if cid in known:
                raise ValueError(f"course id {cid!r} appears twice in the curriculum graph")
            known.add(cid)
        unknown = [k for k in self.names if k not in known]
        if unknown:
            raise ValueError(f"name given for unknown course id {unknown[0]!r}")
        if self.system not in SYSTEMS:
            raise ValueError(f"system must be 'semester' or 'quarter', not {self.system!r}")
        edges: dict[Edge, None] = {}
        for e in self.edges:
            if e.kind not in EDGE_KINDS:
                raise ValueError(f"edge {e.source} → {e.target}: unknown kind {e.kind!r}")
            for end in (e.source, e.target):
                if end not in known:
                    raise ValueError(
                        f"edge {e.source} → {e.target} names {end!r}, which is not a course "
                        "of the curriculum graph"
                    )
            edges.setdefault(e, None)
        names = MappingProxyType({i: str(self.names.get(i, "")) for i in ids})
        object.__setattr__(self, "ids", ids)
        object.__setattr__(self, "names", names)
        object.__setattr__(self, "edges", tuple(edges))


def graph_from_courses(courses: Iterable[Course], *, system: str = "semester") -> CurriculumGraph:
    """The curriculum graph of ``courses``: every requisite kind is an edge.

    As in Curricular Analytics, an edge joins ``u`` to ``v`` whenever ``u`` is mentioned
    in a prerequisite, corequisite or strict-corequisite expression of ``v`` — every
    alternative of an ``or`` included. References to courses outside ``courses`` are
    ignored; courses are matched by :func:`~careerpaths.core.requisites.course_key`.
    """
    course_list = list(courses)
    by_key: dict[str, str] = {}
    for c in course_list:
        if c.key in by_key:
            raise ValueError(f"{by_key[c.key]!r} and {c.code!r} are the same course")
        by_key[c.key] = c.code
    edges: list[Edge] = []
    for c in course_list:
        kinds: tuple[tuple[EdgeKind, Expr | None], ...] = (
            ("prereq", c.prerequisites),
            ("coreq", c.corequisites),
            ("strict_coreq", c.strict_corequisites),
        )
        for kind, expr in kinds:
            for ref in course_refs(expr):
                source = by_key.get(course_key(ref.code))
                if source is not None:
                    edges.append(Edge(source, c.code, kind))
    return CurriculumGraph(
        ids=tuple(c.code for c in course_list),
        names={c.code: c.title for c in course_list},
        edges=tuple(edges),
        system=system,
    )


# --- the graph as integer adjacency lists, in topological order -----------------------


@dataclass(frozen=True)
class _Dag:
    n: int
    succ: tuple[tuple[int, ...], ...]
    pred: tuple[tuple[int, ...], ...]
    order: tuple[int, ...]  # a topological order (requisites first)


def _dag(graph: CurriculumGraph) -> _Dag:
    index = {cid: i for i, cid in enumerate(graph.ids)}
    n = len(graph.ids)
    succ: list[list[int]] = [[] for _ in range(n)]
    pred: list[list[int]] = [[] for _ in range(n)]
    pairs: set[tuple[int, int]] = set()
    for e in graph.edges:
        pair = (index[e.source], index[e.target])
        if pair not in pairs:  # a course may be two kinds of requisite: one edge
            pairs.add(pair)
            succ[pair[0]].append(pair[1])
            pred[pair[1]].append(pair[0])
    indegree = [len(p) for p in pred]
    order = [v for v in range(n) if indegree[v] == 0]
    for v in order:  # Kahn's algorithm; ``order`` grows while it is read
        for w in succ[v]:
            indegree[w] -= 1
            if indegree[w] == 0:
                order.append(w)
    if len(order) < n:
        raise RequisiteCycleError(_find_cycle(graph.ids, pred, indegree), graph.names)
    return _Dag(n, tuple(map(tuple, succ)), tuple(map(tuple, pred)), tuple(order))


def _find_cycle(
    ids: tuple[str, ...], pred: list[list[int]], indegree: list[int]
) -> tuple[str, ...]:
    # Every vertex Kahn's algorithm left behind (indegree > 0) has a left-behind
    # predecessor, so walking predecessors from one must revisit a vertex: a cycle.
    v = next(i for i, d in enumerate(indegree) if d > 0)
    seen: dict[int, int] = {}
    walk: list[int] = []
    while v not in seen:
        seen[v] = len(walk)
        walk.append(v)
        v = next(p for p in pred[v] if indegree[p] > 0)
    cycle = walk[seen[v] :]
    cycle.reverse()  # predecessors were followed: reverse into requisite order
    first = cycle.index(min(cycle))  # start at the course listed first, for stable messages
    return tuple(ids[i] for i in cycle[first:] + cycle[:first])


def topological_order(graph: CurriculumGraph) -> tuple[str, ...]:
    """The course ids with every requisite before the courses requiring it.

    Raises :class:`RequisiteCycleError` (naming one cycle) when there is none.
    """
    dag = _dag(graph)
    return tuple(graph.ids[v] for v in dag.order)


# --- the metrics ----------------------------------------------------------------------


def _longest_in_out(dag: _Dag) -> tuple[list[int], list[int]]:
    into = [1] * dag.n  # vertices on the longest path ending at v
    out = [1] * dag.n  # vertices on the longest path starting at v
    for v in dag.order:
        for p in dag.pred[v]:
            if into[p] + 1 > into[v]:
                into[v] = into[p] + 1
    for v in reversed(dag.order):
        for s in dag.succ[v]:
            if out[s] + 1 > out[v]:
                out[v] = out[s] + 1
    return into, out


def _delays(dag: _Dag) -> list[int]:
    into, out = _longest_in_out(dag)
    return [into[v] + out[v] - 1 for v in range(dag.n)]


def _blockings(dag: _Dag) -> list[int]:
    reach = [0] * dag.n  # bit w of reach[v] is set when v ⇝ w
    for v in reversed(dag.order):
        bits = 0
        for s in dag.succ[v]:
            bits |= reach[s] | (1 << s)
        reach[v] = bits
    return [r.bit_count() for r in reach]


def _centralities(dag: _Dag) -> list[int]:
    n = dag.n
    # paths from a source to v: how many, and their vertex counts summed
    n_in = [0] * n
    s_in = [0] * n
    for v in dag.order:
        if not dag.pred[v]:
            n_in[v], s_in[v] = 1, 1
        else:
            cnt = tot = 0
            for p in dag.pred[v]:
                cnt += n_in[p]
                tot += s_in[p] + n_in[p]
            n_in[v], s_in[v] = cnt, tot
    # paths from v to a sink: how many, and their vertex counts summed
    n_out = [0] * n
    s_out = [0] * n
    for v in reversed(dag.order):
        if not dag.succ[v]:
            n_out[v], s_out[v] = 1, 1
        else:
            cnt = tot = 0
            for s in dag.succ[v]:
                cnt += n_out[s]
                tot += s_out[s] + n_out[s]
            n_out[v], s_out[v] = cnt, tot
    return [
        s_in[v] * n_out[v] + s_out[v] * n_in[v] - n_in[v] * n_out[v]
        if dag.pred[v] and dag.succ[v]
        else 0
        for v in range(n)
    ]


def _complexity(delay: int, blocking: int, system: str) -> float:
    if system == "quarter":
        return round((delay + blocking) * 2 / 3, 1)
    return delay + blocking


def delay_factors(graph: CurriculumGraph) -> dict[str, int]:
    r"""The **delay factor** of each course: vertices on the longest path through it.

    ``d(v_k) = max { #(v_i ⇝ v_k ⇝ v_j) }`` over all paths through ``v_k``; an
    isolated course has delay 1. Computed as ``into(v) + out(v) − 1`` where ``into(v)``
    (``out(v)``) counts the vertices of the longest path ending (starting) at ``v``,
    each a longest-path dynamic programme over a topological order: ``O(V + E)``.
    """
    return dict(zip(graph.ids, _delays(_dag(graph)), strict=True))


def blocking_factors(graph: CurriculumGraph) -> dict[str, int]:
    r"""The **blocking factor** of each course: how many courses it blocks.

    ``b(v_i) = Σ_{v_j ∈ V} I(v_i, v_j)`` where ``I(v_i, v_j) = 1`` when a directed path
    ``v_i ⇝ v_j`` exists (``j ≠ i``), i.e. the number of vertices reachable from ``v_i``.

    Reachable sets are Python-int bitsets filled in reverse topological order
    (``R(v) = ⋃_{v→s} R(s) ∪ {s}``), so the cost is ``O(V · E / w)`` word operations for
    a machine word of ``w`` bits: not linear in theory, but near-linear in practice for
    curricula (2,000 courses take milliseconds).
    """
    return dict(zip(graph.ids, _blockings(_dag(graph)), strict=True))


def centralities(graph: CurriculumGraph) -> dict[str, int]:
    r"""The **centrality** of each course: summed lengths of the paths it is inside.

    ``q(v_i) = Σ_{p ∈ P(v_i)} #(p)`` where ``P(v_i)`` is the set of paths from a source
    ``v_j`` to a sink ``v_k`` passing through ``v_i`` with ``v_i, v_j, v_k`` distinct
    (``v_i`` is neither first nor last). Sources, sinks and isolated courses have 0.

    With ``N⁻(v), S⁻(v)`` the number of source → ``v`` paths and the sum of their
    vertex counts, and ``N⁺(v), S⁺(v)`` the same for ``v`` → sink paths (each a
    path-counting programme over a topological order, ``O(V + E)`` big-integer
    additions), ``q(v) = S⁻(v)·N⁺(v) + S⁺(v)·N⁻(v) − N⁻(v)·N⁺(v)`` for a ``v`` with
    both predecessors and successors.
    """
    return dict(zip(graph.ids, _centralities(_dag(graph)), strict=True))


def complexities(graph: CurriculumGraph) -> dict[str, float]:
    r"""The **structural complexity** of each course: ``h(v) = d(v) + b(v)``.

    Delay factor plus blocking factor. In a quarter-system curriculum the reference
    scales it to semester terms and rounds to one decimal:
    ``h(v) = round((d(v) + b(v)) · 2/3, 1)`` (Python's ``round``; ``(d + b)·2/3`` never
    ends in an exact ...5, so no tie-breaking rule is involved).
    """
    dag = _dag(graph)
    return {
        cid: _complexity(d, b, graph.system)
        for cid, d, b in zip(graph.ids, _delays(dag), _blockings(dag), strict=True)
    }


@dataclass(frozen=True)
class CourseMetrics:
    id: str
    name: str
    delay: int
    blocking: int
    centrality: int
    complexity: float  # an int in the semester system, one decimal in the quarter system

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "delay": self.delay,
            "blocking": self.blocking,
            "centrality": self.centrality,
            "complexity": self.complexity,
        }


@dataclass(frozen=True)
class MetricTotals:
    """Curriculum totals: each the sum of the course values, ``d(G) = Σ_v d(v)`` etc.

    In the quarter system the total complexity sums the *rounded* course values (as the
    reference does) and is itself rounded to one decimal, dropping float noise such as
    ``27.299999999999997``.
    """

    delay: int
    blocking: int
    centrality: int
    complexity: float

    def as_dict(self) -> dict[str, Any]:
        return {
            "delay": self.delay,
            "blocking": self.blocking,
            "centrality": self.centrality,
            "complexity": self.complexity,
        }


@dataclass(frozen=True)
class CurriculumMetrics:
    courses: tuple[CourseMetrics, ...]
    totals: MetricTotals
    system: str = "semester"

    def course(self, course_id: str) -> CourseMetrics:
        for c in self.courses:
            if c.id == course_id:
                return c
        raise KeyError(course_id)

    def as_dict(self) -> dict[str, Any]:
        return {
            "courses": [c.as_dict() for c in self.courses],
            "totals": self.totals.as_dict(),
        }


def curriculum_metrics(graph: CurriculumGraph) -> CurriculumMetrics:
    """All four metrics, per course (in ``graph.ids`` order) and in total.

    Raises :class:`RequisiteCycleError` when the requisites form a cycle.
    """
    dag = _dag(graph)
    delays = _delays(dag)
    blockings = _blockings(dag)
    cents = _centralities(dag)
    rows = tuple(
        CourseMetrics(
            id=cid,
            name=graph.names.get(cid, ""),
            delay=delays[i],
            blocking=blockings[i],
            centrality=cents[i],
            complexity=_complexity(delays[i], blockings[i], graph.system),
        )
        for i, cid in enumerate(graph.ids)
    )
    total_complexity: float
    if graph.system == "quarter":
        total_complexity = round(math.fsum(r.complexity for r in rows), 1)
    else:
        total_complexity = sum(delays) + sum(blockings)
    totals = MetricTotals(
        delay=sum(delays),
        blocking=sum(blockings),
        centrality=sum(cents),
        complexity=total_complexity,
    )
    return CurriculumMetrics(courses=rows, totals=totals, system=graph.system)
