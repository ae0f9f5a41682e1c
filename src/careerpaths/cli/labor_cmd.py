"""``careerpaths labor``: labor-market data, reports and imports.

Every figure is printed with its source and vintage: in table footers, as
``wage_source`` / ``projection_source`` columns in CSV, and under a ``sources`` key in
JSON. Exit codes: 0 ok; 1 review flags of severity error (``flags``); 2 unusable input
(unknown area, pathway or file; a file that does not import: every problem is listed
with file, line, column and reason, and nothing is loaded).

Areas: an OEWS area code (``0016300``, ``16300``), a state (``IA``, ``Iowa``) or a name
(``"Cedar Rapids, IA"``; a unique part of a name works too).
"""

from __future__ import annotations

import io
import json
import sys
from collections.abc import Iterable, Sequence
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer
from rich.console import Console
from rich.table import Table

from careerpaths.core.findings import Finding, Severity, has_errors
from careerpaths.core.model import Region
from careerpaths.io import csvsafe
from careerpaths.labor import store
from careerpaths.labor.classify import AreaBaseline, ClassificationSettings
from careerpaths.labor.config import LaborConfig, default_area, read_config, settings_from
from careerpaths.labor.importers import ImportFailed, ImportKind
from careerpaths.labor.links import (
    EDUCATION_RANK,
    check_overrides,
    named_on_exits,
    read_overrides,
)
from careerpaths.labor.store import ONET_ATTRIBUTION, Area, AreaNotFound, Dataset, LaborData
from careerpaths.settings import Settings

labor_app = typer.Typer(
    name="labor",
    help="Labor-market data (BLS OEWS wages, BLS projections, CIP-SOC crosswalk, O*NET): "
    "reports by area, and imports of newer vintages and state projections.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

SCHEMA_VERSION = 1


class Fmt(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


FormatOpt = Annotated[Fmt, typer.Option("--format", "-f", help="table, json or csv.")]
AreaOpt = Annotated[
    str | None,
    typer.Option(
        "--area",
        "-a",
        help='OEWS area code (0016300), state (IA) or name ("Cedar Rapids, IA"). Default: '
        "the workspace's labor.yaml area; Cedar Rapids, IA for the demo region.",
    ),
]
WorkspaceOpt = Annotated[
    Path | None,
    typer.Option("--workspace", "-w", help="Region workspace folder (default: the demo region)."),
]
LinksOpt = Annotated[
    Path | None,
    typer.Option("--links", help="Employer-validated link changes (CSV or YAML)."),
]
FamilyWageOpt = Annotated[
    float | None,
    typer.Option(
        "--family-wage",
        help="Family-supporting annual wage: replaces the area median as the high-wage threshold.",
    ),
]
SettingsOpt = Annotated[
    Path | None,
    typer.Option("--settings", help="YAML file of classification thresholds (docs/labor.md)."),
]


# ------------------------------------------------------------------ helpers


def _fail(message: str, code: int = 2) -> NoReturn:
    sys.stderr.write(f"careerpaths labor: {message}\n")
    raise typer.Exit(code)


def _problems(exc: ImportFailed, fmt: Fmt) -> NoReturn:
    if fmt is Fmt.json:
        sys.stdout.write(
            _dumps(
                {
                    "schema_version": SCHEMA_VERSION,
                    "ok": False,
                    "errors": [e.as_dict() for e in exc.problems],
                    "truncated": exc.truncated,
                }
            )
        )
    else:
        n = len(exc.problems)
        lines = [f"{n} problem{'s' if n != 1 else ''} found; nothing was loaded:"]
        lines += [f"  {e}" for e in exc.problems]
        if exc.truncated:
            lines.append("  (more problems not listed)")
        sys.stderr.write("\n".join(lines) + "\n")
    raise typer.Exit(2)


def _dumps(data: Any) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def _console() -> Console:
    return Console(
        file=sys.stdout,
        width=None if sys.stdout.isatty() else 132,
        highlight=False,
        soft_wrap=False,
    )


def _data() -> LaborData:
    return store.load(Settings.from_env().home)


def _area(data: LaborData, query: str | None, config: LaborConfig, region: Region) -> Area:
    q = query or default_area(region.settings.labor_area, config)
    if q is None:
        _fail('give an area: --area CODE or --area NAME (e.g. "Cedar Rapids, IA")')
    try:
        return data.area(q)
    except AreaNotFound as exc:
        _fail(str(exc))


def _region(workspace: Path | None, fmt: Fmt) -> Region:
    if workspace is not None:
        if not workspace.is_dir():
            _fail(f"{workspace} is not a folder")
        try:
            from careerpaths.io.workspace import load_workspace
        except ImportError:
            _fail("reading workspaces is not available in this version")
        from careerpaths.io.errors import WorkspaceError

        try:
            return load_workspace(workspace)
        except WorkspaceError as exc:
            _problems(ImportFailed(exc.errors), fmt)
    try:
        from careerpaths.demo.region import build_region
    except ImportError:
        _fail("the demo region is not available; give a region with --workspace DIR")
    try:
        return build_region(students=0)  # the labor reports need no students
    except TypeError:
        return build_region()


def _config(
    workspace: Path | None,
    links: Path | None,
    settings_file: Path | None,
    family_wage: float | None,
    fmt: Fmt,
) -> LaborConfig:
    try:
        cfg = read_config(workspace)
        overrides = list(cfg.overrides)
        if links is not None:
            if not links.exists():
                _fail(f"{links} does not exist")
            overrides += read_overrides(links)
        settings = cfg.settings
        if settings_file is not None:
            if not settings_file.exists():
                _fail(f"{settings_file} does not exist")
            from careerpaths.io.yamldoc import YamlError, load_yaml_text

            try:
                doc = (
                    load_yaml_text(settings_file.read_text(encoding="utf-8"), str(settings_file))
                    or {}
                )
            except YamlError as exc:
                _fail(str(exc))
            if isinstance(doc, dict) and isinstance(doc.get("thresholds"), dict):
                doc = doc["thresholds"]
            if not isinstance(doc, dict):
                _fail(f"{settings_file}: expected a mapping of thresholds")
            settings = settings_from(doc, settings_file.name)
        if family_wage is not None:
            if family_wage <= 0:
                _fail("--family-wage must be positive")
            settings = ClassificationSettings(
                **{**settings.as_dict(), "family_supporting_wage": family_wage}  # type: ignore[arg-type]
            )
    except ImportFailed as exc:
        _problems(exc, fmt)
    return LaborConfig(cfg.area, settings, tuple(overrides))


def _yn(v: bool | None) -> str:
    return "?" if v is None else ("yes" if v else "no")


def _money(v: float | None, topcoded: bool = False) -> str:
    if v is None:
        return "—"
    return ("≥ " if topcoded else "") + f"${v:,.0f}"


def _num(v: float | None, nd: int = 0) -> str:
    return "—" if v is None else f"{v:,.{nd}f}"


def _baseline_lines(b: AreaBaseline, data: LaborData) -> list[str]:
    s = b.settings
    open_thr = _num(b.openings_threshold)
    repl = (
        f", or ≥ {_num(b.replacement_threshold)} openings and not shrinking"
        if b.replacement_threshold is not None
        else ""
    )
    proj = data.datasets.get(b.projection_dataset or -1)
    return [
        f"Area: {b.area.label}.",
        f"High-wage: median ≥ {_money(b.wage_threshold)} ({b.wage_basis}).",
        f"High-demand: ≥ {open_thr} openings a year (P{s.openings_percentile:g} of the area's "
        f"occupations, at least {s.min_annual_openings:g}) and growth ≥ "
        f"{_num(b.all_growth_pct, 1)}% (all occupations){repl}.",
        f"Openings and growth: {b.demand_basis.label}" + (f" ({proj.citation})." if proj else "."),
    ]


def _source_lines(sources: Iterable[Dataset]) -> list[str]:
    lines = []
    for d in sources:
        lines.append(f"Source: {d.citation} — {d.publisher}, {d.url} ({d.licence}).")
        if d.kind == "onet":
            lines.append(ONET_ATTRIBUTION)
    return lines


def _print_table(table: Table, footer: Sequence[str]) -> None:
    console = _console()
    console.print(table)
    for line in footer:
        console.print(line, markup=False)


def _write_csv(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    buf = io.StringIO()
    w = csvsafe.writer(buf, lineterminator="\n")
    w.writerow(header)
    for r in rows:
        w.writerow(["" if v is None else v for v in r])
    sys.stdout.write(buf.getvalue())


def _cite(data: LaborData, key: str | None) -> str:
    if key is None:
        return ""
    for d in data.datasets.values():
        if d.key == key:
            return d.citation
    return key


def _json_out(payload: dict[str, Any]) -> None:
    sys.stdout.write(_dumps({"schema_version": SCHEMA_VERSION, **payload}))


# ------------------------------------------------------------------ import / datasets


@labor_app.command("import")
def import_(
    kind: Annotated[
        ImportKind, typer.Argument(help="oews, projections, state-projections, crosswalk or onet.")
    ],
    file: Annotated[Path, typer.Argument(help="The official file (CSV, .xlsx, .gz, JSON).")],
    vintage: Annotated[
        str | None,
        typer.Option(help="Vintage when the file does not say it: 'May 2026', '2024-2034'."),
    ] = None,
    state: Annotated[
        str | None, typer.Option(help="State of a state-projections file without a state column.")
    ] = None,
    format: FormatOpt = Fmt.table,
) -> None:
    """Import a newer vintage or a state's long-term projections into the user store
    ($CAREERPATHS_HOME, default ~/.local/share/careerpaths).

    The whole file is checked first: any bad row and nothing is loaded (exit 2, every
    problem listed with file, line, column and reason).
    """
    if not file.exists():
        _fail(f"{file} does not exist")
    us = store.UserStore(Settings.from_env().home)
    try:
        ds = us.import_file(kind, file, vintage=vintage, state=state)
    except ImportFailed as exc:
        _problems(exc, format)
    store.clear_cache()
    if format is Fmt.json:
        _json_out({"ok": True, "dataset": ds.as_dict(), "store": str(us.path)})
    elif format is Fmt.csv:
        _write_csv(
            ["key", "kind", "vintage", "rows", "file"],
            [[ds.key, ds.kind, ds.vintage, ds.rows, ds.file]],
        )
    else:
        sys.stdout.write(
            f"imported {ds.rows:,} rows from {ds.file} as {ds.key} ({ds.citation}, layout "
            f"{ds.layout}) into {us.path}\n"
        )
        if ds.notes:
            sys.stdout.write(f"notes: {ds.notes}\n")


@labor_app.command()
def datasets(format: FormatOpt = Fmt.table) -> None:
    """List the loaded datasets (shipped and imported) with source, vintage and licence."""
    data = _data()
    sets = sorted(data.datasets.values(), key=lambda d: (d.kind, d.period, d.id))
    if format is Fmt.json:
        _json_out({"datasets": [d.as_dict() | {"id": d.id} for d in sets]})
        return
    if format is Fmt.csv:
        _write_csv(
            [
                "id",
                "key",
                "kind",
                "vintage",
                "origin",
                "rows",
                "title",
                "publisher",
                "url",
                "licence",
                "file",
            ],
            [
                [
                    d.id,
                    d.key,
                    d.kind,
                    d.vintage,
                    d.origin,
                    d.rows,
                    d.title,
                    d.publisher,
                    d.url,
                    d.licence,
                    d.file,
                ]
                for d in sets
            ],
        )
        return
    t = Table(title="Loaded labor-market datasets")
    for c in ("id", "key", "vintage", "origin", "rows", "title", "licence"):
        t.add_column(c, justify="right" if c in ("id", "rows") else "left")
    for d in sets:
        t.add_row(str(d.id), d.key, d.vintage, d.origin, f"{d.rows:,}", d.title, d.licence)
    _print_table(t, [ONET_ATTRIBUTION] if any(d.kind == "onet" for d in sets) else [])


@labor_app.command()
def remove(
    dataset_id: Annotated[
        int, typer.Argument(help="The id shown by `careerpaths labor datasets`.")
    ],
) -> None:
    """Remove an imported dataset from the user store (shipped data cannot be removed)."""
    data = _data()
    ds = data.datasets.get(dataset_id)
    if (
        ds is None
        or ds.user_id is None
        or not store.UserStore(Settings.from_env().home).remove(ds.user_id)
    ):
        _fail(f"no imported dataset {dataset_id} (see `careerpaths labor datasets`)")
    store.clear_cache()
    sys.stdout.write(f"removed {ds.key} ({ds.citation})\n")


# ------------------------------------------------------------------ areas / occupation


@labor_app.command()
def areas(
    search: Annotated[
        str | None, typer.Option("--search", "-s", help="Part of a name, a code or a state (IA).")
    ] = None,
    format: FormatOpt = Fmt.table,
) -> None:
    """List OEWS areas (nation, states, metro and nonmetro areas)."""
    data = _data()
    found = data.search_areas(search)
    sources = sorted({a.dataset for a in found})
    if format is Fmt.json:
        _json_out(
            {
                "areas": [a.as_dict() for a in found],
                "sources": [data.dataset(i).as_dict() for i in sources],
            }
        )
        return
    if format is Fmt.csv:
        _write_csv(
            ["code", "type", "state", "name", "source"],
            [
                [a.code, a.type.value, a.state, a.name, data.dataset(a.dataset).citation]
                for a in found
            ],
        )
        return
    t = Table(title=f"OEWS areas{f' matching {search!r}' if search else ''} ({len(found)})")
    for c in ("code", "type", "state", "name"):
        t.add_column(c)
    for a in found:
        t.add_row(a.code, a.type.value, a.state_postal or a.state, a.name)
    _print_table(t, _source_lines(data.dataset(i) for i in sources))


@labor_app.command()
def occupation(
    soc: Annotated[str, typer.Argument(help="SOC 2018 code, e.g. 29-1141.")],
    area: AreaOpt = None,
    format: FormatOpt = Fmt.table,
    family_wage: FamilyWageOpt = None,
) -> None:
    """One occupation: O*NET title and description, national and area figures, the
    programs (CIP) that lead to it, and how the code joins BLS's published codes."""
    from careerpaths.labor.reports import OccupationNotFound, occupation_report
    from careerpaths.labor.rollup import normalize_soc

    data = _data()
    try:
        code = normalize_soc(soc)
    except ValueError as exc:
        _fail(str(exc))
    settings = _config(None, None, None, family_wage, format).settings
    areas_: list[Area] = [data.area("0000000")]
    if area:
        try:
            a = data.area(area)
        except AreaNotFound as exc:
            _fail(str(exc))
        if a.code != "0000000":
            areas_.append(a)
    try:
        report = occupation_report(data, code, areas_, settings)
    except OccupationNotFound as exc:
        _fail(str(exc))
    if format is Fmt.json:
        _json_out(report.as_dict())
        return
    if format is Fmt.csv:
        _write_csv(report.TABLE_COLUMNS, report.table_rows())
        return
    figs, baselines, onet = report.figures, report.baselines, report.onet
    specialties, cips, sources = report.specialties, report.programs, list(report.sources)
    console = _console()
    head = f"{code} {data.title(code)}"
    console.print(head, markup=False)
    if onet is not None:
        console.print(f"O*NET {onet.code}: {onet.title}. {onet.description}", markup=False)
        if specialties:
            console.print(
                "O*NET specialties: " + "; ".join(f"{o.title} ({o.code})" for o in specialties),
                markup=False,
            )
    if figs[0].join_note:
        console.print(f"Join: {figs[0].join_note}.", markup=False)
    t = Table()
    for c in (
        "area",
        "employment",
        "median wage",
        "25th–75th pct",
        "openings/yr",
        "growth",
        "high wage",
        "high demand",
        "entry education",
    ):
        t.add_column(c, justify="right" if c in ("employment", "openings/yr", "growth") else "left")
    for a, f in zip(areas_, figs, strict=True):
        t.add_row(
            a.name,
            _num(f.employment),
            f.wage_text,
            f"{_money(f.pct25_wage)}–{_money(f.pct75_wage)}",
            f.openings_text,
            "—" if f.growth_pct is None else f"{f.growth_pct:+.1f}%",
            _yn(f.high_wage),
            _yn(f.high_demand),
            f.typical_education or "—",
        )
    footer = []
    for b in baselines[1:] or baselines:
        footer += _baseline_lines(b, data)
    if cips:
        footer.append("Programs (CIP): " + "; ".join(f"{c} {t}" for c, t in cips))
    _print_table(t, footer + _source_lines(sources))


# ------------------------------------------------------------------ credentials


@labor_app.command()
def credentials(
    area: AreaOpt = None,
    workspace: WorkspaceOpt = None,
    links: LinksOpt = None,
    all_: Annotated[
        bool,
        typer.Option(
            "--all", help="Also list credentials that lead to no high-demand, high-wage job."
        ),
    ] = False,
    chart: Annotated[
        Path | None, typer.Option(help="Write the openings-against-wage chart (SVG) here.")
    ] = None,
    family_wage: FamilyWageOpt = None,
    settings: SettingsOpt = None,
    format: FormatOpt = Fmt.table,
) -> None:
    """Certificates and associate degrees ranked by the high-demand, high-wage jobs they
    lead to in the area (annual openings; ties by median wage)."""
    from careerpaths.labor.reports import openings_wage_chart, rank_credentials

    cfg = _config(workspace, links, settings, family_wage, format)
    region = _region(workspace, format)
    data = _data()
    a = _area(data, area, cfg, region)
    ranking = rank_credentials(
        data,
        region.credentials.values(),
        a,
        cfg.settings,
        cfg.overrides,
        named=named_on_exits(region),
    )
    if chart is not None:
        svg = openings_wage_chart(
            ranking.chart_rows(),
            wage_threshold=ranking.baseline.wage_threshold,
            openings_threshold=ranking.baseline.openings_threshold,
            title=f"Occupations the region's credentials lead to: {a.name}",
            sources=[d.citation for d in ranking.sources],
        )
        chart.write_text(svg, encoding="utf-8")
    rows = list(ranking.rows) + (list(ranking.others) if all_ else [])
    if format is Fmt.json:
        payload = ranking.as_dict()
        if not all_:
            payload.pop("not_leading_to_high_demand_high_wage")
        _json_out(payload)
        return
    if format is Fmt.csv:
        _write_csv(ranking.TABLE_COLUMNS, ranking.table_rows(include_others=all_))
        return
    t = Table(
        title=f"Certificates and associate degrees leading to high-demand, high-wage jobs "
        f"in {a.name}"
    )
    for c in (
        "#",
        "credential",
        "kind",
        "CIP",
        "HDHW jobs",
        "openings/yr",
        "best median",
        "occupations (education fit)",
    ):
        t.add_column(c, justify="right" if c in ("#", "HDHW jobs", "openings/yr") else "left")
    for r in rows:
        occ = "; ".join(
            f"{lf.figures.title} ({lf.link.fit_text}"
            + (f", validated by {lf.link.override.validated_by}" if lf.link.override else "")
            + (", named on a pathway" if lf.link.basis.value == "pathway" else "")
            + ")"
            for lf in (r.qualifying or r.occupations[:3])
        ) or "; ".join(r.problems)
        t.add_row(
            str(r.rank or "—"),
            r.credential.name,
            r.credential.kind.label,
            r.cip or "—",
            str(len(r.qualifying)),
            _num(r.openings),
            _money(r.best_median_wage),
            occ,
        )
    footer = _baseline_lines(ranking.baseline, data)
    footer.append(
        "Education fit: the credential's level against BLS typical entry education; "
        "'below' links, and occupations needing related work experience, count only when "
        "employer-validated or named on a pathway exit."
    )
    if chart is not None:
        footer.append(f"Chart written to {chart}.")
    _print_table(t, footer + _source_lines(ranking.sources))


# ------------------------------------------------------------------ exits


@labor_app.command()
def exits(
    area: AreaOpt = None,
    pathway: Annotated[str | None, typer.Option("--pathway", "-p", help="One pathway id.")] = None,
    workspace: WorkspaceOpt = None,
    links: LinksOpt = None,
    family_wage: FamilyWageOpt = None,
    settings: SettingsOpt = None,
    format: FormatOpt = Fmt.table,
) -> None:
    """Each pathway's exits (off-ramps) with their occupations, median wage and openings
    in the area, and what each on-ramp leads to: the pathway map's labor panel."""
    from careerpaths.labor.reports import pathway_exits

    cfg = _config(workspace, links, settings, family_wage, format)
    region = _region(workspace, format)
    data = _data()
    a = _area(data, area, cfg, region)
    try:
        panels = pathway_exits(data, region, a, cfg.settings, cfg.overrides, pathway)
    except KeyError:
        _fail(f"no pathway {pathway!r} in the region")
    sources: list[Dataset] = []
    for p in panels:
        sources += [s for s in p.sources if s not in sources]
    if format is Fmt.json:
        _json_out(
            {
                "report": "exits",
                "area": a.as_dict(),
                "pathways": [
                    {k: v for k, v in p.as_dict().items() if k != "sources"} for p in panels
                ],
                "sources": [s.as_dict() for s in sources],
            }
        )
        return
    if format is Fmt.csv:
        _write_csv(
            [
                "pathway",
                "exit_term",
                "exit_kind",
                "credential",
                "credential_kind",
                "soc",
                "published_code",
                "title",
                "area",
                "median_wage",
                "median_wage_topcoded",
                "annual_openings",
                "growth_pct",
                "high_wage",
                "high_demand",
                "education_fit",
                "typical_education",
                "link_basis",
                "wage_source",
                "projection_source",
            ],
            [
                [
                    p.pathway,
                    e.term.id,
                    e.exit_kind.value,
                    e.credential,
                    e.credential_kind.value if e.credential_kind else None,
                    lf.figures.soc,
                    lf.figures.code,
                    lf.figures.title,
                    a.code,
                    None if lf.figures.median_wage is None else round(lf.figures.median_wage),
                    lf.figures.wage_topcoded,
                    None if lf.figures.openings is None else round(lf.figures.openings, 1),
                    lf.figures.growth_pct,
                    lf.figures.high_wage,
                    lf.figures.high_demand,
                    lf.link.fit.value,
                    lf.figures.typical_education,
                    lf.link.basis.value,
                    _cite(data, lf.figures.wage_source),
                    _cite(data, lf.figures.projection_source),
                ]
                for p in panels
                for e in p.exits
                for lf in e.occupations
            ],
        )
        return
    console = _console()
    for p in panels:
        t = Table(title=f"{p.pathway_name} ({p.pathway}): exits in {a.name}")
        for c in (
            "term",
            "exit",
            "credential",
            "occupation",
            "median wage",
            "openings/yr",
            "HDHW",
            "education fit",
        ):
            t.add_column(c, justify="right" if c == "openings/yr" else "left")
        for e in p.exits:
            if not e.occupations:
                t.add_row(
                    e.term.id,
                    e.exit_kind.value,
                    e.credential_name,
                    "; ".join(e.problems) or "no occupations",
                    "",
                    "",
                    "",
                    "",
                )
            for i, lf in enumerate(e.occupations):
                t.add_row(
                    e.term.id if i == 0 else "",
                    e.exit_kind.value if i == 0 else "",
                    e.credential_name if i == 0 else "",
                    f"{lf.figures.soc} {lf.figures.title}"
                    + (
                        f" (as {lf.figures.code})"
                        if lf.figures.code not in (None, lf.figures.soc)
                        else ""
                    ),
                    lf.figures.wage_text,
                    lf.figures.openings_text,
                    "yes"
                    if lf.figures.hdhw
                    else _yn(
                        None
                        if lf.figures.high_wage is None or lf.figures.high_demand is None
                        else False
                    ),
                    lf.link.fit_text,
                )
        console.print(t)
        for o in p.on_ramps:
            console.print(
                f"On-ramp {o.term.id} ({o.label}): leads to {len(o.exits)} exit(s), "
                f"{_num(o.openings)} openings a year, best median wage "
                f"{_money(o.best_median_wage)}, {o.hdhw_count} high-demand high-wage "
                "occupation(s).",
                markup=False,
            )
        console.print("")
    footer = _baseline_lines(panels[0].baseline, data) if panels else []
    for line in footer + _source_lines(sources):
        console.print(line, markup=False)


# ------------------------------------------------------------------ gap


@labor_app.command()
def gap(
    area: AreaOpt = None,
    workspace: WorkspaceOpt = None,
    links: LinksOpt = None,
    max_education: Annotated[
        str, typer.Option(help="Highest BLS typical entry education included.")
    ] = "Associate's degree",
    include_experienced: Annotated[
        bool,
        typer.Option(
            "--include-experienced",
            help="Include occupations that need related work experience (supervisors, managers).",
        ),
    ] = False,
    family_wage: FamilyWageOpt = None,
    settings: SettingsOpt = None,
    format: FormatOpt = Fmt.table,
) -> None:
    """High-demand, high-wage occupations reachable with an associate degree or less for
    which the region has no pathway (with the programs that lead to them)."""
    from careerpaths.labor.reports import gap_report

    if max_education not in EDUCATION_RANK:
        _fail(f"--max-education must be one of: {', '.join(EDUCATION_RANK)}")
    cfg = _config(workspace, links, settings, family_wage, format)
    region = _region(workspace, format)
    data = _data()
    a = _area(data, area, cfg, region)
    rep = gap_report(
        data, region, a, cfg.settings, cfg.overrides, max_education, include_experienced
    )
    if format is Fmt.json:
        _json_out(rep.as_dict())
        return
    if format is Fmt.csv:
        _write_csv(
            [
                "soc",
                "title",
                "area",
                "employment",
                "median_wage",
                "median_wage_topcoded",
                "annual_openings",
                "growth_pct",
                "typical_education",
                "programs",
                "region_credentials_not_on_a_pathway",
                "wage_source",
                "projection_source",
            ],
            [
                [
                    r.figures.code,
                    r.figures.title,
                    a.code,
                    r.figures.employment,
                    None if r.figures.median_wage is None else round(r.figures.median_wage),
                    r.figures.wage_topcoded,
                    None if r.figures.openings is None else round(r.figures.openings, 1),
                    r.figures.growth_pct,
                    r.figures.typical_education,
                    "; ".join(f"{c} {t}" for c, t in r.programs),
                    "; ".join(r.region_credentials),
                    _cite(data, r.figures.wage_source),
                    _cite(data, r.figures.projection_source),
                ]
                for r in rep.rows
            ],
        )
        return
    t = Table(
        title=f"Gap: high-demand, high-wage occupations in {a.name} with no pathway "
        f"({max_education} or less)"
    )
    for c in (
        "SOC",
        "occupation",
        "median wage",
        "openings/yr",
        "growth",
        "entry education",
        "programs (CIP)",
        "region credentials",
    ):
        t.add_column(c, justify="right" if c in ("openings/yr", "growth") else "left")
    for r in rep.rows:
        f = r.figures
        progs = "; ".join(f"{c} {title}" for c, title in r.programs[:3])
        if len(r.programs) > 3:
            progs += f" (+{len(r.programs) - 3})"
        t.add_row(
            f.code or f.soc,
            f.title,
            f.wage_text,
            f.openings_text,
            "—" if f.growth_pct is None else f"{f.growth_pct:+.1f}%",
            f.typical_education or "—",
            progs or "—",
            ", ".join(r.region_credentials),
        )
    _print_table(t, _baseline_lines(rep.baseline, data) + _source_lines(rep.sources))


# ------------------------------------------------------------------ flags


@labor_app.command()
def flags(
    area: AreaOpt = None,
    pathway: Annotated[str | None, typer.Option("--pathway", "-p", help="One pathway id.")] = None,
    workspace: WorkspaceOpt = None,
    links: LinksOpt = None,
    info: Annotated[bool, typer.Option("--info", help="Show info findings too.")] = False,
    family_wage: FamilyWageOpt = None,
    settings: SettingsOpt = None,
    format: FormatOpt = Fmt.table,
) -> None:
    """Review flags: pathways whose target occupations no longer meet the thresholds in
    the newest loaded vintage. Exit 1 when a pathway has no qualifying target."""
    from careerpaths.labor.classify import classify_area
    from careerpaths.labor.reports import review_flags

    cfg = _config(workspace, links, settings, family_wage, format)
    region = _region(workspace, format)
    data = _data()
    a = _area(data, area, cfg, region)
    if pathway is not None and pathway not in region.pathways:
        _fail(f"no pathway {pathway!r} in the region")
    findings: list[Finding] = review_flags(data, region, a, cfg.settings, cfg.overrides, pathway)
    findings += check_overrides(cfg.overrides, region, data)
    baseline = classify_area(data, a, cfg.settings).baseline
    sources = [
        data.dataset(i)
        for i in (baseline.oews_dataset, baseline.projection_dataset)
        if i is not None
    ]
    shown = [f for f in findings if info or f.severity is not Severity.INFO]
    code = 1 if has_errors(findings) else 0
    if format is Fmt.json:
        _json_out(
            {
                "report": "flags",
                "area": a.as_dict(),
                "baseline": baseline.as_dict(),
                "counts": {s.value: sum(f.severity is s for f in findings) for s in Severity},
                "findings": [f.as_dict() for f in shown],
                "sources": [d.as_dict() for d in sources],
            }
        )
        raise typer.Exit(code)
    if format is Fmt.csv:
        _write_csv(
            ["severity", "code", "pathway", "credential", "soc", "message", "sources"],
            [
                [
                    f.severity.value,
                    f.code,
                    f.where.pathway,
                    f.where.credential,
                    f.data.get("soc"),
                    f.message,
                    "; ".join(d.citation for d in sources),
                ]
                for f in shown
            ],
        )
        raise typer.Exit(code)
    console = _console()
    if not shown:
        console.print(f"No review flags for {a.name}.", markup=False)
    for f in shown:
        console.print(
            f"{f.severity.value.upper():7} {f.code}  [{f.where}]  {f.message}", markup=False
        )
    for line in _baseline_lines(baseline, data) + _source_lines(sources):
        console.print(line, markup=False)
    raise typer.Exit(code)


__all__ = ["labor_app"]
