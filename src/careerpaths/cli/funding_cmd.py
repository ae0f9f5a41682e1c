"""``careerpaths costs``, ``careerpaths budget`` and ``careerpaths partnerships``.

REGION is a bundled region (``cedar-rapids``, ``indianapolis``) or a partnership folder
(``region.yaml`` plus ``costs.yaml``, ``agreements.yaml``, ``budget.yaml``,
``equipment.yaml``). Every figure names its rule and source. Exit codes: 0 clean; 1
findings of severity error (a budget line not allowable, an agreement that ends before
it starts, a rate outside the state's bounds); 2 unusable input (a file that does not
load, an unknown region, pathway or rule set).
"""

from __future__ import annotations

import sys
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated, NoReturn

import typer
from rich.console import Console
from rich.table import Table as RichTable

from careerpaths.core.findings import Finding, has_errors, sort_findings
from careerpaths.core.funding import DeliveryModel
from careerpaths.io.errors import WorkspaceError
from careerpaths.io.funding import Partnership
from careerpaths.io.funding_report import Table

_common = {
    "no_args_is_help": True,
    "add_completion": False,
    "pretty_exceptions_enable": False,
    "rich_markup_mode": None,
}
costs_app = typer.Typer(
    name="costs",
    help="What a pathway costs each party under each delivery model, by the state's rules.",
    **_common,  # type: ignore[arg-type]
)
budget_app = typer.Typer(
    name="budget",
    help="A Perkins V budget: each line's allowability, with the reason and the statute.",
    **_common,  # type: ignore[arg-type]
)
partnerships_app = typer.Typer(
    name="partnerships",
    help="Partnership agreements: dates, payers, rates, FERPA clause, renewals due.",
    **_common,  # type: ignore[arg-type]
)
err = Console(stderr=True, highlight=False, soft_wrap=True)
out = Console(highlight=False, width=200)


class ReportFormat(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"
    xlsx = "xlsx"


RegionArg = Annotated[
    str, typer.Argument(help="A bundled region (cedar-rapids, indianapolis) or a folder.")
]
FormatOpt = Annotated[ReportFormat, typer.Option("--format", "-f", help="Output format.")]
OutputOpt = Annotated[
    Path | None, typer.Option("--output", "-o", help="Write here (required for xlsx).")
]


def _fail(message: str) -> NoReturn:
    err.print(f"error: {message}", markup=False)
    raise typer.Exit(2)


def _load(region: str) -> Partnership:
    from careerpaths.io.funding import bundled_partnership, load_partnership

    try:
        path = Path(region)
        if path.is_dir():
            return load_partnership(path)
        return bundled_partnership(region)
    except WorkspaceError as exc:
        for e in exc.errors:
            err.print(str(e), markup=False)
        raise typer.Exit(2) from None


def _emit(tables: list[Table], fmt: ReportFormat, output: Path | None) -> None:
    from careerpaths.io.funding_report import to_csv, to_json, write_xlsx

    if fmt is ReportFormat.xlsx:
        if output is None:
            _fail("--format xlsx needs --output FILE.xlsx")
        write_xlsx(tables, output)
        err.print(f"wrote {output}", markup=False)
        return
    if fmt is ReportFormat.table:
        for t in tables:
            rt = RichTable(title=t.title, title_justify="left")
            for col in t.columns:
                rt.add_column(col)
            for row in t.rows:
                rt.add_row(*("" if v is None else _cell(v) for v in row))
            out.print(rt)
            for note in t.notes:
                out.print(f"  {note}", markup=False)
        return
    if fmt is ReportFormat.csv:
        text = "\n".join(to_csv(t) for t in tables)
    else:
        text = to_json(tables) + "\n"
    if output is not None:
        output.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)


def _cell(v: object) -> str:
    if isinstance(v, bool):
        return "yes" if v else ""
    if isinstance(v, float):
        return f"{v:,.2f}"
    return str(v)


def _print_findings(findings: list[Finding]) -> None:
    for f in sort_findings(findings):
        where = f"{f.where}: " if str(f.where) else ""
        err.print(f"{where}{f.severity.value}: {f.message} [{f.code}]", markup=False)


def _pathway(p: Partnership, pathway: str | None) -> str:
    if pathway is None:
        if len(p.pathways) == 1:
            return next(iter(p.pathways))
        _fail(f"--pathway is required; {p.name} has: {', '.join(sorted(p.pathways))}")
    if pathway not in p.pathways:
        _fail(f"no pathway {pathway!r} in {p.name}; known: {', '.join(sorted(p.pathways))}")
    return pathway


@costs_app.command("compare")
def costs_compare(
    region: RegionArg,
    pathway: Annotated[str | None, typer.Option(help="Pathway id in the region's files.")] = None,
    delivery: Annotated[
        list[DeliveryModel] | None,
        typer.Option(help="Delivery model to compare (repeat); all when omitted."),
    ] = None,
    students: Annotated[
        int | None, typer.Option(min=1, help="Students per section (default: the plan's).")
    ] = None,
    lines: Annotated[bool, typer.Option(help="Add every cost line with its rule.")] = False,
    fmt: FormatOpt = ReportFormat.table,
    output: OutputOpt = None,
) -> None:
    """Cost of a pathway's dual-credit courses per delivery model: per party, per student,
    per credit, state aid received, and the family's savings."""
    from careerpaths.io.funding_report import (
        compare,
        comparison_table,
        lines_table,
        savings_table,
    )

    p = _load(region)
    pid = _pathway(p, pathway)
    deliveries = list(delivery) if delivery else list(DeliveryModel)
    comparisons = compare(p, pid, deliveries, students=students)
    tables = [comparison_table(p, comparisons), savings_table(p, pid, deliveries[0])]
    if lines:
        tables.append(lines_table(p, comparisons))
    _emit(tables, fmt, output)


@costs_app.command("projection")
def costs_projection(
    region: RegionArg,
    delivery: Annotated[DeliveryModel, typer.Option(help="Delivery model to project.")],
    pathway: Annotated[str | None, typer.Option(help="Pathway id in the region's files.")] = None,
    years: Annotated[int, typer.Option(min=1, max=10, help="Years to project.")] = 5,
    workspace: Annotated[
        Path | None,
        typer.Option(
            help="A region workspace: its pathway of the same id is validated, and each "
            "high-school course that repeats a dual-credit course (repeated-content) is "
            "costed as avoidable."
        ),
    ] = None,
    fmt: FormatOpt = ReportFormat.table,
    output: OutputOpt = None,
) -> None:
    """Five-year cost of a pathway (sections plus shared equipment), per college credit
    and per credential, with redundant high-school courses and their avoidable cost, and
    the shared equipment's cost per student-hour and shares."""
    from careerpaths.io.funding_report import (
        equipment_table,
        pathway_projection,
        pathway_redundancy,
    )

    p = _load(region)
    pid = _pathway(p, pathway)
    findings: list[Finding] = []
    if workspace is not None:
        findings = _pathway_findings(workspace, pid)
    redundancy, found = pathway_redundancy(p, pid, findings)
    table, _ = pathway_projection(p, pid, delivery, years=years, redundancy=found)
    eq, _ = equipment_table(p)
    _emit([table, redundancy, eq], fmt, output)


def _pathway_findings(workspace: Path, pathway_id: str) -> list[Finding]:
    from careerpaths.core.validation import validate_pathway
    from careerpaths.io.workspace import load_workspace

    try:
        region = load_workspace(workspace)
    except WorkspaceError as exc:
        for e in exc.errors:
            err.print(str(e), markup=False)
        raise typer.Exit(2) from None
    pathway = region.pathways.get(pathway_id)
    if pathway is None:
        _fail(f"no pathway {pathway_id!r} in the workspace {workspace}")
    return validate_pathway(
        pathway, region.courses, region.credentials, region.settings, region.institutions
    )


@costs_app.command("rules")
def costs_rules(
    rules: Annotated[str, typer.Argument(help="Bundled rules id (e.g. iowa-syp) or a YAML file.")],
    fmt: FormatOpt = ReportFormat.table,
    output: OutputOpt = None,
) -> None:
    """A rule set's parameters and rules, each with its source."""
    from careerpaths.core.funding import parameter_values
    from careerpaths.io.funding import bundled_rules, load_rules

    try:
        path = Path(rules)
        rs = load_rules(path) if path.is_file() else bundled_rules(rules)
    except WorkspaceError as exc:
        for e in exc.errors:
            err.print(str(e), markup=False)
        raise typer.Exit(2) from None
    values = parameter_values(rs)
    params = Table(
        title=f"Parameters, {rs.name}",
        columns=("parameter", "value", "definition", "source", "illustrative", "note"),
        rows=tuple(
            (
                prm.name,
                round(values[prm.name], 4),
                str(prm.value),
                rs.source_url(prm.source),
                prm.illustrative,
                prm.note,
            )
            for prm in rs.parameters.values()
        ),
    )
    rows = Table(
        title=f"Rules, {rs.name}",
        columns=("rule", "item", "payer", "basis", "formula", "deliveries", "tags", "source"),
        rows=tuple(
            (
                r.id,
                r.item.value,
                r.payer.value + (f" -> {r.payee.value}" if r.payee else ""),
                r.basis.value,
                r.formula,
                " ".join(sorted(r.deliveries)) or "all",
                " ".join(sorted(r.tags)) + "".join(f" not {t}" for t in sorted(r.unless_tags)),
                rs.source_url(r.source) or ("illustrative" if r.illustrative else ""),
            )
            for r in rs.rules
        ),
    )
    _emit([params, rows], fmt, output)


@budget_app.command("check")
def budget_check_cmd(
    region: RegionArg,
    fmt: FormatOpt = ReportFormat.table,
    output: OutputOpt = None,
) -> None:
    """Check the region's Perkins V budget: each line allowable or not, why, and the law."""
    from careerpaths.io.funding import load_perkins
    from careerpaths.io.funding_report import budget_check, budget_table

    p = _load(region)
    try:
        perkins = load_perkins()
    except WorkspaceError as exc:
        _fail(str(exc))
    check = budget_check(p, perkins)
    if check is None:
        _fail(f"{p.name} has no budget.yaml")
    _emit([budget_table(p, check)], fmt, output)
    _print_findings(list(check.findings))
    if has_errors(check.findings):
        raise typer.Exit(1)


@partnerships_app.command("check")
def partnerships_check(
    region: RegionArg,
    today: Annotated[
        str | None, typer.Option(help="Check as of this date (YYYY-MM-DD); default today.")
    ] = None,
    fmt: FormatOpt = ReportFormat.table,
    output: OutputOpt = None,
) -> None:
    """Check the region's agreements and list renewals due in the next 120 days."""
    from careerpaths.core.partnerships import renewals_due
    from careerpaths.io.funding import partnership_findings

    try:
        as_of = date.fromisoformat(today) if today else date.today()
    except ValueError:
        _fail(f"--today {today!r} is not a date (YYYY-MM-DD)")
    p = _load(region)
    findings = partnership_findings(p, today=as_of)
    table = Table(
        title=f"Agreements, {p.name}",
        columns=("agreement", "kind", "parties", "starts", "ends", "status", "renewal_notice"),
        rows=tuple(
            (
                a.id,
                a.kind.value,
                ", ".join(p.institutions.get(x, x) for x in a.parties),
                a.starts.isoformat(),
                a.ends.isoformat(),
                a.status.value,
                a.renewal_due().isoformat(),
            )
            for a in p.agreements
        ),
        notes=tuple(
            f"Renewal due: {a.id} ends {a.ends.isoformat()}"
            for a in renewals_due(p.agreements, today=as_of)
        ),
    )
    _emit([table], fmt, output)
    _print_findings(findings)
    if has_errors(findings):
        raise typer.Exit(1)
