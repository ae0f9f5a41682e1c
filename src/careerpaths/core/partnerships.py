"""Partnership agreements (MOU, contract, articulation) and shared equipment, checked.

An :class:`Agreement` records what NACEP's Partnership standards ask a program to
show: the parties, the term and its renewal, the courses and delivery models covered,
who pays each cost, who provides instructors, the data-sharing (FERPA) clause and
its scope, the signatories. :func:`check_agreement` returns findings, never a boolean.

:func:`equipment_costs` spreads a piece of shared equipment over the student-hours of
every section that uses it (high-school and adult college sections), and
:func:`projection` sums a pathway's yearly cost over five years.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum

from careerpaths.core.findings import Finding, Severity, Where
from careerpaths.core.funding import (
    CostItem,
    CourseFacts,
    DeliveryModel,
    Party,
    RuleSet,
    check_rate,
)


class AgreementKind(StrEnum):
    MOU = "mou"
    CONTRACT = "contract"
    ARTICULATION = "articulation"


class AgreementStatus(StrEnum):
    DRAFT = "draft"
    SIGNED = "signed"
    EXPIRED = "expired"
    TERMINATED = "terminated"


@dataclass(frozen=True)
class Signatory:
    name: str
    title: str
    institution: str
    signed_on: date | None = None


@dataclass(frozen=True)
class Agreement:
    id: str
    kind: AgreementKind
    title: str
    parties: tuple[str, ...]
    starts: date
    ends: date
    courses: tuple[str, ...] = ()
    deliveries: tuple[DeliveryModel, ...] = ()
    payers: Mapping[CostItem, Party] = field(default_factory=dict)
    rates: Mapping[DeliveryModel, float] = field(default_factory=dict)  # tuition per credit
    instructor_provider: Party | None = None
    ferpa_clause: str = ""
    data_shared: tuple[str, ...] = ()
    signatories: tuple[Signatory, ...] = ()
    status: AgreementStatus = AgreementStatus.DRAFT
    renewal_notice_days: int = 90
    illustrative: bool = False
    where: Where = field(default_factory=Where)

    def renewal_due(self) -> date:
        return self.ends - timedelta(days=self.renewal_notice_days)


def check_agreement(
    agreement: Agreement,
    *,
    institutions: Mapping[str, object],
    courses: Mapping[str, CourseFacts],
    rules: RuleSet | None,
    today: date,
) -> list[Finding]:
    """Problems with an agreement: dates, parties, courses, rates, FERPA, renewal."""
    a = agreement
    out: list[Finding] = []

    def add(code: str, severity: Severity, message: str, **data: object) -> None:
        out.append(Finding(code, severity, a.where, f"{a.id}: {message}", dict(data)))

    if a.ends <= a.starts:
        add(
            "agreement-dates",
            Severity.ERROR,
            f"ends on {a.ends.isoformat()}, not after it starts on {a.starts.isoformat()}.",
        )
    if len(a.parties) < 2:
        add("agreement-parties", Severity.ERROR, "an agreement needs at least two parties.")
    for party in a.parties:
        if party not in institutions:
            add("agreement-parties", Severity.ERROR, f"party {party!r} is not an institution.")
    for code in a.courses:
        if code not in courses:
            add("agreement-course", Severity.ERROR, f"course {code!r} is not in the catalog.")
    if a.kind is not AgreementKind.ARTICULATION:
        if not a.ferpa_clause.strip():
            add(
                "agreement-ferpa",
                Severity.WARNING,
                "has no data-sharing (FERPA) clause; say what student data the partners "
                "share and why (NACEP P2).",
            )
        for item in (CostItem.TUITION, CostItem.BOOKS, CostItem.TRANSPORT):
            if item not in a.payers:
                add(
                    "agreement-payer",
                    Severity.WARNING,
                    f"does not say who pays for {item.label.lower()}.",
                )
    if a.status is AgreementStatus.SIGNED and not a.signatories:
        add("agreement-signatories", Severity.ERROR, "is marked signed but lists no signatory.")
    if rules is not None:
        for delivery, rate in a.rates.items():
            for code in a.courses:
                course = courses.get(code)
                if course is None:
                    continue
                out.extend(
                    Finding(f.code, f.severity, a.where, f"{a.id}: {f.message}", f.data)
                    for f in check_rate(rate, CostItem.TUITION, course, delivery, rules, a.where)
                )
    if a.ends > a.starts and a.status is AgreementStatus.SIGNED:
        if today > a.ends:
            add("agreement-expired", Severity.WARNING, f"expired on {a.ends.isoformat()}.")
        elif today >= a.renewal_due():
            add(
                "agreement-renewal-due",
                Severity.INFO,
                f"ends on {a.ends.isoformat()}; start the renewal now "
                f"({a.renewal_notice_days} days' notice).",
            )
    return out


def renewals_due(
    agreements: Sequence[Agreement], *, today: date, within_days: int = 120
) -> list[Agreement]:
    """Signed agreements whose renewal notice date falls within ``within_days``."""
    horizon = today + timedelta(days=within_days)
    return sorted(
        (
            a
            for a in agreements
            if a.status is AgreementStatus.SIGNED and a.ends >= today and a.renewal_due() <= horizon
        ),
        key=lambda a: a.ends,
    )


# --------------------------------------------------------------------------- equipment


@dataclass(frozen=True)
class EquipmentUse:
    """One section's use of a piece of equipment in a year."""

    partner: str  # institution id that bears this use's share
    section: str
    adult: bool  # a college section of adult students
    students: int
    hours: float  # hours each student uses it in the year


@dataclass(frozen=True)
class Equipment:
    id: str
    name: str
    cost: float
    useful_life_years: int
    uses: tuple[EquipmentUse, ...]
    source: str = ""
    illustrative: bool = False
    where: Where = field(default_factory=Where)


@dataclass(frozen=True)
class EquipmentCost:
    """Annual cost = cost / useful life (straight line); per student-hour =
    annual cost / sum over uses of (students x hours); each partner's share =
    its student-hours / all student-hours."""

    equipment: Equipment
    annual_cost: float
    student_hours: float
    per_student_hour: float | None
    shares: Mapping[str, float]  # partner -> dollars per year


def equipment_costs(equipment: Equipment) -> EquipmentCost:
    annual = equipment.cost / equipment.useful_life_years if equipment.useful_life_years else 0.0
    hours_by_partner: dict[str, float] = {}
    for use in equipment.uses:
        hours_by_partner[use.partner] = hours_by_partner.get(use.partner, 0.0) + (
            use.students * use.hours
        )
    total = sum(hours_by_partner.values())
    shares = (
        {p: round(annual * h / total, 2) for p, h in sorted(hours_by_partner.items())}
        if total
        else {}
    )
    return EquipmentCost(
        equipment=equipment,
        annual_cost=round(annual, 2),
        student_hours=total,
        per_student_hour=round(annual / total, 4) if total else None,
        shares=shares,
    )


@dataclass(frozen=True)
class Redundancy:
    """A high-school course of the pathway that repeats one of its dual-credit courses
    (the validator's ``repeated-content`` finding) and what teaching it costs:
    ``per_year`` = ``sections_per_year`` x ``cost_per_section`` (a rule parameter), the
    cost the district avoids by letting the dual-credit course count instead."""

    course: str
    repeats: str
    message: str
    sections_per_year: int
    cost_per_section: float | None  # None: the rules give no cost of a high-school section

    @property
    def per_year(self) -> float | None:
        if self.cost_per_section is None:
            return None
        return round(self.sections_per_year * self.cost_per_section, 2)


def redundancies(
    findings: Sequence[Finding],
    *,
    cost_per_section: float | None,
    sections_per_year: int = 1,
) -> list[Redundancy]:
    """The ``repeated-content`` findings among ``findings`` (one pathway's), each once."""
    out: dict[tuple[str, str], Redundancy] = {}
    for f in findings:
        if f.code != "repeated-content":
            continue
        course = str(f.data.get("course") or f.where.course or "")
        repeats = str(f.data.get("repeats") or "")
        out.setdefault(
            (course, repeats),
            Redundancy(course, repeats, f.message, sections_per_year, cost_per_section),
        )
    return [out[k] for k in sorted(out)]


@dataclass(frozen=True)
class ProjectionYear:
    year: int
    sections: float
    equipment: float
    total: float
    avoidable: float = 0.0  # of ``total``: high-school courses repeating dual credit


@dataclass(frozen=True)
class Projection:
    """Five years of a pathway's cost: sections each year plus equipment's annual cost.

    ``per_credential`` = total / credentials expected; ``per_college_credit`` = total /
    college credits earned (students x credits each year); ``avoidable`` = the yearly
    cost of redundant high-school courses (:class:`Redundancy`) over the years, included
    in ``total``."""

    years: tuple[ProjectionYear, ...]
    total: float
    credentials_expected: float | None
    college_credits: float
    per_credential: float | None
    per_college_credit: float | None
    avoidable: float = 0.0


def projection(
    *,
    yearly_sections: float,
    yearly_equipment: float,
    yearly_college_credits: float,
    credentials_per_year: float | None,
    years: int = 5,
    growth: float = 0.0,
    yearly_avoidable: float = 0.0,
) -> Projection:
    """A flat (or ``growth``-per-year) projection; every input is shown with the output.

    ``yearly_avoidable`` is what redundant high-school courses cost a year: it is part
    of each year's total (the district pays it today) and shown apart."""
    rows = []
    for i in range(years):
        factor = (1 + growth) ** i
        sections = round(yearly_sections * factor, 2)
        avoidable = round(yearly_avoidable, 2)
        rows.append(
            ProjectionYear(
                year=i + 1,
                sections=sections,
                equipment=round(yearly_equipment, 2),
                total=round(sections + yearly_equipment + avoidable, 2),
                avoidable=avoidable,
            )
        )
    total = round(sum(r.total for r in rows), 2)
    credits = yearly_college_credits * years
    creds = credentials_per_year * years if credentials_per_year is not None else None
    return Projection(
        years=tuple(rows),
        total=total,
        credentials_expected=creds,
        college_credits=credits,
        per_credential=round(total / creds, 2) if creds else None,
        per_college_credit=round(total / credits, 2) if credits else None,
        avoidable=round(sum(r.avoidable for r in rows), 2),
    )
