"""``careerpaths instructors``, ``careerpaths sections`` and ``careerpaths timeline``.

Each reads a region workspace (``--workspace``; default: the demo region, whose
students are synthetic and whose instructors and sections are illustrative) and its
staffing folder (``--staffing``; default ``WORKSPACE/staffing``, or the demo's). Exit
codes: 0 ok; 1 the staffing data has findings of severity error (a degree without a
discipline, overlapping sections, a section over its room's capacity); 2 unusable input.
"""

from __future__ import annotations

import sys
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer
from rich.console import Console
from rich.table import Table

from careerpaths.core.findings import Finding, has_errors
from careerpaths.core.model import Region
from careerpaths.io.errors import WorkspaceError

if TYPE_CHECKING:
    from careerpaths.staffing.files import StaffingData

err = Console(stderr=True, highlight=False)


def _typer(name: str, help: str) -> typer.Typer:
    return typer.Typer(
        name=name,
        help=help,
        no_args_is_help=True,
        add_completion=False,
        pretty_exceptions_enable=False,
        rich_markup_mode=None,
    )


instructors_app = _typer(
    "instructors", "Instructors: qualification checks against the college's rules."
)
sections_app = _typer("sections", "Sections: next year's demand, staffing and shortages.")


class Fmt(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


Workspace = Annotated[
    Path | None,
    typer.Option(help="The region workspace (default: the demo region, synthetic students)."),
]
Staffing = Annotated[
    Path | None,
    typer.Option(help="The staffing folder (default: WORKSPACE/staffing, or the demo's)."),
]
College = Annotated[str | None, typer.Option(help="The college (default: the only one).")]
AsOf = Annotated[
    datetime | None,
    typer.Option("--as-of", formats=["%Y-%m-%d"], help="The day to check on (default: the "
                 "staffing calendar's 'today', else today)."),
]  # fmt: skip
Format = Annotated[Fmt, typer.Option("--format", "-f", help="table, json or csv.")]


def _fail(message: str) -> NoReturn:
    err.print(f"careerpaths: {message}", markup=False)
    raise typer.Exit(2)


def _load(
    workspace: Path | None, staffing: Path | None, *, students: bool
) -> tuple[Region, StaffingData]:
    from careerpaths.staffing.files import DEMO_STAFFING, load_staffing

    try:
        if workspace is None:
            from careerpaths.demo.region import build_region

            region = build_region(students=2400 if students else 0)
            folder = staffing or DEMO_STAFFING
        else:
            from careerpaths.io.workspace import load_workspace

            region = load_workspace(workspace)
            folder = staffing or workspace / "staffing"
        return region, load_staffing(folder, region)
    except WorkspaceError as exc:
        for e in exc.errors:
            sys.stderr.write(f"{e}\n")
        err.print(
            f"careerpaths: {len(exc.errors)} problem(s) in the staffing files; nothing loaded"
        )
        raise typer.Exit(2) from None


def _findings_text(findings: list[Finding]) -> str:
    lines = [f"  {f.severity.value:7} {f.code}: {f.message}" for f in findings]
    return ("Findings:\n" + "\n".join(lines) + "\n") if lines else ""


def _table(title: str, columns: list[str], rows: list[list[str]]) -> str:
    from careerpaths.cli.render import to_text

    t = Table(title=title, show_lines=False)
    for c in columns:
        t.add_column(c, overflow="fold")
    for r in rows:
        t.add_row(*r)
    return to_text([t], width=160)


@instructors_app.command("check")
def instructors_check(
    workspace: Workspace = None,
    staffing: Staffing = None,
    college: College = None,
    course: Annotated[
        list[str] | None,
        typer.Option(
            help="A course to check (repeat; default: the courses "
            "applied for and those of planned sections)."
        ),
    ] = None,
    instructor: Annotated[str | None, typer.Option(help="Only this instructor's id.")] = None,
    as_of: AsOf = None,
    format: Format = Fmt.table,
) -> None:
    """Check instructors against the college's qualification rules, each verdict explained.

    Every instructor × course: qualified or not, the rule (and the accreditor's framework)
    that met it with the evidence, or what is missing ("needs 6 more graduate hours in
    mathematics"), the approval and whether the course's orientation is done.
    """
    from careerpaths.staffing import report

    region, data = _load(workspace, staffing, students=False)
    if instructor and instructor not in data.instructors:
        _fail(f"no instructor {instructor!r}")
    day = data.as_of(as_of.date() if as_of else None)
    try:
        checks = report.qualification_checks(
            data, region, college=college, courses=course or (), instructor=instructor, as_of=day
        )
    except KeyError as exc:
        _fail(str(exc.args[0]))
    rows = report.check_rows(checks, data)
    findings = data.findings
    if format is Fmt.json:
        sys.stdout.write(
            report.to_json(
                {
                    "as_of": day.isoformat(),
                    "note": report.ILLUSTRATIVE_NOTE if workspace is None else "",
                    "checks": rows,
                    "findings": [f.as_dict() for f in findings],
                }
            )
        )
    elif format is Fmt.csv:
        cols = ["instructor", "instructor_name", "course", "qualified", "rule", "basis",
                "evidence", "missing", "needs_justification", "approval", "oriented"]  # fmt: skip
        sys.stdout.write(report.to_csv(rows, cols))
    else:
        if workspace is None:
            sys.stdout.write(report.ILLUSTRATIVE_NOTE + "\n")
        sys.stdout.write(
            _table(
                f"Qualification checks on {day.isoformat()}",
                ["Instructor", "Course", "Qualified", "Why", "Approval"],
                [
                    [
                        r["instructor_name"],
                        r["course"],
                        "yes" if r["qualified"] else "no",
                        r["explanation"],
                        r["approval"] + (", oriented" if r["oriented"] else ""),
                    ]
                    for r in rows
                ],
            )
        )
        sys.stdout.write(_findings_text(findings))
    raise typer.Exit(1 if has_errors(findings) else 0)


@sections_app.command("demand")
def sections_demand(
    workspace: Workspace = None,
    staffing: Staffing = None,
    college: College = None,
    shortages: Annotated[
        bool, typer.Option("--shortages", help="List the shortages with candidates and remedies.")
    ] = False,
    subject: Annotated[
        list[str] | None, typer.Option(help="Only courses of this subject, e.g. HSC (repeat).")
    ] = None,
    funding: Annotated[
        str | None,
        typer.Option(
            help="Funding rules that cost the remedies: a bundled rule set (iowa-syp, "
            "ohio-ccp, indiana, texas-fast), a rules file, a partnership folder, or "
            "'tuition' (default: the partnership or the funding rules of the college's state)."
        ),
    ] = None,
    as_of: AsOf = None,
    format: Format = Fmt.table,
) -> None:
    """Next school year's demand per course and school, beside the sections serving it.

    Demand: pathway students whose plan places the course in their next year, who have
    not earned it and who will be eligible for it then under the course's eligibility
    rule (grade, placement scores, GPA, flags; computed in DuckDB); students the rule
    cannot decide yet (a placement test not taken) are counted apart. Counts of 1 to 9
    show as *. A line is staffed when a section serving the school has a qualified,
    approved, oriented instructor; --shortages lists the others with each candidate's
    check and the remedies ranked by feasibility and cost under the funding rules (each
    cost names its rules and sources).
    """
    from careerpaths.io.funding import FundingDataError
    from careerpaths.staffing import report
    from careerpaths.staffing.costs import funding_for
    from careerpaths.staffing.demand import region_demand

    region, data = _load(workspace, staffing, students=True)
    day = data.as_of(as_of.date() if as_of else None)
    if not data.next_fall:
        _fail("the staffing calendar names no next_fall term")
    year = int(data.next_fall[:4])
    try:
        policy = report.policy_of(data, college)
        money = funding_for(region, policy.college, choice=funding)
        rows = region_demand(region, next_fall_year=year)
        lines, found = report.demand_lines(
            data, region, rows, college=college, as_of=day, subjects=subject or (),
            cost=money.cost(on=day),
        )  # fmt: skip
    except FundingDataError as exc:
        for e in exc.errors:
            sys.stderr.write(f"{e}\n")
        _fail("the funding rules cannot be read")
    except KeyError as exc:
        _fail(str(exc.args[0]))
    short = [report.shortage_dict(s, region) for s in found]
    if format is Fmt.json:
        sys.stdout.write(
            report.to_json(
                {
                    "as_of": day.isoformat(),
                    "note": report.ILLUSTRATIVE_NOTE if workspace is None else "",
                    "funding": {"rules": money.name, "from": money.origin},
                    "demand": [ln.as_dict() for ln in lines],
                    "shortages": short if shortages else [],
                    "findings": [f.as_dict() for f in data.findings],
                }
            )
        )
    elif format is Fmt.csv:
        if shortages:
            flat = [
                {**{k: s[k] for k in ("term", "course", "school", "students", "reason")},
                 "rank": i + 1, **{f"remedy_{k}": v for k, v in r.items()}}
                for s in short
                for i, r in enumerate(s["remedies"])
            ]  # fmt: skip
            for r in flat:
                r["remedy_cost_rules"] = "; ".join(
                    f"{ln['rule']} {ln['payer']} {ln['amount']:.2f}"
                    for ln in r["remedy_cost_lines"]
                )
                r["remedy_cost_sources"] = "; ".join(
                    dict.fromkeys(ln["source"] for ln in r["remedy_cost_lines"] if ln["source"])
                )
            cols = ["term", "course", "school", "students", "reason", "rank", "remedy_label",
                    "remedy_feasibility", "remedy_detail", "remedy_cost", "remedy_cost_paid",
                    "remedy_cost_aid", "remedy_cost_basis", "remedy_cost_rules",
                    "remedy_cost_sources"]  # fmt: skip
            sys.stdout.write(report.to_csv(flat, cols))
        else:
            cols = ["term", "course", "title", "school", "students", "undecided", "ineligible",
                    "eligibility", "sections", "capacity", "staffed"]  # fmt: skip
            sys.stdout.write(report.to_csv([ln.as_dict() for ln in lines], cols))
    else:
        if workspace is None:
            sys.stdout.write(report.ILLUSTRATIVE_NOTE + "\n")
        sys.stdout.write(
            _table(
                "Demand next school year (eligible students)",
                [
                    "Term",
                    "Course",
                    "School",
                    "Eligible",
                    "Undecided",
                    "Not eligible",
                    "Sections",
                    "Capacity",
                    "Staffed",
                ],
                [
                    [
                        ln.term,
                        f"{ln.course} {ln.title}",
                        ln.school_name,
                        ln.as_dict()["students"],
                        ln.as_dict()["undecided"],
                        ln.as_dict()["ineligible"],
                        ", ".join(ln.sections) or "none",
                        str(ln.capacity),
                        "-" if not ln.students else "yes" if ln.staffed else "NO",
                    ]
                    for ln in lines
                ],
            )
        )
        sys.stdout.write(
            "Eligible: eligible next year under the course's rule (the demand). Undecided: "
            "the rule needs a fact not on record yet, such as a placement score.\n"
        )
        if shortages:
            sys.stdout.write(f"\nRemedies costed under {money.name} ({money.origin}).\n")
            for s in short:
                sys.stdout.write(
                    f"\n{s['term']} {s['course']} at {s['school_name']} "
                    f"({s['students']} students): {s['reason']}\n"
                )
                for i, r in enumerate(s["remedies"], 1):
                    cost = f"${r['cost']:,.0f}" if r["cost"] is not None else "cost unknown"
                    sys.stdout.write(
                        f"  {i}. {r['label']} [{r['feasibility_label']}; {cost}]: {r['detail']}\n"
                        f"     cost: {r['cost_basis']}\n"
                    )
                    for ln in r["cost_lines"]:
                        to = f" to {ln['payee']}" if ln["payee"] else ""
                        sys.stdout.write(
                            f"       {ln['rule']}: {ln['item']}, {ln['payer']}{to} "
                            f"${ln['amount']:,.2f} ({ln['source'] or 'illustrative'})\n"
                        )
        sys.stdout.write(_findings_text(data.findings))
    raise typer.Exit(1 if has_errors(data.findings) else 0)


def timeline(
    workspace: Workspace = None,
    staffing: Staffing = None,
    as_of: AsOf = None,
    ics: Annotated[
        Path | None, typer.Option(help="Also write the timeline and reminders as iCalendar.")
    ] = None,
    role: Annotated[
        str | None,
        typer.Option(
            help="Only this role's items (college_coordinator, district_designer, counselor)."
        ),
    ] = None,
    format: Format = Fmt.table,
) -> None:
    """The launch timeline back-scheduled from each term's start, and what is late.

    Lead times are data (careerpaths/staffing/data/lead-times.yaml, or the staffing
    folder's own lead-times.yaml): partnership planning 12 months ahead, instructor
    approval, the spring deadline for fall sections, orientation the summer before,
    state deadlines (Ohio's March 1 and April 1). Also the NACEP reminders of approved
    instructors (orientation, professional development, site visits, evaluations).
    """
    from careerpaths.staffing import report
    from careerpaths.staffing.ical import calendar_ics

    _region, data = _load(workspace, staffing, students=False)
    day = data.as_of(as_of.date() if as_of else None)
    ms = [m for m in report.timeline(data, as_of=day) if role is None or m.lead.role == role]
    dues = report.dues(data) if role in (None, "college_coordinator") else []
    if ics is not None:
        try:
            ics.write_bytes(calendar_ics(ms, dues))
        except OSError as exc:
            _fail(f"cannot write {ics}: {exc.strerror}")
    rows = [m.as_dict() for m in ms]
    due_rows = [
        {"instructor": data.instructors[d.instructor].name if d.instructor in data.instructors
         else d.instructor, "standard": d.standard, "label": d.label, "due": d.due.isoformat(),
         "status": d.status(day), "course": d.course, "section": d.section}
        for d in dues
    ]  # fmt: skip
    if format is Fmt.json:
        sys.stdout.write(
            report.to_json({"as_of": day.isoformat(), "milestones": rows, "reminders": due_rows})
        )
    elif format is Fmt.csv:
        cols = ["due", "status", "label", "role", "subject", "target", "source"]
        sys.stdout.write(report.to_csv(rows, cols))
    else:
        sys.stdout.write(
            _table(
                f"Launch timeline as of {day.isoformat()}",
                ["Due", "Status", "What", "Who", "For"],
                [
                    [
                        r["due"],
                        r["status"].replace("_", " "),
                        r["label"],
                        r["role"].replace("_", " "),
                        r["subject"],
                    ]
                    for r in rows
                ],
            )
        )
        if due_rows:
            sys.stdout.write(
                _table(
                    "NACEP reminders",
                    ["Due", "Status", "Standard", "What", "Section"],
                    [
                        [r["due"], r["status"], r["standard"], r["label"], r["section"]]
                        for r in due_rows
                    ],
                )
            )
