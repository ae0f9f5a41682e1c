"""``careerpaths equity``: the dual-enrollment equity report and the eligibility what-if.

Both read a region workspace's students (``--workspace``) or, by default, the demo
region's **synthetic** students, and print only suppressed aggregates: counts of 1 to
``threshold - 1`` are ``*``, with complementary suppression. Exit codes: 0 ok; 2 unusable
input (a workspace that does not load, a rule that does not parse, a threshold below 5,
an engine that cannot be reached).
"""

from __future__ import annotations

import io
import json
import sys
from dataclasses import asdict
from enum import StrEnum
from pathlib import Path
from typing import Annotated, NoReturn

import typer
from rich.console import Console
from rich.table import Table

from careerpaths.core.model import Region
from careerpaths.core.privacy import MIN_THRESHOLD, SMALL_CELL
from careerpaths.core.requisites import RequisiteSyntaxError
from careerpaths.io import csvsafe
from careerpaths.io.errors import WorkspaceError
from careerpaths.settings import Settings

equity_app = typer.Typer(
    name="equity",
    help="Dual-enrollment equity: participation, success, credits and credentials by school, "
    "college, pathway and subgroup (small cells suppressed), and eligibility what-ifs.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)
err = Console(stderr=True, highlight=False)


class ReportFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"
    html = "html"


class WhatIfFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


class EngineName(StrEnum):
    duckdb = "duckdb"
    postgres = "postgres"
    spark = "spark"


class By(StrEnum):
    school = "school"
    college = "college"
    pathway = "pathway"
    subgroup = "subgroup"


WorkspaceOpt = Annotated[
    Path | None,
    typer.Option(
        "--workspace", "-w", help="Region workspace folder (default: the demo region, synthetic)."
    ),
]
ThresholdOpt = Annotated[
    int,
    typer.Option(
        "--threshold", help=f"Suppress counts below this (at least {MIN_THRESHOLD}).", min=1
    ),
]
OutOpt = Annotated[Path | None, typer.Option("--out", "-o", help="Write to this file.")]


def _fail(message: str) -> NoReturn:
    err.print(f"careerpaths: {message}", markup=False)
    raise typer.Exit(2)


def _region(workspace: Path | None) -> Region:
    if workspace is None:
        from careerpaths.demo.region import build_region

        err.print("Using the demo region: synthetic students, not real people.", markup=False)
        return build_region()
    from careerpaths.cli import render
    from careerpaths.io.workspace import load_workspace

    try:
        return load_workspace(workspace)
    except WorkspaceError as exc:
        sys.stderr.write(render.load_errors_text(exc.errors))
        raise typer.Exit(2) from None


def _emit(text: str, out: Path | None) -> None:
    if out is None:
        sys.stdout.write(text)
    else:
        out.write_text(text, encoding="utf-8")


@equity_app.command("report")
def report_cmd(
    workspace: WorkspaceOpt = None,
    engine: Annotated[
        EngineName,
        typer.Option(
            "--engine",
            help="duckdb (embedded, default), postgres (URL in --url or "
            "CAREERPATHS_ANALYTICS_POSTGRES) or spark (local mode).",
        ),
    ] = EngineName.duckdb,
    by: Annotated[
        list[By] | None,
        typer.Option("--by", help="Breakdown: school, college, pathway or subgroup (repeatable)."),
    ] = None,
    threshold: ThresholdOpt = SMALL_CELL,
    fmt: Annotated[
        ReportFormat, typer.Option("--format", "-f", help="table, json, csv or html.")
    ] = ReportFormat.table,
    out: OutOpt = None,
    url: Annotated[
        str | None, typer.Option("--url", help="PostgreSQL URL for --engine postgres.")
    ] = None,
) -> None:
    """The equity report: participation, course success, credits and credentials."""
    from careerpaths.analytics import report as rep

    if threshold < MIN_THRESHOLD:
        _fail(f"the small-cell threshold may not be below {MIN_THRESHOLD}")
    region = _region(workspace)
    try:
        result = rep.region_report(
            region,
            engine=engine.value,
            by=[b.value for b in by or [By.subgroup]],
            threshold=threshold,
            url=url or Settings.from_env().analytics_postgres or None,
        )
    except ImportError as exc:  # an engine's optional extra is not installed
        _fail(
            f"the {engine.value} engine is not installed ({exc.name}): pip install careerpaths[{engine.value}]"
        )
    except ValueError as exc:
        _fail(str(exc))
    if fmt is ReportFormat.json:
        _emit(rep.to_json(result) + "\n", out)
    elif fmt is ReportFormat.csv:
        _emit(rep.to_csv(result), out)
    elif fmt is ReportFormat.html:
        _emit(rep.to_html(result), out)
    else:
        table = Table(title=result.title, caption=" ".join(result.notes))
        columns = (
            "dimension",
            "group",
            "enrolled",
            "participants",
            "participation",
            "representation_index",
            "gap_pp",
            "course_success",
            "credit_ratio",
            "share_12plus",
            "credential_rate",
        )
        for c in columns:
            table.add_column(c.replace("_", " "))
        for row in result.rows:
            d = asdict(row)
            table.add_row(*("*" if d[c] is None else str(d[c]) for c in columns))
        buf = io.StringIO()
        Console(file=buf, width=200).print(table)
        _emit(buf.getvalue(), out)


@equity_app.command("whatif")
def whatif_cmd(
    rule: Annotated[
        str | None,
        typer.Option("--rule", help="The current eligibility rule (default: general education)."),
    ] = None,
    alternative: Annotated[
        str | None,
        typer.Option("--alternative", help='The rule to compare (default: "grade >= 11").'),
    ] = None,
    workspace: WorkspaceOpt = None,
    threshold: ThresholdOpt = SMALL_CELL,
    fmt: Annotated[
        WhatIfFormat, typer.Option("--format", "-f", help="table, json or csv.")
    ] = WhatIfFormat.table,
    out: OutOpt = None,
) -> None:
    """Who gains or loses eligibility under another rule, by school and subgroup."""
    from careerpaths.analytics.tables import high_schools
    from careerpaths.analytics.whatif import CURRENT_RULE, TECHNICAL_RULE, what_if

    if threshold < MIN_THRESHOLD:
        _fail(f"the small-cell threshold may not be below {MIN_THRESHOLD}")
    region = _region(workspace)
    try:
        result = what_if(
            region.students.values(),
            rule=rule or CURRENT_RULE,
            alternative=alternative or TECHNICAL_RULE,
            districts=high_schools(region),
            threshold=threshold,
        )
    except RequisiteSyntaxError as exc:
        _fail(str(exc))
    rows = [asdict(r) for r in result.rows]
    columns = list(rows[0]) if rows else []
    if fmt is WhatIfFormat.json:
        _emit(json.dumps(result.as_dict(), indent=2, ensure_ascii=False) + "\n", out)
    elif fmt is WhatIfFormat.csv:
        buf = io.StringIO()
        w = csvsafe.writer(buf, lineterminator="\n")
        w.writerow(columns)
        for r in rows:
            w.writerow(["*" if r[c] is None else r[c] for c in columns])
        _emit(buf.getvalue(), out)
    else:
        table = Table(title=f"Eligibility: {result.rule}  →  {result.alternative}")
        for c in columns:
            table.add_column(c.replace("_", " "))
        for r in rows:
            table.add_row(*("*" if r[c] is None else str(r[c]) for c in columns))
        buf = io.StringIO()
        Console(file=buf, width=240).print(table)
        _emit(buf.getvalue(), out)
