"""A run's report as plain text and as JSON, for ``careerpaths audit --all`` (no workspace).

Both carry exactly what the report's page shows, never a student: in the text a hidden
count reads ``*``, in JSON it is ``null`` (published counts are numbers).
"""

from __future__ import annotations

from typing import Any

from careerpaths.core.privacy import HIDDEN, hidden_note
from careerpaths.web.audits.selectors import RunReport


def _n(text: str) -> int | float | None:
    """A published figure as a number; ``None`` for a hidden one."""
    if text == HIDDEN:
        return None
    value = float(text)
    return int(value) if value.is_integer() and "." not in text else value


def report_json(report: RunReport) -> dict[str, Any]:
    """The report as JSON data (hidden counts and credits are ``null``)."""
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
            "students": _n(report.run.students),
            "on_track": _n(report.run.on_track),
            "off_track": _n(report.run.off_track),
            "students_with_random_acts": _n(report.run.random_students),
            "random_act_credits": _n(report.run.random_credits),
        },
        "schools": [
            {
                "kind": r.kind,
                "id": r.id,
                "name": r.name,
                "students": _n(r.students),
                "on_track": _n(r.on_track),
                "off_track": _n(r.off_track),
                "students_with_random_acts": _n(r.random_students),
                "random_act_credits": _n(r.random_credits),
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
                "students": _n(c.students),
                "credits": _n(c.credits),
            }
            for c in report.courses
        ],
        "changes": (
            {
                "previous_run": report.changes.previous.pk,
                "previous_as_of": report.changes.previous.as_of.isoformat(),
                **{c.code: _n(c.value) for c in report.changes.rows},
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
        hidden_note(report.threshold),
    ]
    return "\n".join(out) + "\n"
