"""``careerpaths metrics``: Curricular Analytics metrics of a CSV file or a pathway."""

from __future__ import annotations

import io
import json
from pathlib import Path

from rich.console import Console
from rich.table import Table

from careerpaths.core.metrics import (
    CurriculumMetrics,
    RequisiteCycleError,
    curriculum_metrics,
    graph_from_courses,
)
from careerpaths.core.model import Course
from careerpaths.core.requisites import course_key
from careerpaths.io import csvsafe
from careerpaths.io.curricular_analytics import CsvFormatError, CsvWarning, read_csv


class MetricsInputError(Exception):
    """Input the metrics cannot be computed from (a malformed file, a requisite cycle)."""


def compute_metrics_for_csv(
    path: Path, *, warnings: list[CsvWarning] | None = None
) -> CurriculumMetrics:
    """Metrics of a Curricular Analytics curriculum or degree plan CSV; what was read with
    an interpretation is appended to ``warnings``."""
    try:
        doc = read_csv(path)
        if warnings is not None:
            warnings.extend(doc.warnings)
        return curriculum_metrics(doc.graph)
    except CsvFormatError as exc:
        raise MetricsInputError(str(exc)) from None
    except RequisiteCycleError as exc:
        raise MetricsInputError(f"{path}: {exc}") from None


def compute_metrics_for_pathway(path: Path, workspace: Path | None = None) -> CurriculumMetrics:
    """Metrics of the courses placed in a pathway (its alternatives left out).

    ``workspace`` defaults to the folder above ``pathways/``. Raises the workspace
    loader's ``WorkspaceError`` when the workspace does not load.
    """
    from careerpaths.io.workspace import load_workspace
    from careerpaths.io.yamldoc import YamlError, load_yaml_text

    root = workspace if workspace is not None else path.resolve().parent.parent
    region = load_workspace(root)
    try:
        data = load_yaml_text(path.read_text(encoding="utf-8"), str(path))
    except (OSError, YamlError) as exc:
        raise MetricsInputError(f"{path}: cannot be read: {exc}") from None
    pathway_id = data.get("id") if isinstance(data, dict) else None
    pathway = region.pathways.get(str(pathway_id)) if pathway_id is not None else None
    if pathway is None:
        raise MetricsInputError(f"{path}: not a pathway of the workspace {root}")
    courses: dict[str, Course] = {}
    for placement in pathway.placements:
        course = region.course(placement.course)
        if course is not None:
            courses.setdefault(course_key(course.code), course)
    try:
        return curriculum_metrics(graph_from_courses(courses.values()))
    except RequisiteCycleError as exc:
        raise MetricsInputError(f"{path}: {exc}") from None


def render_json(m: CurriculumMetrics) -> str:
    return json.dumps(m.as_dict(), indent=2, ensure_ascii=False) + "\n"


def render_csv(m: CurriculumMetrics) -> str:
    """One row per course, then a ``Total`` row (empty Course ID)."""
    out = io.StringIO()
    w = csvsafe.writer(out, lineterminator="\n")
    w.writerow(["Course ID", "Course Name", "Complexity", "Blocking", "Delay", "Centrality"])
    for c in m.courses:
        w.writerow([c.id, c.name, c.complexity, c.blocking, c.delay, c.centrality])
    t = m.totals
    w.writerow(["", "Total", t.complexity, t.blocking, t.delay, t.centrality])
    return out.getvalue()


def render_table(m: CurriculumMetrics, width: int = 110) -> str:
    table = Table(
        title=f"Curricular Analytics metrics ({m.system} system)",
        show_footer=True,
        title_justify="left",
    )
    t = m.totals
    table.add_column("Course ID", footer="Total")
    table.add_column("Course", footer="")
    for header, total in (
        ("Complexity", t.complexity),
        ("Blocking", t.blocking),
        ("Delay", t.delay),
        ("Centrality", t.centrality),
    ):
        table.add_column(header, justify="right", footer=str(total))
    for c in m.courses:
        table.add_row(
            c.id, c.name, str(c.complexity), str(c.blocking), str(c.delay), str(c.centrality)
        )
    buf = io.StringIO()
    console = Console(
        file=buf, width=width, force_terminal=False, color_system=None, highlight=False
    )
    console.print(table)
    return buf.getvalue()
