"""Small-cell suppression for every aggregate shown or exported.

Student records are FERPA-protected: a count of fewer than ``threshold`` students
(default 10; never below 5) is never shown as its value. When one part of a partition
(on track / off track) is suppressed, its complement is suppressed too, so that the
suppressed value cannot be recovered from the total; a zero is hidden when its group's
size is (an exact 0% or 100% of a small group gives everyone in it away).

One notation for a hidden count everywhere people read it (web pages, the command line,
CSV): ``*`` (:data:`HIDDEN`), explained by the legend :func:`hidden_note`. It does not say
whether the count itself is small or hidden only to protect another one: telling the two
apart would say which of two cells is the small one. JSON carries ``null``.

>>> show_count(7)
'*'
>>> show_count(0), show_count(12)
('0', '12')
>>> suppress_partition([12, 3], total=15)
['*', '*']
"""

from __future__ import annotations

import heapq
from collections.abc import Collection, Hashable, Iterable, Mapping, Sequence
from typing import NamedTuple

SMALL_CELL = 10
MIN_THRESHOLD = 5
#: How a hidden count reads, in every output meant for people.
HIDDEN = "*"


def hidden_note(threshold: int = SMALL_CELL) -> str:
    """The legend of :data:`HIDDEN` (English; the web pages translate their own)."""
    return (
        f"{HIDDEN} marks a hidden count: fewer than {threshold} students, or a figure from "
        "which such a count could be worked out."
    )


def show(n: int | float | None) -> str:
    """A published value as text, :data:`HIDDEN` for ``None``."""
    if n is None:
        return HIDDEN
    return f"{n:g}" if isinstance(n, float) else str(n)


def check_threshold(threshold: int) -> int:
    if threshold < MIN_THRESHOLD:
        raise ValueError(f"the small-cell threshold may not be below {MIN_THRESHOLD}")
    return threshold


def is_small(n: int, threshold: int = SMALL_CELL) -> bool:
    return 0 < n < check_threshold(threshold)


def show_count(n: int, threshold: int = SMALL_CELL) -> str:
    return HIDDEN if is_small(n, threshold) else str(n)


def suppress_partition(
    parts: Sequence[int], *, total: int, threshold: int = SMALL_CELL
) -> list[str]:
    """Counts that add up to ``total``, with complementary suppression.

    If any part is small, the next-smallest part is suppressed as well, so no
    suppressed part equals the total minus the shown parts.
    """
    shown = [show_count(p, threshold) for p in parts]
    hidden = [i for i, p in enumerate(parts) if is_small(p, threshold)]
    if len(hidden) == 1 and len(parts) > 1:
        others = sorted((p, i) for i, p in enumerate(parts) if i not in hidden)
        # hide the smallest other part; a zero hides nothing, so take the first nonzero one
        candidates = [i for p, i in others if p > 0] or [others[0][1]]
        shown[candidates[0]] = HIDDEN
    if is_small(total, threshold):
        # a zero of a small group is its 0% (and the other part its 100%): hide them all
        return [HIDDEN for _p in parts]
    return shown


# -- complementary suppression over linked tables ---------------------------------------------
# A report publishes cells (counts) and lines: a line says that its total is the sum of its
# parts (a row of a table and its row total, a column and the "All students" row, the
# schools of a district and the district). A suppressed cell can be recovered when it is a
# linear combination of published numbers, not only when it is the last unknown of a line:
# with a district of two schools, "all students minus one subgroup", or a chain of lines.
# ``suppress`` therefore suppresses small cells and then keeps adding the smallest nonzero
# published neighbour of any cell that linear algebra can still pin down, until none can.

Key = Hashable


class Line(NamedTuple):
    """``total`` = the sum of ``parts`` (keys of cells in the same report).

    A named tuple rather than a frozen dataclass: a state-scale report builds tens of
    thousands of them, and a tuple is several times cheaper to create.
    """

    total: Key
    parts: tuple[Key, ...]


_PRIME = (1 << 61) - 1  # exact arithmetic mod a large prime: ranks of 0/±1 systems agree


def _axpy(
    target: dict[int, int],
    factor: int,
    source: dict[int, int],
    owner: int | None,
    holders: dict[int, set[int]],
) -> None:
    """``target -= factor * source`` (mod the prime), keeping ``holders`` up to date."""
    for k, v in source.items():
        nv = (target.get(k, 0) - factor * v) % _PRIME
        if nv:
            if owner is not None and k not in target:
                holders.setdefault(k, set()).add(owner)
            target[k] = nv
        elif k in target:
            del target[k]
            if owner is not None:
                holders[k].discard(owner)


def recoverable(hidden: Collection[Key], lines: Sequence[Line]) -> set[Key]:
    """Hidden cells that the published cells determine exactly (by linear algebra).

    Each line is an equation; the published cells are constants. A hidden cell is
    determined when its unit vector lies in the row space of the equations over the
    hidden cells: in reduced row echelon form, a row with a single nonzero entry. The
    elimination is sparse and runs modulo a 61-bit prime (coefficients are 0 and ±1, so
    the rank is the rational rank unless the prime divides a minor: never at these sizes).

    >>> recoverable({"a"}, [Line("t", ("a", "b"))])
    {'a'}
    >>> sorted(recoverable({"a", "b"}, [Line("t", ("a", "b"))]))
    []
    """
    order = sorted(hidden, key=repr)
    index = {k: i for i, k in enumerate(order)}
    rows: list[dict[int, int]] = []
    get = index.get
    for line in lines:
        row: dict[int, int] = {}
        i = get(line.total)
        if i is not None:
            row[i] = _PRIME - 1
        for part in line.parts:
            j = get(part)
            if j is not None:
                row[j] = (row.get(j, 0) + 1) % _PRIME
        if row:
            if i is not None and not row[i]:  # the total is also a part of its own line
                del row[i]
            if row:
                rows.append(row)
    rows.sort(key=len)
    pivots: dict[int, dict[int, int]] = {}  # pivot column -> row with a 1 there, reduced
    holders: dict[int, set[int]] = {}  # column -> pivots whose rows hold it (sparse updates)
    for row in rows:
        for c in [c for c in row if c in pivots]:
            f = row.get(c, 0)
            if f:
                _axpy(row, f, pivots[c], None, holders)
        if not row:
            continue
        p = min(row)
        inv = pow(row[p], _PRIME - 2, _PRIME)
        row = {k: v * inv % _PRIME for k, v in row.items()}
        for q in list(holders.get(p, ())):
            other = pivots[q]
            _axpy(other, other[p], row, q, holders)
        pivots[p] = row
        for k in row:
            holders.setdefault(k, set()).add(p)
    return {order[p] for p, row in pivots.items() if len(row) == 1}


def _candidates(
    values: Mapping[Key, int],
    lines: Iterable[Line],
    unknown: set[Key],
    unpublished: Collection[Key],
    keep: Collection[Key] = (),
) -> list[tuple[bool, bool, int, int, str, Key]]:
    """Published, not yet hidden cells of ``lines`` in order of preference: nonzero,
    not in ``keep``, a part before a total, smallest."""
    out = []
    for line in lines:
        for k, kind in [*((p, 0) for p in line.parts), (line.total, 1)]:
            if k not in unknown and k not in unpublished and k in values:
                out.append((values[k] == 0, k in keep, kind, values[k], repr(k), k))
    return out


def suppress(
    values: Mapping[Key, int],
    lines: Sequence[Line],
    *,
    threshold: int = SMALL_CELL,
    force: Collection[Key] = (),
    unpublished: Collection[Key] = (),
    keep: Collection[Key] = (),
    not_counts: Collection[Key] = (),
) -> frozenset[Key]:
    """The keys to suppress: every small cell, the ``force``d ones and their complements.

    ``unpublished`` cells take part in the lines but are never shown (a complement such
    as "students not eligible"); when small they must stay unrecoverable like any other,
    and they are never chosen as complements, since hiding them protects nothing.
    ``keep`` cells (the headline totals) are chosen as complements only as a last resort.
    ``not_counts`` cells (sums of credit hours) are never small by their value: only
    ``force`` makes them sensitive.

    A published zero in a line whose total is hidden is hidden too: it would be an exact
    0% of a group whose size is not shown (and hiding more never makes a hidden cell
    recoverable).

    Primary suppression hides each count with ``0 < n < threshold``. Complementary
    suppression then repeats: while some hidden cell is determined by the published
    cells and the lines, hide the smallest nonzero published cell sharing a line with it
    (a part before a total; a zero only when nothing else is left).

    >>> lines = [Line("all", ("y", "n"))]
    >>> sorted(suppress({"all": 40, "y": 3, "n": 37}, lines))
    ['n', 'y']
    >>> sorted(suppress({"all": 40, "y": 0, "n": 40}, lines))
    []
    >>> sorted(suppress({"all": 40, "y": 38, "n": 2}, lines, unpublished={"n"}))
    ['n', 'y']
    """
    check_threshold(threshold)
    hidden_only = set(unpublished)
    skip = set(not_counts)
    sensitive = {k for k, v in values.items() if k not in skip and is_small(v, threshold)} | set(
        force
    )
    unknown = sensitive | hidden_only
    numbers: dict[Key, list[int]] = {}  # the lines a key is in, by their place in ``lines``
    for n, line in enumerate(lines):
        for key in (line.total, *line.parts):
            got = numbers.get(key)
            if got is None:
                numbers[key] = [n]
            else:
                got.append(n)
    while True:
        # The cheap pass first: a line whose only unknown is sensitive gives it away. Passes
        # over every line in order until nothing changes; only a line holding a sensitive
        # cell can do anything, so a pass visits just those, in the same order (a cell
        # made sensitive part way adds its later lines to the same pass).
        changed = True
        while changed:
            changed = False
            heap = sorted({n for k in sensitive for n in numbers.get(k, ())})
            seen = set(heap)
            while heap:
                n = heapq.heappop(heap)
                line = lines[n]
                members = [k for k in (line.total, *line.parts) if k in unknown]
                if len(members) == 1 and members[0] in sensitive:
                    found = _candidates(values, [line], unknown, hidden_only, keep)
                    if found:
                        pick = min(found)[5]
                        sensitive.add(pick)
                        unknown.add(pick)
                        changed = True
                        for later in numbers.get(pick, ()):
                            if later > n and later not in seen:
                                seen.add(later)
                                heapq.heappush(heap, later)
        # only the lines holding an unknown cell make equations over the unknowns
        holding = sorted({n for k in unknown for n in numbers.get(k, ())})
        exposed = recoverable(unknown, [lines[n] for n in holding]) & sensitive
        if not exposed:
            # a zero in the line of a hidden total is sensitive too (its 0%), and must stay
            # unrecoverable like the rest: another round with it
            zeros = _zeros_of_hidden(values, lines, unknown, hidden_only)
            if not zeros:
                return frozenset(sensitive)
            sensitive |= zeros
            unknown |= zeros
            continue
        key = min(exposed, key=repr)
        found = _candidates(
            values, [lines[n] for n in numbers.get(key, ())], unknown, hidden_only, keep
        )
        if not found:
            near = [ln for ln in lines if any(k in unknown for k in (ln.total, *ln.parts))]
            found = _candidates(values, near, unknown, hidden_only, keep)
        if not found:
            return frozenset(sensitive)
        pick = min(found)[5]
        sensitive.add(pick)
        unknown.add(pick)


def _zeros_of_hidden(
    values: Mapping[Key, int], lines: Sequence[Line], unknown: set[Key], unpublished: set[Key]
) -> set[Key]:
    """Published zeros that are parts of a line whose total is hidden."""
    return {
        p
        for ln in lines
        if ln.total in unknown
        for p in ln.parts
        if p not in unknown and p not in unpublished and values.get(p) == 0
    }


def show_rate(
    numerator: int | None,
    denominator: int | None,
    *,
    threshold: int = SMALL_CELL,
    small_group: int = 300,
    digits: int = 1,
) -> str:
    """A percentage fit to publish, or ``*`` when it cannot be.

    ``None`` stands for a suppressed count. No percentage on a suppressed numerator or a
    denominator under the threshold; a percentage at or below 5 or at or above 95 is
    shown as a range (``≤5%`` / ``≥95%``) for a group under ``small_group`` students,
    and an exact 0% or 100% is never shown.

    >>> show_rate(30, 60), show_rate(None, 60), show_rate(59, 60), show_rate(0, 2000)
    ('50.0%', '*', '≥95%', '≤5%')
    >>> show_rate(12, 400), show_rate(20, 8)
    ('3.0%', '*')
    """
    check_threshold(threshold)
    if numerator is None or denominator is None or denominator < threshold:
        return "*"
    pct = 100.0 * numerator / denominator
    if pct <= 5.0 and (denominator < small_group or numerator == 0):
        return "≤5%"
    if pct >= 95.0 and (denominator < small_group or numerator == denominator):
        return "≥95%"
    return f"{pct:.{digits}f}%"
