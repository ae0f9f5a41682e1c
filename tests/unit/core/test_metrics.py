"""Curricular Analytics metrics: published examples, a brute-force oracle, edge cases."""

from __future__ import annotations

import dataclasses
import itertools

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from careerpaths.core.metrics import (
    CurriculumGraph,
    Edge,
    RequisiteCycleError,
    blocking_factors,
    centralities,
    complexities,
    curriculum_metrics,
    delay_factors,
    graph_from_courses,
    topological_order,
)
from careerpaths.core.model import Course, CreditUnit, Level
from careerpaths.core.requisites import parse


def graph(ids: str, edges: str, system: str = "semester") -> CurriculumGraph:
    """``graph("ABC", "A>B B>C")``: one-letter ids, ``X>Y`` = X is a requisite of Y."""
    return CurriculumGraph(
        ids=tuple(ids),
        names={i: f"Course {i}" for i in ids},
        edges=tuple(Edge(e[0], e[2]) for e in edges.split()),
        system=system,
    )


# The 8-course "Underwater Basket Weaving" curriculum of the Curricular Analytics
# toolbox (CurricularAnalytics.jl's test curriculum; totals 19 / 8 / 9 / 27):
#
#    A ────────► C ────────► E          G
#               ▲ ▲
#              ╱  │ (co)
#    B ───────╱   D ────────► F          H
#
#    A Introduction to Baskets    B Swimming    C Basic Basket Forms
#    D Basic Basket Forms Lab (corequisite of C)    E Advanced Basketry
#    F Basket Materials & Decoration    G, H electives without requisites
#
#    source → sink paths: A-C-E, B-C-E, D-C-E (3 vertices each), D-F (2)
UBW = CurriculumGraph(
    ids=tuple("ABCDEFGH"),
    names={
        "A": "Introduction to Baskets",
        "B": "Swimming",
        "C": "Basic Basket Forms",
        "D": "Basic Basket Forms Lab",
        "E": "Advanced Basketry",
        "F": "Basket Materials & Decoration",
        "G": "Humanities Elective",
        "H": "Technical Elective",
    },
    edges=(
        Edge("A", "C"),
        Edge("B", "C"),
        Edge("D", "C", "coreq"),
        Edge("C", "E"),
        Edge("D", "F"),
    ),
)


def test_underwater_basket_weaving_totals_and_courses() -> None:
    m = curriculum_metrics(UBW)
    assert m.totals.as_dict() == {"delay": 19, "blocking": 8, "centrality": 9, "complexity": 27}
    assert [c.delay for c in m.courses] == [3, 3, 3, 3, 3, 2, 1, 1]
    assert [c.blocking for c in m.courses] == [2, 2, 1, 3, 0, 0, 0, 0]
    assert [c.centrality for c in m.courses] == [0, 0, 9, 0, 0, 0, 0, 0]
    assert [c.complexity for c in m.courses] == [5, 5, 4, 6, 3, 2, 1, 1]


def test_as_dict_shape() -> None:
    d = curriculum_metrics(UBW).as_dict()
    assert list(d) == ["courses", "totals"]
    assert d["courses"][0] == {
        "id": "A",
        "name": "Introduction to Baskets",
        "delay": 3,
        "blocking": 2,
        "centrality": 0,
        "complexity": 5,
    }
    assert list(d["totals"]) == ["delay", "blocking", "centrality", "complexity"]


# The 7-course "Postmodern Basket Weaving" test curriculum of the toolbox:
#
#    A ──► C ──► E
#    │(co) │(co)
#    ▼     ▼
#    B ──► D ──► F
#          │(co) ▲
#          ▼     │
#          G ────┘
def test_postmodern_basket_weaving() -> None:
    g = graph("ABCDEFG", "A>B A>C B>D C>D C>E D>F D>G G>F")
    m = curriculum_metrics(g)
    assert [c.delay for c in m.courses] == [5, 5, 5, 5, 3, 5, 5]
    assert [c.blocking for c in m.courses] == [6, 3, 4, 2, 0, 0, 1]
    assert [c.centrality for c in m.courses] == [0, 9, 12, 18, 0, 0, 10]
    assert [c.complexity for c in m.courses] == [11, 8, 9, 7, 3, 5, 6]
    assert m.totals.as_dict() == {"delay": 33, "blocking": 16, "centrality": 49, "complexity": 49}


def test_single_metric_functions_agree_with_curriculum_metrics() -> None:
    m = curriculum_metrics(UBW)
    assert delay_factors(UBW) == {c.id: c.delay for c in m.courses}
    assert blocking_factors(UBW) == {c.id: c.blocking for c in m.courses}
    assert centralities(UBW) == {c.id: c.centrality for c in m.courses}
    assert complexities(UBW) == {c.id: c.complexity for c in m.courses}


# --- the quarter system -------------------------------------------------------------


def test_quarter_complexity_is_two_thirds_rounded_to_one_decimal() -> None:
    m = curriculum_metrics(dataclasses.replace(UBW, system="quarter"))
    # (delay + blocking) = 5, 5, 4, 6, 3, 2, 1, 1  →  × 2/3, rounded to 0.1
    assert [c.complexity for c in m.courses] == [3.3, 3.3, 2.7, 4.0, 2.0, 1.3, 0.7, 0.7]
    assert m.totals.complexity == 18.0
    # delay, blocking and centrality do not change with the system
    assert (m.totals.delay, m.totals.blocking, m.totals.centrality) == (19, 8, 9)


def test_quarter_total_sums_the_rounded_course_values() -> None:
    # three isolated courses: each (1 + 0) × 2/3 = 0.67 → 0.7; the total is 2.1, not
    # round(3 × 2/3, 1) = 2.0, and carries no float noise (0.7 + 0.7 + 0.7 = 2.0999…).
    m = curriculum_metrics(graph("ABC", "", system="quarter"))
    assert [c.complexity for c in m.courses] == [0.7, 0.7, 0.7]
    assert m.totals.complexity == 2.1
    assert repr(m.totals.complexity) == "2.1"


def test_semester_complexity_is_an_integer() -> None:
    m = curriculum_metrics(UBW)
    assert all(isinstance(c.complexity, int) for c in m.courses)
    assert isinstance(m.totals.complexity, int)


# --- graph construction -------------------------------------------------------------


def test_cycle_is_an_error_naming_the_cycle() -> None:
    g = graph("ABCD", "A>B B>C C>D D>B")
    with pytest.raises(RequisiteCycleError) as info:
        curriculum_metrics(g)
    assert info.value.cycle == ("B", "C", "D")
    assert "B (Course B) → C (Course C) → D (Course D) → B (Course B)" in str(info.value)
    with pytest.raises(RequisiteCycleError):
        topological_order(g)


def test_a_course_requiring_itself_is_a_cycle() -> None:
    with pytest.raises(RequisiteCycleError) as info:
        curriculum_metrics(graph("AB", "A>B B>B"))
    assert info.value.cycle == ("B",)


def test_duplicate_edges_collapse_and_kinds_share_one_edge() -> None:
    g = CurriculumGraph(
        ids=("A", "B"),
        edges=(Edge("A", "B"), Edge("A", "B"), Edge("A", "B", "coreq")),
    )
    assert g.edges == (Edge("A", "B"), Edge("A", "B", "coreq"))
    m = curriculum_metrics(g)
    assert m.totals.as_dict() == {"delay": 4, "blocking": 1, "centrality": 0, "complexity": 5}


def test_graph_validation() -> None:
    with pytest.raises(ValueError, match="'Z'"):
        CurriculumGraph(ids=("A",), edges=(Edge("A", "Z"),))
    with pytest.raises(ValueError, match="twice"):
        CurriculumGraph(ids=("A", "A"))
    with pytest.raises(ValueError, match="system"):
        CurriculumGraph(ids=("A",), system="trimester")
    g = CurriculumGraph(ids=("A", "B"), names={"A": "Alpha"})
    assert dict(g.names) == {"A": "Alpha", "B": ""}


def test_empty_graph() -> None:
    m = curriculum_metrics(CurriculumGraph(ids=()))
    assert m.courses == ()
    assert m.totals.as_dict() == {"delay": 0, "blocking": 0, "centrality": 0, "complexity": 0}


def _course(code: str, title: str, pre: str = "", co: str = "", strict: str = "") -> Course:
    return Course(
        code=code,
        title=title,
        provider="hawkeye",
        credits=3,
        unit=CreditUnit.SEMESTER_HOUR,
        level=Level.POSTSECONDARY,
        prerequisites=parse(pre),
        corequisites=parse(co),
        strict_corequisites=parse(strict),
    )


def test_graph_from_courses_uses_every_requisite_kind_and_alternative() -> None:
    courses = [
        _course("MAT-156", "College Algebra"),
        _course("MATH 1", "HS Math"),
        _course("BIO-168", "Anatomy I", pre="(MAT 156 or MATH-1 with B) and grade >= 11"),
        _course("BIO-168L", "Anatomy I Lab", strict="BIO 168"),
        _course("BIO-173", "Anatomy II", pre="BIO-168 and ENG-105", co="BIO-168L"),
    ]
    g = graph_from_courses(courses)
    assert g.ids == ("MAT-156", "MATH 1", "BIO-168", "BIO-168L", "BIO-173")
    assert g.names["BIO-168"] == "Anatomy I"
    assert set(g.edges) == {
        Edge("MAT-156", "BIO-168", "prereq"),
        Edge("MATH 1", "BIO-168", "prereq"),
        Edge("BIO-168", "BIO-168L", "strict_coreq"),
        Edge("BIO-168", "BIO-173", "prereq"),  # ENG-105 is not in the set: ignored
        Edge("BIO-168L", "BIO-173", "coreq"),
    }
    m = curriculum_metrics(g)
    assert m.course("MAT-156").blocking == 3
    assert m.course("BIO-168").centrality == 2 * (3 + 4)  # MAT/MATH → 168 → 173 | → 168L → 173


def test_graph_from_courses_rejects_the_same_course_twice() -> None:
    with pytest.raises(ValueError, match="same course"):
        graph_from_courses([_course("BIO-168", "A"), _course("bio 168", "B")])


# --- big numbers and long chains ------------------------------------------------------


def test_centrality_uses_big_integers() -> None:
    # 80 layers of two courses, each layer requiring both courses of the layer before:
    # 2**80 source → sink paths of 80 vertices, 2**79 of them through each inner course.
    layers = 80
    ids = tuple(f"{i}{side}" for i in range(layers) for side in "ab")
    edges = tuple(
        Edge(f"{i}{a}", f"{i + 1}{b}") for i in range(layers - 1) for a in "ab" for b in "ab"
    )
    m = curriculum_metrics(CurriculumGraph(ids=ids, edges=edges))
    inner = [c for c in m.courses if not c.id.startswith(("0", f"{layers - 1}"))]
    assert {c.centrality for c in inner} == {layers * 2 ** (layers - 1)}
    assert m.course("0a").blocking == 2 * (layers - 1)
    assert {c.delay for c in m.courses} == {layers}


def test_long_chain_does_not_recurse() -> None:
    n = 5000
    ids = tuple(f"C{i}" for i in range(n))
    edges = tuple(Edge(ids[i], ids[i + 1]) for i in range(n - 1))
    m = curriculum_metrics(CurriculumGraph(ids=ids, edges=edges))
    assert m.courses[0].blocking == n - 1
    assert m.courses[n // 2].delay == n
    assert m.courses[n // 2].centrality == n


# --- the brute-force oracle ---------------------------------------------------------


def brute_force(g: CurriculumGraph) -> dict[str, tuple[int, int, int, float]]:
    """The definitions taken literally: enumerate every source → sink path."""
    succ: dict[str, set[str]] = {v: set() for v in g.ids}
    pred: dict[str, set[str]] = {v: set() for v in g.ids}
    for e in g.edges:
        succ[e.source].add(e.target)
        pred[e.target].add(e.source)
    sources = [v for v in g.ids if not pred[v]]
    sinks = {v for v in g.ids if not succ[v] and pred[v]}  # isolated courses are not sinks
    paths: list[tuple[str, ...]] = []

    def extend(path: tuple[str, ...]) -> None:
        if path[-1] in sinks:
            paths.append(path)
        for w in succ[path[-1]]:
            extend((*path, w))

    for s in sources:
        if succ[s]:
            extend((s,))

    def reachable(v: str) -> set[str]:
        seen: set[str] = set()
        stack = list(succ[v])
        while stack:
            w = stack.pop()
            if w not in seen:
                seen.add(w)
                stack.extend(succ[w])
        return seen

    out: dict[str, tuple[int, int, int, float]] = {}
    for v in g.ids:
        delay = max([1, *(len(p) for p in paths if v in p)])
        blocking = len(reachable(v))
        centrality = sum(len(p) for p in paths if v in p and p[0] != v and p[-1] != v)
        total = delay + blocking
        complexity = round(total * 2 / 3, 1) if g.system == "quarter" else total
        out[v] = (delay, blocking, centrality, complexity)
    return out


@st.composite
def small_dags(draw: st.DrawFn) -> CurriculumGraph:
    """≤ 9 courses; edges only forward in a hidden random order, so always acyclic.

    Sparse draws give isolated courses and several components; a pair may appear
    with two requisite kinds.
    """
    n = draw(st.integers(0, 9))
    names = draw(st.permutations([f"C{i}" for i in range(n)]))
    pairs = list(itertools.combinations(range(n), 2))
    chosen = draw(st.lists(st.sampled_from(pairs), max_size=20)) if pairs else []
    kinds = st.sampled_from(["prereq", "coreq", "strict_coreq"])
    edges = tuple(Edge(names[i], names[j], draw(kinds)) for i, j in chosen)
    listed = draw(st.permutations(names))  # ids listed in any order, not topologically
    system = draw(st.sampled_from(["semester", "quarter"]))
    return CurriculumGraph(ids=tuple(listed), edges=edges, system=system)


@pytest.mark.slow
@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(small_dags())
def test_linear_time_metrics_equal_path_enumeration(g: CurriculumGraph) -> None:
    expected = brute_force(g)
    m = curriculum_metrics(g)
    got = {c.id: (c.delay, c.blocking, c.centrality, c.complexity) for c in m.courses}
    assert got == expected
    assert m.totals.delay == sum(e[0] for e in expected.values())
    assert m.totals.blocking == sum(e[1] for e in expected.values())
    assert m.totals.centrality == sum(e[2] for e in expected.values())
    assert m.totals.complexity == pytest.approx(sum(e[3] for e in expected.values()))


def test_oracle_covers_isolated_courses_and_components() -> None:
    # two components (A-B-C chain, D>E) and two isolated courses
    g = graph("ABCDEFG", "A>B B>C D>E")
    assert {c.id: (c.delay, c.blocking, c.centrality) for c in curriculum_metrics(g).courses} == {
        k: v[:3] for k, v in brute_force(g).items()
    }
    assert curriculum_metrics(g).course("F").as_dict() == {
        "id": "F",
        "name": "Course F",
        "delay": 1,
        "blocking": 0,
        "centrality": 0,
        "complexity": 1,
    }
