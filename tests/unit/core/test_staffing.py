"""Staffing: qualification rules as data, bad input, activation, shortages, timeline."""

from __future__ import annotations

import shutil
from datetime import date, time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as hs

from careerpaths.core import staffing as st
from careerpaths.core.launch import LeadTime, MilestoneStatus, back_schedule
from careerpaths.core.model import Course, CreditUnit, Level
from careerpaths.demo.region import build_region
from careerpaths.io.errors import WorkspaceError
from careerpaths.staffing.files import DEMO_STAFFING, load_staffing, read_frameworks

ROOT = Path(__file__).parents[3]
TODAY = date(2026, 11, 23)


@pytest.fixture(scope="module")
def region():
    return build_region(students=0)


@pytest.fixture()
def folder(tmp_path: Path) -> Path:
    dest = tmp_path / "staffing"
    shutil.copytree(DEMO_STAFFING, dest)
    return dest


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, old
    path.write_text(text.replace(old, new))


def _check(data, region, ins: str, course: str) -> st.QualificationCheck:
    policy = data.policies["kirkwood"]
    return st.check_qualification(data.instructors[ins], region.course(course), policy, as_of=TODAY)


# ----------------------------------------------------------------- rules as data


def test_a_college_threshold_changed_in_data_changes_the_verdicts(folder, region) -> None:
    before = load_staffing(folder, region)
    assert _check(before, region, "ins-ruiz", "HSC-173").qualified  # 4 years, RN
    _edit(
        folder / "colleges.yaml",
        "requires: {licence: [RN], work_years: 2}",
        "requires: {licence: [RN], work_years: 5}",
    )
    after = load_staffing(folder, region)
    check = _check(after, region, "ins-ruiz", "HSC-173")
    assert not check.qualified
    assert check.best is not None
    assert check.best.missing == (
        "needs 1 more year of work experience in nurse aide (has 4 of 5)",
    )
    # Becker has 8 years: still qualified under the stricter rule
    assert _check(after, region, "ins-becker", "HSC-173").qualified


def test_a_college_without_its_own_rules_falls_back_to_its_accreditor(folder, region) -> None:
    # Kirkwood recorded as a SACSCOC college with no rules of its own for transfer courses
    text = (folder / "colleges.yaml").read_text()
    start = text.index("      transfer:\n        - id: masters-in-discipline")
    end = text.index("      technical:\n")
    text = text[:start] + text[end:]
    text = text.replace("accreditor: hlc", "accreditor: sacscoc")
    (folder / "colleges.yaml").write_text(text)
    data = load_staffing(folder, region)
    check = _check(data, region, "ins-kim", "MAT-156")  # master's in math ed, 12 hours
    assert not check.qualified
    assert check.framework == "SACSCOC Standard 6.2.a"
    assert {r.alternative.id: r.missing for r in check.results} == {
        "masters-in-discipline": (
            "needs a master's degree in mathematics "
            "(highest: a master's degree in mathematics education)",
        ),
        "masters-plus-18": ("needs 6 more graduate hours in mathematics (has 12 of 18)",),
    }
    assert "needs 6 more graduate hours in mathematics" in check.explain()


def test_the_check_names_the_rule_and_the_evidence(folder, region) -> None:
    data = load_staffing(folder, region)
    check = _check(data, region, "ins-natarajan", "HSC-173")
    assert check.qualified
    assert check.best is not None and check.best.alternative.id == "rn-two-years"
    assert check.best.evidence == (
        "10 years of work experience in nurse aide",
        "RN licence, valid to 2028-03-31",
    )
    kim = _check(data, region, "ins-kim", "MAT-156")
    assert kim.qualified and kim.needs_justification  # progress toward credentials


def test_packaged_frameworks_read_cleanly_with_sources() -> None:
    frameworks, errors = read_frameworks()
    assert errors == []
    assert set(frameworks) == {"sacscoc-6.2.a", "hlc"}
    assert all(f.source for f in frameworks.values())


# ----------------------------------------------------------------- bad input


def test_bad_input_gets_clear_findings(folder, region) -> None:
    _edit(
        folder / "instructors.yaml",
        "- {level: master, discipline: mathematics}\n",
        "- {level: master, discipline: mathematics}\n      - {level: bachelor}\n",
    )
    _edit(  # Natarajan's HSC-190 section moved onto her HSC-109 time
        folder / "sections.yaml",
        '- {days: [tue, thu], start: "10:00", end: "11:30"}',
        '- {days: [fri], start: "09:00", end: "10:30"}',
    )
    _edit(
        folder / "sections.yaml",
        "capacity: 30\n    room_capacity: 32",
        "capacity: 40\n    room_capacity: 32",
    )
    data = load_staffing(folder, region)
    got = {(f.code, f.severity.value) for f in data.findings}
    assert got == {
        ("degree-without-discipline", "error"),
        ("licence-expired", "warning"),
        ("instructor-overlap", "error"),
        ("section-over-room-capacity", "error"),
    }
    overlap = next(f for f in data.findings if f.code == "instructor-overlap")
    assert overlap.message == (
        "Instructor ins-natarajan is assigned to sections 2028SP-HSC109-LCRC (Fri 08:00-10:00) "
        "and 2028SP-HSC190-LCRC (Fri 09:00-10:30), which meet at the same time."
    )
    room = next(f for f in data.findings if f.code == "section-over-room-capacity")
    assert room.message == (
        "Section 2027FA-HSC205-LCRC: capacity 40 is more than the room holds (32)."
    )


def test_a_degree_without_discipline_counts_for_nothing() -> None:
    ins = st.Instructor("x", "X", "kennedy-hs", degrees=(st.Degree(st.DegreeLevel.MASTER, None),))
    course = Course(
        "MAT-156", "Statistics", "kirkwood", 3, CreditUnit.SEMESTER_HOUR, Level.POSTSECONDARY
    )
    fw = read_frameworks()[0]["sacscoc-6.2.a"]
    policy = st.CollegePolicy(
        "kirkwood", fw, disciplines={"MAT": "mathematics"}, transfer_subjects=frozenset({"MAT"})
    )
    assert not st.check_qualification(ins, course, policy, as_of=TODAY).qualified


def test_unreadable_values_are_load_errors_with_positions_and_nothing_loads(folder, region) -> None:
    _edit(
        folder / "instructors.yaml", "background_check: 2025-08-01", "background_check: last summer"
    )
    _edit(folder / "sections.yaml", "delivery: career_center", "delivery: by pigeon")
    with pytest.raises(WorkspaceError) as exc:
        load_staffing(folder, region)
    texts = [str(e) for e in exc.value.errors]
    assert texts[0] == (
        "staffing/instructors.yaml:13:23: 'last summer' is not a date (write it as YYYY-MM-DD)"
    )
    assert any("'by pigeon' is not one of: hs_teacher_adjunct" in t for t in texts)


# ----------------------------------------------------------------- activation, NACEP


def test_a_section_cannot_be_activated_without_the_orientation(folder, region) -> None:
    data = load_staffing(folder, region)
    section = next(s for s in data.sections if s.id == "2028SP-HSC173-LCRC-A")
    policy = data.policies["kirkwood"]
    ruiz = data.instructors["ins-ruiz"]
    args = dict(
        instructor=ruiz,
        check=st.check_qualification(ruiz, region.course("HSC-173"), policy, as_of=TODAY),
        policy=policy,
        as_of=TODAY,
    )
    found = st.activation_findings(section, approval=data.approvals["ins-ruiz"], **args)
    assert [f.code for f in found] == ["activation-orientation-missing"]
    done = data.approvals["ins-ruiz"]
    oriented = st.Approval(**{**done.__dict__, "oriented": {"HSC173": date(2027, 8, 1)}})
    assert st.activation_findings(section, approval=oriented, **args) == []


def test_nacep_dues_of_a_new_adjunct(folder, region) -> None:
    data = load_staffing(folder, region)
    dues = st.nacep_dues(data.approvals["ins-ruiz"], data.sections, data.terms)
    assert [(d.standard, d.due.isoformat(), d.section) for d in dues] == [
        ("F3", "2027-10-01", ""),
        ("F2", "2028-01-18", "2028SP-HSC173-LCRC-A"),
        ("C3", "2028-05-12", "2028SP-HSC173-LCRC-A"),
        ("E1", "2028-05-26", "2028SP-HSC173-LCRC-A"),
    ]
    assert dues[0].status(date(2027, 10, 2)) == "late"


# ----------------------------------------------------------------- shortages


def test_the_nursing_shortage_and_its_ranked_remedies(folder, region) -> None:
    from careerpaths.staffing import report

    data = load_staffing(folder, region)
    ctx = report.context(data, region, college="kirkwood", as_of=TODAY)
    demand = {("washington-hs", "HSC173"): 11, ("jefferson-hs", "HSC173"): 18}
    found = st.find_shortages(demand, ctx, term="2028-SP")
    by_school = {s.school: s for s in found}
    assert by_school["jefferson-hs"].reason == (
        "section 2028SP-HSC173-LCRC-A: Elena Ruiz (illustrative) has not done the course "
        "orientation"
    )
    assert by_school["washington-hs"].reason == "no section planned"
    remedies = [
        (r.kind.value, r.feasibility.value, r.instructor)
        for r in by_school["jefferson-hs"].remedies
    ]
    assert remedies == [
        ("assign_college_faculty", "needs_orientation", "ins-ruiz"),
        ("shared_career_center", "needs_orientation", "ins-ruiz"),
        ("non_traditional_time", "needs_approval", "ins-becker"),
        ("approve_hs_teacher", "needs_credentials", "ins-lee"),
        ("online", "not_feasible", None),
    ]
    # Natarajan is qualified but already teaches two sections that term
    assert all(r.instructor != "ins-natarajan" for r in by_school["jefferson-hs"].remedies)
    cand = {c.instructor: c.qualified for c in by_school["jefferson-hs"].candidates}
    assert cand == {
        "ins-becker": True, "ins-natarajan": True, "ins-ruiz": True, "ins-lee": False,
        "ins-kim": False, "ins-ortiz": False, "ins-whitfield": False,
    }  # fmt: skip
    jeff = by_school["jefferson-hs"].remedies[0]
    assert jeff.cost.amount == 18 * 3 * 217.0


def test_a_remedy_cost_function_plugs_in(folder, region) -> None:
    from careerpaths.staffing import report

    def flat(*, course, delivery, students):
        return st.CostEstimate(
            100.0 if delivery is st.SectionDelivery.CAREER_CENTER else 900.0, "flat"
        )

    data = load_staffing(folder, region)
    ctx = report.context(data, region, college="kirkwood", as_of=TODAY, cost=flat)
    found = st.find_shortages({("jefferson-hs", "HSC173"): 18}, ctx, term="2028-SP")
    kinds = [r.kind.value for r in found[0].remedies]
    assert kinds[:2] == ["shared_career_center", "assign_college_faculty"]


# ----------------------------------------------------------------- references


_DISC = ["mathematics", "nursing", "biology", "mathematics education"]
degrees = hs.lists(
    hs.builds(st.Degree, hs.sampled_from(list(st.DegreeLevel)), hs.sampled_from([*_DISC, None])),
    max_size=3,
)
instructors = hs.builds(
    st.Instructor,
    id=hs.uuids().map(str),
    name=hs.just("N"),
    employer=hs.just("kennedy-hs"),
    degrees=degrees.map(tuple),
    graduate_hours=hs.dictionaries(hs.sampled_from(_DISC), hs.integers(0, 40).map(float)),
    work_years=hs.dictionaries(hs.sampled_from(_DISC), hs.integers(0, 10).map(float)),
    licences=hs.lists(
        hs.builds(
            st.Licence, hs.sampled_from(["RN", "LPN"]), hs.dates(date(2025, 1, 1), date(2028, 1, 1))
        ),
        max_size=2,
    ).map(tuple),
)


@pytest.mark.slow
@settings(max_examples=60, deadline=None)
@given(people=hs.lists(instructors, min_size=1, max_size=5, unique_by=lambda i: i.id))
def test_check_matrix_agrees_with_the_per_pair_check(people) -> None:
    region = build_region(students=0)
    data = load_staffing(DEMO_STAFFING, region)
    policy = data.policies["kirkwood"]
    courses = [
        region.course(c) for c in ("HSC-173", "HSC-190", "MAT-156", "MAT-121", "BIO-168", "HSC-205")
    ]
    matrix = st.check_matrix(people, courses, policy, as_of=TODAY)
    for p in people:
        for c in courses:
            assert (
                matrix[(p.id, c.code)]
                == st.check_qualification(p, c, policy, as_of=TODAY).qualified
            )


@given(
    start=hs.dates(date(2026, 1, 1), date(2032, 12, 31)),
    months=hs.integers(0, 24),
    days=hs.integers(0, 60),
)
def test_back_schedule_counts_back_from_the_start(start, months, days) -> None:
    lead = LeadTime("x", "X", "counselor", months=months, days=days)
    (m,) = back_schedule([lead], start=start, target="course", as_of=start)
    # reference: walk back month by month, then day by day
    y, mo = start.year, start.month - months
    while mo < 1:
        y, mo = y - 1, mo + 12
    import calendar
    from datetime import timedelta

    ref = date(y, mo, min(start.day, calendar.monthrange(y, mo)[1])) - timedelta(days=days)
    assert m.due == ref
    assert m.status is (MilestoneStatus.LATE if ref < start else MilestoneStatus.AT_RISK)


def test_state_deadlines_apply_only_in_their_state(folder, region) -> None:
    data = load_staffing(folder, region)
    start = date(2027, 8, 23)
    ohio = back_schedule(data.lead_times, start=start, target="course", as_of=TODAY, state="OH")
    iowa = back_schedule(data.lead_times, start=start, target="course", as_of=TODAY, state="IA")
    extra = {m.lead.id: m.due.isoformat() for m in ohio}.keys() - {m.lead.id for m in iowa}
    assert extra == {"oh-information-session", "oh-student-notice"}
    due = {m.lead.id: m.due.isoformat() for m in ohio}
    assert due["oh-information-session"] == "2027-03-01"
    assert due["oh-student-notice"] == "2027-04-01"
    assert due["section-established"] == "2027-03-01"
    late = back_schedule(
        data.lead_times, start=start, target="pathway", as_of=TODAY, done={"instructor-recruitment"}
    )
    status = {m.lead.id: m.status.value for m in late}
    assert status["partnership-planning"] == "late"  # due 2026-08-23
    assert status["instructor-recruitment"] == "done"


def test_meetings_overlap_only_on_shared_days_and_times() -> None:
    a = st.Meeting(frozenset({"mon"}), time(8), time(9))
    assert a.overlaps(st.Meeting(frozenset({"mon", "wed"}), time(8, 30), time(10)))
    assert not a.overlaps(st.Meeting(frozenset({"mon"}), time(9), time(10)))  # back to back
    assert not a.overlaps(st.Meeting(frozenset({"tue"}), time(8), time(9)))


def test_every_staffing_code_is_documented() -> None:
    doc = (ROOT / "docs" / "staffing.md").read_text()
    for code in st.CODES:
        assert f"`{code}`" in doc, code


# ----------------------------------------------------------------- remedy costs (#16's rules)


def _iowa():
    from careerpaths.io.funding import bundled_partnership

    return bundled_partnership("cedar-rapids").rules


def test_remedy_costs_follow_the_funding_rules_per_delivery_model(folder, region) -> None:
    from careerpaths.core.funding import DeliveryModel, section_cost

    course = region.course("HSC-113")
    cost = st.FundingCost(_iowa())
    hs = cost(course=course, delivery=st.SectionDelivery.HS_TEACHER_ADJUNCT, students=20)
    faculty = cost(course=course, delivery=st.SectionDelivery.COLLEGE_FACULTY_AT_HS, students=20)
    # a district-employed teacher: no Iowa weighting; college faculty: weighting flows back
    assert hs.aid == 0 and faculty.aid > 0
    expected = section_cost(st.cost_facts(course), DeliveryModel.COLLEGE_FACULTY_AT_HS, 20, _iowa())
    assert faculty.paid == expected.total
    assert faculty.amount == round(expected.total - sum(expected.received.values()), 2)
    # each line names its rule and source
    rules = {line.rule: line.source_url for line in faculty.lines}
    assert rules["IA-TUITION-DISTRICT"] == "http://kirkwoodonlinenews.org/?p=5034"
    assert "CR-ADJUNCT" in rules and "CR-STIPEND" not in rules
    assert "CR-STIPEND" in {line.rule for line in hs.lines}
    assert faculty.rules.startswith("Iowa Senior Year Plus")
    d = faculty.as_dict()
    assert d["cost"] == faculty.amount and d["cost_lines"][0]["rule"] == "IA-TUITION-DISTRICT"


def test_a_funding_rule_changed_in_data_changes_the_remedy_costs(folder, region, tmp_path) -> None:
    from careerpaths.io.funding import PARTNERSHIPS_DIR, load_partnership
    from careerpaths.staffing import report

    part = tmp_path / "cr"
    shutil.copytree(PARTNERSHIPS_DIR / "cedar-rapids", part)
    data = load_staffing(folder, region)

    def first_cost(rules) -> float | None:
        ctx = report.context(data, region, college="kirkwood", as_of=TODAY,
                             cost=st.FundingCost(rules))  # fmt: skip
        found = st.find_shortages({("jefferson-hs", "HSC173"): 18}, ctx, term="2028-SP")
        return {r.kind: r.cost.amount for r in found[0].remedies}[
            st.RemedyKind.ASSIGN_COLLEGE_FACULTY
        ]

    before = first_cost(load_partnership(part).rules)
    _edit(part / "costs.yaml", "adjunct_pay_per_credit: {value: 800.0",
          "adjunct_pay_per_credit: {value: 1800.0")  # fmt: skip
    after = first_cost(load_partnership(part).rules)
    assert before is not None and after == before + 1000 * 3  # 3 credits


def test_the_college_s_state_picks_the_rules(region) -> None:
    from dataclasses import replace

    from careerpaths.core.model import Institution, InstitutionKind
    from careerpaths.staffing.costs import funding_for

    demo = funding_for(region, "kirkwood")
    assert demo.rules is not None and demo.rules.state == "IA" and "cedar-rapids" in demo.origin
    ohio = replace(region, institutions={
        **region.institutions,
        "sinclair": Institution("sinclair", "Sinclair", InstitutionKind.COLLEGE, state="OH"),
        "nowhere": Institution("nowhere", "Nowhere", InstitutionKind.COLLEGE),
    })  # fmt: skip
    assert funding_for(ohio, "sinclair").rules.id == "ohio-ccp"  # type: ignore[union-attr]
    none = funding_for(ohio, "nowhere")
    assert none.rules is None and none.cost() is st.tuition_cost
    assert funding_for(region, "kirkwood", choice="tuition").rules is None
    assert funding_for(region, "kirkwood", choice="texas-fast").rules.state == "TX"  # type: ignore[union-attr]


def test_a_small_group_is_costed_as_ten_students(folder, region) -> None:
    from careerpaths.staffing import report

    data = load_staffing(folder, region)
    ctx = report.context(
        data, region, college="kirkwood", as_of=TODAY, cost=st.FundingCost(_iowa())
    )
    found = st.find_shortages({("metro-hs", "HSC173"): 3}, ctx, term="2028-SP")
    remedy = next(r for r in found[0].remedies if r.kind is st.RemedyKind.ASSIGN_COLLEGE_FACULTY)
    assert "for 10 students" in remedy.cost.basis
    assert "fewer than 10 students: costed as 10" in remedy.cost.basis
    assert "3 students" not in remedy.cost.basis


def test_an_attacker_cannot_subtract_a_shared_total_to_find_a_hidden_school(folder, region) -> None:
    """The shared career-center section counts every school's students: shown exactly, a
    total less the other schools' shown counts gave a school's hidden count away. Whatever
    the hidden count (1 to 9), everything shown must be the same."""
    import json

    from careerpaths.core.privacy import SMALL_CELL
    from careerpaths.staffing import report

    data = load_staffing(folder, region)
    ctx = report.context(
        data, region, college="kirkwood", as_of=TODAY, cost=st.FundingCost(_iowa())
    )

    def shown(hidden: int, small_cell: int) -> str:
        demand = {("kennedy-hs", "HSC173"): 25, ("metro-hs", "HSC173"): hidden}
        found = st.find_shortages(demand, ctx, term="2028-SP", small_cell=small_cell)
        return json.dumps([report.shortage_dict(s, region) for s in found], sort_keys=True)

    protected = {shown(n, SMALL_CELL) for n in range(1, SMALL_CELL)}
    assert len(protected) == 1
    assert '"hidden": true' in next(iter(protected))
    # the attack works on the totals as they were
    assert len({shown(n, 0) for n in range(1, SMALL_CELL)}) == SMALL_CELL - 1
