"""Small-cell suppression: the rules, and an attacker who tries to undo them.

The attacker knows every published cell and every line (which totals add up what) and
recovers hidden cells two ways: subtraction (a line with one unknown) and linear algebra
(a hidden cell whose unit vector is in the row space of the equations, checked with
numpy's rank, independently of the library's own elimination). It must never succeed.
"""

from __future__ import annotations

import doctest
from collections.abc import Hashable

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from careerpaths.core import privacy
from careerpaths.core.privacy import Line, show_rate, suppress
from tests.profiles import examples


def test_doctests() -> None:
    assert doctest.testmod(privacy).failed == 0


def test_threshold_never_below_five() -> None:
    with pytest.raises(ValueError):
        suppress({"a": 1}, [], threshold=4)
    with pytest.raises(ValueError):
        show_rate(1, 10, threshold=3)
    assert suppress({"a": 5, "b": 40}, [Line("t", ("a", "b"))], threshold=5) == frozenset()


@pytest.mark.parametrize(
    ("num", "den", "shown"),
    [
        (50, 100, "50.0%"),
        (0, 40, "≤5%"),
        (40, 40, "≥95%"),
        (2, 100, "≤5%"),
        (2, 1000, "0.2%"),
        (0, 1000, "≤5%"),
        (1000, 1000, "≥95%"),
        (None, 100, "*"),
        (5, 9, "*"),
    ],
)
def test_show_rate(num: int | None, den: int, shown: str) -> None:
    assert show_rate(num, den) == shown


def test_district_of_two_schools() -> None:
    # district = school A + school B; A is small, so B must go too, and then the
    # columns need a second hidden row to stop "district minus the other districts".
    values = {"A": 4, "B": 50, "D1": 54, "C": 30, "D2": 30, "state": 84}
    lines = [Line("D1", ("A", "B")), Line("D2", ("C",)), Line("state", ("D1", "D2"))]
    hidden = suppress(values, lines)
    assert {"A", "B"} <= hidden
    assert _attack(values, lines, hidden) == set()


def test_all_students_minus_one_subgroup() -> None:
    values = {"all": 120, "Y": 7, "N": 113}
    assert suppress(values, [Line("all", ("Y", "N"))]) == {"Y", "N"}


def _attack(
    values: dict[Hashable, int],
    lines: list[Line],
    hidden: frozenset[Hashable],
    unpublished: frozenset[Hashable] = frozenset(),
    threshold: int = 10,
) -> set:
    """Every hidden cell, and every small unpublished one, the attacker can pin down."""
    secret = hidden | {k for k in unpublished if 0 < values[k] < threshold}
    hidden = hidden | unpublished
    found: set[Hashable] = set()
    for line in lines:  # subtraction
        unknown = [k for k in (line.total, *line.parts) if k in hidden]
        if len(unknown) == 1:
            found.add(unknown[0])
    order = sorted(hidden, key=repr)
    if not order:
        return found
    a = np.zeros((len(lines), len(order)))
    for i, line in enumerate(lines):
        for key, coef in ((line.total, -1.0), *((p, 1.0) for p in line.parts)):
            if key in hidden:
                a[i, order.index(key)] += coef
    rank = np.linalg.matrix_rank(a)
    for j, key in enumerate(order):
        unit = np.zeros((1, len(order)))
        unit[0, j] = 1.0
        if np.linalg.matrix_rank(np.vstack([a, unit])) == rank:
            found.add(key)
    return found & secret


@st.composite
def tables(draw: st.DrawFn) -> tuple[dict[Hashable, int], list[Line], int, frozenset]:
    """A rows x columns table of counts with row, column and grand totals, the rows
    grouped into districts (each district's rows add up to a district row)."""
    nrows = draw(st.integers(1, 6))
    ncols = draw(st.integers(1, 3))
    threshold = draw(st.integers(5, 12))
    cell = st.one_of(st.integers(0, 3), st.integers(1, 15), st.integers(10, 80))
    grid = [[draw(cell) for _ in range(ncols)] for _ in range(nrows)]
    sizes: list[int] = []
    left = nrows
    while left:
        sizes.append(draw(st.integers(1, left)))
        left -= sizes[-1]
    values: dict[Hashable, int] = {}
    lines: list[Line] = []
    cols = [*range(ncols), "T"]
    for r, row in enumerate(grid):
        for c, v in enumerate(row):
            values[(r, c)] = v
        values[(r, "T")] = sum(row)
        lines.append(Line((r, "T"), tuple((r, c) for c in range(ncols))))
    start = 0
    for d, size in enumerate(sizes):
        members = range(start, start + size)
        start += size
        for c in cols:
            values[(f"d{d}", c)] = sum(values[(r, c)] for r in members)
            lines.append(Line((f"d{d}", c), tuple((r, c) for r in members)))
        lines.append(Line((f"d{d}", "T"), tuple((f"d{d}", c) for c in range(ncols))))
    for c in cols:
        values[("all", c)] = sum(values[(r, c)] for r in range(nrows))
        lines.append(Line(("all", c), tuple((f"d{d}", c) for d in range(len(sizes)))))
        lines.append(Line(("all", c), tuple((r, c) for r in range(nrows))))
    lines.append(Line(("all", "T"), tuple(("all", c) for c in range(ncols))))
    # sometimes the last column is a complement that is never shown ("not eligible")
    hide_last = ncols > 1 and draw(st.booleans())
    unpublished = frozenset(k for k in values if hide_last and k[1] == ncols - 1)
    return values, lines, threshold, unpublished


@pytest.mark.slow
@settings(max_examples=300, deadline=None)
@given(tables())
def test_suppressed_cells_cannot_be_recovered(table: tuple) -> None:
    values, lines, threshold, unpublished = table
    hidden = suppress(values, lines, threshold=threshold, unpublished=unpublished)
    assert {k for k, v in values.items() if 0 < v < threshold} <= hidden
    assert not (hidden - {k for k, v in values.items() if 0 < v < threshold}) & unpublished
    assert _attack(values, lines, hidden - unpublished, unpublished, threshold) == set()


@settings(max_examples=examples(100), deadline=None)
@given(tables())
def test_suppression_is_minimal_when_nothing_is_small(table: tuple) -> None:
    values, lines, _, _ = table
    if all(v == 0 or v >= 10 for v in values.values()):
        assert suppress(values, lines) == frozenset()


@pytest.mark.slow
@settings(max_examples=150, deadline=None)
@given(tables())
def test_keeping_the_totals_still_protects_every_cell(table: tuple) -> None:
    values, lines, threshold, unpublished = table
    keep = {k for k in values if k[0] == "all"}
    hidden = suppress(values, lines, threshold=threshold, unpublished=unpublished, keep=keep)
    assert _attack(values, lines, hidden - unpublished, unpublished, threshold) == set()


def _plain_suppress(
    values: dict[Hashable, int],
    lines: list[Line],
    *,
    threshold: int,
    unpublished: frozenset,
    keep: frozenset = frozenset(),
) -> frozenset:
    """``suppress`` as first written: every pass over every line, every line's equation
    (with the zeros of hidden totals hidden in the end, as the library does)."""
    hidden_only = set(unpublished)
    sensitive = {k for k, v in values.items() if privacy.is_small(v, threshold)}
    unknown = sensitive | hidden_only
    touching: dict[Hashable, list[Line]] = {}
    for line in lines:
        for key in (line.total, *line.parts):
            touching.setdefault(key, []).append(line)
    while True:
        changed = True
        while changed:
            changed = False
            for line in lines:
                members = [k for k in (line.total, *line.parts) if k in unknown]
                if len(members) == 1 and members[0] in sensitive:
                    found = privacy._candidates(values, [line], unknown, hidden_only, keep)
                    if found:
                        pick = min(found)[5]
                        sensitive.add(pick)
                        unknown.add(pick)
                        changed = True
        exposed = privacy.recoverable(unknown, lines) & sensitive
        if not exposed:
            # a published zero whose line's total is hidden would be that group's 0%
            zeros = {
                p
                for ln in lines
                if ln.total in unknown
                for p in ln.parts
                if p not in unknown and p not in hidden_only and values.get(p) == 0
            }
            if not zeros:
                return frozenset(sensitive)
            sensitive |= zeros
            unknown |= zeros
            continue
        key = min(exposed, key=repr)
        found = privacy._candidates(values, touching.get(key, []), unknown, hidden_only, keep)
        if not found:
            near = [ln for ln in lines if any(k in unknown for k in (ln.total, *ln.parts))]
            found = privacy._candidates(values, near, unknown, hidden_only, keep)
        if not found:
            return frozenset(sensitive)
        pick = min(found)[5]
        sensitive.add(pick)
        unknown.add(pick)


@pytest.mark.slow
@settings(max_examples=300, deadline=None)
@given(tables(), st.booleans())
def test_suppress_hides_what_the_plain_passes_hide(table: tuple, keep_totals: bool) -> None:
    """The passes visit only the lines holding a sensitive cell, and the equations only
    the lines holding an unknown one: the same cells are hidden as by the plain passes."""
    values, lines, threshold, unpublished = table
    keep = frozenset(k for k in values if k[0] == "all") if keep_totals else frozenset()
    got = suppress(values, lines, threshold=threshold, unpublished=unpublished, keep=keep)
    expected = _plain_suppress(
        values, lines, threshold=threshold, unpublished=unpublished, keep=keep
    )
    assert got == expected


def test_a_zero_of_a_hidden_group_is_hidden_too() -> None:
    # issue 12, item 4: a group of 4 (hidden) with "participants 0" gave away its 0%
    values = {"all": 60, "a": 4, "b": 56, "pa": 0, "pb": 30, "pall": 30}
    lines = [
        Line("all", ("a", "b")),
        Line("pall", ("pa", "pb")),
    ]
    hidden = suppress(values, lines)
    assert "pa" not in hidden or "a" in hidden  # the zero goes with its group
    lines.append(Line("a", ("pa", "na")))
    values["na"] = 4
    hidden = suppress(values, lines, unpublished={"na"})
    assert {"a", "pa"} <= hidden
    assert _attack(values, lines, hidden - {"na"}, frozenset({"na"})) == set()


@settings(max_examples=examples(200), deadline=None)
@given(tables())
def test_no_published_zero_of_a_hidden_total(table: tuple) -> None:
    values, lines, threshold, unpublished = table
    hidden = suppress(values, lines, threshold=threshold, unpublished=unpublished)
    for line in lines:
        if line.total in hidden:
            assert all(values[p] or p in hidden or p in unpublished for p in line.parts)


def test_one_notation_for_a_hidden_count() -> None:
    assert privacy.show_count(3) == privacy.HIDDEN == "*"
    assert privacy.suppress_partition([3, 40], total=43) == ["*", "*"]
    assert privacy.suppress_partition([0, 4], total=4) == ["*", "*"]  # no exact 0% of 4
    assert "<" not in privacy.hidden_note()
