from __future__ import annotations

import itertools
from collections.abc import Sequence

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from careerpaths.core import grades
from careerpaths.core.audit import Item, Status, allocate, audit
from careerpaths.core.requirements import (
    AllOf,
    CourseFacts,
    CourseNode,
    Credits,
    NOf,
    Requirement,
    Selector,
    leaves,
)
from careerpaths.core.requisites import course_key


def item(
    n: int,
    code: str,
    credits: float = 3,
    grade: str | None = "A",
    *,
    tags: Sequence[str] = (),
    area: str | None = None,
    ip: bool = False,
) -> Item:
    subject = "".join(ch for ch in code if ch.isalpha())
    number = "".join(ch for ch in code if ch.isdigit())
    facts = CourseFacts(course_key(code), subject, number, frozenset(tags), area, "postsecondary")
    return Item(n, code, facts, credits, None if ip else grade, None, in_progress=ip)


def test_matching_succeeds_where_first_fit_fails() -> None:
    #   leaf 1.1: one of {CIS101, CIS102}      items: CIS101, CIS102, CIS103
    #   leaf 1.2: CIS101                        a first fit gives CIS101 to 1.1,
    #   leaf 1.3: one of {CIS102, CIS103}       then 1.2 has nothing left.
    tree = AllOf(
        (
            Credits(3, Selector(courses=("CIS101", "CIS102"))),
            CourseNode("CIS101"),
            Credits(3, Selector(courses=("CIS102", "CIS103"))),
        )
    )
    items = [item(0, "CIS101"), item(1, "CIS102"), item(2, "CIS103")]
    alloc = allocate(tree, items)
    assert alloc is not None
    assert [i.code for i in alloc["1.2"]] == ["CIS101"]
    assert [i.code for i in alloc["1.1"]] == ["CIS102"]
    assert [i.code for i in alloc["1.3"]] == ["CIS103"]


def test_a_course_counts_once_inside_a_credential_unless_told_otherwise() -> None:
    tree = AllOf((CourseNode("ENG105"), Credits(3, Selector(patterns=("ENG *",)))))
    items = [item(0, "ENG105")]
    assert audit("c", "C", tree, items).status is Status.NOT_MET
    assert audit("c", "C", tree, items, exclusive=False).status is Status.MET


def test_minimum_grade_and_explanations() -> None:
    tree = AllOf((CourseNode("BIO168", "B-"), Credits(6, Selector(patterns=("HSC 1**",)))))
    items = [item(0, "BIO168", 4, "C"), item(1, "HSC173", 3, "B")]
    result = audit("pn", "Practical Nursing", tree, items)
    assert result.status is Status.NOT_MET
    bio, hsc = result.root.children  # type: ignore[union-attr]
    assert not bio.met
    assert bio.explanation == (
        "Still needed: BIO168 with B- or better. BIO168 was taken (C) but needs B- or better."
    )
    assert hsc.earned == 3 and not hsc.met
    assert hsc.remaining == "3 more credits from HSC 1**"
    assert result.root.explanation == (  # type: ignore[union-attr]
        "0 of 2 requirements met; still needed: BIO168 with B- or better; "
        "3 more credits from HSC 1**."
    )


def test_in_progress_courses_give_an_in_progress_status() -> None:
    tree = AllOf((CourseNode("HSC173"), CourseNode("HSC174")))
    items = [item(0, "HSC173", 3, "A"), item(1, "HSC174", 1, ip=True)]
    assert audit("cna", "CNA", tree, items).status is Status.IN_PROGRESS


def test_n_of_and_patterns() -> None:
    tree = NOf(2, (CourseNode("ACC101"), CourseNode("ACC102"), Credits(3, Selector(tags=("tax",)))))
    items = [item(0, "ACC102"), item(1, "ACC180", tags=("tax",))]
    result = audit("x", "X", tree, items)
    assert result.met
    assert result.root is not None and result.root.earned == 2


def test_failed_and_withdrawn_attempts_never_count() -> None:
    tree = CourseNode("MAT156")
    assert not audit("m", "M", tree, [item(0, "MAT156", grade="F")]).met
    assert not audit("m", "M", tree, [item(0, "MAT156", grade="W")]).met
    assert audit("m", "M", tree, [item(0, "MAT156", grade="D")]).met


# --------------------------------------------------------------- against brute force

CODES = ["A101", "A102", "B201", "B202", "C301"]
GRADES = ["A", "B", "C", "D", "F"]


def leaf_strategy() -> st.SearchStrategy[Requirement]:
    course = st.builds(CourseNode, st.sampled_from(CODES), st.sampled_from([None, "B", "C"]))
    credits = st.builds(
        Credits,
        st.sampled_from([1.0, 3.0, 4.0, 6.0, 7.0]),
        st.one_of(
            st.builds(
                Selector,
                courses=st.lists(st.sampled_from(CODES), min_size=1, max_size=3, unique=True).map(
                    tuple
                ),
            ),
            st.builds(Selector, patterns=st.sampled_from([("A *",), ("B 2**",), ("* *",)])),
        ),
        st.sampled_from([None, "C"]),
    )
    return st.one_of(course, credits)


def tree_strategy() -> st.SearchStrategy[Requirement]:
    def extend(children: st.SearchStrategy[Requirement]) -> st.SearchStrategy[Requirement]:
        kids = st.lists(children, min_size=1, max_size=3).map(tuple)
        return st.one_of(
            kids.map(AllOf),
            kids.flatmap(lambda k: st.integers(0, len(k)).map(lambda n: NOf(n, k))),
        )

    return st.recursive(leaf_strategy(), extend, max_leaves=4)


items_strategy = st.lists(
    st.tuples(st.sampled_from(CODES), st.sampled_from([1.0, 3.0, 4.0]), st.sampled_from(GRADES)),
    max_size=5,
).map(lambda rows: [item(i, c, cr, g) for i, (c, cr, g) in enumerate(rows)])


def eligible(leaf: Requirement, it: Item) -> bool:
    if not grades.meets_minimum(it.grade, leaf.min_grade):  # type: ignore[union-attr]
        return False
    if isinstance(leaf, CourseNode):
        return it.facts.key == course_key(leaf.course)
    assert isinstance(leaf, Credits)
    return it.credits > 0 and leaf.select.matches(it.facts)


def satisfied(node: Requirement, path: str, given_: dict[str, list[Item]]) -> bool:
    if isinstance(node, CourseNode):
        return bool(given_.get(path))
    if isinstance(node, Credits):
        return sum(i.credits for i in given_.get(path, [])) + 1e-9 >= node.credits
    met = [satisfied(c, f"{path}.{k}", given_) for k, c in enumerate(node.children, start=1)]
    return all(met) if isinstance(node, AllOf) else sum(met) >= node.n


def brute_force(tree: Requirement, items: list[Item]) -> bool:
    """Try every way of giving each item to one leaf it is eligible for, or to none."""
    lv = leaves(tree)
    options = [[None] + [p for p, leaf in lv if eligible(leaf, it)] for it in items]
    for choice in itertools.product(*options):
        given_: dict[str, list[Item]] = {}
        for it, p in zip(items, choice, strict=True):
            if p is not None:
                given_.setdefault(p, []).append(it)
        if satisfied(tree, "1", given_):
            return True
    return False


@pytest.mark.slow
@settings(max_examples=300, deadline=None)
@given(tree_strategy(), items_strategy)
def test_allocation_agrees_with_brute_force(tree: Requirement, items: list[Item]) -> None:
    alloc = allocate(tree, items)
    assert (alloc is not None) == brute_force(tree, items)
    if alloc is not None:
        used = [i.id for got in alloc.values() for i in got]
        assert len(used) == len(set(used))  # every item counts once
        paths = dict(leaves(tree))
        for p, got in alloc.items():
            assert all(eligible(paths[p], i) for i in got)
        assert satisfied(tree, "1", {p: list(g) for p, g in alloc.items()})
        assert audit("t", "T", tree, items).met
