"""Funding rules as data: the figures follow the rule files, and bad input is positioned."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from careerpaths.core.findings import Severity, Where
from careerpaths.core.funding import (
    CostItem,
    DeliveryModel,
    FormulaError,
    Party,
    check_rate,
    course_facts,
    evaluate,
    family_savings,
    section_cost,
)
from careerpaths.io.funding import (
    PARTNERSHIPS_DIR,
    RULES_DIR,
    FundingDataError,
    bundled_partnership,
    bundled_rule_ids,
    bundled_rules,
    load_partnership,
    load_rules,
    partnership_findings,
)

D = DeliveryModel
BIO = course_facts("BIO-168", "Anatomy and Physiology I", 4, tags=["gen-ed"])
WELD = course_facts("WLD-101", "Welding I", 3, tags=["cte"])


def _tuition(breakdown, party: Party) -> float:  # type: ignore[no-untyped-def]
    return sum(
        line.amount
        for line in breakdown.lines
        if line.item is CostItem.TUITION and line.payer is party
    )


# --------------------------------------------------------------------------- Ohio


@given(
    credits=st.integers(min_value=1, max_value=5),
    students=st.integers(min_value=1, max_value=40),
)
def test_ohio_ccp_matches_the_statute_formula_per_delivery_model(
    credits: int, students: int
) -> None:
    # ORC 3365.01: ceiling = 0.83 x 6,020 / 30 per credit; 3365.07: 50% at the high
    # school with college faculty, the floor (25%) with a high-school teacher.
    rules = bundled_rules("ohio-ccp")
    course = course_facts("X-1", "X", credits)
    ceiling = 0.83 * 6020 / 30 * credits * students
    expect = {
        D.COLLEGE_CAMPUS: ceiling,
        D.ONLINE: ceiling,
        D.COLLEGE_FACULTY_AT_HS: ceiling * 0.5,
        D.HS_TEACHER: ceiling * 0.25,
    }
    for delivery, amount in expect.items():
        b = section_cost(course, delivery, students, rules)
        assert _tuition(b, Party.DISTRICT) == pytest.approx(amount, abs=0.01)
        assert b.family == 0.0


def test_ohio_rate_outside_floor_and_ceiling_is_an_error() -> None:
    rules = bundled_rules("ohio-ccp")
    where = Where(file="agreements.yaml", line=7, column=5)
    low = check_rate(30.0, CostItem.TUITION, BIO, D.HS_TEACHER, rules, where)
    high = check_rate(200.0, CostItem.TUITION, BIO, D.COLLEGE_CAMPUS, rules, where)
    ok = check_rate(100.0, CostItem.TUITION, BIO, D.COLLEGE_FACULTY_AT_HS, rules, where)
    assert [f.code for f in low] == ["rate-below-floor"]
    assert [f.code for f in high] == ["rate-above-ceiling"]
    assert ok == []
    assert low[0].where == where and low[0].severity is Severity.ERROR
    assert low[0].data["floor"] == 41.64


# --------------------------------------------------------------------------- Iowa


def test_iowa_weighting_is_share_of_day_times_070_or_046_times_cost_per_pupil() -> None:
    rules = bundled_rules("iowa-syp")
    share = 1 / 7 / 2
    cte = section_cost(WELD, D.COLLEGE_CAMPUS, 10, rules, share_of_day=share)
    gen = section_cost(BIO, D.COLLEGE_CAMPUS, 10, rules, share_of_day=share)
    assert cte.received[Party.DISTRICT] == pytest.approx(share * 0.70 * 7862 * 10, abs=0.01)
    assert gen.received[Party.DISTRICT] == pytest.approx(share * 0.46 * 7862 * 10, abs=0.01)
    # a district-employed teacher's section is modelled as not weighted
    assert section_cost(WELD, D.HS_TEACHER, 10, rules).received == {}
    # free to students; the district pays the (illustrative) contract rate
    assert cte.family == 0.0
    assert _tuition(cte, Party.DISTRICT) == 217 * 3 * 10
    assert any(line.illustrative for line in cte.lines if line.item is CostItem.TUITION)


def test_family_savings_come_from_the_same_rules() -> None:
    rules = bundled_rules("iowa-syp")
    assert family_savings(BIO, D.HS_TEACHER, rules) == 217 * 4
    assert family_savings(BIO, D.HS_TEACHER, bundled_rules("ohio-ccp")) == 0.0  # no published rate


# --------------------------------------------------------------------------- Texas


def test_texas_fast_state_pays_eligible_students_and_others_at_most_the_rate() -> None:
    rules = bundled_rules("texas-fast")
    b = section_cost(BIO, D.HS_TEACHER, 20, rules)
    assert b.by_party[Party.STATE] == 55 * 4 * 20 * 0.5
    assert b.by_party[Party.FAMILY] == 55 * 4 * 20 * 0.5
    where = Where(file="a.yaml", line=1)
    assert [f.code for f in check_rate(60, CostItem.TUITION, BIO, D.ONLINE, rules, where)] == [
        "rate-above-ceiling"
    ]


# --------------------------------------------------------------------------- Indiana


def test_indiana_region_loads_validates_and_reports_under_its_own_rules() -> None:
    p = bundled_partnership("indianapolis")
    assert p.state == "IN" and p.rules.id.startswith("indiana")
    cna = p.courses["HLHS 107"]
    b = section_cost(cna, D.CAREER_CENTER, 20, p.rules)
    assert _tuition(b, Party.DISTRICT) == 25 * 5 * 20  # priority cap, district pays
    assert b.received[Party.DISTRICT] == 2 * 1065 * 20  # CTE grant, high value L2
    assert not any(line.rule.startswith("IA-") for line in b.lines)
    assert [f.code for f in partnership_findings(p, today=date(2026, 12, 6))] == ["agreement-ferpa"]


def _copy_indianapolis(tmp_path: Path) -> Path:
    folder = tmp_path / "indianapolis"
    shutil.copytree(PARTNERSHIPS_DIR / "indianapolis", folder)
    shutil.copy(RULES_DIR / "indiana.yaml", folder / "indiana.yaml")
    region = folder / "region.yaml"
    region.write_text(region.read_text().replace("rules: indiana", "rules: indiana.yaml"))
    return folder


def test_a_rule_change_in_data_changes_the_figures(tmp_path: Path) -> None:
    folder = _copy_indianapolis(tmp_path)
    before = load_partnership(folder)
    rules_file = folder / "indiana.yaml"
    rules_file.write_text(
        rules_file.read_text()
        .replace("priority_cap_per_credit: {value: 25.0", "priority_cap_per_credit: {value: 30.0")
        .replace("cte_high_l2: {value: 1065.0", "cte_high_l2: {value: 1100.0")
    )
    after = load_partnership(folder)
    cna_b = section_cost(before.courses["HLHS 107"], D.CAREER_CENTER, 20, before.rules)
    cna_a = section_cost(after.courses["HLHS 107"], D.CAREER_CENTER, 20, after.rules)
    assert _tuition(cna_a, Party.DISTRICT) - _tuition(cna_b, Party.DISTRICT) == 5 * 5 * 20
    assert cna_a.received[Party.DISTRICT] == 2 * 1100 * 20
    # the agreement's $25 rate still sits under the new cap: no new finding
    assert [f.code for f in partnership_findings(after, today=date(2026, 12, 6))] == [
        "agreement-ferpa"
    ]


def test_an_agreement_rate_over_the_priority_cap_is_found_with_its_line(tmp_path: Path) -> None:
    folder = _copy_indianapolis(tmp_path)
    agreements = folder / "agreements.yaml"
    agreements.write_text(
        agreements.read_text().replace("rates: {career_center: 25}", "rates: {career_center: 40}")
    )
    p = load_partnership(folder)
    found = [
        f
        for f in partnership_findings(p, today=date(2026, 12, 6))
        if f.code == "rate-above-ceiling"
    ]
    assert len(found) == 4  # one per course the agreement covers
    assert found[0].where.file == "indianapolis/agreements.yaml"
    assert found[0].where.line == 3


# --------------------------------------------------------------------------- bad input


def test_an_agreement_that_ends_before_it_starts_is_an_error_with_its_line(tmp_path: Path) -> None:
    folder = _copy_indianapolis(tmp_path)
    agreements = folder / "agreements.yaml"
    agreements.write_text(agreements.read_text().replace("ends: 2027-06-30", "ends: 2025-01-01"))
    p = load_partnership(folder)
    (f,) = [
        f for f in partnership_findings(p, today=date(2026, 12, 6)) if f.code == "agreement-dates"
    ]
    assert f.severity is Severity.ERROR
    assert (f.where.file, f.where.line) == ("indianapolis/agreements.yaml", 3)
    assert "ends on 2025-01-01, not after it starts on 2025-07-01" in f.message


def test_unusable_files_load_nothing_and_report_every_position(tmp_path: Path) -> None:
    folder = _copy_indianapolis(tmp_path)
    (folder / "budget.yaml").write_text(
        (folder / "budget.yaml").read_text().replace("amount: 4000,", "amount: four thousand,")
    )
    (folder / "equipment.yaml").write_text(
        (folder / "equipment.yaml")
        .read_text()
        .replace("useful_life_years: 8", "useful_life_years: 0")
    )
    with pytest.raises(FundingDataError) as exc:
        load_partnership(folder)
    got = sorted((e.file, e.line, e.column) for e in exc.value.errors)
    assert got == [
        ("indianapolis/budget.yaml", 11, 57),
        ("indianapolis/equipment.yaml", 5, 24),
    ]
    assert "'amount' must be a number, not 'four thousand'" in str(exc.value.errors)


def test_a_rules_file_with_an_unknown_name_or_no_source_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "rules.yaml"
    path.write_text(
        "id: x\nname: X\nstate: XX\nsources: {}\nparameters:\n  rate: 10\n"
        "rules:\n  - {id: A, item: tuition, payer: district, basis: per_student, formula: rate * fudge, source: S}\n"
        "  - {id: B, item: tuition, payer: nobody, basis: per_student, formula: rate}\n"
    )
    with pytest.raises(FundingDataError) as exc:
        load_rules(path)
    messages = [(e.line, e.reason) for e in exc.value.errors]
    assert (
        9,
        "'payer': 'nobody' is not one of: district, college, career_center, family, state",
    ) in messages


def test_unknown_names_and_missing_sources_are_positioned(tmp_path: Path) -> None:
    path = tmp_path / "rules.yaml"
    path.write_text(
        "id: x\nname: X\nstate: XX\nsources: {S: {url: 'https://example.org'}}\nparameters:\n"
        "  rate: 10\n"
        "rules:\n  - {id: A, item: tuition, payer: district, basis: per_student, formula: rate * fudge, source: S}\n"
    )
    with pytest.raises(FundingDataError) as exc:
        load_rules(path)
    reasons = [(e.file, e.line, e.reason) for e in exc.value.errors]
    assert ("rules.yaml", 8, "rule A: unknown name(s) fudge") in reasons
    assert any("parameter rate has no source" in r for _, _, r in reasons)


@pytest.mark.parametrize(
    "formula",
    ["__import__('os')", "rate.real", "rate ** 2", "[rate]", "lambda: 1", "rate if rate else 0"],
)
def test_the_formula_language_evaluates_only_arithmetic(formula: str) -> None:
    with pytest.raises(FormulaError):
        evaluate(formula, {"rate": 2.0})


@given(
    a=st.floats(min_value=-1e6, max_value=1e6, allow_nan=False),
    b=st.floats(min_value=0.5, max_value=1e6, allow_nan=False),
)
def test_formulas_agree_with_python_arithmetic(a: float, b: float) -> None:
    env = {"a": a, "b": b}
    assert evaluate("(a + b) * 2 - a / b", env) == pytest.approx((a + b) * 2 - a / b)
    assert evaluate("min(a, b) + max(a, b)", env) == pytest.approx(min(a, b) + max(a, b))


def test_every_bundled_rule_set_loads_and_every_figure_is_sourced_or_illustrative() -> None:
    assert set(bundled_rule_ids()) >= {"iowa-syp", "ohio-ccp", "texas-fast", "indiana"}
    for rid in bundled_rule_ids():
        rules = bundled_rules(rid)
        for rule in rules.rules:
            assert rule.illustrative or rules.source_url(rule.source).startswith("http")
        for param in rules.parameters.values():
            assert param.illustrative or rules.source_url(param.source).startswith("http")


# --------------------------------------------------------------------------- demo


def test_the_demo_partnership_courses_agree_with_the_demo_catalog() -> None:
    from careerpaths.demo.region import build_region

    region = build_region(students=0)
    p = bundled_partnership("cedar-rapids")
    placed = {pl.key for pl in region.pathways["health-nursing"].placements}
    for code, facts in p.courses.items():
        course = region.course(code)
        assert course is not None and course.key in placed, code
        assert (facts.title, facts.credits) == (course.title, course.credits)
        assert ("cte" in facts.tags) == ("cte" in course.tags)


def test_nursing_pathway_two_delivery_models_per_party_and_per_credit() -> None:
    from careerpaths.io.funding_report import compare

    p = bundled_partnership("cedar-rapids")
    hs, campus = compare(p, "health-nursing", [D.HS_TEACHER, D.COLLEGE_CAMPUS])
    credits = sum(p.courses[c].credits for c in p.pathways["health-nursing"].courses)
    assert hs.credits == campus.credits == credits == 27
    assert hs.by_party[Party.FAMILY] == campus.by_party[Party.FAMILY] == 0.0
    assert campus.per_credit == pytest.approx(campus.total / (24 * credits), abs=0.01)
    # campus adds transport and earns supplementary weighting; the HS model pays stipends
    assert campus.received[Party.DISTRICT] > 0 and hs.received == {}


def test_every_finding_code_is_documented() -> None:
    import re

    root = Path(__file__).resolve().parents[3]
    doc = (root / "docs" / "partnerships.md").read_text()
    codes: set[str] = set()
    for name in ("funding", "perkins", "partnerships"):
        text = (root / "src" / "careerpaths" / "core" / f"{name}.py").read_text()
        codes |= set(re.findall(r'"((?:rate|rule|agreement|budget)-[a-z0-9-]+)"', text))
    assert codes
    assert {c for c in codes if f"`{c}`" not in doc} == set()


# --------------------------------------------------------------------------- redundancy


def _repeating_findings():  # type: ignore[no-untyped-def]
    """The validator's findings for the mini pathway with HSX-101 repeating CIS-101."""
    from dataclasses import replace

    from careerpaths.core.model import Placement
    from careerpaths.core.validation import validate_pathway
    from tests.factories import hs, mini_region, t, with_placements

    region = mini_region()
    courses = dict(region.courses)
    courses["HSX101"] = hs("HSX-101", "ELECTIVE", equivalents=("CIS-101",))
    region = replace(region, courses=courses)
    p = with_placements(region, Placement("HSX-101", t("G10-FA")))
    return validate_pathway(p, region.courses, region.credentials, region.settings)


def test_redundant_high_school_courses_are_costed_by_the_rules(tmp_path: Path) -> None:
    from careerpaths.io.funding_report import pathway_projection, pathway_redundancy

    findings = _repeating_findings()
    assert "repeated-content" in {f.code for f in findings}
    folder = tmp_path / "cr"
    shutil.copytree(PARTNERSHIPS_DIR / "cedar-rapids", folder)
    p = load_partnership(folder)
    table, found = pathway_redundancy(p, "health-nursing", findings)
    (r,) = found
    assert (r.course, r.repeats, r.per_year) == ("HSX-101", "CIS-101", 6000.0)
    assert table.as_dicts()[0]["rule"] == "hs_section_cost"
    assert table.as_dicts()[0]["illustrative"] is True
    _, base = pathway_projection(p, "health-nursing", D.HS_TEACHER)
    shown, proj = pathway_projection(p, "health-nursing", D.HS_TEACHER, redundancy=found)
    assert proj.avoidable == 5 * 6000.0 and proj.total == round(base.total + 30000.0, 2)
    assert [row[3] for row in shown.rows] == [6000.0] * 5
    assert any("Avoidable over 5 years: $30,000.00" in n for n in shown.notes)
    # the cost of a high-school section is data: change it and the avoidable cost moves
    costs = folder / "costs.yaml"
    costs.write_text(
        costs.read_text().replace(
            "hs_section_cost: {value: 6000.0", "hs_section_cost: {value: 7500.0"
        )
    )
    (r,) = pathway_redundancy(load_partnership(folder), "health-nursing", findings)[1]
    assert r.per_year == 7500.0
    # rules without the parameter: the redundancy is shown, its cost is not invented
    costs.write_text(costs.read_text().replace("hs_section_cost", "unused_figure"))
    table, (r,) = pathway_redundancy(load_partnership(folder), "health-nursing", findings)
    assert r.per_year is None and "not computed" in table.notes[0]
    # no repeated content: nothing is flagged
    assert pathway_redundancy(p, "health-nursing", [])[1] == []
