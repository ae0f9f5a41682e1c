"""Cost, budget, equipment and projection reports: one builder of rows, three formats.

The CLI (``careerpaths costs`` / ``careerpaths budget``) and the web pages show the same
tables; each builds them here and only formats them. Every money row carries the rule
it comes from, its source and whether it is illustrative.

The reports aggregate planned sections, budget lines and equipment, never student
records, so they hold no cell about students to suppress.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import IO, Any

from careerpaths.core.findings import Finding
from careerpaths.core.funding import (
    CostBreakdown,
    DeliveryModel,
    ModelComparison,
    Party,
    compare_delivery_models,
    family_savings,
    parameter_values,
)
from careerpaths.core.i18n import Text, join_text, text
from careerpaths.core.partnerships import (
    EquipmentCost,
    Projection,
    Redundancy,
    equipment_costs,
    projection,
    redundancies,
)
from careerpaths.core.perkins import BudgetCheck, PerkinsRules, check_budget
from careerpaths.io.funding import Partnership, PathwayPlan

# Column headings for people (the machine names stay in CSV, JSON and XLSX, which are data
# files for data staff). Each a ``text()``: the web app shows it in the reader's language.
COLUMN_LABELS = {
    "delivery_model": text("Delivery model"),
    "delivery_code": text("Model code"),
    "total": text("Total"),
    "paid_by_district": text("School district pays"),
    "paid_by_college": text("College pays"),
    "paid_by_career_center": text("Career center pays"),
    "paid_by_family": text("Family pays"),
    "paid_by_state": text("State pays"),
    "state_aid_received": text("State aid received"),
    "district_net": text("District's net cost"),
    "per_credit": text("Per college credit"),
    "per_student": text("Per student"),
    "illustrative": text("Illustrative"),
    "course": text("Course"),
    "students": text("Students"),
    "item": text("Item"),
    "payer": text("Payer"),
    "payee": text("Payee"),
    "amount": text("Amount"),
    "rule": text("Rule"),
    "formula": text("Formula"),
    "source": text("Source"),
    "note": text("Note"),
    "title": text("Title"),
    "credits": text("Credits"),
    "family_pays": text("Family pays"),
    "family_saves": text("Family saves"),
    "line": text("Line"),
    "description": text("Description"),
    "use": text("Use"),
    "use_label": text("Use (Perkins V Sec. 135)"),
    "need": text("Need"),
    "status": text("Status"),
    "reasons": text("Reasons"),
    "references": text("References"),
    "equipment": text("Equipment"),
    "name": text("Name"),
    "cost": text("Cost"),
    "useful_life_years": text("Useful life (years)"),
    "annual_cost": text("Cost a year"),
    "student_hours": text("Student hours"),
    "per_student_hour": text("Per student hour"),
    "partner": text("Partner"),
    "partner_share_per_year": text("Partner's share a year"),
    "repeats": text("Repeats"),
    "sections_per_year": text("Sections a year"),
    "cost_per_section": text("Cost per section"),
    "avoidable_per_year": text("Avoidable a year"),
    "finding": text("Finding"),
    "year": text("Year"),
    "sections": text("Sections"),
    "redundant_hs_courses": text("Redundant high-school courses"),
}

# The columns that hold dollars (a page writes them "$5,859.00"; the files keep the number).
MONEY_COLUMNS = frozenset(
    {
        "total",
        "per_student",
        "per_credit",
        "paid_by_district",
        "paid_by_college",
        "paid_by_career_center",
        "paid_by_family",
        "paid_by_state",
        "state_aid_received",
        "district_net",
        "family_pays",
        "family_saves",
        "amount",
        "cost",
        "annual_cost",
        "per_student_hour",
        "partner_share_per_year",
        "cost_per_section",
        "avoidable_per_year",
        "sections",
        "equipment",
        "redundant_hs_courses",
    }
)


# The columns a page leaves out: a code whose words are in the next column (the files keep it).
PAGE_HIDDEN = frozenset({"use"})


@dataclass(frozen=True)
class Table:
    title: str  # a ``text()`` where the report words it
    columns: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...]
    notes: tuple[str, ...] = ()

    @property
    def labels(self) -> tuple[str, ...]:
        """Column headings for people (the machine names stay in CSV and JSON), without the
        :data:`PAGE_HIDDEN` columns."""
        return tuple(
            COLUMN_LABELS.get(c) or c.replace("_", " ").capitalize()
            for c in self.columns
            if c not in PAGE_HIDDEN
        )

    @property
    def keyed_rows(self) -> tuple[tuple[tuple[str, Any], ...], ...]:
        """Each row as (column, value) pairs: a page words a coded cell by its column (the
        :data:`PAGE_HIDDEN` columns left out)."""
        return tuple(
            tuple((c, v) for c, v in zip(self.columns, row, strict=True) if c not in PAGE_HIDDEN)
            for row in self.rows
        )

    def as_dicts(self) -> list[dict[str, Any]]:
        return [dict(zip(self.columns, row, strict=True)) for row in self.rows]


def pathway_plan(p: Partnership, pathway_id: str) -> PathwayPlan:
    plan = p.pathways.get(pathway_id)
    if plan is None:
        known = ", ".join(sorted(p.pathways))
        raise KeyError(f"no pathway {pathway_id!r} in {p.name}; known: {known}")
    return plan


def compare(
    p: Partnership,
    pathway_id: str,
    deliveries: Sequence[DeliveryModel],
    *,
    students: int | None = None,
    on: date | None = None,
) -> list[ModelComparison]:
    plan = pathway_plan(p, pathway_id)
    courses = [p.courses[c] for c in plan.courses]
    return compare_delivery_models(courses, deliveries, students or plan.students, p.rules, on=on)


def _money(x: float | None) -> float | None:
    return None if x is None else round(x, 2)


def comparison_table(p: Partnership, comparisons: Sequence[ModelComparison]) -> Table:
    """One row per delivery model: total, per student, per credit, per party, state aid."""
    parties = [Party.DISTRICT, Party.COLLEGE, Party.CAREER_CENTER, Party.FAMILY, Party.STATE]
    rows = []
    for c in comparisons:
        by, rec = c.by_party, c.received
        rows.append(
            (
                c.delivery.label,
                c.delivery.value,
                _money(c.total),
                _money(c.per_student),
                _money(c.per_credit),
                *(_money(by.get(party, 0.0)) for party in parties),
                _money(sum(rec.values(), 0.0)),
                _money(by.get(Party.DISTRICT, 0.0) - rec.get(Party.DISTRICT, 0.0)),
                any(s.illustrative for s in c.sections),
            )
        )
    return Table(
        title=text(
            "Cost by delivery model, %(partnership)s (%(rules)s)",
            partnership=p.name,
            rules=p.rules.name,
        ),
        columns=(
            "delivery_model",
            "delivery_code",
            "total",
            "per_student",
            "per_credit",
            *(f"paid_by_{party.value}" for party in parties),
            "state_aid_received",
            "district_net",
            "illustrative",
        ),
        rows=tuple(rows),
        notes=p.notes,
    )


def lines_table(p: Partnership, comparisons: Sequence[ModelComparison]) -> Table:
    """Every cost line with its rule, formula and source."""
    rows = []
    for c in comparisons:
        for s in c.sections:
            for line in s.lines:
                rows.append(
                    (
                        c.delivery.value,
                        s.course,
                        s.students,
                        line.item.value,
                        line.payer.value,
                        line.payee.value if line.payee else "",
                        line.amount,
                        line.rule,
                        line.formula,
                        line.source_url,
                        line.illustrative,
                        line.note,
                    )
                )
    return Table(
        title=text("Cost lines with their rules, %(partnership)s", partnership=p.name),
        columns=(
            "delivery_code",
            "course",
            "students",
            "item",
            "payer",
            "payee",
            "amount",
            "rule",
            "formula",
            "source",
            "illustrative",
            "note",
        ),
        rows=tuple(rows),
    )


def savings_table(p: Partnership, pathway_id: str, delivery: DeliveryModel) -> Table:
    """What a family saves per course, by the same rules (published tuition - family cost)."""
    plan = pathway_plan(p, pathway_id)
    rows = []
    for code in plan.courses:
        course = p.courses[code]
        family = _family_cost(p, code, delivery)
        rows.append(
            (code, course.title, course.credits, family, family_savings(course, delivery, p.rules))
        )
    return Table(
        title=text("Family savings, %(pathway)s", pathway=plan.name),
        columns=("course", "title", "credits", "family_pays", "family_saves"),
        rows=tuple(rows),
    )


def _family_cost(p: Partnership, code: str, delivery: DeliveryModel) -> float:
    from careerpaths.core.funding import section_cost

    breakdown: CostBreakdown = section_cost(p.courses[code], delivery, 1, p.rules)
    return breakdown.family


def budget_check(p: Partnership, perkins: PerkinsRules) -> BudgetCheck | None:
    if p.budget is None:
        return None
    return check_budget(
        p.budget.lines, perkins, allocation=p.budget.allocation, needs=p.budget.needs
    )


def budget_table(p: Partnership, check: BudgetCheck) -> Table:
    rows = tuple(
        (
            r.line.id,
            r.line.description,
            r.line.amount,
            r.line.use or "",
            r.use_label,
            r.line.need or "",
            r.status.value,
            join_text(r.reasons, " "),
            join_text(r.references, "; "),
        )
        for r in check.results
    )
    illustrative = p.budget.illustrative if p.budget else False
    return Table(
        title=text(
            "Perkins V budget %(year)s, %(partnership)s",
            year=p.budget.fiscal_year if p.budget else "",
            partnership=p.name,
        ),
        columns=(
            "line",
            "description",
            "amount",
            "use",
            "use_label",
            "need",
            "status",
            "reasons",
            "references",
        ),
        rows=rows,
        notes=((text("All amounts are illustrative."),) if illustrative else ())
        + tuple(f.message for f in check.findings if not f.where.line),
    )


def equipment_table(p: Partnership) -> tuple[Table, list[EquipmentCost]]:
    costs = [equipment_costs(e) for e in p.equipment]
    rows = []
    for c in costs:
        for partner, share in c.shares.items():
            rows.append(
                (
                    c.equipment.id,
                    c.equipment.name,
                    c.equipment.cost,
                    c.equipment.useful_life_years,
                    c.annual_cost,
                    c.student_hours,
                    c.per_student_hour,
                    p.institutions.get(partner, partner),
                    share,
                    c.equipment.illustrative,
                )
            )
    return (
        Table(
            title=text("Shared equipment, %(partnership)s", partnership=p.name),
            columns=(
                "equipment",
                "name",
                "cost",
                "useful_life_years",
                "annual_cost",
                "student_hours",
                "per_student_hour",
                "partner",
                "partner_share_per_year",
                "illustrative",
            ),
            rows=tuple(rows),
        ),
        costs,
    )


HS_SECTION_COST = "hs_section_cost"  # the rules' parameter: a high-school section's cost


def pathway_redundancy(
    p: Partnership, pathway_id: str, findings: Sequence[Finding] = ()
) -> tuple[Table, list[Redundancy]]:
    """High-school courses that repeat a dual-credit course of the pathway — the
    validator's ``repeated-content`` findings for the catalog pathway of the same id, and
    any the plan lists under ``redundant`` — with the avoidable cost a year: one section a
    year (the plan's cohort) x the rules' ``hs_section_cost`` parameter."""
    plan = pathway_plan(p, pathway_id)
    values = parameter_values(p.rules)
    cost = values.get(HS_SECTION_COST)
    found = redundancies(findings, cost_per_section=cost)
    seen = {r.course for r in found}
    found += [
        Redundancy(
            code,
            "",
            text("%(course)s is listed as redundant in region.yaml.", course=code),
            1,
            cost,
        )
        for code in plan.redundant
        if code not in seen
    ]
    prm = p.rules.parameters.get(HS_SECTION_COST)
    source = (p.rules.source_url(prm.source) if prm is not None else "") or ""
    illustrative = prm.illustrative if prm is not None else False
    rows = tuple(
        (
            r.course,
            r.repeats,
            r.sections_per_year,
            _money(r.cost_per_section),
            r.per_year,
            HS_SECTION_COST if r.cost_per_section is not None else "",
            source if r.cost_per_section is not None else "",
            illustrative,
            r.message,
        )
        for r in found
    )
    notes = []
    if not found:
        notes.append(text("No high-school course repeats a dual-credit course of this pathway."))
    elif cost is None:
        notes.append(
            text(
                "The rules of %(rules)s give no %(parameter)s: the avoidable cost is not computed.",
                rules=p.rules.name,
                parameter=HS_SECTION_COST,
            )
        )
    return (
        Table(
            title=text("Redundancy, %(pathway)s", pathway=plan.name),
            columns=(
                "course",
                "repeats",
                "sections_per_year",
                "cost_per_section",
                "avoidable_per_year",
                "rule",
                "source",
                "illustrative",
                "finding",
            ),
            rows=rows,
            notes=tuple(notes),
        ),
        found,
    )


def _dollars(x: float) -> str:
    """Money as the page shows it, the same in English and in es-US: $5,859.00."""
    return f"${x:,.2f}"


def _redundant_note(r: Redundancy) -> Text:
    """One redundant high-school course of the projection, and its avoidable cost."""
    if r.per_year is None:
        if r.repeats:
            return text(
                "Redundant: %(course)s repeats %(repeats)s", course=r.course, repeats=r.repeats
            )
        return text("Redundant: %(course)s repeats a dual-credit course", course=r.course)
    if r.repeats:
        return text(
            "Redundant: %(course)s repeats %(repeats)s; avoidable %(amount)s a year",
            course=r.course,
            repeats=r.repeats,
            amount=_dollars(r.per_year),
        )
    return text(
        "Redundant: %(course)s repeats a dual-credit course; avoidable %(amount)s a year",
        course=r.course,
        amount=_dollars(r.per_year),
    )


def pathway_projection(
    p: Partnership,
    pathway_id: str,
    delivery: DeliveryModel,
    *,
    years: int = 5,
    redundancy: Sequence[Redundancy] = (),
) -> tuple[Table, Projection]:
    plan = pathway_plan(p, pathway_id)
    (cmp,) = compare(p, pathway_id, [delivery])
    equipment = sum(equipment_costs(e).annual_cost for e in p.equipment)
    proj = projection(
        yearly_sections=cmp.total,
        yearly_equipment=equipment,
        yearly_college_credits=sum(s.credits * s.students for s in cmp.sections),
        credentials_per_year=plan.credentials_per_year,
        years=years,
        yearly_avoidable=sum(r.per_year or 0.0 for r in redundancy),
    )
    rows = tuple((y.year, y.sections, y.equipment, y.avoidable, y.total) for y in proj.years)
    notes = [
        text("Total over %(n)s years: %(amount)s", n=years, amount=_dollars(proj.total))
        if years != 1
        else text("Total over 1 year: %(amount)s", amount=_dollars(proj.total)),
        text("Per college credit: %(amount)s", amount=_dollars(proj.per_college_credit))
        if proj.per_college_credit is not None
        else text("Per college credit: not computed (no credits)"),
        (
            text(
                "Per credential expected: %(amount)s (1 credential, illustrative)",
                amount=_dollars(proj.per_credential),
            )
            if proj.credentials_expected == 1
            else text(
                "Per credential expected: %(amount)s (%(n)s credentials, illustrative)",
                amount=_dollars(proj.per_credential),
                n=f"{proj.credentials_expected:g}",
            )
        )
        if proj.per_credential is not None
        else text("Per credential: not computed (no credential count)"),
    ]
    notes += [_redundant_note(r) for r in redundancy]
    if proj.avoidable:
        notes.append(
            text(
                "Avoidable over %(n)s years: %(amount)s (total without the redundant "
                "courses: %(without)s)",
                n=years,
                amount=_dollars(proj.avoidable),
                without=_dollars(proj.total - proj.avoidable),
            )
            if years != 1
            else text(
                "Avoidable over 1 year: %(amount)s (total without the redundant courses: "
                "%(without)s)",
                amount=_dollars(proj.avoidable),
                without=_dollars(proj.total - proj.avoidable),
            )
        )
    return (
        Table(
            title=text(
                "Five-year projection, %(pathway)s (%(delivery)s)",
                pathway=plan.name,
                delivery=delivery.label,
            ),
            columns=("year", "sections", "equipment", "redundant_hs_courses", "total"),
            rows=rows,
            notes=tuple(notes),
        ),
        proj,
    )


# --------------------------------------------------------------------------- writers


def to_csv(table: Table) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(table.columns)
    for row in table.rows:
        w.writerow(["" if v is None else v for v in row])
    return buf.getvalue()


def to_json(tables: Sequence[Table]) -> str:
    return json.dumps(
        [{"title": t.title, "rows": t.as_dicts(), "notes": list(t.notes)} for t in tables],
        indent=2,
        ensure_ascii=False,
    )


def write_xlsx(tables: Sequence[Table], path: Path | IO[bytes]) -> None:
    """One sheet per table, notes below the rows (to a file or a binary stream)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    wb.remove(wb.active)
    for i, t in enumerate(tables, 1):
        ws = wb.create_sheet(title=f"{i} {t.title}"[:31].replace("/", "-").replace(":", ""))
        ws.append([t.title])
        ws["A1"].font = Font(bold=True)
        ws.append(list(t.columns))
        for cell in ws[2]:
            cell.font = Font(bold=True)
        for row in t.rows:
            ws.append(list(row))
        if t.notes:
            ws.append([])
            for note in t.notes:
                ws.append([note])
    wb.save(path)
