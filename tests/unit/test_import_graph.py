"""The package's import graph has no cycle (issue #18).

Every import counts, as grimp (import-linter's graph) sees them: those at the top of a
module, those inside functions (an import deferred to run time is still a dependency) and
those under ``if TYPE_CHECKING``. A cycle is fixed by moving what both sides need to a
module below them, or by reading it from a lower layer (the layers themselves are the
import-linter contract in pyproject.toml).
"""

from __future__ import annotations

import grimp


def strongly_connected(edges: dict[str, set[str]]) -> list[list[str]]:
    """The graph's cycles as strongly connected components (Tarjan's algorithm, without
    recursion): each component of more than one module, or a module importing itself."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for root in sorted(edges):
        if root in index:
            continue
        work = [(root, iter(sorted(edges[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, successors = work[-1]
            for succ in successors:
                if succ not in index:
                    index[succ] = low[succ] = len(index)
                    stack.append(succ)
                    on_stack.add(succ)
                    work.append((succ, iter(sorted(edges[succ]))))
                    break
                if succ in on_stack:
                    low[node] = min(low[node], index[succ])
            else:
                work.pop()
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[node])
                if low[node] == index[node]:
                    component = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == node:
                            break
                    if len(component) > 1 or node in edges[node]:
                        found.append(sorted(component))
    return found


def test_the_cycle_finder_finds_cycles() -> None:
    edges = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a", "d"}, "e": set()}
    assert sorted(strongly_connected(edges)) == [["a", "b", "c"], ["d"]]
    assert strongly_connected({"a": {"b"}, "b": set()}) == []


def test_the_package_import_graph_has_no_cycle() -> None:
    graph = grimp.build_graph("careerpaths", cache_dir=None)
    edges = {m: set(graph.find_modules_directly_imported_by(m)) for m in graph.modules}
    cycles = strongly_connected(edges)
    report = []
    for component in cycles:
        members = set(component)
        for importer in component:
            for imported in sorted(edges[importer] & members):
                lines = graph.get_import_details(importer=importer, imported=imported)
                where = ", ".join(f"l.{d['line_number']}" for d in lines)
                report.append(f"{importer} -> {imported} ({where})")
    assert not cycles, "import cycles:\n" + "\n".join(report)
