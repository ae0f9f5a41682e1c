"""Perkins V budget checks and shared equipment."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from careerpaths.core.findings import Where
from careerpaths.core.partnerships import (
    Agreement,
    AgreementKind,
    AgreementStatus,
    Equipment,
    EquipmentUse,
    equipment_costs,
    projection,
    renewals_due,
)
from careerpaths.core.perkins import Allowability, BudgetLine, check_budget
from careerpaths.io.funding import bundled_partnership, load_perkins

RULES = load_perkins()
NEEDS = {"N1": "Too few credentials"}


def line(**kw: object) -> BudgetLine:
    base: dict[str, object] = {
        "id": "L1",
        "description": "x",
        "amount": 1000.0,
        "use": "equipment",
        "need": "N1",
        "where": Where(file="budget.yaml", line=4, column=5),
    }
    base.update(kw)
    return BudgetLine(**base)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("kw", "status", "codes"),
    [
        ({}, Allowability.ALLOWABLE, []),
        ({"use": None}, Allowability.NOT_ALLOWABLE, ["budget-no-use"]),
        ({"use": "parties"}, Allowability.NOT_ALLOWABLE, ["budget-no-use"]),
        (
            {"category": "tuition_fees", "use": "dual_enrollment"},
            Allowability.NOT_ALLOWABLE,
            ["budget-tuition"],
        ),
        (
            {
                "category": "tuition_fees",
                "use": "dual_enrollment",
                "special_population": "foster_care",
                "reduces_out_of_pocket": True,
            },
            Allowability.ALLOWABLE,
            [],
        ),
        (
            {
                "category": "tuition_fees",
                "use": "dual_enrollment",
                "special_population": "left-handed",
                "reduces_out_of_pocket": True,
            },
            Allowability.NOT_ALLOWABLE,
            ["budget-tuition"],
        ),
        ({"paid_from_other_funds_last_year": True}, Allowability.REVIEW, ["budget-supplant"]),
        (
            {"category": "personnel", "personnel_years": 4},
            Allowability.REVIEW,
            ["budget-personnel-years"],
        ),
        ({"category": "personnel", "personnel_years": 3}, Allowability.ALLOWABLE, []),
        ({"need": None}, Allowability.ALLOWABLE, ["budget-need"]),
        ({"need": "N9"}, Allowability.ALLOWABLE, ["budget-need"]),
    ],
)
def test_each_line_gets_a_status_reasons_and_positioned_findings(
    kw: dict[str, object], status: Allowability, codes: list[str]
) -> None:
    check = check_budget([line(**kw)], RULES, allocation=100_000, needs=NEEDS)
    (result,) = check.results
    assert result.status is status
    assert [f.code for f in check.findings] == codes
    assert all(f.where.line == 4 for f in check.findings)
    assert result.references  # every status cites the law (or the rule) it rests on


def test_nine_special_populations_from_section_3_48() -> None:
    assert len(RULES.special_populations) == 9


@given(
    allocation=st.integers(min_value=1_000, max_value=10_000_000),
    share=st.floats(min_value=0, max_value=0.2),
)
def test_administration_is_capped_at_five_percent(allocation: int, share: float) -> None:
    admin = round(allocation * share, 2)
    lines = [line(id="A", category="administration", use="administration", amount=admin)]
    check = check_budget(lines, RULES, allocation=allocation, needs=NEEDS)
    over = admin > 0.05 * allocation + 1e-9
    assert ("budget-admin-cap" in [f.code for f in check.findings]) == over


def test_the_demo_budget_shows_allowable_and_not_allowable_lines() -> None:
    from careerpaths.io.funding_report import budget_check

    check = budget_check(bundled_partnership("cedar-rapids"), RULES)
    assert check is not None
    status = {r.line.id: r.status for r in check.results}
    assert status["L4"] is Allowability.ALLOWABLE  # special population, out-of-pocket
    assert status["L5"] is Allowability.NOT_ALLOWABLE  # tuition for everyone
    assert status["L6"] is Allowability.REVIEW  # fourth year of a position
    assert status["L7"] is Allowability.REVIEW  # supplanting risk


@given(
    cost=st.floats(min_value=100, max_value=1e6),
    life=st.integers(min_value=1, max_value=20),
    uses=st.lists(
        st.tuples(st.sampled_from(["hs", "college"]), st.integers(1, 40), st.floats(1, 200)),
        min_size=1,
        max_size=6,
    ),
)
def test_equipment_shares_add_up_to_the_annual_cost(
    cost: float, life: int, uses: list[tuple[str, int, float]]
) -> None:
    eq = Equipment(
        id="e",
        name="e",
        cost=cost,
        useful_life_years=life,
        uses=tuple(
            EquipmentUse(p, f"s{i}", p == "college", n, h) for i, (p, n, h) in enumerate(uses)
        ),
    )
    c = equipment_costs(eq)
    assert sum(c.shares.values()) == pytest.approx(cost / life, abs=0.01 * len(uses))
    hours = sum(n * h for _, n, h in uses)
    assert c.per_student_hour == pytest.approx(cost / life / hours, rel=1e-3, abs=1e-4)


def test_projection_per_credit_and_per_credential() -> None:
    proj = projection(
        yearly_sections=100_000,
        yearly_equipment=5_000,
        yearly_college_credits=500,
        credentials_per_year=10,
    )
    assert proj.total == 525_000
    assert proj.per_college_credit == 210.0
    assert proj.per_credential == 10_500.0


def test_renewals_due_lists_signed_agreements_within_the_window() -> None:
    def agreement(aid: str, ends: date, status: AgreementStatus) -> Agreement:
        return Agreement(
            aid, AgreementKind.MOU, aid, ("a", "b"), date(2024, 1, 1), ends, status=status
        )

    due = renewals_due(
        [
            agreement("soon", date(2027, 3, 1), AgreementStatus.SIGNED),
            agreement("later", date(2028, 3, 1), AgreementStatus.SIGNED),
            agreement("draft", date(2027, 3, 1), AgreementStatus.DRAFT),
        ],
        today=date(2026, 12, 6),
    )
    assert [a.id for a in due] == ["soon"]


# --------------------------------------------------------------------------- agreement data

_text = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=30)
_day = st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 1, 1))


@st.composite
def _agreements(draw: st.DrawFn) -> Agreement:
    from careerpaths.core.funding import CostItem, DeliveryModel, Party
    from careerpaths.core.partnerships import Signatory

    ids = st.from_regex(r"[a-z][a-z0-9-]{0,15}", fullmatch=True)
    return Agreement(
        id=draw(ids),
        kind=draw(st.sampled_from(AgreementKind)),
        title=draw(_text.filter(str.strip)),
        parties=tuple(draw(st.lists(ids, max_size=3))),
        starts=draw(_day),
        ends=draw(_day),
        courses=tuple(draw(st.lists(ids, max_size=3))),
        deliveries=tuple(draw(st.lists(st.sampled_from(DeliveryModel), unique=True))),
        payers=draw(st.dictionaries(st.sampled_from(CostItem), st.sampled_from(Party))),
        rates=draw(
            st.dictionaries(
                st.sampled_from(DeliveryModel),
                st.floats(min_value=0, max_value=1e5, allow_nan=False),
            )
        ),
        instructor_provider=draw(st.none() | st.sampled_from(Party)),
        ferpa_clause=draw(_text),
        data_shared=tuple(draw(st.lists(ids, max_size=3))),
        signatories=tuple(
            draw(
                st.lists(
                    st.builds(
                        Signatory,
                        name=_text.filter(str.strip),
                        title=_text,
                        institution=ids,
                        signed_on=st.none() | _day,
                    ),
                    max_size=2,
                )
            )
        ),
        status=draw(st.sampled_from(AgreementStatus)),
        renewal_notice_days=draw(st.integers(min_value=1, max_value=3650)),
        illustrative=draw(st.booleans()),
    )


@given(_agreements())
def test_an_agreement_survives_the_database_and_the_file(agreement: Agreement) -> None:
    # the web app stores agreement_to_data; an export writes agreements_yaml; both read back
    import json

    from careerpaths.io.funding import (
        _agreements as read_agreements,
    )
    from careerpaths.io.funding import (
        _Reader,
        agreement_from_data,
        agreement_to_data,
        agreements_yaml,
    )
    from careerpaths.io.yamldoc import yaml_doc

    data = json.loads(json.dumps(agreement_to_data(agreement)))  # a JSON column
    back, errors = agreement_from_data(data)
    assert errors == {} and back == agreement
    doc = yaml_doc(agreements_yaml([data]), "agreements.yaml")
    (from_file,) = read_agreements(doc, _Reader(doc))
    assert not doc.errors and replace(from_file, where=Where()) == agreement
