"""A run's report as plain text and as JSON, for ``careerpaths audit --all`` (no workspace).

Both carry exactly what the report's page shows: suppressed counts as strings (``<10``,
``*``), never a student.
"""

from __future__ import annotations

from typing import Any

from careerpaths.web.audits.selectors import RunReport


def report_json(report: RunReport) -> dict[str, Any]:
    """The report as JSON data (counts are strings: suppressed ones read ``<10`` or ``*``)."""
    run = report.run.run
    return {
        "run": {
            "id": run.pk,
            "as_of": run.as_of.isoformat(),
            "started_at": run.started_at.isoformat(),
            "finished_at": run.finished_at.isoformat() if run.finished_at else None,
            "started_by": report.run.started_by,
            "catalog_revision": run.catalog_revision,
        },
        "threshold": report.threshold,
        "totals": {
            "students": report.run.students,
            "on_track": report.run.on_track,
            "off_track": report.run.off_track,
            "students_with_random_acts": report.run.random_students,
            "random_act_credits": report.run.random_credits,
        },
        "schools": [
            {
                "kind": r.kind,
                "id": r.id,
                "name": r.name,
                "students": r.students,
                "on_track": r.on_track,
                "off_track": r.off_track,
                "students_with_random_acts": r.random_students,
                "random_act_credits": r.random_credits,
            }
            for r in report.schools
        ],
        "courses": [
            {
                "key": c.key,
                "code": c.code,
                "title": c.title,
                "college": c.college,
                "in_catalog": c.in_catalog,
                "students": c.students,
                "credits": c.credits,
            }
            for c in report.courses
        ],
        "changes": (
            {
                "previous_run": report.changes.previous.pk,
                "previous_as_of": report.changes.previous.as_of.isoformat(),
                **{c.code: c.value for c in report.changes.rows},
            }
            if report.changes
            else None
        ),
    }


def _table(header: tuple[str, ...], rows: list[tuple[str, ...]]) -> list[str]:
    widths = [max(len(x) for x in col) for col in zip(header, *rows, strict=True)]
    out = []
    for row in (header, *rows):
        first, *rest = row
        cells = [first.ljust(widths[0])] + [
            c.rjust(w) for c, w in zip(rest, widths[1:], strict=True)
        ]
        out.append("  " + "  ".join(cells).rstrip())
    return out


def report_text(report: RunReport, *, database: str) -> str:
    """The summary ``careerpaths audit --all`` prints after a run over the database."""
    line = report.run
    run = line.run
    out = [
        f"Batch audit of {run.as_of:%Y-%m-%d} stored as run {run.pk} in {database} "
        f"(catalog revision {run.catalog_revision}).",
        f"Students audited: {line.students}; on track: {line.on_track}; "
        f"off track: {line.off_track}.",
        f"Students with random acts: {line.random_students} "
        f"({line.random_credits} dual-credit hours that count toward no credential).",
    ]
    if report.schools:
        out += ["", "By school:"]
        out += _table(
            ("School", "Students", "On track", "Off track", "Random acts", "Credits"),
            [
                (
                    f"{r.name} (all schools)" if r.kind == "district" else r.name,
                    r.students,
                    r.on_track,
                    r.off_track,
                    r.random_students,
                    r.random_credits,
                )
                for r in report.schools
            ],
        )
    if report.courses:
        out += ["", "Random acts by college course:"]
        out += _table(
            ("Course", "College", "Students", "Credits"),
            [(f"{c.code} {c.title}", c.college, c.students, c.credits) for c in report.courses],
        )
    if report.changes:
        out += ["", f"Since the run of {report.changes.previous.as_of:%Y-%m-%d}:"]
        out += [f"  {c.label}: {c.value}" for c in report.changes.rows]
    out += [
        "",
        f"Counts of 1 to {report.threshold - 1} students read <{report.threshold}; * hides a "
        "count that would give a small one away.",
    ]
    return "\n".join(out) + "\n"
