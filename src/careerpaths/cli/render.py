"""Rendering findings, audits and reports for the terminal and as JSON."""

from __future__ import annotations

import io
import json
import textwrap
from collections.abc import Iterable, Sequence
from typing import Any

from rich.console import Console
from rich.table import Table

from careerpaths.core.audit import NodeResult, Status
from careerpaths.core.batch_summary import batch_summary, counts_of, random_act_hours
from careerpaths.core.findings import Finding, Severity
from careerpaths.core.model import Region
from careerpaths.core.privacy import hidden_note, show
from careerpaths.core.student_audit import StudentAudit
from careerpaths.io.audit_json import audits_document
from careerpaths.io.errors import LoadError

SCHEMA_VERSION = 1


def to_text(renderables: Iterable[Any], width: int = 110) -> str:
    buf = io.StringIO()
    console = Console(
        file=buf,
        width=width,
        force_terminal=False,
        color_system=None,
        highlight=False,
        soft_wrap=False,
    )
    for r in renderables:
        console.print(r)
    return buf.getvalue()


def dumps(data: Any) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def audits_json(results: Iterable[StudentAudit]) -> str:
    """``audit --format json``: the students' audits (schema ``output-audit``)."""
    return audits_document(results, schema_version=SCHEMA_VERSION)


# ----------------------------------------------------------------- load errors


def load_errors_json(errors: Sequence[LoadError]) -> str:
    return dumps(
        {"schema_version": SCHEMA_VERSION, "ok": False, "errors": [e.as_dict() for e in errors]}
    )


def load_errors_text(errors: Sequence[LoadError]) -> str:
    lines = [
        f"{len(errors)} problem{'s' if len(errors) != 1 else ''} in the workspace; "
        "nothing was loaded:"
    ]
    lines += [f"  {e}" for e in errors]
    return "\n".join(lines) + "\n"


# ----------------------------------------------------------------- validation

_SEV_MARK = {Severity.ERROR: "ERROR", Severity.WARNING: "warn", Severity.INFO: "info"}


def counts(findings: Sequence[Finding]) -> dict[str, int]:
    return {s.value: sum(f.severity is s for f in findings) for s in Severity}


def findings_json(region: Region, findings: Sequence[Finding]) -> str:
    return dumps(
        {
            "schema_version": SCHEMA_VERSION,
            "region": {"id": region.id, "name": region.name},
            "counts": counts(findings),
            "pathways": [
                {
                    "id": p.id,
                    "name": p.name,
                    "status": p.status.value,
                    "counts": counts([f for f in findings if f.where.pathway == p.id]),
                }
                for p in sorted(region.pathways.values(), key=lambda p: p.id)
            ],
            "findings": [f.as_dict() for f in findings],
        }
    )


def findings_text(region: Region, findings: Sequence[Finding], *, show_info: bool) -> str:
    out: list[Any] = []
    c = counts(findings)
    out.append(f"Validation report: {region.name}")
    out.append(
        f"{len(region.institutions)} institutions, {len(region.courses)} courses, "
        f"{len(region.credentials)} credentials, {len(region.pathways)} pathways, "
        f"{len(region.students)} student records"
    )
    table = Table(title="Pathways", title_justify="left")
    table.add_column("id")
    table.add_column("name", ratio=1)
    table.add_column("status")
    table.add_column("college credits\nby grade 12", justify="right")
    for col in ("errors", "warnings", "info"):
        table.add_column(col, justify="right")
    for p in sorted(region.pathways.values(), key=lambda p: p.id):
        pc = counts([f for f in findings if f.where.pathway == p.id])
        hours = sum(
            region.courses[pl.key].semester_hours
            for pl in p.placements
            if pl.key in region.courses and pl.term.in_high_school
        )
        table.add_row(
            p.id,
            p.name,
            p.status.value,
            f"{hours:g}",
            str(pc["error"]),
            str(pc["warning"]),
            str(pc["info"]),
        )
    out.append(table)
    shown = [f for f in findings if show_info or f.severity is not Severity.INFO]
    groups: dict[str, list[Finding]] = {}
    for f in shown:
        groups.setdefault(f.where.pathway or "", []).append(f)
    for name in sorted(groups, key=lambda g: (g != "", g)):
        if name == "":
            title = "Course catalog"
        elif name in region.pathways:
            p = region.pathways[name]
            title = f"{p.name} ({name}, {p.status.value})"
        else:
            title = name
        out.append("")
        out.append(title)
        for f in groups[name]:
            loc = " ".join(x for x in (f.where.term, f.where.course or f.where.credential) if x)
            out.append(f"  {_SEV_MARK[f.severity]:5}  {f.code}  {loc}".rstrip())
            out.append(
                textwrap.fill(
                    f.message, width=104, initial_indent=" " * 9, subsequent_indent=" " * 9
                )
            )
    hidden = len(findings) - len(shown)
    out.append("")
    out.append(
        f"{c['error']} errors, {c['warning']} warnings, {c['info']} info"
        + (f" ({hidden} info findings hidden; --info shows them)" if hidden else "")
    )
    drafts = {p.id for p in region.pathways.values() if p.status.value == "draft"}
    draft_errors = sum(
        1 for f in findings if f.severity is Severity.ERROR and f.where.pathway in drafts
    )
    if draft_errors:
        out.append(
            f"{draft_errors} of the errors are in draft pathways: they do not fail the run "
            "(--strict-drafts makes them)."
        )
    return to_text(out)


# ----------------------------------------------------------------- audits


_STATUS = {Status.MET: "met", Status.IN_PROGRESS: "in progress", Status.NOT_MET: "NOT MET"}


def _tree_lines(n: NodeResult, depth: int = 0) -> list[str]:
    mark = "✓" if n.met else "✗"
    lines = [f"{'  ' * depth}{mark} {n.description}: {n.explanation}"]
    for c in n.children:
        lines += _tree_lines(c, depth + 1)
    return lines


def student_audit_text(a: StudentAudit, region: Region) -> str:
    school = region.institutions.get(a.school)
    out: list[str] = []
    syn = " — SYNTHETIC demo record" if a.synthetic else ""
    out.append(f"Student {a.student}{syn}")
    pathway = region.pathways.get(a.pathway) if a.pathway else None
    out.append(
        f"School: {school.name if school else a.school}; grade {a.grade_level}; "
        f"pathway: {pathway.name if pathway else 'none declared'}"
    )
    out.append(
        f"College credits: {a.college_credits:g} (dual credit in high school: "
        f"{a.dual_credits:g}); high-school credits: {a.hs_credits:g}"
    )
    out.append(f"On track: {'yes' if a.on_track else 'no'}")
    for r in ([a.diploma] if a.diploma else []) + list(a.credentials):
        out.append("")
        out.append(f"{r.name} — {_STATUS[r.status]}")
        if r.root is not None:
            out += ["  " + line for line in _tree_lines(r.root)]
        else:
            out.append("  earned by exam; no course requirements")
    if a.next_courses:
        out.append("")
        out.append("Next courses on the pathway map:")
        for s in a.next_courses:
            out.append(f"  {s.term}  {s.course} {s.title} — {s.reason}")
    if a.flags:
        out.append("")
        out.append("Flags:")
        out += [f"  [{f.code.value}] {f.message}" for f in a.flags]
    return "\n".join(out) + "\n"


def audit_summary_text(results: Sequence[StudentAudit], region: Region) -> str:
    """The workspace's audits as counts per school and per random-act course, built and
    suppressed by :func:`careerpaths.core.batch_summary.batch_summary` (the same tables,
    columns and suppression as a stored run's page)."""
    students = {s.id: s for s in region.students.values()}
    per_student = []
    for r in results:
        s = students.get(r.student)
        acts = random_act_hours(s, r.random_acts, region.courses) if s is not None else []
        per_student.append((r.school, r.on_track, acts))
    schools, courses = counts_of(per_student)
    parents = {
        k: str(i.parent)
        for k in schools
        if (i := region.institutions.get(k)) is not None and i.parent in region.institutions
    }
    summary = batch_summary(schools, parents=parents, courses=courses)

    def name_of(unit: tuple[str, str]) -> str:
        inst = region.institutions.get(unit[1])
        return inst.name if inst else unit[1]

    table = Table(title="Batch audit by school", title_justify="left")
    for col in ("school", "students", "on track", "off track", "random acts", "credits"):
        table.add_column(col, justify="left" if col == "school" else "right")
    for row in summary.ordered(name_of):
        unit = (row.kind, row.id)
        name = (
            "All schools"
            if row.kind == "region"
            else f"{name_of(unit)} (all schools)"
            if row.kind == "district"
            else name_of(unit)
        )
        table.add_row(
            name,
            show(row.students),
            show(row.on_track),
            show(row.off_track),
            show(row.random_students),
            show(row.random_credits),
        )
    out: list[Any] = [table]
    if summary.courses:
        ctable = Table(title="Random acts by college course", title_justify="left")
        for col in ("course", "students", "credits"):
            ctable.add_column(col, justify="left" if col == "course" else "right")
        for key in summary.course_order():
            c = summary.courses[key]
            course = region.courses.get(key)
            label = f"{course.code} {course.title}" if course else key
            ctable.add_row(label, show(c.students), show(c.credits))
        out.append(ctable)
    synthetic = sum(r.synthetic for r in results)
    notes = (
        [f"{synthetic} of {len(results)} records are SYNTHETIC demo students."] if synthetic else []
    )
    notes.append(hidden_note(summary.threshold))
    return to_text([*out, *notes])
