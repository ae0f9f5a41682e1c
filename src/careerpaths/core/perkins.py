"""A Perkins V local budget checked line by line: allowable or not, why, and where the law says so.

The uses of funds, the special populations and the limits (administration share,
years of personnel) come from a :class:`PerkinsRules` read from data
(``careerpaths/data/funding/perkins-v.yaml``), so the statute references live with
the citations, not in code. Checks:

* a line without a use, or with a use the rules do not list: error ``budget-no-use``;
* tuition and fees for individual students: not allowable (``budget-tuition``)
  unless the line names a special population (Sec. 3(48)) and reduces or eliminates
  out-of-pocket costs;
* administration over the cap (``budget-admin-cap``), measured against the allocation;
* a cost paid from other funds last year: supplanting risk (``budget-supplant``);
* personnel funded over more than the rules' years (``budget-personnel-years``);
* a line that names no CLNA need, or an unknown one (``budget-need``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from careerpaths.core.findings import Finding, Severity, Where
from careerpaths.core.i18n import Text, text


class Allowability(StrEnum):
    ALLOWABLE = "allowable"
    NOT_ALLOWABLE = "not_allowable"
    REVIEW = "review"  # allowable only if a condition holds; a person must look

    @property
    def label(self) -> str:
        return {
            "allowable": text("Allowable"),
            "not_allowable": text("Not allowable"),
            "review": text("Needs review"),
        }[self.value]


@dataclass(frozen=True)
class PerkinsUse:
    id: str
    label: str
    reference: str  # e.g. "Perkins V Sec. 135(b)(2)"


@dataclass(frozen=True)
class PerkinsRules:
    uses: Mapping[str, PerkinsUse]
    special_populations: Mapping[str, str]  # id -> label (Sec. 3(48))
    admin_cap: float  # share of the allocation
    uses_reference: str
    admin_reference: str
    tuition_reference: str
    supplant_reference: str
    max_personnel_years: int
    personnel_reference: str
    source_url: str


@dataclass(frozen=True)
class BudgetLine:
    id: str
    description: str
    amount: float
    use: str | None
    need: str | None = None
    category: str = "other"  # personnel | equipment | tuition_fees | administration | ...
    special_population: str | None = None
    reduces_out_of_pocket: bool = False
    paid_from_other_funds_last_year: bool = False
    personnel_years: int | None = None
    illustrative: bool = False
    where: Where = field(default_factory=Where)


@dataclass(frozen=True)
class LineResult:
    line: BudgetLine
    status: Allowability
    reasons: tuple[str, ...]
    references: tuple[str, ...]
    use_label: str


@dataclass(frozen=True)
class BudgetCheck:
    allocation: float
    results: tuple[LineResult, ...]
    findings: tuple[Finding, ...]

    @property
    def total(self) -> float:
        return round(sum(r.line.amount for r in self.results), 2)

    @property
    def administration(self) -> float:
        return round(
            sum(r.line.amount for r in self.results if r.line.category == "administration"), 2
        )

    @property
    def allowable_total(self) -> float:
        return round(
            sum(r.line.amount for r in self.results if r.status is Allowability.ALLOWABLE), 2
        )


def check_budget(
    lines: Sequence[BudgetLine],
    rules: PerkinsRules,
    *,
    allocation: float,
    needs: Mapping[str, str],
) -> BudgetCheck:
    """Each line's allowability with reasons and statute references, plus findings."""
    findings: list[Finding] = []
    results: list[LineResult] = []

    def add(code: str, severity: Severity, line: BudgetLine, message: str) -> None:
        findings.append(
            Finding(
                code,
                severity,
                line.where,
                text("%(line)s: %(message)s", line=line.id, message=message),
            )
        )

    for line in lines:
        reasons: list[Text] = []
        refs: list[str] = []
        status = Allowability.ALLOWABLE
        use = rules.uses.get(line.use or "")
        if use is None:
            status = Allowability.NOT_ALLOWABLE
            if not line.use:
                msg = text("names no Section 135 use; every line must say which use it serves.")
            else:
                msg = text("use “%(use)s” is not a Section 135 use the rules list.", use=line.use)
            reasons.append(msg)
            refs.append(rules.uses_reference)
            add("budget-no-use", Severity.ERROR, line, msg)
        else:
            reasons.append(text("Serves %(use)s.", use=use.label))
            refs.append(use.reference)
        if line.category == "tuition_fees":
            pop = rules.special_populations.get(line.special_population or "")
            if pop is not None and line.reduces_out_of_pocket:
                reasons.append(
                    text(
                        "Tuition and fees reduce or eliminate out-of-pocket costs for a "
                        "special population (%(population)s).",
                        population=pop,
                    )
                )
            else:
                status = Allowability.NOT_ALLOWABLE
                msg = text(
                    "tuition and fees for individual students are not allowable, except to "
                    "reduce or eliminate out-of-pocket costs for a special population."
                )
                reasons.append(
                    text(
                        "Tuition and fees for individual students are not allowable, except to "
                        "reduce or eliminate out-of-pocket costs for a special population."
                    )
                )
                add("budget-tuition", Severity.ERROR, line, msg)
            refs.append(rules.tuition_reference)
        if line.paid_from_other_funds_last_year:
            if status is Allowability.ALLOWABLE:
                status = Allowability.REVIEW
            msg = text(
                "the district paid this cost from other funds last year: Perkins must "
                "supplement, not supplant; document why it is not supplanting."
            )
            reasons.append(
                text(
                    "The district paid this cost from other funds last year: Perkins must "
                    "supplement, not supplant; document why it is not supplanting."
                )
            )
            refs.append(rules.supplant_reference)
            add("budget-supplant", Severity.WARNING, line, msg)
        if (
            line.category == "personnel"
            and line.personnel_years is not None
            and line.personnel_years > rules.max_personnel_years
        ):
            if status is Allowability.ALLOWABLE:
                status = Allowability.REVIEW
            years = {"years": line.personnel_years, "most": rules.max_personnel_years}
            msg = text(
                "personnel funded for %(years)s years, more than %(most)s: show the plan to "
                "sustain the position.",
                **years,
            )
            reasons.append(
                text(
                    "Personnel funded for %(years)s years, more than %(most)s: show the plan "
                    "to sustain the position.",
                    **years,
                )
            )
            refs.append(rules.personnel_reference)
            add("budget-personnel-years", Severity.WARNING, line, msg)
        if not line.need:
            add(
                "budget-need",
                Severity.WARNING,
                line,
                text("names no need from the comprehensive local needs assessment (CLNA)."),
            )
            reasons.append(text("Names no CLNA need."))
        elif line.need not in needs:
            add(
                "budget-need",
                Severity.ERROR,
                line,
                text("need “%(need)s” is not in the CLNA's list of needs.", need=line.need),
            )
            reasons.append(text("Need “%(need)s” is not in the CLNA.", need=line.need))
        else:
            reasons.append(text("Answers CLNA need: %(need)s.", need=needs[line.need]))
        results.append(
            LineResult(
                line=line,
                status=status,
                reasons=tuple(reasons),
                references=tuple(dict.fromkeys(refs)),
                use_label=use.label if use else "",
            )
        )

    admin = sum(ln.amount for ln in lines if ln.category == "administration")
    if allocation > 0 and admin > rules.admin_cap * allocation + 1e-9:
        findings.append(
            Finding(
                "budget-admin-cap",
                Severity.ERROR,
                Where(),
                text(
                    "administration is %(admin)s, %(share)s of the %(allocation)s allocation; "
                    "the cap is %(cap)s (%(reference)s).",
                    admin=f"${admin:,.2f}",
                    share=f"{admin / allocation:.1%}",
                    allocation=f"${allocation:,.2f}",
                    cap=f"{rules.admin_cap:.0%}",
                    reference=rules.admin_reference,
                ),
                {"administration": admin, "cap": rules.admin_cap},
            )
        )
    total = sum(ln.amount for ln in lines)
    if allocation > 0 and total > allocation + 1e-9:
        findings.append(
            Finding(
                "budget-over-allocation",
                Severity.ERROR,
                Where(),
                text(
                    "the lines total %(total)s, more than the %(allocation)s allocation.",
                    total=f"${total:,.2f}",
                    allocation=f"${allocation:,.2f}",
                ),
            )
        )
    return BudgetCheck(allocation=allocation, results=tuple(results), findings=tuple(findings))
