"""The batch audit: ``audit_many`` gives exactly what ``audit_student`` gives, student by student.

The batch path differs from the one-student path in three ways, each checked here
against a simpler definition: compiled requirement trees (a leaf's candidates against
the plain eligibility test), the memo of credential audits (against :func:`audit` on all
the items), and the process pool (against the loop in one process).
"""

from __future__ import annotations

import random
from dataclasses import replace
from functools import cache

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from careerpaths.core import grades
from careerpaths.core.audit import (
    AuditMemo,
    Item,
    Status,
    _Solver,
    audit,
    could_be_met,
    eligible_leaves,
    fewest_credits,
    verdict,
)
from careerpaths.core.model import Attempt, CredentialKind, Region, Student
from careerpaths.core.records import attempt_items, items_key
from careerpaths.core.requirements import Requirement, leaves
from careerpaths.core.student_audit import (
    RegionIndex,
    StudentVerdict,
    VerdictMemo,
    audit_many,
    audit_student,
    verdict_many,
)
from careerpaths.core.terms import Season, Term
from careerpaths.demo.region import build_region
from careerpaths.demo.students import generate_students
from tests.unit.core.test_audit import CODES, item, tree_strategy

TERMS = [Term.of(9, Season.FALL), Term.of(11, Season.SPRING), Term.of(12, Season.SUMMER)]
GRADES = ["A+", "A", "A-", "B+", "B", "B-", "C+", "C", "C-", "D", "D-", "F", "W", "P", "NP"]
RAW_GRADES = [*GRADES, "IP", " b+ ", "cr", "", None, "I"]


@cache
def demo() -> tuple[Region, RegionIndex, tuple[Student, ...]]:
    region = build_region(students=0)
    students = tuple(generate_students(region, 240, seed=31))
    return region, RegionIndex(region), students


def perturb(student: Student, rng: random.Random, pathways: list[str | None]) -> Student:
    """Change a few attempts (grade, term, credits, dual credit, in progress) and the pathway."""
    attempts = list(student.attempts)
    for _ in range(rng.randint(1, 4)):
        if not attempts:
            break
        k = rng.randrange(len(attempts))
        a = attempts[k]
        what = rng.randrange(6)
        if what == 0:
            attempts[k] = replace(a, grade=rng.choice(RAW_GRADES))
        elif what == 1:
            attempts[k] = replace(a, term=rng.choice([x.term for x in attempts]))
        elif what == 2:
            attempts[k] = replace(a, credits_earned=rng.choice([0.0, 1.0, 3.0, 4.0]))
        elif what == 3:
            attempts[k] = replace(a, dual_credit=not a.dual_credit)
        elif what == 4:
            attempts[k] = replace(a, grade="IP", credits_earned=0.0)
        else:
            attempts.insert(k, replace(a, course=rng.choice(["ENG-105", "XYZ-999", "CIS-130"])))
    return replace(
        student, attempts=tuple(attempts), pathway=rng.choice([student.pathway, *pathways])
    )


@pytest.mark.slow
@settings(max_examples=25, deadline=None)
@given(
    picks=st.lists(st.integers(0, 239), min_size=1, max_size=40),
    seed=st.integers(0, 2**32),
    share=st.floats(0.0, 1.0),
)
def test_audit_many_equals_audit_student(picks: list[int], seed: int, share: float) -> None:
    region, index, pool = demo()
    rng = random.Random(seed)
    pathways: list[str | None] = [None, "no-such-pathway", *sorted(region.pathways)]
    # repeats on purpose: the memo must give a second student the same result as the first
    students = [perturb(pool[k], rng, pathways) if rng.random() < share else pool[k] for k in picks]
    expected = [audit_student(s, region, index) for s in students]
    assert list(audit_many(students, region, index)) == expected
    assert list(audit_many(students, region)) == expected  # a fresh index
    # a memo that keeps one entry forgets all the time; forgetting changes nothing
    assert list(audit_many(students, region, index, memo=AuditMemo(max_entries=1))) == expected


@pytest.mark.slow
@settings(max_examples=25, deadline=None)
@given(
    picks=st.lists(st.integers(0, 239), min_size=1, max_size=40),
    seed=st.integers(0, 2**32),
    share=st.floats(0.0, 1.0),
    sharing=st.booleans(),
)
def test_verdict_many_equals_the_verdicts_of_audit_student(
    picks: list[int], seed: int, share: float, sharing: bool
) -> None:
    region, index, pool = demo()
    if not sharing:  # a college credential sees what the diploma left: the full-audit path
        region = replace(region, settings=replace(region.settings, share_across_credentials=False))
        index = RegionIndex(region)
    rng = random.Random(seed)
    pathways: list[str | None] = [None, "no-such-pathway", *sorted(region.pathways)]
    students = [perturb(pool[k], rng, pathways) if rng.random() < share else pool[k] for k in picks]
    expected = [StudentVerdict.of(audit_student(s, region, index)) for s in students]
    memo = VerdictMemo(index)
    assert list(verdict_many(students, region, index, memo=memo)) == expected
    assert list(verdict_many(students, region, index, memo=memo)) == expected  # all remembered
    assert list(verdict_many(students, region)) == expected  # a fresh index and memo
    # a memo that keeps one entry forgets all the time; forgetting changes nothing
    small = VerdictMemo(index, max_entries=1)
    assert list(verdict_many(students, region, index, memo=small)) == expected


@pytest.mark.slow
def test_the_whole_demo_batch_of_verdicts() -> None:
    region, index, students = demo()
    memo = VerdictMemo(index)
    got = list(verdict_many(students, region, index, memo=memo))
    assert got == [StudentVerdict.of(audit_student(s, region, index)) for s in students]
    # the memo is used, and the bounds spare most of the searches it does not answer
    assert memo.hits > memo.misses > memo.searches > 0
    # every status occurs, so the comparison above covers each
    seen = {v.diploma for v in got} | {status for v in got for _, status in v.credentials}
    assert seen == set(Status)


@pytest.mark.slow
def test_the_whole_demo_batch_and_its_memo() -> None:
    region, index, students = demo()
    memo = AuditMemo()
    assert list(audit_many(students, region, index, memo=memo)) == [
        audit_student(s, region, index) for s in students
    ]
    assert memo.hits > 0 and memo.misses > 0


@pytest.mark.slow
def test_the_process_pool_keeps_the_order_and_the_results() -> None:
    region, index, students = demo()
    some = list(students[:45])
    expected = [audit_student(s, region, index) for s in some]
    from careerpaths.analytics.audit_pool import audit_parallel

    assert list(audit_parallel(some, region, workers=2, chunk_size=7)) == expected
    assert list(audit_parallel([], region, workers=2)) == []


def test_items_depend_on_the_credential_unit_only() -> None:
    region, _, students = demo()
    college = [
        c
        for c in region.credentials.values()
        if c.kind is not CredentialKind.HS_DIPLOMA and c.requirements
    ]
    assert len({items_key(c) for c in college}) == 1
    for s in students[:30]:
        first = attempt_items(s.attempts, region.courses, college[0])
        assert all(attempt_items(s.attempts, region.courses, c) == first for c in college[1:])


# ----------------------------------------------- the memo and the compiled trees, in general

item_rows = st.lists(
    st.tuples(
        st.sampled_from([*CODES, "Z999", "Q100"]),  # Z999, Q100: in no tree
        st.sampled_from([0.0, 1.0, 3.0, 4.0]),
        st.sampled_from(GRADES),
        st.booleans(),  # in progress
    ),
    max_size=7,
)


def items_from(rows: list[tuple[str, float, str, bool]], ids: list[int]) -> list[Item]:
    return [item(i, c, cr, g, ip=ip) for i, (c, cr, g, ip) in zip(ids, rows, strict=False)]


@pytest.mark.slow
@settings(max_examples=300, deadline=None)
@given(
    tree=tree_strategy(),
    rows=item_rows,
    ids=st.lists(st.integers(0, 60), min_size=7, max_size=7, unique=True),
    exclusive=st.booleans(),
)
def test_the_memo_gives_what_audit_gives(
    tree: Requirement, rows: list[tuple[str, float, str, bool]], ids: list[int], exclusive: bool
) -> None:
    items = items_from(rows, ids)  # ids neither consecutive nor sorted
    memo = AuditMemo()
    expected = audit("c", "C", tree, items, exclusive=exclusive)
    assert memo.audit("c", "C", tree, items, exclusive=exclusive) == expected
    assert memo.audit("c", "C", tree, items, exclusive=exclusive) == expected  # from the memo
    assert memo.hits == 1


@pytest.mark.slow
@settings(max_examples=400, deadline=None)
@given(tree=tree_strategy(), rows=item_rows, exclusive=st.booleans())
def test_a_verdict_is_the_status_of_the_audit_and_the_bounds_are_sound(
    tree: Requirement, rows: list[tuple[str, float, str, bool]], exclusive: bool
) -> None:
    items = items_from(rows, list(range(len(rows))))
    status = audit("c", "C", tree, items, exclusive=exclusive).status
    assert verdict(tree, items, exclusive=exclusive) == status
    entries = [(eligible_leaves(tree, i), max(0.0, i.credits)) for i in items]
    if not could_be_met(tree, entries):
        assert status is Status.NOT_MET
    if exclusive and sum(c for ls, c in entries if ls) + 1e-6 < fewest_credits(tree):
        assert status is Status.NOT_MET


@pytest.mark.slow
@settings(max_examples=300, deadline=None)
@given(
    tree=tree_strategy(),
    rows=item_rows,
    seed=st.integers(0, 2**32),
    exclusive=st.booleans(),
)
def test_items_with_the_same_leaves_and_credits_get_the_same_verdict(
    tree: Requirement, rows: list[tuple[str, float, str, bool]], seed: int, exclusive: bool
) -> None:
    """The memo's key: (in progress, eligible leaves, credits) per relevant item, as a
    multiset. Another student's items with that key — other grades that fill the same
    leaves, other codes of the same subject and number, other order, ids, terms, plus
    items that fill no leaf — get the same verdict."""
    rng = random.Random(seed)
    a = items_from(rows, list(range(len(rows))))
    b: list[Item] = []
    for i in a:
        same = [
            g
            for g in GRADES
            if eligible_leaves(tree, replace(i, grade=g)) == eligible_leaves(tree, i)
        ]
        b.append(replace(i, grade=rng.choice(same) if not i.in_progress else i.grade))
    filler = item(0, "Q100", 3.0, rng.choice(GRADES))
    if not eligible_leaves(tree, filler):  # (a selector may take any course)
        b.append(filler)
    rng.shuffle(b)
    ids = rng.sample(range(100), len(b))
    b = [replace(i, id=n, term=rng.choice([None, *TERMS])) for i, n in zip(b, ids, strict=True)]

    def key(items: list[Item]) -> list[tuple[bool, tuple[int, ...], float]]:
        got = [(i.in_progress, eligible_leaves(tree, i), i.credits) for i in items]
        return sorted(k for k in got if k[1])

    assert key(a) == key(b)
    assert verdict(tree, a, exclusive=exclusive) == verdict(tree, b, exclusive=exclusive)


def plain_candidates(tree: Requirement, items: list[Item], allow_ip: bool) -> dict[str, list[Item]]:
    """The candidates as the audit defined them before trees were compiled."""
    solver = _Solver(tree, [], exclusive=True, allow_ip=allow_ip)
    out = {}
    for path, leaf in leaves(tree):
        cands = [i for i in items if solver._eligible(leaf, i)]
        cands.sort(key=lambda i: (-(grades.points(i.grade) or 0.0), -i.credits, i.id))
        out[path] = cands
    return out


@pytest.mark.slow
@settings(max_examples=300, deadline=None)
@given(tree=tree_strategy(), rows=item_rows, allow_ip=st.booleans())
def test_compiled_candidates_follow_the_eligibility_rule(
    tree: Requirement, rows: list[tuple[str, float, str, bool]], allow_ip: bool
) -> None:
    items = items_from(rows, list(range(len(rows))))
    solver = _Solver(tree, items, exclusive=True, allow_ip=allow_ip)
    assert solver.candidates == plain_candidates(tree, items, allow_ip)


def test_attempt_items_normalize_grades_as_before() -> None:
    region, _, _ = demo()
    diploma = next(c for c in region.credentials.values() if c.kind is CredentialKind.HS_DIPLOMA)
    attempts = [Attempt("ENG-105", demo()[2][0].attempts[0].term, g, 3.0, True) for g in RAW_GRADES]
    for cred in (diploma, next(c for c in region.credentials.values() if c.id == "kw-aa")):
        got = attempt_items(attempts, region.courses, cred)
        for a, i in zip(attempts, got, strict=True):
            ip = grades.normalize(a.grade) == grades.IN_PROGRESS
            assert i.in_progress == ip
            assert i.grade == (None if ip else grades.normalize(a.grade) or "NC")
            if not ip and not grades.is_passing(i.grade):
                assert i.credits == 0.0
