"""``careerpaths``: the command line.

Each command parses its input, calls one library function and renders the result.
Exit codes: 0 clean, 1 findings of severity error (or a credential not met with
``audit --strict``), 2 unusable input (a file that cannot be read, an unknown id, a
wrong command). ``--format json`` output follows the JSON Schemas in
``careerpaths/io/schemas/output-*.schema.json`` (``careerpaths schema NAME`` prints them).
"""

from __future__ import annotations

import os
import sys
from datetime import date, datetime
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from typer._click import exceptions as click_errors  # typer vendors click

from careerpaths import __version__
from careerpaths.cli import render
from careerpaths.cli.equity_cmd import equity_app
from careerpaths.cli.funding_cmd import budget_app, costs_app, partnerships_app
from careerpaths.cli.import_cmd import import_app
from careerpaths.cli.labor_cmd import labor_app
from careerpaths.cli.staffing_cmd import instructors_app, sections_app, timeline
from careerpaths.cli.translations_cmd import translations
from careerpaths.core.findings import Finding, has_errors, sort_findings
from careerpaths.core.model import PathwayStatus, Region
from careerpaths.io.errors import WorkspaceError

app = typer.Typer(
    name="careerpaths",
    help="Design, check, run and evaluate career-aligned dual enrollment pathways (grades 9-14).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)
err = Console(stderr=True, highlight=False)


app.add_typer(labor_app, name="labor")
app.add_typer(equity_app, name="equity")
app.add_typer(import_app, name="import")
app.add_typer(costs_app, name="costs")
app.add_typer(budget_app, name="budget")
app.add_typer(partnerships_app, name="partnerships")
app.add_typer(instructors_app, name="instructors")
app.add_typer(sections_app, name="sections")
app.command("timeline")(timeline)
app.command("translations")(translations)


class Format(StrEnum):
    table = "table"
    json = "json"


class MetricsFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


class SchemaName(StrEnum):
    region = "region"
    credential = "credential"
    pathway = "pathway"
    output_validate = "output-validate"
    output_audit = "output-audit"
    output_metrics = "output-metrics"


def progress() -> Progress:
    """A progress bar on stderr, shown only on a terminal."""
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        transient=True,
        disable=not sys.stderr.isatty(),
    )


def _load(workspace: Path, fmt: Format) -> Region:
    from careerpaths.io.workspace import load_workspace

    try:
        if sys.stderr.isatty():
            with err.status(f"Loading {workspace} …"):
                return load_workspace(workspace)
        return load_workspace(workspace)
    except WorkspaceError as exc:
        if fmt is Format.json:
            sys.stdout.write(render.load_errors_json(exc.errors))
        else:
            sys.stderr.write(render.load_errors_text(exc.errors))
        raise typer.Exit(2) from None


def _gate(region: Region, findings: list[Finding]) -> bool:
    """Errors that fail a run: the catalog's and those of pathways that are not drafts."""
    drafts = {p.id for p in region.pathways.values() if p.status is PathwayStatus.DRAFT}
    return has_errors(f for f in findings if f.where.pathway not in drafts) or has_errors(
        f for f in findings if f.where.pathway is None
    )


@app.command()
def validate(
    workspace: Annotated[Path, typer.Argument(help="The region workspace folder.")],
    format: Annotated[Format, typer.Option("--format", "-f", help="table or json.")] = Format.table,
    pathway: Annotated[
        str | None, typer.Option(help="Only this pathway (and the catalog).")
    ] = None,
    info: Annotated[bool, typer.Option("--info", help="Show info findings too.")] = False,
    strict_drafts: Annotated[
        bool, typer.Option("--strict-drafts", help="Draft pathways' errors fail the run too.")
    ] = False,
) -> None:
    """Load a workspace and validate its catalog and pathways.

    Exit 1 when a published pathway or the catalog has an error finding (drafts too with
    --strict-drafts); exit 2 when the workspace cannot be loaded (every problem is listed
    with file, line and column).
    """
    from careerpaths.core.validation import validate_catalog, validate_pathway

    region = _load(workspace, format)
    if pathway is not None and pathway not in region.pathways:
        err.print(f"careerpaths: no pathway {pathway!r} in {workspace}")
        raise typer.Exit(2)
    findings = validate_catalog(region.courses)
    for p in sorted(region.pathways.values(), key=lambda p: p.id):
        if pathway is None or p.id == pathway:
            findings += validate_pathway(p, region.courses, region.credentials, region.settings)
    findings = sort_findings(findings)
    if format is Format.json:
        sys.stdout.write(render.findings_json(region, findings))
    else:
        sys.stdout.write(render.findings_text(region, findings, show_info=info))
    failed = has_errors(findings) if strict_drafts else _gate(region, findings)
    raise typer.Exit(1 if failed else 0)


@app.command()
def metrics(
    file: Annotated[
        Path,
        typer.Argument(
            help="A Curricular Analytics CSV, or a pathway YAML "
            "file inside a workspace's pathways/ folder."
        ),
    ],
    format: Annotated[MetricsFormat, typer.Option("--format", "-f")] = MetricsFormat.table,
    workspace: Annotated[
        Path | None,
        typer.Option(help="The workspace of a pathway file (default: the folder above pathways/)."),
    ] = None,
) -> None:
    """Curriculum metrics (delay, blocking, centrality, complexity) per course and in total."""
    from careerpaths.cli import metrics_cmd
    from careerpaths.io.curricular_analytics import CsvWarning

    if not file.exists():
        err.print(f"careerpaths: {file} does not exist")
        raise typer.Exit(2)
    try:
        if file.suffix.lower() in (".yaml", ".yml"):
            result = metrics_cmd.compute_metrics_for_pathway(file, workspace)
        else:
            read_as: list[CsvWarning] = []
            result = metrics_cmd.compute_metrics_for_csv(file, warnings=read_as)
            for warning in read_as:
                sys.stderr.write(f"careerpaths: warning: {warning}\n")
    except WorkspaceError as exc:
        sys.stderr.write(render.load_errors_text(exc.errors))
        raise typer.Exit(2) from None
    except metrics_cmd.MetricsInputError as exc:
        err.print(f"careerpaths: {exc}", markup=False)
        raise typer.Exit(2) from None
    renderer = {
        "json": metrics_cmd.render_json,
        "csv": metrics_cmd.render_csv,
        "table": metrics_cmd.render_table,
    }[format.value]
    sys.stdout.write(renderer(result))


@app.command()
def audit(
    workspace: Annotated[
        Path | None,
        typer.Argument(help="The region workspace folder (default: the app's database)."),
    ] = None,
    student: Annotated[str | None, typer.Option(help="One student's id.")] = None,
    all_students: Annotated[bool, typer.Option("--all", help="Every student (a summary).")] = False,
    as_of: Annotated[
        datetime | None,
        typer.Option(
            "--as-of",
            formats=["%Y-%m-%d"],
            help="The date a database run stands for (default today).",
        ),
    ] = None,
    format: Annotated[Format, typer.Option("--format", "-f")] = Format.table,
) -> None:
    """Audit students against the diploma and their declared pathway's credentials.

    With a WORKSPACE, audit its students (--all prints a summary) and store nothing.
    Without one, --all runs the batch audit over the app's database (DATABASE_URL or
    $CAREERPATHS_HOME): every active student, stored as a dated run with the caseload
    flags refreshed, then prints the run's summary with small counts suppressed.
    """
    from careerpaths.core.student_audit import RegionIndex, audit_many, audit_student

    if (student is None) == (not all_students):
        err.print("careerpaths: give either --student ID or --all")
        raise typer.Exit(2)
    if workspace is None:
        if student is not None:
            sys.stderr.write(
                "careerpaths: --student needs a workspace "
                "(careerpaths audit WORKSPACE --student ID)\n"
            )
            raise typer.Exit(2)
        _audit_database(as_of=as_of.date() if as_of else None, fmt=format)
        return
    if as_of is not None:
        sys.stderr.write("careerpaths: --as-of applies to runs over the database (no WORKSPACE)\n")
        raise typer.Exit(2)
    region = _load(workspace, format)
    if student is not None:
        if student not in region.students:
            err.print(f"careerpaths: no student {student!r} in {workspace}")
            raise typer.Exit(2)
        result = audit_student(region.students[student], region)
        if format is Format.json:
            sys.stdout.write(render.audits_json([result]))
        else:
            sys.stdout.write(render.student_audit_text(result, region))
        return
    index = RegionIndex(region)
    results = []
    with progress() as bar:
        task = bar.add_task("Auditing students", total=len(region.students))
        ordered = sorted(region.students.values(), key=lambda s: s.id)
        for result in audit_many(ordered, region, index):
            results.append(result)
            bar.advance(task)
    if format is Format.json:
        sys.stdout.write(render.audits_json(results))
    else:
        sys.stdout.write(render.audit_summary_text(results, region))


@app.command()
def plan(
    workspace: Annotated[Path, typer.Argument(help="The region workspace folder.")],
    student: Annotated[
        str | None, typer.Option(help="Plan this student's remaining terms.")
    ] = None,
    pathway: Annotated[
        str | None,
        typer.Option(help="With --student: a what-if for this pathway; alone: fill its grid."),
    ] = None,
    credential: Annotated[
        list[str] | None,
        typer.Option(help="With --student: a what-if for this credential (repeatable)."),
    ] = None,
    lock: Annotated[
        list[str] | None,
        typer.Option(help="Filling a grid: keep this placed course in its term (repeatable)."),
    ] = None,
    time_limit: Annotated[float, typer.Option(help="Seconds the solver may take.")] = 10.0,
    format: Annotated[Format, typer.Option("--format", "-f")] = Format.table,
) -> None:
    """Plan term by term with the CP-SAT planner: a student's remaining requirements
    (diploma and declared pathway, or a what-if), or a pathway's grid filled.

    Exits 0 with a plan, 1 when there is none (the conflicting constraints are listed).
    """
    from careerpaths.cli.plan_render import plan_json, plan_text
    from careerpaths.planner import fill_pathway, plan_student

    if student is None and pathway is None:
        err.print("careerpaths: give --student ID, or --pathway P to fill a pathway's grid")
        raise typer.Exit(2)
    region = _load(workspace, format)
    if student is not None:
        if student not in region.students:
            err.print(f"careerpaths: no student {student!r} in {workspace}")
            raise typer.Exit(2)
        if pathway is not None and pathway not in region.pathways:
            err.print(f"careerpaths: no pathway {pathway!r} in {workspace}")
            raise typer.Exit(2)
        for cid in credential or []:
            if cid not in region.credentials:
                err.print(f"careerpaths: no credential {cid!r} in {workspace}")
                raise typer.Exit(2)
        sp = plan_student(
            region.students[student],
            region,
            pathway=pathway,
            credentials=credential or (),
            time_limit=time_limit,
        )
        title = f"Plan for student {student} (from {sp.now.label})"
        result, findings = sp.result, [*sp.notes, *sp.result.findings]
    else:
        assert pathway is not None
        if pathway not in region.pathways:
            err.print(f"careerpaths: no pathway {pathway!r} in {workspace}")
            raise typer.Exit(2)
        fill = fill_pathway(
            region.pathways[pathway], region, locked=lock or (), time_limit=time_limit
        )
        title = f"Grid of {region.pathways[pathway].name}, filled"
        result = fill.result
        findings = [*fill.notes, *result.findings, *fill.findings]
    if format is Format.json:
        sys.stdout.write(plan_json(result, findings))
    else:
        sys.stdout.write(plan_text(title, result, findings))
    if result.plan is None:
        raise typer.Exit(1)


def _audit_database(*, as_of: date | None, fmt: Format) -> None:
    """``audit --all`` without a workspace: a stored batch run over the app's database."""
    _web_setup()
    from careerpaths.web import app as web

    web.migrate()
    from careerpaths.web.audits import export, selectors, services
    from careerpaths.web.catalog.selectors import region_revision

    if not region_revision():
        sys.stderr.write(
            "careerpaths: the database holds no region yet; load one with "
            "'careerpaths import workspace DIR'\n"
        )
        raise typer.Exit(2)
    from django.utils import translation

    run = services.batch_audit_run(as_of=as_of)
    with translation.override("en"):  # the command line speaks English, like its own text
        report = selectors.run_report(scope=selectors.REGION_WIDE, run=run)
    if fmt is Format.json:
        sys.stdout.write(render.dumps(export.report_json(report)))
    else:
        sys.stdout.write(export.report_text(report, database=web.database_label()))


def _web_setup(home: Path | None = None) -> None:
    from careerpaths.web import app as web

    web.setup(home=home)


def _print_logins(site: object) -> None:
    logins = getattr(site, "logins", [])
    sys.stdout.write("Demo logins (one per role; passwords are new on every run):\n")
    for login in logins:
        sys.stdout.write(f"  {login.username:<12} {login.password:<14} {login.role.label}\n")
    sys.stdout.write(
        "These accounts are demo-only: they skip the two-step login in the demo and\n"
        "development settings, never in production (see docs/web.md).\n"
    )


def _serve(host: str, port: int, workers: int = 1) -> None:
    from careerpaths.web import app as web

    def ready(url: str) -> None:
        sys.stdout.write(f"\nServing careerpaths on {url}  (Ctrl-C to stop)\n")
        sys.stdout.flush()

    try:
        web.serve(host=host, port=port, workers=workers, ready=ready)
    except KeyboardInterrupt:
        pass  # waitress usually handles Ctrl-C itself and returns
    except OSError as exc:
        err.print(f"careerpaths: cannot listen on {host}:{port}: {exc.strerror or exc}")
        raise typer.Exit(2) from None
    sys.stdout.write("Stopped.\n")


HostOption = Annotated[str, typer.Option(help="Address to listen on.")]
PortOption = Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")]


@app.command()
def demo(
    workspace: Annotated[Path, typer.Option(help="Where to write the demo workspace.")] = Path(
        "demo-region"
    ),
    students: Annotated[int, typer.Option(min=0, help="Synthetic students to generate.")] = 2400,
    seed: Annotated[int, typer.Option(help="Seed of the synthetic-student generator.")] = 2026,
    format: Annotated[Format, typer.Option("--format", "-f")] = Format.table,
    info: Annotated[bool, typer.Option("--info", help="Show info findings too.")] = False,
    home: Annotated[
        Path | None,
        typer.Option(
            help="Folder of the demo's SQLite database (default $CAREERPATHS_HOME, "
            "else ~/.local/share/careerpaths)."
        ),
    ] = None,
    serve: Annotated[
        bool, typer.Option("--serve/--no-serve", help="Serve the app after loading the demo.")
    ] = True,
    host: HostOption = "127.0.0.1",
    port: PortOption = 8000,
) -> None:
    """Build the Cedar Rapids demo region, validate it, load it into a local database, serve it.

    Writes the workspace and prints the validation report, then creates (or migrates) a
    SQLite database, imports the region, creates one demo account per role, prints the
    address and the logins and serves the app until Ctrl-C. Students are synthetic
    (generated, labelled so everywhere). Draft pathways' findings are reported but do not
    fail the run; errors elsewhere exit 1 before anything is served. With --format json
    only the report is printed (nothing is loaded or served).
    """
    from careerpaths.core.validation import validate_region
    from careerpaths.demo.region import build_region
    from careerpaths.io.workspace import load_workspace, write_workspace

    with progress() as bar:
        task = bar.add_task("Building the demo region", total=3)
        region = build_region(students=students, seed=seed)
        bar.update(task, advance=1, description="Writing the workspace")
        write_workspace(region, workspace)
        bar.update(task, advance=1, description="Loading it back")
        try:
            loaded = load_workspace(workspace)
        except WorkspaceError as exc:  # would be a bug in the writer
            sys.stderr.write(render.load_errors_text(exc.errors))
            raise typer.Exit(2) from None
        bar.advance(task)
    findings = sort_findings(validate_region(loaded))
    if format is Format.json:
        sys.stdout.write(render.findings_json(loaded, findings))
    else:
        sys.stdout.write(
            f"Wrote the demo region to {workspace}/ "
            f"({len(loaded.students)} synthetic students).\n\n"
        )
        sys.stdout.write(render.findings_text(loaded, findings, show_info=info))
        sys.stdout.write(
            f"\nNext: careerpaths validate {workspace} --info   |   "
            f"careerpaths audit {workspace} --student "
            f"{min(loaded.students) if loaded.students else 'ID'}\n"
        )
    if _gate(loaded, findings):
        raise typer.Exit(1)
    if format is Format.json:
        return
    # The demo always runs on the embedded database, whatever DATABASE_URL says.
    os.environ.pop("DATABASE_URL", None)
    _web_setup(home)
    from careerpaths.io.funding import PARTNERSHIPS_DIR
    from careerpaths.staffing.files import DEMO_STAFFING
    from careerpaths.web import app as web

    site = web.prepare_demo(loaded, staffing=DEMO_STAFFING, partnerships=PARTNERSHIPS_DIR)
    sys.stdout.write(f"\nLoaded the region into {site.database}.\n")
    _print_logins(site)
    if serve:
        _serve(host, port)


@app.command()
def serve(
    host: HostOption = "127.0.0.1",
    port: PortOption = 8000,
    workers: Annotated[
        int | None,
        typer.Option(min=1, help="Server processes (default: one per core where fork exists)."),
    ] = None,
) -> None:
    """Serve the web app (migrating the database first).

    The database is PostgreSQL when DATABASE_URL is set, else the embedded SQLite file in
    $CAREERPATHS_HOME (default ~/.local/share/careerpaths). DJANGO_SETTINGS_MODULE selects the settings
    (careerpaths.web.settings.production in production); see docs/web.md.
    """
    _web_setup()
    from careerpaths.web import app as web

    web.migrate()
    sys.stdout.write(f"Database: {web.database_label()}\n")
    _serve(host, port, workers or web.default_workers())


@import_app.command("workspace")
def import_(
    workspace: Annotated[Path, typer.Argument(help="The region workspace folder.")],
) -> None:
    """Load a region workspace into the database, whole or not at all.

    Replaces the database's region (accounts and the access log are kept). Students are
    never deleted: those the workspace no longer lists are made inactive, and an inactive
    student it lists again is made active. When the workspace has a problem, every one is
    listed with file, line and column, nothing is changed and the command exits 2.
    """
    _web_setup()
    from careerpaths.web import app as web

    try:
        summary = web.import_workspace(workspace)
    except WorkspaceError as exc:
        sys.stderr.write(render.load_errors_text(exc.errors))
        raise typer.Exit(2) from None
    changed = [
        f"{n} {what}"
        for n, what in (
            (summary.deactivated, "no longer listed, made inactive"),
            (summary.reactivated, "listed again, made active"),
        )
        if n
    ]
    sys.stdout.write(
        f"Imported {summary.region} into {web.database_label()}: {summary.institutions} "
        f"institutions, {summary.courses} courses, {summary.credentials} credentials, "
        f"{summary.pathways} pathways, {summary.students} students"
        f"{' (' + '; '.join(changed) + ')' if changed else ''}.\n"
    )


class Lang(StrEnum):
    en = "en"
    es = "es"


@app.command("map")
def map_(
    pathway: Annotated[str, typer.Argument(help="The pathway's id, e.g. health-nursing.")],
    pdf: Annotated[
        bool, typer.Option("--pdf", help="Write the family handout as a PDF (required for now).")
    ] = False,
    lang: Annotated[Lang, typer.Option("--lang", help="Language of the handout.")] = Lang.en,
    school: Annotated[
        str | None,
        typer.Option(
            "--school",
            help="The handout for one school offering the pathway (its id, e.g. kennedy-hs): "
            "its name and where its students take the courses.",
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", help="Where to write it (default PATHWAY[-SCHOOL]-LANG.pdf)."
        ),
    ] = None,
) -> None:
    """Write a pathway's family handout (the plain-language map with jobs and pay) as a PDF.

    Reads the region in the database ($CAREERPATHS_HOME or DATABASE_URL), the one the web app
    serves: load it first with `careerpaths demo --no-serve` or `careerpaths import workspace`.
    """
    if not pdf:
        err.print("careerpaths: only --pdf is supported: careerpaths map PATHWAY --pdf")
        raise typer.Exit(2)
    _web_setup()
    from careerpaths.web import app as web

    web.migrate()
    try:
        data = web.pathway_handout(pathway, lang=lang.value, school=school)
    except web.UnknownSchool as exc:
        valid = ", ".join(f"{sid} ({name})" for sid, name in exc.valid) or "none"
        err.print(
            f"careerpaths: {pathway} is not offered at a school {exc.school!r}; "
            f"its schools: {valid}",
            soft_wrap=True,
        )
        raise typer.Exit(2) from None
    if data is None:
        err.print(f"careerpaths: no pathway {pathway!r} in {web.database_label()}")
        raise typer.Exit(2)
    stem = f"{pathway}-{school}" if school else pathway
    target = output or Path(f"{stem}-{lang.value}.pdf")
    target.write_bytes(data)
    sys.stdout.write(f"Wrote {target} ({len(data):,} bytes, {lang.value}).\n")


@app.command()
def export(
    workspace: Annotated[Path, typer.Argument(help="The folder to write (replaced).")],
) -> None:
    """Write the database's region to a workspace folder; a round trip loses nothing.

    The students written are the active ones: a workspace describes the current roster,
    so students made inactive by an import stay in the database only.
    """
    _web_setup()
    from careerpaths.web import app as web

    web.migrate()
    region = web.export_workspace(workspace)
    sys.stdout.write(
        f"Wrote {region.id or 'an empty region'} to {workspace}/ "
        f"({len(region.pathways)} pathways, {len(region.students)} active students).\n"
    )


@app.command()
def schema(name: Annotated[SchemaName, typer.Argument(help="Which schema.")]) -> None:
    """Print a JSON Schema: workspace files (region, credential, pathway) or JSON outputs."""
    from careerpaths.io.workspace import schema as load_schema

    sys.stdout.write(render.dumps(load_schema(name.value)))


@app.command()
def version() -> None:
    """Print the version."""
    sys.stdout.write(f"careerpaths {__version__}\n")


def run(argv: list[str] | None = None) -> None:
    """Entry point: a wrong command exits 2 with one readable line on stderr."""
    try:
        code = app(args=argv, standalone_mode=False, prog_name="careerpaths")
    except click_errors.NoArgsIsHelpError as exc:
        sys.stdout.write(exc.format_message() + "\n")
        sys.exit(0)
    except click_errors.UsageError as exc:
        hint = (
            f" (see 'careerpaths {exc.ctx.info_name} --help')"
            if exc.ctx and exc.ctx.info_name != "careerpaths"
            else " (see 'careerpaths --help')"
        )
        sys.stderr.write(f"careerpaths: {exc.format_message()}{hint}\n")
        sys.exit(2)
    except click_errors.ClickException as exc:
        sys.stderr.write(f"careerpaths: {exc.format_message()}\n")
        sys.exit(exc.exit_code)
    except typer.Abort:
        sys.stderr.write("careerpaths: interrupted\n")
        sys.exit(130)
    except BrokenPipeError:
        sys.exit(0)
    sys.exit(code if isinstance(code, int) else 0)


if __name__ == "__main__":
    run()
