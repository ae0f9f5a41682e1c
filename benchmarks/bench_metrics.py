"""Benchmark: careerpaths' curriculum metrics against the reference toolbox.

    .venv/bin/python benchmarks/bench_metrics.py --setup-peer    # once: the reference venv
    .venv/bin/python benchmarks/bench_metrics.py [--peer-python PATH] [--no-peer]

Generates seeded graphs, writes each as a Curricular Analytics CSV to a temporary
folder, and times careerpaths reading it and computing delay, blocking, centrality and
complexity for every course:

* ``layered-150``: a layered curriculum of 150 courses and 1,300 requisite edges;
* ``catalog-2000``: a 2,000-course catalog (50 subjects, levels 100-400, prerequisites
  mostly inside a subject, some from other subjects), and the same catalog on the
  quarter system (``catalog-2000-quarter``), where complexity is scaled and rounded.

When a "peer" Python with ``curricularanalytics==0.2.0`` (the reference toolbox, AGPL,
kept out of the product) is available — ``--peer-python PATH``, or
``benchmarks/.peer-venv/bin/python``, which ``--setup-peer`` creates from
``benchmarks/peer-requirements.txt`` — the same CSV is read and measured by the
reference in a subprocess, and every per-course value and total is compared.

The reference enumerates every source → sink path, so its running time follows the
number of paths, not the size of the graph; where that number makes the run hopeless
the peer is skipped with the estimate, and any peer run is bounded by ``--peer-timeout``.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import math
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from careerpaths.core.metrics import (
    CurriculumGraph,
    CurriculumMetrics,
    Edge,
    EdgeKind,
    curriculum_metrics,
)
from careerpaths.io.curricular_analytics import document_from_graph, read_csv, write_csv

HERE = Path(__file__).resolve().parent
PEER_VENV = HERE / ".peer-venv"
PEER_REQUIREMENTS = HERE / "peer-requirements.txt"

# Run by the peer interpreter: read the CSV with the reference and print its metrics.
PEER_SCRIPT = r"""
import json, sys, time
from curricularanalytics import read_csv
t0 = time.perf_counter()
result = read_csv(sys.argv[1])
t1 = time.perf_counter()
curric = getattr(result, "curriculum", result)
courses = {
    str(c.id): [curric.delay_factor(c), curric.blocking_factor(c),
                curric.centrality(c), curric.complexity(c)]
    for c in curric.courses
}
totals = [curric.total_delay_factor, curric.total_blocking_factor,
          curric.total_centrality, curric.total_complexity]
t2 = time.perf_counter()
json.dump({"read_s": t1 - t0, "metrics_s": t2 - t1, "courses": courses, "totals": totals},
          sys.stdout)
"""


# --- the graphs -------------------------------------------------------------------------


def layered_curriculum(
    seed: int, courses: int = 150, edges: int = 1300, layers: int = 7, span: int = 2
) -> CurriculumGraph:
    """``courses`` in ``layers`` equal layers; ``edges`` distinct requisites drawn at
    random from each layer to the next ``span`` layers."""
    rng = random.Random(seed)
    layer = [i * layers // courses for i in range(courses)]
    candidates = [
        (u, v) for v in range(courses) for u in range(courses) if 0 < layer[v] - layer[u] <= span
    ]
    chosen = sorted(rng.sample(candidates, edges), key=lambda e: (e[1], e[0]))
    ids = [str(i + 1) for i in range(courses)]
    return CurriculumGraph(
        ids=tuple(ids),
        names={cid: f"Layer {layer[i] + 1} course {cid}" for i, cid in enumerate(ids)},
        edges=tuple(Edge(ids[u], ids[v]) for u, v in chosen),
    )


def catalog_graph(
    seed: int,
    subjects: int = 50,
    per_subject: int = 40,
    sequence: float = 0.35,
    cross: float = 0.4,
) -> CurriculumGraph:
    """A course catalog: ``subjects`` × ``per_subject`` courses at levels 100-400.

    Each course above level 100 has one to three prerequisites from lower levels of
    its subject (mostly the level just below); with probability ``sequence`` it also
    continues an earlier course of its own level (like 221 → 222), and with probability
    ``cross`` it requires a course of another subject at its level or below (a
    corequisite one time in five). A few upper-level courses have a strict-corequisite
    lab. Courses are ranked (level, subject, number) and requisites always come from
    a lower rank, so the catalog is acyclic; some level-100 courses stay isolated.
    """
    rng = random.Random(seed)
    names: dict[str, str] = {}
    by_subject_level: dict[tuple[int, int], list[str]] = {}
    for s in range(subjects):
        for k in range(per_subject):
            level = 1 + k * 4 // per_subject  # 1..4
            cid = str(s * per_subject + k + 1)
            names[cid] = f"SUBJ{s:02d} {level}{k:02d}"
            by_subject_level.setdefault((s, level), []).append(cid)
    edges: list[Edge] = []
    for (s, level), ids in by_subject_level.items():
        for i, cid in enumerate(ids):
            if i > 0 and rng.random() < sequence:
                edges.append(Edge(ids[rng.randrange(i)], cid))
            if level > 1:
                for _ in range(rng.randint(1, 3)):
                    lower = level - 1 if rng.random() < 0.7 else rng.randint(1, level - 1)
                    edges.append(Edge(rng.choice(by_subject_level[(s, lower)]), cid))
            if rng.random() < cross:
                other = rng.randrange(subjects)
                other_level = rng.randint(1, level)
                if other_level == level and other > s:
                    other_level -= 1  # same level only from a lower-ranked subject
                if other != s and other_level >= 1:
                    kind: EdgeKind = "coreq" if rng.random() < 0.2 else "prereq"
                    edges.append(
                        Edge(rng.choice(by_subject_level[(other, other_level)]), cid, kind)
                    )
            if level >= 3 and i > 0 and rng.random() < 0.05:
                edges.append(Edge(ids[i - 1], cid, "strict_coreq"))
    return CurriculumGraph(ids=tuple(names), names=names, edges=tuple(edges))


def path_statistics(graph: CurriculumGraph) -> tuple[int, float]:
    """Number of source → sink paths (the paths the reference enumerates), mean vertices."""
    index = {cid: i for i, cid in enumerate(graph.ids)}
    n = len(graph.ids)
    succ: list[set[int]] = [set() for _ in range(n)]
    pred: list[set[int]] = [set() for _ in range(n)]
    for e in graph.edges:
        succ[index[e.source]].add(index[e.target])
        pred[index[e.target]].add(index[e.source])
    order = [v for v in range(n) if not pred[v]]
    indegree = [len(p) for p in pred]
    for v in order:
        for w in succ[v]:
            indegree[w] -= 1
            if indegree[w] == 0:
                order.append(w)
    count = [0] * n
    length = [0] * n
    for v in order:
        if not pred[v]:
            count[v], length[v] = 1, 1
        else:
            count[v] = sum(count[p] for p in pred[v])
            length[v] = sum(length[p] + count[p] for p in pred[v])
    sinks = [v for v in range(n) if not succ[v] and pred[v]]
    paths = sum(count[v] for v in sinks)
    return paths, (sum(length[v] for v in sinks) / paths if paths else 0.0)


# --- measuring ----------------------------------------------------------------------------


@dataclass
class Ours:
    read_s: float
    metrics_s: float
    metrics: CurriculumMetrics

    @property
    def total_s(self) -> float:
        return self.read_s + self.metrics_s


def measure_ours(path: Path, repeat: int) -> Ours:
    reads: list[float] = []
    computes: list[float] = []
    result: CurriculumMetrics | None = None
    for _ in range(repeat):
        t0 = time.perf_counter()
        doc = read_csv(path)
        t1 = time.perf_counter()
        result = curriculum_metrics(doc.graph)
        t2 = time.perf_counter()
        reads.append(t1 - t0)
        computes.append(t2 - t1)
    assert result is not None
    return Ours(statistics.median(reads), statistics.median(computes), result)


def run_peer(python: Path, csv_path: Path, script: Path, timeout: float) -> dict[str, Any] | str:
    try:
        proc = subprocess.run(
            [str(python), str(script), str(csv_path)],
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return f"peer stopped after the {timeout:.0f} s timeout"
    if proc.returncode != 0:
        tail = proc.stderr.strip().splitlines()[-1:] or ["no message"]
        return f"peer failed (exit {proc.returncode}): {tail[0]}"
    data: dict[str, Any] = json.loads(proc.stdout)
    return data


def compare(ours: CurriculumMetrics, peer: dict[str, Any]) -> list[str]:
    """Every disagreement between our values and the peer's, as text (empty: identical)."""
    problems: list[str] = []
    theirs: dict[str, list[Any]] = peer["courses"]
    if set(theirs) != {c.id for c in ours.courses}:
        problems.append("the two sides see different courses")
    for c in ours.courses:
        mine = [c.delay, c.blocking, c.centrality, c.complexity]
        other = theirs.get(c.id)
        if other is None:
            continue
        labels = ("delay", "blocking", "centrality", "complexity")
        for label, a, b in zip(labels, mine, other, strict=True):
            if a != b:
                problems.append(f"course {c.id}: {label} {a} here, {b} in the reference")
    t = ours.totals
    pt = peer["totals"]
    if [t.delay, t.blocking, t.centrality] != pt[:3]:
        problems.append(f"totals differ: {[t.delay, t.blocking, t.centrality]} vs {pt[:3]}")
    if not math.isclose(t.complexity, pt[3], rel_tol=1e-12, abs_tol=1e-9):
        problems.append(f"total complexity {t.complexity} here, {pt[3]} in the reference")
    return problems


# --- output ------------------------------------------------------------------------------


def fmt_s(seconds: float | None) -> str:
    if seconds is None:
        return "—"
    if seconds < 1:
        return f"{seconds * 1000:.2f} ms"
    return f"{seconds:.2f} s"


def table(rows: list[list[str]]) -> str:
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = []
    for k, r in enumerate(rows):
        lines.append(
            "  ".join(
                cell.ljust(w) if i == 0 else cell.rjust(w)
                for i, (cell, w) in enumerate(zip(r, widths, strict=True))
            )
        )
        if k == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def setup_peer() -> Path:
    """``python3 -m venv benchmarks/.peer-venv`` and ``pip install -r peer-requirements.txt``."""
    python = PEER_VENV / "bin" / "python"
    if not python.exists():
        print(f"creating {PEER_VENV} …", flush=True)
        base = shutil.which("python3") or sys.executable
        subprocess.run([base, "-m", "venv", str(PEER_VENV)], check=True)
    subprocess.run(
        [str(PEER_VENV / "bin" / "pip"), "install", "-q", "-r", str(PEER_REQUIREMENTS)],
        check=True,
    )
    return python


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--peer-python", type=Path, help="a Python with curricularanalytics==0.2.0")
    ap.add_argument(
        "--setup-peer",
        action="store_true",
        help=f"create {PEER_VENV.relative_to(HERE.parent)} from peer-requirements.txt",
    )
    ap.add_argument("--no-peer", action="store_true", help="time careerpaths only")
    ap.add_argument("--peer-timeout", type=float, default=900.0, help="seconds per peer run")
    ap.add_argument("--seed", type=int, default=20250101)
    ap.add_argument("--keep", type=Path, help="write the CSV files to this folder")
    args = ap.parse_args(argv)

    if args.setup_peer:
        print(f"peer ready: {setup_peer()} (run the benchmark again to compare)")
        return 0
    peer: Path | None = None
    if args.peer_python is not None:
        peer = args.peer_python
    elif (PEER_VENV / "bin" / "python").exists():
        peer = PEER_VENV / "bin" / "python"
    if args.no_peer:
        peer = None

    graphs: list[tuple[str, Callable[[], CurriculumGraph], int]] = [
        ("layered-150", lambda: layered_curriculum(args.seed), 50),
        ("catalog-2000", lambda: catalog_graph(args.seed), 10),
        (  # the same catalog on the quarter system: complexity × 2/3, rounded
            "catalog-2000-quarter",
            lambda: dataclasses.replace(catalog_graph(args.seed), system="quarter"),
            10,
        ),
    ]
    with tempfile.TemporaryDirectory(prefix="bench-metrics-") as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        script = Path(tmp) / "peer_metrics.py"
        script.write_text(PEER_SCRIPT, encoding="utf-8")
        rows = [
            [
                "graph",
                "courses",
                "edges",
                "src→sink paths",
                "ours: read",
                "ours: metrics",
                "ours: total",
                "peer: read",
                "peer: metrics",
                "peer: total",
                "speed-up",
                "values",
            ]
        ]
        notes: list[str] = []
        calibration: tuple[float, float] | None = None  # (peer seconds, path-vertex work)
        targets: list[str] = []
        for name, make, repeat in graphs:
            graph = make()
            csv_path = folder / f"{name}.csv"
            write_csv(
                document_from_graph(
                    graph, curriculum=name, institution="benchmark", degree_type="BS"
                ),
                csv_path,
            )
            paths, mean_len = path_statistics(graph)
            work = paths * mean_len * len(graph.ids)  # the reference's centrality scan
            ours = measure_ours(csv_path, repeat)
            peer_read = peer_metrics = peer_total = None
            speed = "—"
            verdict = "not compared"
            if peer is None:
                notes.append(f"{name}: peer skipped: no peer Python (use --setup-peer)")
            else:
                predicted = calibration[0] * work / calibration[1] if calibration else None
                if paths > 20_000_000 or (predicted is not None and predicted > args.peer_timeout):
                    when = (
                        f"~{predicted / 3600:,.1f} h predicted from the first peer run"
                        if predicted
                        else "too many paths to hold in memory"
                    )
                    notes.append(
                        f"{name}: peer skipped: path enumeration explodes — {paths:,} "
                        f"source→sink paths of {mean_len:.1f} courses on average, each "
                        f"stored and scanned once per course ({work:.2e} steps; {when})"
                    )
                    verdict = "peer skipped"
                else:
                    print(f"running the reference on {name} ({paths:,} paths) …", flush=True)
                    result = run_peer(peer, csv_path, script, args.peer_timeout)
                    if isinstance(result, str):
                        notes.append(f"{name}: {result}")
                        verdict = "peer failed"
                    else:
                        peer_read, peer_metrics = result["read_s"], result["metrics_s"]
                        peer_total = peer_read + peer_metrics
                        calibration = calibration or (peer_total, work)
                        speed = f"{peer_total / ours.total_s:,.0f}×"
                        problems = compare(ours.metrics, result)
                        n = len(graph.ids)
                        verdict = (
                            f"identical ({n}/{n} courses × 4 + totals)"
                            if not problems
                            else f"{len(problems)} DIFFERENCES"
                        )
                        notes.extend(f"{name}: {p}" for p in problems[:20])
                        if name == "layered-150":
                            ok = peer_total / ours.total_s >= 1000 and not problems
                            targets.append(
                                f"layered-150: identical values and ≥1000× faster: "
                                f"{'met' if ok else 'NOT MET'} "
                                f"({peer_total / ours.total_s:,.0f}×, metrics alone "
                                f"{peer_metrics / ours.metrics_s:,.0f}×)"
                            )
            if name == "catalog-2000":
                targets.append(
                    f"catalog-2000 under 1 s: "
                    f"{'met' if ours.total_s < 1 else 'NOT MET'} "
                    f"({fmt_s(ours.total_s)} read + metrics)"
                )
            rows.append(
                [
                    name,
                    f"{len(graph.ids):,}",
                    f"{len(graph.edges):,}",
                    f"{paths:,}",
                    fmt_s(ours.read_s),
                    fmt_s(ours.metrics_s),
                    fmt_s(ours.total_s),
                    fmt_s(peer_read),
                    fmt_s(peer_metrics),
                    fmt_s(peer_total),
                    speed,
                    verdict,
                ]
            )
            t = ours.metrics.totals
            notes.append(
                f"{name}: totals delay {t.delay:,}, blocking {t.blocking:,}, "
                f"centrality {t.centrality:,}, complexity {t.complexity:,}"
            )
    print()
    print(
        f"careerpaths {sys.version.split()[0]} vs curricularanalytics 0.2.0 "
        f"(peer: {peer or 'none'}); ours = median of repeated runs, peer = one run"
    )
    print()
    print(table(rows))
    print()
    for note in notes:
        print(f"- {note}")
    for target in targets:
        print(f"target: {target}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
