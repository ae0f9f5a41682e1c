"""The CP-SAT planner against a brute force and an independent checker.

The checker below is written again from the rules (not shared with the planner): every
placed course after its prerequisites, in a season it is offered, inside its grade window,
no term over its load, every required course placed once.
"""

from __future__ import annotations

import itertools
from dataclasses import replace

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from careerpaths.core.model import Course, CreditUnit, Level, Pathway, Placement
from careerpaths.core.planning import (
    PlanProblem,
    PlanStatus,
    PlanTerm,
    check_plan,
    template_problem,
)
from careerpaths.core.requisites import AllOf, AnyOf, CourseReq, Expr
from careerpaths.core.terms import Season, Term, term_grid
from careerpaths.core.validation import validate_pathway
from careerpaths.planner.cpsat import solve
from careerpaths.planner.uses import fill_pathway
from tests.factories import mini_region, t

GRID = [x for x in term_grid(first_grade=9, last_grade=10)]  # G9-FA .. G10-SP


def _course(
    i: int,
    college: bool,
    pre: Expr | None,
    seasons: frozenset[Season],
    window: tuple[int | None, int | None],
) -> Course:
    return Course(
        code=f"C-{100 + i}",
        title=f"Course {i}",
        provider="p",
        credits=3 if college else 1,
        unit=CreditUnit.SEMESTER_HOUR if college else CreditUnit.HS_CREDIT,
        level=Level.POSTSECONDARY if college else Level.SECONDARY,
        hs_credits=1 if college else None,
        terms_offered=seasons,
        grade_min=window[0],
        grade_max=window[1],
        prerequisites=pre,
    )


@st.composite
def problems(draw: st.DrawFn) -> PlanProblem:
    n = draw(st.integers(1, 5))
    courses = []
    for i in range(n):
        earlier = [CourseReq(f"C-{100 + j}") for j in range(i)]
        pre: Expr | None = None
        if earlier and draw(st.booleans()):
            picked = draw(st.lists(st.sampled_from(earlier), min_size=1, max_size=2, unique=True))
            pre = (
                picked[0]
                if len(picked) == 1
                else draw(st.sampled_from([AllOf(tuple(picked)), AnyOf(tuple(picked))]))
            )
        seasons = draw(
            st.sampled_from(
                [
                    frozenset({Season.FALL, Season.SPRING}),
                    frozenset({Season.FALL}),
                    frozenset({Season.SPRING}),
                ]
            )
        )
        window = draw(st.sampled_from([(None, None), (10, None), (None, 9)]))
        courses.append(_course(i, draw(st.booleans()), pre, seasons, window))
    cap = draw(st.integers(1, 3))
    terms = tuple(PlanTerm(x, 18.0, float(cap)) for x in GRID)
    keys = {c.key: c for c in courses}
    return PlanProblem(terms=terms, courses=keys, required=frozenset(keys))


def _independent_ok(problem: PlanProblem, assign: dict[str, Term]) -> bool:
    def has(expr: Expr | None, before: Term) -> bool:
        if expr is None:
            return True
        if isinstance(expr, CourseReq):
            return expr.key in assign and assign[expr.key] < before
        if isinstance(expr, AllOf):
            return all(has(e, before) for e in expr.items)
        assert isinstance(expr, AnyOf)
        return any(has(e, before) for e in expr.items)

    load: dict[Term, float] = {}
    for key, term in assign.items():
        c = problem.courses[key]
        if term.season not in c.terms_offered:
            return False
        if (c.grade_min and term.grade < c.grade_min) or (c.grade_max and term.grade > c.grade_max):
            return False
        if not has(c.prerequisites, term):
            return False
        load[term] = load.get(term, 0) + 1  # every generated course weighs one semester course
    cap = problem.terms[0].max_hs_courses or 0
    return all(v <= cap for v in load.values()) and set(assign) == set(problem.required)


def _brute_force_fewest_terms(problem: PlanProblem) -> int | None:
    keys = sorted(problem.courses)
    best = None
    for combo in itertools.product(range(len(GRID)), repeat=len(keys)):
        assign = {k: GRID[i] for k, i in zip(keys, combo, strict=True)}
        if _independent_ok(problem, assign):
            used = max(combo) + 1
            best = used if best is None else min(best, used)
    return best


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems())
def test_plans_respect_every_rule_and_use_the_fewest_terms(problem: PlanProblem) -> None:
    result = solve(problem, time_limit=10)
    best = _brute_force_fewest_terms(problem)
    if best is None:
        assert result.status is PlanStatus.INFEASIBLE
        assert result.findings[0].code == "plan-infeasible"
        assert any(f.code == "plan-conflict" for f in result.findings)
        return
    assert result.status is PlanStatus.OPTIMAL
    assert result.plan is not None
    assign = result.plan.term_of()
    assert _independent_ok(problem, assign)
    assert check_plan(problem, result.plan) == []
    assert result.plan.score.terms == best


#   A (fall only) ──prereq──> B (fall only), both locked in one grade-9 fall: no plan
def test_an_infeasible_plan_names_the_conflicting_constraints() -> None:
    a = _course(0, False, None, frozenset({Season.FALL}), (None, None))
    b = _course(1, False, CourseReq("C-100"), frozenset({Season.FALL}), (None, None))
    problem = PlanProblem(
        terms=tuple(PlanTerm(x, 18.0, 8.0) for x in GRID[:2]),  # G9 fall and spring only
        courses={a.key: a, b.key: b},
        required=frozenset({a.key, b.key}),
    )
    result = solve(problem)
    assert result.status is PlanStatus.INFEASIBLE
    head, *conflicts = result.findings
    assert head.code == "plan-infeasible"
    messages = {f.message for f in conflicts}
    assert "C-101 needs first C-100" in messages
    assert "C-101 is offered only in fall" in messages
    assert all(f.code == "plan-conflict" for f in conflicts)


def test_a_lock_outside_the_offered_season_is_named() -> None:
    a = _course(0, False, None, frozenset({Season.FALL}), (None, None))
    problem = PlanProblem(
        terms=tuple(PlanTerm(x, 18.0, 8.0) for x in GRID),
        courses={a.key: a},
        required=frozenset({a.key}),
        locks={a.key: t("G9-SP")},
    )
    result = solve(problem)
    assert result.status is PlanStatus.INFEASIBLE
    messages = {f.message for f in result.findings[1:]}
    assert messages == {"C-100 is locked in Grade 9 Spring", "C-100 is offered only in fall"}


def test_the_mini_pathway_is_filled_from_an_empty_grid_and_validates_clean() -> None:
    region = mini_region()
    empty = replace(region.pathways["it"], placements=())
    fill = fill_pathway(empty, region, keep=False)
    assert fill.result.status is PlanStatus.OPTIMAL
    assert fill.pathway is not None
    assert check_plan(fill.problem, fill.result.plan) == []  # type: ignore[arg-type]
    errors = [f for f in fill.findings if f.severity.value == "error"]
    assert errors == []
    assert fill.clean


def test_a_locked_course_stays_and_an_unneeded_one_is_kept_where_it_was() -> None:
    region = mini_region()
    pathway = region.pathways["it"]
    fill = fill_pathway(pathway, region, locked=["CIS-130"])
    assert fill.result.plan is not None
    where = fill.result.plan.term_of()
    assert where["CIS130"] == t("G12-SP")


def test_an_exit_too_early_for_its_credential_is_explained() -> None:
    #   the certificate needs CIS-101 (grade 11 and up) then CIS-102: not by grade 10 spring
    region = mini_region()
    p = region.pathways["it"]
    early = replace(p, exits=(replace(p.exits[0], term=t("G10-SP")), p.exits[1]))
    fill = fill_pathway(early, region)
    assert fill.result.status is PlanStatus.INFEASIBLE
    text = " ".join(f.message for f in fill.result.findings)
    assert "IT Support Certificate must be earned by Grade 10 Spring" in text


def test_a_course_of_another_district_is_left_out_and_reported() -> None:
    region = mini_region()
    other = replace(region.courses["HSE101"], code="LMENG-100A", provider="other-district")
    courses = {**region.courses, other.key: other}
    from careerpaths.core.model import Institution, InstitutionKind

    institutions = {
        **region.institutions,
        "other-district": Institution("other-district", "Linn-Mar", InstitutionKind.DISTRICT),
        "hs9": Institution("hs9", "Linn-Mar HS", InstitutionKind.HIGH_SCHOOL, "other-district"),
    }
    region = replace(region, courses=courses, institutions=institutions)
    p: Pathway = replace(
        region.pathways["it"],
        placements=(*region.pathways["it"].placements, Placement("LMENG-100A", t("G9-FA"))),
    )
    problem, notes = template_problem(p, region)
    assert "LMENG100A" not in problem.courses
    assert [n.code for n in notes] == ["plan-unknown-course"]
    findings = validate_pathway(
        p, region.courses, region.credentials, region.settings, region.institutions
    )
    (f,) = [f for f in findings if f.code == "course-out-of-reach"]
    assert f.where.course == "LMENG-100A"


def test_an_at_risk_senior_gets_a_plan_to_graduation_with_the_retake() -> None:
    #   grade 12 fall, failed HSM-102: the diploma (2 ELA + 2 MATH) needs it again
    from careerpaths.core.model import Attempt, Student
    from careerpaths.planner.uses import plan_student

    region = mini_region()
    passed = [
        Attempt(c, t(term), "B", 1.0)
        for c, term in (("HSE-101", "G9-FA"), ("HSE-102", "G10-FA"), ("HSM-101", "G9-SP"))
    ]
    failed = Attempt("HSM-102", t("G11-SP"), "F", 0.0)
    student = Student("SYN-1", "hs1", 12, 2027, attempts=(*passed, failed), synthetic=True)
    sp = plan_student(student, region, now=t("G12-FA"))
    assert sp.result.status is PlanStatus.OPTIMAL
    assert sp.result.plan is not None
    assert [(c.code, c.term.id) for c in sp.result.plan.placements] == [("HSM-102", "G12-SP")]
    assert check_plan(sp.problem, sp.result.plan) == []


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems())
def test_the_terms_left_out_of_the_model_are_never_used_by_a_valid_plan(
    problem: PlanProblem,
) -> None:
    """The model holds a course's variables only in the terms of its domain (offered, in its
    window, its prerequisites able to come first): every assignment the independent checker
    accepts, found by brute force, keeps each course inside its domain."""
    from careerpaths.planner.cpsat import _domains

    keys = sorted(problem.courses)
    domains = _domains(problem, keys)
    grid = [pt.term for pt in problem.terms]
    for combo in itertools.product(range(len(grid)), repeat=len(keys)):
        assign = {k: grid[i] for k, i in zip(keys, combo, strict=True)}
        if _independent_ok(problem, assign):
            for k, i in zip(keys, combo, strict=True):
                assert i in domains[k], (k, grid[i].id, domains[k])


def test_the_balance_figure_takes_only_the_values_a_term_load_can_sum_to() -> None:
    from careerpaths.planner.cpsat import fill_values

    # a term of 8 semester courses (800 hundredths) holding a 1.00 and a 1.34 course:
    # loads 0, 100, 134, 234 -> thousandths 0, 125, 168 (167.5 up), 293 (292.5 up)
    assert fill_values([(800, [(100, "a"), (134, "b")])]) == [0, 125, 168, 293]
    # a load over the term's limit is no value (the limit is the figure's 1000)
    assert fill_values([(100, [(100, "a"), (134, "b")])]) == [0, 1000]


def test_plans_are_as_good_as_with_every_term_in_the_model() -> None:
    """The mini pathway filled from empty scores the same with the reduced model as with
    every term a course is offered in and open to (no reduction by requisites or by the last
    term a course can serve)."""
    import careerpaths.planner.cpsat as cpsat

    region = mini_region()
    problem, _ = template_problem(replace(region.pathways["it"], placements=()), region, keep=False)
    reduced = solve(problem)
    original = cpsat._reduced
    try:
        cpsat._reduced = lambda p, keys, *_: {  # type: ignore[assignment]
            k: [i for i, pt in enumerate(p.terms) if p.allowed_in(p.courses[k], pt.term) is None]
            for k in keys
        }
        widened = solve(problem)
    finally:
        cpsat._reduced = original
    assert reduced.status is widened.status is PlanStatus.OPTIMAL
    assert reduced.plan is not None and widened.plan is not None
    a, b = reduced.plan.score, widened.plan.score
    assert (a.terms, a.max_fill, a.moves, a.courses) == (b.terms, b.max_fill, b.moves, b.courses)
    assert check_plan(problem, reduced.plan) == []


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.integers(0, 60), min_size=1, max_size=12, unique=True).map(sorted),
    st.data(),
)
def test_the_balance_search_returns_the_least_value_with_a_plan(
    candidates: list[int], data: st.DataObject
) -> None:
    """search_down against the answer it must find: an oracle with a plan at and above a
    threshold (each found plan's figure anywhere between the threshold and the value asked)
    and none below it."""
    from careerpaths.planner.cpsat import search_down

    least = data.draw(st.sampled_from(candidates))
    start = data.draw(st.sampled_from([v for v in candidates if v >= least]))
    asked: list[int] = []

    def feasible(v: int) -> int | None:
        asked.append(v)
        if v < least:
            return None
        return data.draw(st.sampled_from([x for x in candidates if least <= x <= v]))

    assert search_down(candidates, start, feasible) == (least, True)
    assert all(v in candidates for v in asked)
    assert len(asked) <= len([v for v in candidates if least <= v <= start])


def test_the_balance_search_is_unproven_when_time_runs_out() -> None:
    from careerpaths.planner.cpsat import search_down

    def feasible(v: int) -> int | None:
        raise TimeoutError

    assert search_down([1, 2, 3], 3, feasible) == (3, False)
    assert search_down([1, 2, 3], 1, feasible) == (1, True)  # nothing below: proven


def _reference_score(problem: PlanProblem) -> tuple[int, float, int, int]:
    """The score of the plan model's order by one full minimisation per pair of criteria
    (the planner's earlier way: the balance solve proves its own optimum)."""
    from ortools.sat.python import cp_model

    from careerpaths.core.planning import score
    from careerpaths.planner.cpsat import _Builder, _solver

    builder = _Builder(problem, explain=False)
    built = builder.build(objective=True)
    solver = _solver(10, 1)
    for _, expr in builder.stages:
        built.model.minimize(expr)
        assert solver.solve(built.model) == cp_model.OPTIMAL
        built.model.add(expr <= round(solver.objective_value))
    placed = [
        (k, problem.terms[i].term)
        for k, row in built.x.items()
        for i, v in enumerate(row)
        if v is not False and solver.value(v)
    ]
    s = score(problem, placed)
    return s.terms, s.max_fill, s.moves, s.courses


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems(), st.sampled_from([0.0, 0.05]))
def test_the_balance_search_scores_as_the_full_minimisation(
    problem: PlanProblem, budget: float
) -> None:
    """With no budget for the balance minimisation (every figure proven by the feasibility
    checks, from the first solve's plan down) or the default one, the plan scores as the
    full minimisation's."""
    import careerpaths.planner.cpsat as cpsat

    original = cpsat.BALANCE_BUDGET
    try:
        cpsat.BALANCE_BUDGET = budget
        result = solve(problem, time_limit=10, explain=False)
    finally:
        cpsat.BALANCE_BUDGET = original
    if result.status is PlanStatus.INFEASIBLE:
        return
    assert result.status is PlanStatus.OPTIMAL
    assert result.plan is not None
    assert check_plan(problem, result.plan) == []
    s = result.plan.score
    assert (s.terms, s.max_fill, s.moves, s.courses) == _reference_score(problem)


def test_a_filled_grid_kept_close_scores_as_the_full_minimisation() -> None:
    """The mini pathway with its grid kept (moves counted), the balance found by the checks
    alone: the same score as the full minimisation."""
    import careerpaths.planner.cpsat as cpsat

    region = mini_region()
    for keep, placements in ((True, region.pathways["it"].placements), (False, ())):
        problem, _ = template_problem(
            replace(region.pathways["it"], placements=placements), region, keep=keep
        )
        original = cpsat.BALANCE_BUDGET
        try:
            cpsat.BALANCE_BUDGET = 0.0
            result = solve(problem)
        finally:
            cpsat.BALANCE_BUDGET = original
        assert result.status is PlanStatus.OPTIMAL
        assert result.plan is not None
        s = result.plan.score
        assert (s.terms, s.max_fill, s.moves, s.courses) == _reference_score(problem)


@st.composite
def goal_problems(draw: st.DrawFn) -> PlanProblem:
    """Small catalogs where what must be placed comes from credentials (a course named, a
    number of credits from a list, n of some children), each with a deadline or none, some
    courses required, locked or placed before, prerequisites and corequisites between them,
    and sometimes college credits asked for in high school: the cases the last useful term
    of a course depends on."""
    from careerpaths.core.model import Credential, CredentialKind
    from careerpaths.core.planning import Goal
    from careerpaths.core.requirements import AllOf as ReqAll
    from careerpaths.core.requirements import CourseNode, Credits, NOf, Requirement, Selector

    base = draw(problems())
    courses = dict(base.courses)
    keys = sorted(courses)
    for k in keys:  # fewer seasons and windows than problems(), some corequisites
        if draw(st.booleans()):
            courses[k] = replace(
                courses[k],
                grade_min=None,
                grade_max=None,
                terms_offered=frozenset({Season.FALL, Season.SPRING}),
            )
        earlier = [x for x in keys if x < k]
        if earlier and draw(st.integers(0, 3)) == 0:
            courses[k] = replace(courses[k], corequisites=CourseReq(draw(st.sampled_from(earlier))))
    grid = [pt.term for pt in base.terms]

    def leaf() -> Requirement:
        if draw(st.booleans()):
            return CourseNode(draw(st.sampled_from(keys)))
        chosen = draw(st.lists(st.sampled_from(keys), min_size=1, max_size=3, unique=True))
        return Credits(float(draw(st.integers(1, len(chosen)))), Selector(courses=tuple(chosen)))

    goals = []
    for g in range(draw(st.integers(1, 2))):
        children = tuple(leaf() for _ in range(draw(st.integers(1, 3))))
        root: Requirement = (
            ReqAll(children)
            if draw(st.integers(0, 2)) == 0
            else NOf(draw(st.integers(1, len(children))), children)
        )
        cred = Credential(
            f"cred-{g}", f"Credential {g}", CredentialKind.CERTIFICATE, "p", None, root
        )
        goals.append(Goal(cred, draw(st.sampled_from([None, None, *grid[1:]]))))
    required = frozenset(draw(st.lists(st.sampled_from(keys), max_size=2, unique=True)))
    locks = {}
    previous = {}
    for k in keys:
        choice = draw(st.integers(0, 9))
        allowed = [x for x in grid if problem_allows(base, courses[k], x)]
        if choice == 0 and allowed:
            locks[k] = draw(st.sampled_from(allowed))
        if choice <= 3 and allowed:
            previous[k] = locks.get(k) or draw(st.sampled_from(allowed))
    return replace(
        base,
        courses=courses,
        required=required | frozenset(locks),
        goals=tuple(goals),
        locks=locks,
        previous=previous,
        min_college_hours_in_high_school=float(draw(st.sampled_from([0, 0, 0, 3]))),
        exclusive=draw(st.booleans()),
    )


def problem_allows(problem: PlanProblem, course: Course, term: Term) -> bool:
    return problem.allowed_in(course, term) is None


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(goal_problems())
def test_the_last_useful_term_of_each_course_keeps_the_best_score(problem: PlanProblem) -> None:
    """The model without the terms after a course's last useful term (and its domain shrunk
    again from there) finds plans scoring exactly as the model with every term a course is
    offered in and open to, or proves there is none in both."""
    import careerpaths.planner.cpsat as cpsat

    reduced = solve(problem, time_limit=10, explain=False)
    original = cpsat._reduced
    try:
        cpsat._reduced = lambda p, keys, *_: {  # type: ignore[assignment]
            k: [i for i, pt in enumerate(p.terms) if p.allowed_in(p.courses[k], pt.term) is None]
            for k in keys
        }
        widened = solve(problem, time_limit=10, explain=False)
    finally:
        cpsat._reduced = original
    assert reduced.status is widened.status
    assert reduced.status in (PlanStatus.OPTIMAL, PlanStatus.INFEASIBLE)
    if reduced.plan is None or widened.plan is None:
        assert reduced.plan is widened.plan is None
        return
    assert check_plan(problem, reduced.plan) == []
    a, b = reduced.plan.score, widened.plan.score
    assert (a.terms, a.max_fill, a.moves, a.courses) == (b.terms, b.max_fill, b.moves, b.courses)


def test_a_course_is_held_only_up_to_the_last_term_it_can_serve() -> None:
    """A prerequisite of a course due by grade 9 spring is held in grade 9 fall only; the
    course itself up to its deadline; a course no goal counts and nothing needs, nowhere."""
    from careerpaths.core.model import Credential, CredentialKind
    from careerpaths.core.planning import Goal
    from careerpaths.core.requirements import CourseNode
    from careerpaths.planner.cpsat import _reduced

    every = frozenset({Season.FALL, Season.SPRING})
    a = _course(0, False, None, every, (None, None))
    b = _course(1, False, CourseReq("C-100"), every, (None, None))
    spare = _course(2, False, None, every, (None, None))
    cred = Credential("c", "C", CredentialKind.CERTIFICATE, "p", None, CourseNode("C-101"))
    problem = PlanProblem(
        terms=tuple(PlanTerm(x, 18.0, 3.0) for x in GRID),
        courses={c.key: c for c in (a, b, spare)},
        goals=(Goal(cred, t("G9-SP")),),
    )
    assert _reduced(problem, [a.key, b.key, spare.key]) == {a.key: [0], b.key: [1], spare.key: []}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(goal_problems())
def test_plans_for_credentials_score_as_the_full_minimisation(problem: PlanProblem) -> None:
    """With credentials, deadlines, locks and a previous plan (so the courses added and the
    moves both count), the planner's plan scores as one full minimisation per pair of
    criteria on a model built without the first optimum spelled out for the presolve."""
    result = solve(problem, time_limit=10, explain=False)
    if result.status is PlanStatus.INFEASIBLE:
        return
    assert result.status is PlanStatus.OPTIMAL
    assert result.plan is not None
    assert check_plan(problem, result.plan) == []
    s = result.plan.score
    assert (s.terms, s.max_fill, s.moves, s.courses) == _reference_score(problem)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(goal_problems(), st.data())
def test_the_last_term_bound_holds_for_every_plan(
    problem: PlanProblem, data: st.DataObject
) -> None:
    """``_last_term_bound`` (which lets one solve do the work of two) is never beyond the
    last term of the full minimisation's plan, and says "no plan" only when there is none;
    with some courses passed (counting for the credentials with no term), the planner's plan
    still scores as the full minimisation's."""
    from careerpaths.planner.cpsat import _Builder, _last_term_bound

    keys = sorted(problem.courses)
    passed = {
        k: data.draw(st.sampled_from([None, "A", "C"]))
        for k in keys
        if data.draw(st.integers(0, 3)) == 0
    }
    problem = replace(
        problem,
        passed=passed,
        locks={k: v for k, v in problem.locks.items() if k not in passed},
        previous={k: v for k, v in problem.previous.items() if k not in passed},
        required=frozenset(k for k in problem.required if k not in passed),
    )
    builder = _Builder(problem, explain=False)
    bound = _last_term_bound(problem, builder.domain, builder._selected)
    result = solve(problem, time_limit=10, explain=False)
    if bound is None or result.status is PlanStatus.INFEASIBLE:
        assert result.status is PlanStatus.INFEASIBLE
        return
    assert result.status is PlanStatus.OPTIMAL
    assert result.plan is not None
    assert check_plan(problem, result.plan) == []
    reference = _reference_score(problem)
    assert bound <= reference[0] - 1  # the plan's last term
    s = result.plan.score
    assert (s.terms, s.max_fill, s.moves, s.courses) == reference


def test_the_demo_templates_end_at_the_last_term_bound() -> None:
    """On most demo pathways the bound is the fewest terms, so their grids are filled in one
    solve: the plans end there."""
    from careerpaths.demo.region import build_region
    from careerpaths.planner.cpsat import _Builder, _last_term_bound

    region = build_region(students=0)
    at = 0
    for p in region.pathways.values():
        problem, _ = template_problem(replace(p, placements=()), region, keep=False)
        builder = _Builder(problem, explain=False)
        bound = _last_term_bound(problem, builder.domain, builder._selected)
        result = solve(problem, explain=False)
        assert result.plan is not None and bound is not None
        assert bound <= result.plan.score.terms - 1
        at += bound == result.plan.score.terms - 1
    assert at >= len(region.pathways) - 2
