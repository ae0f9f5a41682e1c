"""Small-cell suppression for every aggregate shown or exported.

Student records are FERPA-protected: a count of fewer than ``threshold`` students
(default 10; never below 5) is shown as ``<10``, never as its value, and so is a zero
only when it could single anyone out (zeros are shown). When one part of a partition
(on track / off track) is suppressed, its complement is suppressed too (shown ``*``),
so that the suppressed value cannot be recovered from the total.

>>> show_count(7)
'<10'
>>> show_count(0), show_count(12)
('0', '12')
>>> suppress_partition([12, 3], total=15)
['*', '<10']
"""

from __future__ import annotations

from collections.abc import Sequence

SMALL_CELL = 10
MIN_THRESHOLD = 5


def check_threshold(threshold: int) -> int:
    if threshold < MIN_THRESHOLD:
        raise ValueError(f"the small-cell threshold may not be below {MIN_THRESHOLD}")
    return threshold


def is_small(n: int, threshold: int = SMALL_CELL) -> bool:
    return 0 < n < check_threshold(threshold)


def show_count(n: int, threshold: int = SMALL_CELL) -> str:
    return f"<{threshold}" if is_small(n, threshold) else str(n)


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
        shown[candidates[0]] = f"<{threshold}" if parts[candidates[0]] < threshold else "*"
    if is_small(total, threshold):
        return [f"<{threshold}" if p else "0" for p in parts]
    return shown
